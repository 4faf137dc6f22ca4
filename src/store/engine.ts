// The two engines behind one interface: a SQLite file (better-sqlite3) or a session on a PostgreSQL server
// (store/pg.ts), which follows better-sqlite3's interface. Only src/store tells them apart.

import type Database from 'better-sqlite3';
import { PgDb } from './pg.js';

/** A prepared statement, on either engine: better-sqlite3's interface, which the PostgreSQL engine follows. */
export interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  iterate(...params: unknown[]): IterableIterator<unknown>;
  pluck(toggle?: boolean): this;
  raw(toggle?: boolean): this;
}

/**
 * An open database: a SQLite file (better-sqlite3) or a session on a PostgreSQL server (store/pg.ts). Only
 * src/store tells them apart (`sqliteOf`, `isPostgres`); what is engine-specific stays behind its functions.
 */
export interface Db {
  readonly name: string;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): Statement;
  exec(sql: string): this;
  transaction<F extends (...args: never[]) => unknown>(fn: F): F & { deferred: F; immediate: F; exclusive: F; default: F };
  close(): this;
}

export type SqliteDb = Database.Database;

export function isPostgres(db: Db): db is PgDb & Db {
  return db instanceof PgDb;
}

/** The SQLite connection behind db, or undefined on PostgreSQL. */
export function sqliteOf(db: Db): SqliteDb | undefined {
  return db instanceof PgDb ? undefined : (db as unknown as SqliteDb);
}

/** The SQLite file another thread or process may open for the same data; undefined in memory or on PostgreSQL. */
export function fileOf(db: Db): string | undefined {
  const s = sqliteOf(db);
  return s && !s.memory ? s.name : undefined;
}

/** What another connection opens for the same data: the SQLite file, or the server's connection string; undefined in memory. */
export function targetOf(db: Db): string | undefined {
  return db instanceof PgDb ? db.connectionString() : fileOf(db);
}

/** The SQLite connection behind db, for what only a SQLite file has (pragmas, FTS5, in-memory files). */
export function sqlite(db: Db): SqliteDb {
  if (db instanceof PgDb) throw new Error('A SQLite-only operation was called on a PostgreSQL database');
  return db as unknown as SqliteDb;
}

// SQL that differs between the engines, in one place: each store statement is written once and asks here.

/**
 * The values of a JSON array parameter (`param`: `?` or `@name`) as a one-column query `value`: SQLite's
 * json_each, PostgreSQL's jsonb_array_elements_text (cast to bigint for ids).
 */
export function listValues(db: Db, param: string, type: 'int' | 'text' = 'text'): string {
  if (!isPostgres(db)) return `SELECT value FROM json_each(${param})`;
  return `SELECT ${type === 'int' ? 'value::bigint AS value' : 'value'} FROM jsonb_array_elements_text(CAST(${param} AS jsonb)) AS j(value)`;
}

/** A join whose order SQLite's planner must keep (CROSS JOIN); PostgreSQL plans it itself. */
export function orderedJoin(db: Db): string {
  return isPostgres(db) ? 'JOIN' : 'CROSS JOIN';
}

/** SQLite's INDEXED BY hint; nothing on PostgreSQL. */
export function indexedBy(db: Db, index: string): string {
  return isPostgres(db) ? '' : `INDEXED BY ${index}`;
}
