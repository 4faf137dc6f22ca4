import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logOrder } from '../../src/app/logOrder.js';
import type { AppContext } from '../../src/app/context.js';
import { addCustomer } from '../../src/app/addCustomer.js';
import { findCustomer } from '../../src/app/customers.js';
import { buildDemo } from '../../src/app/demo.js';
import { approve } from '../../src/app/approve.js';
import { designateImage } from '../../src/app/designateImage.js';
import { loadGradeModel } from '../../src/app/gradeModel.js';
import { pendingApprovals } from '../../src/app/approvals.js';
import { potentialVipReport } from '../../src/app/potentialVip.js';
import { reject } from '../../src/app/reject.js';
import { reviewGrade } from '../../src/app/reviewGrade.js';
import { addUser } from '../../src/app/users.js';
import { addMonths } from '../../src/core/dates.js';
import { DomainError } from '../../src/core/errors.js';
import { openDb } from '../../src/store/db.js';
import { dumpChecksum, query, refused, tempDir, testContext } from '../helpers.js';

let ctx: ReturnType<typeof testContext>;
afterEach(() => ctx?.db.close());

/** Refused and nothing in the database changed. */
function refusedUnchanged(fn: () => unknown, key: string): DomainError {
  const before = dumpChecksum(ctx.file);
  const e = refused(fn, key);
  expect(dumpChecksum(ctx.file)).toBe(before);
  return e;
}

function as(operator: string, now = '2026-11-23T10:00:00+08:00'): AppContext {
  return { db: ctx.db, operator, now: new Date(now) };
}

function setup(): void {
  ctx = testContext('2026-11-23T10:00:00+08:00');
  addUser(ctx, '张敏', ['assistant']);
  addUser(ctx, '刘洋', ['sales-manager']);
  addUser(ctx, '赵雪', ['market-manager']);
  addUser(ctx, '孙伟', ['general-manager']);
  addUser(ctx, '李强', ['business-manager']);
  addUser(ctx, '王磊', ['business-manager']);
}

/**
 * Adds a customer in Guangzhou; its stable code is 粤GZ000n in order of adding. A cooperating one orders
 * every five months from its archive date, so it stays cooperating; a formal VIP is entered by the
 * general manager (no formal VIP without one, SPEC 2.3).
 */
function customer(name: string, grade: string, status: string, date = '2026-01-05'): string {
  const by = grade === 'A' && status === 'a' ? as('孙伟') : ctx;
  const code = addCustomer(by, { name, province: '广东', city: '广州', grade, status, date }).customer.stable_code;
  if (status === 'a') for (let d = date; d <= '2026-11-23'; d = addMonths(d, 5)) logOrder(ctx, { code, amount: '100', date: d });
  return code;
}

const FACTORS = ['purchase=90', 'payment=70', 'growth=80', 'influence=60', 'stability=100', 'credit=50'];

/** Reviews a run of months ending with `last`, scores oldest first; null leaves the month without a review. */
function reviewRun(code: string, last: string, scores: (number | null)[]) {
  const months: string[] = [];
  let [y, m] = last.split('-').map(Number) as [number, number];
  for (let i = 0; i < scores.length; i++) {
    months.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m--;
    if (m === 0) [y, m] = [y - 1, 12];
  }
  return months.flatMap((month, i) => (scores[i] === null ? [] : [reviewGrade(ctx, { code, score: String(scores[i]), month })]));
}

describe('review-grade', () => {
  it('combines factor scores by the model (77 → B) and stores the factors and the model used', () => {
    setup();
    const code = customer('甲', 'C', 'a');
    const r = reviewGrade(ctx, { code, factors: FACTORS });
    expect(r).toMatchObject({ month: '2026-11', score: 77, band: 'B', current_grade: 'C', status: 'a', outcome: 'upgrade_application', model_name: 'default', below_standard: null });
    expect(r.breakdown!.map((b) => b.points)).toEqual([27, 14, 12, 9, 10, 5]);
    const [row] = query<{ factors: string; model: string; score: number; band: string; reviewer: string }>(ctx.file, 'SELECT factors, model, score, band, reviewer FROM reviews');
    expect(JSON.parse(row!.factors)).toEqual({ purchase: 90, payment: 70, growth: 80, influence: 60, stability: 100, credit: 50 });
    expect((JSON.parse(row!.model) as { factors: { key: string; weight: number }[] }).factors.map((f: { key: string; weight: number }) => [f.key, f.weight])).toEqual([
      ['purchase', 30], ['payment', 20], ['growth', 15], ['influence', 15], ['stability', 10], ['credit', 10],
    ]);
    expect(row).toMatchObject({ score: 77, band: 'B', reviewer: '张敏' });
  });

  it('accepts Chinese factor labels and refuses missing ones, naming them', () => {
    setup();
    const code = customer('甲', 'C', 'a');
    const e = refusedUnchanged(() => reviewGrade(ctx, { code, factors: ['采购额=90', 'payment=70'] }), 'missing_factors');
    expect(e.params.missing).toEqual(['growth', 'influence', 'stability', 'credit']);
    refusedUnchanged(() => reviewGrade(ctx, { code, factors: ['purchase=101'] }), 'invalid_value');
    refusedUnchanged(() => reviewGrade(ctx, { code, score: '80', factors: FACTORS }), 'score_and_factors');
    refusedUnchanged(() => reviewGrade(ctx, { code }), 'missing_value');
    refusedUnchanged(() => reviewGrade(ctx, { code, score: '80', month: '2026-12' }), 'invalid_value');
    expect(reviewGrade(ctx, { code, factors: ['采购额=90', '付款及时性=70', 'growth=80,influence=60', 'stability:100', 'credit=50'] }).score).toBe(77);
  });

  it('allows one review per customer per calendar month, in month order', () => {
    setup();
    const code = customer('甲', 'B', 'a');
    reviewGrade(ctx, { code, score: '70', month: '2026-10' });
    const e = refusedUnchanged(() => reviewGrade(ctx, { code, score: '72', month: '2026-10' }), 'review_exists');
    expect(e.params).toEqual({ code: 'Ba-粤GZ0001', month: '2026-10' });
    refusedUnchanged(() => reviewGrade(ctx, { code, score: '72', month: '2026-09' }), 'review_out_of_order');
    expect(reviewGrade(ctx, { code, score: '72', month: '2026-11' }).month).toBe('2026-11');
  });

  it('refuses a model file whose weights do not sum to 100', () => {
    setup();
    const code = customer('甲', 'C', 'a');
    const file = path.join(tempDir(), 'model.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'bad', factors: [{ key: 'a', zh: '甲', en: 'a', weight: 60 }, { key: 'b', zh: '乙', en: 'b', weight: 30 }] }));
    const e = refused(() => loadGradeModel(file), 'invalid_grade_model');
    expect(e.params.problem).toBe('weights sum to 90, not 100');
    refusedUnchanged(() => reviewGrade(ctx, { code, factors: ['a=90', 'b=90'], model: file }), 'invalid_grade_model');
    fs.writeFileSync(file, JSON.stringify({ name: 'two', factors: [{ key: 'a', zh: '甲', en: 'a', weight: 60 }, { key: 'b', zh: '乙', en: 'b', weight: 40 }] }));
    expect(reviewGrade(ctx, { code, factors: ['a=90', 'b=65'], model: file })).toMatchObject({ score: 80, band: 'A', model_name: 'two' });
  });
});

describe('applications: who approves (SPEC 2.3 table)', () => {
  it('formal VIP (C, status a → A): sales, market and general manager; the last approval changes grade and code', () => {
    setup();
    const code = customer('甲', 'C', 'a');
    const r = reviewGrade(ctx, { code, score: '85' });
    expect(r.application).toEqual({ id: 1, kind: 'upgrade', from_grade: 'C', to_grade: 'A', required_roles: ['sales-manager', 'market-manager', 'general-manager'] });
    expect(approve(as('刘洋'), { id: '1' })).toMatchObject({ status: 'pending', role: 'sales-manager', waiting_for: ['market-manager', 'general-manager'], code: 'Ca-粤GZ0001' });
    expect(approve(as('赵雪'), { id: '1' })).toMatchObject({ status: 'pending', waiting_for: ['general-manager'] });
    expect(query(ctx.file, 'SELECT grade, code FROM customers')).toEqual([{ grade: 'C', code: 'Ca-粤GZ0001' }]);
    expect(approve(as('孙伟'), { id: '1', note: '同意' })).toMatchObject({ status: 'approved', code: 'Aa-粤GZ0001', former_code: 'Ca-粤GZ0001', waiting_for: [] });
    expect(query(ctx.file, 'SELECT grade, code FROM customers')).toEqual([{ grade: 'A', code: 'Aa-粤GZ0001' }]);
    expect(query(ctx.file, 'SELECT status, decided_on FROM applications')).toEqual([{ status: 'approved', decided_on: '2026-11-23' }]);
    expect(query(ctx.file, 'SELECT from_grade, to_grade, date, operator, application_id FROM grade_history')).toEqual([
      { from_grade: 'C', to_grade: 'A', date: '2026-11-23', operator: '孙伟', application_id: 1 },
    ]);
    expect(findCustomer(ctx, 'Ca-粤GZ0001').code).toBe('Aa-粤GZ0001');
  });

  it('potential VIP (status b → A): sales and market manager', () => {
    setup();
    const code = customer('甲', 'C', 'b');
    expect(reviewGrade(ctx, { code, score: '90' }).application?.required_roles).toEqual(['sales-manager', 'market-manager']);
    approve(as('刘洋'), { id: '1' });
    expect(approve(as('赵雪'), { id: '1' })).toMatchObject({ status: 'approved', code: 'Ab-粤GZ0001' });
  });

  it.each([['a'], ['b']])('B (status %s): sales and market manager', (status) => {
    setup();
    const code = customer('甲', 'C', status);
    const r = reviewGrade(ctx, { code, score: '65' });
    expect(r.application).toMatchObject({ to_grade: 'B', required_roles: ['sales-manager', 'market-manager'] });
    approve(as('赵雪'), { id: '1' });
    expect(approve(as('刘洋'), { id: '1' })).toMatchObject({ status: 'approved', code: `B${status}-粤GZ0001` });
  });

  it('C: a potential B assessed as general is reclassified at once, with no application (§6.4)', () => {
    setup();
    const code = customer('甲', 'B', 'b');
    const r = reviewGrade(ctx, { code, score: '50' });
    expect(r).toMatchObject({ outcome: 'applied', application: null, applied: { from_grade: 'B', to_grade: 'C', code: 'Cb-粤GZ0001', former_code: 'Bb-粤GZ0001' }, code: 'Cb-粤GZ0001' });
    expect(query(ctx.file, 'SELECT count(*) AS n FROM applications')).toEqual([{ n: 0 }]);
    expect(query(ctx.file, 'SELECT from_grade, to_grade, application_id FROM grade_history')).toEqual([{ from_grade: 'B', to_grade: 'C', application_id: null }]);
    expect(findCustomer(ctx, 'Bb-粤GZ0001').code).toBe('Cb-粤GZ0001');
  });

  it('X image: designated through an application to sales and market manager, never scored into', () => {
    setup();
    const code = customer('甲', 'C', 'a');
    const d = designateImage(ctx, { code });
    expect(d.application).toEqual({ id: 1, kind: 'designate', from_grade: 'C', to_grade: 'X', required_roles: ['sales-manager', 'market-manager'] });
    approve(as('刘洋'), { id: '1' });
    expect(approve(as('赵雪'), { id: '1' })).toMatchObject({ status: 'approved', code: 'Xa-粤GZ0001' });
    refusedUnchanged(() => designateImage(ctx, { code }), 'already_image');
    expect(reviewGrade(ctx, { code, score: '95' })).toMatchObject({ band: 'A', outcome: 'none', application: null, current_grade: 'X' });
  });

  it('a band at or below the grade opens nothing', () => {
    setup();
    const code = customer('甲', 'B', 'a');
    expect(reviewGrade(ctx, { code, score: '70' })).toMatchObject({ outcome: 'none', below_standard: { months: 0, required: 3, threshold: 60 } });
  });
});

describe('downgrade runs', () => {
  it('formal A: 5 months below 80 is recorded as "5 of 6"; the 6th opens a downgrade to the latest band for the three managers', () => {
    setup();
    const code = customer('甲', 'A', 'a');
    const five = reviewRun(code, '2026-10', [85, 70, 75, 79, 72, 78]);
    expect(five.map((r) => r.below_standard!.months)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(five.every((r) => r.outcome === 'none')).toBe(true);
    expect(query(ctx.file, 'SELECT count(*) AS n FROM applications')).toEqual([{ n: 0 }]);
    const sixth = reviewGrade(ctx, { code, score: '55', month: '2026-11' });
    expect(sixth).toMatchObject({ below_standard: { months: 6, required: 6, threshold: 80 }, outcome: 'downgrade_application' });
    expect(sixth.application).toEqual({ id: 1, kind: 'downgrade', from_grade: 'A', to_grade: 'C', required_roles: ['sales-manager', 'market-manager', 'general-manager'] });
  });

  it('formal B: 2 months below 60 is "2 of 3"; the 3rd opens a downgrade to C for sales and market manager', () => {
    setup();
    const code = customer('甲', 'B', 'a');
    const two = reviewRun(code, '2026-10', [65, 59, 50]);
    expect(two.map((r) => [r.below_standard!.months, r.outcome])).toEqual([[0, 'none'], [1, 'none'], [2, 'none']]);
    const third = reviewGrade(ctx, { code, score: '40', month: '2026-11' });
    expect(third.application).toEqual({ id: 1, kind: 'downgrade', from_grade: 'B', to_grade: 'C', required_roles: ['sales-manager', 'market-manager'] });
    approve(as('刘洋'), { id: '1' });
    expect(approve(as('赵雪'), { id: '1' })).toMatchObject({ status: 'approved', code: 'Ca-粤GZ0001' });
  });

  it('a month with no review breaks the run', () => {
    setup();
    const code = customer('甲', 'A', 'a');
    const rs = reviewRun(code, '2026-11', [70, 70, 70, null, 70, 70, 70]);
    expect(rs.map((r) => r.below_standard!.months)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(query(ctx.file, 'SELECT count(*) AS n FROM applications')).toEqual([{ n: 0 }]);
  });

  it('a potential A is not downgraded by scores', () => {
    setup();
    const code = customer('甲', 'A', 'b');
    const rs = reviewRun(code, '2026-11', [50, 50, 50, 50, 50, 50, 50]);
    expect(rs.every((r) => r.outcome === 'none' && r.below_standard === null)).toBe(true);
  });

  it('after a downgrade is approved, the run starts again under the new grade', () => {
    setup();
    const code = customer('甲', 'A', 'a');
    reviewRun(code, '2026-09', [50, 50, 50, 50, 50, 50]);
    // Reviewed for September on its last day; approved then too (dated).
    for (const who of ['刘洋', '赵雪', '孙伟']) approve(as(who), { id: '1', date: '2026-09-30' });
    expect(query(ctx.file, 'SELECT code FROM customers')).toEqual([{ code: 'Ca-粤GZ0001' }]);
    expect(reviewGrade(ctx, { code, score: '50', month: '2026-10' })).toMatchObject({ current_grade: 'C', outcome: 'none' });
  });
});

describe('approve and reject', () => {
  function pendingFormalVip(): void {
    setup();
    reviewGrade(ctx, { code: customer('甲', 'C', 'a'), score: '90' });
  }

  it('refuses a user without a needed role, changing nothing', () => {
    pendingFormalVip();
    const e = refusedUnchanged(() => approve(as('张敏'), { id: '1' }), 'not_an_approver');
    expect(e.params).toEqual({ name: '张敏', id: 1, waiting: ['sales-manager', 'market-manager', 'general-manager'], holds: ['assistant'] });
    refusedUnchanged(() => reject(as('李强'), { id: '1', reason: '不同意' }), 'not_an_approver');
    refusedUnchanged(() => approve(as('无名氏'), { id: '1' }), 'unknown_user');
    refusedUnchanged(() => approve(as('刘洋'), { id: '1', role: 'market-manager' }), 'not_an_approver');
  });

  it('nobody approves twice, and a role is given once', () => {
    pendingFormalVip();
    addUser(ctx, '钱多', ['sales-manager']);
    approve(as('刘洋'), { id: '1' });
    refusedUnchanged(() => approve(as('刘洋'), { id: '1' }), 'already_approved');
    refusedUnchanged(() => reject(as('刘洋'), { id: '1', reason: '改主意' }), 'already_approved');
    const e = refusedUnchanged(() => approve(as('钱多'), { id: '1' }), 'not_an_approver');
    expect(e.params.waiting).toEqual(['market-manager', 'general-manager']);
  });

  it('a user holding two needed roles approves in one of them only', () => {
    pendingFormalVip();
    addUser(ctx, '钱多', ['sales-manager', 'market-manager']);
    expect(approve(as('钱多'), { id: '1', role: 'market-manager' })).toMatchObject({ role: 'market-manager', waiting_for: ['sales-manager', 'general-manager'] });
    refusedUnchanged(() => approve(as('钱多'), { id: '1' }), 'already_approved');
  });

  it('refuses an unknown id and a decided application, changing nothing', () => {
    pendingFormalVip();
    refusedUnchanged(() => approve(as('刘洋'), { id: '99' }), 'application_not_found');
    refusedUnchanged(() => approve(as('刘洋'), { id: 'abc' }), 'invalid_value');
    reject(as('赵雪'), { id: '1', reason: '采购额不稳定' });
    refusedUnchanged(() => approve(as('刘洋'), { id: '1' }), 'application_decided');
    refusedUnchanged(() => reject(as('孙伟'), { id: '1', reason: 'x' }), 'application_decided');
  });

  it('one rejection decides it: the grade and code stay, and the reason is kept', () => {
    pendingFormalVip();
    approve(as('刘洋'), { id: '1' });
    refusedUnchanged(() => reject(as('赵雪'), { id: '1' }), 'missing_value');
    const r = reject(as('赵雪'), { id: '1', reason: '采购额不稳定' });
    expect(r).toMatchObject({ status: 'rejected', decision: 'reject', role: 'market-manager', note: '采购额不稳定', code: 'Ca-粤GZ0001' });
    expect(query(ctx.file, 'SELECT grade, code FROM customers')).toEqual([{ grade: 'C', code: 'Ca-粤GZ0001' }]);
    expect(query(ctx.file, 'SELECT count(*) AS n FROM grade_history')).toEqual([{ n: 0 }]);
    expect(query(ctx.file, 'SELECT approver, decision, note FROM approvals ORDER BY id')).toEqual([
      { approver: '刘洋', decision: 'approve', note: null },
      { approver: '赵雪', decision: 'reject', note: '采购额不稳定' },
    ]);
    // After a rejection a new application may be opened.
    expect(designateImage(ctx, { code: '粤GZ0001' }).application.id).toBe(2);
  });

  it('one pending application per customer: a second is refused with a clear error and nothing changes', () => {
    pendingFormalVip();
    const e = refusedUnchanged(() => designateImage(ctx, { code: '粤GZ0001' }), 'application_pending');
    expect(e.params).toEqual({ code: 'Ca-粤GZ0001', id: 1 });
  });

  it('a pending application never stops the next review: the same one is kept, a different one supersedes it', () => {
    setup();
    const code = customer('甲', 'C', 'a');
    reviewGrade(ctx, { code, score: '90', month: '2026-09' });
    approve(as('刘洋'), { id: '1', date: '2026-10-05' });
    // October: still A. The application stays, with the approval it has.
    const oct = reviewGrade(ctx, { code, score: '92', month: '2026-10' });
    expect(oct).toMatchObject({ outcome: 'upgrade_application', application: { id: 1, to_grade: 'A' }, pending_application: 1, superseded_application: null });
    expect(pendingApprovals(as('赵雪'))[0]).toMatchObject({ id: 1, approved_by: [expect.objectContaining({ approver: '刘洋' })] });
    // November: B. A different application replaces it, dated the review's day.
    const nov = reviewGrade(ctx, { code, score: '70', month: '2026-11' });
    expect(nov).toMatchObject({ outcome: 'upgrade_application', application: { id: 2, to_grade: 'B' }, superseded_application: 1 });
    expect(query(ctx.file, 'SELECT id, status, decided_on FROM applications ORDER BY id')).toEqual([
      { id: 1, status: 'superseded', decided_on: '2026-11-23' },
      { id: 2, status: 'pending', decided_on: null },
    ]);
    refusedUnchanged(() => approve(as('赵雪'), { id: '1' }), 'application_decided');
  });

  it('a pending image designation is kept: a review is recorded and counted, and opens nothing', () => {
    setup();
    const code = customer('甲', 'C', 'b');
    designateImage(ctx, { code, date: '2026-10-02' });
    const r = reviewGrade(ctx, { code, score: '85', month: '2026-11' });
    expect(r).toMatchObject({ outcome: 'none', application: null, pending_application: 1 });
    expect(query(ctx.file, 'SELECT count(*) AS n FROM reviews')).toEqual([{ n: 1 }]);
  });
});

describe('approvals', () => {
  it('lists what waits for a user: a role they hold, not yet given; --all lists every pending one', () => {
    setup();
    const a = customer('甲', 'C', 'a');
    const b = customer('乙', 'C', 'b');
    const c = customer('丙', 'A', 'a');
    reviewGrade(ctx, { code: a, score: '88' });
    reviewGrade(ctx, { code: b, score: '66' });
    reviewRun(c, '2026-11', [70, 70, 70, 70, 70, 70]);
    approve(as('刘洋'), { id: '1' });
    expect(pendingApprovals(as('孙伟')).map((p) => p.id)).toEqual([1, 3]);
    expect(pendingApprovals(as('刘洋')).map((p) => p.id)).toEqual([2, 3]);
    expect(pendingApprovals(as('赵雪')).map((p) => p.id)).toEqual([1, 2, 3]);
    expect(pendingApprovals(as('张敏'))).toEqual([]);
    refused(() => pendingApprovals(as('无名氏')), 'unknown_user');
    const all = pendingApprovals(as('无名氏'), { all: true });
    expect(all.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(all[0]).toEqual({
      id: 1, code: 'Ca-粤GZ0001', name: '甲', kind: 'upgrade', from_grade: 'C', to_grade: 'A', customer_status: 'a', applicant: '张敏', applied_on: '2026-11-23',
      required_roles: ['sales-manager', 'market-manager', 'general-manager'],
      approved_by: [{ approver: '刘洋', role: 'sales-manager', date: '2026-11-23', note: null }],
      waiting_for: ['market-manager', 'general-manager'],
      scores: [{ month: '2026-11', score: 88, band: 'A' }],
    });
    expect(all[2]!.scores.map((s) => s.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  });
});

describe('potential-VIP progress (潜在VIP客户开发进度表)', () => {
  it('counts start and end of the month, added and lost, by owner and stage, from the histories', () => {
    setup();
    const opt = (owner: string, stage: string) => ({ owner, stage });
    addCustomer(ctx, { name: '一', province: '广东', city: '广州', grade: 'A', status: 'b', date: '2026-09-10', ...opt('李强', '2') });
    addCustomer(ctx, { name: '二', province: '广东', city: '广州', grade: 'C', status: 'b', date: '2026-09-01', ...opt('李强', '3') });
    addCustomer(ctx, { name: '三', province: '广东', city: '广州', grade: 'A', status: 'b', date: '2026-09-05', ...opt('王磊', '4') });
    addCustomer(ctx, { name: '四', province: '广东', city: '广州', grade: 'A', status: 'b', date: '2026-10-25', ...opt('王磊', '1') });
    addCustomer(ctx, { name: '五', province: '广东', city: '广州', grade: 'A', status: 'b', date: '2026-11-02', ...opt('王磊', '1') });
    // 二 becomes a potential VIP on 2026-10-15; 三 places its first order on 2026-10-20.
    const oct = as('张敏', '2026-10-15T10:00:00+08:00');
    reviewGrade(oct, { code: '粤GZ0002', score: '85', month: '2026-10' });
    approve({ ...oct, operator: '刘洋' }, { id: '1' });
    approve({ ...oct, operator: '赵雪' }, { id: '1' });
    logOrder(ctx, { code: '粤GZ0003', amount: '1000', date: '2026-10-20' });
    const r = potentialVipReport(ctx, { month: '2026-10' });
    expect(r).toMatchObject({ month: '2026-10', start_date: '2026-10-01', end_date: '2026-10-31', start_count: 2, end_count: 3, added_count: 2, lost_count: 1 });
    expect(r.by_owner).toEqual([
      { owner: '李强', start: 1, end: 2, added: 1, lost: 0 },
      { owner: '王磊', start: 1, end: 1, added: 1, lost: 1 },
    ]);
    expect(r.by_stage).toEqual([
      { stage: 1, start: 0, end: 1, added: 1, lost: 0 },
      { stage: 2, start: 1, end: 1, added: 0, lost: 0 },
      { stage: 3, start: 0, end: 1, added: 1, lost: 0 },
      { stage: 4, start: 1, end: 0, added: 0, lost: 1 },
    ]);
    expect(r.added.map((c) => c.name)).toEqual(['二', '四']);
    expect(r.lost.map((c) => c.name)).toEqual(['三']);
    // November: 五 is added; September: 一, 二(no), 三 were created during it.
    expect(potentialVipReport(ctx, { month: '2026-11' })).toMatchObject({ start_count: 3, end_count: 4, added_count: 1, lost_count: 0 });
    expect(potentialVipReport(ctx, { month: '2026-09' })).toMatchObject({ start_count: 0, end_count: 2, added_count: 2 });
    expect(potentialVipReport(ctx, {}).month).toBe('2026-10');
    refused(() => potentialVipReport(ctx, { month: '2026-12' }), 'invalid_value');
  });
});

describe('demoReviews', () => {
  it('gives A and B customers 8 months of reviews, a reached downgrade run, and partly approved pending applications', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'demo.db');
    const now = new Date('2026-11-23T10:00:00+08:00');
    await buildDemo(file, now, 300); // the demo runs demoReviews itself
    const db = openDb(file);
    ctx = { db, operator: '张敏', now, file };
    const months = query<{ month: string }>(file, 'SELECT DISTINCT month FROM reviews ORDER BY month').map((r) => r.month);
    expect(months).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const apps = query<{ kind: string; status: string; n: number }>(file, 'SELECT a.kind, a.status, (SELECT count(*) FROM approvals p WHERE p.application_id = a.id) AS n FROM applications a ORDER BY a.id');
    expect(apps.some((a) => a.kind === 'downgrade' && a.status === 'approved')).toBe(true);
    const pending = apps.filter((a) => a.status === 'pending');
    expect(pending.length).toBeGreaterThanOrEqual(3);
    expect(pending.some((a) => a.n > 0)).toBe(true);
    expect(pending.some((a) => a.n === 0)).toBe(true);
    // The approved downgrade changed a grade through its application.
    expect(query<{ n: number }>(file, 'SELECT count(*) AS n FROM grade_history WHERE application_id IS NOT NULL')[0]!.n).toBeGreaterThan(0);
    expect(pendingApprovals({ ...ctx, operator: '孙伟' }).length).toBeGreaterThan(0);
  }, 60_000);
});
