// How long a customer's record is kept (客户档案的保管期限, seed 002 §8.9): for ever while there is business
// with it; three years from the day its business was settled (结清) once it is lost or invalid.

import { addDays, addMonths } from './dates.js';
import type { Status } from './enums.js';

/** 保管3年: thirty-six calendar months from the settlement day. */
export const RETENTION_MONTHS = 36;

/** What the settlement day of a customer is taken from. */
export interface SettlementFacts {
  status: Status;
  /** The day of its last order that stands (voided ones do not count). */
  lastOrder: string | null;
  /** The day it became what it is now (lost or invalid): its latest status change. */
  statusSince: string | null;
  /** The day of its last contact (a visit's date). */
  lastVisit: string | null;
}

/** Only a lost (c) or invalid (d) customer has settled its business; a cooperating or potential one has business. */
export function isSettledStatus(status: Status): boolean {
  return status === 'c' || status === 'd';
}

/**
 * 最后结清之日: the latest of the last order, the day it became lost or invalid and the last visit; null for a
 * customer still with business (status a or b), whose record is kept for ever.
 */
export function settlementDay(f: SettlementFacts): string | null {
  if (!isSettledStatus(f.status)) return null;
  let latest: string | null = null;
  for (const d of [f.lastOrder, f.statusSince, f.lastVisit]) if (d !== null && (latest === null || d > latest)) latest = d;
  return latest;
}

/**
 * The first day the record may be purged: the day after the retention period, which runs three years from
 * the settlement day (settled 2023-11-30 → kept to 2026-11-30 → purgeable from 2026-12-01). A settlement on
 * 29 February runs to 28 February (calendar months, clamped).
 */
export function purgeableFrom(settled: string): string {
  return addDays(addMonths(settled, RETENTION_MONTHS), 1);
}

/** Past retention on `asOf`: settled more than three years before it. */
export function isPastRetention(f: SettlementFacts, asOf: string): boolean {
  const settled = settlementDay(f);
  return settled !== null && purgeableFrom(settled) <= asOf;
}
