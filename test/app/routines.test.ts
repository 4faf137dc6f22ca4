import { describe, expect, it } from 'vitest';
import { cataloguePeriod } from '../../src/app/catalogue.js';
import { followUpPeriod } from '../../src/app/followUpReport.js';
import { InvalidValue } from '../../src/core/errors.js';

describe('the follow-up list’s week (客户跟进单)', () => {
  const _ = (week: string | undefined, asOf: string, want: { week: string; start: string; end: string }): void => {
    it(`${week ?? 'default'} as of ${asOf} → ${want.week} ${want.start}…${want.end}`, () => expect(followUpPeriod(week, asOf)).toEqual(want));
  };
  // 2026-11-23 is a Monday: the running week has one day so far.
  _(undefined, '2026-11-23', { week: '2026-W48', start: '2026-11-23', end: '2026-11-23' });
  _(undefined, '2026-11-28', { week: '2026-W48', start: '2026-11-23', end: '2026-11-28' });
  _('2026-W47', '2026-11-23', { week: '2026-W47', start: '2026-11-16', end: '2026-11-22' });
  _('2026w47', '2026-11-23', { week: '2026-W47', start: '2026-11-16', end: '2026-11-22' });
  // 2026 has 53 ISO weeks; its last runs into 2027, and 2027-01-01 belongs to it.
  _(undefined, '2027-01-01', { week: '2026-W53', start: '2026-12-28', end: '2027-01-01' });
  _('2026-W53', '2027-01-10', { week: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
  _('2027-W01', '2027-01-10', { week: '2027-W01', start: '2027-01-04', end: '2027-01-10' });

  const bad = (week: string, asOf: string, hint: RegExp): void => {
    it(`refuses ${week} as of ${asOf}`, () => {
      let error: unknown;
      try {
        followUpPeriod(week, asOf);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidValue);
      expect((error as InvalidValue).params).toMatchObject({ option: '--week', value: week });
      expect(String((error as InvalidValue).params.hint)).toMatch(hint);
    });
  };
  bad('2026-W49', '2026-11-23', /not after the week of --as-of \(2026-W48\)/);
  bad('2025-W53', '2026-11-23', /YYYY-Www/);
  bad('2026-47', '2026-11-23', /YYYY-Www/);
  bad('2026-W00', '2026-11-23', /YYYY-Www/);
});

describe('the catalogue’s month (客户检索目录)', () => {
  const _ = (month: string | undefined, asOf: string, want: { month: string; date: string }): void => {
    it(`${month ?? 'default'} as of ${asOf} → ${want.month} on ${want.date}`, () => expect(cataloguePeriod(month, asOf)).toEqual(want));
  };
  _(undefined, '2026-11-23', { month: '2026-11', date: '2026-11-23' });
  _('2026-11', '2026-11-30', { month: '2026-11', date: '2026-11-30' });
  _('2026-10', '2026-11-23', { month: '2026-10', date: '2026-10-31' });
  _('2026-2', '2026-11-23', { month: '2026-02', date: '2026-02-28' });
  _('2024-02', '2026-11-23', { month: '2024-02', date: '2024-02-29' });

  const bad = (month: string, hint: RegExp): void => {
    it(`refuses ${month}`, () => {
      let error: unknown;
      try {
        cataloguePeriod(month, '2026-11-23');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidValue);
      expect((error as InvalidValue).params).toMatchObject({ option: '--month', value: month });
      expect(String((error as InvalidValue).params.hint)).toMatch(hint);
    });
  };
  bad('2026-12', /not after the month of --as-of \(2026-11\)/);
  bad('2026-13', /YYYY-MM/);
  bad('11/2026', /YYYY-MM/);
});
