// SQL for pending follow-ups (下次联系): the next contact dates visits set that are still to be kept.

import { cachedStatement, type Db, listValues } from './db.js';

export interface FollowUpRow {
  customer_id: number;
  /** The visit that set the follow-up (第 n 次拜访). */
  seq: number;
  visited_at: string;
  handler: string;
  next_step: string | null;
  next_date: string;
}

/**
 * What makes a visit `v` a pending follow-up as of @today: a next contact date that is still to come (today
 * or later), or that has passed with no later visit to the customer yet. A voided visit sets none (voided
 * visits are kept apart). The one definition, shared by every query below.
 */
const PENDING = `v.next_date IS NOT NULL
  AND (v.next_date >= @today OR NOT EXISTS (
    SELECT 1 FROM visits w WHERE w.customer_id = v.customer_id AND w.visited_at >= v.visited_at AND (w.visited_at > v.visited_at OR w.seq > v.seq)))`;

/** The pending follow-ups of some customers as of a day. Oldest first per customer. */
export function pendingFollowUps(db: Db, customerIds: readonly number[], today: string): FollowUpRow[] {
  if (customerIds.length === 0) return [];
  return db
    .prepare(
      `SELECT v.customer_id, v.seq, v.visited_at, v.handler, v.next_step, v.next_date FROM visits v
       WHERE v.customer_id IN (${listValues(db, '@ids', 'int')}) AND ${PENDING}
       ORDER BY v.customer_id, v.next_date, v.seq`,
    )
    .all({ ids: JSON.stringify(customerIds), today }) as FollowUpRow[];
}

export interface DueFollowUpRow extends FollowUpRow {
  code: string;
  name: string;
  status: string;
  owner: string | null;
}

/**
 * Pending follow-ups as of @today whose next contact date is on or before `through`, on customers that are
 * not invalid: of one owner's customers, or (no owner given) of every customer. Most overdue first.
 * Before today only a customer's latest visit can be pending (any other has a later one), so for every
 * customer only that visit is looked at, and it is pending by that alone: the latest visits kept by schema 9
 * (visit_latest) whose next date is due, then the visit's row.
 */
export function followUpsDueBy(db: Db, p: { today: string; through: string; owner?: string | undefined }): DueFollowUpRow[] {
  const cols = 'v.customer_id, v.seq, v.visited_at, v.handler, v.next_step, v.next_date, c.code, c.name, c.status, c.owner';
  const sql = p.owner
    ? `SELECT ${cols} FROM customers c JOIN visits v ON v.customer_id = c.id
       WHERE c.owner = @owner AND c.status <> 'd' AND v.next_date <= @through AND ${PENDING}`
    : p.through < p.today
      ? `SELECT ${cols} FROM visit_latest l JOIN customers c ON c.id = l.customer_id JOIN visits v ON v.customer_id = l.customer_id AND v.seq = l.seq
         WHERE l.next_date <= @through AND c.status <> 'd'`
      : `SELECT ${cols} FROM visits v JOIN customers c ON c.id = v.customer_id
         WHERE v.next_date <= @through AND c.status <> 'd' AND ${PENDING}`;
  const rows = db.prepare(sql).all({ today: p.today, through: p.through, ...(p.owner ? { owner: p.owner } : {}) }) as DueFollowUpRow[];
  return rows.sort(compareFollowUps);
}

/** Most overdue first: the next contact date, then the code, then the visit. */
function compareFollowUps(a: DueFollowUpRow, b: DueFollowUpRow): number {
  return a.next_date < b.next_date ? -1 : a.next_date > b.next_date ? 1 : a.code.localeCompare(b.code) || a.seq - b.seq;
}

/**
 * The follow-ups escalated past `through` (before today, so only customers' latest visits: visit_latest) on
 * customers not owned by `notOwner` and not invalid: how many, and the first `limit` in followUpsDueBy's order
 * (next contact date, then code, then visit). SQL picks the earliest dates; every row tied with the last one
 * picked is read too, so the order among equal dates is the one followUpsDueBy gives.
 */
export function escalatedFollowUps(db: Db, p: { through: string; notOwner: string; limit: number }): { count: number; rows: DueFollowUpRow[] } {
  const from = `FROM visit_latest l JOIN customers c ON c.id = l.customer_id
    WHERE l.next_date <= @through AND c.status <> 'd' AND c.owner IS DISTINCT FROM @notOwner`;
  const params = { through: p.through, notOwner: p.notOwner };
  const count = cachedStatement(db, `SELECT count(*) ${from}`).pluck().get(params) as number;
  const cols = 'v.customer_id, v.seq, v.visited_at, v.handler, v.next_step, v.next_date, c.code, c.name, c.status, c.owner';
  const rowsOf = (where: string, extra: Record<string, unknown>): DueFollowUpRow[] =>
    cachedStatement(db, `SELECT ${cols} FROM visit_latest l JOIN customers c ON c.id = l.customer_id JOIN visits v ON v.customer_id = l.customer_id AND v.seq = l.seq
      WHERE l.next_date <= @through AND c.status <> 'd' AND c.owner IS DISTINCT FROM @notOwner ${where}`).all({ ...params, ...extra }) as DueFollowUpRow[];
  let rows: DueFollowUpRow[];
  if (p.limit <= 0 || count <= p.limit) rows = rowsOf('', {});
  else {
    const cut = cachedStatement(db, `SELECT l.next_date ${from} ORDER BY l.next_date LIMIT 1 OFFSET @offset`).pluck().get({ ...params, offset: p.limit - 1 }) as string;
    rows = rowsOf('AND l.next_date <= @cut', { cut });
  }
  rows.sort(compareFollowUps);
  return { count, rows: p.limit > 0 ? rows.slice(0, p.limit) : rows };
}
