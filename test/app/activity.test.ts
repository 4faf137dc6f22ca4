import { afterEach, describe, expect, it } from 'vitest';
import { advanceTimelines } from '../../src/app/timeline.js';
import { due } from '../../src/app/due.js';
import { history } from '../../src/app/history.js';
import { logOrder } from '../../src/app/logOrder.js';
import { logVisit } from '../../src/app/logVisit.js';
import { setStatus } from '../../src/app/setStatus.js';
import type { AppContext } from '../../src/app/context.js';
import { addCustomer } from '../../src/app/addCustomer.js';
import { findCustomer } from '../../src/app/customers.js';
import { showCustomer } from '../../src/app/showCustomer.js';
import { addUser } from '../../src/app/users.js';
import { dumpChecksum, query, refused, testContext } from '../helpers.js';

let ctx: ReturnType<typeof testContext>;
afterEach(() => ctx?.db.close());

function at(now: string, operator = '张敏'): AppContext {
  return { db: ctx.db, operator, now: new Date(now) };
}

function setup(): void {
  ctx = testContext('2026-11-23T10:00:00+08:00');
  addUser(ctx, '张敏', ['assistant']);
  addUser(ctx, '李强', ['business-manager']);
  addUser(ctx, '刘洋', ['sales-manager']);
  addUser(ctx, '赵雪', ['market-manager']);
  addUser(ctx, '陈静', ['tech-support', 'assistant']);
  addUser(ctx, '孙伟', ['general-manager']);
}

describe('log-visit', () => {
  it('numbers visits 1, 2, 3 in the record code + KF', () => {
    setup();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州' });
    const seqs = [1, 2, 3].map((i) => logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: `第${i}次`, date: `2026-11-0${i}` }));
    expect(seqs.map((v) => [v.record_no, v.seq])).toEqual([
      ['Cb-粤GZ0001KF', 1],
      ['Cb-粤GZ0001KF', 2],
      ['Cb-粤GZ0001KF', 3],
    ]);
    expect(query(ctx.file, 'SELECT seq, handler, handler_role, visited_at FROM visits ORDER BY seq')).toEqual([
      { seq: 1, handler: '张敏', handler_role: 'assistant', visited_at: '2026-11-01' },
      { seq: 2, handler: '张敏', handler_role: 'assistant', visited_at: '2026-11-02' },
      { seq: 3, handler: '张敏', handler_role: 'assistant', visited_at: '2026-11-03' },
    ]);
  });

  it('keeps every field and moves a potential customer to the new development stage', () => {
    setup();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州', stage: '1' });
    const v = logVisit(ctx, {
      code: 'Cb-粤GZ0001', method: '上门', summary: '演示样机', date: '2026-11-20 14:30', by: '李强', contact: '王伟',
      keyPoint: '预算50万', nextStep: '报价', nextDate: '2026-12-01', stage: '3',
    });
    expect(v).toMatchObject({ method: 'onsite', visited_at: '2026-11-20T14:30', handler: '李强', handler_role: 'business-manager', contact: '王伟', key_point: '预算50万', next_step: '报价', next_date: '2026-12-01', stage: 3 });
    expect(findCustomer(ctx, '粤GZ0001').stage).toBe(3);
  });

  it('refuses bad input and changes nothing', () => {
    setup();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州', status: 'a' });
    const before = dumpChecksum(ctx.file);
    refused(() => logVisit(ctx, { code: '粤GZ0001', method: 'pigeon', summary: 'x' }), 'invalid_value');
    refused(() => logVisit(ctx, { code: '粤GZ0001', summary: 'x' }), 'missing_value');
    refused(() => logVisit(ctx, { code: '粤GZ0001', method: 'phone' }), 'missing_value');
    refused(() => logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: 'x', date: '2026-02-30' }), 'invalid_value');
    refused(() => logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: 'x', date: '2026-11-24' }), 'invalid_value');
    refused(() => logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: 'x', date: '2026-11-23T10:30' }), 'invalid_value');
    refused(() => logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: 'x', stage: '2' }), 'invalid_value'); // cooperating
    refused(() => logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: 'x', by: '路人' }), 'unknown_user');
    refused(() => logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: 'x', by: '陈静' }), 'missing_value'); // two roles
    refused(() => logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: 'x', by: '李强', role: 'sales-manager' }), 'invalid_value');
    refused(() => logVisit(ctx, { code: '粤GZ0002', method: 'phone', summary: 'x' }), 'customer_not_found');
    expect(dumpChecksum(ctx.file)).toBe(before);
    expect(logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: 'x', by: '外援', role: 'tech-support' }).handler_role).toBe('tech-support');
  });

  it('warns about colleagues who contacted the customer in the last 72 hours (seed 004: the mooncakes)', () => {
    setup();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州', status: 'a' });
    logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '月饼收到了吗', by: '刘洋', date: '2026-11-19T09:00' }); // > 72 h before
    logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '月饼收到了吗？上月货款何时结？', by: '李强', date: '2026-11-22T09:00' });
    logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '自己的上次', by: '张敏', date: '2026-11-22T10:00' });
    const v = logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '问月饼', date: '2026-11-23T09:30' });
    expect(v.warnings).toEqual([{ handler: '李强', handler_role: 'business-manager', visited_at: '2026-11-22T09:00', method: 'phone', summary: '月饼收到了吗？上月货款何时结？', seq: 2 }]);
    expect(logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '再问', by: '赵雪', date: '2026-11-23T09:40', windowHours: '120' }).warnings.map((w) => w.handler)).toEqual(['张敏', '张敏', '李强', '刘洋']);
    expect(logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '再问', by: '刘洋', date: '2026-11-23T09:45', windowHours: '0' }).warnings).toEqual([]);
  });
});

describe('log-order', () => {
  it('stores yuan as exact fen and refuses bad amounts without a change', () => {
    setup();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州', status: 'a' });
    // Entered as cooperating today; an order dated before that is its first order (the facts say so).
    const o = logOrder(ctx, { code: '粤GZ0001', amount: '12345.67', date: '2026-11-01' });
    expect(o).toMatchObject({ amount: 12345.67, amount_fen: 1234567, status_change: { from_status: 'b', to_status: 'a', kind: 'first_order' } });
    expect(logOrder(ctx, { code: '粤GZ0001', amount: '0.1' })).toMatchObject({ amount_fen: 10, status_change: null });
    expect(logOrder(ctx, { code: '粤GZ0001', amount: '¥1,000,000.01' }).amount_fen).toBe(100000001);
    const before = dumpChecksum(ctx.file);
    for (const bad of ['12.345', '0', '0.00', '-5', 'abc', '', '1e5', '12,34.5', '99999999999999']) {
      refused(() => logOrder(ctx, { code: '粤GZ0001', amount: bad }), bad === '' ? 'missing_value' : 'invalid_value');
    }
    refused(() => logOrder(ctx, { code: '粤GZ0001', amount: '5', date: '2026-12-01' }), 'invalid_value');
    expect(dumpChecksum(ctx.file)).toBe(before);
    expect(query(ctx.file, 'SELECT sum(amount_fen) AS s FROM orders')).toEqual([{ s: 1234567 + 10 + 100000001 }]);
  });

  it('a first order makes a potential customer cooperating; an order wins back a lost one; invalid is refused', () => {
    setup();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州', date: '2026-01-01' });
    const first = logOrder(ctx, { code: 'Cb-粤GZ0001', amount: '100', date: '2026-02-01' });
    // The first order made it cooperating on 2026-02-01; six months without another, it is lost today.
    expect(first).toMatchObject({ code: 'Cc-粤GZ0001', status_change: { from_status: 'b', to_status: 'a', kind: 'first_order' } });
    expect(findCustomer(ctx, 'Cb-粤GZ0001')).toMatchObject({ status: 'c', cooperating_since: '2026-02-01', last_order_date: '2026-02-01', lost_date: '2026-08-01' });
    setStatus(ctx, { code: '粤GZ0001', status: 'c', reasonCategory: 'price', date: '2026-05-01' });
    const back = logOrder(ctx, { code: '粤GZ0001', amount: '200', date: '2026-06-01' });
    expect(back).toMatchObject({ code: 'Ca-粤GZ0001', status_change: { from_status: 'c', to_status: 'a', kind: 'win_back' } });
    addCustomer(ctx, { name: '乙', province: '广东', city: '广州', date: '2026-11-01' });
    setStatus(ctx, { code: '粤GZ0002', status: 'd', reasonCategory: 'no-need', reason: '无需求', date: '2026-11-20' });
    const before = dumpChecksum(ctx.file);
    expect(refused(() => logOrder(ctx, { code: '粤GZ0002', amount: '1' }), 'order_on_invalid').params).toMatchObject({ date: '2026-11-23', since: '2026-11-20' });
    expect(dumpChecksum(ctx.file)).toBe(before);
    // An order before the decision is taken, and the decision stands: reported, since the table has no a → d.
    expect(logOrder(ctx, { code: '粤GZ0002', amount: '1', date: '2026-11-10' })).toMatchObject({
      code: 'Cd-粤GZ0002',
      status_change: { from_status: 'b', to_status: 'a', kind: 'first_order' },
      warnings: [{ kind: 'decision_not_allowed', date: '2026-11-20', from: 'a', to: 'd', since: '2026-11-10' }],
    });
  });
});

describe('set-status', () => {
  it('follows the transition table, records who/when/why, and keeps the former code', () => {
    setup();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州', grade: 'B', date: '2026-01-01' });
    const r = setStatus(ctx, { code: 'Bb-粤GZ0001', status: 'a', date: '2026-02-01' });
    // A signed agreement on 2026-02-01 and no order since: lost on 2026-08-01, as of today.
    expect(r).toMatchObject({ code: 'Bc-粤GZ0001', former_code: 'Bb-粤GZ0001', from_status: 'b', to_status: 'a' });
    const before = dumpChecksum(ctx.file);
    // Judged by the status on the decision's own day.
    const e = refused(() => setStatus(ctx, { code: '粤GZ0001', status: 'b', reason: 'x', date: '2026-03-01' }), 'invalid_transition');
    expect(e.params).toMatchObject({ from: 'a', to: 'b', allowed: ['c'] });
    refused(() => setStatus(ctx, { code: '粤GZ0001', status: 'd', reasonCategory: 'no-need', reason: 'x', date: '2026-03-01' }), 'invalid_transition');
    refused(() => setStatus(ctx, { code: '粤GZ0001', status: 'c', date: '2026-03-01' }), 'missing_value');
    refused(() => setStatus(ctx, { code: '粤GZ0001', status: 'c', reasonCategory: 'no-need', date: '2026-03-01' }), 'invalid_value');
    // Already lost today; and before the agreement it was potential: neither is a loss.
    expect(refused(() => setStatus(ctx, { code: '粤GZ0001', status: 'c', reasonCategory: 'price' }), 'invalid_transition').params).toMatchObject({ from: 'c', to: 'c' });
    expect(refused(() => setStatus(ctx, { code: '粤GZ0001', status: 'c', reasonCategory: 'price', date: '2026-01-15' }), 'invalid_transition').params).toMatchObject({ from: 'b', allowed: ['a', 'd'] });
    refused(() => setStatus(ctx, { code: '粤GZ0001', status: 'z', reasonCategory: 'price' }), 'invalid_value');
    expect(dumpChecksum(ctx.file)).toBe(before);
    setStatus(at('2026-11-23T10:00:00+08:00', '刘洋'), { code: '粤GZ0001', status: 'c', reasonCategory: '竞争对手', reason: '转向竞争对手', date: '2026-06-01' });
    refused(() => setStatus(ctx, { code: '粤GZ0001', status: 'd', reasonCategory: 'given-up' }), 'missing_value'); // → d needs words
    setStatus(ctx, { code: 'Bb-粤GZ0001', status: 'd', reasonCategory: 'given-up', reason: '放弃', date: '2026-07-01' });
    setStatus(ctx, { code: 'Ba-粤GZ0001', status: 'b', reason: '重新有需求', date: '2026-08-01' });
    const show = showCustomer(ctx, 'Bc-粤GZ0001');
    expect(show.customer.code).toBe('Bb-粤GZ0001');
    expect(show.status_history.map((h) => [h.from_status, h.to_status, h.date, h.operator, h.reason_category])).toEqual([
      [null, 'b', '2026-01-01', '张敏', null],
      ['b', 'a', '2026-02-01', '张敏', null],
      ['a', 'c', '2026-06-01', '刘洋', 'competitor'],
      ['c', 'd', '2026-07-01', '张敏', 'given-up'],
      ['d', 'b', '2026-08-01', '张敏', null],
    ]);
    expect(show.code_history.map((h) => [h.code, h.valid_from, h.valid_to])).toEqual([
      ['Bb-粤GZ0001', '2026-01-01', '2026-02-01'],
      ['Ba-粤GZ0001', '2026-02-01', '2026-06-01'],
      ['Bc-粤GZ0001', '2026-06-01', '2026-07-01'],
      ['Bd-粤GZ0001', '2026-07-01', '2026-08-01'],
      ['Bb-粤GZ0001', '2026-08-01', null],
    ]);
    for (const former of ['Ba-粤GZ0001', 'Bc-粤GZ0001', 'Bd-粤GZ0001']) expect(findCustomer(ctx, former).code).toBe('Bb-粤GZ0001');
  });
});

describe('automatic loss (no order for 6 months)', () => {
  function cooperating(name: string, since: string, lastOrder?: string, clock = '2030-01-01T00:00:00Z'): void {
    addCustomer(at(clock), { name, province: '广东', city: '深圳', status: 'a', date: since });
    if (lastOrder) logOrder(at(clock), { code: findCustomer(ctx, `粤SZ${String(query<{ n: number }>(ctx.file, 'SELECT count(*) AS n FROM customers')[0]!.n).padStart(4, '0')}`).code, amount: '10', date: lastOrder });
  }

  it('is due exactly six calendar months after the last order, end-of-month clamped, leap years too', () => {
    ctx = testContext('2030-01-01T00:00:00Z');
    cooperating('月末', '2026-01-01', '2026-08-31'); // → 2027-02-28
    cooperating('闰年', '2027-01-01', '2027-08-31'); // → 2028-02-29
    cooperating('无订单', '2026-03-15'); // → 2026-09-15
    cooperating('边界', '2026-01-01', '2026-05-31'); // → 2026-11-30
    // Written with a clock of 2030; bringing the timelines to each day (back, then forward) records each loss on its day.
    const run = (asOf: string): string[] => advanceTimelines(at('2030-01-01T00:00:00Z', 'cron'), asOf).map((l) => `${l.former_code}@${l.lost_date}`);
    expect(run('2026-09-14')).toEqual([]);
    expect(run('2026-09-15')).toEqual(['Ca-粤SZ0003@2026-09-15']);
    expect(run('2026-11-29')).toEqual([]);
    expect(run('2026-11-30')).toEqual(['Ca-粤SZ0004@2026-11-30']);
    expect(run('2027-02-27')).toEqual([]);
    expect(run('2027-02-28')).toEqual(['Ca-粤SZ0001@2027-02-28']);
    expect(run('2028-02-28')).toEqual([]);
    expect(run('2028-02-29')).toEqual(['Ca-粤SZ0002@2028-02-29']);
    expect(run('2029-12-31')).toEqual([]); // idempotent
    const h = showCustomer(ctx, '粤SZ0001').status_history.at(-1)!;
    expect(h).toMatchObject({ from_status: 'a', to_status: 'c', date: '2027-02-28', cause: 'auto_loss', reason_category: 'no-order-6m', reason: '最后订货 2026-08-31', operator: 'kehu' });
    expect(findCustomer(ctx, '粤SZ0001')).toMatchObject({ code: 'Cc-粤SZ0001', lost_date: '2027-02-28' });
  });

  it('one late run records every due loss on its own lost date, not the run date', () => {
    ctx = testContext('2026-05-01T09:00:00+08:00');
    cooperating('甲', '2026-01-31', undefined, '2026-05-01T09:00:00+08:00');
    cooperating('乙', '2026-02-28', '2026-04-30', '2026-05-01T09:00:00+08:00');
    const losses = advanceTimelines(at('2027-06-01T09:00:00+08:00'), '2027-06-01');
    expect(losses.map((l) => l.lost_date)).toEqual(['2026-07-31', '2026-10-30']);
    expect(advanceTimelines(at('2027-06-01T09:00:00+08:00'), '2027-06-01')).toEqual([]);
  });
});

describe('history', () => {
  it('interleaves visits, orders and status changes, newest first', () => {
    setup();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州', date: '2026-10-01' });
    logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '初次电话', date: '2026-10-02T10:00' });
    logOrder(ctx, { code: '粤GZ0001', amount: '500', date: '2026-10-10', note: '样品单' });
    logVisit(ctx, { code: '粤GZ0001', method: 'onsite', summary: '回访', by: '李强', date: '2026-10-20T15:00' });
    const h = history(ctx, { code: 'Ca-粤GZ0001' });
    expect(h.record_no).toBe('Ca-粤GZ0001KF');
    expect(h.entries.map((e) => [e.at, e.kind, e.seq ?? e.amount ?? e.to])).toEqual([
      ['2026-10-20T15:00', 'visit', 2],
      ['2026-10-10', 'status', 'a'],
      ['2026-10-10', 'order', 500],
      ['2026-10-02T10:00', 'visit', 1],
      ['2026-10-01', 'status', 'b'],
    ]);
    expect(history(ctx, { code: '粤GZ0001', kind: 'visit', limit: '1' }).entries.map((e) => e.seq)).toEqual([2]);
  });
});

describe('due (§7 contact frequency)', () => {
  it('lists each overdue required contact with the last one and days overdue', () => {
    setup();
    // A formal VIP entered by the general manager, ordering every few months since 2026-01-01.
    addCustomer(at('2026-11-23T10:00:00+08:00', '孙伟'), { name: 'VIP', province: '广东', city: '广州', grade: 'A', status: 'a', owner: '李强', date: '2026-01-01' });
    for (const date of ['2026-03-01', '2026-07-01', '2026-11-01']) logOrder(ctx, { code: '粤GZ0001', amount: '1000', date });
    addCustomer(ctx, { name: '一般', province: '广东', city: '广州', grade: 'C', status: 'a', date: '2026-10-01' });
    addCustomer(ctx, { name: '潜在', province: '广东', city: '广州', grade: 'A', status: 'b', date: '2026-01-01' });
    logVisit(ctx, { code: '粤GZ0001', method: 'onsite', summary: '上门', by: '李强', date: '2026-11-01' });
    logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '电话', by: '刘洋', date: '2026-10-01' }); // a phone call is not the sales manager's onsite visit
    logVisit(ctx, { code: '粤GZ0002', method: 'phone', summary: '电话', by: '张敏', date: '2026-10-15' });
    const rows = due(ctx, { asOf: '2026-11-23' }).map((d) => [d.code, d.role, d.method, d.last_contact, d.due_date, d.days_overdue]);
    expect(rows).toEqual([
      ['Aa-粤GZ0001', 'support', 'phone', null, '2026-02-01', 295],
      ['Aa-粤GZ0001', 'sales-manager', 'onsite', null, '2026-04-01', 236],
      ['Aa-粤GZ0001', 'market-manager', 'onsite', null, '2026-07-01', 145],
      // Half-yearly technical support (§7.1.3) and October's review (§7.1.1), both missing.
      ['Aa-粤GZ0001', 'tech-support', 'any', null, '2026-07-01', 145],
      ['Aa-粤GZ0001', 'review', 'review', null, '2026-10-31', 23],
      ['Ca-粤GZ0002', 'any', 'phone', '2026-10-15', '2026-11-15', 8],
    ]);
    // The business manager's own duty (A onsite monthly) is met; C customers' phone duty is anyone's.
    expect(due(ctx, { asOf: '2026-11-23', role: 'business-manager' }).map((d) => [d.code, d.role])).toEqual([['Ca-粤GZ0002', 'any']]);
    expect(due(ctx, { asOf: '2026-12-02', role: 'business-manager' }).map((d) => [d.code, d.days_overdue])).toEqual([['Ca-粤GZ0002', 17], ['Aa-粤GZ0001', 1]]);
    expect(due(ctx, { asOf: '2026-11-23', role: 'sales-manager' }).map((d) => d.role)).toEqual(['sales-manager']);
    expect(due(ctx, { asOf: '2026-11-16', grade: 'C' }).map((d) => [d.code, d.role, d.days_overdue])).toEqual([['Ca-粤GZ0002', 'any', 1]]);
    expect(due(ctx, { asOf: '2026-11-23', owner: '李强' }).every((d) => d.owner === '李强')).toBe(true);
  });
});
