// kehu history: a customer's development record newest first, with its orders and its status and grade
// changes interleaved (客户开发记录, SPEC 2.4).

import { recordNumber } from '../core/code.js';
import { InvalidValue } from '../core/errors.js';
import { fenToYuan } from '../core/money.js';
import * as act from '../store/activity.js';
import { editsOf } from '../store/audit.js';
import { statusHistoryOf } from '../store/customers.js';
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

/** The contact log newest first, with orders, status and grade changes interleaved. */
export function history(ctx: AppContext, input: { code: string; limit?: string | undefined; kind?: string | undefined }): HistoryResult {
  const c = findCustomer(ctx, input.code);
  const limit = limitOf(input.limit);
  const kinds: HistoryKind[] = ['visit', 'order', 'status', 'grade', 'edit'];
  if (input.kind !== undefined && !kinds.includes(input.kind as HistoryKind)) throw new InvalidValue('--kind', input.kind, kinds);
  const entries: HistoryEntry[] = [];
  const materialsOf = (v: act.VisitRow): Pick<HistoryEntry, 'materials' | 'materials_sent'> => ({
    materials: v.materials,
    materials_sent: v.materials_sent_at === null ? null : { at: v.materials_sent_at, by: v.materials_sent_by ?? '', method: v.materials_method, note: v.materials_note },
  });
  for (const v of act.visitsOf(ctx.db, c.id)) {
    entries.push({
      ...blank, at: v.visited_at, kind: 'visit', seq: v.seq, who: v.handler, role: v.handler_role, method: v.method, contact: v.contact, summary: v.summary,
      key_point: v.key_point, next_step: v.next_step, next_date: v.next_date, ...materialsOf(v),
    });
  }
  for (const v of act.voidedVisitsOf(ctx.db, c.id)) {
    entries.push({
      ...blank, at: v.visited_at, kind: 'visit', seq: v.seq, who: v.handler, role: v.handler_role, method: v.method, contact: v.contact, summary: v.summary,
      key_point: v.key_point, next_step: v.next_step, next_date: v.next_date, voided: { on: v.voided_on, by: v.voided_by, reason: v.void_reason }, ...materialsOf(v),
    });
  }
  for (const o of act.ordersOf(ctx.db, c.id)) {
    entries.push({ ...blank, at: o.date, kind: 'order', who: o.recorded_by, summary: o.note ?? '', amount: fenToYuan(o.amount_fen), order_id: o.id });
  }
  for (const o of act.voidedOrdersOf(ctx.db, c.id)) {
    entries.push({ ...blank, at: o.date, kind: 'order', who: o.recorded_by, summary: o.note ?? '', amount: fenToYuan(o.amount_fen), order_id: o.id, voided: { on: o.voided_on, by: o.voided_by, reason: o.void_reason } });
  }
  for (const e of editsOf(ctx.db, c.id)) {
    entries.push({ ...blank, at: e.date, kind: 'edit', cause: e.action, who: e.operator, summary: e.reason ?? '', field: e.field, from: e.old_value, to: e.new_value });
  }
  for (const s of statusHistoryOf(ctx.db, c.id)) {
    entries.push({ ...blank, at: s.date, kind: 'status', cause: s.cause, who: s.operator, summary: s.reason ?? '', from: s.from_status, to: s.to_status, reason_category: s.reason_category });
  }
  for (const g of act.gradeHistoryOf(ctx.db, c.id)) {
    entries.push({ ...blank, at: g.date, kind: 'grade', cause: g.cause, who: g.operator, summary: g.reason ?? '', from: g.from_grade, to: g.to_grade });
  }
  const order: Record<HistoryKind, number> = { visit: 0, order: 1, status: 2, grade: 3, edit: 4 };
  // Newest first; at the same moment a status change shows above the order or visit that caused it.
  entries.sort((a, b) => b.at.localeCompare(a.at) || order[b.kind] - order[a.kind] || (b.seq ?? 0) - (a.seq ?? 0));
  const filtered = input.kind ? entries.filter((e) => e.kind === input.kind) : entries;
  return { code: c.code, name: c.name, record_no: recordNumber(c.code), entries: limit ? filtered.slice(0, limit) : filtered };
}
