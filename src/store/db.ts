// Opening the SQLite file: pragmas, owner-only creation, migrations, and the one transaction helper.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DomainError, HiddenDuplicateCustomer } from '../core/errors.js';
import { isPostgresUrl, PgDb, PgError, setTablesWithId } from './pg.js';
import { PG_BASE_SCHEMA, PG_BASE_VERSION, PG_MIGRATIONS, PG_REVISIONS, PG_TABLES_WITH_ID } from './pgSchema.js';
import { MIGRATIONS, SCHEMA_VERSION, TIMELINE_RULES_VERSION } from './schema.js';
import { recomputeMigrated } from './timeline.js';

export { fileOf, targetOf, indexedBy, isPostgres, listValues, orderedJoin, sqlite, sqliteOf, type Db, type SqliteDb, type Statement } from './engine.js';
import { isPostgres, sqlite, type Db, type SqliteDb, type Statement } from './engine.js';
import { rowBuffer } from './rowBuffer.js';

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

/** On a server: the tables need creating or upgrading, and the connected role does not own them. */
export class SchemaNeedsOwner extends DomainError {
  constructor(file: string, user: string) {
    super('schema_needs_owner', `Database ${file} needs its tables created or upgraded, which only their owner can do (connected as ${user})`, { file, user });
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

/**
 * Opens and migrates the database: a SQLite file (created owner-only if new) or, for a `postgres://` URL, a
 * session on that PostgreSQL server (store/pg.ts).
 */
export function openDb(file: string, options: OpenOptions = {}): Db {
  if (isPostgresUrl(file)) return openPostgres(file, options);
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
  let db: SqliteDb;
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
  return db as unknown as Db;
}

function migrate(db: SqliteDb, file: string, phase: (name: string) => void): void {
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
      if (current < TIMELINE_RULES_VERSION) recomputeMigrated(db as unknown as Db, phase);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`Migration left ${broken.length} rows with broken references in ${file}; nothing was changed`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = ${cache}`);
  }
}

/** Connects to a PostgreSQL server and creates or migrates kehu's schema there. */
function openPostgres(url: string, options: OpenOptions): Db {
  setTablesWithId(PG_TABLES_WITH_ID);
  const db = new PgDb(url);
  const name = db.name;
  try {
    // The server answers a busy lock (another writer) after this long, as SQLite's busy timeout does. No JIT:
    // kehu's queries walk indexes, and compiling the churn report's plans took 2.2 s of its 6.5 s on a
    // million customers (the planner's costs pass jit_above_cost however few rows the indexes give).
    db.exec(`SET lock_timeout = ${Math.max(1, Math.floor(options.busyTimeoutMs ?? 5000))}; SET client_min_messages = warning; SET jit = off`);
    migratePostgres(db, name, options);
    if (options.readonly) db.exec('SET default_transaction_read_only = on');
  } catch (e) {
    db.close();
    throw translatePgError(e, name);
  }
  return db;
}

/** The schema's version on a PostgreSQL server: meta's schema_version row (0 when there is no schema yet). */
function pgVersion(db: Db): number {
  const exists = db.prepare("SELECT to_regclass('meta') IS NOT NULL").pluck().get() as number;
  if (!exists) return 0;
  return Number((db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as string | undefined) ?? 0);
}

/** The server-only revision of a PostgreSQL schema (pgSchema.ts, PG_REVISIONS): meta's pg_revision row, else 0. */
function pgRevision(db: Db): number {
  return Number((db.prepare("SELECT value FROM meta WHERE key = 'pg_revision'").pluck().get() as string | undefined) ?? 0);
}

function migratePostgres(db: Db, name: string, options: OpenOptions): void {
  const version = pgVersion(db);
  if (version > SCHEMA_VERSION) throw new SchemaTooNew(name, version, SCHEMA_VERSION);
  if (version === SCHEMA_VERSION && pgRevision(db) >= PG_REVISIONS.length) return;
  if (options.mustExist && version === 0) throw new DatabaseMissing(name);
  // One transaction under the write lock: two processes meeting a new database create its schema once.
  try {
    upgradePostgres(db);
  } catch (e) {
    // insufficient_privilege: a person's role met tables that need their owner (after an upgrade of kehu).
    if (e instanceof PgError && e.sqlState === '42501') throw new SchemaNeedsOwner(name, db.prepare('SELECT session_user').pluck().get() as string);
    throw e;
  }
  options.onMigrationPhase?.('schema');
}

function upgradePostgres(db: Db): void {
  db.transaction(() => {
    let current = pgVersion(db);
    if (current === 0) {
      db.exec(PG_BASE_SCHEMA);
      current = PG_BASE_VERSION;
    }
    for (let v = current; v < SCHEMA_VERSION; v++) {
      const m = PG_MIGRATIONS[v];
      if (m === undefined) throw new Error(`No PostgreSQL migration from schema ${v} to ${v + 1}`);
      db.exec(m);
    }
    const upsert = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    upsert.run('schema_version', String(SCHEMA_VERSION));
    const revision = pgRevision(db);
    for (let r = revision; r < PG_REVISIONS.length; r++) db.exec(PG_REVISIONS[r]!);
    if (revision < PG_REVISIONS.length) upsert.run('pg_revision', String(PG_REVISIONS.length));
  })();
}

/**
 * A customer refused for a name already taken, which the checks before did not find: on a server, by a
 * customer the session may not see (row-level security). `name` gives the name of the row refused, from its
 * key (the server's detail: Key (name_key)=(…)). Other errors pass through.
 */
export function hiddenDuplicate(e: unknown, name: (key: string) => string | undefined): unknown {
  const cause = e instanceof PgError ? e : (e as { cause?: unknown })?.cause;
  if (!(cause instanceof PgError) || cause.sqlState !== '23505' || cause.constraint !== 'customers_name_key_key') return e;
  // Under row-level security the server leaves the key out: without a name from the caller, the error stays as it is.
  const key = /\(name_key\)=\((.*)\) already exists/.exec(cause.detail ?? '')?.[1] ?? '';
  const known = name(key) ?? (key === '' ? undefined : key);
  return known === undefined ? e : new HiddenDuplicateCustomer(known);
}

/** The PostgreSQL errors a user can act on, as domain errors: a busy lock, an unreachable or refusing server. */
export function translatePgError(e: unknown, name: string): unknown {
  if (!(e instanceof PgError)) return e;
  // lock_not_available (lock_timeout), serialization failure and deadlock once retries are spent.
  if (e.sqlState === '55P03' || e.sqlState === '40001' || e.sqlState === '40P01') return new DatabaseBusy(name);
  // Connection failures (08…), authentication (28…), a database that does not exist (3D000), insufficient privilege.
  if (e.sqlState.startsWith('08') || e.sqlState.startsWith('28') || e.sqlState === '3D000' || e.sqlState === '') {
    return new DatabaseUnavailable(name, e.message);
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|timeout/i.test(e.message) && e.code.startsWith('PG_')) return new DatabaseUnavailable(name, e.message);
  return e;
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

const statementCache = new WeakMap<Db, Map<string, Statement>>();

/** A statement prepared once per connection: for the write paths a bulk import runs a million times. */
export function cachedStatement(db: Db, sql: string): Statement {
  let m = statementCache.get(db);
  if (!m) statementCache.set(db, (m = new Map<string, Statement>()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

/** How often a PostgreSQL transaction the server failed for a conflict (serialization, deadlock) is run again. */
const PG_RETRIES = 5;

/**
 * Runs fn in one write transaction, the write lock taken before any read: BEGIN IMMEDIATE on SQLite, the
 * advisory write lock on PostgreSQL, where a transaction the server aborts for a conflict is run again (fn
 * only reads and writes the database) and a lock still held by another writer after the busy timeout is
 * DatabaseBusy (exit 75).
 */
export function writeTx<T>(db: Db, fn: () => T): T {
  if (isPostgres(db)) {
    for (let attempt = 1; ; attempt++) {
      try {
        return db.transaction(fn)();
      } catch (e) {
        const state = e instanceof PgError ? e.sqlState : '';
        if ((state === '40001' || state === '40P01') && attempt < PG_RETRIES) continue;
        throw translatePgError(e, db.name);
      }
    }
  }
  try {
    return db.transaction(fn).immediate();
  } catch (e) {
    throw translateSqliteError(e, db.name);
  }
}

/** Opens a read transaction: its reads see one state of the database while others write. */
export function beginRead(db: Db): void {
  db.exec(isPostgres(db) ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
}

/**
 * Yields `read()`'s items inside one read transaction, so reads made while they are consumed (a listing read
 * in two passes) see the same snapshot while other processes write. Ends when the items end or the consumer
 * stops early. Not for a connection already in a transaction.
 */
export function* readSnapshot<T>(db: Db, read: () => Iterable<T>): Generator<T> {
  beginRead(db);
  try {
    yield* read();
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

/**
 * Runs fn so that a database error it throws (a duplicate key a caller turns into a rejected row) leaves the
 * enclosing transaction usable: inside a savepoint on PostgreSQL, where a failed statement aborts the whole
 * transaction; as it is on SQLite, where a failed statement undoes only itself.
 */
export function recoverable<T>(db: Db, fn: () => T): T {
  // With a row buffer open (store/rowBuffer.ts) new rows are not written yet: nothing to take back.
  return isPostgres(db) && db.inTransaction && !rowBuffer(db) ? db.transaction(fn)() : fn();
}

/** The LIMIT of at most `n` rows, every row when `n` is 0 (PostgreSQL takes no negative LIMIT, SQLite's "none"). */
export function limitOf(n: number): number {
  return n > 0 ? n : Number.MAX_SAFE_INTEGER;
}

/** How long a write waits for another writer before DatabaseBusy: SQLite's busy timeout, PostgreSQL's lock_timeout. */
export function setBusyTimeout(db: Db, ms: number): void {
  const t = Math.max(0, Math.floor(ms));
  if (isPostgres(db)) db.exec(`SET lock_timeout = ${Math.max(1, t)}`);
  else sqlite(db).pragma(`busy_timeout = ${t}`);
}

/** Foreign keys checked at commit, not per statement, for the rest of the transaction. */
export function deferForeignKeys(db: Db): void {
  if (isPostgres(db)) db.exec('SET CONSTRAINTS ALL DEFERRED');
  else sqlite(db).pragma('defer_foreign_keys = ON');
}

/** Deletes a database file with its WAL and shared-memory companions (used by demo to rebuild its own file). */
export function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/**
 * After rows were written with their ids given (a loaded archive): on PostgreSQL each table's id generator
 * continues after the largest id, as SQLite's rowid does by itself.
 */
export function syncIdentities(db: Db): void {
  if (!isPostgres(db)) return;
  const tables = db
    .prepare("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES' ORDER BY 1")
    .pluck()
    .all() as string[];
  for (const t of tables) db.prepare(`SELECT kehu_sync_identity('${t}')`).get();
}

/**
 * SQL for the largest id among the rows of `tables` (0 when none): ids numbered after every row, seen or not.
 * On a server a person's session sees only some rows (row-level security): kehu_largest_id reads them all.
 */
export function largestIdSql(db: Db, tables: readonly string[]): string {
  if (isPostgres(db)) return `greatest(${tables.map((t) => `kehu_largest_id('${t}')`).join(', ')})`;
  return `(SELECT coalesce(max(m), 0) FROM (${tables.map((t) => `SELECT max(id) AS m FROM ${t}`).join(' UNION ALL ')}) AS ids)`;
}

/** The database at `target` if there is one (a file, or kehu's schema on a server), opened; else undefined. */
export function openExisting(target: string): Db | undefined {
  if (!isPostgresUrl(target)) return fs.existsSync(target) ? openDb(target) : undefined;
  try {
    return openDb(target, { mustExist: true });
  } catch (e) {
    if (e instanceof DatabaseMissing) return undefined;
    throw e;
  }
}

/**
 * Empties a database kehu demo built, to build it again: the file and its companions go; on a server every
 * row of kehu's tables goes (the schema, and the server's roles, stay).
 */
export function emptyDemoDatabase(target: string): void {
  if (!isPostgresUrl(target)) {
    removeDbFiles(target);
    return;
  }
  const db = openDb(target);
  try {
    const tables = db.prepare("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'meta' ORDER BY 1").pluck().all() as string[];
    writeTx(db, () => {
      db.exec(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY; DELETE FROM meta WHERE key NOT IN ('schema_version', 'pg_revision')`);
    });
  } finally {
    db.close();
  }
}
