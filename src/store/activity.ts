// SQL for what happens to a customer over time: visits, orders, status and grade changes.

import type { Status, VisitMethod } from '../core/enums.js';
import type { Db } from './db.js';

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

export interface GradeHistoryRow {
  id: number;
  from_grade: string | null;
  to_grade: string;
  date: string;
  operator: string;
  application_id: number | null;
  reason: string | null;
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
      `INSERT INTO visits(customer_id, seq, visited_at, method, handler, handler_role, contact, summary, key_point, next_step, next_date, stage, recorded_by, recorded_at)
       VALUES (@customer_id, @seq, @visited_at, @method, @handler, @handler_role, @contact, @summary, @key_point, @next_step, @next_date, @stage, @recorded_by, @recorded_at)`,
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

export function setStage(db: Db, customerId: number, stage: number): void {
  db.prepare('UPDATE customers SET stage = ? WHERE id = ?').run(stage, customerId);
}

export function insertOrder(db: Db, o: Omit<OrderRow, 'id'>): number {
  const info = db
    .prepare('INSERT INTO orders(customer_id, date, amount_fen, note, recorded_by, recorded_at) VALUES (@customer_id, @date, @amount_fen, @note, @recorded_by, @recorded_at)')
    .run(o);
  db.prepare('UPDATE customers SET last_order_date = max(coalesce(last_order_date, ?), ?) WHERE id = ?').run(o.date, o.date, o.customer_id);
  return Number(info.lastInsertRowid);
}

export function ordersOf(db: Db, customerId: number): OrderRow[] {
  return db.prepare('SELECT * FROM orders WHERE customer_id = ? ORDER BY date, id').all(customerId) as OrderRow[];
}

export function gradeHistoryOf(db: Db, customerId: number): GradeHistoryRow[] {
  return db
    .prepare('SELECT id, from_grade, to_grade, date, operator, application_id, reason, recorded_at FROM grade_history WHERE customer_id = ? ORDER BY date, id')
    .all(customerId) as GradeHistoryRow[];
}

/** The date of the customer's latest status change (its current status began then). */
export function lastStatusDate(db: Db, customerId: number): string | undefined {
  return (db.prepare('SELECT max(date) AS d FROM status_history WHERE customer_id = ?').get(customerId) as { d: string | null }).d ?? undefined;
}

/** Sets the status and the dates derived from it; the code change goes through changeCustomerCode. */
export function setStatusDates(db: Db, customerId: number, status: Status, date: string): void {
  if (status === 'a') db.prepare('UPDATE customers SET cooperating_since = ?, lost_date = NULL WHERE id = ?').run(date, customerId);
  else if (status === 'c') db.prepare('UPDATE customers SET lost_date = ? WHERE id = ?').run(date, customerId);
  else db.prepare('UPDATE customers SET lost_date = NULL WHERE id = ?').run(customerId);
}

export interface LossCandidate {
  id: number;
  code: string;
  region: string;
  serial: number;
  grade: string;
  last_order_date: string | null;
  cooperating_since: string | null;
  created_on: string;
}

/** Cooperating customers whose last order (or cooperation start) is on or before the cutoff. */
export function lossCandidates(db: Db, cutoff: string): LossCandidate[] {
  return db
    .prepare(
      `SELECT id, code, region, serial, grade, last_order_date, cooperating_since, created_on FROM customers
       WHERE status = 'a' AND max(coalesce(last_order_date, ''), coalesce(cooperating_since, created_on)) <= ?
       ORDER BY id`,
    )
    .all(cutoff) as LossCandidate[];
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
}

/** Cooperating customers, optionally of one grade or owner (the customers the §7 duties apply to). */
export function cooperatingCustomers(db: Db, filter: { grade?: string | undefined; owner?: string | undefined }): DueCustomerRow[] {
  const where = ["status = 'a'"];
  const params: Record<string, string> = {};
  if (filter.grade) {
    where.push('grade = @grade');
    params.grade = filter.grade;
  }
  if (filter.owner) {
    where.push('owner = @owner');
    params.owner = filter.owner;
  }
  return db
    .prepare(`SELECT id, code, name, grade, owner, province, city, cooperating_since, created_on FROM customers WHERE ${where.join(' AND ')}`)
    .all(params) as DueCustomerRow[];
}

/**
 * The latest onsite and phone-like contact of every customer by each handler role, up to a moment:
 * one pass in the order of the covering index visits(customer_id, handler_role, method, visited_at).
 */
export function lastContacts(db: Db, until: string): LastContactRow[] {
  return db
    .prepare(
      `SELECT customer_id, handler_role AS role,
              max(CASE WHEN method = 'onsite' THEN visited_at END) AS last_onsite,
              max(CASE WHEN method IN ('phone', 'video', 'onsite') THEN visited_at END) AS last_phone
       FROM visits WHERE visited_at <= ? AND customer_id IN (SELECT id FROM customers WHERE status = 'a')
       GROUP BY customer_id, handler_role`,
    )
    .all(until) as LastContactRow[];
}
