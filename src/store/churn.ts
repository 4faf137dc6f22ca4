// SQL for the monthly churn report (SPEC 2.6): statuses at a date from the history, revenue windows, salvage plans.

import { addMonths } from '../core/dates.js';
import type { Db } from './db.js';

/*
 * Per-customer lookups (orders, rows) go in customer id order wherever there are thousands of them:
 * consecutive seeks then land on the same or the next index page, about twice as fast on a
 * 1,000,000-customer file as the same seeks in date order.
 */

/**
 * Status at the start of a day is today's status for every customer with no change since; for
 * the few that changed, it is the from_status of their first change on or after that day. Both
 * halves use an index, so a recent month reads little more than the changes since.
 */
// `+customer_id`: group after reading the date range, never by scanning the whole history in customer order.
const CHANGED_SINCE = `SELECT customer_id, from_status, min(date || '#' || printf('%012d', id)) AS k
                       FROM status_history WHERE date >= @before GROUP BY +customer_id`;

/** The last order before `before`: the kept last_order_date unless an order came on or after it. */
const LAST_ORDER_BEFORE = `CASE WHEN c.last_order_date IS NULL OR c.last_order_date < @before THEN c.last_order_date
                               ELSE (SELECT max(o.date) FROM orders o WHERE o.customer_id = c.id AND o.date < @before) END`;

export interface ChurnCustomerRow {
  id: number;
  code: string;
  name: string;
  grade: string;
  province: string | null;
  city: string | null;
  country: string;
  type: string | null;
  owner: string | null;
  revenue_fen: number;
  last_order_date: string | null;
}

const CUSTOMER_COLS = 'c.id, c.code, c.name, c.grade, c.province, c.city, c.country, c.type, c.owner';

/**
 * How many customers were cooperating at the start of a day, and their order revenue in [from, before).
 * Counted without visiting each customer: today's cooperating customers, corrected by the few whose
 * status changed since; revenue is the whole window's (a covering index range) less that of the
 * customers outside the base who ordered in it (lost, won back later, …).
 */
export function cooperatingSummary(db: Db, before: string, revenueFrom: string): { count: number; revenue_fen: number } {
  // Separate statements: SQLite would materialise the changed-set once per scalar subquery. CROSS JOIN
  // keeps the order: each outside customer's orders by index, never the whole window of orders.
  const now = (db.prepare("SELECT count(*) AS n FROM customers WHERE status = 'a'").get() as { n: number }).n;
  const fix = db
    .prepare(
      `WITH ch AS MATERIALIZED (${CHANGED_SINCE})
       SELECT coalesce(sum(ch.from_status = 'a'), 0) - coalesce(sum(c.status = 'a'), 0) AS d FROM ch JOIN customers c ON c.id = ch.customer_id`,
    )
    .get({ before }) as { d: number };
  if (revenueFrom >= before) return { count: now + fix.d, revenue_fen: 0 };
  // Whole months are summed from the monthly totals the order triggers keep.
  const window = (
    revenueFrom.endsWith('-01') && before.endsWith('-01')
      ? db.prepare('SELECT coalesce(sum(amount_fen), 0) AS s FROM order_months WHERE month >= substr(@from, 1, 7) AND month < substr(@before, 1, 7)')
      : db.prepare('SELECT coalesce(sum(amount_fen), 0) AS s FROM orders WHERE date >= @from AND date < @before')
  ).get({ from: revenueFrom, before }) as { s: number };
  const outside = db
    .prepare(
      `WITH ch AS MATERIALIZED (${CHANGED_SINCE}),
            outside AS MATERIALIZED (SELECT id FROM (
              SELECT c.id FROM customers c
                WHERE c.status IN ('b', 'c', 'd') AND c.last_order_date >= @from AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
              UNION ALL SELECT customer_id FROM ch WHERE coalesce(from_status, '') <> 'a') ORDER BY id)
       SELECT coalesce(sum(o.amount_fen), 0) AS s FROM outside x CROSS JOIN orders o ON o.customer_id = x.id AND o.date >= @from AND o.date < @before`,
    )
    .get({ before, from: revenueFrom }) as { s: number };
  return { count: now + fix.d, revenue_fen: window.s - outside.s };
}

/** An at-risk candidate before its customer row is read: enough to decide and to rank. */
export interface IdleCandidate {
  id: number;
  since: string;
  last_order_date: string | null;
  revenue_fen: number;
}

/**
 * Customers cooperating at the start of `before` whose last order (or cooperation start) is on or
 * before `cutoff`, with their revenue in [from, before): the at-risk candidates. Reads one covering
 * index and each candidate's orders; customer rows are read later, only for those listed.
 */
export function cooperatingIdleSince(db: Db, before: string, revenueFrom: string, cutoff: string): IdleCandidate[] {
  const rows = db
    .prepare(
      `WITH ch AS MATERIALIZED (${CHANGED_SINCE}),
            at AS MATERIALIZED (SELECT * FROM (
                   -- Two index ranges, not an OR: SQLite would read every table row behind an OR of ranges.
                   SELECT c.id, c.cooperating_since AS since, c.last_order_date FROM customers c
                     WHERE c.status = 'a' AND c.last_order_date <= @cutoff AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
                   UNION ALL
                   SELECT c.id, c.cooperating_since, NULL FROM customers c
                     WHERE c.status = 'a' AND c.last_order_date IS NULL AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
                   UNION ALL
                   SELECT customer_id,
                          (SELECT max(h.date) FROM status_history h WHERE h.customer_id = ch.customer_id AND h.to_status = 'a' AND h.date < @before),
                          (SELECT max(o.date) FROM orders o WHERE o.customer_id = ch.customer_id AND o.date < @before)
                     FROM ch WHERE from_status = 'a') ORDER BY id)
       SELECT id, since, last_order_date,
              (SELECT coalesce(sum(o.amount_fen), 0) FROM orders o WHERE o.customer_id = at.id AND o.date >= @from AND o.date < @before) AS revenue_fen
       FROM at`,
    )
    .all({ before, from: revenueFrom, cutoff }) as IdleCandidate[];
  // Filtered here, not in an outer WHERE: SQLite would evaluate the correlated columns twice.
  return rows.filter((r) => (r.last_order_date !== null && r.last_order_date > r.since ? r.last_order_date : r.since) <= cutoff);
}

/** The report's fields of the given customers, in the given order (revenue and last order filled in by the caller). */
export function churnCustomers(db: Db, ids: number[]): ChurnCustomerRow[] {
  const stmt = db.prepare(`SELECT ${CUSTOMER_COLS}, 0 AS revenue_fen, NULL AS last_order_date FROM customers c WHERE c.id = ?`);
  return ids.map((id) => stmt.get(id) as ChurnCustomerRow);
}

export interface TransitionRow extends ChurnCustomerRow {
  date: string;
  from_status: string | null;
  to_status: string;
  reason_category: string | null;
  reason: string | null;
}

/** Status changes dated in [from, to] between two given statuses, with the customer and its revenue in [revenueFrom, revenueBefore). */
export function transitionsBetween(db: Db, from: string, to: string, fromStatus: string, toStatus: string, revenueFrom: string, revenueBefore: string): TransitionRow[] {
  return db
    .prepare(
      `WITH t AS MATERIALIZED (
         SELECT customer_id, date, from_status, to_status, reason_category, reason FROM status_history
         WHERE date >= @from AND date <= @to AND from_status = @fs AND to_status = @ts ORDER BY customer_id)
       SELECT ${CUSTOMER_COLS}, t.date, t.from_status, t.to_status, t.reason_category, t.reason,
              coalesce((SELECT sum(amount_fen) FROM orders o WHERE o.customer_id = c.id AND o.date >= @rf AND o.date < @rb), 0) AS revenue_fen,
              CASE WHEN c.last_order_date IS NULL OR c.last_order_date <= t.date THEN c.last_order_date
                   ELSE (SELECT max(date) FROM orders o WHERE o.customer_id = c.id AND o.date <= t.date) END AS last_order_date
       FROM t CROSS JOIN customers c ON c.id = t.customer_id
       ORDER BY t.date, c.region, c.serial`,
    )
    .all({ from, to, fs: fromStatus, ts: toStatus, rf: revenueFrom, rb: revenueBefore }) as TransitionRow[];
}

/** Per month (YYYY-MM) in [from, to]: customers entering cooperation, leaving it, and lost (a → c). */
export function monthlyTransitionCounts(db: Db, from: string, to: string): { month: string; entered: number; left: number; lost: number }[] {
  return db
    .prepare(
      `SELECT substr(date, 1, 7) AS month,
              sum(to_status = 'a' AND coalesce(from_status, '') <> 'a') AS entered,
              sum(from_status = 'a' AND to_status <> 'a') AS left,
              sum(from_status = 'a' AND to_status = 'c') AS lost
       FROM status_history WHERE date >= ? AND date <= ? GROUP BY 1 ORDER BY 1`,
    )
    .all(from, to) as { month: string; entered: number; left: number; lost: number }[];
}

/**
 * Customers lost (status c at the start of `before`, lost on or after `lostFrom`) with no salvage plan
 * dated before `before`, latest loss first, then in code order: how many, and the first `limit` of
 * them (all when limit is 0) with their revenue in the 12 months before the loss. Only ids and dates
 * are read for the count (a covering index); customer rows only for those shown.
 */
export function lostWithoutSalvage(db: Db, before: string, lostFrom: string, limit: number): { count: number; customers: (ChurnCustomerRow & { lost_date: string })[] } {
  const ids = db
    .prepare(
      `WITH ch AS MATERIALIZED (${CHANGED_SINCE}),
            cand AS (
              SELECT c.id, c.lost_date, c.region, c.serial FROM customers c
                WHERE c.status = 'c' AND c.lost_date >= @lostFrom AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
              UNION ALL
              SELECT c.id, (SELECT max(h.date) FROM status_history h WHERE h.customer_id = c.id AND h.to_status = 'c' AND h.date < @before), c.region, c.serial
                FROM ch JOIN customers c ON c.id = ch.customer_id WHERE ch.from_status = 'c')
       SELECT count(*) OVER () AS n, id, lost_date FROM cand
       WHERE lost_date >= @lostFrom AND NOT EXISTS (SELECT 1 FROM salvage_plans p WHERE p.customer_id = cand.id AND p.date < @before)
       ORDER BY lost_date DESC, region, serial ${limit > 0 ? 'LIMIT @limit' : ''}`,
    )
    .raw()
    .all(limit > 0 ? { before, lostFrom, limit } : { before, lostFrom }) as [number, number, string][];
  const detail = db.prepare(
    `SELECT ${CUSTOMER_COLS}, ${LAST_ORDER_BEFORE} AS last_order_date,
            (SELECT coalesce(sum(o.amount_fen), 0) FROM orders o WHERE o.customer_id = c.id AND o.date >= @from AND o.date < @lost) AS revenue_fen
     FROM customers c WHERE c.id = @id`,
  );
  return {
    count: ids[0]?.[0] ?? 0,
    customers: ids.map(([, id, lost]) => ({ ...(detail.get({ id, lost, from: addMonths(lost, -12), before }) as ChurnCustomerRow), lost_date: lost })),
  };
}

export interface SalvagePlanRow {
  id: number;
  plan: string;
  author: string;
  date: string;
  recorded_at: string;
}

export function insertSalvagePlan(db: Db, p: Omit<SalvagePlanRow, 'id'> & { customer_id: number }): number {
  return Number(
    db.prepare('INSERT INTO salvage_plans(customer_id, plan, author, date, recorded_at) VALUES (@customer_id, @plan, @author, @date, @recorded_at)').run(p).lastInsertRowid,
  );
}

export function salvagePlansOf(db: Db, customerId: number): SalvagePlanRow[] {
  return db.prepare('SELECT id, plan, author, date, recorded_at FROM salvage_plans WHERE customer_id = ? ORDER BY date, id').all(customerId) as SalvagePlanRow[];
}
