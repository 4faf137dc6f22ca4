import { describe, expect, it } from 'vitest';
import type { Grade, Status } from '../../src/core/enums.js';
import { nextMonth, parseMonth, previousMonth } from '../../src/core/dates.js';
import { DomainError } from '../../src/core/errors.js';
import {
  bandOf,
  belowStandardRun,
  DEFAULT_GRADE_MODEL,
  approversFor,
  downgradeRule,
  parseScore,
  requiredApprovers,
  reviewOutcome,
  validateGradeModel,
  weightedScore,
} from '../../src/core/grade.js';

function key(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).key;
  }
  throw new Error('expected an error');
}

describe('weighted model', () => {
  it('purchase 90, payment 70, growth 80, influence 60, stability 100, credit 50 → 27+14+12+9+10+5 = 77 → B', () => {
    const s = weightedScore(DEFAULT_GRADE_MODEL, { purchase: 90, payment: 70, growth: 80, influence: 60, stability: 100, credit: 50 });
    expect(s).toBe(77);
    expect(bandOf(s)).toBe('B');
  });

  it('is exact with decimals', () => {
    expect(weightedScore(DEFAULT_GRADE_MODEL, { purchase: 79.5, payment: 80, growth: 80, influence: 80, stability: 80, credit: 80 })).toBe(79.85);
  });

  it('names every missing factor', () => {
    try {
      weightedScore(DEFAULT_GRADE_MODEL, { purchase: 90, payment: 70 });
      throw new Error('expected');
    } catch (e) {
      expect((e as DomainError).key).toBe('missing_factors');
      expect((e as DomainError).params.missing).toEqual(['growth', 'influence', 'stability', 'credit']);
    }
  });

  it('refuses an unknown factor', () => {
    expect(key(() => weightedScore(DEFAULT_GRADE_MODEL, { purchase: 1, payment: 1, growth: 1, influence: 1, stability: 1, credit: 1, luck: 1 }))).toBe('invalid_value');
  });

  it('the shipped default validates', () => {
    expect(validateGradeModel(DEFAULT_GRADE_MODEL)).toEqual(DEFAULT_GRADE_MODEL);
  });

  const f = (k: string, weight: number): object => ({ key: k, zh: k, en: k, weight });
  it.each([
    ['weights that do not sum to 100', { name: 'x', factors: [f('a', 50), f('b', 40)] }, 'weights sum to 90, not 100'],
    ['a duplicate key', { name: 'x', factors: [f('a', 50), f('a', 50)] }, 'duplicate key "a"'],
    ['a missing label', { name: 'x', factors: [{ key: 'a', zh: 'a', weight: 100 }] }, 'factor "a": "zh" and "en" labels are required'],
    ['a fractional weight', { name: 'x', factors: [f('a', 50.5), f('b', 49.5)] }, 'factor "a": "weight" must be a whole number 1–100'],
    ['no factors', { name: 'x', factors: [] }, '"factors" must be a non-empty list'],
    ['not an object', [1, 2], 'not a JSON object'],
  ])('refuses a model with %s', (_what, raw, problem) => {
    try {
      validateGradeModel(raw, 'm.json');
      throw new Error('expected');
    } catch (e) {
      expect((e as DomainError).key).toBe('invalid_grade_model');
      expect((e as DomainError).params).toEqual({ source: 'm.json', problem });
    }
  });
});

describe('bands and scores', () => {
  it.each([
    [100, 'A'], [80, 'A'], [79.99, 'B'], [60, 'B'], [59.99, 'C'], [0, 'C'],
  ] as const)('%s → %s', (score, band) => expect(bandOf(score)).toBe(band));

  it.each(['101', '-1', 'abc', '80.123', ''])('refuses score %j', (s) => expect(key(() => parseScore(s, '--score'))).toBe('invalid_value'));
  it('parses scores and months', () => {
    expect(parseScore('７７', '--score')).toBe(77);
    expect(parseMonth('2026-3')).toBe('2026-03');
    expect(key(() => parseMonth('2026-13'))).toBe('invalid_value');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });
});

describe('approvers (SPEC 2.3 table)', () => {
  it.each([
    ['A', 'a', ['sales-manager', 'market-manager', 'general-manager']],
    ['A', 'b', ['sales-manager', 'market-manager']],
    ['B', 'a', ['sales-manager', 'market-manager']],
    ['B', 'b', ['sales-manager', 'market-manager']],
    ['C', 'a', []],
    ['C', 'b', []],
    ['X', 'a', ['sales-manager', 'market-manager']],
    ['X', 'b', ['sales-manager', 'market-manager']],
  ] as [Grade, Status, string[]][])('target %s, status %s → %j', (grade, status, roles) => {
    expect(requiredApprovers(grade, status)).toEqual(roles);
  });
});

describe('approvers of a move (SPEC 2.3): those of the grade reached and of the grade left', () => {
  const SM = 'sales-manager';
  const MM = 'market-manager';
  const GM = 'general-manager';
  it.each([
    ['B', 'A', 'a', [SM, MM, GM]],
    ['B', 'A', 'b', [SM, MM]],
    ['C', 'B', 'a', [SM, MM]],
    ['A', 'B', 'a', [SM, MM, GM]],
    ['B', 'C', 'a', [SM, MM]],
    // Image designation of a formal VIP takes A away: the general manager too.
    ['A', 'X', 'a', [SM, MM, GM]],
    ['A', 'X', 'b', [SM, MM]],
    ['C', 'X', 'a', [SM, MM]],
  ] as [Grade, Grade, Status, string[]][])('%s → %s while %s needs %j', (from, to, status, roles) => {
    expect(approversFor(from, to, status)).toEqual(roles);
  });
});

describe('downgrade runs', () => {
  const A = downgradeRule('A', 'a')!;
  const B = downgradeRule('B', 'a')!;
  const reviews = (scores: (number | null)[], last = '2026-11'): { month: string; score: number }[] => {
    const out: { month: string; score: number }[] = [];
    let m = last;
    for (let i = scores.length - 1; i >= 0; i--, m = previousMonth(m)) if (scores[i] !== null) out.push({ month: m, score: scores[i]! });
    return out;
  };
  it('rules exist only for formal A and B', () => {
    expect(A).toEqual({ threshold: 80, months: 6 });
    expect(B).toEqual({ threshold: 60, months: 3 });
    expect(downgradeRule('A', 'b')).toBeUndefined();
    expect(downgradeRule('C', 'a')).toBeUndefined();
    expect(downgradeRule('X', 'a')).toBeUndefined();
  });
  it.each([
    ['formal A, 5 months below 80', A, [85, 70, 70, 70, 70, 70], 5],
    ['formal A, 6 months below 80', A, [70, 70, 70, 70, 70, 70], 6],
    ['formal A, a month at 80 breaks it', A, [70, 70, 80, 70, 70, 70], 3],
    ['formal A, a month with no review breaks it', A, [70, 70, null, 70, 70, 70], 3],
    ['formal A, the latest at standard', A, [70, 70, 70, 70, 70, 85], 0],
    ['formal B, 2 months below 60', B, [65, 59, 50], 2],
    ['formal B, 3 months below 60', B, [59, 50, 40], 3],
    ['formal B, gap', B, [50, null, 50], 1],
  ] as const)('%s → %i', (_what, rule, scores, run) => {
    expect(belowStandardRun(reviews([...scores]), '2026-11', rule)).toBe(run);
  });
  it('does not count months before the last grade change', () => {
    expect(belowStandardRun(reviews([70, 70, 70, 70, 70, 70]), '2026-11', A, '2026-09')).toBe(3);
  });

  it.each([
    ['formal A, 5 of 6', 'A', 'a', 'B', 5, { kind: 'none' }],
    ['formal A, 6 of 6', 'A', 'a', 'B', 6, { kind: 'downgrade', to: 'B', roles: ['sales-manager', 'market-manager', 'general-manager'] }],
    ['formal A, 6 of 6 to C', 'A', 'a', 'C', 6, { kind: 'downgrade', to: 'C', roles: ['sales-manager', 'market-manager', 'general-manager'] }],
    ['formal B, 2 of 3', 'B', 'a', 'C', 2, { kind: 'none' }],
    ['formal B, 3 of 3', 'B', 'a', 'C', 3, { kind: 'downgrade', to: 'C', roles: ['sales-manager', 'market-manager'] }],
    ['C scoring A, formal', 'C', 'a', 'A', 0, { kind: 'upgrade', to: 'A', roles: ['sales-manager', 'market-manager', 'general-manager'] }],
    ['C scoring A, potential', 'C', 'b', 'A', 0, { kind: 'upgrade', to: 'A', roles: ['sales-manager', 'market-manager'] }],
    ['C scoring B', 'C', 'a', 'B', 0, { kind: 'upgrade', to: 'B', roles: ['sales-manager', 'market-manager'] }],
    ['potential B scoring C: general at once', 'B', 'b', 'C', 0, { kind: 'apply', to: 'C' }],
    ['potential A scoring C: recorded', 'A', 'b', 'C', 0, { kind: 'none' }],
    ['X is never scored into or out of', 'X', 'a', 'A', 0, { kind: 'none' }],
    ['lost customers are only recorded', 'C', 'c', 'A', 0, { kind: 'none' }],
  ] as [string, Grade, Status, 'A' | 'B' | 'C', number, object][])('%s', (_what, grade, status, band, run, outcome) => {
    expect(reviewOutcome(grade, status, band, run)).toEqual(outcome);
  });
});
