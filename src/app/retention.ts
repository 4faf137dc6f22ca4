// kehu report retention (客户档案的保管期限, seed 002 §8.9): the lost and invalid customers whose business was
// settled more than three years before a day, whose records may now be purged (kehu purge).

import { addMonths, parseDate } from '../core/dates.js';
import type { Status } from '../core/enums.js';
import { InvalidValue } from '../core/errors.js';
import { isPastRetention, purgeableFrom, RETENTION_MONTHS, settlementDay } from '../core/retention.js';
import { holdingPersonalData, settledCustomers } from '../store/retention.js';
import { type AppContext, today, zoneOf } from './context.js';

export interface RetentionCustomer {
  /** Internal id, for the purge that follows; not in the report's output. */
  id: number;
  code: string;
  name: string;
  status: Status;
  /** 最后结清之日: the latest of last order, the day it became lost or invalid, and last visit. */
  settled_on: string;
  last_order: string | null;
  /** The day it became lost or invalid (its latest status change). */
  status_since: string | null;
  last_visit: string | null;
  /** The first day it may be purged: the day after the three years from settled_on. */
  purge_due_since: string;
  owner: string | null;
  /** Whether its contacts, or its log's contact entries, still hold personal data. */
  personal_data: boolean;
}

export interface RetentionReport {
  as_of: string;
  retention_months: number;
  count: number;
  customers: RetentionCustomer[];
}

/** The as-of day: today, or an earlier day (as every report's --as-of; a purge is never ahead of its time). */
export function asOfDay(ctx: AppContext, input: string | undefined): string {
  const now = today(ctx);
  if (input === undefined) return now;
  const d = parseDate(input, '--as-of', zoneOf(ctx));
  if (d > now) throw new InvalidValue('--as-of', input, undefined, { zh: `不晚于今天（${now}）`, en: `not after today (${now})` });
  return d;
}

/** The customers past retention on a day, in code order (region, then serial). Reads only. */
export function retentionCustomers(ctx: AppContext, asOf: string): RetentionCustomer[] {
  // A customer whose last order is within 35 months of the day cannot be past three years since settlement.
  const rows = settledCustomers(ctx.db, addMonths(asOf, -(RETENTION_MONTHS - 1)));
  const due: RetentionCustomer[] = [];
  for (const r of rows) {
    const facts = { status: r.status, lastOrder: r.last_order_date, statusSince: r.status_since, lastVisit: r.last_visit };
    if (!isPastRetention(facts, asOf)) continue;
    const settled = settlementDay(facts)!;
    due.push({
      id: r.id, code: r.code, name: r.name, status: r.status, settled_on: settled, last_order: r.last_order_date, status_since: r.status_since,
      last_visit: r.last_visit, purge_due_since: purgeableFrom(settled), owner: r.owner, personal_data: false,
    });
  }
  const held = holdingPersonalData(ctx.db, due.map((c) => c.id));
  for (const c of due) c.personal_data = held.has(c.id);
  return due;
}

export function retentionReport(ctx: AppContext, input: { asOf?: string | undefined }): RetentionReport {
  const asOf = asOfDay(ctx, input.asOf);
  const customers = ctx.db.transaction(() => retentionCustomers(ctx, asOf))();
  return { as_of: asOf, retention_months: RETENTION_MONTHS, count: customers.length, customers };
}
