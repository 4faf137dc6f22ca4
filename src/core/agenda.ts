// The morning agenda's rules (kehu today, SPEC 2.9; seed 002 §5, §7): when a follow-up escalates and to whom,
// when requested materials are due, whose birthdays are near. Pure: the caller gives the day and the facts.

import { addDays, daysBetween, hoursBetween, nextAnniversary, shiftHours } from './dates.js';
import type { Role } from './enums.js';

/** Days a follow-up may be overdue before it escalates to the sales manager; twice as many for the market manager (SPEC 2.9). */
export const DEFAULT_ESCALATE_AFTER_DAYS = 3;

/** Hours within which the assistant sends the materials a customer asked for (§5: 助理在24小时内安排寄出). */
export const MATERIALS_WITHIN_HOURS = 24;

/** Days ahead (today included, as the seventh day after it) in which a key contact's birthday is shown. */
export const BIRTHDAY_DAYS_AHEAD = 7;

/** Roles that write salvage plans and so see every lost customer without one (§7.6.3: 销售经理; and those above). */
export const SALVAGE_PLANNERS: readonly Role[] = ['sales-manager', 'market-manager', 'general-manager'];

/** Roles that send every customer's requested materials, not only their own (§5: 助理). */
export const MATERIALS_SENDERS: readonly Role[] = ['assistant'];

/** Days a follow-up set for `nextDate` is overdue on `day` (0 when due that day). */
export function followUpDaysOverdue(nextDate: string, day: string): number {
  return daysBetween(nextDate, day);
}

/**
 * The manager roles a follow-up overdue by `daysOverdue` escalates to: the sales manager after more than
 * `after` days, the market manager too after more than twice as many.
 */
export function escalatedTo(daysOverdue: number, after: number): Role[] {
  const out: Role[] = [];
  if (daysOverdue > after) out.push('sales-manager');
  if (daysOverdue > 2 * after) out.push('market-manager');
  return out;
}

/** The latest next-contact date that has escalated to a role on a day: overdue by more than after (sales) or 2 × after (market) days. */
export function escalationCutoff(day: string, after: number, role: 'sales-manager' | 'market-manager'): string {
  return addDays(day, -(role === 'sales-manager' ? after : 2 * after) - 1);
}

/** When materials requested on a visit must be sent: 24 hours after the visit (a visit with a date alone counts from its midnight). */
export function materialsDueAt(visitedAt: string): string {
  return shiftHours(visitedAt, MATERIALS_WITHIN_HOURS);
}

/** Hours past the due time at `now` (negative: hours still left). */
export function materialsOverdueHours(dueAt: string, now: string): number {
  return hoursBetween(dueAt, now);
}

/** The next birthday within the window from `day` (`day` to `day` + 7), with the days until it, or null. */
export function upcomingBirthday(birthday: string | null, day: string, daysAhead = BIRTHDAY_DAYS_AHEAD): { date: string; days_until: number } | null {
  if (birthday === null) return null;
  const next = nextAnniversary(birthday, day);
  if (next === null) return null;
  const until = daysBetween(day, next);
  return until <= daysAhead ? { date: next, days_until: until } : null;
}
