// The seeds' activity quotas (seed 002 §3.2, §6.2; seed 004 一–三; SPEC 2.9): the quota file's rules, how each
// quota counts a person's facts over a span of days, and how a report period is judged against them.
// Pure: the facts come in as plain rows, the as-of day as a parameter.

import { addDays, addMonths, isoWeekday, isoWeekOf, monthEnd, monthOf, quarterEnd, quarterOf, quarterStart, weekEnd, weekStart } from './dates.js';
import { matchEnum, type Role, ROLES } from './enums.js';
import { InvalidQuotas } from './errors.js';

/** The unit a quota is set for. */
export type QuotaPer = 'day' | 'week' | 'month' | 'quarter';
export const QUOTA_PERS: readonly QuotaPer[] = ['day', 'week', 'month', 'quarter'];

/**
 * What each quota counts; the id names the rule, so a quota file may set the target, unit and roles of each
 * but not invent a count kehu does not know:
 * - remote-contacts (§3.2): distinct customers contacted by a remote method (phone, email, fax, letter,
 *   wechat, video) that were valid (not d) on the day of the contact;
 * - potential-visits (§6.2): distinct customers contacted by any method that were potential (b) that day;
 * - potential-onsite-visits (§6.2 面访): the same, onsite only;
 * - new-customer-visits (004 二): distinct potential customers visited onsite, credited per day;
 * - new-customer-records (004 一): customers entered whose owner at entry was the person;
 * - intent-customers (004 三): customers whose development stage first reached the intent stage, credited
 *   to the handler of that visit;
 * - new-customers (004 三): customers whose first order ever came, credited to the owner on that day;
 * - new-customer-orders (004 三 新客户贷款回笼): the order total of customers still new on the order's day
 *   (first order within new_customer_months before it), credited to the owner on that day; in yuan.
 */
export const QUOTA_IDS = [
  'remote-contacts',
  'potential-visits',
  'potential-onsite-visits',
  'new-customer-visits',
  'new-customer-records',
  'intent-customers',
  'new-customers',
  'new-customer-orders',
] as const;
export type QuotaId = (typeof QUOTA_IDS)[number];

/** The methods that are remote communication (电话或电子邮件等远程沟通方式, §3.2): not onsite, not other. */
export const REMOTE_METHODS: readonly string[] = ['phone', 'email', 'fax', 'letter', 'wechat', 'video'];

export interface Quota {
  id: QuotaId;
  per: QuotaPer;
  /** The least a unit needs: a count, or fen for the order total. */
  min: number;
  /** The top of a range (3–5 new records a week): shown, not judged; null when none. */
  max: number | null;
  roles: Role[];
  section: string;
  zh: string;
  en: string;
}

export interface QuotaConfig {
  /** ISO weekdays (1 Monday … 7 Sunday) on which daily quotas count. */
  workDays: number[];
  /** The development stage (1–5) from which a potential customer is an intent customer (意向客户). */
  intentStage: number;
  /** How many months after its first order a customer is still new (新客户). */
  newCustomerMonths: number;
  quotas: Quota[];
}

/** Whether the quota counts money (yuan in files and output, fen inside). */
export function isAmountQuota(id: QuotaId): boolean {
  return id === 'new-customer-orders';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const TOP_KEYS = new Set(['work_days', 'intent_stage', 'new_customer_months', 'quotas', 'name', 'description']);
const QUOTA_KEYS = new Set(['id', 'per', 'min', 'max', 'roles', 'section', 'zh', 'en']);

/** A yuan figure of a quota file (at most two decimals, not negative) in fen; undefined when it is not one. */
function yuanToFen(v: number): number | undefined {
  if (!Number.isFinite(v) || v < 0) return undefined;
  const fen = Math.round(v * 100);
  return Math.abs(fen - v * 100) < 1e-6 ? fen : undefined;
}

/**
 * Checks a parsed quota file and returns its rules. Each problem names the file (`source`), the entry
 * (`quotas[3] remote-contacts`, `work_days`) and what is wrong; the CLI words the fix.
 */
export function validateQuotaConfig(raw: unknown, source: string): QuotaConfig {
  const bad = (entry: string, problem: string, value?: unknown): never => {
    throw new InvalidQuotas(source, entry, problem, value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
  };
  if (!isRecord(raw)) return bad('(file)', 'not_object');
  for (const k of Object.keys(raw)) if (!TOP_KEYS.has(k)) bad(k, 'unknown_key', k);

  const workDays = raw.work_days === undefined ? [1, 2, 3, 4, 5] : raw.work_days;
  if (!Array.isArray(workDays) || workDays.length === 0 || workDays.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 7) || new Set(workDays).size !== workDays.length) {
    bad('work_days', 'bad_work_days', raw.work_days);
  }
  const intentStage = raw.intent_stage === undefined ? 3 : raw.intent_stage;
  if (typeof intentStage !== 'number' || !Number.isInteger(intentStage) || intentStage < 1 || intentStage > 5) bad('intent_stage', 'bad_intent_stage', raw.intent_stage);
  const months = raw.new_customer_months === undefined ? 12 : raw.new_customer_months;
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 120) bad('new_customer_months', 'bad_new_customer_months', raw.new_customer_months);

  if (!Array.isArray(raw.quotas)) return bad('quotas', 'no_quotas');
  const quotas: Quota[] = [];
  const seen = new Set<string>();
  for (const [i, q] of (raw.quotas as unknown[]).entries()) {
    let entry = `quotas[${i + 1}]`;
    if (!isRecord(q)) return bad(entry, 'not_object');
    if (typeof q.id !== 'string' || !(QUOTA_IDS as readonly string[]).includes(q.id)) return bad(entry, 'unknown_id', q.id);
    const id = q.id as QuotaId;
    entry = `${entry} ${id}`;
    if (seen.has(id)) bad(entry, 'duplicate_id', id);
    seen.add(id);
    for (const k of Object.keys(q)) if (!QUOTA_KEYS.has(k)) bad(entry, 'unknown_key', k);
    if (typeof q.per !== 'string' || !(QUOTA_PERS as readonly string[]).includes(q.per)) bad(entry, 'unknown_period', q.per);
    const amount = isAmountQuota(id);
    const count = (v: unknown): number | undefined => {
      if (typeof v !== 'number') return undefined;
      if (amount) return yuanToFen(v);
      return Number.isInteger(v) && v >= 0 ? v : undefined;
    };
    const min = count(q.min);
    if (min === undefined) bad(entry, amount ? 'bad_min_amount' : 'bad_min', q.min);
    let max: number | null = null;
    if (q.max !== undefined && q.max !== null) {
      const m = count(q.max);
      if (m === undefined) bad(entry, amount ? 'bad_min_amount' : 'bad_min', q.max);
      if (m! < min!) bad(entry, 'max_below_min', q.max);
      max = m!;
    }
    if (!Array.isArray(q.roles) || q.roles.length === 0) return bad(entry, 'no_roles', q.roles);
    const roles: Role[] = [];
    for (const r of q.roles as unknown[]) {
      const role = typeof r === 'string' ? matchEnum(ROLES, r) : undefined;
      if (role === undefined) return bad(entry, 'unknown_role', r);
      if (!roles.includes(role)) roles.push(role);
    }
    const text = (k: 'zh' | 'en' | 'section'): string => {
      const v = q[k];
      if (typeof v !== 'string' || v.trim() === '') return bad(entry, 'missing_label', k);
      return v.trim();
    };
    quotas.push({ id, per: q.per as QuotaPer, min: min!, max, roles, section: text('section'), zh: text('zh'), en: text('en') });
  }
  return { workDays: [...(workDays as number[])].sort(), intentStage: intentStage as number, newCustomerMonths: months as number, quotas };
}

// ───────────── the facts counted ─────────────

/** A person's contacts of one customer on one day: whether any was remote or onsite, and the customer's status at the end of that day (null: not yet entered). */
export interface ContactFact {
  day: string;
  customerId: number;
  remote: boolean;
  onsite: boolean;
  status: string | null;
}

/** One visit as read (a row of a covering index, kept as a tuple): who handled it, the day, the customer, the method and the customer's current status. */
export type VisitFact = readonly [person: string, day: string, customerId: number, method: string, current: string];

/** A change in a customer's derived status history, enough to replay its status back from the current one. */
export interface StatusChange {
  date: string;
  seq: number;
  from: string | null;
}

/**
 * A customer's status at the end of a day: what the first change after that day changed from (null when that
 * change is its creation), or its current status when nothing changed after it. `changes` holds the changes
 * after some earlier day, in date and sequence order.
 */
export function statusOn(changes: readonly StatusChange[] | undefined, current: string, day: string): string | null {
  if (changes) for (const c of changes) if (c.date > day) return c.from;
  return current;
}

/**
 * Each person's contacts per customer and day from the visits (in time order, as visitFacts reads them): a customer contacted several
 * times in a day is one fact, remote if any contact was remote, onsite if any was onsite, with its status at
 * the end of that day.
 */
export function contactFactsOf(visits: readonly VisitFact[], changes: ReadonlyMap<number, readonly StatusChange[]>): Map<string, ContactFact[]> {
  const out = new Map<string, ContactFact[]>();
  // Visits come in time order, so each person's facts of the current day are all that must be remembered.
  const today = new Map<string, { day: string; byCustomer: Map<number, ContactFact> }>();
  for (const [person, date, customerId, method, current] of visits) {
    const remote = REMOTE_METHODS.includes(method);
    const onsite = method === 'onsite';
    let day = today.get(person);
    if (day === undefined || day.day !== date) today.set(person, (day = { day: date, byCustomer: new Map() }));
    const known = day.byCustomer.get(customerId);
    if (known) {
      known.remote ||= remote;
      known.onsite ||= onsite;
      continue;
    }
    const fact: ContactFact = { day: date, customerId, remote, onsite, status: statusOn(changes.get(customerId), current, date) };
    day.byCustomer.set(customerId, fact);
    const list = out.get(person);
    if (list) list.push(fact);
    else out.set(person, [fact]);
  }
  return out;
}

/** A customer credited to a person on a day (a record entered, an intent reached, a first order). */
export interface CustomerFact {
  day: string;
  customerId: number;
}

/** An order of a customer credited to a person, with the customer's first order ever. */
export interface OrderFact {
  day: string;
  customerId: number;
  amountFen: number;
  firstOrder: string;
}

/** Everything one person is credited with, each list sorted by day. */
export interface PersonFacts {
  contacts: ContactFact[];
  records: CustomerFact[];
  intents: CustomerFact[];
  firstOrders: CustomerFact[];
  orders: OrderFact[];
}

export function emptyFacts(): PersonFacts {
  return { contacts: [], records: [], intents: [], firstOrders: [], orders: [] };
}

/** The first index of a day-sorted list whose day is on or after `day`. */
function lowerBound(list: readonly { day: string }[], day: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function between<T extends { day: string }>(list: readonly T[], from: string, to: string): T[] {
  return list.slice(lowerBound(list, from), lowerBound(list, addDays(to, 1)));
}

function distinct(list: readonly { customerId: number }[]): number {
  return new Set(list.map((f) => f.customerId)).size;
}

/** Whether a customer still counts as new on a day: its first order was less than `months` months before. */
export function isNewCustomerOn(firstOrder: string, day: string, months: number): boolean {
  return day >= firstOrder && day < addMonths(firstOrder, months);
}

/**
 * What a quota counts for a person from one day to another (inclusive): distinct customers, or the order total
 * in fen. A customer counts once in a span however often it was contacted.
 */
export function quotaCount(id: QuotaId, facts: PersonFacts, from: string, to: string, config: Pick<QuotaConfig, 'newCustomerMonths'>): number {
  switch (id) {
    case 'remote-contacts':
      return distinct(between(facts.contacts, from, to).filter((c) => c.remote && c.status !== null && c.status !== 'd'));
    case 'potential-visits':
      return distinct(between(facts.contacts, from, to).filter((c) => c.status === 'b'));
    case 'potential-onsite-visits':
    case 'new-customer-visits':
      return distinct(between(facts.contacts, from, to).filter((c) => c.onsite && c.status === 'b'));
    case 'new-customer-records':
      return distinct(between(facts.records, from, to));
    case 'intent-customers':
      return distinct(between(facts.intents, from, to));
    case 'new-customers':
      return distinct(between(facts.firstOrders, from, to));
    case 'new-customer-orders':
      return between(facts.orders, from, to)
        .filter((o) => isNewCustomerOn(o.firstOrder, o.day, config.newCustomerMonths))
        .reduce((sum, o) => sum + o.amountFen, 0);
  }
}

// ───────────── periods, units and judging ─────────────

export type PeriodKind = 'day' | 'week' | 'month';

/** A report period: a day, an ISO week or a month, with its first and last day. */
export interface Period {
  kind: PeriodKind;
  /** `2026-11-23`, `2026-W48`, `2026-11`. */
  label: string;
  from: string;
  to: string;
}

export function dayPeriod(day: string): Period {
  return { kind: 'day', label: day, from: day, to: day };
}

export function weekPeriod(week: string): Period {
  return { kind: 'week', label: week, from: weekStart(week), to: weekEnd(week) };
}

export function monthPeriod(month: string): Period {
  return { kind: 'month', label: month, from: `${month}-01`, to: monthEnd(month) };
}

const RANK: Record<QuotaPer, number> = { day: 0, week: 1, month: 2, quarter: 3 };

/** A span a quota is judged on: one day, week, month or quarter. */
export interface QuotaUnit {
  label: string;
  from: string;
  to: string;
}

/** The unit of a kind that holds a day. */
export function unitOf(per: QuotaPer, day: string): QuotaUnit {
  switch (per) {
    case 'day':
      return { label: day, from: day, to: day };
    case 'week': {
      const w = isoWeekOf(day);
      return { label: w, from: weekStart(w), to: weekEnd(w) };
    }
    case 'month': {
      const m = monthOf(day);
      return { label: m, from: `${m}-01`, to: monthEnd(m) };
    }
    case 'quarter': {
      const q = quarterOf(day);
      return { label: q, from: quarterStart(q), to: quarterEnd(q) };
    }
  }
}

/**
 * The units a quota is judged on inside a period no shorter than its unit: each work day for a daily quota,
 * each ISO week whose Monday is in the period for a weekly one, each month that starts in it for a monthly one.
 */
export function unitsIn(per: QuotaPer, period: Period, workDays: readonly number[]): QuotaUnit[] {
  // The same units for every person of a report: worked out once.
  const key = `${per} ${period.from} ${period.to} ${workDays.join()}`;
  const known = UNITS.get(key);
  if (known) return known;
  const out: QuotaUnit[] = [];
  for (let d = period.from; d <= period.to; d = addDays(d, 1)) {
    const u = unitOf(per, d);
    if (u.from !== d) continue;
    if (per === 'day' && !workDays.includes(isoWeekday(d))) continue;
    out.push(u);
  }
  if (UNITS.size > 100) UNITS.clear();
  UNITS.set(key, out);
  return out;
}

const UNITS = new Map<string, QuotaUnit[]>();

export type QuotaStatus = 'met' | 'not_met' | 'open';

/** Met once the least is reached; otherwise not met when the unit is over by the as-of day, else still open. */
export function judge(count: number, min: number, unitEnd: string, asOf: string): QuotaStatus {
  if (count >= min) return 'met';
  return unitEnd <= asOf ? 'not_met' : 'open';
}

export interface UnitResult extends QuotaUnit {
  count: number;
  status: QuotaStatus;
}

export interface QuotaLine {
  quota: Quota;
  /** The span the figure is for: the report period, or (a quota longer than the period) the unit holding it. */
  period: string;
  from: string;
  /** The last day counted: never after the as-of day. */
  to: string;
  count: number;
  unitsMet: number;
  units: number;
  unitsOpen: number;
  status: QuotaStatus;
  /** Each unit judged (one for a quota as long as the period or longer). */
  detail: UnitResult[];
}

/**
 * Judges one quota for one person over a report period. A quota no longer than the period is judged per unit
 * inside it (count = the units' total, met = every unit met, units after the as-of day open); a longer one is
 * shown for the unit holding the period's last day, counted from its start to the as-of day (to date): met,
 * open while the unit is not over, not met once it is.
 * Returns null when the period holds no unit (a daily quota on a day that is not a work day).
 */
export function judgeQuota(quota: Quota, facts: PersonFacts, period: Period, asOf: string, config: QuotaConfig): QuotaLine | null {
  const count = (from: string, to: string): number => (from > to ? 0 : quotaCount(quota.id, facts, from, to, config));
  const through = (end: string): string => (end < asOf ? end : asOf);
  if (RANK[quota.per] <= RANK[period.kind]) {
    const units = unitsIn(quota.per, period, config.workDays);
    if (units.length === 0) return null;
    const detail = units.map((u) => {
      const c = count(u.from, through(u.to));
      return { ...u, count: c, status: judge(c, quota.min, u.to, asOf) };
    });
    const met = detail.filter((u) => u.status === 'met').length;
    const open = detail.filter((u) => u.status === 'open').length;
    const status: QuotaStatus = met === detail.length ? 'met' : detail.length - met - open > 0 ? 'not_met' : 'open';
    const first = units[0]!.from;
    const last = units[units.length - 1]!.to;
    return { quota, period: period.label, from: first, to: through(last), count: detail.reduce((s, u) => s + u.count, 0), unitsMet: met, units: detail.length, unitsOpen: open, status, detail };
  }
  const unit = unitOf(quota.per, period.to);
  const to = through(unit.to);
  const c = count(unit.from, to);
  const status = judge(c, quota.min, unit.to, asOf);
  return {
    quota,
    period: unit.label,
    from: unit.from,
    to,
    count: c,
    unitsMet: status === 'met' ? 1 : 0,
    units: 1,
    unitsOpen: status === 'open' ? 1 : 0,
    status,
    detail: [{ ...unit, count: c, status }],
  };
}

/**
 * The days whose facts some quotas need: from the earliest unit start to the latest unit end, never past the
 * as-of day; null when none of them is judged in the period.
 */
export function factSpan(period: Period, config: QuotaConfig, asOf: string, ids: readonly QuotaId[]): { from: string; to: string } | null {
  let from: string | null = null;
  let to: string | null = null;
  for (const q of config.quotas) {
    if (!ids.includes(q.id)) continue;
    const units = RANK[q.per] <= RANK[period.kind] ? unitsIn(q.per, period, config.workDays) : [unitOf(q.per, period.to)];
    for (const u of units) {
      if (from === null || u.from < from) from = u.from;
      if (to === null || u.to > to) to = u.to;
    }
  }
  if (from === null || to === null) return null;
  const last = to < asOf ? to : asOf;
  return from <= last ? { from, to: last } : null;
}

/** How far back first orders must be read so that every order in a span can be told new or not. */
export function firstOrderHorizon(from: string, config: Pick<QuotaConfig, 'newCustomerMonths'>): string {
  return addMonths(from, -config.newCustomerMonths);
}

/** The quotas that apply to a holder of these roles. */
export function quotasFor(config: QuotaConfig, roles: readonly string[]): Quota[] {
  return config.quotas.filter((q) => q.roles.some((r) => roles.includes(r)));
}

