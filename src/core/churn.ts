// Automatic loss (SPEC 2.2): when a cooperating customer counts as lost for want of orders.

import { addMonths, monthOf } from './dates.js';

/** Months without an order after which a cooperating customer is lost (§4.3: 六个月未订货). */
export const LOSS_MONTHS = 6;

/** Months without an order from which a cooperating customer is at risk (the churn report's and the agenda's default). */
export const DEFAULT_RISK_MONTHS = 4;

/**
 * The lost date of a cooperating customer: its last order, or with none the date it became
 * cooperating, plus six calendar months, end-of-month clamped (2026-08-31 → 2027-02-28).
 */
export function lostDate(lastOrder: string | null, cooperatingSince: string): string {
  return addMonths(lastActivity(lastOrder, cooperatingSince), LOSS_MONTHS);
}

/** What the months without an order count from: the last order, or the cooperation start when later or with none. */
export function lastActivity(lastOrder: string | null, cooperatingSince: string): string {
  return lastOrder !== null && lastOrder > cooperatingSince ? lastOrder : cooperatingSince;
}

/** True when the loss is due on or before the as-of date, whenever the check runs. */
export function isLossDue(lastOrder: string | null, cooperatingSince: string, asOf: string): boolean {
  return lostDate(lastOrder, cooperatingSince) <= asOf;
}

/**
 * The latest "last activity" date that can be due by asOf: every customer whose last order or
 * cooperation start is on or before this is a candidate (the clamp can only move dates earlier,
 * so the whole month six months back is included and each candidate is then checked exactly).
 */
export function lossCandidateCutoff(asOf: string): string {
  const back = addMonths(asOf, -LOSS_MONTHS);
  return `${back.slice(0, 7)}-31`;
}

/**
 * The latest last-activity date that leaves a customer `months` whole calendar months or more
 * without an order on `end` (monthsBetween(date, end) >= months exactly when date <= this): the
 * same day of the month `months` earlier, not clamped, so that it compares as text — 2026-10-31
 * and 4 give 2026-06-31, and 2026-06-30 is four months before while 2026-07-01 is three.
 */
export function idleCutoff(end: string, months: number): string {
  return `${monthOf(addMonths(`${end.slice(0, 7)}-01`, -months))}-${end.slice(8, 10)}`;
}
