import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysInMonth, isoWeekday, isoWeekOf, parseDate, parseWeek, quarterEnd, quarterOf, quarterStart, timeText, weekEnd, weekStart } from '../../src/core/dates.js';
import { InvalidValue } from '../../src/core/errors.js';

describe('parseDate', () => {
  const ok = (input: string, date: string): void => {
    it(`${input} → ${date}`, () => expect(parseDate(input)).toBe(date));
  };
  ok('2026-11-23', '2026-11-23');
  ok('2024-02-29', '2024-02-29');
  ok('2026-11-23T09:30', '2026-11-23');
  ok('2026-11-23T09:30:15+08:00', '2026-11-23');
  ok('２０２６-１１-２３', '2026-11-23');
  for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-1-5', '20261123', 'yesterday', '2026-11-23T25:00']) {
    it(`refuses ${bad}`, () => expect(() => parseDate(bad)).toThrow(InvalidValue));
  }
});

describe('addMonths clamps to the end of the month', () => {
  const _ = (from: string, n: number, to: string): void => {
    it(`${from} + ${n} = ${to}`, () => expect(addMonths(from, n)).toBe(to));
  };
  _('2026-08-31', 6, '2027-02-28');
  _('2027-08-31', 6, '2028-02-29');
  _('2026-03-15', 6, '2026-09-15');
  _('2026-07-31', 6, '2027-01-31');
  _('2026-12-31', 2, '2027-02-28');
  _('2026-05-31', -3, '2026-02-28');
});

describe('daysInMonth', () => {
  it('agrees with the calendar for every month of common, leap and century years', () => {
    for (const y of [1900, 2000, 2023, 2024, 2026, 2100]) {
      for (let m = 1; m <= 12; m++) expect(daysInMonth(y, m), `${y}-${m}`).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
    }
    expect([daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2024, 2), daysInMonth(2026, 2)]).toEqual([28, 29, 29, 28]);
  });
});

describe('the business time zone', () => {
  it('the fixed offsets agree with Intl over the years they claim (every 7 hours and 13 minutes, 1992–2040)', async () => {
    const { FIXED_ZONES, intlDateTime, zonedDateTime } = await import('../../src/core/dates.js');
    for (const zone of Object.keys(FIXED_ZONES)) {
      const from = Math.max(FIXED_ZONES[zone]!.since, Date.UTC(1992, 0, 1));
      for (let t = from; t < Date.UTC(2040, 0, 1); t += 26_000_000) expect(zonedDateTime(t, zone), `${zone} ${new Date(t).toISOString()}`).toBe(intlDateTime(t, zone));
    }
  });

  it('other zones and earlier days go through Intl; offsets in date-times are turned into the zone', async () => {
    const { parseDateTime, zonedDateTime } = await import('../../src/core/dates.js');
    expect(zonedDateTime(Date.UTC(1988, 6, 1, 0, 0), 'Asia/Shanghai')).toBe('1988-07-01T09:00'); // summer time then
    expect(zonedDateTime(Date.UTC(2026, 6, 1, 12, 0), 'Europe/Berlin')).toBe('2026-07-01T14:00');
    expect(parseDateTime('2026-11-30T23:30Z')).toBe('2026-12-01T07:30');
    expect(parseDateTime('2026-12-01T07:30+08:00')).toBe('2026-12-01T07:30');
    expect(parseDateTime('2026-12-01T07:30-05:00', '--date', 'UTC')).toBe('2026-12-01T12:30');
    expect(parseDateTime('2026-12-01 07:30')).toBe('2026-12-01T07:30');
    expect(() => parseDateTime('2026-12-01T07:30+25:00')).toThrow(InvalidValue);
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-11-30', '2026-W49', 1],
    ['2026-11-29', '2026-W48', 7],
    ['2021-01-03', '2020-W53', 7],
    ['2021-01-04', '2021-W01', 1],
    ['2024-12-30', '2025-W01', 1],
    ['2027-01-01', '2026-W53', 5],
  ])('%s is in %s, weekday %d', (date, week, day) => {
    expect(isoWeekOf(date)).toBe(week);
    expect(isoWeekday(date)).toBe(day);
  });
  it('every day of 2019–2031 lies between its week\'s Monday and Sunday', () => {
    for (let d = '2019-01-01'; d <= '2031-12-31'; d = addDays(d, 1)) {
      const w = isoWeekOf(d);
      expect(weekStart(w) <= d && d <= weekEnd(w)).toBe(true);
      expect(isoWeekday(weekStart(w))).toBe(1);
    }
  });
  it('parses weeks and refuses impossible ones', () => {
    expect(parseWeek('2026-w5')).toBe('2026-W05');
    expect(parseWeek('２０２６W４９')).toBe('2026-W49');
    expect(parseWeek('2020-W53')).toBe('2020-W53');
    for (const bad of ['2025-W53', '2026-W00', '2026-49', 'W49']) expect(() => parseWeek(bad)).toThrow(InvalidValue);
  });
});

describe('quarters', () => {
  it.each([
    ['2026-01-01', '2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-05-31', '2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-12-31', '2026-Q4', '2026-10-01', '2026-12-31'],
  ])('%s is in %s (%s – %s)', (date, q, start, end) => {
    expect(quarterOf(date)).toBe(q);
    expect(quarterStart(q)).toBe(start);
    expect(quarterEnd(q)).toBe(end);
  });
});

describe('timeText: times as people read them', () => {
  const cases: [string | null, string, string][] = [
    // An instant is turned into the business zone's clock.
    ['2026-11-29T18:37:52.652Z', 'Asia/Shanghai', '2026-11-30 02:37'],
    ['2026-11-29T18:37:52.652Z', 'UTC', '2026-11-29 18:37'],
    ['2026-07-01T12:00:00Z', 'America/New_York', '2026-07-01 08:00'],
    ['2026-11-30T02:37:00+08:00', 'UTC', '2026-11-29 18:37'],
    // A wall-clock time is already the zone's; a date stays a date.
    ['2026-11-30T09:15', 'UTC', '2026-11-30 09:15'],
    ['2026-11-30', 'UTC', '2026-11-30'],
    [null, 'UTC', ''],
    ['not a time', 'UTC', 'not a time'],
  ];
  for (const [value, zone, text] of cases) it(`${value} in ${zone} → ${text}`, () => expect(timeText(value, zone)).toBe(text));
  it('shows seconds when asked', () => {
    expect(timeText('2026-11-29T18:37:52.652Z', 'Asia/Shanghai', { seconds: true })).toBe('2026-11-30 02:37:52');
    expect(timeText('2026-11-30T09:15', 'Asia/Shanghai', { seconds: true })).toBe('2026-11-30 09:15:00');
  });
});
