// Test fixtures: a migrated temp database file per test, and the built bin/kehu run as a child process.

import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { AppContext } from '../src/app/context.js';
import { DomainError } from '../src/core/errors.js';
import { openDb } from '../src/store/db.js';
import { isPostgresUrl, PgDb, WRITE_LOCK_KEY } from '../src/store/pg.js';
import { MIGRATIONS } from '../src/store/schema.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'kehu');

export function tempDir(prefix = 'kehu-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The engine the tests run on: `sqlite` (the default), or `postgres` (KEHU_TEST_ENGINE=postgres, set by the
 * postgres project of vitest.config.ts), where each test database is a new database on the throw-away
 * cluster whose superuser URL test/pgSetup.ts puts in KEHU_TEST_PG.
 */
export const ENGINE: 'sqlite' | 'postgres' = process.env.KEHU_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The test cluster's superuser connection string (postgres engine only). */
export function pgAdminUrl(): string {
  const url = process.env.KEHU_TEST_PG;
  if (!url) throw new Error('KEHU_TEST_PG is not set: run the postgres tests through vitest (test/pgSetup.ts starts the cluster)');
  return url;
}

/** A connection string for a database `name` on the test cluster. */
export function pgUrl(name: string, user?: string): string {
  const u = new URL(pgAdminUrl());
  u.pathname = `/${name}`;
  if (user !== undefined) u.username = encodeURIComponent(user);
  return u.toString();
}

/** Runs statements on the test cluster as its superuser (in `database`, default the maintenance one). */
export function pgAdmin(sql: string, database?: string): unknown[] {
  const db = new PgDb(database ? pgUrl(database) : pgAdminUrl());
  try {
    return db.query(sql).rows;
  } finally {
    db.close();
  }
}

/** A new, empty database on the test cluster; its connection string. */
export function tempPgDatabase(): string {
  const name = `kehu_t_${crypto.randomBytes(6).toString('hex')}`;
  pgAdmin(`CREATE DATABASE ${name}`);
  return pgUrl(name);
}

/** A copy of a test database (a file, or a database on the test cluster made from it as a template). */
export function copyDatabase(source: string): string {
  if (isPostgresUrl(source)) {
    const name = `kehu_t_${crypto.randomBytes(6).toString('hex')}`;
    pgAdmin(`CREATE DATABASE ${name} TEMPLATE ${new URL(source).pathname.slice(1)}`);
    return pgUrl(name);
  }
  const copy = path.join(tempDir(), 'kehu.db');
  fs.copyFileSync(source, copy);
  return copy;
}

/** A database that does not exist yet: a path in a fresh temp folder, or on PostgreSQL a new empty database. */
export function tempDbPath(): string {
  return ENGINE === 'postgres' ? tempPgDatabase() : path.join(tempDir(), 'kehu.db');
}

/** A temp file at an older schema version (its first `version` migrations run), open for the caller to fill. */
export function fileAtVersion(version: number): { file: string; raw: Database.Database } {
  const file = tempDbPath();
  const raw = new Database(file);
  for (const m of MIGRATIONS.slice(0, version)) {
    if (typeof m === 'string') raw.exec(m);
    else m(raw, () => {});
  }
  raw.pragma(`user_version = ${version}`);
  return { file, raw };
}

/** A use-case context on a real, migrated temp SQLite file, with a fixed clock. */
export function testContext(now = '2026-11-23T10:00:00+08:00', operator = '张敏'): AppContext & { file: string } {
  const file = tempDbPath();
  return { db: openDb(file), operator, now: new Date(now), file };
}

/** A demo database in a new temp folder (kehu demo --json), with the showcase customer's stable code and the demo's agenda user. */
export function demoFile(): { dir: string; db: string; code: string; agendaUser: string } {
  const dir = tempDir();
  const db = path.join(dir, 'demo.db');
  const r = kehu(['demo', '--db', db, '--json']);
  expect(r.status, r.stderr).toBe(0);
  const summary = JSON.parse(r.stdout) as { showcase: { customer: { stable_code: string } }; today: { user: string } };
  return { dir, db, code: summary.showcase.customer.stable_code, agendaUser: summary.today.user };
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The clock of end-to-end tests: 23:30 UTC on 2026-11-22, which is 07:30 on 2026-11-23 in Beijing. The
 * process runs with TZ=UTC, so a date taken from the machine's own zone would be a day early.
 */
export const E2E_NOW = '2026-11-22T23:30:00Z';
export const E2E_TODAY = '2026-11-23';

/**
 * Lets the test worker's event loop run between long synchronous steps (kehu() blocks it while the child runs).
 * Vitest's calls from the worker time out after 60 s without an answer, and a test body that runs a minute of
 * commands on PostgreSQL in one synchronous stretch would leave them unanswered ("Timeout calling onTaskUpdate").
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs the built CLI as users and cron do: no terminal, a clean environment unless given, the clock pinned. */
export function kehu(args: string[], opts: { db?: string; env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): RunResult {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'zh_CN.UTF-8',
    TZ: 'UTC',
    KEHU_NOW: E2E_NOW,
    ...(opts.db ? { KEHU_DB: opts.db } : {}),
    KEHU_USER: '张敏',
    ...opts.env,
  };
  // On PostgreSQL every statement is a round trip to the server: kehu demo takes half a minute there.
  const o: SpawnSyncOptions = { env, encoding: 'utf8', input: opts.input ?? '', cwd: opts.cwd ?? os.tmpdir(), timeout: ENGINE === 'postgres' ? 240_000 : 60_000 };
  const r = spawnSync(process.execPath, [BIN, ...args], o);
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A checksum of the whole logical content of a database, to prove a failed command changed nothing. */
export function dumpChecksum(file: string): string {
  if (isPostgresUrl(file)) return pgDumpChecksum(file);
  const db = new Database(file, { readonly: true });
  try {
    const h = crypto.createHash('sha256');
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string | null }[];
    for (const t of tables) {
      h.update(`${t.name}\n${t.sql ?? ''}\n`);
      if (t.sql?.startsWith('CREATE TABLE')) {
        // A WITHOUT ROWID table is read in its primary key's order.
        const order = /WITHOUT ROWID/i.test(t.sql) ? '' : ' ORDER BY rowid';
        for (const row of db.prepare(`SELECT * FROM "${t.name}"${order}`).raw().all()) h.update(JSON.stringify(row) + '\n');
      }
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

/** The same on PostgreSQL: every table's definition (columns) and rows, in a fixed order. */
function pgDumpChecksum(url: string): string {
  const db = new PgDb(url);
  try {
    const h = crypto.createHash('sha256');
    const tables = db.prepare("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name").pluck().all() as string[];
    for (const t of tables) {
      const cols = db.prepare('SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position').raw().all(t);
      h.update(`${t}\n${JSON.stringify(cols)}\n`);
      for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`).raw().all()) h.update(JSON.stringify(row) + '\n');
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

/** A connection to a test database for raw SQL behind kehu's back (tampering, checks): SQLite or PostgreSQL. */
export interface RawDb {
  prepare(sql: string): { run(...p: unknown[]): unknown; get(...p: unknown[]): unknown; all(...p: unknown[]): unknown[]; pluck(): { get(...p: unknown[]): unknown; all(...p: unknown[]): unknown[] } };
  exec(sql: string): unknown;
  close(): unknown;
}

export function rawDb(target: string, { readonly = false }: { readonly?: boolean } = {}): RawDb {
  return isPostgresUrl(target) ? new PgDb(target) : new Database(target, { readonly });
}

/** The names of the tables of a test database holding kehu's data (not SQLite's nor its search index's internals). */
export function dataTables(target: string): string[] {
  const raw = rawDb(target, { readonly: true });
  try {
    const sql = isPostgresUrl(target)
      ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'search_%' AND name NOT LIKE 'sqlite_%' ORDER BY 1";
    return raw.prepare(sql).pluck().all() as string[];
  } finally {
    raw.close();
  }
}

/** Holds the write lock of a test database as another writer would (BEGIN IMMEDIATE; kehu's advisory lock); returns its release. */
export function holdWriteLock(target: string): () => void {
  if (isPostgresUrl(target)) {
    const holder = new PgDb(target);
    holder.exec(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
    return () => {
      holder.exec('COMMIT');
      holder.close();
    };
  }
  const holder = new Database(target);
  holder.pragma('journal_mode = WAL');
  holder.prepare('BEGIN IMMEDIATE').run();
  return () => {
    holder.prepare('COMMIT').run();
    holder.close();
  };
}

/** Marks a test database as written by a newer kehu (schema version `v`). */
export function setSchemaVersion(target: string, v: number): void {
  const raw = rawDb(target);
  try {
    if (isPostgresUrl(target)) raw.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(v));
    else (raw as Database.Database).pragma(`user_version = ${v}`);
  } finally {
    raw.close();
  }
}

/** Reads a database as the tests check it afterwards (`?` and `@name` parameters on either engine). */
export function query<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  if (isPostgresUrl(file)) {
    const db = new PgDb(file);
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Runs fn expecting a DomainError with the given key; returns it for further checks. */
export function refused(fn: () => unknown, key: string): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).key).toBe(key);
    return e as DomainError;
  }
  throw new Error(`expected ${key}`);
}
