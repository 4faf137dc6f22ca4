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
import { MIGRATIONS } from '../src/store/schema.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'kehu');

export function tempDir(prefix = 'kehu-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A path for a database file that does not exist yet, in a fresh temp folder. */
export function tempDbPath(): string {
  return path.join(tempDir(), 'kehu.db');
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
  const o: SpawnSyncOptions = { env, encoding: 'utf8', input: opts.input ?? '', cwd: opts.cwd ?? os.tmpdir(), timeout: 60_000 };
  const r = spawnSync(process.execPath, [BIN, ...args], o);
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A checksum of the whole logical content of a database, to prove a failed command changed nothing. */
export function dumpChecksum(file: string): string {
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

export function query<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
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
