// The one write path for the facts of a customer's timeline (SPEC 2.2): a new customer (add-customer and
// imports), an order (log-order and imports), a status decision (set-status). Each writes the fact and
// recomputes the customer's derived rows in the caller's transaction; nothing here builds a status or
// code row by hand.

import type { ReasonCategory, Role, Status } from '../core/enums.js';
import { fenToYuan } from '../core/money.js';
import { customerTimeline, type DecisionFact, type Timeline } from '../core/timeline.js';
import * as act from '../store/activity.js';
import * as store from '../store/customers.js';
import { writeTimeline } from '../store/timeline.js';
import type { ValidatedCustomer } from './addCustomer.js';
import { nameColumns } from '../core/names.js';
import type { AuditedCustomerField } from '../store/audit.js';
import { audit, auditChanges, customerSnapshot, snapshot } from './audit.js';
import { type AppContext, timestamp } from './context.js';
import { CONTACT_FIELDS, type ContactFields } from '../store/customers.js';
import { refreshTimeline, timelineAsOf, type TimelineWarning, warningsOf } from './timeline.js';

/** The status decisions a customer's entered status stands for (SPEC 2.2: imports of existing customers). */
function openingDecisions(v: ValidatedCustomer): { date: string; to: Status; category: ReasonCategory | null }[] {
  const since = v.opening.cooperatingSince;
  switch (v.status) {
    case 'b':
      return [];
    case 'a':
      return [{ date: since ?? v.date, to: 'a', category: null }];
    case 'c':
      return [...(since !== null ? [{ date: since, to: 'a' as const, category: null }] : []), { date: v.opening.lostDate ?? v.date, to: 'c', category: 'other' }];
    case 'd':
      return [{ date: v.opening.invalidSince ?? v.date, to: 'd', category: null }];
  }
}

/**
 * Records a validated customer (the caller checked the name and the owner): its row under a serial of
 * its region (the next from the counter, or the one its code gives, which the counter then covers; a bulk
 * caller passes its own `serials` and flushes them once), its contacts, the status it was
 * entered with, and its timeline. A grade A entered by a general manager counts as their confirmation.
 * A new customer's facts are all here, so its timeline is computed before anything is written and the
 * row goes in with what it derives.
 */
export function recordCustomer(
  ctx: AppContext,
  v: ValidatedCustomer,
  options: { serial?: number | undefined; serials?: store.RegionSerials; operatorRoles?: readonly Role[]; asOf?: string } = {},
): { id: number; timeline: Timeline } {
  const serials = options.serials ?? new store.RegionSerials(ctx.db);
  let serial = options.serial;
  if (serial === undefined) serial = serials.next(v.place.region);
  else serials.claim(v.place.region, serial);
  if (options.serials === undefined) serials.flush();
  const roles = options.operatorRoles ?? store.rolesOf(ctx.db, ctx.operator);
  const confirmedBy = v.grade === 'A' && roles.includes('general-manager') ? ctx.operator : null;
  const opening = openingDecisions(v);
  // Numbered 1, 2, … in the order they are written: the same order their ids will have.
  const decisions: DecisionFact[] = opening.map((d, i) => ({ id: i + 1, date: d.date, to: d.to, kind: 'opening', category: d.category, reason: null, by: ctx.operator }));
  const t = customerTimeline(
    { region: v.place.region, serial, createdOn: v.date, createdBy: ctx.operator, openingGrade: v.grade, openingGradeConfirmed: confirmedBy !== null, orders: [], decisions, grades: [] },
    options.asOf ?? timelineAsOf(ctx),
  );
  // Onto the validated fields themselves: a spread copy of their ~35 fields costs more than the insert.
  const row = v.fields as store.NewCustomerRow;
  row.code = t.code;
  row.region = v.place.region;
  row.serial = serial;
  row.grade = t.grade;
  row.status = t.status;
  row.cooperating_since = t.cooperatingSince;
  row.last_order_date = t.lastOrder;
  row.previous_order_date = t.previousOrder;
  row.lost_date = t.lostDate;
  row.opening_confirmed_by = confirmedBy;
  const id = store.insertCustomer(ctx.db, row);
  audit(ctx, { customerId: id, entity: 'customer', key: t.code, action: 'create', new: customerSnapshot(row), date: v.date });
  for (const c of v.contacts) recordContact(ctx, id, c, v.date);
  const recordedAt = timestamp(ctx);
  const ids = opening.map((d) =>
    act.insertDecision(ctx.db, { customer_id: id, date: d.date, to_status: d.to, kind: 'opening', reason_category: d.category, reason: null, operator: ctx.operator, recorded_at: recordedAt }),
  );
  for (const r of t.statuses) if (r.decisionId !== null) r.decisionId = ids[r.decisionId - 1]!;
  writeTimeline(ctx.db, id, t, { fresh: true, rowWritten: true });
  return { id, timeline: t };
}

/** Adds a validated contact to a customer (add-customer, contact add, an import's further contact rows). */
export function recordContact(ctx: AppContext, customerId: number, c: ContactFields, date?: string): number {
  const id = store.insertContact(ctx.db, customerId, c);
  audit(ctx, { customerId, entity: 'contact', key: id, action: 'create', new: snapshot(c, CONTACT_FIELDS), date });
  return id;
}

export interface ValidatedOrder {
  fen: number;
  date: string;
  note: string | null;
  /** Who recorded it; the operator when absent (imports may keep the original recorder). */
  recordedBy?: string | undefined;
}

export interface OrderResult {
  id: number;
  code: string;
  date: string;
  amount: number;
  amount_fen: number;
  note: string | null;
  /** The status change this order made in the timeline: a first order (b → a) or a win-back (c → a). */
  status_change: { from_status: Status; to_status: Status; kind: 'first_order' | 'win_back' } | null;
  /** An automatic loss this order moved: it came before the six months ran out; `to` is the new day (null: none). */
  moved_loss: { from: string; to: string | null } | null;
  /** What the order did to facts recorded before (a later decision's change the table does not list). */
  warnings: TimelineWarning[];
}

/**
 * Records an order of a customer. With `refresh` (the default) its timeline is recomputed now and an
 * order dated while the customer is invalid is refused; an import refreshes each customer once after
 * all its orders.
 */
export function recordOrder(ctx: AppContext, c: store.CustomerRow, o: ValidatedOrder, { refresh = true }: { refresh?: boolean } = {}): OrderResult {
  const lossesBefore = refresh ? act.automaticLossDates(ctx.db, c.id) : [];
  const id = act.insertOrder(ctx.db, { customer_id: c.id, date: o.date, amount_fen: o.fen, note: o.note, recorded_by: o.recordedBy ?? ctx.operator, recorded_at: timestamp(ctx) });
  audit(ctx, { customerId: c.id, entity: 'order', key: id, action: 'create', new: JSON.stringify({ date: o.date, amount_fen: o.fen, note: o.note ?? undefined }), date: o.date });
  let change: OrderResult['status_change'] = null;
  let code = c.code;
  let warnings: TimelineWarning[] = [];
  let moved: OrderResult['moved_loss'] = null;
  if (refresh) {
    const t = refreshTimeline(ctx, c.id, { orderId: id });
    code = t.code;
    const row = t.statuses.find((r) => r.orderId === id);
    if (row && (row.cause === 'first_order' || row.cause === 'win_back')) change = { from_status: row.from!, to_status: row.to, kind: row.cause };
    warnings = warningsOf(t, { orderId: id });
    const after = t.statuses.filter((r) => r.cause === 'auto_loss').map((r) => r.date);
    const gone = lossesBefore.filter((d) => !after.includes(d));
    // Moved to a later day: already past (in the history) or still to come (the day it will be due).
    if (gone.length) moved = { from: gone[0]!, to: after.find((d) => !lossesBefore.includes(d)) ?? t.lossDue };
  }
  return { id, code, date: o.date, amount: fenToYuan(o.fen), amount_fen: o.fen, note: o.note, status_change: change, moved_loss: moved, warnings };
}

/** Writes a manual status decision (set-status); the caller recomputes the timeline and judges the outcome. */
export function recordDecision(ctx: AppContext, customerId: number, d: { date: string; to: Status; category: ReasonCategory | null; reason: string | null }): number {
  return act.insertDecision(ctx.db, { customer_id: customerId, date: d.date, to_status: d.to, kind: 'manual', reason_category: d.category, reason: d.reason, operator: ctx.operator, recorded_at: timestamp(ctx) });
}

/**
 * Changes some of a customer's own fields (kehu edit, reassign, an import's --on-duplicate update): writes
 * those whose value differs, with the name's duplicate key, and logs each old and new value. Returns the
 * fields that changed.
 */
export function recordCustomerEdit(
  ctx: AppContext,
  c: store.CustomerRow,
  fields: Partial<Record<AuditedCustomerField, unknown>>,
  { action = 'edit', date, reason }: { action?: 'edit' | 'reassign'; date?: string; reason?: string | null } = {},
): string[] {
  const changed = auditChanges(ctx, { customerId: c.id, entity: 'customer', action, date, reason }, c as unknown as Record<string, unknown>, fields);
  if (changed.length === 0) return [];
  const set: Record<string, unknown> = Object.fromEntries(changed.map((f) => [f, fields[f as AuditedCustomerField]]));
  // The columns a name derives (its duplicate key, its pinyin for search) are written with it.
  if ('name' in set) Object.assign(set, nameColumns(String(set.name)));
  store.updateCustomerFields(ctx.db, c.id, set, timestamp(ctx));
  return changed;
}
