// The PostgreSQL engine under the store (store/pg.ts): parameters, results as SQLite gives them, transactions,
// errors with SQLite's codes, the busy timeout, COPY, and a schema with the same tables and columns as the
// SQLite file's. The parameter translation is tested on both projects; the rest needs the server.

import crypto from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDb, recoverable, writeTx } from '../../src/store/db.js';
import { invariantViolations } from '../../src/store/maintenance.js';
import { PgDb, translateParameters, WRITE_LOCK_KEY } from '../../src/store/pg.js';
import { PG_BASE_SCHEMA, PG_BASE_VERSION, PG_MIGRATIONS, PG_REVISIONS } from '../../src/store/pgSchema.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { ENGINE, pgAdmin, pgUrl, refused, tempDir, tempPgDatabase } from '../helpers.js';

describe('SQLite parameters in PostgreSQL form', () => {
  it('numbers ? in order and @names once each, leaving quoted text and comments alone', () => {
    expect(translateParameters('SELECT ? , ?').text).toBe('SELECT $1 , $2');
    const t = translateParameters("SELECT @a, '@b ?', \"x?\", @a -- what? @c\n, @d");
    expect(t.text).toBe("SELECT $1, '@b ?', \"x?\", $1 -- what? @c\n, $2");
    expect(t.slots).toEqual(['a', 'd']);
    expect(translateParameters("SELECT 'it''s ?', ?").text).toBe("SELECT 'it''s ?', $1");
    expect(translateParameters('INSERT INTO "visits"(a) VALUES (?)').insertInto).toBe('visits');
  });
});

describe.skipIf(ENGINE !== 'postgres')('the PostgreSQL engine', () => {
  const open: Db[] = [];
  const connect = (url: string, busyTimeoutMs?: number): Db => {
    const db = openDb(url, busyTimeoutMs === undefined ? {} : { busyTimeoutMs });
    open.push(db);
    return db;
  };
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });

  it('has the SQLite file’s tables and columns (bar the search index, which PostgreSQL does without)', () => {
    const lite = openDb(path.join(tempDir(), 'parity.db'));
    const sqliteColumns = new Map<string, string[]>();
    for (const t of lite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]) {
      sqliteColumns.set(t, (lite.prepare(`SELECT name FROM pragma_table_info('${t}') ORDER BY name`).pluck().all() as string[]).sort());
    }
    lite.close();
    const pg = connect(tempPgDatabase());
    const pgColumns = new Map<string, string[]>();
    for (const t of pg.prepare("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1").pluck().all() as string[]) {
      // rowid: SQLite's hidden row number, a column on PostgreSQL where archives need the written order.
      pgColumns.set(t, (pg.prepare('SELECT column_name FROM information_schema.columns WHERE table_name = ? AND column_name <> ? ORDER BY 1').pluck().all(t, 'rowid') as string[]).sort());
    }
    expect(Object.fromEntries(pgColumns)).toEqual(Object.fromEntries(sqliteColumns));
  });

  it('gives results as SQLite does: integers, counts and sums as numbers, booleans as 1 and 0; lastInsertRowid from RETURNING', () => {
    const db = connect(tempPgDatabase());
    expect(db.prepare('SELECT count(*) AS n, sum(x) AS s, 1 < 2 AS t, 2 < 1 AS f FROM (SELECT 5::bigint AS x) AS v').get()).toEqual({ n: 1, s: 5, t: 1, f: 0 });
    writeTx(db, () => db.prepare("INSERT INTO users(name, created_at) VALUES ('甲', '2026-11-23')").run());
    const info = writeTx(db, () =>
      db.prepare("INSERT INTO customers(code, region, serial, grade, status, name, name_key, created_on, created_by, updated_at) VALUES ('Cb-粤GZ0001', '粤GZ', 1, 'C', 'b', '甲', '甲', '2026-11-23', '甲', 'x')").run(),
    );
    expect(info).toEqual({ changes: 1, lastInsertRowid: 1 });
    expect(db.prepare('SELECT name FROM users WHERE name = @n').pluck().get({ n: '甲' })).toBe('甲');
    expect(db.prepare('SELECT CAST(? AS bigint), ?').raw().get(1, 'a')).toEqual([1, 'a']);
  });

  it('rolls a failed transaction back whole; a savepoint keeps the transaction usable after a refused row', () => {
    const db = connect(tempPgDatabase());
    expect(() =>
      writeTx(db, () => {
        db.prepare("INSERT INTO meta(key, value) VALUES ('a', '1')").run();
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(db.prepare("SELECT count(*) FROM meta WHERE key = 'a'").pluck().get()).toBe(0);
    writeTx(db, () => {
      db.prepare("INSERT INTO meta(key, value) VALUES ('a', '1')").run();
      let code: string | undefined;
      try {
        recoverable(db, () => db.prepare("INSERT INTO meta(key, value) VALUES ('a', '2')").run());
      } catch (e) {
        code = (e as { code?: string }).code;
      }
      expect(code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
      db.prepare("INSERT INTO meta(key, value) VALUES ('b', '3')").run();
    });
    expect(db.prepare("SELECT key, value FROM meta WHERE key IN ('a', 'b') ORDER BY key").all()).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '3' },
    ]);
  });

  it('a writer waiting past the busy timeout for another’s transaction gets DatabaseBusy; afterwards it writes', () => {
    const url = tempPgDatabase();
    const holder = new PgDb(url);
    const waiter = connect(url, 300);
    try {
      holder.exec(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
      const started = Date.now();
      refused(() => writeTx(waiter, () => waiter.prepare("INSERT INTO meta(key, value) VALUES ('w', '1')").run()), 'database_busy');
      expect(Date.now() - started).toBeLessThan(3000);
      holder.exec('COMMIT');
      writeTx(waiter, () => waiter.prepare("INSERT INTO meta(key, value) VALUES ('w', '1')").run());
      expect(waiter.prepare("SELECT value FROM meta WHERE key = 'w'").pluck().get()).toBe('1');
    } finally {
      holder.close();
    }
  });

  it('runs its sessions without JIT compilation (it cost the churn report 2.2 s of 6.5 on a million customers)', () => {
    const db = connect(tempPgDatabase());
    expect(db.prepare('SHOW jit').pluck().get()).toBe('off');
  });

  it('opens a read-only session for the churn report’s second connection: it reads, and a write is refused', () => {
    const url = tempPgDatabase();
    connect(url);
    const reader = openDb(url, { readonly: true });
    open.push(reader);
    expect(reader.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(0);
    expect(() => reader.prepare("INSERT INTO meta(key, value) VALUES ('r', '1')").run()).toThrow(/read-only transaction/);
  });

  it('after each refusal the session is out of its transaction, however the server’s answers arrive', () => {
    // The error and the ready-for-query status can come in separate packets: the refused BEGIN's transaction
    // was once taken for none, left open and aborted, and the next command failed ("current transaction is aborted").
    const url = tempPgDatabase();
    const holder = new PgDb(url);
    const waiter = connect(url, 20);
    try {
      holder.exec(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
      for (let i = 0; i < 25; i++) {
        refused(() => writeTx(waiter, () => waiter.prepare("INSERT INTO meta(key, value) VALUES ('w', '1')").run()), 'database_busy');
        expect(waiter.inTransaction).toBe(false);
        expect(waiter.prepare("SELECT count(*) FROM meta WHERE key = 'w'").pluck().get()).toBe(0);
      }
      expect(() => waiter.prepare('SELECT no_such_column FROM meta').get()).toThrow(/no_such_column/);
      expect(waiter.inTransaction).toBe(false);
    } finally {
      holder.close();
    }
  });

  describe('the month totals the churn report reads, kept once per statement (revision 1)', () => {
    const totalsChecks = (db: Db): unknown[] => invariantViolations(db).filter((v) => v.check === 'order_months' || v.check === 'lost_order_months');
    const customer = (db: Db, id: number, status: string, lost: string | null): void => {
      db.prepare(
        "INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, lost_date, created_on, created_by, updated_at) VALUES (?, ?, '粤GZ', ?, 'C', ?, ?, ?, ?, '2026-01-01', '甲', 'x')",
      ).run(id, `C${status}-粤GZ${String(id).padStart(4, '0')}`, id, status, `客户${id}`, `客户${id}`, lost);
    };
    /** Orders spread over the customers and a year, in one COPY (one statement). */
    const load = (db: Db, first: number, n: number, customers = [1, 2, 3, 4, 5, 6]): void => {
      const rows = Array.from({ length: n }, (_, i) => [first + i, customers[i % customers.length], `2026-${String(1 + (i % 12)).padStart(2, '0')}-1${i % 10}`, 100 + i, null, '甲', 'x']);
      (db as unknown as PgDb).copyIn('orders', ['id', 'customer_id', 'date', 'amount_fen', 'note', 'recorded_by', 'recorded_at'], rows);
    };

    it('agree with the orders after COPY, moves, refunds, customers lost, back and deleted, each many rows at once', () => {
      const db = connect(tempPgDatabase());
      expect(db.prepare("SELECT value FROM meta WHERE key = 'pg_revision'").pluck().get()).toBe(String(PG_REVISIONS.length));
      expect(db.prepare("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'orders_%' OR tgname = 'customers_lost' ORDER BY 1").pluck().all()).toEqual([
        'customers_lost',
        'orders_added',
        'orders_changed',
        'orders_gone',
      ]);
      writeTx(db, () => {
        db.prepare("INSERT INTO users(name, created_at) VALUES ('甲', '2026-01-01')").run();
        for (let id = 1; id <= 6; id++) customer(db, id, id <= 2 ? 'c' : 'a', id === 1 ? '2026-05-10' : id === 2 ? '2026-06-01' : null);
        load(db, 1, 3000);
      });
      expect(totalsChecks(db)).toEqual([]);
      expect(db.prepare("SELECT orders FROM order_months WHERE month = '2026-03'").pluck().get()).toBe(250);
      const lostTotal = (): number => db.prepare('SELECT coalesce(sum(amount_fen), 0) FROM lost_order_months').pluck().get() as number;
      const lostOrders = (): number =>
        db.prepare("SELECT coalesce(sum(o.amount_fen), 0) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.status = 'c'").pluck().get() as number;
      expect(lostTotal()).toBe(lostOrders());
      expect(lostTotal()).toBeGreaterThan(0);
      const steps: [string, string][] = [
        ['a second COPY in the same months', ''],
        ['orders moved to a lost customer and to other months', "UPDATE orders SET customer_id = 1, date = '2025-12-31' WHERE customer_id = 3 AND amount_fen % 3 = 0"],
        ['amounts changed', 'UPDATE orders SET amount_fen = amount_fen + 7 WHERE id % 5 = 0'],
        ['only a note changed (the totals stay)', "UPDATE orders SET note = 'x' WHERE id % 2 = 0"],
        ['customers lost, back and moved to another lost month at once', "UPDATE customers SET status = CASE id WHEN 1 THEN 'a' WHEN 3 THEN 'c' WHEN 4 THEN 'c' ELSE status END, lost_date = CASE id WHEN 1 THEN NULL WHEN 2 THEN '2026-09-09' WHEN 3 THEN '2026-07-01' WHEN 4 THEN '2026-07-20' ELSE lost_date END"],
        ['a customer updated without its status', "UPDATE customers SET notes = 'n'"],
        ['orders refunded (deleted) across customers', 'DELETE FROM orders WHERE id % 7 = 0'],
        ['a lost customer deleted with its orders', 'DELETE FROM customers WHERE id = 2'],
        ['a customer not lost deleted with its orders', 'DELETE FROM customers WHERE id = 5'],
      ];
      for (const [what, sql] of steps) {
        writeTx(db, () => (sql === '' ? load(db, 10_001, 1200) : db.exec(sql)));
        expect({ what, violations: totalsChecks(db) }).toEqual({ what, violations: [] });
        expect({ what, lost: lostTotal() }).toEqual({ what, lost: lostOrders() });
      }
      // Each month's total is written once per statement, however many orders it takes.
      const before = db.prepare("SELECT n_tup_upd + n_tup_ins FROM pg_stat_xact_user_tables WHERE relname = 'order_months'").pluck().get() as number;
      writeTx(db, () => load(db, 20_001, 2400, [1, 3, 4, 6]));
      expect(totalsChecks(db)).toEqual([]);
      const after = db.prepare("SELECT n_tup_upd + n_tup_ins FROM pg_stat_xact_user_tables WHERE relname = 'order_months'").pluck().get() as number;
      expect(after - before).toBeLessThanOrEqual(12);
    });

    it('a person’s role meeting tables that need an upgrade is told to let the administrator run a command first', () => {
      const url = tempPgDatabase();
      const raw = new PgDb(url);
      try {
        raw.exec(PG_BASE_SCHEMA);
        for (let v = PG_BASE_VERSION; v < SCHEMA_VERSION; v++) raw.exec(PG_MIGRATIONS[v]!);
        raw.prepare("INSERT INTO meta(key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
      } finally {
        raw.close();
      }
      const role = `kehu_t_${crypto.randomBytes(4).toString('hex')}`;
      pgAdmin(`CREATE ROLE ${role} LOGIN IN ROLE kehu_assistant`);
      const database = new URL(url).pathname.slice(1);
      const e = refused(() => openDb(pgUrl(database, role)), 'schema_needs_owner');
      expect(e.params).toMatchObject({ user: role });
      expect(connect(url).prepare("SELECT value FROM meta WHERE key = 'pg_revision'").pluck().get()).toBe(String(PG_REVISIONS.length));
      expect(connect(pgUrl(database, role)).prepare('SELECT session_user').pluck().get()).toBe(role);
    });

    it('a database kept per row (revision 0) is revised when opened, its totals kept and right', () => {
      const url = tempPgDatabase();
      const raw = new PgDb(url);
      try {
        raw.exec(PG_BASE_SCHEMA);
        for (let v = PG_BASE_VERSION; v < SCHEMA_VERSION; v++) raw.exec(PG_MIGRATIONS[v]!);
        raw.prepare("INSERT INTO meta(key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
        raw.exec('BEGIN');
        raw.prepare("INSERT INTO users(name, created_at) VALUES ('甲', '2026-01-01')").run();
        for (let id = 1; id <= 6; id++) customer(raw, id, id <= 3 ? 'c' : 'b', id <= 3 ? `2026-0${id + 3}-01` : null);
        load(raw, 1, 600);
        raw.exec('COMMIT');
        expect(raw.prepare("SELECT tgname FROM pg_trigger WHERE tgname = 'orders_derived'").pluck().all()).toEqual(['orders_derived']);
      } finally {
        raw.close();
      }
      const db = connect(url);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'pg_revision'").pluck().get()).toBe(String(PG_REVISIONS.length));
      expect(db.prepare("SELECT count(*) FROM pg_trigger WHERE tgname = 'orders_derived'").pluck().get()).toBe(0);
      expect(totalsChecks(db)).toEqual([]);
      writeTx(db, () => {
        load(db, 1001, 600);
        db.exec("UPDATE customers SET status = 'c', lost_date = '2026-10-10' WHERE id = 4; DELETE FROM orders WHERE id % 4 = 0");
      });
      expect(totalsChecks(db)).toEqual([]);
    });
  });

  it('COPY writes tabs, newlines, backslashes, nulls and Chinese as given, and names the line it refused', () => {
    const db = new PgDb(tempPgDatabase());
    try {
      db.exec('CREATE TEMP TABLE t (a bigint, b text)');
      db.copyIn('t', ['a', 'b'], [[1, 'x\ty\nz\\w\r'], [2, null], [3, '中文 \\N']]);
      expect(db.prepare('SELECT a, b FROM t ORDER BY a').all()).toEqual([
        { a: 1, b: 'x\ty\nz\\w\r' },
        { a: 2, b: null },
        { a: 3, b: '中文 \\N' },
      ]);
      let line: number | undefined;
      try {
        db.copyIn('t', ['a', 'b'], [[4, 'ok'], ['五', 'x']]);
      } catch (e) {
        line = (e as { copyLine?: number }).copyLine;
      }
      expect(line).toBe(2);
    } finally {
      db.close();
    }
  });
});
