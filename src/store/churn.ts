// SQL for the monthly churn report (SPEC 2.6): statuses at a date from the history, revenue windows, salvage plans.

import type { Db } from './db.js';

/** Status of every customer as of the end of a day before `before` (its latest history row dated earlier). */
function statusAsOfSql(): string {
  // SQLite takes bare columns from the row holding max(): the latest change, ties broken by id.
  return `SELECT customer_id, to_status, max(date || '#' || printf('%012d', id)) AS k
          FROM status_history WHERE date < @before GROUP BY customer_id`;
}

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

/** Customers cooperating at the start of a day, with their order revenue in [from, before). */
export function cooperatingAt(db: Db, before: string, revenueFrom: string): (ChurnCustomerRow & { since: string })[] {
  return db
    .prepare(
      `WITH st AS (${statusAsOfSql()})
       SELECT ${CUSTOMER_COLS}, substr(st.k, 1, 10) AS since,
              coalesce((SELECT sum(amount_fen) FROM orders o WHERE o.customer_id = c.id AND o.date >= @from AND o.date < @before), 0) AS revenue_fen,
              (SELECT max(date) FROM orders o WHERE o.customer_id = c.id AND o.date < @before) AS last_order_date
       FROM st JOIN customers c ON c.id = st.customer_id
       WHERE st.to_status = 'a'`,
    )
    .all({ before, from: revenueFrom }) as (ChurnCustomerRow & { since: string })[];
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
      `SELECT ${CUSTOMER_COLS}, h.date, h.from_status, h.to_status, h.reason_category, h.reason,
              coalesce((SELECT sum(amount_fen) FROM orders o WHERE o.customer_id = c.id AND o.date >= @rf AND o.date < @rb), 0) AS revenue_fen,
              (SELECT max(date) FROM orders o WHERE o.customer_id = c.id AND o.date <= h.date) AS last_order_date
       FROM status_history h JOIN customers c ON c.id = h.customer_id
       WHERE h.date >= @from AND h.date <= @to AND h.from_status = @fs AND h.to_status = @ts
       ORDER BY h.date, c.region, c.serial`,
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

export function countCooperatingAt(db: Db, before: string): number {
  return (db.prepare(`WITH st AS (${statusAsOfSql()}) SELECT count(*) AS n FROM st WHERE to_status = 'a'`).get({ before }) as { n: number }).n;
}

/** Customers lost (status c) at the start of `before`, lost on or after `lostFrom`, with no salvage plan dated before `before`. */
export function lostWithoutSalvage(db: Db, before: string, lostFrom: string): (ChurnCustomerRow & { lost_date: string })[] {
  return db
    .prepare(
      `WITH st AS (${statusAsOfSql()})
       SELECT ${CUSTOMER_COLS}, substr(st.k, 1, 10) AS lost_date, 0 AS revenue_fen,
              (SELECT max(date) FROM orders o WHERE o.customer_id = c.id AND o.date < @before) AS last_order_date
       FROM st JOIN customers c ON c.id = st.customer_id
       WHERE st.to_status = 'c' AND substr(st.k, 1, 10) >= @lostFrom
         AND NOT EXISTS (SELECT 1 FROM salvage_plans p WHERE p.customer_id = c.id AND p.date < @before)
       ORDER BY lost_date DESC, c.region, c.serial`,
    )
    .all({ before, lostFrom }) as (ChurnCustomerRow & { lost_date: string })[];
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
