// The calendar: `YYYY-MM-DD` dates and `YYYY-MM` months as plain strings, strict parsing, day and month
// arithmetic, and the business time zone's wall clock. The one home of date arithmetic; no clock is read here.

import { InvalidValue } from './errors.js';

/** The company's time zone when KEHU_TZ names none: what "today" is, whatever the machine's own zone (SPEC 2.2). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_MS = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number): string => `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;

// ───────────── the business time zone ─────────────

/**
 * Zones whose offset has not changed since a day, read without Intl: building a formatter for a named
 * zone costs 20–25 ms (ICU loads its zone data), a third of a short command's start-up. China has kept
 * UTC+8 without daylight saving since 1992 (the last DST was 1991); UTC never moves. A test compares
 * these with Intl over the years they claim.
 */
export const FIXED_ZONES: Readonly<Record<string, { offsetMinutes: number; since: number }>> = {
  'Asia/Shanghai': { offsetMinutes: 480, since: Date.UTC(1992, 0, 1) },
  'Asia/Chongqing': { offsetMinutes: 480, since: Date.UTC(1992, 0, 1) },
  'Asia/Harbin': { offsetMinutes: 480, since: Date.UTC(1992, 0, 1) },
  PRC: { offsetMinutes: 480, since: Date.UTC(1992, 0, 1) },
  UTC: { offsetMinutes: 0, since: -Infinity },
  'Etc/UTC': { offsetMinutes: 0, since: -Infinity },
  GMT: { offsetMinutes: 0, since: -Infinity },
  'Etc/GMT': { offsetMinutes: 0, since: -Infinity },
};

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    } catch {
      throw new InvalidValue('KEHU_TZ', timeZone, undefined, { zh: '给出 IANA 时区，如 Asia/Shanghai', en: 'an IANA time zone such as Asia/Shanghai' });
    }
    zoneFormats.set(timeZone, f);
  }
  return f;
}

/** Checks a time zone name (KEHU_TZ); throws InvalidValue naming it. */
export function checkTimeZone(timeZone: string): string {
  if (!(timeZone in FIXED_ZONES)) zoneFormat(timeZone);
  return timeZone;
}

/** The wall-clock date-time of an instant in a time zone, to the minute: `2026-12-01T07:30`. */
export function zonedDateTime(instant: Date | number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const fixed = FIXED_ZONES[timeZone];
  if (fixed && ms >= fixed.since) return new Date(ms + fixed.offsetMinutes * 60_000).toISOString().slice(0, 16);
  return intlDateTime(ms, timeZone);
}

/** The same through Intl, for every zone and day. */
export function intlDateTime(instant: number, timeZone: string): string {
  const parts = zoneFormat(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** The calendar date of an instant in a time zone. */
export function zonedDate(instant: Date | number, timeZone: string = DEFAULT_TIME_ZONE): string {
  return zonedDateTime(instant, timeZone).slice(0, 10);
}

// ───────────── parsing ─────────────

/**
 * Parses a date or a date-time as the user wrote it. A date stays a date; a date-time without an
 * offset is the business zone's wall clock; one with an offset (`Z`, `+08:00`) is that instant, turned
 * into the business zone's wall clock. Returns `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
 */
export function parseDateTime(input: string, option = '--date', timeZone: string = DEFAULT_TIME_ZONE): string {
  const text = input.normalize('NFKC').trim();
  const m = DATE.exec(text) ?? DATETIME.exec(text);
  if (!m) throw new InvalidValue(option, input, undefined, 'YYYY-MM-DD');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validYmd(y, mo, d)) throw new InvalidValue(option, input, undefined, 'YYYY-MM-DD');
  if (m[4] === undefined) return ymd(y, mo, d);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || mi > 59 || s > 59) throw new InvalidValue(option, input, undefined, 'YYYY-MM-DDTHH:MM');
  const offset = m[7];
  if (offset === undefined) return `${ymd(y, mo, d)}T${m[4]}:${m[5]}`;
  let offsetMinutes = 0;
  if (offset.toUpperCase() !== 'Z') {
    const o = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!;
    offsetMinutes = (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3]));
    if (Number(o[2]) > 14 || Number(o[3]) > 59) throw new InvalidValue(option, input, undefined, { zh: '给出时差，如 +08:00', en: 'an offset such as +08:00' });
  }
  const instant = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000;
  return zonedDateTime(instant, timeZone);
}

/** Parses `YYYY-MM-DD` or an ISO 8601 date-time (its date in the business zone); throws InvalidValue for impossible ones. */
export function parseDate(input: string, option = '--date', timeZone: string = DEFAULT_TIME_ZONE): string {
  return parseDateTime(input, option, timeZone).slice(0, 10);
}

/** Parses `YYYY-MM` (full-width digits and a one-digit month allowed), throwing InvalidValue naming the option. */
export function parseMonth(input: string, option = '--month'): string {
  const t = input.normalize('NFKC').trim();
  const m = /^(\d{4})-(\d{1,2})$/.exec(t);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12 || Number(m[1]) < 1900) throw new InvalidValue(option, input, undefined, 'YYYY-MM');
  return `${m[1]}-${pad2(month)}`;
}

// ───────────── days ─────────────

function toDayNumber(date: string): number {
  return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** A date moved by whole days (negative: earlier). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** A wall-clock date-time moved by some hours (a date alone counts as its midnight). */
export function shiftHours(dateTime: string, hours: number): string {
  const [d, t = '00:00'] = dateTime.split('T');
  const ms = Date.parse(`${d}T${t}:00Z`) + hours * 3_600_000;
  return new Date(ms).toISOString().slice(0, 16);
}

/** Whole hours from one wall-clock date-time to another, rounded down (negative when `to` is earlier); a date alone is its midnight. */
export function hoursBetween(from: string, to: string): number {
  const ms = (x: string): number => {
    const [d, t = '00:00'] = x.split('T');
    return Date.parse(`${d}T${t.slice(0, 5)}:00Z`);
  };
  return Math.floor((ms(to) - ms(from)) / 3_600_000);
}

/**
 * The first day on or after `from` that falls on a yearly date given as `MM-DD` or `YYYY-MM-DD` (a birthday);
 * 02-29 falls on 02-28 in the other years. Null when the text is no such date.
 */
export function nextAnniversary(yearly: string, from: string): string | null {
  const m = /^(?:\d{4}-)?(\d{2})-(\d{2})$/.exec(yearly.trim());
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) return null;
  const year = Number(from.slice(0, 4));
  for (const y of [year, year + 1]) {
    const on = ymd(y, month, Math.min(day, daysInMonth(y, month)));
    if (on >= from) return on;
  }
  return null;
}

// ───────────── months ─────────────

/** Adds calendar months, clamping to the month's last day: 2026-08-31 + 6 → 2027-02-28. */
export function addMonths(date: string, months: number): string {
  const y = +date.slice(0, 4);
  const m = +date.slice(5, 7);
  const d = +date.slice(8, 10);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return ymd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** The calendar month `YYYY-MM` of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** A month `YYYY-MM` moved by whole months. */
export function shiftMonth(month: string, months: number): string {
  return monthOf(addMonths(`${month}-01`, months));
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  return shiftMonth(month, -1);
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  return shiftMonth(month, 1);
}

/** The first day of a month. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

/** The last day of a month: 2026-02 → 2026-02-28. */
export function monthEnd(month: string): string {
  return `${month}-${pad2(daysInMonth(+month.slice(0, 4), +month.slice(5, 7)))}`;
}

/** The `count` months ending with `month`, oldest first. */
export function monthsEnding(month: string, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(shiftMonth(month, -i));
  return out;
}

/** Whole calendar months from one ISO date to another: 2026-06-30 → 2026-10-31 is 4, → 2026-10-29 is 3. */
export function monthsBetween(from: string, to: string): number {
  const months = (+to.slice(0, 4) - +from.slice(0, 4)) * 12 + (+to.slice(5, 7) - +from.slice(5, 7));
  return months - (to.slice(8, 10) < from.slice(8, 10) ? 1 : 0);
}

// ───────────── weeks and quarters ─────────────

/** Day of the week, ISO numbering: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** The ISO 8601 week `YYYY-Www` a date falls in (weeks run Monday to Sunday; week 1 holds the year's first Thursday). */
export function isoWeekOf(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${pad2(week)}`;
}

/** The Monday of an ISO week `YYYY-Www`. */
export function weekStart(week: string): string {
  const year = week.slice(0, 4);
  const jan4 = `${year}-01-04`;
  const firstMonday = addDays(jan4, 1 - isoWeekday(jan4));
  return addDays(firstMonday, (Number(week.slice(6)) - 1) * 7);
}

/** The Sunday of an ISO week `YYYY-Www`. */
export function weekEnd(week: string): string {
  return addDays(weekStart(week), 6);
}

/** Parses an ISO week `YYYY-Www` (also `YYYYWww`, lower case, full-width digits), throwing InvalidValue naming the option. */
export function parseWeek(input: string, option = '--week'): string {
  const t = input.normalize('NFKC').trim().toUpperCase();
  const m = /^(\d{4})-?W(\d{1,2})$/.exec(t);
  const week = m ? `${m[1]}-W${pad2(Number(m[2]))}` : '';
  if (!m || Number(m[1]) < 1900 || Number(m[2]) < 1 || isoWeekOf(weekStart(week)) !== week) throw new InvalidValue(option, input, undefined, 'YYYY-Www');
  return week;
}

/** The calendar quarter `YYYY-Qn` of a date. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((+date.slice(5, 7) - 1) / 3) + 1}`;
}

/** The first day of a quarter `YYYY-Qn`. */
export function quarterStart(quarter: string): string {
  return `${quarter.slice(0, 4)}-${pad2((Number(quarter.slice(6)) - 1) * 3 + 1)}-01`;
}

/** The last day of a quarter `YYYY-Qn`. */
export function quarterEnd(quarter: string): string {
  return monthEnd(shiftMonth(monthOf(quarterStart(quarter)), 2));
}

// ───────────── showing times to people ─────────────

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const WALL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?$/;

/**
 * A stored time as a person reads it, in tables, Markdown, messages and `show`: the business zone's wall
 * clock without `T` or `Z`, `2026-11-30 02:37` (`seconds`: `02:37:52`). An instant (`…Z`, `…+08:00`:
 * users' created_at, the audit log's recorded_at) is turned into the zone; a wall-clock time (visits'
 * visited_at, materials' due and sent times) is already the zone's; a date stays a date; anything else as
 * it is. JSON and CSV keep the stored values.
 */
export function timeText(value: string | null | undefined, timeZone: string = DEFAULT_TIME_ZONE, { seconds = false }: { seconds?: boolean } = {}): string {
  if (value === null || value === undefined) return '';
  const instant = INSTANT.exec(value);
  if (instant) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return value;
    const wall = zonedDateTime(ms, timeZone).replace('T', ' ');
    return seconds ? `${wall}:${instant[3] ?? '00'}` : wall;
  }
  const wall = WALL.exec(value);
  if (wall) return `${wall[1]} ${wall[2]}${seconds ? `:${wall[3] ?? '00'}` : ''}`;
  return value;
}
