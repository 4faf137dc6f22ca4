// Calendar dates as plain `YYYY-MM-DD` strings: strict parsing and month arithmetic, no clock.

import { InvalidValue } from './errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Parses `YYYY-MM-DD` or an ISO 8601 date-time; returns the calendar date, throwing InvalidValue for impossible ones. */
export function parseDate(input: string, option = '--date'): string {
  const text = input.normalize('NFKC').trim();
  const m = DATE.exec(text) ?? DATETIME.exec(text);
  if (!m) throw new InvalidValue(option, input, undefined, 'YYYY-MM-DD');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validYmd(y, mo, d)) throw new InvalidValue(option, input, undefined, 'YYYY-MM-DD');
  if (m[4] !== undefined) {
    const h = Number(m[4]);
    const mi = Number(m[5]);
    const s = m[6] === undefined ? 0 : Number(m[6]);
    if (h > 23 || mi > 59 || s > 59) throw new InvalidValue(option, input, undefined, 'YYYY-MM-DDTHH:MM');
  }
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Adds calendar months, clamping to the month's last day: 2026-08-31 + 6 → 2027-02-28. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

/** The local calendar date of an instant, for turning the caller's clock into a `YYYY-MM-DD`. */
export function localDate(now: Date): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * Parses a date or a date-time as the user wrote it (wall-clock time, China has no DST):
 * `2026-11-20` stays a date, `2026-11-20 14:30` / `2026-11-20T14:30:00+08:00` become `2026-11-20T14:30`.
 */
export function parseDateTime(input: string, option = '--date'): string {
  const date = parseDate(input, option);
  const m = DATETIME.exec(input.normalize('NFKC').trim());
  return m ? `${date}T${m[4]}:${m[5]}` : date;
}

/** The local wall-clock date-time of an instant, to the minute: `2026-11-23T09:30`. */
export function localDateTime(now: Date): string {
  const hh = String(now.getHours()).padStart(2, '0');
  const mm = String(now.getMinutes()).padStart(2, '0');
  return `${localDate(now)}T${hh}:${mm}`;
}

/** A wall-clock date-time moved by some hours (a date alone counts as its midnight). */
export function shiftHours(dateTime: string, hours: number): string {
  const [d, t = '00:00'] = dateTime.split('T');
  const ms = Date.parse(`${d}T${t}:00Z`) + hours * 3_600_000;
  return new Date(ms).toISOString().slice(0, 16);
}

/** The calendar month `YYYY-MM` of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Whole calendar months from one ISO date to another: 2026-06-30 → 2026-10-31 is 4, → 2026-10-29 is 3. */
export function monthsBetween(from: string, to: string): number {
  const months = (+to.slice(0, 4) - +from.slice(0, 4)) * 12 + (+to.slice(5, 7) - +from.slice(5, 7));
  return months - (to.slice(8, 10) < from.slice(8, 10) ? 1 : 0);
}
