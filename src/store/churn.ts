// SQL for the monthly churn report (SPEC 2.6): statuses at a date from the history, revenue windows, salvage plans.

import type { Db } from './db.js';

/**
 * Status at the start of a day is today's status for every customer with no change since; for
 * the few that changed, it is the from_status of their first change on or after that day. Both
 * halves use an index, so a recent month reads little more than the changes since.
 */
const CHANGED_SINCE = `SELECT customer_id, from_status, min(date || '#' || printf('%012d', id)) AS k
                       FROM status_history WHERE date >= @before GROUP BY customer_id`;


/** The date the customer's status at `before` began: the latest change into it before that day. */
function statusSinceSql(status: 'a' | 'c', rowColumn: string): string {
  return `CASE WHEN at.changed = 0 THEN ${rowColumn}
               ELSE (SELECT max(h.date) FROM status_history h WHERE h.customer_id = c.id AND h.to_status = '${status}' AND h.date < @before) END`;
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

const CUSTOMER_COLS = 'c.id, c.code, c.name, c.grade, c.province, c.city, c.country, c.type, c.owner';

/**
 * How many customers were cooperating at the start of a day, and their order revenue in [from, before).
 * Counted without visiting each customer: today's cooperating customers, corrected by the few whose
 * status changed since; revenue is the whole window's (a covering index range) less that of the
 * customers outside the base who ordered in it (lost, won back later, …).
 */
export function cooperatingSummary(db: Db, before: string, revenueFrom: string): { count: number; revenue_fen: number } {
  // Separate statements: SQLite would materialise the changed-set once per scalar subquery.
  const now = (db.prepare("SELECT count(*) AS n FROM customers WHERE status = 'a'").get() as { n: number }).n;
  const fix = db
    .prepare(
      `WITH ch AS MATERIALIZED (${CHANGED_SINCE})
       SELECT coalesce(sum(ch.from_status = 'a'), 0) - coalesce(sum(c.status = 'a'), 0) AS d FROM ch JOIN customers c ON c.id = ch.customer_id`,
    )
    .get({ before }) as { d: number };
  if (revenueFrom >= before) return { count: now + fix.d, revenue_fen: 0 };
  const window = db.prepare('SELECT coalesce(sum(amount_fen), 0) AS s FROM orders WHERE date >= @from AND date < @before').get({ from: revenueFrom, before }) as { s: number };
  const outside = db
    .prepare(
      `WITH ch AS MATERIALIZED (${CHANGED_SINCE}),
            outside AS (
              SELECT c.id FROM customers c
                WHERE c.status IN ('b', 'c', 'd') AND c.last_order_date >= @from AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
              UNION ALL SELECT customer_id FROM ch WHERE coalesce(from_status, '') <> 'a')
       SELECT coalesce(sum(o.amount_fen), 0) AS s FROM outside x JOIN orders o ON o.customer_id = x.id AND o.date >= @from AND o.date < @before`,
    )
    .get({ before, from: revenueFrom }) as { s: number };
  return { count: now + fix.d, revenue_fen: window.s - outside.s };
}

/**
 * Customers cooperating at the start of `before` whose last order (or cooperation start) is on or
 * before `cutoff`, with their revenue in [from, before): the at-risk candidates.
 */
export function cooperatingIdleSince(db: Db, before: string, revenueFrom: string, cutoff: string): (ChurnCustomerRow & { since: string })[] {
  const rows = db
    .prepare(
      `WITH ch AS MATERIALIZED (${CHANGED_SINCE}),
            at AS (SELECT c.id, 0 AS changed FROM customers c
                     WHERE c.status = 'a' AND (c.last_order_date IS NULL OR c.last_order_date <= @cutoff)
                       AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
                   UNION ALL SELECT customer_id, 1 FROM ch WHERE from_status = 'a')
       SELECT ${CUSTOMER_COLS}, ${statusSinceSql('a', 'c.cooperating_since')} AS since, ${LAST_ORDER_BEFORE} AS last_order_date,
              (SELECT coalesce(sum(o.amount_fen), 0) FROM orders o WHERE o.customer_id = c.id AND o.date >= @from AND o.date < @before) AS revenue_fen
       FROM at JOIN customers c ON c.id = at.id`,
    )
    .all({ before, from: revenueFrom, cutoff }) as (ChurnCustomerRow & { since: string })[];
  // Filtered here, not in an outer WHERE: SQLite would evaluate the correlated columns twice.
  return rows.filter((r) => (r.last_order_date !== null && r.last_order_date > r.since ? r.last_order_date : r.since) <= cutoff);
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

/** Customers lost (status c) at the start of `before`, lost on or after `lostFrom`, with no salvage plan dated before `before`. */
export function lostWithoutSalvage(db: Db, before: string, lostFrom: string): (ChurnCustomerRow & { lost_date: string })[] {
  const rows = db
    .prepare(
      `WITH ch AS MATERIALIZED (${CHANGED_SINCE}),
            at AS (SELECT c.id, 0 AS changed FROM customers c
                     WHERE c.status = 'c' AND c.lost_date >= @lostFrom AND NOT EXISTS (SELECT 1 FROM ch WHERE ch.customer_id = c.id)
                   UNION ALL SELECT customer_id, 1 FROM ch WHERE from_status = 'c')
       SELECT ${CUSTOMER_COLS}, c.region, c.serial, ${statusSinceSql('c', 'c.lost_date')} AS lost_date, 0 AS revenue_fen, ${LAST_ORDER_BEFORE} AS last_order_date
       FROM at JOIN customers c ON c.id = at.id
       WHERE NOT EXISTS (SELECT 1 FROM salvage_plans p WHERE p.customer_id = c.id AND p.date < @before)`,
    )
    .all({ before, lostFrom }) as (ChurnCustomerRow & { lost_date: string; region: string; serial: number })[];
  return rows
    .filter((r) => r.lost_date >= lostFrom)
    .sort((a, b) => b.lost_date.localeCompare(a.lost_date) || (a.region < b.region ? -1 : a.region > b.region ? 1 : a.serial - b.serial))
    .map(({ region: _r, serial: _s, ...rest }) => rest);
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
