import { describe, expect, it } from 'vitest';
import { lossCandidateCutoff, lostDate } from '../../src/core/churn.js';
import { daysBetween } from '../../src/core/dates.js';
import { contactRequirements, DUTIES_OF_ROLE, methodCounts, missingReviewMonth, nextContactDue } from '../../src/core/visits.js';

describe('required contact frequency (§7.1.2, §7.3.2, §7.5)', () => {
  const _ = (grade: 'A' | 'B' | 'C' | 'X', expected: [string, string, number][]): void => {
    it(`grade ${grade}`, () => expect(contactRequirements(grade).map((r) => [r.role, r.method, r.months])).toEqual(expected));
  };
  _('A', [['business-manager', 'onsite', 1], ['support', 'phone', 1], ['sales-manager', 'onsite', 3], ['market-manager', 'onsite', 6], ['tech-support', 'any', 6]]);
  _('B', [['business-manager', 'onsite', 1], ['support', 'phone', 1], ['sales-manager', 'onsite', 6], ['market-manager', 'onsite', 12], ['tech-support', 'any', 6]]);
  _('C', [['any', 'phone', 1]]);
  _('X', [['any', 'phone', 1]]);
  it("only the business manager's duty is met by the owner's own visits alone (§7.1.2 自己所管理的)", () => {
    expect(contactRequirements('A').filter((r) => r.ownerOnly).map((r) => r.role)).toEqual(['business-manager']);
    expect(contactRequirements('C').some((r) => r.ownerOnly)).toBe(false);
    expect(contactRequirements('B').map((r) => r.duty)).toEqual(['contact', 'contact', 'contact', 'contact', 'tech-support']);
  });
  it('whose duties each role answers for: reviews are the assistant\'s, technical support is tech support\'s', () => {
    expect(DUTIES_OF_ROLE.assistant).toEqual(['support', 'any', 'review']);
    expect(DUTIES_OF_ROLE['tech-support']).toEqual(['support', 'any', 'tech-support']);
    expect(DUTIES_OF_ROLE['business-manager']).toEqual(['business-manager', 'any']);
    expect(DUTIES_OF_ROLE['general-manager']).toEqual([]);
  });
  it('any method counts for technical support', () => {
    expect(methodCounts('any', 'email')).toBe(true);
    expect(methodCounts('any', 'letter')).toBe(true);
  });
  it('an onsite visit satisfies a phone duty, a phone call does not satisfy an onsite duty', () => {
    expect(methodCounts('phone', 'onsite')).toBe(true);
    expect(methodCounts('phone', 'video')).toBe(true);
    expect(methodCounts('phone', 'email')).toBe(false);
    expect(methodCounts('onsite', 'phone')).toBe(false);
  });
  it('the next contact is due an interval after the last one, or after the duty began', () => {
    expect(nextContactDue('2026-10-31', '2026-01-01', 1)).toBe('2026-11-30');
    expect(nextContactDue(null, '2026-01-31', 3)).toBe('2026-04-30');
    expect(nextContactDue('2025-01-01', '2026-01-01', 6)).toBe('2026-07-01');
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
  });
});

describe('the monthly review (§7.1.1, §7.3.1)', () => {
  const base = { lastMonth: '2026-10', thisMonth: '2026-11' };
  const _ = (formalAllLastMonth: boolean, reviewedLastMonth: boolean, reviewedThisMonth: boolean, owed: string | null): void => {
    it(`formal all last month ${formalAllLastMonth}, reviewed last ${reviewedLastMonth}, this ${reviewedThisMonth} → ${owed}`, () =>
      expect(missingReviewMonth({ ...base, formalAllLastMonth, reviewedLastMonth, reviewedThisMonth })).toBe(owed));
  };
  _(true, false, false, '2026-10');
  _(true, false, true, '2026-10');
  _(true, true, false, '2026-11');
  _(true, true, true, null);
  _(false, false, false, '2026-11');
  _(false, false, true, null);
});

describe('lost date (SPEC 2.2)', () => {
  const _ = (last: string | null, since: string, lost: string): void => {
    it(`${last ?? 'no order'} / since ${since} → ${lost}`, () => expect(lostDate(last, since)).toBe(lost));
  };
  _('2026-08-31', '2026-01-01', '2027-02-28');
  _('2027-08-31', '2026-01-01', '2028-02-29');
  _('2026-05-31', '2026-01-01', '2026-11-30');
  _('2026-03-15', '2026-01-01', '2026-09-15');
  _(null, '2026-03-31', '2026-09-30');
  _('2026-01-10', '2026-04-01', '2026-10-01'); // won back later than the last order: counts from the win-back
  it('candidate cutoff covers the whole month six months back', () => expect(lossCandidateCutoff('2027-02-28')).toBe('2026-08-31'));
});
