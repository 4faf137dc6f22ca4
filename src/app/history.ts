// kehu history: a customer's development record newest first, with its orders and its status and grade
// changes interleaved (客户开发记录, SPEC 2.4).

import { recordNumber } from '../core/code.js';
import { InvalidValue } from '../core/errors.js';
import { fenToYuan } from '../core/money.js';
import * as act from '../store/activity.js';
import { editsNewestFirst } from '../store/audit.js';
import { statusHistoryNewestFirst } from '../store/customers.js';
import type { AppContext } from './context.js';
import { findCustomer } from './customers.js';
import { limitOf } from './validate.js';

export type HistoryKind = 'visit' | 'order' | 'status' | 'grade' | 'edit';

export interface HistoryEntry {
  at: string;
  kind: HistoryKind;
  /** For status and grade entries: what caused the change (first_order, win_back, auto_loss, decision, …). */
  cause: string | null;
  seq: number | null;
  who: string;
  role: string | null;
  method: string | null;
  contact: string | null;
  summary: string;
  key_point: string | null;
  next_step: string | null;
  next_date: string | null;
  amount: number | null;
  from: string | null;
  to: string | null;
  reason_category: string | null;
  /** An order's id (what kehu void order takes). */
  order_id: number | null;
  /** For an edit: the field changed (a customer's, or `contact.FIELD`), or what was done (contact added or removed, code moved). */
  field: string | null;
  /** A voided visit or order: struck out, with who voided it, when and why. */
  voided: { on: string; by: string; reason: string } | null;
  /** A visit's requested materials (seed 002 §5) and their dispatch (kehu send-materials), null when none. */
  materials: string | null;
  materials_sent: { at: string; by: string; method: string | null; note: string | null } | null;
}

export interface HistoryResult {
  code: string;
  name: string;
  record_no: string;
  entries: HistoryEntry[];
}

const blank = { cause: null, seq: null, role: null, method: null, contact: null, key_point: null, next_step: null, next_date: null, amount: null, from: null, to: null, reason_category: null, order_id: null, field: null, voided: null, materials: null, materials_sent: null };

/** The contact log newest first, with orders, status and grade changes interleaved (collected: see historyStream). */
export function history(ctx: AppContext, input: { code: string; limit?: string | undefined; kind?: string | undefined }): HistoryResult {
  const r = historyStream(ctx, input);
  return { ...r, entries: [...r.entries] };
}

/** A customer's history whose entries are read as iterated, newest first. */
export interface HistoryStream extends Omit<HistoryResult, 'entries'> {
  entries: Iterable<HistoryEntry>;
}

const KIND_ORDER: Record<HistoryKind, number> = { visit: 0, order: 1, status: 2, grade: 3, edit: 4 };

/**
 * Newest first; at the same moment a status change shows above the order or visit that caused it (the kinds'
 * order), visits by number; otherwise the order of the sources (visits, voided visits, orders, voided orders,
 * edits, status, grade) and of each source's rows.
 */
function newer(a: HistoryEntry, b: HistoryEntry): number {
  return b.at.localeCompare(a.at) || KIND_ORDER[b.kind] - KIND_ORDER[a.kind] || (b.seq ?? 0) - (a.seq ?? 0);
}

/**
 * The history as it is read: each kind of record comes from SQL newest first, and the sources are merged
 * entry by entry, so a customer with years of visits and orders is never held whole. The code, the kind and
 * the limit are checked now; the entries are read as the caller iterates.
 */
export function historyStream(ctx: AppContext, input: { code: string; limit?: string | undefined; kind?: string | undefined }): HistoryStream {
  const c = findCustomer(ctx, input.code);
  const limit = limitOf(input.limit);
  const kinds: HistoryKind[] = ['visit', 'order', 'status', 'grade', 'edit'];
  if (input.kind !== undefined && !kinds.includes(input.kind as HistoryKind)) throw new InvalidValue('--kind', input.kind, kinds);
  const wanted = input.kind as HistoryKind | undefined;
  const db = ctx.db;
  const id = c.id;
  const materialsOf = (v: act.VisitRow): Pick<HistoryEntry, 'materials' | 'materials_sent'> => ({
    materials: v.materials,
    materials_sent: v.materials_sent_at === null ? null : { at: v.materials_sent_at, by: v.materials_sent_by ?? '', method: v.materials_method, note: v.materials_note },
  });
  // Each source opens its cursor only when first read, and only when its kind is wanted.
  const sources: { kind: HistoryKind; rows: () => Iterable<HistoryEntry> }[] = [
    {
      kind: 'visit',
      rows: () => map(act.visitsNewestFirst(db, id), (v) => ({
        ...blank, at: v.visited_at, kind: 'visit', seq: v.seq, who: v.handler, role: v.handler_role, method: v.method, contact: v.contact, summary: v.summary,
        key_point: v.key_point, next_step: v.next_step, next_date: v.next_date, ...materialsOf(v),
      })),
    },
    {
      kind: 'visit',
      rows: () => map(act.voidedVisitsNewestFirst(db, id), (v) => ({
        ...blank, at: v.visited_at, kind: 'visit', seq: v.seq, who: v.handler, role: v.handler_role, method: v.method, contact: v.contact, summary: v.summary,
        key_point: v.key_point, next_step: v.next_step, next_date: v.next_date, voided: { on: v.voided_on, by: v.voided_by, reason: v.void_reason }, ...materialsOf(v),
      })),
    },
    { kind: 'order', rows: () => map(act.ordersNewestFirst(db, id), (o) => ({ ...blank, at: o.date, kind: 'order', who: o.recorded_by, summary: o.note ?? '', amount: fenToYuan(o.amount_fen), order_id: o.id })) },
    {
      kind: 'order',
      rows: () => map(act.voidedOrdersNewestFirst(db, id), (o) => ({ ...blank, at: o.date, kind: 'order', who: o.recorded_by, summary: o.note ?? '', amount: fenToYuan(o.amount_fen), order_id: o.id, voided: { on: o.voided_on, by: o.voided_by, reason: o.void_reason } })),
    },
    { kind: 'edit', rows: () => map(editsNewestFirst(db, id), (e) => ({ ...blank, at: e.date, kind: 'edit', cause: e.action, who: e.operator, summary: e.reason ?? '', field: e.field, from: e.old_value, to: e.new_value })) },
    {
      kind: 'status',
      rows: () => map(statusHistoryNewestFirst(db, id), (s) => ({ ...blank, at: s.date, kind: 'status', cause: s.cause, who: s.operator, summary: s.reason ?? '', from: s.from_status, to: s.to_status, reason_category: s.reason_category })),
    },
    { kind: 'grade', rows: () => map(act.gradeHistoryNewestFirst(db, id), (g) => ({ ...blank, at: g.date, kind: 'grade', cause: g.cause, who: g.operator, summary: g.reason ?? '', from: g.from_grade, to: g.to_grade })) },
  ];
  const chosen = sources.filter((s) => wanted === undefined || s.kind === wanted).map((s) => s.rows);
  return { code: c.code, name: c.name, record_no: recordNumber(c.code), entries: { [Symbol.iterator]: () => take(merge(chosen, newer), limit) } };
}

function* map<A, B>(rows: Iterable<A>, f: (a: A) => B): Generator<B> {
  for (const r of rows) yield f(r);
}

function* take<T>(rows: Iterable<T>, n: number | undefined): Generator<T> {
  if (n === undefined) {
    yield* rows;
    return;
  }
  let i = 0;
  if (n <= 0) return;
  for (const r of rows) {
    yield r;
    if (++i >= n) return;
  }
}

/**
 * Merges sources each already in order: the first by `compare` of their heads, on a tie the earlier source
 * (what a stable sort of their concatenation gives). A handful of sources: a linear scan of the heads.
 */
function* merge<T>(sources: readonly (() => Iterable<T>)[], compare: (a: T, b: T) => number): Generator<T> {
  const its = sources.map((s) => s()[Symbol.iterator]());
  const heads: (IteratorResult<T> | undefined)[] = its.map((it) => it.next());
  try {
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h === undefined || h.done) continue;
        if (best < 0 || compare(h.value, (heads[best] as IteratorYieldResult<T>).value) < 0) best = i;
      }
      if (best < 0) return;
      yield (heads[best] as IteratorYieldResult<T>).value;
      heads[best] = its[best]!.next();
    }
  } finally {
    // Stopped early (a limit, a reader gone): the cursors still open are closed, which frees the connection.
    for (let i = 0; i < its.length; i++) if (!heads[i]?.done) its[i]!.return?.();
  }
}
