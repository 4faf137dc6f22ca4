import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { check } from '../../src/app/check.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import { type Db, openDb, sqlite } from '../../src/store/db.js';
import { fileAtVersion, tempDbPath } from '../helpers.js';

/** A file as the first release left it: migration 1 only, with a customer, its history and orders. */
function versionOneFile(): string {
  const file = tempDbPath();
  const raw = new Database(file);
  raw.exec(MIGRATIONS[0] as string);
  raw.pragma('user_version = 1');
  raw.exec(`
    INSERT INTO users(name, created_at) VALUES ('张敏', '2026-01-01T00:00:00Z');
    INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, province, city, type, source, created_on, created_by, updated_at, cooperating_since, last_order_date)
      VALUES (1, 'Ba-粤GZ0001', '粤GZ', 1, 'B', 'a', '广州甲', '广州甲', '粤', '广州市', 'dealer', 'phone', '2026-01-05', '张敏', '2026-01-05', '2026-02-01', '2026-03-10');
    INSERT INTO code_history(code, customer_id, valid_from) VALUES ('Ba-粤GZ0001', 1, '2026-01-05');
    INSERT INTO status_history(customer_id, from_status, to_status, date, operator, recorded_at) VALUES (1, NULL, 'b', '2026-01-05', '张敏', 'x'), (1, 'b', 'a', '2026-02-01', '张敏', 'x');
    INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (1, '2026-02-01', 100000, '张敏', 'x'), (1, '2026-02-20', 5000, '张敏', 'x'), (1, '2026-03-10', 7000, '张敏', 'x');
    INSERT INTO visits(customer_id, seq, visited_at, method, handler, summary, recorded_by, recorded_at) VALUES (1, 1, '2026-01-06T10:00', 'phone', '张敏', '初次电话', '张敏', 'x');
  `);
  raw.close();
  return file;
}

const monthTotals = (db: Db): unknown[] => db.prepare('SELECT month, amount_fen, orders FROM order_months ORDER BY month').all();

describe('migration 2 (cheaper checks, covering indexes, monthly order totals)', () => {
  let db: Db | undefined;
  afterEach(() => db?.close());

  it('keeps every row of a version-1 file, and the same rules refuse the same values', () => {
    const file = versionOneFile();
    db = openDb(file);
    expect(sqlite(db).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT code, grade, status, name, last_order_date FROM customers').all()).toEqual([
      { code: 'Ba-粤GZ0001', grade: 'B', status: 'a', name: '广州甲', last_order_date: '2026-03-10' },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM status_history').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT summary FROM visits').pluck().all()).toEqual(['初次电话']);
    expect(sqlite(db).pragma('foreign_key_check')).toEqual([]);
    expect(sqlite(db).pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite(db).pragma('foreign_keys', { simple: true })).toBe(1);
    // The rewritten checks still refuse what the IN lists refused, and still let NULL through where they did.
    const bad = (sql: string): void => expect(() => db!.exec(sql)).toThrow(/CHECK constraint failed/);
    bad("UPDATE customers SET grade = 'D'");
    bad("UPDATE customers SET status = 'e'");
    bad("UPDATE customers SET type = 'retail'");
    bad("UPDATE status_history SET to_status = 'x'");
    bad("UPDATE visits SET method = 'pigeon'");
    db.exec('UPDATE customers SET type = NULL, source = NULL');
    // Foreign keys still point at the rebuilt tables.
    expect(() => db!.exec("INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (99, '2026-04-01', 1, 'x', 'x')")).toThrow(/FOREIGN KEY/);
  });

  it('fills the monthly order totals from existing orders and keeps them exact through inserts, updates and deletes', () => {
    const file = versionOneFile();
    db = openDb(file);
    expect(monthTotals(db)).toEqual([
      { month: '2026-02', amount_fen: 105000, orders: 2 },
      { month: '2026-03', amount_fen: 7000, orders: 1 },
    ]);
    db.exec("INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (1, '2026-03-31', 3000, 'x', 'x'), (1, '2026-04-01', 1, 'x', 'x')");
    db.exec("UPDATE orders SET date = '2026-04-02' WHERE amount_fen = 5000");
    db.exec('UPDATE orders SET amount_fen = 200000 WHERE amount_fen = 100000');
    db.exec('DELETE FROM orders WHERE amount_fen = 1');
    const truth = db.prepare("SELECT substr(date, 1, 7) AS month, sum(amount_fen) AS amount_fen, count(*) AS orders FROM orders GROUP BY 1 ORDER BY 1").all();
    expect(monthTotals(db).filter((m) => (m as { orders: number }).orders > 0)).toEqual(truth);
  });

  it('a new file gets the same schema as a migrated one', () => {
    const fresh = openDb(tempDbPath());
    db = openDb(versionOneFile());
    const schema = (d: Db): unknown[] => d.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
    expect(schema(db)).toEqual(schema(fresh));
    fresh.close();
  });
});

describe('migration 3 (lost customers’ order revenue by lost month)', () => {
  let db: Db | undefined;
  afterEach(() => db?.close());

  const kept = (d: Db): unknown[] => d.prepare('SELECT lost_month, order_month, amount_fen FROM lost_order_months WHERE amount_fen <> 0 ORDER BY 1, 2').raw().all();
  const truth = (d: Db): unknown[] =>
    d
      .prepare(
        `SELECT coalesce(substr(c.lost_date, 1, 7), ''), substr(o.date, 1, 7), sum(o.amount_fen) FROM orders o JOIN customers c ON c.id = o.customer_id
         WHERE c.status = 'c' GROUP BY 1, 2 HAVING sum(o.amount_fen) <> 0 ORDER BY 1, 2`,
      )
      .raw()
      .all();

  it('fills the totals from a lost customer already in the file, and keeps them exact through every way orders and statuses change', () => {
    const file = versionOneFile();
    const raw = new Database(file);
    raw.exec(`
      INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, created_on, created_by, updated_at, lost_date)
        VALUES (2, 'Bc-粤GZ0002', '粤GZ', 2, 'B', 'c', '广州乙', '广州乙', '2025-01-05', '张敏', '2025-01-05', '2026-05-03');
      INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (2, '2025-10-01', 100, '张敏', 'x'), (2, '2025-11-05', 20, '张敏', 'x');
      INSERT INTO status_history(customer_id, from_status, to_status, date, operator, reason_category, reason, recorded_at)
        VALUES (2, NULL, 'b', '2025-01-05', '张敏', NULL, NULL, 'x'), (2, 'b', 'a', '2025-10-01', '张敏', NULL, '首次订货 / first order', 'x'),
               (2, 'a', 'c', '2026-05-03', '张敏', 'price', '价格', 'x');
    `);
    raw.close();
    db = openDb(file);
    expect(kept(db)).toEqual([
      ['2026-05', '2025-10', 100],
      ['2026-05', '2025-11', 20],
    ]);
    const steps = [
      "INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (2, '2025-11-20', 5, 'x', 'x'), (1, '2026-03-31', 3000, 'x', 'x')",
      "UPDATE customers SET status = 'a', lost_date = NULL WHERE id = 2", // won back: its orders leave
      "UPDATE customers SET status = 'c' WHERE id = 1", // lost, no date yet: counted under ''
      "UPDATE customers SET lost_date = '2026-09-10' WHERE id = 1",
      "UPDATE customers SET status = 'c', lost_date = '2026-06-01' WHERE id = 2",
      "UPDATE orders SET date = '2026-01-02', amount_fen = amount_fen * 3 WHERE customer_id = 2",
      'UPDATE orders SET customer_id = 1 WHERE amount_fen = 15',
      'DELETE FROM orders WHERE amount_fen = 60',
      "UPDATE customers SET code = 'Bc-粤GZ0001', grade = 'B', status = 'c' WHERE id = 1", // status written, unchanged
      'DELETE FROM customers WHERE id = 2',
    ];
    for (const sql of steps) {
      db.exec(sql);
      expect(kept(db), sql).toEqual(truth(db));
    }
    expect(kept(db)).not.toEqual([]);
    expect(sqlite(db).pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('migration 4 (facts stored, timelines derived)', () => {
  let db: Db | undefined;
  afterEach(() => db?.close());

  /** A version-3 file holding what the old writers left: history that depended on when commands ran. */
  function versionThreeFile(): string {
    const { file, raw } = fileAtVersion(3);
    raw.exec(`
      INSERT INTO users(name, created_at) VALUES ('张敏', 'x'), ('刘洋', 'x'), ('赵雪', 'x'), ('孙伟', 'x');
      INSERT INTO user_roles(user, role) VALUES ('张敏', 'assistant'), ('刘洋', 'sales-manager'), ('赵雪', 'market-manager'), ('孙伟', 'general-manager');
      -- 1: ordered through a six-month gap; no loss was ever recorded (the later order came first).
      INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, created_on, created_by, updated_at, cooperating_since, last_order_date)
        VALUES (1, 'Ca-粤GZ0001', '粤GZ', 1, 'C', 'a', '甲', '甲', '2025-01-10', '张敏', 'x', '2025-02-15', '2026-10-08');
      INSERT INTO status_history(customer_id, from_status, to_status, date, operator, reason_category, reason, recorded_at)
        VALUES (1, NULL, 'b', '2025-01-10', '张敏', NULL, NULL, 'x'), (1, 'b', 'a', '2025-02-15', '张敏', NULL, '首次订货 / first order', 'x');
      INSERT INTO code_history(code, customer_id, valid_from, valid_to) VALUES ('Cb-粤GZ0001', 1, '2025-01-10', '2025-02-15'), ('Ca-粤GZ0001', 1, '2025-02-15', NULL);
      INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at)
        VALUES (1, '2025-02-15', 100, '张敏', 'x'), (1, '2025-05-10', 100, '张敏', 'x'), (1, '2025-08-20', 100, '张敏', 'x'), (1, '2025-12-01', 100, '张敏', 'x'), (1, '2026-10-08', 100, '张敏', 'x');
      -- 2: a potential VIP approved by two managers, then its first order made it Aa.
      INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, created_on, created_by, updated_at, cooperating_since, last_order_date)
        VALUES (2, 'Aa-粤GZ0002', '粤GZ', 2, 'A', 'a', '乙', '乙', '2025-01-10', '张敏', 'x', '2026-09-01', '2026-09-01');
      INSERT INTO status_history(customer_id, from_status, to_status, date, operator, reason_category, reason, recorded_at)
        VALUES (2, NULL, 'b', '2025-01-10', '张敏', NULL, NULL, 'x'), (2, 'b', 'a', '2026-09-01', '张敏', NULL, '首次订货 / first order', 'x');
      INSERT INTO applications(id, customer_id, kind, from_grade, to_grade, status, required_roles, applicant, applied_on, decided_on)
        VALUES (1, 2, 'upgrade', 'C', 'A', 'approved', '["sales-manager","market-manager"]', '张敏', '2026-03-01', '2026-03-05');
      INSERT INTO approvals(application_id, approver, role, decision, date) VALUES (1, '刘洋', 'sales-manager', 'approve', '2026-03-02'), (1, '赵雪', 'market-manager', 'approve', '2026-03-05');
      INSERT INTO grade_history(customer_id, from_grade, to_grade, date, operator, application_id, reason, recorded_at) VALUES (2, 'C', 'A', '2026-03-05', '赵雪', 1, '升级 / upgrade #1', 'x');
      INSERT INTO code_history(code, customer_id, valid_from, valid_to) VALUES ('Cb-粤GZ0002', 2, '2025-01-10', '2026-03-05'), ('Ab-粤GZ0002', 2, '2026-03-05', '2026-09-01'), ('Aa-粤GZ0002', 2, '2026-09-01', NULL);
      INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (2, '2026-09-01', 100, '张敏', 'x');
      -- 3: declared lost by the sales manager; an automatic loss written by cron for another.
      INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, created_on, created_by, updated_at, cooperating_since, last_order_date, lost_date)
        VALUES (3, 'Bc-粤GZ0003', '粤GZ', 3, 'B', 'c', '丙', '丙', '2025-01-10', '张敏', 'x', '2025-01-10', '2026-04-01', '2026-06-01');
      INSERT INTO status_history(customer_id, from_status, to_status, date, operator, reason_category, reason, recorded_at)
        VALUES (3, NULL, 'a', '2025-01-10', '张敏', NULL, NULL, 'x'), (3, 'a', 'c', '2026-06-01', '刘洋', 'competitor', '转向竞争对手', 'x');
      INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (3, '2026-04-01', 100, '张敏', 'x');
      INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, created_on, created_by, updated_at, cooperating_since, last_order_date, lost_date)
        VALUES (4, 'Cc-粤GZ0004', '粤GZ', 4, 'C', 'c', '丁', '丁', '2025-01-10', '张敏', 'x', '2025-03-01', '2025-12-01', '2026-06-01');
      INSERT INTO status_history(customer_id, from_status, to_status, date, operator, reason_category, reason, recorded_at)
        VALUES (4, NULL, 'b', '2025-01-10', '张敏', NULL, NULL, 'x'), (4, 'b', 'a', '2025-03-01', '张敏', NULL, '首次订货 / first order', 'x'),
               (4, 'a', 'c', '2026-06-01', 'cron', 'no-order-6m', '最后订货 2025-12-01', 'x');
      INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (4, '2025-03-01', 100, '张敏', 'x'), (4, '2025-12-01', 100, '张敏', 'x');
      INSERT INTO region_counters(region, last_serial) VALUES ('粤GZ', 4);
    `);
    raw.close();
    return file;
  }

  it('turns the old rows into facts and recomputes every timeline; the check then holds', () => {
    const phases: string[] = [];
    db = openDb(versionThreeFile(), { onMigrationPhase: (name) => phases.push(name) });
    // Migration 4's phases, then the search index's (migration 5), then the recomputation after the last migration.
    expect(phases).toEqual(['columns', 'reviews and grades', 'decisions', 'tables', 'pinyin', 'search index', 'search index merged', 'recompute', 'indexes']);
    expect(sqlite(db).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // Manual decisions are facts now; order-caused and automatic changes are not.
    expect(db.prepare('SELECT customer_id, date, to_status, kind, reason_category, operator FROM status_decisions ORDER BY id').all()).toEqual([
      { customer_id: 3, date: '2025-01-10', to_status: 'a', kind: 'opening', reason_category: null, operator: '张敏' },
      { customer_id: 3, date: '2026-06-01', to_status: 'c', kind: 'manual', reason_category: 'competitor', operator: '刘洋' },
    ]);
    const history = (id: number): unknown[] => db!.prepare('SELECT date, from_status, to_status, cause FROM status_history WHERE customer_id = ? ORDER BY seq').raw().all(id);
    // 1: the loss the gap made, and the win-back, whatever order the orders came in.
    expect(history(1)).toEqual([
      ['2025-01-10', null, 'b', 'created'],
      ['2025-02-15', 'b', 'a', 'first_order'],
      ['2026-06-01', 'a', 'c', 'auto_loss'],
      ['2026-10-08', 'c', 'a', 'win_back'],
    ]);
    expect(db.prepare('SELECT code, valid_from, valid_to FROM code_history WHERE customer_id = 1 ORDER BY valid_from').raw().all()).toEqual([
      ['Cb-粤GZ0001', '2025-01-10', '2025-02-15'],
      ['Ca-粤GZ0001', '2025-02-15', '2026-06-01'],
      ['Cc-粤GZ0001', '2026-06-01', '2026-10-08'],
      ['Ca-粤GZ0001', '2026-10-08', null],
    ]);
    // 2: no formal VIP without the general manager.
    expect(db.prepare('SELECT code, grade FROM customers WHERE id = 2').get()).toEqual({ code: 'Ba-粤GZ0002', grade: 'B' });
    expect(db.prepare('SELECT date, from_grade, to_grade, cause FROM grade_history WHERE customer_id = 2 ORDER BY seq').raw().all()).toEqual([
      ['2026-03-05', 'C', 'A', 'decision'],
      ['2026-09-01', 'A', 'B', 'vip_unconfirmed'],
    ]);
    // 3 keeps its decision; 4's automatic loss is derived again, by kehu.
    expect(history(3).at(-1)).toEqual(['2026-06-01', 'a', 'c', 'decision']);
    expect(db.prepare('SELECT operator, reason FROM status_history WHERE customer_id = 4 ORDER BY seq DESC LIMIT 1').get()).toEqual({ operator: 'kehu', reason: '最后订货 2025-12-01' });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'timeline_as_of'").pluck().get()).toBe('2026-10-08');
    const ctx = { db, operator: '张敏', now: new Date('2026-11-23T10:00:00+08:00') };
    expect(check(ctx)).toMatchObject({ ok: true, violations: [] });
  });

  it('a new file gets the same schema as a migrated one', () => {
    const fresh = openDb(tempDbPath());
    db = openDb(versionThreeFile());
    const schema = (d: Db): unknown[] => d.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
    expect(schema(db)).toEqual(schema(fresh));
    fresh.close();
  });
});

describe('migration 7 (the role 市场拓展, the quota indexes)', () => {
  let db: Db | undefined;
  afterEach(() => db?.close());

  it('keeps every user and role of a version-6 file and then accepts market-development, nothing else new', () => {
    const { file, raw } = fileAtVersion(6);
    raw.exec(`
      INSERT INTO users(name, created_at) VALUES ('张敏', 'x'), ('王磊', 'x'), ('李拓', 'x');
      INSERT INTO user_roles(user, role) VALUES ('张敏', 'assistant'), ('王磊', 'business-manager'), ('王磊', 'tech-support'), ('李拓', 'sales-manager');
    `);
    expect(() => raw.exec("INSERT INTO user_roles(user, role) VALUES ('李拓', 'market-development')")).toThrow(/CHECK constraint failed/);
    raw.close();
    db = openDb(file);
    expect(sqlite(db).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT user, role FROM user_roles ORDER BY user, role').raw().all()).toEqual([
      ['张敏', 'assistant'],
      ['李拓', 'sales-manager'],
      ['王磊', 'business-manager'],
      ['王磊', 'tech-support'],
    ]);
    db.prepare("INSERT INTO user_roles(user, role) VALUES ('李拓', 'market-development')").run();
    expect(() => db!.prepare("INSERT INTO user_roles(user, role) VALUES ('李拓', 'intern')").run()).toThrow(/CHECK constraint failed/);
    // The foreign key to users still holds.
    expect(() => db!.prepare("INSERT INTO user_roles(user, role) VALUES ('nobody', 'assistant')").run()).toThrow(/FOREIGN KEY/);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('visits_time', 'visits_stage', 'customers_created') ORDER BY name").pluck().all();
    expect(indexes).toEqual(['customers_created', 'visits_stage', 'visits_time']);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'orders_date'").pluck().get()).toBe('CREATE INDEX orders_date ON orders(date, customer_id, amount_fen)');
    expect(sqlite(db).pragma('foreign_key_check')).toEqual([]);
    expect(sqlite(db).pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
