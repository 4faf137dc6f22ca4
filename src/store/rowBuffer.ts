// New rows written in bulk on PostgreSQL. On a server every statement is a round trip, and an import of
// customers wrote six or more a row (the customer, its contacts, opening decisions, histories and audit rows);
// an import of orders updated each month's total once per order (see pgSchema.ts, revision 1).
// While a buffer is open on a connection those inserts are collected instead, with their ids handed out here,
// and written by COPY a batch at a time, in the order of their foreign keys. Only for writes nothing reads
// back before the buffer is flushed: the caller (an import) knows what it inserted. A SQLite file writes at
// once: its statements cost microseconds.

import { type Db, hiddenDuplicate, isPostgres, largestIdSql, syncIdentities } from './db.js';
import type { PgDb } from './pg.js';

/** Rows collected before they are written. */
const BATCH = 5_000;

/** The order in which buffered tables are written: a row's foreign keys point into tables written before it. */
const ORDER = ['customers', 'contacts', 'orders', 'status_decisions', 'status_history', 'grade_history', 'code_history', 'audit_log'];

/** Where a table's ids come from when not only from its own rows: an order's id is never reused once voided. */
const LARGEST_ID: Record<string, readonly string[]> = {
  orders: ['orders', 'voided_orders'],
};

class RowBuffer {
  readonly #tables = new Map<string, { columns: readonly string[]; rows: unknown[][] }>();
  readonly #nextId = new Map<string, number>();
  #count = 0;

  constructor(readonly db: PgDb & Db) {}

  /** The id the next row of `table` takes: writers take turns (one write lock), so the largest id stays ours. */
  nextId(table: string): number {
    let n = this.#nextId.get(table);
    if (n === undefined) n = this.db.prepare(`SELECT ${largestIdSql(this.db, LARGEST_ID[table] ?? [table])}`).pluck().get() as number;
    this.#nextId.set(table, n + 1);
    return n + 1;
  }

  /** Adds a new row of `table` under the next id: the `id` column takes it, the others `row`'s values (absent: null). */
  insert(table: string, columns: readonly string[], row: object): number {
    const id = this.nextId(table);
    const values = row as Readonly<Record<string, unknown>>;
    this.add(table, columns, columns.map((c) => (c === 'id' ? id : (values[c] ?? null))));
    return id;
  }

  add(table: string, columns: readonly string[], values: unknown[]): void {
    let t = this.#tables.get(table);
    if (!t) {
      if (!ORDER.includes(table)) throw new Error(`rowBuffer: ${table} is not buffered`);
      t = { columns, rows: [] };
      this.#tables.set(table, t);
    }
    t.rows.push(values);
    if (++this.#count >= BATCH) this.flush();
  }

  /** Writes what is collected; afterwards the tables' id generators continue after the ids handed out. */
  flush(): void {
    for (const name of ORDER) {
      const t = this.#tables.get(name);
      if (!t || t.rows.length === 0) continue;
      try {
        this.db.copyIn(name, t.columns, t.rows);
      } catch (e) {
        // A name taken by a customer the session may not see: named from the buffered row of that name key.
        const key = t.columns.indexOf('name_key');
        const duplicate = name === 'customers' ? hiddenDuplicate(e, (k) => (k === '' ? undefined : (t.rows.find((r) => r[key] === k)?.[t.columns.indexOf('name')] as string | undefined))) : e;
        if (duplicate !== e) throw duplicate;
        // Not one row's fault to skip: the batch is lost with the transaction, so the whole write fails.
        throw new Error(`writing ${t.rows.length} buffered rows into ${name} failed: ${(e as Error).message}`, { cause: e });
      }
    }
    this.#tables.clear();
    this.#count = 0;
    if (this.#nextId.size) syncIdentities(this.db);
  }
}

const open = new WeakMap<Db, RowBuffer>();

/** The buffer open on this connection, if any (the store's insert functions write into it). */
export function rowBuffer(db: Db): RowBuffer | undefined {
  return open.get(db);
}

/** Whether new rows on this connection wait in a buffer (then a refused row has nothing written to take back). */
export function isBuffering(db: Db): boolean {
  return open.has(db);
}

/** Writes what the buffer open on this connection collected, before something reads those tables; else nothing. */
export function flushRowBuffer(db: Db): void {
  open.get(db)?.flush();
}

/**
 * Opens a buffer for new rows on a PostgreSQL connection (on SQLite nothing: rows are written at once).
 * `flush` writes what was collected (before anything reads those tables, and before the commit); `close`
 * ends buffering, dropping what was not flushed (the transaction is rolled back then). Always close it.
 */
export function openRowBuffer(db: Db): { flush: () => void; close: () => void } {
  if (!isPostgres(db) || open.has(db)) return { flush: () => {}, close: () => {} };
  const buffer = new RowBuffer(db);
  open.set(db, buffer);
  return {
    flush: () => buffer.flush(),
    close: () => {
      open.delete(db);
    },
  };
}
