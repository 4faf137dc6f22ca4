import { describe, expect, it } from 'vitest';
import type { Grade, Status } from '../../src/core/enums.js';
import { type CustomerFacts, customerTimeline, type DecisionFact, type GradeFact, gradeOn, statusOn } from '../../src/core/timeline.js';

/** Facts of one customer of 粤GZ0001, created 2025-01-10 as C, potential. */
function facts(over: Partial<CustomerFacts> = {}): CustomerFacts {
  return { region: '粤GZ', serial: 1, createdOn: '2025-01-10', createdBy: '张敏', openingGrade: 'C', openingGradeConfirmed: false, orders: [], decisions: [], grades: [], ...over };
}
const orders = (...dates: string[]): CustomerFacts['orders'] => dates.map((date, i) => ({ id: i + 1, date, by: '张敏' }));
const decision = (id: number, date: string, to: Status, kind: DecisionFact['kind'] = 'manual', category: DecisionFact['category'] = to === 'c' ? 'competitor' : null): DecisionFact => ({
  id,
  date,
  to,
  kind,
  category,
  reason: null,
  by: '刘洋',
});
const grade = (date: string, to: Grade, gmApproved = false, applicationId = 1): GradeFact => ({ date, to, applicationId, reviewId: null, gmApproved, by: '孙伟', reason: null });
const rows = (f: CustomerFacts, asOf = '2026-11-30'): string[] => customerTimeline(f, asOf).statuses.map((r) => `${r.date} ${r.from ?? '-'}>${r.to} ${r.cause}`);

describe('the status timeline from facts (SPEC 2.2)', () => {
  it('first order, automatic loss on last order + 6 months (clamped), win-back', () => {
    const f = facts({ orders: orders('2025-02-15', '2025-05-10', '2025-08-31', '2026-10-08') });
    expect(rows(f)).toEqual(['2025-01-10 ->b created', '2025-02-15 b>a first_order', '2026-02-28 a>c auto_loss', '2026-10-08 c>a win_back']);
    const t = customerTimeline(f, '2026-11-30');
    expect(t.code).toBe('Ca-粤GZ0001');
    expect(t.lossDue).toBe('2027-04-08');
    // Each change carries the code of its day's end.
    expect(t.statuses.map((r) => r.code)).toEqual(['Cb-粤GZ0001', 'Ca-粤GZ0001', 'Cc-粤GZ0001', 'Ca-粤GZ0001']);
    expect(t.codes).toEqual([
      { code: 'Cb-粤GZ0001', from: '2025-01-10', to: '2025-02-15' },
      { code: 'Ca-粤GZ0001', from: '2025-02-15', to: '2026-02-28' },
      { code: 'Cc-粤GZ0001', from: '2026-02-28', to: '2026-10-08' },
      { code: 'Ca-粤GZ0001', from: '2026-10-08', to: null },
    ]);
  });

  it('a loss is only in the timeline once its day has come (asOf)', () => {
    const f = facts({ orders: orders('2025-02-15') });
    expect(customerTimeline(f, '2025-08-14').status).toBe('a');
    expect(customerTimeline(f, '2025-08-15').status).toBe('c');
    expect(customerTimeline(f, '2025-08-15').lostDate).toBe('2025-08-15');
  });

  it('an order on the lost date wins the customer back that day; the lost code of no whole day is left out', () => {
    const t = customerTimeline(facts({ orders: orders('2025-02-15', '2025-08-15') }), '2026-11-30');
    expect(t.statuses.map((r) => r.cause)).toEqual(['created', 'first_order', 'auto_loss', 'win_back', 'auto_loss']);
    expect(t.codes.map((c) => c.code)).toEqual(['Cb-粤GZ0001', 'Ca-粤GZ0001', 'Cc-粤GZ0001']);
    expect(t.codes[1]).toEqual({ code: 'Ca-粤GZ0001', from: '2025-02-15', to: '2026-02-15' });
  });

  it('the same facts in any order give the same timeline', () => {
    const a = facts({ orders: orders('2025-02-15', '2025-12-01', '2025-05-10'), decisions: [decision(1, '2026-09-01', 'd', 'manual', 'given-up')] });
    const b = facts({ orders: [...a.orders].reverse(), decisions: a.decisions });
    expect(customerTimeline(a, '2026-11-30')).toEqual(customerTimeline(b, '2026-11-30'));
  });

  it('a manual decision stands; an order before it does not undo it, an order after it wins back', () => {
    const f = facts({ orders: orders('2025-02-15', '2025-07-10', '2025-12-10', '2026-05-20'), decisions: [decision(1, '2026-06-01', 'c')] });
    expect(rows(f)).toEqual(['2025-01-10 ->b created', '2025-02-15 b>a first_order', '2026-06-01 a>c decision']);
    const later = facts({ orders: orders('2025-02-15', '2025-07-10', '2025-12-10', '2026-05-20', '2026-07-01'), decisions: [decision(1, '2026-06-01', 'c')] });
    expect(rows(later).at(-1)).toBe('2026-07-01 c>a win_back');
  });

  it('an order before a derived loss moves it', () => {
    const before = facts({ orders: orders('2025-02-15', '2025-12-01') });
    expect(customerTimeline(before, '2026-11-30').lostDate).toBe('2026-06-01');
    const moved = facts({ orders: orders('2025-02-15', '2025-12-01', '2026-05-20') });
    expect(customerTimeline(moved, '2026-11-30').lostDate).toBe('2026-11-20');
  });

  it('orders before the customer was entered start its timeline', () => {
    expect(customerTimeline(facts({ createdOn: '2026-11-29', orders: orders('2025-02-15') }), '2026-11-30').start).toBe('2025-02-15');
  });

  it('an order while invalid changes nothing and is reported; a decision the facts before it make unusual stands and is reported', () => {
    const invalid = customerTimeline(facts({ decisions: [decision(1, '2025-03-01', 'd', 'manual', 'no-need')], orders: orders('2025-04-01') }), '2026-11-30');
    expect(invalid.conflicts).toEqual([{ kind: 'order_on_invalid', date: '2025-04-01', orderId: 1, invalidSince: '2025-03-01' }]);
    const order = customerTimeline(facts({ decisions: [decision(1, '2025-03-01', 'd', 'manual', 'no-need')], orders: orders('2025-02-01') }), '2026-11-30');
    expect(order.conflicts).toEqual([{ kind: 'decision_not_allowed', date: '2025-03-01', decisionId: 1, from: 'a', to: 'd', since: '2025-02-01' }]);
    expect(order.decisions.get(1)).toEqual({ outcome: 'unusual', from: 'a' });
    expect(order.status).toBe('d');
    expect(invalid.status).toBe('d');
    expect(invalid.lastOrder).toBeNull();
  });

  it('an entered status gives way to the facts, and dates a loss they show', () => {
    // Entered as cooperating today, with a year of orders ending before it: the orders decide.
    const stale = facts({ createdOn: '2026-11-29', orders: orders('2025-02-15', '2025-06-10', '2025-12-01'), decisions: [decision(1, '2026-11-29', 'a', 'opening')] });
    expect(rows(stale)).toEqual(['2025-02-15 ->b created', '2025-02-15 b>a first_order', '2026-06-01 a>c auto_loss']);
    // Entered as lost since a day: created as lost that day.
    const lost = facts({ createdOn: '2026-01-10', decisions: [decision(1, '2025-12-25', 'c', 'opening', 'other')] });
    expect(rows(lost)).toEqual(['2025-12-25 ->c created']);
    // With a cooperation start, it was cooperating first and lost on the day given.
    const both = facts({ createdOn: '2026-01-10', decisions: [decision(1, '2025-09-01', 'a', 'opening'), decision(2, '2025-12-25', 'c', 'opening', 'other')] });
    expect(rows(both)).toEqual(['2025-09-01 ->a created', '2025-12-25 a>c opening']);
    // A lost date later than six months without an order gives way to the company's rule.
    const late = facts({ createdOn: '2026-01-10', decisions: [decision(1, '2024-05-01', 'a', 'opening'), decision(2, '2025-12-25', 'c', 'opening', 'other')] });
    expect(rows(late)).toEqual(['2024-05-01 ->a created', '2024-11-01 a>c auto_loss']);
  });
});

describe('the grade timeline: no formal VIP without the general manager (SPEC 2.3)', () => {
  it('a potential VIP whose first order comes before a general manager confirmed it becomes B', () => {
    const t = customerTimeline(facts({ grades: [grade('2025-03-01', 'A')], orders: orders('2025-04-01') }), '2026-01-01');
    expect(t.grade).toBe('B');
    expect(t.grades.map((g) => `${g.date} ${g.from}>${g.to} ${g.cause}`)).toEqual(['2025-01-10 null>C created', '2025-03-01 C>A decision', '2025-04-01 A>B vip_unconfirmed']);
    expect(gradeOn(t, '2025-03-15')).toBe('A');
    expect(statusOn(t, '2025-03-15')).toBe('b');
  });

  it('with the general manager approval on record it stays A', () => {
    expect(customerTimeline(facts({ grades: [grade('2025-03-01', 'A', true)], orders: orders('2025-04-01') }), '2025-06-01').code).toBe('Aa-粤GZ0001');
    expect(customerTimeline(facts({ openingGrade: 'A', openingGradeConfirmed: true, orders: orders('2025-04-01') }), '2025-06-01').code).toBe('Aa-粤GZ0001');
  });

  it('an A decision landing on a cooperating customer without the general manager gives B, whatever order the facts came in', () => {
    const t = customerTimeline(facts({ orders: orders('2025-02-01'), grades: [grade('2025-03-01', 'A')] }), '2025-06-01');
    expect(t.grade).toBe('B');
  });

  it('a confirmed VIP lost and won back is a formal VIP again', () => {
    const t = customerTimeline(facts({ grades: [grade('2025-03-01', 'A', true)], orders: orders('2025-04-01', '2026-01-05') }), '2026-02-01');
    expect(t.statuses.map((r) => r.to)).toEqual(['b', 'a', 'c', 'a']);
    expect(t.code).toBe('Aa-粤GZ0001');
  });
});

describe('a corrected place (kehu edit of a wrongly entered province or city)', () => {
  it('gives the code of the new region from the move\'s day, with the status changes before and after under the code of their day', () => {
    const f = facts({ orders: orders('2025-02-15', '2026-10-08'), moves: [{ date: '2026-03-01', region: '粤SZ', serial: 7 }] });
    const t = customerTimeline(f, '2026-11-30');
    expect(t.code).toBe('Ca-粤SZ0007');
    expect(t.codes).toEqual([
      { code: 'Cb-粤GZ0001', from: '2025-01-10', to: '2025-02-15' },
      { code: 'Ca-粤GZ0001', from: '2025-02-15', to: '2025-08-15' },
      { code: 'Cc-粤GZ0001', from: '2025-08-15', to: '2026-03-01' },
      { code: 'Cc-粤SZ0007', from: '2026-03-01', to: '2026-10-08' },
      { code: 'Ca-粤SZ0007', from: '2026-10-08', to: null },
    ]);
    expect(t.statuses.map((r) => r.code)).toEqual(['Cb-粤GZ0001', 'Ca-粤GZ0001', 'Cc-粤GZ0001', 'Ca-粤SZ0007']);
    // The same facts in another order give the same timeline.
    expect(customerTimeline({ ...f, orders: [...f.orders].reverse() }, '2026-11-30')).toEqual(t);
  });

  it('a move on the day the customer was entered replaces its first code; two moves give three regions', () => {
    const same = customerTimeline(facts({ moves: [{ date: '2025-01-10', region: '粤FS', serial: 2 }] }), '2026-11-30');
    expect(same.codes).toEqual([{ code: 'Cb-粤FS0002', from: '2025-01-10', to: null }]);
    const two = customerTimeline(facts({ moves: [{ date: '2025-06-01', region: '粤FS', serial: 2 }, { date: '2025-09-01', region: '粤SZ', serial: 3 }] }), '2026-11-30');
    expect(two.codes.map((c) => c.code)).toEqual(['Cb-粤GZ0001', 'Cb-粤FS0002', 'Cb-粤SZ0003']);
  });
});
