// SQL for the activity quotas (kehu report activity): the facts each quota counts over a span of days, read
// through the visits_time and customers_created indexes; the counting itself is core/quotas.ts's. A visit's
// visited_at is a wall-clock date-time, so a span's last day ends at `${to}T99:99` in text order.

import { daysBetween } from '../core/dates.js';
import type { VisitFact } from '../core/quotas.js';
import { cachedStatement, type Db, listValues } from './db.js';

/** A change in the derived status history. */
export interface StatusChangeRow {
  customer_id: number;
  date: string;
  seq: number;
  from_status: string | null;
}

/** A customer credited to a person on a day. */
export interface CustomerFactRow {
  person: string | null;
  day: string;
  customer_id: number;
}

export interface OrderFactRow {
  person: string | null;
  day: string;
  customer_id: number;
  amount_fen: number;
  first_order: string;
}

/** The customer's create entry in the audit log (its snapshot holds the owner it was entered with). */
const CREATE_ENTRY = `(SELECT min(z.id) FROM audit_log z WHERE z.customer_id = cu.id AND z.entity = 'customer' AND z.action = 'create')`;

/**
 * The owner of customer `cu` at the end of a day, from the audit log: the last owner change (edit or
 * reassign) dated on or before it; else the owner it was entered with (its create entry); else what the first
 * later change changed from; else, for a file with no entries for it, its current owner.
 */
function ownerOn(day: string): string {
  const change = (cmp: string, order: string): string =>
    `(SELECT y.id FROM audit_log y WHERE y.customer_id = cu.id AND y.entity = 'customer' AND y.field = 'owner' AND (y.action = 'edit' OR y.action = 'reassign') AND y.date ${cmp} ${day} ORDER BY y.date ${order}, y.id ${order} LIMIT 1)`;
  return `CASE
    WHEN ${change('<=', 'DESC')} IS NOT NULL THEN (SELECT new_value FROM audit_log WHERE id = ${change('<=', 'DESC')})
    WHEN ${CREATE_ENTRY} IS NOT NULL THEN (SELECT CASE WHEN json_valid(new_value) THEN json_extract(new_value, '$.owner') END FROM audit_log WHERE id = ${CREATE_ENTRY})
    WHEN ${change('>', 'ASC')} IS NOT NULL THEN (SELECT old_value FROM audit_log WHERE id = ${change('>', 'ASC')})
    ELSE cu.owner END`;
}

/** The owner a customer was entered with: its create entry's, else (a file without one) its current owner. */
const OWNER_AT_ENTRY = `CASE WHEN ${CREATE_ENTRY} IS NOT NULL THEN (SELECT CASE WHEN json_valid(new_value) THEN json_extract(new_value, '$.owner') END FROM audit_log WHERE id = ${CREATE_ENTRY}) ELSE cu.owner END`;

/**
 * The persons' visits between two days (inclusive; voided visits are elsewhere) in time order, each with its
 * customer's current status, as rows (arrays: tens of thousands of them) in the shape core/quotas.ts counts:
 * one pass over the covering index visits_time. The status comes from a rowid look-up per visit for a short
 * span; for a longer one (a month: some 100,000 visits) from one pass over the customers' covering index
 * instead, which costs less than a look-up per visit (0.37 s → 0.28 s at 1,000,000 visits).
 */
export function visitFacts(db: Db, from: string, to: string, persons: readonly string[]): VisitFact[] {
  const params = { from, last: `${to}T99:99`, persons: JSON.stringify(persons) };
  const where = `v.visited_at >= @from AND v.visited_at <= @last AND v.handler IN (${listValues(db, '@persons')}) ORDER BY v.visited_at`;
  if (daysBetween(from, to) < 7) {
    return cachedStatement(db, `SELECT v.handler, substr(v.visited_at, 1, 10), v.customer_id, v.method, c.status FROM visits v JOIN customers c ON c.id = v.customer_id WHERE ${where}`)
      .raw()
      .all(params) as VisitFact[];
  }
  const rows = cachedStatement(db, `SELECT v.handler, substr(v.visited_at, 1, 10), v.customer_id, v.method FROM visits v WHERE ${where}`).raw().all(params) as unknown[][];
  const status: string[] = [];
  for (const [id, s] of cachedStatement(db, 'SELECT id, status FROM customers').raw().iterate() as IterableIterator<[number, string]>) status[id] = s;
  for (const r of rows) r.push(status[r[2] as number]);
  return rows as unknown as VisitFact[];
}

/** Every status change dated after a day, by customer in date and sequence order (status_history_date). */
export function statusChangesAfter(db: Db, day: string): StatusChangeRow[] {
  return cachedStatement(db, 'SELECT customer_id, date, seq, from_status FROM status_history WHERE date > ? ORDER BY customer_id, date, seq').all(day) as StatusChangeRow[];
}

/** Customers entered between two days, each with the owner it was entered with. */
export function recordFacts(db: Db, from: string, to: string): CustomerFactRow[] {
  return cachedStatement(db, `SELECT ${OWNER_AT_ENTRY} AS person, cu.created_on AS day, cu.id AS customer_id FROM customers cu WHERE cu.created_on >= @from AND cu.created_on <= @to ORDER BY day`).all({
    from,
    to,
  }) as CustomerFactRow[];
}

/**
 * The visits between two days that first put their customer at `stage` or later (no earlier visit of the
 * customer gave such a stage), credited to their handler: the first visits kept per stage (schema 9).
 */
export function intentFacts(db: Db, from: string, to: string, stage: number, persons: readonly string[]): CustomerFactRow[] {
  return cachedStatement(
    db,
    `SELECT handler AS person, substr(visited_at, 1, 10) AS day, customer_id FROM stage_first
     WHERE stage = @stage AND visited_at >= @from AND visited_at <= @last AND handler IN (${listValues(db, '@persons')})
     ORDER BY day`,
  ).all({ from, last: `${to}T99:99`, stage, persons: JSON.stringify(persons) }) as CustomerFactRow[];
}

/**
 * The orders between two days, per customer and day, of customers whose first order ever came on or after
 * `firstSince` (older customers cannot be new in the span), with that first order and the owner on the day
 * (the first orders of the span are among them: firstSince is never after the span's start).
 */
export function newCustomerOrderFacts(db: Db, from: string, to: string, firstSince: string): OrderFactRow[] {
  return cachedStatement(
    db,
    `WITH o AS (
       SELECT customer_id, date AS day, sum(amount_fen) AS amount_fen FROM orders WHERE date >= @from AND date <= @to GROUP BY customer_id, date),
     f AS (
       SELECT customer_id, (SELECT min(x.date) FROM orders x WHERE x.customer_id = c.customer_id) AS first_order FROM (SELECT DISTINCT customer_id FROM o) c)
     SELECT (SELECT ${ownerOn('o.day')} FROM customers cu WHERE cu.id = o.customer_id) AS person, o.day, o.customer_id, o.amount_fen, f.first_order
     FROM o JOIN f ON f.customer_id = o.customer_id WHERE f.first_order >= @firstSince ORDER BY o.day`,
  ).all({ from, to, firstSince }) as OrderFactRow[];
}
