// kehu report potential-vip (潜在VIP客户开发进度表, §7.2.3): potential VIPs at the start and end of a month,
// who became one and who stopped being one, by owner and development stage, from the derived histories.

import { addDays, monthEnd, monthOf, monthStart, parseMonth, previousMonth } from '../core/dates.js';
import { InvalidValue } from '../core/errors.js';
import * as store from '../store/grades.js';
import { type AppContext, today } from './context.js';

export interface PotentialVipGroup {
  start: number;
  end: number;
  added: number;
  lost: number;
}

export interface PotentialVipCustomer {
  code: string;
  name: string;
  owner: string | null;
  stage: number | null;
}

export interface PotentialVipReport {
  month: string;
  start_date: string;
  end_date: string;
  start_count: number;
  end_count: number;
  added_count: number;
  lost_count: number;
  by_owner: (PotentialVipGroup & { owner: string | null })[];
  by_stage: (PotentialVipGroup & { stage: number | null })[];
  added: PotentialVipCustomer[];
  lost: PotentialVipCustomer[];
  customers: PotentialVipCustomer[];
}

/** Replays a history to the value it had at the end of a day; before the first change, its from value. */
function valueAt<V>(events: readonly { from: V | null; to: V; date: string }[] | undefined, date: string, current: V): V {
  if (!events?.length) return current;
  let v: V | undefined;
  for (const e of events) if (e.date <= date) v = e.to;
  if (v !== undefined) return v;
  return events[0]!.from ?? current;
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K, out: Map<K, T[]> = new Map()): Map<K, T[]> {
  for (const i of items) {
    const k = key(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

/**
 * How many potential VIP customers (A, status b) there were at the start and end of a month, who
 * became one and who stopped being one, by owner and development stage. The state at a date is
 * replayed from grade_history and status_history; a customer exists from its created_on.
 */
export function potentialVipReport(ctx: AppContext, input: { month?: string | undefined }): PotentialVipReport {
  const current = monthOf(today(ctx));
  const month = input.month === undefined ? previousMonth(current) : parseMonth(input.month);
  if (month > current) throw new InvalidValue('--month', input.month!, undefined, { zh: `不晚于本月（${current}）`, en: `not after this month (${current})` });
  const startDate = monthStart(month);
  const dayBefore = addDays(startDate, -1);
  const endDate = monthEnd(month);
  const facts = store.customersCreatedBy(ctx.db, endDate);
  const grades = groupBy(store.allGradeHistory(ctx.db).map((g) => ({ id: g.customer_id, from: g.from_grade, to: g.to_grade, date: g.date })), (g) => g.id);
  const statuses = groupBy(store.allStatusHistory(ctx.db).map((s) => ({ id: s.customer_id, from: s.from_status, to: s.to_status, date: s.date })), (s) => s.id);
  const stages = groupBy(store.allVisitStages(ctx.db), (v) => v.customer_id);
  const isPvip = (f: store.HistoryFacts, date: string): boolean =>
    f.created_on <= date && valueAt(grades.get(f.id), date, f.grade) === 'A' && valueAt(statuses.get(f.id), date, f.status) === 'b';
  const stageAt = (f: store.HistoryFacts, date: string): number | null => {
    const visits = stages.get(f.id);
    if (!visits?.length) return f.stage;
    let s: number | null = null;
    for (const v of visits) if (v.visited_at.slice(0, 10) <= date) s = v.stage;
    return s;
  };
  const view = (f: store.HistoryFacts, date: string): PotentialVipCustomer => ({ code: f.code, name: f.name, owner: f.owner, stage: stageAt(f, date) });
  const atStart = facts.filter((f) => isPvip(f, dayBefore));
  const atEnd = facts.filter((f) => isPvip(f, endDate));
  const startIds = new Set(atStart.map((f) => f.id));
  const endIds = new Set(atEnd.map((f) => f.id));
  const added = atEnd.filter((f) => !startIds.has(f.id));
  const lost = atStart.filter((f) => !endIds.has(f.id));
  const tally = <K>(key: (f: store.HistoryFacts, date: string) => K): Map<K, PotentialVipGroup> => {
    const groups = new Map<K, PotentialVipGroup>();
    const bump = (f: store.HistoryFacts, date: string, field: keyof PotentialVipGroup): void => {
      const k = key(f, date);
      const g = groups.get(k) ?? { start: 0, end: 0, added: 0, lost: 0 };
      g[field]++;
      groups.set(k, g);
    };
    for (const f of atStart) bump(f, dayBefore, 'start');
    for (const f of atEnd) bump(f, endDate, 'end');
    for (const f of added) bump(f, endDate, 'added');
    for (const f of lost) bump(f, dayBefore, 'lost');
    return groups;
  };
  const nullsLast = <K extends string | number>(a: K | null, b: K | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  return {
    month,
    start_date: startDate,
    end_date: endDate,
    start_count: atStart.length,
    end_count: atEnd.length,
    added_count: added.length,
    lost_count: lost.length,
    by_owner: [...tally((f) => f.owner)].map(([owner, g]) => ({ owner, ...g })).sort((a, b) => nullsLast(a.owner, b.owner)),
    by_stage: [...tally(stageAt)].map(([stage, g]) => ({ stage, ...g })).sort((a, b) => nullsLast(a.stage, b.stage)),
    added: added.map((f) => view(f, endDate)),
    lost: lost.map((f) => view(f, dayBefore)),
    customers: atEnd.map((f) => view(f, endDate)),
  };
}
