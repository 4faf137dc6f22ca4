// The hand-computed churn scenario of issue 5, reproduced to the exact figure.

import { afterEach, describe, expect, it } from 'vitest';
import { advanceTimelines } from '../../src/app/timeline.js';
import { logOrder } from '../../src/app/logOrder.js';
import { addSalvagePlan } from '../../src/app/salvage.js';
import { addCustomer } from '../../src/app/addCustomer.js';
import { churnReport } from '../../src/app/churn.js';
import { DomainError } from '../../src/core/errors.js';
import { scenario } from '../fixtures/churnScenario.js';
import { dumpChecksum, testContext } from '../helpers.js';

let ctx: ReturnType<typeof testContext>;
afterEach(() => ctx?.db.close());

describe('churn-report (SPEC 2.6)', () => {
  it('reproduces the hand-computed October figures, and --apply twice changes nothing the second time', () => {
    ctx = testContext('2026-11-05T09:00:00+08:00');
    scenario(ctx);
    const r = churnReport(ctx, { month: '2026-10', apply: true });
    // Every write kept the timelines current: nothing was left for --apply to record.
    expect(r.applied).toEqual([]);
    expect(r.period).toEqual({ start: '2026-10-01', end: '2026-10-31' });
    expect(r.base).toEqual({ count: 4, revenue: 14000 });
    expect(r.lost.count).toBe(2);
    expect(r.lost.rate).toBe(0.5);
    expect(r.lost.revenue).toBe(4000);
    expect(r.lost.revenue_rate).toBeCloseTo(4000 / 14000, 12);
    expect(r.lost.customers.map((c) => [c.code, c.lost_date, c.last_order_date, c.revenue, c.reason_category, c.owner])).toEqual([
      ['Ac-粤GZ0001', '2026-10-15', '2026-04-15', 1000, 'no-order-6m', '李强'],
      ['Cc-粤SZ0001', '2026-10-20', '2026-05-01', 3000, 'competitor', '刘洋'],
    ]);
    expect(r.breakdowns.grade).toEqual([{ key: 'C', count: 1, revenue: 3000 }, { key: 'A', count: 1, revenue: 1000 }]);
    expect(r.breakdowns.province).toEqual([{ key: '粤', count: 2, revenue: 4000 }]);
    expect(r.breakdowns.type).toEqual([{ key: 'oem', count: 1, revenue: 3000 }, { key: 'dealer', count: 1, revenue: 1000 }]);
    expect(r.breakdowns.owner).toEqual([{ key: '刘洋', count: 1, revenue: 3000 }, { key: '李强', count: 1, revenue: 1000 }]);
    expect(r.breakdowns.reason_category).toEqual([{ key: 'competitor', count: 1, revenue: 3000 }, { key: 'no-order-6m', count: 1, revenue: 1000 }]);
    expect(r.won_back.map((c) => [c.code, c.date])).toEqual([['Ca-粤SZ0002', '2026-10-25']]);
    // Revenue here is that of the 12 months before each loss.
    expect(r.no_salvage_plan.count).toBe(2);
    expect(r.no_salvage_plan.customers.map((c) => [c.code, c.lost_date, c.last_order_date, c.revenue])).toEqual([
      ['Ac-粤GZ0001', '2026-10-15', '2026-04-15', 1000],
      ['Bc-粤GZ0002', '2026-09-30', '2026-03-31', 2000],
    ]);
    expect(r.at_risk).toEqual({
      months: 4,
      count: 1,
      revenue: 4000,
      customers: [expect.objectContaining({ code: 'Ba-粤FS0001', last_order_date: '2026-06-10', months_without_order: 4, revenue: 4000, lost_on: '2026-12-10' })],
    });
    expect(r.limit).toBe(100);
    expect(r.trend.map((t) => t.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(r.trend.slice(-3)).toEqual([
      { month: '2026-08', base: 6, lost: 1, rate: 1 / 6 },
      { month: '2026-09', base: 5, lost: 1, rate: 1 / 5 },
      { month: '2026-10', base: 4, lost: 2, rate: 0.5 },
    ]);
    expect(r.trend[0]).toEqual({ month: '2025-11', base: 1, lost: 0, rate: 0 });

    const before = dumpChecksum(ctx.file);
    const again = churnReport(ctx, { month: '2026-10', apply: true });
    expect(again.applied).toEqual([]);
    expect(dumpChecksum(ctx.file)).toBe(before);
    expect({ ...again, applied: null }).toEqual({ ...r, applied: null });

    // On a later day the report (what cron runs) records what fell due since, once.
    const dec = { ...ctx, now: new Date('2026-12-11T07:00:00+08:00') };
    expect(churnReport(dec, { month: '2026-11', apply: true }).applied!.map((l) => [l.former_code, l.code, l.lost_date])).toEqual([['Ba-粤FS0001', 'Bc-粤FS0001', '2026-12-10']]);
    expect(churnReport(dec, { month: '2026-11', apply: true }).applied).toEqual([]);
  });

  it('a loss belongs to the month of its lost date: September has the clamped one', () => {
    ctx = testContext('2026-11-05T09:00:00+08:00');
    scenario(ctx);
    advanceTimelines(ctx, '2026-11-05');
    const sep = churnReport(ctx, { month: '2026-09' });
    expect(sep.base.count).toBe(5);
    expect(sep.lost.customers.map((c) => [c.code, c.lost_date])).toEqual([['Bc-粤GZ0002', '2026-09-30']]);
    expect(sep.won_back).toEqual([]);
  });

  it('an old month gives the same figures whenever it runs', () => {
    ctx = testContext('2026-11-05T09:00:00+08:00');
    scenario(ctx);
    advanceTimelines(ctx, '2026-11-05');
    const first = churnReport(ctx, { month: '2026-10', asOf: '2026-11-05' });
    // Later life: K5 is lost, K6 orders again, K2 is won back.
    advanceTimelines(ctx, '2026-12-31');
    logOrder({ ...ctx, now: new Date('2027-01-10T09:00:00+08:00') }, { code: '粤GZ0002', amount: '100', date: '2027-01-05' });
    const later = churnReport({ ...ctx, now: new Date('2027-02-01T09:00:00+08:00') }, { month: '2026-10' });
    expect(later.base).toEqual(first.base);
    expect(later.lost).toEqual({ ...first.lost, customers: first.lost.customers.map((c) => ({ ...c })) });
    expect(later.won_back).toEqual(first.won_back);
    expect(later.trend).toEqual(first.trend);
  });

  it('--limit cuts the two long lists but never their counts and sums; 0 lists all', () => {
    ctx = testContext('2026-11-05T09:00:00+08:00');
    scenario(ctx);
    advanceTimelines(ctx, '2026-11-05');
    const one = churnReport(ctx, { month: '2026-10', limit: '1', riskMonths: '1' });
    const all = churnReport(ctx, { month: '2026-10', limit: '0', riskMonths: '1' });
    expect(one.no_salvage_plan.count).toBe(2);
    expect(one.no_salvage_plan.customers).toEqual(all.no_salvage_plan.customers.slice(0, 1));
    expect(all.no_salvage_plan.customers).toHaveLength(2);
    expect(all.at_risk.count).toBeGreaterThan(1);
    expect(one.at_risk).toEqual({ ...all.at_risk, customers: all.at_risk.customers.slice(0, 1) });
    expect(all.at_risk.revenue).toBe(all.at_risk.customers.reduce((s, c) => s + c.revenue, 0));
    expect(() => churnReport(ctx, { limit: '-1' })).toThrow(DomainError);
    expect(() => churnReport(ctx, { limit: 'many' })).toThrow(DomainError);
  });

  it('defaults to the previous calendar month and refuses a malformed month', () => {
    ctx = testContext('2026-01-15T09:00:00+08:00');
    expect(churnReport(ctx, {}).month).toBe('2025-12');
    for (const bad of ['2026-13', '2026-00', 'October', '2026-02']) expect(() => churnReport(ctx, { month: bad })).toThrow(DomainError);
    expect(() => churnReport(ctx, { riskMonths: '6' })).toThrow(DomainError);
    // Reports read what has happened: no --as-of after today.
    expect(() => churnReport(ctx, { asOf: '2026-01-16' })).toThrow(DomainError);
    expect(churnReport(ctx, { month: '2026-1' }).month).toBe('2026-01');
  });

  it('salvage plans are for lost customers only', () => {
    ctx = testContext('2026-11-05T09:00:00+08:00');
    scenario(ctx);
    expect(() => addSalvagePlan(ctx, { code: '粤FS0002', plan: 'x' })).toThrow(/not lost/);
    expect(() => addSalvagePlan(ctx, { code: '粤SZ0001' })).toThrow(/--plan/);
  });
});

describe('a past month reads the facts up to its end', () => {
  it('the at-risk list of April: orders since do not count, whether one or two, or the first', () => {
    ctx = testContext('2026-11-05T09:00:00+08:00');
    const add = (name: string, status?: string, date = '2025-10-01'): void => void addCustomer(ctx, { name, province: '广东', city: '广州', status, date });
    const order = (code: string, ...dates: string[]): void => dates.forEach((date) => void logOrder(ctx, { code, amount: '100', date }));
    add('两单'); // 粤GZ0001: idle since 2025-12-10 at the end of April, ordered twice in May
    order('粤GZ0001', '2025-11-20', '2025-12-10', '2026-05-05', '2026-05-20');
    add('活跃'); // 粤GZ0002: ordered in March, so not idle four months in April
    order('粤GZ0002', '2025-12-10', '2026-03-01', '2026-05-05');
    add('协议', 'a'); // 粤GZ0003: cooperating by agreement since 2025-10-01, its first order in May
    order('粤GZ0003', '2026-03-25', '2026-05-05');
    add('无单', 'a', '2025-11-01'); // 粤GZ0004: cooperating since 2025-11-01, first order only in May
    order('粤GZ0004', '2026-05-05');
    const april = churnReport(ctx, { month: '2026-04', riskMonths: '4', limit: '0' }).at_risk;
    expect(april.customers.map((c) => [c.code, c.last_order_date, c.months_without_order, c.lost_on])).toEqual([
      ['Ca-粤GZ0001', '2025-12-10', 4, '2026-06-10'],
      ['Ca-粤GZ0004', null, 5, '2026-05-01'],
    ]);
    expect(april.count).toBe(2);
  });
});
