// Bulk import and export use cases against a real temp database: encodings, formats, all-or-nothing, duplicates, activity.

import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { addCustomer } from '../../src/app/addCustomer.js';
import { logOrder } from '../../src/app/logOrder.js';
import { setStatus } from '../../src/app/setStatus.js';
import { voidOrder } from '../../src/app/voidRecord.js';
import { exportTable } from '../../src/app/export.js';
import { importRecords, type ImportOptions } from '../../src/app/import.js';
import { addUser } from '../../src/app/users.js';
import { invariantViolations } from '../../src/store/maintenance.js';
import { dumpChecksum, query, tempDir, testContext } from '../helpers.js';

type Ctx = ReturnType<typeof testContext>;

function setup(): Ctx {
  const ctx = testContext();
  addUser(ctx, '张敏', ['assistant']);
  addUser(ctx, '李强', ['business-manager']);
  return ctx;
}

function file(name: string, content: string | Buffer): string {
  const f = path.join(tempDir(), name);
  fs.writeFileSync(f, content);
  return f;
}

function run(ctx: Ctx, o: Partial<ImportOptions> & { file: string }) {
  return importRecords(ctx, { kind: 'customers', ...o });
}

const names = (ctx: Ctx): string[] => query<{ name: string }>(ctx.file, 'SELECT name FROM customers ORDER BY id').map((r) => r.name);

describe('import customers: encodings and formats', () => {
  it('reads a GBK (GB18030) CSV with Chinese headers and keeps the names intact', async () => {
    const ctx = setup();
    const csv = '单位名称,省份,城市,客户等级,客户类型,联系人,部门/职位,手机\r\n广州市天河电子有限公司,广东,广州,重点,经销商,王伟,采购经理,13800138000\r\n乐清电气（温州）有限公司,浙江,乐清,C,配套客户,,,\r\n';
    const r = await run(ctx, { file: file('gbk.csv', iconv.encode(csv, 'gbk')) });
    expect(r).toMatchObject({ encoding: 'gb18030', rows: 2, inserted: 2, rejected: 0, committed: true });
    expect(names(ctx)).toEqual(['广州市天河电子有限公司', '乐清电气(温州)有限公司']);
    const rows = query<{ code: string; type: string; district: string | null }>(ctx.file, 'SELECT code, type, district FROM customers ORDER BY id');
    expect(rows).toEqual([
      { code: 'Bb-粤GZ0001', type: 'dealer', district: null },
      { code: 'Cb-浙WZ0001', type: 'oem', district: '乐清市' },
    ]);
    expect(query(ctx.file, 'SELECT name, title, mobile FROM contacts')).toEqual([{ name: '王伟', title: '采购经理', mobile: '13800138000' }]);
  });

  it('reads UTF-8 with a BOM and English headers; codes continue the region serial', async () => {
    const ctx = setup();
    addCustomer(ctx, { name: '已有公司', province: '广东', city: '广州' });
    const csv = '\ufeffname,province,city,grade,status,source,owner,created_on\n深圳华强,广东,深圳,A,a,exhibition,张敏,2025-03-01\n广州白云,粤,广州,,,,,\n';
    const r = await run(ctx, { file: file('bom.csv', csv) });
    expect(r).toMatchObject({ encoding: 'utf-8', inserted: 2, committed: true });
    // A formal VIP imported by an assistant waits for the general manager (B); with no order in six months it is lost.
    expect(query(ctx.file, 'SELECT code, cooperating_since, lost_date, created_on FROM customers ORDER BY id')).toEqual([
      { code: 'Cb-粤GZ0001', cooperating_since: null, lost_date: null, created_on: '2026-11-23' },
      { code: 'Bc-粤SZ0001', cooperating_since: '2025-03-01', lost_date: '2025-09-01', created_on: '2025-03-01' },
      { code: 'Cb-粤GZ0002', cooperating_since: null, lost_date: null, created_on: '2026-11-23' },
    ]);
    expect(query(ctx.file, "SELECT last_serial FROM region_counters WHERE region = '粤GZ'")).toEqual([{ last_serial: 2 }]);
    expect(addCustomer(ctx, { name: '之后新增', province: '广东', city: '广州' }).customer.code).toBe('Cb-粤GZ0003');
  });

  it('refuses a file that is neither UTF-8 nor GB18030 when UTF-8 is forced', async () => {
    const ctx = setup();
    const before = dumpChecksum(ctx.file);
    await expect(run(ctx, { file: file('x.csv', iconv.encode('单位名称,省份,城市\n某公司,广东,广州\n', 'gbk')), encoding: 'utf8' })).rejects.toMatchObject({ key: 'wrong_encoding' });
    expect(dumpChecksum(ctx.file)).toBe(before);
  });

  it('imports an XLSX written by exceljs, from the named sheet', async () => {
    const ctx = setup();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['这一页不是数据']);
    const ws = wb.addWorksheet('客户档案');
    ws.addRow(['单位名称', '省份', '城市', '建档日期', '经营年限']);
    ws.addRow(['成都天府贸易', '四川', '都江堰', new Date(Date.UTC(2024, 4, 6)), 12]);
    ws.addRow(['重庆山城机电', '重庆', '渝中区', '2024-06-01', '']);
    const f = path.join(tempDir(), 'c.xlsx');
    await wb.xlsx.writeFile(f);
    const r = await run(ctx, { file: f, sheet: '客户档案' });
    expect(r).toMatchObject({ format: 'xlsx', inserted: 2, committed: true });
    expect(query(ctx.file, 'SELECT code, created_on, years_in_business FROM customers ORDER BY id')).toEqual([
      { code: 'Cb-川CD0001', created_on: '2024-05-06', years_in_business: 12 },
      { code: 'Cb-渝CQ0001', created_on: '2024-06-01', years_in_business: null },
    ]);
    await expect(run(ctx, { file: f, sheet: '没有' })).rejects.toMatchObject({ key: 'malformed_import' });
  });

  it('imports JSON arrays, NDJSON and standard input', async () => {
    const ctx = setup();
    const json = JSON.stringify([{ name: '甲公司', province: '福建', city: '龙岩' }, { 单位名称: undefined, name: '乙公司', province: '闽', city: '厦门', years_in_business: 5 }]);
    expect(await run(ctx, { file: file('a.json', json) })).toMatchObject({ format: 'json', inserted: 2 });
    const nd = '{"name":"丙公司","province":"福建","city":"福州"}\n\n{"name":"丁公司","province":"福建","city":"泉州"}\n';
    expect(await run(ctx, { file: file('a.ndjson', nd) })).toMatchObject({ format: 'ndjson', inserted: 2 });
    const stdin = Readable.from([Buffer.from('name,province,city\n戊公司,福建,漳州\n')]);
    expect(await run(ctx, { file: '-', stdin })).toMatchObject({ format: 'csv', inserted: 1 });
    expect(names(ctx)).toEqual(['甲公司', '乙公司', '丙公司', '丁公司', '戊公司']);
  });
});

describe('import customers: all or nothing', () => {
  const good = 'name,province,city,grade\n';

  it('reports a bad row by line and column and writes nothing', async () => {
    const ctx = setup();
    addCustomer(ctx, { name: '已有公司', province: '广东', city: '广州' });
    const before = dumpChecksum(ctx.file);
    const csv = `${good}一号公司,广东,广州,A\n二号公司,广东,火星市,B\n三号公司,广东,深圳,Z\n已有公司,广东,广州,C\n一号公司,广东,佛山,C\n`;
    const seen: number[] = [];
    const r = await run(ctx, { file: file('bad.csv', csv), onReject: (x) => seen.push(x.line) });
    expect(r.committed).toBe(false);
    expect(r.rejected).toBe(4);
    expect(r.rejects.map((x) => [x.line, x.column, x.error.key])).toEqual([
      [3, 'city', 'unknown_place'],
      [4, 'grade', 'invalid_value'],
      [5, 'name', 'duplicate_customer'],
      [6, 'name', 'duplicate_in_file'],
    ]);
    expect(seen).toEqual([3, 4, 5, 6]);
    expect(dumpChecksum(ctx.file)).toBe(before);
  });

  it('refuses a code or a name the file itself added earlier, whether the row adds or updates', async () => {
    const ctx = setup();
    addCustomer(ctx, { name: '已有公司', province: '广东', city: '广州' });
    const before = dumpChecksum(ctx.file);
    // Row 2 takes 粤GZ0002 from the counter; row 3 names that code; row 5 renames the existing customer to row 4's name.
    const csv = `code,name,province,city\n,一号公司,广东,广州\nCb-粤GZ0002,二号公司,广东,广州\n,三号公司,广东,深圳\nCb-粤GZ0001,三号 公司,广东,广州\n`;
    const r = await run(ctx, { file: file('again.csv', csv), onDuplicate: 'update' });
    expect(r.committed).toBe(false);
    expect(r.rejects.map((x) => [x.line, x.column, x.error.key])).toEqual([
      [3, 'code', 'duplicate_in_file'],
      [5, 'name', 'duplicate_in_file'],
    ]);
    expect(dumpChecksum(ctx.file)).toBe(before);
  });

  it('a large file: every row, its opening statuses, codes and audit rows, ids that go on from there, and nothing for check to find', async () => {
    const ctx = setup();
    addCustomer(ctx, { name: '已有公司', province: '广东', city: '广州' });
    const rows = Array.from({ length: 12_000 }, (_, i) => `大批${i + 1}号公司,${i % 2 ? '广东,广州' : '浙江,温州'},${'ab'[i % 2]},${i % 3 ? '' : `联系人${i}`}`);
    const r = await run(ctx, { file: file('many.csv', `name,province,city,status,contact\n${rows.join('\n')}\n`) });
    expect(r).toMatchObject({ inserted: 12_000, rejected: 0, committed: true });
    const count = (sql: string): number => query<{ n: number }>(ctx.file, sql)[0]!.n;
    expect(count('SELECT count(*) AS n FROM customers')).toBe(12_001);
    expect(count('SELECT count(*) AS n FROM contacts')).toBe(4_000);
    expect(count("SELECT count(*) AS n FROM status_decisions WHERE kind = 'opening'")).toBe(6_000);
    expect(count('SELECT count(*) AS n FROM code_history')).toBe(12_001);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'create' AND entity = 'customer'")).toBe(12_001);
    expect(count("SELECT count(*) AS n FROM customers WHERE status = 'a'")).toBe(6_000);
    expect(invariantViolations(ctx.db)).toEqual([]);
    // What is written next takes the next ids and serials.
    expect(addCustomer(ctx, { name: '之后公司', province: '广东', city: '广州' }).customer.code).toBe('Cb-粤GZ6002');
    expect(query(ctx.file, "SELECT id FROM customers WHERE name = '之后公司'")).toEqual([{ id: 12_002 }]);
  });

  it('dry-run validates everything and writes nothing', async () => {
    const ctx = setup();
    const before = dumpChecksum(ctx.file);
    const r = await run(ctx, { file: file('ok.csv', `${good}一号公司,广东,广州,A\n二号公司,广东,深圳,B\n`), dryRun: true });
    expect(r).toMatchObject({ dry_run: true, inserted: 2, rejected: 0, committed: false });
    expect(dumpChecksum(ctx.file)).toBe(before);
  });

  it('--on-duplicate skip makes a re-run add nothing; update changes archive fields but not the code', async () => {
    const ctx = setup();
    const f = file('ok.csv', `${good}一号公司,广东,广州,A\n二号 公司,广东,深圳,B\n`);
    expect(await run(ctx, { file: f })).toMatchObject({ inserted: 2, committed: true });
    const after = dumpChecksum(ctx.file);
    expect(await run(ctx, { file: f, onDuplicate: 'skip' })).toMatchObject({ inserted: 0, skipped: 2, committed: true });
    expect(dumpChecksum(ctx.file)).toBe(after);
    // The name matches after normalising width and spaces (二号公司 = 二号 公司).
    const upd = file('upd.csv', 'name,province,city,address\n二号公司,广东,深圳,深南大道1号\n');
    expect(await run(ctx, { file: upd, onDuplicate: 'update' })).toMatchObject({ updated: 1, inserted: 0 });
    expect(query(ctx.file, "SELECT code, address FROM customers WHERE name_key = '二号公司'")).toEqual([{ code: 'Bb-粤SZ0001', address: '深南大道1号' }]);
  });

  it('a code column keeps the code and bumps the region counter', async () => {
    const ctx = setup();
    const csv = 'code,name,province,city\nAa-粤GZ0042,老客户,广东,广州\nCb-粤SZ0007,深圳客户,广东,深圳\n';
    expect(await run(ctx, { file: file('codes.csv', csv) })).toMatchObject({ inserted: 2, rejected: 0 });
    // The serial is kept; the letters follow the timeline (a formal VIP imported by an assistant is B until confirmed).
    expect(query(ctx.file, 'SELECT code, grade, status, serial FROM customers ORDER BY id')).toEqual([
      { code: 'Ba-粤GZ0042', grade: 'B', status: 'a', serial: 42 },
      { code: 'Cb-粤SZ0007', grade: 'C', status: 'b', serial: 7 },
    ]);
    expect(addCustomer(ctx, { name: '新客户', province: '广东', city: '广州' }).customer.code).toBe('Cb-粤GZ0043');
    const again = await run(ctx, { file: file('codes2.csv', 'code,name,province,city\nAa-粤GZ0042,老客户改名,广东,广州\n'), onDuplicate: 'skip' });
    expect(again).toMatchObject({ skipped: 1, inserted: 0 });
    const wrong = await run(ctx, { file: file('codes3.csv', 'code,name,province,city\nCb-粤GZ0050,错地区,广东,深圳\n') });
    expect(wrong.rejects.map((x) => [x.line, x.column, x.error.key])).toEqual([[2, 'code', 'invalid_value']]);
  });
});

describe('import visits and orders', () => {
  it('keeps dates and handlers, applies rows in date order, and a first order makes the customer cooperating on its date', async () => {
    const ctx = setup();
    await run(ctx, { file: file('c.csv', 'name,province,city,created_on\n广州天河电子,广东,广州,2025-01-10\n深圳华强,广东,深圳,2025-01-10\n') });
    const visits = '客户代码,日期,方式,经办人,具体情况,下次联系\nCb-粤GZ0001,2025-03-05T15:00,上门,李强,第二次上门,2025-04-01\n粤GZ0001,2025-02-01T10:00,电话,李强,首次电话,\n粤SZ0001,2025-02-02,微信,张敏,加微信,\n';
    const v = await importRecords(ctx, { kind: 'visits', file: file('v.csv', visits) });
    expect(v).toMatchObject({ inserted: 3, rejected: 0, committed: true });
    expect(query(ctx.file, 'SELECT seq, visited_at, handler, handler_role, recorded_by FROM visits WHERE customer_id = 1 ORDER BY seq')).toEqual([
      { seq: 1, visited_at: '2025-02-01T10:00', handler: '李强', handler_role: 'business-manager', recorded_by: '张敏' },
      { seq: 2, visited_at: '2025-03-05T15:00', handler: '李强', handler_role: 'business-manager', recorded_by: '张敏' },
    ]);
    const orders = 'code,date,amount,note\n粤GZ0001,2025-06-20,1200.50,第二单\n粤GZ0001,2025-05-18,"3,000",首单\n';
    const o = await importRecords(ctx, { kind: 'orders', file: file('o.csv', orders) });
    expect(o).toMatchObject({ inserted: 2, rejected: 0 });
    expect(query(ctx.file, 'SELECT code, status, cooperating_since, last_order_date, lost_date FROM customers WHERE id = 1')).toEqual([
      { code: 'Cc-粤GZ0001', status: 'c', cooperating_since: '2025-05-18', last_order_date: '2025-06-20', lost_date: '2025-12-20' },
    ]);
    expect(query(ctx.file, 'SELECT from_status, to_status, date, cause FROM status_history WHERE customer_id = 1 ORDER BY seq')).toEqual([
      { from_status: null, to_status: 'b', date: '2025-01-10', cause: 'created' },
      { from_status: 'b', to_status: 'a', date: '2025-05-18', cause: 'first_order' },
      { from_status: 'a', to_status: 'c', date: '2025-12-20', cause: 'auto_loss' },
    ]);
    // A re-run is refused as duplicate by default and adds nothing with skip.
    const before = dumpChecksum(ctx.file);
    const again = await importRecords(ctx, { kind: 'orders', file: file('o2.csv', orders) });
    expect(again.rejects.map((x) => x.error.key)).toEqual(['duplicate_record', 'duplicate_record']);
    expect(await importRecords(ctx, { kind: 'orders', file: file('o3.csv', orders), onDuplicate: 'skip' })).toMatchObject({ skipped: 2, inserted: 0 });
    expect(dumpChecksum(ctx.file)).toBe(before);
  });

  it('rejects an unknown customer by line, writing nothing; orders before the customer was entered are its history', async () => {
    const ctx = setup();
    await run(ctx, { file: file('c.csv', 'name,province,city,created_on\n广州天河电子,广东,广州,2025-01-10\n') });
    const before = dumpChecksum(ctx.file);
    const rows = 'code,date,amount\n粤GZ0001,2025-02-01,100\n粤GZ0099,2025-02-01,100\n粤GZ0001,2024-12-31,100\n';
    const r = await importRecords(ctx, { kind: 'orders', file: file('o.csv', rows) });
    expect(r.rejects.map((x) => [x.line, x.column, x.error.key])).toEqual([[3, 'code', 'customer_not_found']]);
    expect(dumpChecksum(ctx.file)).toBe(before);
    expect(await importRecords(ctx, { kind: 'orders', file: file('o2.csv', rows.replace('粤GZ0099,2025-02-01,100\n', '')) })).toMatchObject({ inserted: 2, committed: true });
    expect(query(ctx.file, 'SELECT date, from_status, to_status FROM status_history ORDER BY seq').slice(0, 2)).toEqual([
      { date: '2024-12-31', from_status: null, to_status: 'b' },
      { date: '2024-12-31', from_status: 'b', to_status: 'a' },
    ]);
  });

  it('a large file of orders: every order and audit row, the month totals right, ids past a voided order, and the next order after them', async () => {
    // On a server the orders wait in a buffer and are written by COPY 5,000 at a time (store/rowBuffer.ts).
    const ctx = setup();
    await run(ctx, { file: file('c.csv', 'name,province,city,created_on\n一号,广东,广州,2024-01-10\n二号,广东,广州,2024-01-10\n三号,广东,深圳,2024-01-10\n') });
    logOrder(ctx, { code: '粤GZ0001', amount: '10', date: '2024-02-01' });
    const voided = logOrder(ctx, { code: '粤GZ0001', amount: '20', date: '2024-02-02' }).id;
    voidOrder(ctx, { id: String(voided), reason: '录错' });
    const rows = Array.from({ length: 12_000 }, (_, i) => `粤${i % 3 === 2 ? 'SZ' : 'GZ'}000${(i % 3 === 2 ? 1 : 1 + (i % 3))},2024-${String(3 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${100 + i},第${i}单`);
    const r = await importRecords(ctx, { kind: 'orders', file: file('many.csv', `code,date,amount,note\n${rows.join('\n')}\n`) });
    expect(r).toMatchObject({ inserted: 12_000, rejected: 0, committed: true });
    const count = (sql: string): number => query<{ n: number }>(ctx.file, sql)[0]!.n;
    expect(count('SELECT count(*) AS n FROM orders')).toBe(12_001);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE entity = 'order' AND action = 'create'")).toBe(12_002);
    expect(count('SELECT min(id) AS n FROM orders WHERE id > 1')).toBe(voided + 1);
    expect(count("SELECT orders AS n FROM order_months WHERE month = '2024-05'")).toBe(1_200);
    expect(invariantViolations(ctx.db)).toEqual([]);
    // Each timeline recomputed from its orders: cooperating from the first, lost six months after the last.
    expect(query(ctx.file, 'SELECT c.code, c.cooperating_since, c.last_order_date, c.lost_date FROM customers c ORDER BY id')).toEqual([
      { code: 'Cc-粤GZ0001', cooperating_since: '2024-02-01', last_order_date: '2024-12-28', lost_date: '2025-06-28' },
      { code: 'Cc-粤GZ0002', cooperating_since: '2024-03-01', last_order_date: '2024-12-28', lost_date: '2025-06-28' },
      { code: 'Cc-粤SZ0001', cooperating_since: '2024-03-01', last_order_date: '2024-12-28', lost_date: '2025-06-28' },
    ]);
    expect(logOrder(ctx, { code: '粤GZ0002', amount: '5', date: '2024-12-30' }).id).toBe(voided + 12_001);
  });

  it('an order the facts contradict is rejected with its line: dated while the customer was invalid', async () => {
    const ctx = setup();
    await run(ctx, { file: file('c.csv', 'name,province,city,created_on\n广州天河电子,广东,广州,2025-01-10\n') });
    setStatus(ctx, { code: '粤GZ0001', status: 'd', reasonCategory: 'no-need', reason: '无需求', date: '2025-03-01' });
    const before = dumpChecksum(ctx.file);
    const r = await importRecords(ctx, { kind: 'orders', file: file('o.csv', 'code,date,amount\n粤GZ0001,2025-04-01,100\n') });
    expect(r.rejects.map((x) => [x.line, x.column, x.error.key])).toEqual([[2, 'date', 'order_on_invalid']]);
    expect(dumpChecksum(ctx.file)).toBe(before);
  });
});

describe('export', () => {
  it('leaves personal data out unless asked', () => {
    const ctx = setup();
    addCustomer(ctx, { name: '广州天河电子', province: '广东', city: '广州', contacts: [{ name: '王伟', mobile: '13800138000', birthday: '05-06' }] });
    const plain = [...exportTable(ctx, 'customers').rows];
    expect(plain[0]).toMatchObject({ code: 'Cb-粤GZ0001', contact: '王伟' });
    expect(plain[0]).not.toHaveProperty('mobile');
    const full = [...exportTable(ctx, 'customers', { withPersonalData: true }).rows];
    expect(full[0]).toMatchObject({ mobile: '13800138000', birthday: '05-06' });
  });
});
