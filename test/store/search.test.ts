// The search index (schema migration 5) holds exactly what building it afresh from the rows gives, whatever
// wrote, changed or deleted the rows: the triggers, the migration's bulk fill and a deferred rebuild agree.

import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addCustomer } from '../../src/app/addCustomer.js';
import { importRecords } from '../../src/app/import.js';
import { logOrder } from '../../src/app/logOrder.js';
import { setStatus } from '../../src/app/setStatus.js';
import { nameColumns } from '../../src/core/names.js';
import { type Db, openDb, sqlite } from '../../src/store/db.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { deferSearchIndex, SEARCH_INDEXES } from '../../src/store/search.js';
import { ENGINE, fileAtVersion, tempDir, testContext } from '../helpers.js';

/** Every entry of the four indexes (term, row, position), as FTS5 itself lists them. */
function indexContents(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const index of SEARCH_INDEXES) {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_${index} USING fts5vocab(main, ${index}, 'instance')`);
    out[index] = db.prepare(`SELECT term, doc, offset FROM temp.vocab_${index} ORDER BY doc, term, offset`).raw().all();
  }
  return out;
}

/** The index as a bulk rebuild from today's rows makes it (what deferSearchIndex's restore does). */
function rebuilt(db: Db): Record<string, unknown[]> {
  db.exec('BEGIN');
  try {
    deferSearchIndex(db)();
    return indexContents(db);
  } finally {
    db.exec('ROLLBACK');
  }
}

let ctx: ReturnType<typeof testContext> | undefined;
afterEach(() => ctx?.db.close());

// The FTS5 index and its triggers are SQLite's; PostgreSQL searches the tables themselves (store/search.ts).
describe.skipIf(ENGINE === 'postgres')('search index upkeep', () => {
  it('after inserts, updates of every indexed column, code changes and deletes, holds what a rebuild gives', () => {
    ctx = testContext();
    const db = ctx.db;
    addCustomer(ctx, {
      name: '广州市天河电子有限公司', province: '广东', city: '广州', phone: '020-8888 1234', fax: '020 8888-1235', email: 'Sales@TianHe.com', address: '广州市天河区天河路 1 号',
      contacts: [{ name: '王伟', mobile: '138-0013-8000', email: 'wangwei@tianhe.com' }, { name: '李娜', phone: '020-8888 1236' }],
    });
    addCustomer(ctx, { name: '长沙重工机械有限公司', province: '湖南', city: '长沙', contacts: [{ name: 'John Smith', email: 'john@example.com' }] });
    addCustomer(ctx, { name: '乐清市正泰电器', province: '浙江', city: '乐清', address: '乐清市柳市镇' });
    const before = indexContents(db);
    expect(before.search_customer_words!.length).toBeGreaterThan(0);
    expect(rebuilt(db)).toEqual(before);

    // A first order changes the code (Cb → Ca), a set-status again (Ca → Cc): the code row follows.
    logOrder(ctx, { code: '粤GZ0001', amount: '100', date: '2026-11-01' });
    setStatus(ctx, { code: '湘CS0001', status: 'd', reason: '无需求', reasonCategory: 'no-need' });
    // Every indexed column changed by plain SQL, as any writer (kehu edit, a script) may.
    const renamed = nameColumns('广州市天河科技有限公司');
    db.prepare('UPDATE customers SET name = ?, name_key = ?, name_pinyin = ?, name_initials = ? WHERE id = 1').run(renamed.name, renamed.name_key, renamed.name_pinyin, renamed.name_initials);
    db.exec("UPDATE customers SET phone = NULL, fax = '(020) 1111 2222', email = 'info@tianhe.com', address = '广州市黄埔区' WHERE id = 1");
    db.exec("UPDATE customers SET address = NULL, phone = '0731-1234 5678' WHERE id = 3");
    db.exec("UPDATE contacts SET name = '王小伟', mobile = '13900139000' WHERE name = '王伟'");
    db.exec("INSERT INTO contacts(customer_id, name, mobile, phone, email) VALUES (2, '赵敏', '13700137000', NULL, 'zhao@example.com')");
    db.exec("DELETE FROM contacts WHERE name = '李娜'");
    // Unindexed columns leave the index alone.
    db.exec("UPDATE customers SET notes = 'x', visit_count = 3 WHERE id = 2");
    expect(indexContents(db)).not.toEqual(before);
    expect(rebuilt(db)).toEqual(indexContents(db));

    // A customer deleted takes its contacts' rows with it (ON DELETE CASCADE fires their triggers).
    db.exec('DELETE FROM customers WHERE id = 2');
    const after = indexContents(db);
    expect(rebuilt(db)).toEqual(after);
    for (const index of SEARCH_INDEXES) expect(after[index]!.some((e) => Math.floor((e as [string, number])[1] / 16) === 2 && index.includes('customer'))).toBe(false);
  });

  it('an import larger than the archive builds the index once at the end, the same as row by row', async () => {
    ctx = testContext();
    const dir = tempDir();
    const csv = `${dir}/c.csv`;
    const rows = ['name,province,city,phone,email,address,contact,mobile'];
    for (let i = 1; i <= 40; i++) rows.push(`测试${i}电子有限公司,广东,深圳,0755-1234 ${String(5000 + i)},s${i}@ex.com,深圳市南山区${i}号,联系人${i},1380013${String(8000 + i)}`);
    fs.writeFileSync(csv, rows.join('\n'));
    const r = await importRecords(ctx, { kind: 'customers', file: csv });
    expect(r.inserted).toBe(40);
    // The triggers are back.
    expect(ctx.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_search_*'").pluck().get()).toBe(6);
    const bulkBuilt = indexContents(ctx.db);
    // The same rows written one by one through the triggers.
    const other = testContext();
    try {
      for (let i = 1; i <= 40; i++) {
        addCustomer(other, { name: `测试${i}电子有限公司`, province: '广东', city: '深圳', phone: `0755-1234 ${String(5000 + i)}`, email: `s${i}@ex.com`, address: `深圳市南山区${i}号`, contacts: [{ name: `联系人${i}`, mobile: `1380013${String(8000 + i)}` }] });
      }
      expect(indexContents(other.db)).toEqual(bulkBuilt);
    } finally {
      other.db.close();
    }
  });

  it('an import smaller than the archive indexes its new rows at the end, and updates existing ones on the way', async () => {
    ctx = testContext();
    for (let i = 1; i <= 30; i++) addCustomer(ctx, { name: `已有${i}贸易有限公司`, province: '广东', city: '广州', phone: `020-8000 ${String(1000 + i)}`, contacts: [{ name: `老联系人${i}` }] });
    const csv = `${tempDir()}/small.csv`;
    fs.writeFileSync(csv, ['name,province,city,phone,contact,mobile', '新来电子有限公司,广东,深圳,0755-1234 5678,新人,13800138000', '已有1贸易有限公司,广东,广州,020-9999 0000,,'].join('\n'));
    expect(fs.statSync(csv).size / 300).toBeLessThan(30);
    const r = await importRecords(ctx, { kind: 'customers', file: csv, onDuplicate: 'update' });
    expect(r).toMatchObject({ inserted: 1, updated: 1 });
    expect(ctx.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_search_*'").pluck().get()).toBe(6);
    expect(rebuilt(ctx.db)).toEqual(indexContents(ctx.db));
  });

  it('migration 5 indexes the customers and contacts already in a file', () => {
    const { file, raw } = fileAtVersion(4);
    raw.exec(`
      INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, province, city, phone, email, address, created_on, created_by, updated_at, opening_grade)
        VALUES (1, 'Cb-粤GZ0001', '粤GZ', 1, 'C', 'b', '广州市天河电子有限公司', '广州市天河电子有限公司', '粤', '广州市', '020-8888 1234', 'sales@tianhe.com', '天河路1号', '2026-01-05', '张敏', '2026-01-05', 'C');
      INSERT INTO code_history(customer_id, code, valid_from) VALUES (1, 'Cb-粤GZ0001', '2026-01-05');
      INSERT INTO status_history(customer_id, seq, date, to_status, cause, operator, code) VALUES (1, 1, '2026-01-05', 'b', 'created', '张敏', 'Cb-粤GZ0001');
      INSERT INTO contacts(customer_id, name, mobile) VALUES (1, '王伟', '13800138000');
    `);
    raw.close();
    const db = openDb(file);
    try {
      expect(sqlite(db).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT name_pinyin, name_initials FROM customers').get()).toEqual({ name_pinyin: 'guangzhoushitianhedianziyouxiangongsi guangzhoutianhedianziyouxiangongsi', name_initials: 'gzsthdzyxgs gzthdzyxgs' });
      const migrated = indexContents(db);
      expect(migrated.search_contact_words).toEqual([
        ['伟', 17, 1],
        ['王', 17, 0],
      ]);
      expect(rebuilt(db)).toEqual(migrated);
    } finally {
      db.close();
    }
  });

  it('the triggers parse in SQLite before 3.44 (no ORDER BY inside an aggregate), so older sqlite3 commands still open the file', () => {
    ctx = testContext();
    const sql = ctx.db.prepare("SELECT group_concat(sql, ' ') FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_search_*'").pluck().get() as string;
    expect(sql).toContain('search_positions');
    expect(sql).not.toMatch(/group_concat\([^)]*ORDER BY/i);
  });
});
