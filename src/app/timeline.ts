// Keeping derived data true (SPEC 2.2): after every write the customer's timeline is recomputed from its
// facts in the same transaction, and the stored timelines are brought to today, so every command sees the
// status as of today whether or not the cron job ran.

import type { Status } from '../core/enums.js';
import { customerTimeline, type Timeline } from '../core/timeline.js';
import { DomainError } from '../core/errors.js';
import { customerById } from '../store/customers.js';
import { writeTx } from '../store/db.js';
import { seesEverything } from '../store/grants.js';
import { getMeta, setMeta } from '../store/meta.js';
import { loadFacts, lossCandidates, lossesAfter, TIMELINE_AS_OF, writeTimeline } from '../store/timeline.js';
import { isLossDue, lossCandidateCutoff } from '../core/churn.js';
import { type AppContext, today } from './context.js';

/** An order dated while the customer is invalid (d). */
export class InvalidCustomerForOrder extends DomainError {
  constructor(code: string, date: string, since: string) {
    super('order_on_invalid', `Customer ${code} is invalid (d) since ${since}; an order dated ${date} cannot be logged`, { code, date, since });
  }
}

/**
 * What a write did to facts already recorded, for the person to check (never a refusal: the same facts
 * give the same timeline whatever order they came in): an order now dated while the customer is
 * invalid (it changes nothing), or a decision whose change the table does not list (it stands).
 */
export type TimelineWarning =
  | { kind: 'order_on_invalid'; date: string; order_id: number; invalid_since: string }
  | { kind: 'decision_not_allowed'; date: string; decision_id: number; from: Status; to: Status; since: string };

/** The facts of a timeline that do not sit well together, but for the one just written (JSON keys). */
export function warningsOf(t: Timeline, written: { orderId?: number; decisionId?: number } = {}): TimelineWarning[] {
  return t.conflicts
    .filter((c) => (c.kind === 'order_on_invalid' ? c.orderId !== written.orderId : c.decisionId !== written.decisionId))
    .map((c) =>
      c.kind === 'order_on_invalid'
        ? { kind: c.kind, date: c.date, order_id: c.orderId, invalid_since: c.invalidSince }
        : { kind: c.kind, date: c.date, decision_id: c.decisionId, from: c.from, to: c.to, since: c.since },
    );
}

/** The day through which stored timelines include automatic losses (today, once a session has opened the file). */
export function timelineAsOf(ctx: AppContext): string {
  return partialDay.get(ctx.db) ?? getMeta(ctx.db, TIMELINE_AS_OF) ?? today(ctx);
}

/**
 * The day a session that sees only some customers (a server's row-level security) brought those to: its
 * timelines are computed as of it, while the archive's day (meta) waits for a session that sees them all.
 */
const partialDay = new WeakMap<object, string>();

/** One customer's timeline from its facts as they are stored now; writes nothing. */
export function computeTimeline(ctx: AppContext, customerId: number): Timeline {
  const facts = loadFacts(ctx.db, customerId);
  if (!facts) throw new Error(`no customer ${customerId}`);
  return customerTimeline(facts, timelineAsOf(ctx));
}

/**
 * Recomputes one customer's timeline after its facts changed and writes what it derives, in the caller's
 * transaction. An order just written that falls while the customer is invalid is refused (thrown, and
 * the caller's transaction rolls back with it); what the write did to facts recorded before is left to
 * the caller to report (warningsOf).
 */
export function refreshTimeline(ctx: AppContext, customerId: number, options: { fresh?: boolean; orderId?: number } = {}): Timeline {
  const t = computeTimeline(ctx, customerId);
  const refused = t.conflicts.find((c) => c.kind === 'order_on_invalid' && c.orderId === options.orderId);
  if (refused?.kind === 'order_on_invalid') throw new InvalidCustomerForOrder(customerById(ctx.db, customerId)?.code ?? String(customerId), refused.date, refused.invalidSince);
  writeTimeline(ctx.db, customerId, t, options);
  return t;
}

/** An automatic loss a day's change recorded (`churn-report --apply` reports them). */
export interface AutomaticLoss {
  code: string;
  former_code: string;
  last_order_date: string | null;
  cooperating_since: string;
  lost_date: string;
}

/**
 * Brings every stored timeline to a day (today by default): customers whose loss fell due since are
 * recomputed (six months without an order), and when the clock went back, those whose automatic loss
 * is not due yet. Once a day it does work; otherwise it reads one row. In the caller's transaction.
 * A session that sees only some customers does that work for those, once per process, until one that
 * sees them all has marked the day.
 */
export function advanceTimelinesTx(ctx: AppContext, to: string = today(ctx)): AutomaticLoss[] {
  const stored = getMeta(ctx.db, TIMELINE_AS_OF);
  if (stored === to || partialDay.get(ctx.db) === to) return [];
  const ids =
    stored === undefined || stored < to
      ? lossCandidates(ctx.db, lossCandidateCutoff(to))
          .filter((c) => isLossDue(c.last_order_date, c.cooperating_since, to))
          .map((c) => c.id)
      : lossesAfter(ctx.db, to);
  // A session that sees only some customers (a server's row-level security) brings those to the day, and
  // leaves the archive's day for one that sees them all (an administrator, the general manager, cron).
  const partial = !seesEverything(ctx.db);
  if (partial) partialDay.set(ctx.db, to);
  else setMeta(ctx.db, TIMELINE_AS_OF, to);
  const out: AutomaticLoss[] = [];
  try {
    for (const id of ids) {
      const before = customerById(ctx.db, id)!;
      const t = refreshTimeline(ctx, id);
      if (before.status === 'a' && t.status === 'c') {
        out.push({ code: t.code, former_code: before.code, last_order_date: t.lastOrder, cooperating_since: before.cooperating_since ?? t.start, lost_date: t.lostDate! });
      }
    }
  } catch (e) {
    // Rolled back with the caller's transaction: the next transaction tries again.
    if (partial) partialDay.delete(ctx.db);
    throw e;
  }
  return out;
}

/** advanceTimelinesTx in its own write transaction, taken only when there is something to do. */
export function advanceTimelines(ctx: AppContext, to: string = today(ctx)): AutomaticLoss[] {
  if (getMeta(ctx.db, TIMELINE_AS_OF) === to || partialDay.get(ctx.db) === to) return [];
  return writeTx(ctx.db, () => advanceTimelinesTx(ctx, to));
}

/**
 * A write use case's transaction: the stored timelines are first brought to today (so a write on a new
 * day sees today's statuses), then fn runs; all of it commits or none.
 */
export function factTx<T>(ctx: AppContext, fn: () => T): T {
  return writeTx(ctx.db, () => {
    advanceTimelinesTx(ctx);
    return fn();
  });
}

