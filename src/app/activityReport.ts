// kehu report activity: each person's figures against the seeds' quotas (seed 002 §3.2, §6.2; seed 004) for a
// day, an ISO week or a month — also the manager's end-of-day spot check (§3.4). Counted from the facts
// (visits and their handlers, customers entered, orders, the derived status history), so the same facts give
// the same figures whenever it runs.

import { parseDate, parseMonth, parseWeek } from '../core/dates.js';
import type { Role } from '../core/enums.js';
import { InvalidValue, UnknownUser } from '../core/errors.js';
import { fenToYuan } from '../core/money.js';
import {
  contactFactsOf,
  dayPeriod,
  emptyFacts,
  factSpan,
  firstOrderHorizon,
  isAmountQuota,
  judgeQuota,
  monthPeriod,
  type Period,
  type PersonFacts,
  type QuotaConfig,
  type QuotaId,
  type QuotaPer,
  type QuotaStatus,
  quotasFor,
  type StatusChange,
  weekPeriod,
} from '../core/quotas.js';
import * as store from '../store/quotas.js';
import * as users from '../store/users.js';
import { type AppContext, today, zoneOf } from './context.js';
import { loadQuotas } from './quotas.js';

export interface ActivityUnit {
  unit: string;
  from: string;
  to: string;
  count: number;
  status: QuotaStatus;
}

export interface ActivityLine {
  quota: string;
  label_zh: string;
  label_en: string;
  section: string;
  per: QuotaPer;
  /** customers, or yuan for the order total (count, min and max then in yuan). */
  measure: 'customers' | 'yuan';
  period: string;
  from: string;
  to: string;
  count: number;
  min: number;
  max: number | null;
  units_met: number;
  units: number;
  units_open: number;
  status: QuotaStatus;
  detail: ActivityUnit[];
}

export interface ActivityPerson {
  user: string;
  roles: Role[];
  met: number;
  not_met: number;
  open: number;
  quotas: ActivityLine[];
}

export interface ActivityReport {
  period: { kind: Period['kind']; label: string; from: string; to: string };
  as_of: string;
  quotas_file: string;
  work_days: number[];
  people: ActivityPerson[];
}

export interface ActivityInput {
  day?: string | undefined;
  week?: string | undefined;
  month?: string | undefined;
  by?: string | undefined;
  asOf?: string | undefined;
  /** A quota file instead of the shipped data/quotas.json. */
  quotas?: string | undefined;
  /** The rules already read (the CLI reads them before opening the database). */
  config?: QuotaConfig | undefined;
}

/** The period asked for: one of --day, --week, --month, or the as-of day. */
export function activityPeriod(input: Pick<ActivityInput, 'day' | 'week' | 'month'>, asOf: string, zone: string): Period {
  const given = (['day', 'week', 'month'] as const).filter((k) => input[k] !== undefined);
  if (given.length > 1) {
    const second = given[1]!;
    throw new InvalidValue(`--${second}`, input[second]!, undefined, { zh: `--day、--week、--month 只能给一个（已给出 --${given[0]}）`, en: `only one of --day, --week or --month (--${given[0]} is given too)` });
  }
  const period =
    input.week !== undefined ? weekPeriod(parseWeek(input.week, '--week')) : input.month !== undefined ? monthPeriod(parseMonth(input.month, '--month')) : dayPeriod(input.day === undefined ? asOf : parseDate(input.day, '--day', zone));
  // Like the follow-up list and the catalogue: a period that starts after the as-of day has nothing to count yet.
  if (period.from > asOf) {
    const option = given[0] ?? 'day';
    throw new InvalidValue(`--${option}`, input[option]!, undefined, { zh: `不晚于 --as-of（${asOf}）`, en: `not after --as-of (${asOf})` });
  }
  return period;
}

function byPerson<T extends { person: string | null }>(rows: readonly T[], add: (facts: PersonFacts, row: T) => void, facts: Map<string, PersonFacts>): void {
  for (const r of rows) {
    if (r.person === null) continue;
    const f = facts.get(r.person);
    if (f) add(f, r);
  }
}

/**
 * The report: every active user holding a role some quota applies to (or the one --by names), each quota that
 * applies to them judged for the period as of the as-of day (default today).
 */
export function activityReport(ctx: AppContext, input: ActivityInput): ActivityReport {
  const zone = zoneOf(ctx);
  const now = today(ctx);
  const asOf = input.asOf === undefined ? now : parseDate(input.asOf, '--as-of', zone);
  if (asOf > now) throw new InvalidValue('--as-of', input.asOf!, undefined, { zh: `不晚于今天（${now}）`, en: `not after today (${now})` });
  const period = activityPeriod(input, asOf, zone);
  const config = input.config ?? loadQuotas(input.quotas);

  let people: users.UserRow[];
  if (input.by !== undefined) {
    const u = users.userByName(ctx.db, input.by.trim());
    if (!u) throw new UnknownUser(input.by.trim());
    people = [u];
  } else {
    // Someone who left after the period began still answers for it.
    people = users.listUsers(ctx.db).filter((u) => quotasFor(config, u.roles).length > 0 && (u.deactivated_on === null || u.deactivated_on > period.from));
  }
  const names = people.map((u) => u.name);
  const facts = new Map<string, PersonFacts>(names.map((n) => [n, emptyFacts()]));
  const wanted = [...new Set(people.flatMap((u) => quotasFor(config, u.roles).map((q) => q.id)))];
  const spanOf = (...ids: QuotaId[]): { from: string; to: string } | null => factSpan(period, config, asOf, ids.filter((id) => wanted.includes(id)));

  const contacts = spanOf('remote-contacts', 'potential-visits', 'potential-onsite-visits', 'new-customer-visits');
  if (contacts) {
    const changes = new Map<number, StatusChange[]>();
    for (const c of store.statusChangesAfter(ctx.db, contacts.from)) {
      const list = changes.get(c.customer_id);
      const change = { date: c.date, seq: c.seq, from: c.from_status };
      if (list) list.push(change);
      else changes.set(c.customer_id, [change]);
    }
    for (const [person, list] of contactFactsOf(store.visitFacts(ctx.db, contacts.from, contacts.to, names), changes)) {
      const f = facts.get(person);
      if (f) f.contacts = list;
    }
  }
  const records = spanOf('new-customer-records');
  if (records) byPerson(store.recordFacts(ctx.db, records.from, records.to), (f, r) => f.records.push({ day: r.day, customerId: r.customer_id }), facts);
  const intents = spanOf('intent-customers');
  if (intents) byPerson(store.intentFacts(ctx.db, intents.from, intents.to, config.intentStage, names), (f, r) => f.intents.push({ day: r.day, customerId: r.customer_id }), facts);
  const orders = spanOf('new-customers', 'new-customer-orders');
  if (orders) {
    // One read serves both: a customer's first order is among its orders of the span when it falls in it.
    byPerson(
      store.newCustomerOrderFacts(ctx.db, orders.from, orders.to, firstOrderHorizon(orders.from, config)),
      (f, r) => {
        f.orders.push({ day: r.day, customerId: r.customer_id, amountFen: r.amount_fen, firstOrder: r.first_order });
        if (r.day === r.first_order) f.firstOrders.push({ day: r.day, customerId: r.customer_id });
      },
      facts,
    );
  }

  const out: ActivityPerson[] = people.map((u) => {
    const mine = facts.get(u.name) ?? emptyFacts();
    const lines: ActivityLine[] = [];
    for (const q of quotasFor(config, u.roles)) {
      const line = judgeQuota(q, mine, period, asOf, config);
      if (line === null) continue;
      const money = isAmountQuota(q.id);
      const figure = (n: number): number => (money ? fenToYuan(n) : n);
      lines.push({
        quota: q.id,
        label_zh: q.zh,
        label_en: q.en,
        section: q.section,
        per: q.per,
        measure: money ? 'yuan' : 'customers',
        period: line.period,
        from: line.from,
        to: line.to,
        count: figure(line.count),
        min: figure(q.min),
        max: q.max === null ? null : figure(q.max),
        units_met: line.unitsMet,
        units: line.units,
        units_open: line.unitsOpen,
        status: line.status,
        detail: line.detail.map((d) => ({ unit: d.label, from: d.from, to: d.to, count: figure(d.count), status: d.status })),
      });
    }
    const tally = (s: QuotaStatus): number => lines.filter((l) => l.status === s).length;
    return { user: u.name, roles: u.roles, met: tally('met'), not_met: tally('not_met'), open: tally('open'), quotas: lines };
  });
  return {
    period: { kind: period.kind, label: period.label, from: period.from, to: period.to },
    as_of: asOf,
    quotas_file: input.quotas ?? 'data/quotas.json',
    work_days: config.workDays,
    people: out,
  };
}
