// SQL for the monthly churn report (SPEC 2.6): statuses at a date from the history, revenue windows, salvage plans.

import { addMonths } from '../core/dates.js';
import { type Db, isPostgres, limitOf, orderedJoin } from './db.js';

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
// SQLite: `+customer_id` groups after reading the date range, never by scanning the whole history in customer
// order, and from_status comes from the row holding the min (SQLite's bare column). PostgreSQL says the same
// with DISTINCT ON.
function changedSince(db: Db): string {
  return isPostgres(db)
    ? `SELECT DISTINCT ON (customer_id) customer_id, from_status FROM status_history WHERE date >= @before ORDER BY customer_id, date, id`
    : `SELECT customer_id, from_status, min(date || '#' || printf('%012d', id)) AS k
       FROM status_history WHERE date >= @before GROUP BY +customer_id`;
}

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

/**
 * A listed customer's fields, its code and grade as they were on a day (`at`, an SQL expression): the
 * code that day from the code history, so that a past month's report shows the codes it had then
 * whenever it runs. The grade is the code's first letter.
 */
function customerCols(at: string): string {
  const code = `coalesce((SELECT h.code FROM code_history h WHERE h.customer_id = c.id AND h.valid_from <= ${at} ORDER BY h.valid_from DESC LIMIT 1), c.code)`;
  return `c.id, ${code} AS code, c.name, '' AS grade, c.province, c.city, c.country, c.type, c.owner`;
}

/** The grade is the first letter of the code of the day (filled in here: SQL would look the code up twice). */
function withGrades<T extends { code: string; grade: string }>(rows: T[]): T[] {
  for (const r of rows) r.grade = r.code.slice(0, 1);
  return rows;
}

/**
 * How many customers were cooperating at the start of a month, and their order revenue over the
 * whole months from `revenueFrom` to `before` (both first days of months). Counted without visiting
 * each customer: today's cooperating customers, corrected by the few whose status changed since.
 * The revenue is the window's total (order_months) less that of the customers outside the base who
 * ordered in it: the lost ones from lost_order_months (both kept by triggers), the rest — potential
 * or invalid customers with orders, and customers whose status changed since — by their own orders.
 */
export function cooperatingSummary(db: Db, before: string, revenueFrom: string): { count: number; revenue_fen: number } {
  if (!before.endsWith('-01') || !revenueFrom.endsWith('-01') || revenueFrom >= before) {
    throw new Error(`cooperatingSummary takes the first days of two months in order, not ${revenueFrom} and ${before}`);
  }
  const now = db.prepare("SELECT count(*) FROM customers WHERE status = 'a'").pluck().get() as number;
  const months = { from: revenueFrom.slice(0, 7), before: before.slice(0, 7) };
  const window = db.prepare('SELECT coalesce(sum(amount_fen), 0) FROM order_months WHERE month >= @from AND month < @before').pluck().get(months) as number;
  // Customers lost before `before` and still lost: under their lost month (a customer without a lost date under '').
  const lost = db
    .prepare('SELECT coalesce(sum(amount_fen), 0) FROM lost_order_months WHERE lost_month < @before AND order_month >= @from AND order_month < @before')
    .pluck()
    .get(months) as number;
  // The customers changed since (x: read once, in id order), for the count's correction and the revenue
  // of those outside the base not counted above; with them, potential or invalid customers with orders.
  // CROSS JOIN keeps the order: each customer's orders by index, never the whole window of orders.
  // `ORDER BY +id` sorts the few ids; with a plain `id` SQLite walks the whole customers table instead.
  const [fix, others] = db
    .prepare(
      `WITH ch AS MATERIALIZED (${changedSince(db)}),
            x AS MATERIALIZED (SELECT ch.customer_id AS id, ch.from_status, c.status, c.lost_date FROM ch ${orderedJoin(db)} customers c ON c.id = ch.customer_id),
            adj AS MATERIALIZED (SELECT id, sign FROM (
              SELECT c.id, 1 AS sign FROM customers c
                WHERE c.status IN ('b', 'd') AND c.last_order_date >= @from AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
              UNION ALL
              SELECT id, 1 FROM x WHERE coalesce(from_status, '') <> 'a'
              UNION ALL
              -- Counted in lost_order_months, but changed since: the arm above decides by their status then.
              SELECT id, -1 FROM x WHERE status = 'c' AND coalesce(lost_date, '') < @before) AS u
            ORDER BY +id)
       SELECT (SELECT count(*) FILTER (WHERE from_status = 'a') - count(*) FILTER (WHERE status = 'a') FROM x),
              (SELECT coalesce(sum(a.sign * o.amount_fen), 0) FROM adj a ${orderedJoin(db)} orders o ON o.customer_id = a.id AND o.date >= @from AND o.date < @before)`,
    )
    .raw()
    .get({ before, from: revenueFrom }) as [number, number];
  return { count: now + fix, revenue_fen: window - lost - others };
}

/** An at-risk customer before its row is read: enough to rank it and date its loss. */
export interface IdleCandidate {
  id: number;
  since: string;
  last_order_date: string | null;
  revenue_fen: number;
}

/**
 * Customers cooperating at the start of `before` whose last order (or, when later or without one,
 * their cooperation start) is on or before `cutoff`, with their revenue in [from, before): how many,
 * their revenue in all, and the `top` of them by revenue (with every tie of the last; all when top
 * is 0). Reads one covering index and each one's orders; counted, summed and ranked here, so only
 * the listed rows come out (30,000 rows cost better-sqlite3 60-80 ms to hand over).
 */
export function cooperatingIdleSince(db: Db, before: string, revenueFrom: string, cutoff: string, top: number): { count: number; revenue_fen: number; top: IdleCandidate[] } {
  const rows = db
    .prepare(
      `WITH ch AS MATERIALIZED (${changedSince(db)}),
            at AS MATERIALIZED (SELECT * FROM (
                   -- Two index ranges, not an OR: SQLite would read every table row behind an OR of ranges.
                   SELECT c.id, c.cooperating_since AS since, c.last_order_date FROM customers c
                     WHERE c.status = 'a' AND c.last_order_date <= @cutoff AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
                   UNION ALL
                   SELECT c.id, c.cooperating_since, NULL FROM customers c
                     WHERE c.status = 'a' AND c.last_order_date IS NULL AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
                   UNION ALL
                   -- Ordered again since: idle then if nothing came between the cutoff and the month's end
                   -- (the report reads the facts up to its month, never today's last order). The order
                   -- before the last (customers_previous) says it, but for a customer that ordered twice
                   -- since, which needs a seek.
                   SELECT c.id, c.cooperating_since, c.previous_order_date FROM customers c
                     WHERE c.status = 'a' AND c.previous_order_date <= @cutoff AND c.last_order_date >= @before AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
                   UNION ALL
                   SELECT c.id, c.cooperating_since, NULL FROM customers c
                     WHERE c.status = 'a' AND c.previous_order_date IS NULL AND c.last_order_date >= @before AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
                   UNION ALL
                   SELECT c.id, c.cooperating_since, (SELECT max(o.date) FROM orders o WHERE o.customer_id = c.id AND o.date < @before) FROM customers c
                     WHERE c.status = 'a' AND c.previous_order_date >= @before AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
                   UNION ALL
                   SELECT customer_id,
                          (SELECT max(h.date) FROM status_history h WHERE h.customer_id = ch.customer_id AND h.to_status = 'a' AND h.date < @before),
                          (SELECT max(o.date) FROM orders o WHERE o.customer_id = ch.customer_id AND o.date < @before)
                     FROM ch WHERE from_status = 'a') AS u ORDER BY id),
            -- Materialized: each revenue window summed once, not once per use below.
            idle AS MATERIALIZED (
              SELECT id, since, last_order_date,
                     (SELECT coalesce(sum(o.amount_fen), 0) FROM orders o WHERE o.customer_id = at.id AND o.date >= @from AND o.date < @before) AS revenue_fen
              FROM at WHERE (CASE WHEN last_order_date > since THEN last_order_date ELSE since END) <= @cutoff),
            ranked AS (SELECT count(*) OVER () AS n, sum(revenue_fen) OVER () AS total, rank() OVER (ORDER BY revenue_fen DESC) AS place, * FROM idle)
       SELECT n, total, id, since, last_order_date, revenue_fen FROM ranked WHERE place <= @top
       UNION ALL SELECT 0, 0, NULL, NULL, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM idle)`,
    )
    .raw()
    .all({ before, from: revenueFrom, cutoff, top: top > 0 ? top : Number.MAX_SAFE_INTEGER }) as [number, number, number | null, string, string | null, number][];
  const first = rows[0]!;
  return {
    count: first[0],
    revenue_fen: first[1],
    top: first[2] === null ? [] : rows.map(([, , id, since, last_order_date, revenue_fen]) => ({ id: id!, since, last_order_date, revenue_fen })),
  };
}

/** The report's fields of the given customers on a day, in the given order (revenue and last order filled in by the caller). */
export function churnCustomers(db: Db, ids: number[], at: string): ChurnCustomerRow[] {
  const stmt = db.prepare(`SELECT ${customerCols('@at')}, 0 AS revenue_fen, NULL AS last_order_date FROM customers c WHERE c.id = @id`);
  return withGrades(ids.map((id) => stmt.get({ id, at }) as ChurnCustomerRow));
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
  const rows = db
    .prepare(
      `WITH t AS MATERIALIZED (
         SELECT customer_id, date, from_status, to_status, reason_category, reason, code FROM status_history
         WHERE date >= @from AND date <= @to AND from_status = @fs AND to_status = @ts ORDER BY customer_id)
       SELECT c.id, t.code, c.name, '' AS grade, c.province, c.city, c.country, c.type, c.owner, t.date, t.from_status, t.to_status, t.reason_category, t.reason,
              coalesce((SELECT sum(amount_fen) FROM orders o WHERE o.customer_id = c.id AND o.date >= @rf AND o.date < @rb), 0) AS revenue_fen,
              CASE WHEN c.last_order_date IS NULL OR c.last_order_date <= t.date THEN c.last_order_date
                   ELSE (SELECT max(date) FROM orders o WHERE o.customer_id = c.id AND o.date <= t.date) END AS last_order_date
       FROM t ${orderedJoin(db)} customers c ON c.id = t.customer_id
       ORDER BY t.date, c.region, c.serial`,
    )
    .all({ from, to, fs: fromStatus, ts: toStatus, rf: revenueFrom, rb: revenueBefore }) as TransitionRow[];
  return withGrades(rows);
}

/** Per month (YYYY-MM) in [from, to]: customers entering cooperation, leaving it, and lost (a → c). */
export function monthlyTransitionCounts(db: Db, from: string, to: string): { month: string; entered: number; left: number; lost: number }[] {
  // Grouped by day, the index's own order, and summed to months here: grouping by substr(date, 1, 7)
  // makes SQLite sort every change of the year first (0.1 s for 90,000 changes).
  const days = db
    .prepare(
      `SELECT date,
              count(*) FILTER (WHERE to_status = 'a' AND from_status IS DISTINCT FROM 'a') AS entered,
              count(*) FILTER (WHERE from_status = 'a' AND to_status <> 'a') AS "left",
              count(*) FILTER (WHERE from_status = 'a' AND to_status = 'c') AS lost
       FROM status_history WHERE date >= ? AND date <= ? GROUP BY date ORDER BY date`,
    )
    .raw()
    .all(from, to) as [string, number, number, number][];
  const months: { month: string; entered: number; left: number; lost: number }[] = [];
  for (const [date, entered, left, lost] of days) {
    const month = date.slice(0, 7);
    let m = months[months.length - 1];
    if (m?.month !== month) months.push((m = { month, entered: 0, left: 0, lost: 0 }));
    m.entered += entered;
    m.left += left;
    m.lost += lost;
  }
  return months;
}

/**
 * Customers lost (status c at the start of `before`, lost on or after `lostFrom`) with no salvage plan
 * dated before `before`, latest loss first, then in code order: how many, and the first `limit` of
 * them (all when limit is 0) with their revenue in the 12 months before the loss. Only ids and dates
 * are read for the count (a covering index); customer rows only for those shown.
 */
export function lostWithoutSalvage(db: Db, before: string, lostFrom: string, limit: number): { count: number; customers: (ChurnCustomerRow & { lost_date: string })[] } {
  // Two arms: customers lost now and unchanged since `before` (a covering partial index), and the few
  // changed since, whose status then comes from the history. Counted and listed by separate
  // statements: a count over the listing would make SQLite sort every row before the LIMIT.
  const unchanged = `SELECT c.id, c.lost_date, c.region, c.serial FROM customers c
       WHERE c.status = 'c' AND c.lost_date >= @lostFrom AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM salvage_plans p WHERE p.customer_id = c.id AND p.date < @before)`;
  const changed = `SELECT * FROM (
         SELECT c.id, (SELECT max(h.date) FROM status_history h WHERE h.customer_id = c.id AND h.to_status = 'c' AND h.date < @before) AS lost_date, c.region, c.serial
         FROM ch JOIN customers c ON c.id = ch.customer_id WHERE ch.from_status = 'c') x
       WHERE x.lost_date >= @lostFrom AND NOT EXISTS (SELECT 1 FROM salvage_plans p WHERE p.customer_id = x.id AND p.date < @before)`;
  // Counted without probing each of the tens of thousands lost: all lost since lostFrom (the partial
  // index alone), less those changed since and those with a plan, plus the changed arm.
  const count = db
    .prepare(
      `WITH ch AS MATERIALIZED (${changedSince(db)})
       SELECT (SELECT count(*) FROM customers WHERE status = 'c' AND lost_date >= @lostFrom)
            - (SELECT count(*) FROM ch ${orderedJoin(db)} customers c ON c.id = ch.customer_id WHERE c.status = 'c' AND c.lost_date >= @lostFrom)
            - (SELECT count(*) FROM (SELECT DISTINCT customer_id AS id FROM salvage_plans WHERE date < @before) p ${orderedJoin(db)} customers c ON c.id = p.id
               WHERE c.status = 'c' AND c.lost_date >= @lostFrom AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id))
            + (SELECT count(*) FROM (${changed}) AS u)`,
    )
    .pluck()
    .get({ before, lostFrom }) as number;
  // The first arm is cut to `limit` by its index (lost_date) and a small sort of the ties; a limit of 0 lists them all.
  const ids = db
    .prepare(
      `WITH ch AS MATERIALIZED (${changedSince(db)})
       SELECT id, lost_date FROM (
         SELECT * FROM (${unchanged} ORDER BY c.lost_date DESC, c.region, c.serial LIMIT @limit) AS u
         UNION ALL ${changed}) AS w
       ORDER BY lost_date DESC, region, serial LIMIT @limit`,
    )
    .raw()
    .all({ before, lostFrom, limit: limitOf(limit) }) as [number, string][];
  const detail = db.prepare(
    `SELECT ${customerCols('@lost')}, ${LAST_ORDER_BEFORE} AS last_order_date,
            (SELECT coalesce(sum(o.amount_fen), 0) FROM orders o WHERE o.customer_id = c.id AND o.date >= @from AND o.date < @lost) AS revenue_fen
     FROM customers c WHERE c.id = @id`,
  );
  return {
    count,
    customers: withGrades(ids.map(([id, lost]) => ({ ...(detail.get({ id, lost, from: addMonths(lost, -12), before }) as ChurnCustomerRow), lost_date: lost }))),
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
