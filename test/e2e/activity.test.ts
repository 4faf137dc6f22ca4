// End to end: the contact log, orders and status changes through bin/kehu, including many processes at once.

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, dumpChecksum, E2E_NOW, kehu, query, tempDbPath } from '../helpers.js';

function setup(): string {
  const db = tempDbPath();
  for (const args of [
    ['user', 'add', '张敏', '--role', 'assistant'],
    ['user', 'add', '李强', '--role', 'business-manager'],
    ['user', 'add', '刘洋', '--role', 'sales-manager'],
    ['add-customer', '广州市天河电子有限公司', '--province', '广东', '--city', '广州', '--date', '2026-01-05'],
  ]) expect(kehu(args, { db }).status).toBe(0);
  return db;
}

/** Runs kehu asynchronously, so several processes really overlap. */
function kehuAsync(args: string[], db: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, KEHU_DB: db, KEHU_USER: '张敏', LANG: 'zh_CN.UTF-8', TZ: 'UTC', KEHU_NOW: E2E_NOW }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('log-visit', () => {
  it('three visits give record …KF with visits 1, 2, 3', () => {
    const db = setup();
    const seqs = [1, 2, 3].map((i) => {
      const r = kehu(['log-visit', 'Cb-粤GZ0001', '--method', 'phone', '--summary', `第${i}次电话`, '--date', `2026-11-0${i}T10:00`, '--json'], { db });
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout) as { record_no: string; seq: number };
    });
    expect(seqs.map((s) => [s.record_no, s.seq])).toEqual([['Cb-粤GZ0001KF', 1], ['Cb-粤GZ0001KF', 2], ['Cb-粤GZ0001KF', 3]]);
    const text = kehu(['log-visit', '粤GZ0001', '--method', 'onsite', '--summary', '上门', '--date', '2026-11-05'], { db });
    expect(text.stdout).toBe('已记录 Cb-粤GZ0001KF 第 4 次拜访：2026-11-05 上门 张敏 — 上门\n');
  });

  it('eight processes logging 25 visits each to one customer give exactly 1..200, with no error', async () => {
    const db = setup();
    const worker = async (w: number): Promise<number> => {
      let failures = 0;
      for (let i = 0; i < 25; i++) {
        const r = await kehuAsync(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', `w${w} #${i}`, '--date', '2026-11-01', '--window-hours', '0'], db);
        if (r.status !== 0) failures++;
      }
      return failures;
    };
    const failures = await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    expect(failures).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const seqs = query<{ seq: number }>(db, 'SELECT seq FROM visits ORDER BY seq').map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(query(db, 'SELECT visit_count FROM customers')).toEqual([{ visit_count: 200 }]);
  }, 180_000);

  it('warns on stderr about a colleague\'s contact in the last 72 hours and still logs (exit 0); JSON carries it', () => {
    const db = setup();
    expect(kehu(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '月饼收到了吗？', '--by', '李强', '--date', '2026-11-20T09:00'], { db }).status).toBe(0);
    const r = kehu(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '问月饼', '--date', '2026-11-20T15:00', '--json'], { db });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/最近已有同事联系过该客户/);
    expect(r.stderr).toMatch(/2026-11-20 09:00 {2}李强（商务经理） {2}电话：月饼收到了吗？/);
    const out = JSON.parse(r.stdout) as { seq: number; warnings: { handler: string; summary: string }[] };
    expect(out.seq).toBe(2);
    expect(out.warnings).toEqual([expect.objectContaining({ handler: '李强', summary: '月饼收到了吗？', method: 'phone', visited_at: '2026-11-20T09:00' })]);
  });

  it('refuses a future or impossible date, an unknown method, a missing summary: exit 2 and nothing written', () => {
    const db = setup();
    const before = dumpChecksum(db);
    for (const [args, message] of [
      [['--method', 'phone', '--summary', 'x', '--date', '2099-01-01'], /--date 的值“2099-01-01”无效/],
      [['--method', 'phone', '--summary', 'x', '--date', '2026-02-30'], /--date 的值“2026-02-30”无效/],
      [['--method', 'pigeon', '--summary', 'x'], /--method 的值“pigeon”无效.*phone、onsite/],
      [['--method', 'phone'], /缺少 --summary/],
    ] as [string[], RegExp][]) {
      const r = kehu(['log-visit', '粤GZ0001', ...args], { db });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(dumpChecksum(db)).toBe(before);
  });
});

describe('log-order and set-status', () => {
  it('a first order makes the customer cooperating; the former code still resolves', () => {
    const db = setup();
    const r = kehu(['log-order', 'Cb-粤GZ0001', '--amount', '12345.67', '--date', '2026-10-01', '--json'], { db });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 'Ca-粤GZ0001', amount: 12345.67, amount_fen: 1234567, status_change: { from_status: 'b', to_status: 'a', kind: 'first_order' } });
    expect(query(db, 'SELECT amount_fen FROM orders')).toEqual([{ amount_fen: 1234567 }]);
    expect(kehu(['show', 'Cb-粤GZ0001', '--json'], { db }).stdout).toContain('"code": "Ca-粤GZ0001"');
  });

  it('every refused amount, transition and date leaves the database byte-identical', () => {
    const db = setup();
    expect(kehu(['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-10-01'], { db }).status).toBe(0);
    const before = dumpChecksum(db);
    const cases: [string[], number, RegExp][] = [
      [['log-order', '粤GZ0001', '--amount', '12.345'], 2, /--amount 的值“12.345”无效.*最多两位小数/],
      [['log-order', '粤GZ0001', '--amount', '0'], 2, /--amount 的值“0”无效/],
      [['log-order', '粤GZ0001', '--amount=-5'], 2, /--amount 的值“-5”无效.*大于 0 的金额/],
      [['log-order', '粤GZ0001', '--amount', 'abc'], 2, /--amount 的值“abc”无效/],
      [['log-order', '粤GZ0001', '--amount', '5', '--date', '2026-13-01'], 2, /--date/],
      [['set-status', '粤GZ0001', 'b'], 1, /不允许的状态变更：a → b。修正：从 a 只能变为 c/],
      [['set-status', '粤GZ0001', 'd', '--reason-category', 'no-need', '--reason', 'x'], 1, /a → d/],
      [['set-status', '粤GZ0001', 'c'], 2, /缺少 --reason-category/],
      [['set-status', '粤GZ0001', 'c', '--reason-category', 'weather'], 2, /--reason-category 的值“weather”无效/],
      // Judged by the status on the decision's own day: before its first order it was potential.
      [['set-status', '粤GZ0001', 'c', '--reason-category', 'price', '--date', '2026-01-20'], 1, /不允许的状态变更：b → c。修正：从 b 只能变为 a、d/],
      [['set-status', '粤GZ0009', 'c', '--reason-category', 'price'], 1, /找不到客户/],
    ];
    for (const [args, code, message] of cases) {
      const r = kehu(args, { db });
      expect(r.status, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    expect(dumpChecksum(db)).toBe(before);
  });

  it('lost, won back by an order, then history shows it all newest first in every format', () => {
    const db = setup();
    expect(kehu(['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-02-01'], { db }).status).toBe(0);
    // Six months from its first order it is lost today already; the decision dates its loss earlier, with its reason.
    expect(kehu(['set-status', '粤GZ0001', 'c', '--reason-category', '竞争对手', '--reason', '转向竞争对手', '--date', '2026-06-01'], { db }).stdout).toMatch(/Cc-粤GZ0001（a 合作客户 → c 流失客户，2026-06-01）/);
    expect(kehu(['log-visit', '粤GZ0001', '--method', 'onsite', '--summary', '挽回拜访', '--by', '刘洋', '--date', '2026-07-01'], { db }).status).toBe(0);
    const order = JSON.parse(kehu(['log-order', '粤GZ0001', '--amount', '300.5', '--date', '2026-08-01', '--json'], { db }).stdout) as { status_change: { kind: string } };
    expect(order.status_change.kind).toBe('win_back');
    const h = JSON.parse(kehu(['history', 'Cc-粤GZ0001', '--json'], { db }).stdout) as { record_no: string; entries: { at: string; kind: string }[] };
    expect(h.record_no).toBe('Ca-粤GZ0001KF');
    expect(h.entries.map((e) => `${e.at} ${e.kind}`)).toEqual([
      '2026-08-01 status', '2026-08-01 order', '2026-07-01 visit', '2026-06-01 status', '2026-02-01 status', '2026-02-01 order', '2026-01-05 status',
    ]);
    const table = kehu(['history', '粤GZ0001'], { db }).stdout;
    expect(table).toContain('¥300.50');
    expect(table).toContain('a 合作客户 → c 流失客户（竞争对手，转向竞争对手）');
    expect(table).toContain('c 流失客户 → a 合作客户（重新订货，挽回）');
    expect(kehu(['history', '粤GZ0001', '--format', 'csv'], { db }).stdout.split('\r\n')[0]).toBe('at,kind,seq,who,role,method,contact,summary,key_point,next_step,next_date,amount,from,to,cause,reason_category,order_id,field,voided_on,voided_by,void_reason,materials,materials_sent_at,materials_sent_by');
    expect(kehu(['history', '粤GZ0001', '--format', 'md'], { db }).stdout).toMatch(/^## Ca-粤GZ0001KF 广州市天河电子有限公司\n\n\| 时间 \| 类别 \|/);
  });
});

describe('due', () => {
  it('lists overdue required contacts as of a date, filtered by role', () => {
    const db = setup();
    // A formal VIP: entered by the general manager, ordering every few months since 2026-01-01.
    expect(kehu(['user', 'add', '孙伟', '--role', 'general-manager'], { db }).status).toBe(0);
    expect(kehu(['add-customer', 'VIP客户', '--province', '广东', '--city', '深圳', '--grade', 'A', '--status', 'a', '--owner', '李强', '--date', '2026-01-01', '--as', '孙伟'], { db }).status).toBe(0);
    for (const date of ['2026-03-01', '2026-07-01', '2026-11-01']) expect(kehu(['log-order', '粤SZ0001', '--amount', '1000', '--date', date], { db }).status).toBe(0);
    expect(kehu(['log-visit', '粤SZ0001', '--method', 'onsite', '--summary', '月度上门', '--by', '李强', '--date', '2026-11-01'], { db }).status).toBe(0);
    const rows = JSON.parse(kehu(['due', '--as-of', '2026-11-23', '--json'], { db }).stdout) as { code: string; role: string; days_overdue: number }[];
    expect(rows.map((r) => [r.code, r.role, r.days_overdue])).toEqual([
      ['Aa-粤SZ0001', 'support', 295],
      ['Aa-粤SZ0001', 'sales-manager', 236],
      ['Aa-粤SZ0001', 'market-manager', 145],
      // Half-yearly technical support (§7.1.3) and October's review (§7.1.1), both missing.
      ['Aa-粤SZ0001', 'tech-support', 145],
      ['Aa-粤SZ0001', 'review', 23],
    ]);
    const sm = kehu(['due', '--as-of', '2026-11-23', '--role', 'sales-manager'], { db });
    expect(sm.status).toBe(0);
    expect(sm.stdout).toMatch(/Aa-粤SZ0001.*销售经理.*每 3 月上门.*从未.*2026-04-01.*236/);
    expect(kehu(['due', '--as-of', '2026-11-31'], { db }).status).toBe(2);
    const unknown = kehu(['due', '--owner', '无名氏'], { db });
    expect([unknown.status, unknown.stdout]).toEqual([1, '']);
    expect(unknown.stderr).toMatch(/无名氏/);
  });
});
