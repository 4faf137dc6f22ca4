// SQL for pending follow-ups (下次联系): the next contact dates visits set that are still to be kept.

import type { Db } from './db.js';

export interface FollowUpRow {
  customer_id: number;
  /** The visit that set the follow-up (第 n 次拜访). */
  seq: number;
  visited_at: string;
  handler: string;
  next_step: string | null;
  next_date: string;
}

/**
 * The pending follow-ups of some customers as of a day: a visit's next contact date that is still to come
 * (today or later), or that has passed with no later visit to the customer yet. A voided visit sets none
 * (voided visits are kept apart). Oldest first per customer.
 */
export function pendingFollowUps(db: Db, customerIds: readonly number[], today: string): FollowUpRow[] {
  if (customerIds.length === 0) return [];
  return db
    .prepare(
      `SELECT v.customer_id, v.seq, v.visited_at, v.handler, v.next_step, v.next_date FROM visits v
       WHERE v.customer_id IN (SELECT value FROM json_each(@ids)) AND v.next_date IS NOT NULL
         AND (v.next_date >= @today OR NOT EXISTS (
           SELECT 1 FROM visits w WHERE w.customer_id = v.customer_id AND (w.visited_at > v.visited_at OR (w.visited_at = v.visited_at AND w.seq > v.seq))))
       ORDER BY v.customer_id, v.next_date, v.seq`,
    )
    .all({ ids: JSON.stringify(customerIds), today }) as FollowUpRow[];
}
