// End to end, the reproductions of issue 12: a customer's history follows from its facts, whatever order
// they were entered in, whenever (or whether) the cron job ran, and in whatever time zone the machine is.

import { describe, expect, it } from 'vitest';
import { kehu, query, rawDb, tempDbPath } from '../helpers.js';

const USERS = [
  ['张敏', 'assistant'],
  ['刘洋', 'sales-manager'],
  ['赵雪', 'market-manager'],
  ['孙伟', 'general-manager'],
];

function ok(db: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = kehu(args, { db, env });
  expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function json<T = Record<string, unknown>>(db: string, args: string[], env: NodeJS.ProcessEnv = {}): T {
  return JSON.parse(ok(db, [...args, '--json'], env)) as T;
}

/** A file with the four users and one customer 粤GZ0001 entered on a day (more with `extra`). */
function setup(created = '2025-01-10', extra: string[][] = []): string {
  const db = tempDbPath();
  for (const [name, role] of USERS) ok(db, ['user', 'add', name!, '--role', role!]);
  ok(db, ['add-customer', '广州甲电子有限公司', '--province', '广东', '--city', '广州', '--date', created]);
  for (const args of extra) ok(db, args);
  return db;
}

const statusRows = (db: string, id = 1): string[] =>
  query<{ date: string; from_status: string | null; to_status: string; cause: string }>(db, 'SELECT date, from_status, to_status, cause FROM status_history WHERE customer_id = ? ORDER BY seq', id).map(
    (r) => `${r.date} ${r.from_status ?? '-'}>${r.to_status} ${r.cause}`,
  );
const codeRows = (db: string, id = 1): string[] =>
  query<{ code: string; valid_from: string; valid_to: string | null }>(db, 'SELECT code, valid_from, valid_to FROM code_history WHERE customer_id = ? ORDER BY valid_from', id).map(
    (r) => `${r.code} ${r.valid_from}..${r.valid_to ?? ''}`,
  );

describe('1. a loss between two orders is in the history however the orders came', () => {
  const ORDERS = ['2025-02-15', '2025-05-10', '2025-08-20', '2025-12-01'];
  const expected = ['2025-01-10 ->b created', '2025-02-15 b>a first_order', '2026-06-01 a>c auto_loss', '2026-10-08 c>a win_back'];

  it('log-order, the later order first', () => {
    const db = setup();
    ok(db, ['log-order', '粤GZ0001', '--amount', '500', '--date', '2026-10-08']);
    for (const date of ORDERS) ok(db, ['log-order', '粤GZ0001', '--amount', '100', '--date', date]);
    expect(statusRows(db)).toEqual(expected);
    const june = json<{ lost: { count: number; customers: { code: string; lost_date: string; reason_category: string; last_order_date: string }[] } }>(db, ['churn-report', '--month', '2026-06']);
    expect(june.lost.count).toBe(1);
    expect(june.lost.customers[0]).toMatchObject({ code: 'Cc-粤GZ0001', lost_date: '2026-06-01', reason_category: 'no-order-6m', last_order_date: '2025-12-01' });
    const october = json<{ won_back: { code: string; date: string }[] }>(db, ['churn-report', '--month', '2026-10']);
    expect(october.won_back).toEqual([expect.objectContaining({ code: 'Ca-粤GZ0001', date: '2026-10-08' })]);
    // A later --apply has nothing to record: the history was right all along.
    expect(json<{ applied: unknown[] }>(db, ['churn-report', '--apply']).applied).toEqual([]);
    expect(statusRows(db)).toEqual(expected);
  });

  it('import orders of the same history', () => {
    const db = setup();
    const csv = ['code,date,amount', '粤GZ0001,2026-10-08,500', ...ORDERS.map((d) => `粤GZ0001,${d},100`)].join('\n');
    expect(kehu(['import', 'orders', '-'], { db, input: csv }).status).toBe(0);
    expect(statusRows(db)).toEqual(expected);
    expect(codeRows(db)).toEqual(['Cb-粤GZ0001 2025-01-10..2025-02-15', 'Ca-粤GZ0001 2025-02-15..2026-06-01', 'Cc-粤GZ0001 2026-06-01..2026-10-08', 'Ca-粤GZ0001 2026-10-08..']);
  });
});

describe('2. an order before a recorded loss moves it; a decision can be dated as it happened', () => {
  it('a loss --apply recorded on 2026-06-01 moves when an order of 2026-05-20 is logged', () => {
    // Entered in May, before the loss fell due.
    const may = { KEHU_NOW: '2026-05-25T02:00:00Z' };
    const db = tempDbPath();
    ok(db, ['user', 'add', '张敏', '--role', 'assistant'], may);
    ok(db, ['user', 'add', '刘洋', '--role', 'sales-manager'], may);
    ok(db, ['add-customer', '广州甲电子有限公司', '--province', '广东', '--city', '广州', '--date', '2025-01-10'], may);
    ok(db, ['log-order', '粤GZ0001', '--amount', '100', '--date', '2025-08-10'], may);
    ok(db, ['log-order', '粤GZ0001', '--amount', '100', '--date', '2025-12-01'], may);
    expect(json<{ code: string }>(db, ['show', '粤GZ0001'], may).code).toBe('Ca-粤GZ0001');
    // Cron on the morning of 1 June (00:30 UTC is 08:30 in Beijing) records the loss.
    const june = { KEHU_NOW: '2026-06-01T00:30:00Z' };
    expect(json<{ applied: { lost_date: string }[] }>(db, ['churn-report', '--apply'], june).applied.map((l) => l.lost_date)).toEqual(['2026-06-01']);
    const order = json<{ code: string; status_change: unknown }>(db, ['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-05-20'], { KEHU_NOW: '2026-06-10T02:00:00Z' });
    // Not a win-back: the order came before the six months ran out, so the loss moves.
    expect(order).toMatchObject({ code: 'Ca-粤GZ0001', status_change: null, moved_loss: { from: '2026-06-01', to: '2026-11-20' } });
    expect(statusRows(db)).toEqual(['2025-01-10 ->b created', '2025-08-10 b>a first_order']);
    // Today (23 November) the six months from 20 May have run out.
    expect(json<{ code: string; lost_date: string }>(db, ['show', '粤GZ0001'])).toMatchObject({ code: 'Cc-粤GZ0001', lost_date: '2026-11-20' });
    expect(statusRows(db)).toEqual(['2025-01-10 ->b created', '2025-08-10 b>a first_order', '2026-11-20 a>c auto_loss']);
    // The manager's account of 15 June can still be recorded, dated then.
    const decided = json<{ from_status: string; to_status: string }>(db, ['set-status', '粤GZ0001', 'c', '--reason-category', 'competitor', '--reason', '转向竞争对手', '--date', '2026-06-15', '--as', '刘洋']);
    expect(decided).toMatchObject({ from_status: 'a', to_status: 'c' });
    expect(statusRows(db)).toEqual(['2025-01-10 ->b created', '2025-08-10 b>a first_order', '2026-06-15 a>c decision']);
  });
});

describe('3. a past month\'s at-risk list reads the orders up to its end', () => {
  it('the April list is the same after a May order is logged', () => {
    const db = setup('2025-01-10', [
      ['log-order', '粤GZ0001', '--amount', '100', '--date', '2025-11-20'],
      ['log-order', '粤GZ0001', '--amount', '900', '--date', '2025-12-10'],
    ]);
    const april = (): unknown => json<{ at_risk: unknown }>(db, ['churn-report', '--month', '2026-04']).at_risk;
    const before = april();
    expect(before).toMatchObject({ count: 1, customers: [{ code: 'Ca-粤GZ0001', last_order_date: '2025-12-10', months_without_order: 4, lost_on: '2026-06-10' }] });
    ok(db, ['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-05-05']);
    expect(april()).toEqual(before);
  });
});

describe('4. a company moving from Excel brings its order history', () => {
  it('import customers (no created_on), then their past orders', () => {
    const db = setup();
    expect(kehu(['import', 'customers', '-'], { db, input: 'name,province,city,status\n老客户有限公司,广东,深圳,a\n' }).status).toBe(0);
    const r = kehu(['import', 'orders', '-', '--json'], { db, input: 'code,date,amount\n粤SZ0001,2025-03-01,100\n粤SZ0001,2025-07-01,200\n' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 2, committed: true });
    // The orders start its history; the status it was entered with today gives way to what they say.
    expect(statusRows(db, 2)).toEqual(['2025-03-01 ->b created', '2025-03-01 b>a first_order', '2026-01-01 a>c auto_loss']);
    expect(query(db, 'SELECT code, created_on, cooperating_since, lost_date FROM customers WHERE id = 2')).toEqual([
      { code: 'Cc-粤SZ0001', created_on: '2026-11-23', cooperating_since: '2025-03-01', lost_date: '2026-01-01' },
    ]);
  });
});

/** A formal VIP of 2025-01-05, entered by the general manager, ordering every five months. */
function formalVip(): string {
  const db = setup('2025-01-05');
  ok(db, ['add-customer', '深圳VIP有限公司', '--province', '广东', '--city', '深圳', '--grade', 'A', '--status', 'a', '--date', '2025-01-05', '--as', '孙伟']);
  const csv = ['code,date,amount', ...['2025-01-05', '2025-06-05', '2025-11-05', '2026-04-05', '2026-09-05'].map((d) => `粤SZ0001,${d},1000`)].join('\n');
  expect(kehu(['import', 'orders', '-'], { db, input: csv }).status).toBe(0);
  return db;
}

describe('5. a year of past reviews, each on its own day', () => {
  it('downgrade runs count from the grade decision; code intervals never overlap or run backwards', () => {
    const db = formalVip();
    const months = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
    const results = months.map((m) => json<{ below_standard: { months: number }; outcome: string; application: { id: number; required_roles: string[] } | null }>(db, ['review-grade', '粤SZ0001', '--score', '70', '--month', m, '--date', `${m}-28`]));
    expect(results.map((r) => r.below_standard.months)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.at(-1)).toMatchObject({ outcome: 'downgrade_application', application: { id: 1, required_roles: ['sales-manager', 'market-manager', 'general-manager'] } });
    for (const who of ['刘洋', '赵雪', '孙伟']) ok(db, ['approve', '1', '--as', who, '--date', '2026-06-03']);
    // B from 3 June: June's review is not counted in a run of the new grade; July on is.
    const june = json<{ current_grade: string; below_standard: { months: number } }>(db, ['review-grade', '粤SZ0001', '--score', '50', '--month', '2026-06', '--date', '2026-06-28']);
    expect(june).toMatchObject({ current_grade: 'B', below_standard: { months: 0 } });
    const runs = ['2026-07', '2026-08', '2026-09'].map((m) => json<{ below_standard: { months: number }; outcome: string }>(db, ['review-grade', '粤SZ0001', '--score', '50', '--month', m, '--date', `${m}-28`]));
    expect(runs.map((r) => [r.below_standard.months, r.outcome])).toEqual([[1, 'none'], [2, 'none'], [3, 'downgrade_application']]);
    expect(codeRows(db, 2)).toEqual(['Aa-粤SZ0001 2025-01-05..2026-06-03', 'Ba-粤SZ0001 2026-06-03..']);
    expect(query(db, 'SELECT date, from_grade, to_grade, application_id FROM grade_history WHERE customer_id = 2')).toEqual([
      { date: '2026-06-03', from_grade: 'A', to_grade: 'B', application_id: 1 },
    ]);
    expect(kehu(['check'], { db }).status).toBe(0);
    // Not in the future, not before the month reviewed, not before the application.
    expect(kehu(['review-grade', '粤SZ0001', '--score', '50', '--month', '2026-10', '--date', '2026-11-24'], { db }).status).toBe(2);
    expect(kehu(['review-grade', '粤SZ0001', '--score', '50', '--month', '2026-10', '--date', '2026-09-30'], { db }).status).toBe(2);
    expect(kehu(['approve', '2', '--as', '刘洋', '--date', '2026-09-01'], { db }).status).toBe(2);
  });
});

describe('6. a pending application does not stop the next month\'s review', () => {
  it('the review is recorded and counted, and the pending application kept', () => {
    const db = formalVip();
    ok(db, ['review-grade', '粤SZ0001', '--score', '70', '--month', '2026-05']);
    for (const m of ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10']) ok(db, ['review-grade', '粤SZ0001', '--score', '70', '--month', m]);
    // Six months below 80: a downgrade application, pending; November is still recorded, and the run goes on.
    const nov = json<{ below_standard: { months: number }; pending_application: number; application: { id: number } }>(db, ['review-grade', '粤SZ0001', '--score', '72', '--month', '2026-11']);
    expect(nov).toMatchObject({ below_standard: { months: 7 }, pending_application: 1, application: { id: 1 } });
    expect(query(db, 'SELECT count(*) AS n FROM reviews')).toEqual([{ n: 7 }]);
    expect(query(db, 'SELECT id, status FROM applications')).toEqual([{ id: 1, status: 'pending' }]);
  });
});

describe('7. no formal VIP without the general manager', () => {
  it('a potential-VIP application approved after the first order waits for the general manager', () => {
    const db = setup();
    const r = json<{ application: { id: number; required_roles: string[] } }>(db, ['review-grade', '粤GZ0001', '--score', '90', '--month', '2026-03', '--date', '2026-03-20']);
    expect(r.application.required_roles).toEqual(['sales-manager', 'market-manager']);
    ok(db, ['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-04-01']);
    ok(db, ['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-09-01']);
    ok(db, ['approve', '1', '--as', '刘洋', '--date', '2026-04-05']);
    const second = json<{ status: string; waiting_for: string[]; code: string }>(db, ['approve', '1', '--as', '赵雪', '--date', '2026-04-10']);
    expect(second).toMatchObject({ status: 'pending', waiting_for: ['general-manager'], code: 'Ca-粤GZ0001' });
    expect(json<{ id: number }[]>(db, ['approvals', '--as', '孙伟']).map((a) => a.id)).toEqual([1]);
    expect(json<{ status: string; code: string }>(db, ['approve', '1', '--as', '孙伟', '--date', '2026-04-12'])).toMatchObject({ status: 'approved', code: 'Aa-粤GZ0001' });
    expect(kehu(['check'], { db }).status).toBe(0);
  });

  it('a potential VIP\'s first order makes it a key customer, not a formal VIP', () => {
    const db = setup('2025-01-10', [['add-customer', '潜在VIP有限公司', '--province', '广东', '--city', '深圳', '--grade', 'A', '--date', '2026-01-10']]);
    const order = json<{ code: string }>(db, ['log-order', '粤SZ0001', '--amount', '100', '--date', '2026-10-01']);
    expect(order.code).toBe('Ba-粤SZ0001');
    expect(ok(db, ['history', '粤SZ0001', '--kind', 'grade'])).toContain('A → B（正式VIP须总经理确认）');
    expect(kehu(['check'], { db }).status).toBe(0);
  });

  it('a formal VIP entered by an assistant is entered as B, with a note naming who approves the upgrade', () => {
    const db = setup();
    const zh = kehu(['add-customer', '深圳甲有限公司', '--province', '广东', '--city', '深圳', '--grade', 'A', '--status', 'a', '--as', '张敏'], { db });
    expect(zh.status).toBe(0);
    expect(zh.stdout).toContain('Ba-粤SZ0001');
    expect(zh.stderr).toBe('注意：正式VIP客户须经总经理确认（§5.2.1），已按重点客户（B）建档为 Ba-粤SZ0001。总经理建档、或经评审后由销售经理、市场经理、总经理审批升级，方为 A。\n');
    const en = kehu(['add-customer', '深圳乙有限公司', '--province', '广东', '--city', '深圳', '--grade', 'A', '--status', 'a', '--as', '张敏', '--lang', 'en'], { db });
    expect(en.stderr).toBe(
      "Note: a formal VIP needs the general manager's confirmation (§5.2.1); entered as a key customer (B): Ba-粤SZ0002. It becomes A when the general manager enters it, or through a review approved by: sales manager, market manager, general manager.\n",
    );
    expect(query(db, "SELECT code FROM customers WHERE grade = 'A'")).toEqual([]);
  });

  it('designating a formal VIP an image customer needs the general manager too', () => {
    const db = formalVip();
    const d = json<{ application: { id: number; required_roles: string[] } }>(db, ['designate-image', '粤SZ0001']);
    expect(d.application.required_roles).toEqual(['sales-manager', 'market-manager', 'general-manager']);
    ok(db, ['approve', String(d.application.id), '--as', '刘洋']);
    expect(json<{ status: string }>(db, ['approve', String(d.application.id), '--as', '赵雪']).status).toBe('pending');
    expect(json<{ code: string }>(db, ['approve', String(d.application.id), '--as', '孙伟']).code).toBe('Xa-粤SZ0001');
  });
});

describe('8. business time: Beijing, whatever the machine\'s zone', () => {
  // 23:30 UTC on 30 November is 07:30 on 1 December in Beijing.
  const env = { TZ: 'UTC', KEHU_NOW: '2026-11-30T23:30:00Z' };

  it('today, the default month, the wall clock of visits, and offsets', () => {
    const db = setup();
    expect(json<{ visited_at: string }>(db, ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '早上电话', '--window-hours', '0'], env).visited_at).toBe('2026-12-01T07:30');
    expect(json<{ month: string; as_of: string }>(db, ['churn-report'], env)).toMatchObject({ month: '2026-11', as_of: '2026-12-01' });
    expect(json<{ date: string }>(db, ['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-12-01'], env).date).toBe('2026-12-01');
    for (const given of ['2026-12-01T07:30+08:00', '2026-11-30T23:30Z', '2026-11-30T23:30:00.000Z', '2026-12-01 07:30']) {
      expect(json<{ visited_at: string }>(db, ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', given, '--date', given, '--window-hours', '0'], env).visited_at, given).toBe('2026-12-01T07:30');
    }
    // In another business zone, today is another day.
    expect(json<{ visited_at: string }>(db, ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', 'UTC', '--window-hours', '0'], { ...env, KEHU_TZ: 'UTC' }).visited_at).toBe('2026-11-30T23:30');
    const bad = kehu(['list'], { db, env: { ...env, KEHU_TZ: 'Mars/Olympus' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/KEHU_TZ 的值“Mars\/Olympus”无效.*Asia\/Shanghai/);
    expect(kehu(['list'], { db, env: { KEHU_NOW: 'yesterday' } }).status).toBe(2);
  });
});

describe('9. the status a customer was entered with, and orders before it', () => {
  it('an imported lost customer is lost since its lost date, not since it was entered', () => {
    const db = setup();
    const csv = 'name,province,city,status,lost_date,cooperating_since,created_on\n流失客户有限公司,广东,深圳,c,2025-12-25,,2026-01-10\n老合作有限公司,广东,深圳,c,2025-12-25,2025-09-01,2026-01-10\n';
    expect(kehu(['import', 'customers', '-'], { db, input: csv }).status).toBe(0);
    expect(statusRows(db, 2)).toEqual(['2025-12-25 ->c created']);
    expect(statusRows(db, 3)).toEqual(['2025-09-01 ->a created', '2025-12-25 a>c opening']);
    expect(query(db, 'SELECT lost_date FROM customers WHERE id IN (2, 3)')).toEqual([{ lost_date: '2025-12-25' }, { lost_date: '2025-12-25' }]);
    expect(json<{ lost: { count: number } }>(db, ['churn-report', '--month', '2025-12']).lost.count).toBe(1);
  });

  it('an order dated before the customer became cooperating is its first order', () => {
    const db = setup('2025-01-10', [['add-customer', '合作客户有限公司', '--province', '广东', '--city', '深圳', '--status', 'a', '--cooperating-since', '2026-03-01']]);
    const order = json<{ status_change: unknown }>(db, ['log-order', '粤SZ0001', '--amount', '100', '--date', '2026-01-15']);
    expect(order.status_change).toEqual({ from_status: 'b', to_status: 'a', kind: 'first_order' });
    expect(query(db, 'SELECT cooperating_since FROM customers WHERE id = 2')).toEqual([{ cooperating_since: '2026-01-15' }]);
  });
});

describe('today\'s status without cron, and check proves the stored history', () => {
  it('a loss due yesterday shows today with no --apply', () => {
    const db = setup('2025-01-10', [['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-05-22']]);
    // Entered on 23 November: the six months ran out on 22 November.
    expect(json<{ code: string; lost_date: string }>(db, ['show', '粤GZ0001'])).toMatchObject({ code: 'Cc-粤GZ0001', lost_date: '2026-11-22' });
    expect(json<{ code: string }[]>(db, ['list', '--status', 'c']).map((c) => c.code)).toEqual(['Cc-粤GZ0001']);
  });

  it('check finds a tampered status history, overlapping codes and a formal VIP nobody confirmed', () => {
    const db = setup('2025-01-10', [['log-order', '粤GZ0001', '--amount', '100', '--date', '2025-02-15']]);
    expect(kehu(['check'], { db }).status).toBe(0);
    const raw = rawDb(db);
    raw.prepare("UPDATE status_history SET date = '2025-09-01' WHERE cause = 'auto_loss'").run();
    raw.prepare("UPDATE code_history SET valid_to = '2025-10-01' WHERE code = 'Ca-粤GZ0001'").run();
    raw.prepare("UPDATE customers SET grade = 'A', status = 'a', code = 'Aa-粤GZ0001'").run();
    raw.prepare("INSERT INTO code_history(customer_id, code, valid_from) VALUES (1, 'Aa-粤GZ0001', '2025-08-15')").run();
    raw.close();
    const r = kehu(['check', '--json'], { db });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { violations: { check: string; code: string }[] };
    expect([...new Set(out.violations.map((v) => v.check))].sort()).toEqual(['code_intervals', 'formal_vip', 'timeline']);
    expect(out.violations.filter((v) => v.check === 'timeline').every((v) => v.code === 'Aa-粤GZ0001')).toBe(true);
  });
});
