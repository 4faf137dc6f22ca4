import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ESCALATE_AFTER_DAYS,
  escalatedTo,
  escalationCutoff,
  followUpDaysOverdue,
  materialsDueAt,
  materialsOverdueHours,
  upcomingBirthday,
} from '../../src/core/agenda.js';
import { hoursBetween, nextAnniversary } from '../../src/core/dates.js';

describe('escalation of overdue follow-ups (SPEC 2.9)', () => {
  it('defaults to 3 days', () => expect(DEFAULT_ESCALATE_AFTER_DAYS).toBe(3));
  const _ = (days: number, after: number, to: string[]): void => {
    it(`${days} days overdue, after ${after} → ${to.join(', ') || 'nobody'}`, () => expect(escalatedTo(days, after)).toEqual(to));
  };
  _(0, 3, []);
  _(3, 3, []);
  _(4, 3, ['sales-manager']);
  _(6, 3, ['sales-manager']);
  _(7, 3, ['sales-manager', 'market-manager']);
  _(6, 5, ['sales-manager']);
  _(11, 5, ['sales-manager', 'market-manager']);
  it('the latest next-contact date that has escalated to each manager on a day', () => {
    expect(escalationCutoff('2026-11-23', 3, 'sales-manager')).toBe('2026-11-19');
    expect(escalationCutoff('2026-11-23', 3, 'market-manager')).toBe('2026-11-16');
    expect(escalatedTo(followUpDaysOverdue('2026-11-19', '2026-11-23'), 3)).toEqual(['sales-manager']);
    expect(escalatedTo(followUpDaysOverdue('2026-11-20', '2026-11-23'), 3)).toEqual([]);
    expect(followUpDaysOverdue('2026-11-23', '2026-11-23')).toBe(0);
  });
});

describe('materials within 24 hours (seed 002 §5)', () => {
  const _ = (visit: string, due: string): void => {
    it(`visit ${visit} → due ${due}`, () => expect(materialsDueAt(visit)).toBe(due));
  };
  _('2026-11-22T15:00', '2026-11-23T15:00');
  _('2026-11-22', '2026-11-23T00:00');
  _('2026-12-31T23:30', '2027-01-01T23:30');
  _('2028-02-28T08:00', '2028-02-29T08:00');
  it('hours overdue, negative while time is left, rounded down', () => {
    expect(materialsOverdueHours('2026-11-21T10:00', '2026-11-23T07:30')).toBe(45);
    expect(materialsOverdueHours('2026-11-23T15:00', '2026-11-23T07:30')).toBe(-8);
    expect(materialsOverdueHours('2026-11-23T07:30', '2026-11-23T07:30')).toBe(0);
    expect(hoursBetween('2026-11-23', '2026-11-24T01:59')).toBe(25);
  });
});

describe('birthdays in the next 7 days', () => {
  const _ = (birthday: string | null, day: string, expected: { date: string; days_until: number } | null): void => {
    it(`${birthday} on ${day}`, () => expect(upcomingBirthday(birthday, day)).toEqual(expected));
  };
  _('11-26', '2026-11-23', { date: '2026-11-26', days_until: 3 });
  _('1980-11-23', '2026-11-23', { date: '2026-11-23', days_until: 0 });
  _('1980-11-30', '2026-11-23', { date: '2026-11-30', days_until: 7 });
  _('1980-12-01', '2026-11-23', null);
  _('11-22', '2026-11-23', null);
  _('01-02', '2026-12-28', { date: '2027-01-02', days_until: 5 });
  // 02-29 falls on 02-28 in other years, on 02-29 in leap years.
  _('1988-02-29', '2026-02-25', { date: '2026-02-28', days_until: 3 });
  _('02-29', '2028-02-25', { date: '2028-02-29', days_until: 4 });
  _(null, '2026-11-23', null);
  _('不详', '2026-11-23', null);
  _('13-01', '2026-11-23', null);
  it('nextAnniversary crosses the year and rejects what is no date', () => {
    expect(nextAnniversary('1970-01-01', '2026-12-31')).toBe('2027-01-01');
    expect(nextAnniversary('02-30', '2026-01-01')).toBeNull();
    expect(nextAnniversary(' 03-05 ', '2026-03-05')).toBe('2026-03-05');
  });
});
