// Opening the SQLite file: pragmas, owner-only creation, migrations, and the one transaction helper.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../core/errors.js';
import { MIGRATIONS, SCHEMA_VERSION, TIMELINE_RULES_VERSION } from './schema.js';
import { recomputeMigrated } from './timeline.js';

export type Db = Database.Database;

export class DatabaseBusy extends DomainError {
  constructor(file: string) {
    super('database_busy', `Database ${file} is busy (another process is writing); try again`, { file });
  }
}

export class DatabaseUnavailable extends DomainError {
  constructor(file: string, reason: string) {
    super('database_unavailable', `Cannot open database ${file}: ${reason}`, { file, reason });
  }
}

/** A command that only reads was pointed at a file that does not exist: it does not create one. */
export class DatabaseMissing extends DomainError {
  constructor(file: string) {
    super('database_missing', `No database at ${file}`, { file });
  }
}

export class SchemaTooNew extends DomainError {
  constructor(file: string, found: number, supported: number) {
    super('schema_too_new', `Database ${file} has schema version ${found}; this kehu supports ${supported}`, {
      file,
      found,
      supported,
    });
  }
}

export interface OpenOptions {
  /** Milliseconds to wait for another writer before giving up with DatabaseBusy. */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** Refuse (DatabaseMissing) rather than create a file that does not exist: for commands that only read. */
  mustExist?: boolean;
  /** Told the name of each migration phase as it finishes (bench/migrate.mjs times them). */
  onMigrationPhase?: (name: string) => void;
}

/** Opens (creating owner-only if new) and migrates the database file. */
export function openDb(file: string, options: OpenOptions = {}): Db {
  const isNew = file !== ':memory:' && !fs.existsSync(file);
  if (isNew && options.mustExist) throw new DatabaseMissing(file);
  if (isNew) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // Create the file ourselves so its mode is 0600 whatever the umask.
      fs.closeSync(fs.openSync(file, 'a', 0o600));
      fs.chmodSync(file, 0o600);
    } catch (e) {
      throw new DatabaseUnavailable(file, (e as Error).message);
    }
  }
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: !isNew });
  } catch (e) {
    throw new DatabaseUnavailable(file, (e as Error).message);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    migrate(db, file, options.onMigrationPhase ?? (() => {}));
  } catch (e) {
    db.close();
    throw translateSqliteError(e, file);
  }
  return db;
}

function migrate(db: Db, file: string, phase: (name: string) => void): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new SchemaTooNew(file, version, SCHEMA_VERSION);
  if (version === SCHEMA_VERSION) return;
  // One immediate transaction: two processes opening a new file at once migrate it once. Foreign
  // keys are off while tables are rebuilt (they cannot change inside a transaction) and checked before commit.
  db.pragma('foreign_keys = OFF');
  // A migration may rewrite every row (schema 4 recomputes every timeline): a page cache as an import's
  // keeps changed pages from spilling into the WAL again and again (64 MiB at most, only as filled).
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -65536');
  try {
    db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      for (let v = current; v < SCHEMA_VERSION; v++) {
        const m = MIGRATIONS[v]!;
        if (typeof m === 'string') db.exec(m);
        else m(db, phase);
      }
      if (current < TIMELINE_RULES_VERSION) recomputeMigrated(db, phase);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`Migration left ${broken.length} rows with broken references in ${file}; nothing was changed`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = ${cache}`);
  }
}

/** Maps SQLite's busy/readonly errors to domain errors with a fix; passes others through. */
export function translateSqliteError(e: unknown, file: string): unknown {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') return new DatabaseBusy(file);
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new DatabaseUnavailable(file, (e as Error).message);
  }
  return e;
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A statement prepared once per connection: for the write paths a bulk import runs a million times. */
export function cachedStatement(db: Db, sql: string): Database.Statement {
  let m = statementCache.get(db);
  if (!m) statementCache.set(db, (m = new Map<string, Database.Statement>()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

/** Runs fn in one BEGIN IMMEDIATE transaction: the write lock is taken before any read. */
export function writeTx<T>(db: Db, fn: () => T): T {
  try {
    return db.transaction(fn).immediate();
  } catch (e) {
    throw translateSqliteError(e, db.name);
  }
}

/**
 * Yields `read()`'s items inside one read transaction, so reads made while they are consumed (a listing read
 * in two passes) see the same snapshot while other processes write. Ends when the items end or the consumer
 * stops early. Not for a connection already in a transaction.
 */
export function* readSnapshot<T>(db: Db, read: () => Iterable<T>): Generator<T> {
  db.exec('BEGIN');
  try {
    yield* read();
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

/** Deletes a database file with its WAL and shared-memory companions (used by demo to rebuild its own file). */
export function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}
