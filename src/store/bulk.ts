// SQL for bulk import and export: one long transaction, statements prepared once, rows streamed out.

import type { CustomerRow } from './customers.js';
import type { Db, Statement } from './db.js';
import { isPostgres, sqlite, translatePgError, translateSqliteError } from './db.js';
import { WRITE_LOCK_KEY } from './pg.js';
import { deferIndexes } from './schema.js';
import { deferSearchIndex } from './search.js';
import type { OrderRow, VisitRow } from './activity.js';
export { flushRowBuffer, isBuffering, openRowBuffer } from './rowBuffer.js';

/** Starts the import's single transaction, taking the write lock first. */
export function beginImmediate(db: Db): void {
  // A bulk transaction touches six customer indexes: a bigger page cache keeps them from spilling to the WAL mid-transaction.
  if (isPostgres(db)) {
    try {
      db.exec(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
    } catch (e) {
      throw translatePgError(e, db.name);
    }
    return;
  }
  sqlite(db).pragma(`cache_size = -${Number(process.env.KEHU_IMPORT_CACHE_MB ?? 64) * 1024}`);
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    throw translateSqliteError(e, db.name);
  }
}

export function commit(db: Db): void {
  db.exec('COMMIT');
}

export function rollback(db: Db): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}

/** Every name key in the archive, loaded once so duplicate checks need no per-row query. */
export function allNameKeys(db: Db): Set<string> {
  const out = new Set<string>();
  for (const k of db.prepare('SELECT name_key FROM customers').pluck().iterate()) out.add(k as string);
  return out;
}

/** Every stable code (`粤GZ#1`) in the archive, region and serial joined by '#'. */
export function allStableKeys(db: Db): Set<string> {
  const out = new Set<string>();
  for (const k of db.prepare("SELECT region || '#' || serial FROM customers").pluck().iterate()) out.add(k as string);
  return out;
}

/** Every user with their roles and deactivation day, for handler and owner checks without a query per row. */
export function allUsers(db: Db): Map<string, { roles: string[]; deactivated_on: string | null }> {
  const out = new Map<string, { roles: string[]; deactivated_on: string | null }>();
  for (const u of db.prepare('SELECT name, deactivated_on FROM users').iterate() as IterableIterator<{ name: string; deactivated_on: string | null }>) {
    out.set(u.name, { roles: [], deactivated_on: u.deactivated_on });
  }
  for (const r of db.prepare('SELECT "user", role FROM user_roles ORDER BY role').iterate() as IterableIterator<{ user: string; role: string }>) {
    out.get(r.user)?.roles.push(r.role);
  }
  return out;
}

export type CustomerWithContact = CustomerRow & {
  /** For an invalid (d) customer, the day it became invalid (its last status change); null otherwise. */
  invalid_since: string | null;
  contact_name: string | null;
  contact_title: string | null;
  contact_mobile: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_decision_maker: number | null;
  contact_birthday: string | null;
  contact_notes: string | null;
  contact_wechat: string | null;
  contact_insider: number | null;
  contact_insider_stage: number | null;
  contact_native_place: string | null;
  contact_age: number | null;
  contact_interests: string | null;
  contact_years_at_company: number | null;
  contact_authority: string | null;
  contact_personality: string | null;
  contact_working_style: string | null;
  contact_family: string | null;
};

/** Customers in code order, one row per contact in the order they were entered (one row without a contact when none), streamed. */
export function iterateCustomers(db: Db): IterableIterator<CustomerWithContact> {
  return db
    .prepare(
      `SELECT c.*, k.name AS contact_name, k.title AS contact_title, k.mobile AS contact_mobile, k.phone AS contact_phone,
              k.email AS contact_email, k.is_decision_maker AS contact_decision_maker, k.birthday AS contact_birthday, k.notes AS contact_notes,
              k.wechat AS contact_wechat, k.is_insider AS contact_insider, k.insider_stage AS contact_insider_stage, k.native_place AS contact_native_place,
              k.age AS contact_age, k.interests AS contact_interests, k.years_at_company AS contact_years_at_company, k.authority AS contact_authority,
              k.personality AS contact_personality, k.working_style AS contact_working_style, k.family AS contact_family,
              CASE WHEN c.status = 'd' THEN (SELECT h.date FROM status_history h WHERE h.customer_id = c.id ORDER BY h.seq DESC LIMIT 1) END AS invalid_since
       FROM customers c
       LEFT JOIN contacts k ON k.customer_id = c.id
       ORDER BY c.region, c.serial, k.id`,
    )
    .iterate() as IterableIterator<CustomerWithContact>;
}

/** Users in the order they were added, with their roles. */
export function* iterateUsers(db: Db): Generator<{ name: string; roles: string[]; created_at: string }> {
  const roles = allUsers(db);
  for (const u of db.prepare('SELECT name, created_at FROM users ORDER BY rowid').iterate() as IterableIterator<{ name: string; created_at: string }>) {
    yield { ...u, roles: roles.get(u.name)?.roles ?? [] };
  }
}

export function iterateVisits(db: Db): IterableIterator<VisitRow & { code: string }> {
  return db
    .prepare('SELECT v.*, c.code FROM visits v JOIN customers c ON c.id = v.customer_id ORDER BY c.region, c.serial, v.seq')
    .iterate() as IterableIterator<VisitRow & { code: string }>;
}

export function iterateOrders(db: Db): IterableIterator<OrderRow & { code: string }> {
  return db
    .prepare('SELECT o.*, c.code FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY c.region, c.serial, o.date, o.id')
    .iterate() as IterableIterator<OrderRow & { code: string }>;
}

const existsCache = new WeakMap<Db, { visit: Statement; order: Statement }>();

function existsStatements(db: Db): { visit: Statement; order: Statement } {
  let s = existsCache.get(db);
  if (!s) {
    s = {
      visit: db.prepare('SELECT 1 FROM visits WHERE customer_id = ? AND visited_at = ? AND handler = ? AND method = ? AND summary = ? LIMIT 1').pluck(),
      order: db.prepare('SELECT 1 FROM orders WHERE customer_id = ? AND date = ? AND amount_fen = ? AND coalesce(note, \'\') = ? LIMIT 1').pluck(),
    };
    existsCache.set(db, s);
  }
  return s;
}

/** Whether the same visit (customer, time, handler, method, summary) is already recorded. */
export function visitExists(db: Db, customerId: number, visitedAt: string, handler: string, method: string, summary: string): boolean {
  return existsStatements(db).visit.get(customerId, visitedAt, handler, method, summary) !== undefined;
}

/** Whether the same order (customer, date, amount, note) is already recorded. */
export function orderExists(db: Db, customerId: number, date: string, fen: number, note: string | null): boolean {
  return existsStatements(db).order.get(customerId, date, fen, note ?? '') !== undefined;
}

/**
 * Drops the non-unique indexes of the tables an import fills, and the search index's triggers, and returns
 * the function that recreates them before commit (schema.ts deferIndexes, search.ts deferSearchIndex).
 */
export function deferImportIndexes(db: Db): () => void {
  const indexes = deferIndexes(db, ['customers', 'code_history', 'status_history', 'grade_history', 'status_decisions', 'contacts', 'audit_log']);
  const search = deferSearchIndex(db);
  return () => {
    indexes();
    search();
  };
}

export function customerCount(db: Db): number {
  return db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
}
