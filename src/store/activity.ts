// SQL for what happens to a customer over time: visits, orders, status and grade changes.

import type { Status, VisitMethod } from '../core/enums.js';
import type { GradeCause } from '../core/timeline.js';
import { cachedStatement, type Db, indexedBy, largestIdSql, listValues, orderedJoin } from './db.js';
import { rowBuffer } from './rowBuffer.js';
import { PHONE_LIKE_METHODS } from './schema.js';

export interface VisitRow {
  id: number;
  customer_id: number;
  seq: number;
  visited_at: string;
  method: VisitMethod;
  handler: string;
  handler_role: string | null;
  contact: string | null;
  summary: string;
  key_point: string | null;
  next_step: string | null;
  next_date: string | null;
  stage: number | null;
  recorded_by: string;
  recorded_at: string;
  /** Materials the customer asked for on this visit (seed 002 §5), and when, by whom and how they went out. */
  materials: string | null;
  materials_sent_at: string | null;
  materials_sent_by: string | null;
  materials_method: string | null;
  materials_note: string | null;
}

export interface OrderRow {
  id: number;
  customer_id: number;
  date: string;
  amount_fen: number;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

/** Takes the customer's next visit number; inside the insert's transaction, so numbers are gap-free. */
export function nextVisitSeq(db: Db, customerId: number): number {
  return (db.prepare('UPDATE customers SET visit_count = visit_count + 1 WHERE id = ? RETURNING visit_count').get(customerId) as { visit_count: number })
    .visit_count;
}

export function insertVisit(db: Db, v: Omit<VisitRow, 'id'>): number {
  const info = db
    .prepare(
      // Never the id of a voided visit (they keep theirs).
      `INSERT INTO visits(id, customer_id, seq, visited_at, method, handler, handler_role, contact, summary, key_point, next_step, next_date, stage, recorded_by, recorded_at,
                          materials, materials_sent_at, materials_sent_by, materials_method, materials_note)
       VALUES (${largestIdSql(db, ['visits', 'voided_visits'])} + 1, @customer_id, @seq, @visited_at, @method, @handler, @handler_role, @contact, @summary, @key_point, @next_step, @next_date, @stage, @recorded_by, @recorded_at,
               @materials, @materials_sent_at, @materials_sent_by, @materials_method, @materials_note)`,
    )
    .run(v);
  return Number(info.lastInsertRowid);
}

/** Contacts of a customer by someone else between two local date-times (inclusive). */
export function visitsByOthers(db: Db, customerId: number, handler: string, from: string, to: string): VisitRow[] {
  return db
    .prepare('SELECT * FROM visits WHERE customer_id = ? AND handler <> ? AND visited_at >= ? AND visited_at <= ? ORDER BY visited_at DESC, seq DESC')
    .all(customerId, handler, from, to) as VisitRow[];
}

export function visitsOf(db: Db, customerId: number): VisitRow[] {
  return db.prepare('SELECT * FROM visits WHERE customer_id = ? ORDER BY seq').all(customerId) as VisitRow[];
}

export function setStage(db: Db, customerId: number, stage: number | null): void {
  db.prepare('UPDATE customers SET stage = ? WHERE id = ?').run(stage, customerId);
}

const ORDER_COLUMNS = ['id', 'customer_id', 'date', 'amount_fen', 'note', 'recorded_by', 'recorded_at'] as const;

/**
 * An order's id is never that of a voided order (the voided ones keep theirs), so the next id counts both
 * tables. In an import on a server the order waits in the row buffer (store/rowBuffer.ts) with its id.
 */
export function insertOrder(db: Db, o: Omit<OrderRow, 'id'>): number {
  const buffer = rowBuffer(db);
  if (buffer) return buffer.insert('orders', ORDER_COLUMNS, o);
  const info = cachedStatement(
    db,
    `INSERT INTO orders(id, customer_id, date, amount_fen, note, recorded_by, recorded_at)
     VALUES (${largestIdSql(db, ['orders', 'voided_orders'])} + 1, @customer_id, @date, @amount_fen, @note, @recorded_by, @recorded_at)`,
  ).run(o);
  return Number(info.lastInsertRowid);
}

export interface VoidFacts {
  voided_on: string;
  voided_by: string;
  void_reason: string;
  voided_at: string;
}

export type VoidedVisitRow = VisitRow & VoidFacts;
export type VoidedOrderRow = OrderRow & VoidFacts;

export function visitBySeq(db: Db, customerId: number, seq: number): VisitRow | undefined {
  return db.prepare('SELECT * FROM visits WHERE customer_id = ? AND seq = ?').get(customerId, seq) as VisitRow | undefined;
}

export function voidedVisitBySeq(db: Db, customerId: number, seq: number): VoidedVisitRow | undefined {
  return db.prepare('SELECT * FROM voided_visits WHERE customer_id = ? AND seq = ?').get(customerId, seq) as VoidedVisitRow | undefined;
}

export function orderById(db: Db, id: number): OrderRow | undefined {
  return db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as OrderRow | undefined;
}

export function voidedOrderById(db: Db, id: number): VoidedOrderRow | undefined {
  return db.prepare('SELECT * FROM voided_orders WHERE id = ?').get(id) as VoidedOrderRow | undefined;
}

/** Moves a visit to the voided ones, keeping its number: every query of visits then leaves it out. */
export function voidVisit(db: Db, id: number, v: VoidFacts): void {
  db.prepare(
    `INSERT INTO voided_visits(id, customer_id, seq, visited_at, method, handler, handler_role, contact, summary, key_point, next_step, next_date, stage, recorded_by, recorded_at,
                               materials, materials_sent_at, materials_sent_by, materials_method, materials_note, voided_on, voided_by, void_reason, voided_at)
     SELECT id, customer_id, seq, visited_at, method, handler, handler_role, contact, summary, key_point, next_step, next_date, stage, recorded_by, recorded_at,
            materials, materials_sent_at, materials_sent_by, materials_method, materials_note, @voided_on, @voided_by, @void_reason, @voided_at FROM visits WHERE id = @id`,
  ).run({ ...v, id });
  db.prepare('DELETE FROM visits WHERE id = ?').run(id);
}

/** Moves an order to the voided ones, keeping its id; the order totals' triggers take it out of every figure. */
export function voidOrder(db: Db, id: number, v: VoidFacts): void {
  db.prepare(
    `INSERT INTO voided_orders(id, customer_id, date, amount_fen, note, recorded_by, recorded_at, voided_on, voided_by, void_reason, voided_at)
     SELECT id, customer_id, date, amount_fen, note, recorded_by, recorded_at, @voided_on, @voided_by, @void_reason, @voided_at FROM orders WHERE id = @id`,
  ).run({ ...v, id });
  db.prepare('DELETE FROM orders WHERE id = ?').run(id);
}

export function voidedVisitsOf(db: Db, customerId: number): VoidedVisitRow[] {
  return db.prepare('SELECT * FROM voided_visits WHERE customer_id = ? ORDER BY seq').all(customerId) as VoidedVisitRow[];
}

export function voidedOrdersOf(db: Db, customerId: number): VoidedOrderRow[] {
  return db.prepare('SELECT * FROM voided_orders WHERE customer_id = ? ORDER BY date, id').all(customerId) as VoidedOrderRow[];
}

export function ordersOf(db: Db, customerId: number): OrderRow[] {
  return db.prepare('SELECT * FROM orders WHERE customer_id = ? ORDER BY date, id').all(customerId) as OrderRow[];
}

/*
 * A customer's records newest first, read as iterated (kehu history merges them as it writes): by date or
 * time descending, then as history places records of the same moment — visits by number, highest first;
 * orders, voided orders and grade changes of one day in the order they were recorded.
 */
export function visitsNewestFirst(db: Db, customerId: number): IterableIterator<VisitRow> {
  return db.prepare('SELECT * FROM visits WHERE customer_id = ? ORDER BY visited_at DESC, seq DESC').iterate(customerId) as IterableIterator<VisitRow>;
}

export function voidedVisitsNewestFirst(db: Db, customerId: number): IterableIterator<VoidedVisitRow> {
  return db.prepare('SELECT * FROM voided_visits WHERE customer_id = ? ORDER BY visited_at DESC, seq DESC').iterate(customerId) as IterableIterator<VoidedVisitRow>;
}

export function ordersNewestFirst(db: Db, customerId: number): IterableIterator<OrderRow> {
  return db.prepare('SELECT * FROM orders WHERE customer_id = ? ORDER BY date DESC, id').iterate(customerId) as IterableIterator<OrderRow>;
}

export function voidedOrdersNewestFirst(db: Db, customerId: number): IterableIterator<VoidedOrderRow> {
  return db.prepare('SELECT * FROM voided_orders WHERE customer_id = ? ORDER BY date DESC, id').iterate(customerId) as IterableIterator<VoidedOrderRow>;
}

export function gradeHistoryNewestFirst(db: Db, customerId: number): IterableIterator<GradeHistoryRow> {
  return db
    .prepare('SELECT date, from_grade, to_grade, cause, operator, application_id, reason FROM grade_history WHERE customer_id = ? ORDER BY date DESC, seq')
    .iterate(customerId) as IterableIterator<GradeHistoryRow>;
}

/** A derived grade change (grade_history). */
export interface GradeHistoryRow {
  date: string;
  from_grade: string | null;
  to_grade: string;
  cause: Exclude<GradeCause, 'created'>;
  operator: string;
  application_id: number | null;
  reason: string | null;
}

export function gradeHistoryOf(db: Db, customerId: number): GradeHistoryRow[] {
  return db
    .prepare('SELECT date, from_grade, to_grade, cause, operator, application_id, reason FROM grade_history WHERE customer_id = ? ORDER BY seq')
    .all(customerId) as GradeHistoryRow[];
}

/** A status decision (status_decisions): set-status, or the status a customer was entered with. */
export interface DecisionRow {
  customer_id: number;
  date: string;
  to_status: Status;
  kind: 'manual' | 'opening';
  reason_category: string | null;
  reason: string | null;
  operator: string;
  recorded_at: string;
}

const DECISION_COLUMNS = ['id', 'customer_id', 'date', 'to_status', 'kind', 'reason_category', 'reason', 'operator', 'recorded_at'] as const;

export function insertDecision(db: Db, d: DecisionRow): number {
  const buffer = rowBuffer(db);
  if (buffer) return buffer.insert('status_decisions', DECISION_COLUMNS, d);
  return Number(
    cachedStatement(
      db,
      `INSERT INTO status_decisions(customer_id, date, to_status, kind, reason_category, reason, operator, recorded_at)
       VALUES (@customer_id, @date, @to_status, @kind, @reason_category, @reason, @operator, @recorded_at)`,
    ).run(d).lastInsertRowid,
  );
}

/** The days of a customer's automatic losses, as stored. */
export function automaticLossDates(db: Db, customerId: number): string[] {
  return cachedStatement(db, "SELECT date FROM status_history WHERE customer_id = ? AND cause = 'auto_loss' ORDER BY seq").pluck().all(customerId) as string[];
}

/** The development stage of the customer's latest visit that gave one (null when none did). */
export function latestStage(db: Db, customerId: number): number | null {
  return (db.prepare('SELECT stage FROM visits WHERE customer_id = ? AND stage IS NOT NULL ORDER BY visited_at DESC, seq DESC LIMIT 1').pluck().get(customerId) as number | undefined) ?? null;
}

export interface DueCustomerRow {
  id: number;
  code: string;
  name: string;
  grade: string;
  owner: string | null;
  province: string | null;
  city: string | null;
  cooperating_since: string | null;
  created_on: string;
}

export interface LastContactRow {
  customer_id: number;
  role: string | null;
  last_onsite: string | null;
  last_phone: string | null;
  last_any: string | null;
}

export interface CustomerFilter {
  /** Only customers of these grades (all when absent). */
  grades?: readonly string[] | undefined;
  owner?: string | undefined;
}

function customerWhere(db: Db, filter: CustomerFilter, alias = ''): { where: string[]; params: Record<string, string> } {
  const where = [`${alias}status = 'a'`];
  const params: Record<string, string> = {};
  if (filter.grades) {
    where.push(`${alias}grade IN (${listValues(db, '@grades')})`);
    params.grades = JSON.stringify(filter.grades);
  }
  if (filter.owner) {
    where.push(`${alias}owner = @owner`);
    params.owner = filter.owner;
  }
  return { where, params };
}

const DUE_CUSTOMER_COLUMNS = 'id, code, name, grade, owner, province, city, cooperating_since, created_on';

/**
 * Cooperating customers, optionally of some grades or one owner (the customers the §7 duties apply to), as
 * read: nothing else may use the connection until the loop ends.
 */
export function cooperatingCustomers(db: Db, filter: CustomerFilter): IterableIterator<DueCustomerRow> {
  const { where, params } = customerWhere(db, filter);
  return db.prepare(`SELECT ${DUE_CUSTOMER_COLUMNS} FROM customers WHERE ${where.join(' AND ')}`).iterate(params) as IterableIterator<DueCustomerRow>;
}

/**
 * The latest onsite, phone-like and any contact of every cooperating customer (of some grades or an owner)
 * by each handler role (only the given roles, when given), up to a moment: one pass in the order of the
 * covering index visits(customer_id, handler_role, method, visited_at, handler), nothing sorted.
 */
export function lastContacts(db: Db, until: string, filter: CustomerFilter = {}, roles?: readonly string[]): LastContactRow[] {
  const { where, params } = customerWhere(db, filter);
  const all = { ...params, ...(roles ? { roles: JSON.stringify(roles) } : {}) };
  // Up to a moment after every visit, the latest contacts kept per customer and role (schema 9) are the answer.
  if (everyVisitBy(db, until)) {
    return cachedStatement(
      db,
      `SELECT customer_id, nullif(role, '') AS role, last_onsite, last_phone, last_any FROM contact_latest
       WHERE customer_id IN (SELECT id FROM customers WHERE ${where.join(' AND ')}) ${roles ? `AND role IN (${listValues(db, '@roles')})` : ''}`,
    ).all(all) as LastContactRow[];
  }
  return cachedStatement(
    db,
    `SELECT customer_id, handler_role AS role,
            max(CASE WHEN method = 'onsite' THEN visited_at END) AS last_onsite,
            max(CASE WHEN method IN ${PHONE_LIKE} THEN visited_at END) AS last_phone,
            max(visited_at) AS last_any
     FROM visits WHERE customer_id IN (SELECT id FROM customers WHERE ${where.join(' AND ')})
       ${roles ? `AND handler_role IN (${listValues(db, '@roles')})` : ''} AND visited_at <= @until
     GROUP BY customer_id, handler_role`,
  ).all({ ...all, until }) as LastContactRow[];
}

const PHONE_LIKE = `(${PHONE_LIKE_METHODS.map((m) => `'${m}'`).join(', ')})`;

/** True when no visit is later than `until` (a date-time): then the kept latest rows are those up to it. */
export function everyVisitBy(db: Db, until: string): boolean {
  const latest = cachedStatement(db, 'SELECT max(visited_at) FROM visits').pluck().get() as string | null;
  return latest === null || latest <= until;
}

/**
 * The latest onsite visit to each cooperating customer (of some grades or an owner) that its owner made as
 * business manager, up to a moment (§7.1.2 商务经理对自己所管理的客户): seeks in visits_contacts.
 */
export function ownerOnsiteVisits(db: Db, until: string, filter: CustomerFilter = {}): Map<number, string> {
  const { where, params } = customerWhere(db, filter, 'c.');
  const rows = db
    .prepare(
      `SELECT c.id, max(v.visited_at) FROM customers c ${orderedJoin(db)} visits v ${indexedBy(db, 'visits_contacts')}
         ON v.customer_id = c.id AND v.handler_role = 'business-manager' AND v.method = 'onsite' AND v.handler = c.owner
       WHERE ${where.join(' AND ')} AND v.visited_at <= @until GROUP BY c.id`,
    )
    .raw()
    .all({ ...params, until }) as [number, string][];
  return new Map(rows);
}

export interface ReviewStateRow extends DueCustomerRow {
  /** 1 when the customer was formal A or B (cooperating, graded A or B) through all of last month. */
  formal_all_last: number;
  reviewed_last: number;
  reviewed_this: number;
  /** The day of its latest review on or before the day (null: never reviewed). */
  last_review: string | null;
}

/**
 * For cooperating A and B customers (of one of them, of an owner), with their rows: whether they were formal
 * A/B all of the month before `thisMonth` (cooperating since its first day, graded A or B on it and never
 * graded otherwise during it), and whether that month and this one have a review (§7.1.1, §7.3.1). As read:
 * nothing else may use the connection until the loop ends.
 */
export function reviewStates(
  db: Db,
  p: { lastMonth: string; thisMonth: string; lastStart: string; lastEnd: string; owner?: string | undefined; grade?: 'A' | 'B' | undefined },
): IterableIterator<ReviewStateRow> {
  return db
    .prepare(
      `SELECT ${DUE_CUSTOMER_COLUMNS},
              (c.cooperating_since IS NOT NULL AND c.cooperating_since <= @lastStart
               AND coalesce((SELECT h.to_grade FROM grade_history h WHERE h.customer_id = c.id AND h.date <= @lastStart ORDER BY h.date DESC, h.seq DESC LIMIT 1), c.opening_grade) IN ('A', 'B')
               AND NOT EXISTS (SELECT 1 FROM grade_history h WHERE h.customer_id = c.id AND h.date > @lastStart AND h.date <= @lastEnd AND h.to_grade NOT IN ('A', 'B'))) AS formal_all_last,
              EXISTS (SELECT 1 FROM reviews r WHERE r.customer_id = c.id AND r.month = @lastMonth) AS reviewed_last,
              EXISTS (SELECT 1 FROM reviews r WHERE r.customer_id = c.id AND r.month = @thisMonth) AS reviewed_this,
              (SELECT max(coalesce(r.date, r.month)) FROM reviews r WHERE r.customer_id = c.id AND r.month <= @thisMonth) AS last_review
       FROM customers c WHERE c.status = 'a' AND ${p.grade ? 'c.grade = @grade' : "c.grade IN ('A', 'B')"}${p.owner ? ' AND c.owner = @owner' : ''}`,
    )
    .iterate({ lastMonth: p.lastMonth, thisMonth: p.thisMonth, lastStart: p.lastStart, lastEnd: p.lastEnd, ...(p.owner ? { owner: p.owner } : {}), ...(p.grade ? { grade: p.grade } : {}) }) as IterableIterator<ReviewStateRow>;
}

// ───────────── what `show` lists: the newest few and how many in all, each a LIMITed seek ─────────────

/** A customer's newest `limit` visits (by time, then number). */
export function recentVisitsOf(db: Db, customerId: number, limit: number): VisitRow[] {
  return db.prepare('SELECT * FROM visits WHERE customer_id = ? ORDER BY visited_at DESC, seq DESC LIMIT ?').all(customerId, limit) as VisitRow[];
}

/** How many visits a customer has (voided ones are not counted). */
export function visitCountOf(db: Db, customerId: number): number {
  return db.prepare('SELECT count(*) FROM visits WHERE customer_id = ?').pluck().get(customerId) as number;
}

/** A customer's newest `limit` orders (by date, then id). */
export function recentOrdersOf(db: Db, customerId: number, limit: number): OrderRow[] {
  // Orders of one day by their facts (amount, note) before their ids, which only say in which order they were entered.
  return db.prepare("SELECT * FROM orders WHERE customer_id = ? ORDER BY date DESC, amount_fen DESC, coalesce(note, '') DESC, id DESC LIMIT ?").all(customerId, limit) as OrderRow[];
}

/** How many orders a customer has and their total in fen (voided ones are not counted). */
export function orderTotalsOf(db: Db, customerId: number): { count: number; amount_fen: number } {
  return db.prepare('SELECT count(*) AS count, coalesce(sum(amount_fen), 0) AS amount_fen FROM orders WHERE customer_id = ?').get(customerId) as { count: number; amount_fen: number };
}

/** A customer's visits whose requested materials have not gone out yet (the partial index visits_materials_pending). */
export function pendingMaterialsOf(db: Db, customerId: number): VisitRow[] {
  return db.prepare('SELECT * FROM visits WHERE customer_id = ? AND materials IS NOT NULL AND materials_sent_at IS NULL ORDER BY seq').all(customerId) as VisitRow[];
}
