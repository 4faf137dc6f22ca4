// The PostgreSQL engine: a connection with the same synchronous shape as better-sqlite3's (prepare, get, all,
// run, iterate, pluck, raw, exec, transaction), so the store's functions run on either engine. node-postgres
// runs on its own thread (store/pgWorker.ts); each call here waits for its answer on a shared flag.
//
// What differs is kept here: `@name` and `?` parameters become `$n`; integers, numerics and booleans come
// back as SQLite gives them; constraint errors carry SQLite's codes (the use cases map them to messages);
// every transaction that may write first takes one advisory lock, so writers take turns as on a SQLite file
// and the counters, serials and `max(id) + 1` numbers stay gap-free.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { PgReply, PgRequest } from './pgWorker.js';

/** The key of the advisory lock every writing transaction holds (any number; "kehu" in ASCII). */
export const WRITE_LOCK_KEY = 0x6b656875;

/** The most parameters one statement may carry (the protocol counts them in 16 bits). */
const MAX_PARAMS = 65_535;

export interface PgRunResult {
  changes: number;
  lastInsertRowid: number;
}

/** A PostgreSQL error, with SQLite's code where the store's callers look for one (constraint failures). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly sqlState: string,
    readonly detail?: string,
    /** The constraint a refused row broke (unique, foreign key, check), as the server names it. */
    readonly constraint?: string,
  ) {
    super(message);
    this.name = 'PgError';
  }

  /** For a refused COPY: the line of its data (1-based) the server refused. */
  copyLine?: number;
}

const SQLITE_CODE: Record<string, string> = {
  '23505': 'SQLITE_CONSTRAINT_UNIQUE',
  '23503': 'SQLITE_CONSTRAINT_FOREIGNKEY',
  '23514': 'SQLITE_CONSTRAINT_CHECK',
  '23502': 'SQLITE_CONSTRAINT_NOTNULL',
};

function pgError(e: { message: string; code?: string; detail?: string; constraint?: string; where?: string }): PgError {
  const state = e.code ?? '';
  let code = SQLITE_CODE[state] ?? (state.startsWith('23') ? 'SQLITE_CONSTRAINT' : `PG_${state || 'ERROR'}`);
  if (state === '23505' && e.constraint?.endsWith('_pkey')) code = 'SQLITE_CONSTRAINT_PRIMARYKEY';
  const error = new PgError(e.message, code, state, e.detail, e.constraint);
  // COPY says which of its lines it refused ("COPY customers, line 37, column name: …").
  const line = /\bCOPY \S+, line (\d+)/.exec(e.where ?? '');
  if (line) error.copyLine = Number(line[1]);
  return error;
}

/** A value in COPY's text format: \N for null, backslash escapes for the characters that end fields and rows. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? '1' : '0') : typeof v === 'number' || typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Where a `$n` takes its value from: a named parameter (`@name`) or the nth positional one (`?`). */
type Slot = string | number;

interface Translated {
  text: string;
  slots: Slot[];
  insertInto: string | undefined;
  /** The name the server keeps it prepared under (parsed and planned once per connection). */
  name: string;
}

const translations = new Map<string, Translated>();

/**
 * SQLite's parameters in PostgreSQL's form: `?` → `$1, $2…` in order, `@name` → one `$n` per name. Quoted
 * strings, quoted names and comments are left alone.
 */
export function translateParameters(sql: string): Translated {
  const known = translations.get(sql);
  if (known) return known;
  const slots: Slot[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      slots.push(positional++);
      out += `$${slots.length}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const m = /^@([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(i))!;
      let n = named.get(m[1]!);
      if (n === undefined) {
        slots.push(m[1]!);
        named.set(m[1]!, (n = slots.length));
      }
      out += `$${n}`;
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  const insert = /^\s*INSERT\s+INTO\s+"?([a-z_]+)"?/i.exec(out);
  const t = { text: out, slots, insertInto: insert ? insert[1]!.toLowerCase() : undefined, name: `k${crypto.createHash('sha1').update(out).digest('hex').slice(0, 20)}` };
  translations.set(sql, t);
  return t;
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const j = sql.indexOf(quote, i);
    if (j < 0) return sql.length;
    if (sql[j + 1] === quote) i = j + 2;
    else return j + 1;
  }
}

/** better-sqlite3's way of passing parameters: an object of named ones and positional values, arrays spread. */
function bind(slots: Slot[], args: unknown[]): unknown[] {
  if (slots.length === 0) return [];
  let named: Record<string, unknown> | undefined;
  const positional: unknown[] = [];
  for (const a of args) {
    if (Array.isArray(a)) positional.push(...(a as unknown[]));
    else if (a !== null && typeof a === 'object' && !(a instanceof Date) && !Buffer.isBuffer(a)) named = a as Record<string, unknown>;
    else positional.push(a);
  }
  return slots.map((s) => {
    const v = typeof s === 'number' ? positional[s] : named?.[s];
    if (v === undefined) throw new RangeError(typeof s === 'number' ? `Too few parameter values were provided` : `Missing named parameter "${s}"`);
    return typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? v.toString() : v;
  });
}

/** The tables whose rows have an `id` an INSERT reports back (lastInsertRowid). */
let tablesWithId: ReadonlySet<string> = new Set();
export function setTablesWithId(names: Iterable<string>): void {
  tablesWithId = new Set(names);
}

export class PgStatement {
  #pluck = false;
  #raw = false;
  readonly #t: Translated;

  constructor(
    private readonly db: PgDb,
    readonly source: string,
  ) {
    this.#t = translateParameters(source);
  }

  pluck(toggle = true): this {
    this.#pluck = toggle;
    if (toggle) this.#raw = false;
    return this;
  }

  raw(toggle = true): this {
    this.#raw = toggle;
    if (toggle) this.#pluck = false;
    return this;
  }

  #rows(args: unknown[]): unknown[] {
    const r = this.db.query(this.#t.text, bind(this.#t.slots, args), this.#pluck || this.#raw, undefined, this.#t.name);
    return this.#pluck ? r.rows.map((row) => (row as unknown[])[0]) : r.rows;
  }

  get(...args: unknown[]): unknown {
    return this.#rows(args)[0];
  }

  all(...args: unknown[]): unknown[] {
    return this.#rows(args);
  }

  iterate(...args: unknown[]): IterableIterator<unknown> {
    return this.#rows(args)[Symbol.iterator]();
  }

  run(...args: unknown[]): PgRunResult {
    const t = this.#t;
    const returning = t.insertInto !== undefined && tablesWithId.has(t.insertInto) && !/\bRETURNING\b/i.test(t.text);
    const r = this.db.query(returning ? `${t.text} RETURNING id` : t.text, bind(t.slots, args), false, undefined, returning ? `${t.name}r` : t.name);
    const last = returning && r.rows.length > 0 ? Number((r.rows[r.rows.length - 1] as { id: number }).id) : 0;
    return { changes: r.rowCount, lastInsertRowid: last };
  }
}

type Transaction<F extends (...args: never[]) => unknown> = F & { deferred: F; immediate: F; exclusive: F; default: F };

const WORKER_NEXT_TO_ME = fileURLToPath(new URL('./pgWorker.js', import.meta.url));
/** Run from the TypeScript sources (the tests), the compiled worker of `npm run build`. */
const WORKER_BUILT = fileURLToPath(new URL('../../dist/store/pgWorker.js', import.meta.url));

export interface PgConnectOptions {
  connectTimeoutMs?: number;
}

/** One session on a PostgreSQL server, used synchronously. */
export class PgDb {
  readonly engine = 'postgres' as const;
  /** The connection string without its password: what messages name. */
  readonly name: string;
  open = true;
  inTransaction = false;
  readonly #url: string;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));
  #savepoints = 0;

  constructor(url: string, options: PgConnectOptions = {}) {
    this.name = redact(url);
    this.#url = url;
    const { port1, port2 } = new MessageChannel();
    const file = fs.existsSync(WORKER_NEXT_TO_ME) ? WORKER_NEXT_TO_ME : WORKER_BUILT;
    this.#worker = new Worker(file, {
      workerData: { url, port: port2, flag: this.#flag, connectTimeoutMs: options.connectTimeoutMs ?? 10_000 },
      transferList: [port2],
    });
    this.#worker.unref();
    this.#port = port1;
  }

  /** The connection string as given, password and all: for a second connection of this process, never shown. */
  connectionString(): string {
    return this.#url;
  }

  /** Sends one statement and waits for its answer. */
  query(sql: string, params: unknown[] = [], array = false, copyData?: string, name?: string): { rows: unknown[]; rowCount: number; columns: string[] } {
    if (!this.open) throw new TypeError('The database connection is not open');
    Atomics.store(this.#flag, 0, 0);
    const request: PgRequest = copyData !== undefined ? { sql, copyData } : name !== undefined ? { sql, params, array, name } : { sql, params, array };
    this.#port.postMessage(request);
    // The worker posts its answer, then sets the flag and wakes this thread. A wake-up can be the previous
    // answer's (its notify may come after this thread read that answer and cleared the flag): wait again
    // until the answer is there.
    let reply: PgReply | undefined;
    for (;;) {
      Atomics.wait(this.#flag, 0, 0);
      reply = receiveMessageOnPort(this.#port)?.message as PgReply | undefined;
      if (reply) break;
    }
    this.inTransaction = reply.inTransaction;
    if (!reply.ok) throw pgError(reply.error);
    return reply;
  }

  readonly #rowSecurityOf = new Map<string, boolean>();

  /** Whether row-level security applies to this session's writes into `table` (asked once per table). */
  #rowSecurity(table: string): boolean {
    let active = this.#rowSecurityOf.get(table);
    if (active === undefined) {
      active = this.query('SELECT row_security_active($1::regclass) AS a', [table]).rows.some((r) => (r as { a: number }).a === 1);
      this.#rowSecurityOf.set(table, active);
    }
    return active;
  }

  prepare(sql: string): PgStatement {
    return new PgStatement(this, sql);
  }

  /** Writes rows into a table with one COPY FROM STDIN (bulk loads): each row's values in `columns` order. */
  copyIn(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): number {
    if (rows.length === 0) return 0;
    // COPY FROM refuses a table whose row-level security applies to the session (a person's own role):
    // the same rows go in as INSERTs of many rows each, which the policies check.
    if (this.#rowSecurity(table)) {
      const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
      const names = columns.map((c) => `"${c}"`).join(', ');
      let n = 0;
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const values = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        const params = chunk.flat().map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? v.toString() : v));
        n += this.query(`INSERT INTO ${table} (${names}) VALUES ${values}`, params).rowCount;
      }
      return n;
    }
    const data = rows.map((r) => r.map(copyValue).join('\t')).join('\n') + '\n';
    return this.query(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`, [], false, data).rowCount;
  }

  exec(sql: string): this {
    this.query(sql);
    return this;
  }

  /**
   * better-sqlite3's transaction function: BEGIN … COMMIT, or a savepoint inside another transaction. Every
   * kind takes the write lock first (a transaction here is opened to write).
   */
  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F> {
    const run = ((...args: never[]) => {
      if (this.inTransaction) {
        const name = `kehu_${++this.#savepoints}`;
        this.exec(`SAVEPOINT ${name}`);
        try {
          const result = fn(...args);
          this.exec(`RELEASE SAVEPOINT ${name}`);
          return result;
        } catch (e) {
          if (this.open) this.exec(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
          throw e;
        } finally {
          this.#savepoints--;
        }
      }
      try {
        this.exec(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
        const result = fn(...args);
        this.exec('COMMIT');
        return result;
      } catch (e) {
        if (this.open && this.inTransaction) this.exec('ROLLBACK');
        throw e;
      }
    }) as F;
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run, default: run });
  }

  close(): this {
    if (!this.open) return this;
    try {
      Atomics.store(this.#flag, 0, 0);
      this.#port.postMessage({ close: true });
      Atomics.wait(this.#flag, 0, 0, 5_000);
    } finally {
      this.open = false;
      this.#port.close();
      void this.#worker.terminate();
    }
    return this;
  }
}

/** A connection string as messages may show it: without a password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString().replace(/:@/, '@');
  } catch {
    return url.replace(/:[^:@/]*@/, '@');
  }
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}
