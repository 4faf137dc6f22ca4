// SQL for the morning agenda (kehu today): requested materials, key contacts' birthdays, lost customers
// without a salvage plan and idle cooperating customers, each of one owner's customers or of all.

import { cachedStatement, type Db, indexedBy, limitOf } from './db.js';

export interface MaterialsRow {
  customer_id: number;
  code: string;
  name: string;
  owner: string | null;
  seq: number;
  visited_at: string;
  handler: string;
  materials: string;
}

/**
 * Materials requests not yet sent, of visits up to a moment (the partial index visits_materials_pending):
 * all of them, or those on a user's customers or on visits the user handled: how many, and the first `limit`
 * (0: all), oldest first, from the partial index of the requests by time (schema 9): read through visits_time
 * instead, every visit up to the moment would be (4 s against 15 ms at 1,000,000 visits).
 */
export function pendingMaterials(db: Db, p: { until: string; user?: string | undefined; limit: number }): { count: number; rows: MaterialsRow[] } {
  const from = `FROM visits v ${indexedBy(db, 'visits_materials_pending')} JOIN customers c ON c.id = v.customer_id
       WHERE v.materials IS NOT NULL AND v.materials_sent_at IS NULL AND v.visited_at <= @until
         ${p.user ? 'AND (c.owner = @user OR v.handler = @user)' : ''}`;
  const params = { until: p.until, ...(p.user ? { user: p.user } : {}) };
  const count = cachedStatement(db, p.user ? `SELECT count(*) ${from}` : `SELECT count(*) FROM visits ${indexedBy(db, 'visits_materials_pending')} WHERE materials IS NOT NULL AND materials_sent_at IS NULL AND visited_at <= @until`)
    .pluck()
    .get(params) as number;
  const rows = cachedStatement(db, `SELECT v.customer_id, c.code, c.name, c.owner, v.seq, v.visited_at, v.handler, v.materials ${from} ORDER BY v.visited_at, c.code, v.seq LIMIT @limit`).all({
    ...params,
    limit: limitOf(p.limit),
  }) as MaterialsRow[];
  return { count, rows };
}

export function markMaterialsSent(db: Db, visitId: number, sent: { at: string; by: string; method: string | null; note: string | null }): void {
  db.prepare('UPDATE visits SET materials_sent_at = @at, materials_sent_by = @by, materials_method = @method, materials_note = @note WHERE id = @id').run({ ...sent, id: visitId });
}

export interface KeyContactRow {
  code: string;
  name: string;
  owner: string | null;
  contact: string;
  title: string | null;
  is_decision_maker: number;
  is_insider: number;
  birthday: string;
}

/** Decision makers and insiders (内线) with a birthday on record, of one owner's customers that are not invalid. */
export function keyContactsWithBirthday(db: Db, owner: string): KeyContactRow[] {
  return db
    .prepare(
      `SELECT c.code, c.name, c.owner, k.name AS contact, k.title, k.is_decision_maker, k.is_insider, k.birthday
       FROM customers c JOIN contacts k ON k.customer_id = c.id
       WHERE c.owner = @owner AND c.status <> 'd' AND k.birthday IS NOT NULL AND (k.is_decision_maker = 1 OR k.is_insider = 1)`,
    )
    .all({ owner }) as KeyContactRow[];
}

export interface LostRow {
  code: string;
  name: string;
  grade: string;
  owner: string | null;
  lost_date: string | null;
  last_order_date: string | null;
}

/**
 * Lost customers (of an owner, or all) with no salvage plan dated on or before the day: how many, and the
 * first `limit` (0: all), latest loss first then in code order.
 */
export function lostWithoutPlan(db: Db, p: { day: string; owner?: string | undefined; limit: number }): { count: number; rows: LostRow[] } {
  const where = `c.status = 'c' ${p.owner ? 'AND c.owner = @owner' : ''} AND NOT EXISTS (SELECT 1 FROM salvage_plans s WHERE s.customer_id = c.id AND s.date <= @day)`;
  const params = { day: p.day, ...(p.owner ? { owner: p.owner } : {}) };
  const count = db.prepare(`SELECT count(*) FROM customers c WHERE ${where}`).pluck().get(params) as number;
  const rows = db
    .prepare(`SELECT c.code, c.name, c.grade, c.owner, c.lost_date, c.last_order_date FROM customers c WHERE ${where} ORDER BY c.lost_date DESC, c.region, c.serial LIMIT @limit`)
    .all({ ...params, limit: limitOf(p.limit) }) as LostRow[];
  return { count, rows };
}

export interface IdleRow {
  code: string;
  name: string;
  grade: string;
  owner: string | null;
  cooperating_since: string;
  last_order_date: string | null;
}

/** An owner's cooperating customers whose last order (or cooperation start, when later or with none) is on or before `cutoff`. */
export function idleCooperating(db: Db, p: { owner: string; cutoff: string }): IdleRow[] {
  return db
    .prepare(
      `SELECT c.code, c.name, c.grade, c.owner, c.cooperating_since, c.last_order_date FROM customers c
       WHERE c.owner = @owner AND c.status = 'a' AND c.cooperating_since IS NOT NULL
         AND (CASE WHEN c.last_order_date > c.cooperating_since THEN c.last_order_date ELSE c.cooperating_since END) <= @cutoff`,
    )
    .all(p) as IdleRow[];
}
