// End to end: files made for Excel and WPS (Chinese headers and labels, typed XLSX cells) that import back,
// the churn report as XLSX and sectioned CSV, the closing line and the progress bar of an export.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BIN, E2E_NOW, kehu, query, tempDbPath, tempDir } from '../helpers.js';

function setup(): string {
  const db = tempDbPath();
  expect(kehu(['user', 'add', '张敏', '--role', 'assistant'], { db }).status).toBe(0);
  expect(kehu(['user', 'add', '李强', '--role', 'business-manager'], { db }).status).toBe(0);
  return db;
}

/** Customers with every closed set filled, contacts, visits at a time of day and at midnight, orders with fen. */
function filled(): string {
  const db = setup();
  for (const args of [
    ['add-customer', '广州天河电子', '--province', '广东', '--city', '广州', '--grade', 'B', '--type', 'dealer', '--source', 'exhibition', '--stage', '2', '--years', '12',
      '--contact', '王伟,title=采购经理,mobile=13800138000,decision', '--date', '2026-01-05', '--address', '天河路1号, 3楼'],
    ['add-customer', '乐清电气', '--province', '浙江', '--city', '乐清', '--status', 'a', '--type', 'oem', '--source', 'phone', '--grade', 'B', '--date', '2026-02-01', '--contact', '陈静'],
    ['add-customer', 'Osaka Trading K.K.', '--country', 'JP', '--city', 'Osaka', '--city-code', 'OSA', '--grade', 'X', '--status', 'd', '--date', '2026-03-02'],
    ['log-order', '浙WZ0001', '--amount', '21681887.27', '--date', '2026-09-01'],
    ['log-order', '浙WZ0001', '--amount', '1234.5', '--date', '2026-10-01', '--note', '补货'],
    ['log-visit', '粤GZ0001', '--method', 'onsite', '--summary', '上门', '--by', '李强', '--date', '2026-02-10T09:30', '--stage', '2', '--next-date', '2026-02-20'],
    ['log-visit', '粤GZ0001', '--method', 'wechat', '--summary', '发资料', '--date', '2026-02-11T00:00', '--window-hours', '0'],
    ['log-visit', '浙WZ0001', '--method', 'phone', '--summary', '回访', '--date', '2026-03-05'],
  ]) {
    const r = kehu(args, { db });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }
  return db;
}

async function openSheet(file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets[0]!;
}

/** Row n's cells by header: value and number format. */
function byHeader(ws: ExcelJS.Worksheet, n: number, headerRow = 1): Record<string, { value: ExcelJS.CellValue; numFmt: string | undefined }> {
  const out: Record<string, { value: ExcelJS.CellValue; numFmt: string | undefined }> = {};
  ws.getRow(headerRow).eachCell((h, col) => {
    const c = ws.getRow(n).getCell(col);
    out[h.text] = { value: c.value, numFmt: c.numFmt };
  });
  return out;
}

const KINDS = ['customers', 'orders', 'visits'] as const;

function ndjson(db: string, kind: string): unknown[] {
  const r = kehu(['export', kind, '--format-out', 'ndjson', '--with-personal-data'], { db });
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
}

describe('kehu export for Excel and WPS', () => {
  it('XLSX in Chinese: form headers, labels, date and date-time cells, ¥ amounts, a bold frozen filtered header; it imports back row for row', async () => {
    const db = filled();
    const dir = tempDir();
    const files = Object.fromEntries(KINDS.map((k) => [k, path.join(dir, `${k}.xlsx`)])) as Record<(typeof KINDS)[number], string>;
    for (const kind of KINDS) {
      const r = kehu(['export', kind, '--out', files[kind], '--with-personal-data'], { db });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('');
    }

    const customers = await openSheet(files.customers);
    expect(customers.name).toBe('客户档案');
    const head = (customers.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(0, 4)).toEqual(['客户代码', '单位名称', '客户等级', '客户状态']);
    expect(head).toEqual(expect.arrayContaining(['建档日期', '客户类型', '客户来源', '开发阶段', '经营年限', '联系人', '职务', '决策人', '手机', 'E-mail']));
    expect(customers.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(customers.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(customers.autoFilter).toBe(`A1:${customers.getRow(1).getCell(head.length).address.replace(/\d+$/, '')}1`);
    const gz = byHeader(customers, [2, 3, 4].find((n) => customers.getRow(n).getCell(1).value === 'Bb-粤GZ0001')!);
    expect(gz['客户等级']!.value).toBe('重点客户');
    expect(gz['客户状态']!.value).toBe('潜在客户');
    expect(gz['客户类型']!.value).toBe('经销商/代理商');
    expect(gz['客户来源']!.value).toBe('展览会');
    expect(gz['开发阶段']!.value).toBe('样品提供/信息收集');
    expect(gz['决策人']!.value).toBe('是');
    expect(gz['经营年限']).toEqual({ value: 12, numFmt: '0' });
    expect(gz['建档日期']).toEqual({ value: new Date('2026-01-05T00:00:00Z'), numFmt: 'yyyy-mm-dd' });
    expect(gz['地址']!.value).toBe('天河路1号, 3楼');
    // Columns are fitted to their text (a Chinese character counts two), within bounds.
    const nameWidth = customers.getColumn(2).width!;
    expect(nameWidth).toBeGreaterThanOrEqual(14);
    expect(nameWidth).toBeLessThanOrEqual(50);

    const orders = await openSheet(files.orders);
    expect(orders.name).toBe('订货记录');
    expect(byHeader(orders, 2)).toMatchObject({
      客户代码: { value: 'Ba-浙WZ0001' },
      日期: { value: new Date('2026-09-01T00:00:00Z'), numFmt: 'yyyy-mm-dd' },
      金额: { value: 21681887.27, numFmt: '¥#,##0.00' },
    });
    expect(byHeader(orders, 3)['金额']).toEqual({ value: 1234.5, numFmt: '¥#,##0.00' });

    const visits = await openSheet(files.visits);
    expect((visits.getRow(1).values as unknown[]).slice(1)).toEqual(['客户代码', '序号', '日期', '方式', '经办人', '角色', '联系人', '具体情况', '关键点信息反馈', '下一步', '下次联系', '开发阶段', '索取资料', '资料寄出时间', '资料寄出人', '资料寄出方式', '资料寄出备注']);
    // Rows in code order (浙 sorts before 粤). The wall clock in Beijing, whatever the machine's zone (kehu runs with TZ=UTC).
    expect(byHeader(visits, 2)['日期']).toEqual({ value: new Date('2026-03-05T00:00:00Z'), numFmt: 'yyyy-mm-dd' });
    expect(byHeader(visits, 3)).toMatchObject({
      序号: { value: 1, numFmt: '0' },
      日期: { value: new Date('2026-02-10T09:30:00Z'), numFmt: 'yyyy-mm-dd hh:mm' },
      方式: { value: '上门' },
      角色: { value: '商务经理' },
      下次联系: { value: new Date('2026-02-20T00:00:00Z'), numFmt: 'yyyy-mm-dd' },
      开发阶段: { value: '样品提供/信息收集' },
    });
    expect(byHeader(visits, 4)['日期']).toEqual({ value: new Date('2026-02-11T00:00:00Z'), numFmt: 'yyyy-mm-dd hh:mm' });

    const copy = setup();
    for (const kind of KINDS) {
      const r = kehu(['import', kind, files[kind], '--json'], { db: copy });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    for (const kind of KINDS) expect(ndjson(copy, kind)).toEqual(ndjson(db, kind));
    const visitShape = 'SELECT visited_at, method, handler, handler_role, stage, next_date FROM visits ORDER BY visited_at';
    expect(query(copy, visitShape)).toEqual(query(db, visitShape));
    expect(query(copy, 'SELECT visited_at FROM visits ORDER BY visited_at')).toEqual([{ visited_at: '2026-02-10T09:30' }, { visited_at: '2026-02-11T00:00' }, { visited_at: '2026-03-05' }]);
  });

  it('--lang en gives the English keys and stored values; JSON keeps them whatever the language', async () => {
    const db = filled();
    const file = path.join(tempDir(), 'c.xlsx');
    expect(kehu(['export', 'customers', '--out', file, '--lang', 'en'], { db }).status).toBe(0);
    const ws = await openSheet(file);
    expect(ws.name).toBe('customers');
    expect((ws.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['code', 'name', 'grade', 'status']);
    const gz = byHeader(ws, [2, 3, 4].find((n) => ws.getRow(n).getCell(1).value === 'Bb-粤GZ0001')!);
    expect(gz).toMatchObject({ grade: { value: 'B' }, status: { value: 'b' }, type: { value: 'dealer' }, stage: { value: 2, numFmt: '0' }, decision_maker: { value: 'yes' } });
    expect(gz['created_on']).toEqual({ value: new Date('2026-01-05T00:00:00Z'), numFmt: 'yyyy-mm-dd' });
    const csv = kehu(['export', 'customers', '--lang', 'en'], { db }).stdout;
    expect(csv.split('\n')[0]!.startsWith('code,name,grade,status,')).toBe(true);
    for (const args of [['--json'], ['--format-out', 'ndjson']]) {
      const text = kehu(['export', 'customers', ...args], { db }).stdout;
      expect(text).toContain('"grade":"B"');
      expect(text).toContain('"type":"dealer"');
      expect(text).not.toContain('客户等级');
    }
  });

  it('--bom CSV in Chinese has the form headers and labels and imports back', () => {
    const db = filled();
    const dir = tempDir();
    const files = Object.fromEntries(KINDS.map((k) => [k, path.join(dir, `${k}.csv`)])) as Record<(typeof KINDS)[number], string>;
    for (const kind of KINDS) expect(kehu(['export', kind, '--out', files[kind], '--bom', '--with-personal-data'], { db }).status).toBe(0);
    const text = fs.readFileSync(files.customers, 'utf8');
    expect(text.startsWith('\ufeff客户代码,单位名称,客户等级,客户状态,')).toBe(true);
    expect(text).toMatch(/^Bb-粤GZ0001,广州天河电子,重点客户,潜在客户,CN,粤,广州市,.*"天河路1号, 3楼".*,经销商\/代理商,.*,展览会,.*,2026-01-05,.*,王伟,采购经理,.*,是,13800138000/m);
    expect(fs.readFileSync(files.orders, 'utf8')).toBe('\ufeff客户代码,日期,金额,备注,经办人\nBa-浙WZ0001,2026-09-01,21681887.27,,张敏\nBa-浙WZ0001,2026-10-01,1234.5,补货,张敏\n');
    expect(fs.readFileSync(files.visits, 'utf8').split('\n')[2]).toBe('Bb-粤GZ0001,1,2026-02-10T09:30,上门,李强,商务经理,,上门,,,2026-02-20,样品提供/信息收集,,,,,');
    const copy = setup();
    for (const kind of KINDS) {
      const r = kehu(['import', kind, files[kind]], { db: copy });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    for (const kind of KINDS) expect(ndjson(copy, kind)).toEqual(ndjson(db, kind));
  });

  it('ends with one line on stderr saying how many rows went where', () => {
    const db = filled();
    const file = path.join(tempDir(), '客户档案.xlsx');
    expect(kehu(['export', 'customers', '--out', file], { db }).stderr).toBe(`已导出 3 行客户到 ${file}\n`);
    expect(kehu(['export', 'orders', '--lang', 'en'], { db }).stderr).toBe('Exported 2 orders to standard output\n');
    expect(kehu(['export', 'visits', '--json'], { db }).stderr).toBe('已导出 3 行开发记录到标准输出\n');
    const one = setup();
    expect(kehu(['add-customer', '一号公司', '--province', '广东', '--city', '广州'], { db: one }).status).toBe(0);
    expect(kehu(['export', 'customers', '--lang', 'en', '--format-out', 'xlsx'], { db: one }).stderr).toBe('Exported 1 customer to standard output\n');
  });

  it('shows a progress bar with percentage and rows on a terminal, then clears it for the closing line', () => {
    const db = setup();
    const csv = path.join(tempDir(), 'many.csv');
    const lines = ['name,province,city'];
    for (let i = 1; i <= 3000; i++) lines.push(`测试客户${i}有限公司,广东,${i % 2 ? '广州' : '深圳'}`);
    fs.writeFileSync(csv, lines.join('\n') + '\n');
    expect(kehu(['import', 'customers', csv], { db }).status).toBe(0);
    const out = path.join(tempDir(), 'many.xlsx');
    // script(1) gives the command a pseudo-terminal, so stderr is a TTY as at a desk.
    const cmd = `${process.execPath} ${BIN} export customers --out ${out} --lang en`;
    const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', KEHU_NOW: E2E_NOW, KEHU_DB: db, KEHU_USER: '张敏', LANG: 'en_US.UTF-8' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\r█+░* +\d+% 1,024\/3,000 rows · [\d,]+ rows\/s · about \d+s left\u001b\[K/);
    // On a terminal the closing line also says how long it took (issue 16).
    expect(r.stdout).toMatch(/\r\u001b\[KExported 3,000 customers to .*many\.xlsx in \d+\.\d s\r?\n$/);
    // Without a terminal (a pipe), no bar at all.
    expect(kehu(['export', 'customers', '--out', out, '--lang', 'en'], { db }).stderr).toBe(`Exported 3,000 customers to ${out}\n`);
  });

  it('an --out that cannot be written is refused with the file named and nothing left behind; XLSX never goes to a terminal', () => {
    const db = filled();
    const dir = tempDir();
    const blocked = path.join(dir, 'file');
    fs.writeFileSync(blocked, '');
    for (const name of ['c.xlsx', 'c.csv']) {
      const r = kehu(['export', 'customers', '--out', path.join(blocked, name), '--lang', 'en'], { db });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`Error: Cannot write ${path.join(blocked, name)} (a part of the path is a file, not a folder). Fix: give --out a file in a folder you can write to.\n`);
    }
    const churn = kehu(['churn-report', '--out', path.join(blocked, 'r.xlsx')], { db });
    expect(churn.status).toBe(2);
    expect(churn.stderr).toBe(`错误：无法写入 ${path.join(blocked, 'r.xlsx')}（路径中有一段是文件而不是文件夹）。修正：--out 给一个可以写入的文件夹中的文件。\n`);
    expect(fs.readdirSync(dir)).toEqual(['file']);
    const tty = spawnSync('script', ['-qfec', `${process.execPath} ${BIN} export customers --format-out xlsx --lang en`, '/dev/null'], {
      env: { PATH: process.env.PATH, TZ: 'UTC', KEHU_NOW: E2E_NOW, KEHU_DB: db, KEHU_USER: '张敏' },
      encoding: 'utf8',
    });
    expect(tty.status).toBe(2);
    expect(tty.stdout).toContain('Invalid value "(terminal)" for --out. Fix: expected a file name for XLSX output.');
  });
});

describe('kehu import of what Excel and WPS save', () => {
  it('reads date cells as dates, date-time cells to the minute in the business zone, and number amounts as their yuan', async () => {
    const db = setup();
    expect(kehu(['add-customer', '广州天河电子', '--province', '广东', '--city', '广州', '--date', '2026-01-05'], { db }).status).toBe(0);
    const dir = tempDir();
    // A workbook as a spreadsheet saves it: serials a hair off the minute, a computed amount with float noise.
    const visits = new ExcelJS.Workbook();
    const vs = visits.addWorksheet('开发记录');
    vs.addRow(['客户代码', '日期', '方式', '具体情况']);
    const serial = (iso: string, nudgeMs: number): Date => new Date(new Date(iso).getTime() + nudgeMs);
    vs.addRow(['粤GZ0001', serial('2026-02-10T09:30:00Z', -1), '电话', '报价']);
    vs.addRow(['粤GZ0001', serial('2026-02-11T00:00:00Z', 1), '上门', '午夜拜访']);
    vs.addRow(['粤GZ0001', new Date('2026-02-12T00:00:00Z'), '微信', '发资料']);
    vs.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm';
    vs.getCell('B3').numFmt = 'yyyy/m/d h:mm';
    vs.getCell('B4').numFmt = 'yyyy-mm-dd';
    await visits.xlsx.writeFile(path.join(dir, 'v.xlsx'));
    const orders = new ExcelJS.Workbook();
    const os = orders.addWorksheet('订单');
    os.addRow(['客户代码', '日期', '金额']);
    os.addRow(['粤GZ0001', new Date('2026-03-01T00:00:00Z'), 0.1 + 0.2]);
    os.addRow(['粤GZ0001', new Date('2026-03-02T00:00:00Z'), 21681887.27]);
    os.getCell('B2').numFmt = 'yyyy-mm-dd';
    os.getCell('B3').numFmt = 'yyyy-mm-dd';
    await orders.xlsx.writeFile(path.join(dir, 'o.xlsx'));
    for (const kind of ['visits', 'orders']) {
      const r = kehu(['import', kind, path.join(dir, `${kind[0]}.xlsx`)], { db });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expect(query(db, 'SELECT visited_at, method FROM visits ORDER BY visited_at')).toEqual([
      { visited_at: '2026-02-10T09:30', method: 'phone' },
      { visited_at: '2026-02-11T00:00', method: 'onsite' },
      { visited_at: '2026-02-12', method: 'wechat' },
    ]);
    expect(query(db, 'SELECT date, amount_fen FROM orders ORDER BY date')).toEqual([
      { date: '2026-03-01', amount_fen: 30 },
      { date: '2026-03-02', amount_fen: 2168188727 },
    ]);
  });
});

describe('kehu churn-report for spreadsheets', () => {
  function churnDb(): string {
    const db = setup();
    for (const args of [
      ['add-customer', '广州甲', '--province', '广东', '--city', '广州', '--grade', 'B', '--status', 'a', '--date', '2025-01-10'],
      ['add-customer', '深圳乙', '--province', '广东', '--city', '深圳', '--grade', 'B', '--status', 'a', '--date', '2025-01-10'],
      ['add-customer', '佛山丙', '--province', '广东', '--city', '佛山', '--status', 'a', '--date', '2026-06-01'],
      // Lost 2025-07-10 (six months without an order), won back in April, lost again on 2026-10-15.
      ['log-order', '粤GZ0001', '--amount', '21681887.27', '--date', '2026-04-15'],
      ['log-order', '粤SZ0001', '--amount', '1000', '--date', '2026-10-20'],
      ['log-order', '粤FS0001', '--amount', '500', '--date', '2026-09-15'],
    ]) {
      const r = kehu(args, { db });
      expect(r.status).toBe(0);
    }
    return db;
  }

  it('--out report.xlsx: one sheet per section with numbers, rates, dates; Chinese or English names', async () => {
    const db = churnDb();
    const dir = tempDir();
    const file = path.join(dir, 'report-{month}.xlsx');
    const r = kehu(['churn-report', '--month', '2026-10', '--as-of', '2026-11-05', '--out', file], { db });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'report-2026-10.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '流失客户明细', '按等级', '按省份', '按客户类型', '按负责人', '按流失原因', '本月挽回客户', '无挽救方案的流失客户', '流失风险客户', '流失趋势']);
    const summary = wb.getWorksheet('概要')!;
    expect(summary.getCell('A1').value).toBe('流失客户统计分析报告 2026-10');
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(summary.autoFilter).toBe('A2:B2');
    const figures = new Map<string, ExcelJS.Cell>();
    summary.eachRow((row, n) => n > 2 && figures.set(row.getCell(1).text, row.getCell(2)));
    expect(figures.get('月初合作客户数')!.value).toBe(2);
    expect(figures.get('统计时间')!.value).toEqual(new Date('2026-11-05T00:00:00Z'));
    expect(figures.get('统计时间')!.numFmt).toBe('yyyy-mm-dd');
    expect(figures.get('流失客户近12个月销售额')!.value).toBe(21681887.27);
    expect(figures.get('流失客户近12个月销售额')!.numFmt).toBe('¥#,##0.00');
    expect(figures.get('客户流失率')!.value).toBe(0.5);
    expect(figures.get('客户流失率')!.numFmt).toBe('0.0%');
    const lost = wb.getWorksheet('流失客户明细')!;
    expect(byHeader(lost, 3, 2)).toMatchObject({
      客户代码: { value: 'Bc-粤GZ0001' },
      最后订货: { value: new Date('2026-04-15T00:00:00Z'), numFmt: 'yyyy-mm-dd' },
      流失日期: { value: new Date('2026-10-15T00:00:00Z'), numFmt: 'yyyy-mm-dd' },
      近12月销售额: { value: 21681887.27, numFmt: '¥#,##0.00' },
    });
    const trend = wb.getWorksheet('流失趋势')!;
    expect(trend.rowCount).toBe(2 + 12);
    expect(byHeader(trend, 14, 2)).toMatchObject({ 月份: { value: '2026-10' }, 流失客户数: { value: 1 }, 客户流失率: { value: 0.5, numFmt: '0.0%' } });

    const en = path.join(dir, 'en.xlsx');
    expect(kehu(['churn-report', '--month', '2026-10', '--as-of', '2026-11-05', '--out', en, '--lang', 'en'], { db }).status).toBe(0);
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.readFile(en);
    expect(wbEn.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lost', 'By grade', 'By province', 'By type', 'By owner', 'By reason', 'Won back', 'No salvage plan', 'At risk', 'Trend']);
    expect((wbEn.getWorksheet('Lost')!.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['Code', 'Name']);
  });

  it('CSV: each section its title, a header naming its columns, its rows; plain numbers', () => {
    const db = churnDb();
    const csv = kehu(['churn-report', '--month', '2026-10', '--as-of', '2026-11-05', '--format', 'csv', '--lang', 'en'], { db }).stdout;
    const blocks = csv.split('\r\n\r\n');
    expect(blocks).toHaveLength(11);
    expect(blocks[0]!.split('\r\n').slice(0, 7)).toEqual(['Lost-customer report 2026-10', 'Figure,Value', 'Month,2026-10', 'First day,2026-10-01', 'Last day,2026-10-31', 'As of,2026-11-05', 'Cooperating at start,2']);
    expect(blocks[0]).toContain('\r\nRevenue of lost customers,21681887.27\r\n');
    expect(blocks[0]).toContain('\r\nChurn rate (count),0.5\r\n');
    expect(blocks[1]!.split('\r\n').slice(0, 3)).toEqual([
      'Customers lost',
      'Code,Name,Grade,Region,Owner,Last order,Lost on,Revenue 12m,Category,Reason',
      'Bc-粤GZ0001,广州甲,B,广东 广州市,,2026-04-15,2026-10-15,21681887.27,no order for 6 months,最后订货 2026-04-15',
    ]);
    expect(blocks[10]!.split('\r\n').slice(0, 2)).toEqual(['12-month trend', 'Month,Cooperating at start,Lost,Churn rate']);
    expect(blocks[10]).toContain('\r\n2026-10,2,1,0.5\r\n');
    expect(csv).not.toContain('¥');
    const zh = kehu(['churn-report', '--month', '2026-10', '--as-of', '2026-11-05', '--format', 'csv'], { db }).stdout;
    expect(zh.startsWith('流失客户统计分析报告 2026-10\r\n指标,数值\r\n统计月份,2026-10\r\n')).toBe(true);
  });
});
