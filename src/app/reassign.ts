// kehu reassign (SPEC 2.8; seed 004: 区域主管跳槽，客户也随之而去): one owner's customers, all or those a
// filter picks, move to another owner in one transaction, with the follow-ups they are waiting for.

import type { Grade, Status } from '../core/enums.js';
import { SameOwner, UnknownOwner } from '../core/errors.js';
import * as customers from '../store/customers.js';
import { pendingFollowUps } from '../store/followUps.js';
import * as users from '../store/users.js';
import { type AppContext, today } from './context.js';
import { customerFilter } from './listCustomers.js';
import { recordCustomerEdit } from './record.js';
import { factTx } from './timeline.js';
import { assertActiveUser } from './users.js';
import { optionalText, requiredText, writeDate } from './validate.js';

export interface ReassignInput {
  from?: string | undefined;
  to?: string | undefined;
  grade?: string | undefined;
  status?: string | undefined;
  province?: string | undefined;
  city?: string | undefined;
  date?: string | undefined;
  reason?: string | undefined;
  dryRun?: boolean | undefined;
}

/** A pending follow-up (下次联系) of a moved customer: set by visit `seq`, due on `next_date`. */
export interface FollowUp {
  seq: number;
  visited_at: string;
  handler: string;
  next_step: string | null;
  next_date: string;
  overdue: boolean;
}

export interface ReassignedCustomer {
  code: string;
  name: string;
  grade: Grade;
  status: Status;
  province: string | null;
  city: string | null;
  district: string | null;
  follow_ups: FollowUp[];
}

export interface ReassignResult {
  from: string;
  to: string;
  /** The day the move takes effect, as the audit log records it. */
  date: string;
  dry_run: boolean;
  reason: string | null;
  filters: { grade: string | null; status: string | null; province: string | null; city: string | null; district: string | null };
  customers: ReassignedCustomer[];
  /** How many pending follow-ups moved with the customers. */
  follow_ups: number;
}

/**
 * Moves the customers `from` owns that match the filters to `to`, each owner change logged with its old
 * and new value (action reassign). With `dryRun` the same checks and selection run and nothing is written.
 *
 * Follow-ups move by derivation, not by rewriting visits: a follow-up is a visit's next contact date, and
 * whose work it is comes from the customer's owner (as `kehu due --owner` takes the owner's customers). The
 * visit's handler is a fact of the past — who made that call — and stays as it was.
 */
export function reassign(ctx: AppContext, input: ReassignInput): ReassignResult {
  const from = requiredText(input.from, '--from', 50);
  const to = requiredText(input.to, '--to', 50);
  if (from === to) throw new SameOwner(from);
  const filter = customerFilter({ grade: input.grade, status: input.status, province: input.province, city: input.city });
  const date = writeDate(ctx, input.date);
  const reason = optionalText(input.reason, '--reason', 500) ?? null;
  const dryRun = input.dryRun ?? false;
  const day = today(ctx);

  const run = (): ReassignedCustomer[] => {
    if (!users.userByName(ctx.db, from)) throw new UnknownOwner(from);
    assertActiveUser(ctx, to, '--to');
    const rows = customers.listCustomers(ctx.db, { ...filter, owner: from });
    const followUps = new Map<number, FollowUp[]>();
    for (const f of pendingFollowUps(ctx.db, rows.map((c) => c.id), day)) {
      const list = followUps.get(f.customer_id) ?? [];
      list.push({ seq: f.seq, visited_at: f.visited_at, handler: f.handler, next_step: f.next_step, next_date: f.next_date, overdue: f.next_date < day });
      followUps.set(f.customer_id, list);
    }
    if (!dryRun) for (const c of rows) recordCustomerEdit(ctx, c, { owner: to }, { action: 'reassign', date, reason });
    return rows.map((c) => ({
      code: c.code,
      name: c.name,
      grade: c.grade,
      status: c.status,
      province: c.province,
      city: c.city,
      district: c.district,
      follow_ups: followUps.get(c.id) ?? [],
    }));
  };
  // A dry run reads in one (deferred) transaction: a consistent picture, and the file left as it was.
  const moved = dryRun ? ctx.db.transaction(run)() : factTx(ctx, run);
  return {
    from,
    to,
    date,
    dry_run: dryRun,
    reason,
    filters: { grade: filter.grade ?? null, status: filter.status ?? null, province: filter.province ?? null, city: filter.city ?? null, district: filter.district ?? null },
    customers: moved,
    follow_ups: moved.reduce((n, c) => n + c.follow_ups.length, 0),
  };
}
