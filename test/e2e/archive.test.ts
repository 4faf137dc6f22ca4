// End to end: kehu demo never destroys what it did not create; kehu export all → import all gives a file
// on which every report prints what it prints on the original, byte for byte.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { ARCHIVE_VERSION } from '../../src/app/archive.js';
import { history } from '../../src/app/history.js';
import { openSession } from '../../src/app/session.js';
import { showCustomer } from '../../src/app/showCustomer.js';
import { renderHistory } from '../../src/cli/views/activity.js';
import { PLAIN, type RenderContext } from '../../src/cli/output.js';
import { renderCustomer } from '../../src/cli/views.js';
import { dumpChecksum, E2E_NOW, ENGINE, kehu, query, tempDbPath, tempDir } from '../helpers.js';

/** A file's bytes, hashed; on PostgreSQL, the database's content. */
const fileHash = (f: string): string => (ENGINE === 'postgres' ? dumpChecksum(f) : crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'));

describe('kehu demo never destroys', () => {
  it('refuses a demo file with a customer and a visit of the user\'s own, and leaves it byte-identical', () => {
    const db = tempDbPath();
    expect(kehu(['demo', '--customers', '20'], { db }).status).toBe(0);
    const added = kehu(['add-customer', '我的真实客户有限公司', '--province', '广东', '--city', '广州', '--json'], { db });
    expect(added.status).toBe(0);
    const code = (JSON.parse(added.stdout) as { code: string }).code;
    expect(kehu(['log-visit', code, '--method', 'phone', '--summary', '询问需求'], { db }).status).toBe(0);
    const before = fileHash(db);
    const r = kehu(['demo', '--customers', '20'], { db });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`错误：${db} 含有 kehu demo 没有创建的数据（新增 1 个客户、新增 1 条开发记录），kehu demo 不会覆盖。修正：用 --db 指定另一个文件，如 kehu demo --db /tmp/kehu-demo.db。\n`);
    expect(fileHash(db)).toBe(before);
    expect(query(db, 'SELECT count(*) AS n FROM customers WHERE name = ?', '我的真实客户有限公司')).toEqual([{ n: 1 }]);
    const en = kehu(['demo', '--customers', '20', '--lang', 'en', '--json'], { db });
    expect(en.status).toBe(1);
    expect(JSON.parse(en.stderr)).toMatchObject({ error: 'demo_refused', holds: ['customers:added:1', 'visits:added:1'] });
  });

  it('refuses a file holding only users, or a demo whose facts were changed; rebuilds its own sample', () => {
    const mine = tempDbPath();
    expect(kehu(['user', 'add', '王经理', '--role', 'sales-manager'], { db: mine }).status).toBe(0);
    const before = fileHash(mine);
    const r = kehu(['demo', '--lang', 'en'], { db: mine });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('holds data kehu demo did not create (1 user)');
    expect(fileHash(mine)).toBe(before);

    const demo = tempDbPath();
    expect(kehu(['demo', '--customers', '20'], { db: demo }).status).toBe(0);
    // Reports and the next day's session write only derived rows: the demo may still be rebuilt.
    expect(kehu(['churn-report', '--apply'], { db: demo }).status).toBe(0);
    expect(kehu(['list'], { db: demo, env: { KEHU_NOW: '2026-12-05T01:00:00Z' } }).status).toBe(0);
    expect(kehu(['demo', '--customers', '20'], { db: demo }).status).toBe(0);
    // A user added to the demo is the user's own.
    expect(kehu(['user', 'add', '新人', '--role', 'assistant'], { db: demo }).status).toBe(0);
    const refused = kehu(['demo', '--customers', '20', '--lang', 'en'], { db: demo });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('(1 user added);')
  });
});

describe('kehu export all → kehu import all', () => {
  let original: string;
  let copy: string;
  let archive: string;
  let dir: string;

  beforeAll(() => {
    dir = tempDir();
    original = path.join(dir, 'original.db');
    copy = path.join(dir, 'copy.db');
    archive = path.join(dir, '档案.ndjson');
    expect(kehu(['demo'], { db: original }).status).toBe(0);
    const out = kehu(['export', 'all', '--out', archive, '--with-personal-data'], { db: original });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^已导出完整档案：[\d,]+ 行到 .*档案\.ndjson（含联系人个人信息）\n$/);
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    const r = kehu(['import', 'all', archive], { db: copy });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^已导入完整档案 .*（第 \d+ 版）：302 个客户、[\d,]+ 个联系人、\d+ 个状态决定、[\d,]+ 条开发记录、[\d,]+ 笔订货、9 个用户、[\d,]+ 份评审、\d+ 份申请、\d+ 条审批、\d+ 份挽救方案；共 [\d,]+ 行。\n$/);
  }, 120_000);

  it('every fact comes back with its id, and check passes on the copy', () => {
    for (const table of ['users', 'user_roles', 'contacts', 'status_decisions', 'visits', 'orders', 'reviews', 'applications', 'approvals', 'salvage_plans']) {
      expect(query(copy, `SELECT * FROM ${table} ORDER BY rowid`), table).toEqual(query(original, `SELECT * FROM ${table} ORDER BY rowid`));
    }
    expect(query(copy, 'SELECT * FROM customers ORDER BY id')).toEqual(query(original, 'SELECT * FROM customers ORDER BY id'));
    for (const table of ['status_history', 'grade_history', 'code_history']) {
      const cols = table === 'code_history' ? 'customer_id, code, valid_from, valid_to' : '*';
      const strip = (rows: Record<string, unknown>[]) => rows.map(({ id: _id, ...r }) => r);
      expect(strip(query(copy, `SELECT ${cols} FROM ${table} ORDER BY customer_id, rowid`)), table).toEqual(strip(query(original, `SELECT ${cols} FROM ${table} ORDER BY customer_id, rowid`)));
    }
    expect(query(copy, 'SELECT * FROM order_months ORDER BY month')).toEqual(query(original, 'SELECT * FROM order_months ORDER BY month'));
    expect(query(copy, 'SELECT * FROM lost_order_months WHERE amount_fen <> 0 ORDER BY 1, 2')).toEqual(query(original, 'SELECT * FROM lost_order_months WHERE amount_fen <> 0 ORDER BY 1, 2'));
    const check = kehu(['check'], { db: copy });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it("every user's today, report activity, follow-up, catalogue and retention print the same, byte for byte", () => {
    const users = (JSON.parse(kehu(['user', 'list', '--json'], { db: original }).stdout) as { name: string }[]).map((u) => u.name);
    expect(users.length).toBe(9);
    const commands: string[][] = [
      ...users.map((u) => ['today', '--for', u, '--limit', '0', '--json']),
      ['today', '--for', users[0]!],
      ['report', 'activity', '--month', '2026-10', '--json'], ['report', 'activity', '--month', '2026-11', '--format', 'csv'], ['report', 'activity', '--week', '2026-W47'],
      ['report', 'follow-up', '--week', '2026-W47', '--json'], ['report', 'follow-up', '--week', '2026-W46', '--format', 'md'], ['report', 'follow-up'],
      ['report', 'catalogue', '--json'], ['report', 'catalogue', '--month', '2026-06', '--format', 'csv'], ['report', 'retention', '--json'],
    ];
    for (const args of commands) {
      const a = kehu(args, { db: original });
      const b = kehu(args, { db: copy });
      expect(a.status, args.join(' ')).toBe(0);
      expect(b.stdout, args.join(' ')).toBe(a.stdout);
      expect(b.stderr, args.join(' ')).toBe(a.stderr);
    }
  }, 180_000);

  it('list, due, approvals --all, report potential-vip and churn-report of every month print the same, byte for byte', () => {
    const first = query<{ d: string }>(original, 'SELECT min(created_on) AS d FROM customers')[0]!.d.slice(0, 7);
    const months: string[] = [];
    for (let m = first; m <= E2E_NOW.slice(0, 7); ) {
      months.push(m);
      const [y, mo] = m.split('-').map(Number) as [number, number];
      m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
    }
    expect(months.length).toBeGreaterThan(24);
    const commands: string[][] = [
      ['list'], ['list', '--json'], ['list', '--status', 'c', '--lang', 'en'], ['due'], ['due', '--json'], ['approvals', '--all'], ['approvals', '--all', '--json'],
      ['report', 'potential-vip'], ['report', 'potential-vip', '--json'], ['churn-report', '--json'],
      ...months.map((m) => ['churn-report', '--month', m, '--format', 'md']),
    ];
    for (const args of commands) {
      const a = kehu(args, { db: original });
      const b = kehu(args, { db: copy });
      expect(a.status, args.join(' ')).toBe(0);
      expect(b.stdout, args.join(' ')).toBe(a.stdout);
      expect(b.stderr, args.join(' ')).toBe(a.stderr);
    }
  }, 180_000);

  it('show and history of every customer print the same, in Chinese and English', async () => {
    const open = (file: string): AppContext => openSession({ file, operator: '张敏', now: new Date(E2E_NOW) });
    const a = open(original);
    const b = open(copy);
    try {
      const codes = query<{ code: string }>(original, 'SELECT code FROM customers ORDER BY id').map((r) => r.code);
      expect(codes.length).toBe(302);
      for (const lang of ['zh', 'en'] as const) {
        const rc: RenderContext = { format: 'table', lang, pal: PLAIN };
        for (const code of codes) {
          expect(await renderCustomer(showCustomer(b, code), rc), code).toBe(await renderCustomer(showCustomer(a, code), rc));
          expect(await renderHistory(history(b, { code }), rc), code).toBe(await renderHistory(history(a, { code }), rc));
        }
      }
    } finally {
      a.db.close();
      b.db.close();
    }
    // And through the command, for a few.
    for (const code of query<{ code: string }>(original, "SELECT code FROM customers WHERE grade = 'A' LIMIT 3").map((r) => r.code)) {
      expect(kehu(['show', code], { db: copy }).stdout).toBe(kehu(['show', code], { db: original }).stdout);
      expect(kehu(['history', code, '--json'], { db: copy }).stdout).toBe(kehu(['history', code, '--json'], { db: original }).stdout);
    }
  }, 120_000);

  it("leaves out contacts' personal data unless asked, and says so", () => {
    const f = path.join(dir, 'plain.ndjson');
    const r = kehu(['export', 'all', '--out', f, '--lang', 'en'], { db: original });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/without contacts' mobile, WeChat, birthday, notes and insider and decision-maker profiles; add --with-personal-data for them\)\n$/);
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'kehu-archive', version: ARCHIVE_VERSION, personal_data: false });
    const at = lines.findIndex((l) => l.startsWith('{"table":"contacts"'));
    const cols = (JSON.parse(lines[at]!) as { columns: string[] }).columns;
    const row = JSON.parse(lines[at + 1]!) as unknown[];
    expect(row[cols.indexOf('mobile')]).toBeNull();
    expect(row[cols.indexOf('name')]).not.toBeNull();
    expect(fs.readFileSync(f, 'utf8')).not.toMatch(/"1[3589]\d{9}"/);
  });

  it('still reads a version 1 archive (before the audit log, voided records, region moves and contact profiles)', () => {
    const v2 = fs.readFileSync(archive, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    const NEW_TABLES = ['region_moves', 'voided_visits', 'voided_orders', 'audit_log'];
    const V1_COLUMNS: Record<string, string[]> = {
      users: ['name', 'created_at'],
      contacts: ['id', 'customer_id', 'name', 'title', 'mobile', 'phone', 'email', 'is_decision_maker', 'birthday', 'notes'],
    };
    const out: string[] = [];
    let table = '';
    let keep: number[] | null = null;
    let rows = 0;
    for (const v of v2) {
      if (Array.isArray(v)) {
        if (NEW_TABLES.includes(table)) continue;
        out.push(JSON.stringify(keep ? keep.map((i) => v[i] as unknown) : v));
        rows++;
      } else {
        const o = v as Record<string, unknown>;
        if (o.format) {
          const tables = { ...(o.tables as Record<string, number>) };
          for (const t of NEW_TABLES) delete tables[t];
          out.push(JSON.stringify({ ...o, version: 1, tables }));
        } else if (typeof o.table === 'string') {
          table = o.table;
          if (NEW_TABLES.includes(table)) continue;
          const cols = o.columns as string[];
          const old = V1_COLUMNS[table];
          keep = old ? old.map((c) => cols.indexOf(c)) : null;
          out.push(JSON.stringify({ table, columns: V1_COLUMNS[table] ?? cols }));
        } else if (o.end === true) out.push(JSON.stringify({ ...o, rows }));
      }
    }
    const v1 = path.join(dir, 'v1.ndjson');
    fs.writeFileSync(v1, out.join('\n') + '\n');
    const copy = tempDbPath();
    const r = kehu(['import', 'all', v1], { db: copy });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('（第 1 版）');
    expect(kehu(['check'], { db: copy }).status).toBe(0);
    const code = (query(original, 'SELECT code FROM customers ORDER BY id LIMIT 1')[0] as { code: string }).code;
    expect(kehu(['show', code], { db: copy }).stdout).toBe(kehu(['show', code], { db: original }).stdout);
  }, 120_000);

  it('refuses a database that holds anything, a newer version, a cut-off or foreign file; nothing is written', () => {
    const target = tempDbPath();
    expect(kehu(['user', 'add', '张敏', '--role', 'assistant'], { db: target }).status).toBe(0);
    const before = dumpChecksum(target);
    const full = kehu(['import', 'all', archive], { db: target });
    expect(full.status).toBe(1);
    expect(full.stderr).toBe(`错误：${target} 已有数据（1 个用户），完整档案只导入空数据库。修正：用 --db 指定一个新文件，如 kehu import all ${archive} --db 新.db。\n`);
    expect(dumpChecksum(target)).toBe(before);

    const lines = fs.readFileSync(archive, 'utf8').split('\n');
    const newer = path.join(dir, 'newer.ndjson');
    fs.writeFileSync(newer, [JSON.stringify({ ...JSON.parse(lines[0]!), version: ARCHIVE_VERSION + 1 }), ...lines.slice(1)].join('\n'));
    const cut = path.join(dir, 'cut.ndjson');
    fs.writeFileSync(cut, lines.slice(0, Math.floor(lines.length / 2)).join('\n'));
    const foreign = path.join(dir, 'foreign.ndjson');
    fs.writeFileSync(foreign, '{"name":"x"}\n');
    const empty = tempDbPath();
    expect(kehu(['check'], { db: empty }).status).toBe(0);
    const emptyBefore = dumpChecksum(empty);
    const r1 = kehu(['import', 'all', newer, '--lang', 'en'], { db: empty });
    expect(r1.status).toBe(1);
    expect(r1.stderr).toBe(`Error: ${newer} is archive version ${ARCHIVE_VERSION + 1}; this kehu reads up to version ${ARCHIVE_VERSION}. Fix: upgrade kehu, then import it.\n`);
    const r2 = kehu(['import', 'all', cut, '--json'], { db: empty });
    expect(r2.status).toBe(1);
    expect(JSON.parse(r2.stderr)).toMatchObject({ error: 'malformed_archive', problem: 'cut_off' });
    expect(kehu(['import', 'all', cut], { db: empty }).stderr).toBe(`错误：${cut} 在结束行之前就结束了（文件被截断）。没有导入任何数据。修正：用 kehu export all 重新导出完整档案。\n`);
    const r3 = kehu(['import', 'all', foreign, '--lang', 'en'], { db: empty });
    expect(r3.status).toBe(1);
    expect(r3.stderr).toBe(`Error: ${foreign} is not a kehu archive (its first line must be {"format":"kehu-archive",…}). Nothing was imported. Fix: import a spreadsheet or a customers, visits or orders file by kind, e.g. kehu import customers ${foreign}.\n`);
    const missing = kehu(['import', 'all', path.join(dir, 'nope.ndjson')], { db: empty });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`错误：无法读取 ${path.join(dir, 'nope.ndjson')}（文件或文件夹不存在）。修正：检查文件路径与读取权限。\n`);
    // A row whose reference is gone: the archive's own rows contradict each other.
    const broken = path.join(dir, 'broken.ndjson');
    const at = lines.findIndex((l) => l.startsWith('{"table":"users"'));
    fs.writeFileSync(broken, [JSON.stringify({ ...JSON.parse(lines[0]!), tables: undefined }), ...lines.slice(1, at + 1), ...lines.slice(at + 2)].join('\n'));
    const r6 = kehu(['import', 'all', broken, '--lang', 'en'], { db: empty });
    expect(r6.status).toBe(1);
    expect(r6.stderr).toMatch(/: this row of user_roles cannot be loaded: it refers to a row the archive does not have \(the file was changed\)\. Nothing was imported\./);
    const r4 = kehu(['import', 'all', archive, '--dry-run', '--json'], { db: empty });
    expect(r4.status).toBe(2);
    expect(JSON.parse(r4.stderr)).toMatchObject({ error: 'option_not_for_kind', option: '--dry-run', kind: 'all' });
    const r5 = kehu(['import', 'all', archive, '--on-duplicate', 'skip'], { db: empty });
    expect(r5.status).toBe(2);
    expect(r5.stderr).toBe('错误：kehu import all 不接受 --on-duplicate：完整档案只能整体导入空数据库。修正：去掉 --on-duplicate；要试导入、跳过重复或保存错误行，请按类别导入（customers、visits、orders、users）。\n');
    expect(dumpChecksum(empty)).toBe(emptyBefore);
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
