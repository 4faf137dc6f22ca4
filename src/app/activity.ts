// Use cases of the contact log, orders and the status lifecycle (SPEC 2.2, 2.4, 2.5; seed 002 §3, §4, §7; seed 004).

import { formatCode, recordNumber } from '../core/code.js';
import { isLossDue, lastActivity, lossCandidateCutoff, lostDate } from '../core/churn.js';
import { localDateTime, parseDate, parseDateTime, shiftHours } from '../core/dates.js';
import {
  type Grade,
  GRADES,
  REASON_CATEGORIES,
  type ReasonCategory,
  type Role,
  ROLES,
  STAGES,
  type Status,
  STATUSES,
  VISIT_METHODS,
  type VisitMethod,
} from '../core/enums.js';
import { DomainError, InvalidValue, MissingValue, UnknownUser } from '../core/errors.js';
import { fenToYuan, parseYuan } from '../core/money.js';
import { assertTransition } from '../core/status.js';
import { contactRequirements, DEFAULT_DUPLICATE_WINDOW_HOURS, daysBetween, nextContactDue, type RequirementRole } from '../core/visits.js';
import * as act from '../store/activity.js';
import { changeCustomerCode, type CustomerRow, customerById, insertStatusHistory, statusHistoryOf } from '../store/customers.js';
import { writeTx } from '../store/db.js';
import { userByName } from '../store/users.js';
import { type AppContext, timestamp, today } from './context.js';
import { findCustomer } from './customers.js';
import { optionalEnum, optionalInt, optionalText, parseEnum, requiredText, writeDate } from './validate.js';

export class InvalidCustomerForOrder extends DomainError {
  constructor(code: string) {
    super('order_on_invalid', `Customer ${code} is invalid (d); re-qualify it before logging an order`, { code });
  }
}

export class DateBeforeHistory extends DomainError {
  constructor(option: string, date: string, latest: string) {
    super('date_before_history', `${option} ${date} is before the customer's latest status change (${latest})`, { option, date, latest });
  }
}

export class ContactCancelled extends DomainError {
  constructor() {
    super('cancelled', 'Cancelled: nothing was logged', {});
  }
}

// ───────────── status changes ─────────────

/** Changes status and the code's status letter in the caller's transaction, with a history row. */
function applyStatus(
  ctx: AppContext,
  c: CustomerRow,
  to: Status,
  date: string,
  category: ReasonCategory | null,
  reason: string | null,
): void {
  const latest = act.lastStatusDate(ctx.db, c.id);
  if (latest !== undefined && date < latest) throw new DateBeforeHistory('--date', date, latest);
  const now = timestamp(ctx);
  insertStatusHistory(ctx.db, {
    customer_id: c.id,
    from_status: c.status,
    to_status: to,
    date,
    operator: ctx.operator,
    reason_category: category,
    reason,
    recorded_at: now,
  });
  changeCustomerCode(ctx.db, c.id, formatCode(c.grade, to, c.region, c.serial), { status: to }, date, now);
  act.setStatusDates(ctx.db, c.id, to, date);
}

export interface StatusChangeResult {
  code: string;
  former_code: string;
  from_status: Status;
  to_status: Status;
  date: string;
  reason_category: ReasonCategory | null;
  reason: string | null;
  operator: string;
}

/** Categories that explain a loss (→ c) and a disqualification (→ d). */
const LOST_CATEGORIES: ReasonCategory[] = ['price', 'quality', 'delivery', 'service', 'competitor', 'customer-business', 'personnel', 'no-order-6m', 'other'];
const INVALID_CATEGORIES: ReasonCategory[] = ['no-need', 'not-qualified', 'given-up', 'other'];

export function setStatus(
  ctx: AppContext,
  input: { code: string; status?: string | undefined; reasonCategory?: string | undefined; reason?: string | undefined; date?: string | undefined },
): StatusChangeResult {
  if (!input.status?.trim()) throw new MissingValue('STATUS');
  const to = parseEnum(STATUSES, input.status, 'STATUS');
  const category = optionalEnum(REASON_CATEGORIES, input.reasonCategory);
  const reason = optionalText(input.reason, '--reason', 1000) ?? null;
  const date = writeDate(ctx, input.date);
  return writeTx(ctx.db, () => {
    const c = findCustomer(ctx, input.code);
    const rule = assertTransition(c.status, to, { category, text: reason ?? undefined });
    // → c and → d need a reason category (SPEC 2.2); → d and d → b need the reason in words too.
    if ((to === 'c' || to === 'd') && !category) throw new MissingValue('--reason-category');
    if (to === 'c' && category && !LOST_CATEGORIES.includes(category)) throw new InvalidValue('--reason-category', input.reasonCategory!, LOST_CATEGORIES);
    if (to === 'd' && category && !INVALID_CATEGORIES.includes(category)) throw new InvalidValue('--reason-category', input.reasonCategory!, INVALID_CATEGORIES);
    if (rule.requires === 'reason' && !reason) throw new MissingValue('--reason');
    applyStatus(ctx, c, to, date, category ?? null, reason);
    const after = customerById(ctx.db, c.id)!;
    return { code: after.code, former_code: c.code, from_status: c.status, to_status: to, date, reason_category: category ?? null, reason, operator: ctx.operator };
  });
}

export interface AutomaticLoss {
  code: string;
  former_code: string;
  last_order_date: string | null;
  cooperating_since: string;
  lost_date: string;
}

/**
 * Records every loss due as of a date (SPEC 2.2): cooperating customers with no order for six
 * months become lost on last order + 6 months, category no-order-6m. Idempotent: a second run finds none.
 */
export function applyAutomaticLosses(ctx: AppContext, asOfInput?: string): AutomaticLoss[] {
  const asOf = asOfInput === undefined ? today(ctx) : parseDate(asOfInput, '--as-of');
  return writeTx(ctx.db, () => {
    const out: AutomaticLoss[] = [];
    for (const cand of act.lossCandidates(ctx.db, lossCandidateCutoff(asOf))) {
      const since = cand.cooperating_since ?? cand.created_on;
      if (!isLossDue(cand.last_order_date, since, asOf)) continue;
      const lost = lostDate(cand.last_order_date, since);
      const c = customerById(ctx.db, cand.id)!;
      const from = lastActivity(cand.last_order_date, since);
      applyStatus(ctx, c, 'c', lost, 'no-order-6m', `${from === cand.last_order_date ? '最后订货' : '合作起始'} ${from}`);
      out.push({ code: customerById(ctx.db, cand.id)!.code, former_code: c.code, last_order_date: cand.last_order_date, cooperating_since: since, lost_date: lost });
    }
    return out;
  });
}

// ───────────── orders ─────────────

export interface OrderResult {
  id: number;
  code: string;
  date: string;
  amount: number;
  amount_fen: number;
  note: string | null;
  status_change: { from_status: Status; to_status: Status; kind: 'first_order' | 'win_back' } | null;
}

/** Logs an order: a first order makes a potential customer cooperating, an order from a lost one wins it back. */
export function logOrder(ctx: AppContext, input: { code: string; amount?: string | undefined; date?: string | undefined; note?: string | undefined }): OrderResult {
  const order = validateOrder(ctx, input);
  return writeTx(ctx.db, () => recordOrder(ctx, findCustomer(ctx, input.code), order));
}

export interface ValidatedOrder {
  fen: number;
  date: string;
  note: string | null;
  /** Who recorded it; the operator when absent (imports may keep the original recorder). */
  recordedBy?: string | undefined;
}

/** Checks an order's amount, date and note; writes nothing. */
export function validateOrder(ctx: AppContext, input: { amount?: string | undefined; date?: string | undefined; note?: string | undefined }): ValidatedOrder {
  if (input.amount === undefined || input.amount.trim() === '') throw new MissingValue('--amount');
  const fen = parseYuan(input.amount);
  const date = writeDate(ctx, input.date);
  const note = optionalText(input.note, '--note', 1000) ?? null;
  return { fen, date, note };
}

/** Writes an order and the status change it causes, inside the caller's transaction. */
export function recordOrder(ctx: AppContext, c: CustomerRow, o: ValidatedOrder): OrderResult {
  if (c.status === 'd') throw new InvalidCustomerForOrder(c.code);
  let change: OrderResult['status_change'] = null;
  if (c.status === 'b' || c.status === 'c') {
    const kind = c.status === 'b' ? 'first_order' : 'win_back';
    applyStatus(ctx, c, 'a', o.date, null, kind === 'first_order' ? '首次订货 / first order' : '重新订货，挽回 / won back by a new order');
    change = { from_status: c.status, to_status: 'a', kind };
  }
  const id = act.insertOrder(ctx.db, { customer_id: c.id, date: o.date, amount_fen: o.fen, note: o.note, recorded_by: o.recordedBy ?? ctx.operator, recorded_at: timestamp(ctx) });
  const after = customerById(ctx.db, c.id)!;
  return { id, code: after.code, date: o.date, amount: fenToYuan(o.fen), amount_fen: o.fen, note: o.note, status_change: change };
}

// ───────────── visits ─────────────

export interface VisitWarning {
  handler: string;
  handler_role: string | null;
  visited_at: string;
  method: VisitMethod;
  summary: string;
  seq: number;
}

export interface VisitInput {
  code: string;
  method?: string | undefined;
  summary?: string | undefined;
  date?: string | undefined;
  by?: string | undefined;
  role?: string | undefined;
  contact?: string | undefined;
  keyPoint?: string | undefined;
  nextStep?: string | undefined;
  nextDate?: string | undefined;
  stage?: string | undefined;
  windowHours?: string | undefined;
}

export interface VisitResult {
  record_no: string;
  seq: number;
  code: string;
  name: string;
  visited_at: string;
  method: VisitMethod;
  handler: string;
  handler_role: string | null;
  contact: string | null;
  summary: string;
  key_point: string | null;
  next_step: string | null;
  next_date: string | null;
  stage: number | null;
  warnings: VisitWarning[];
}

export interface PreparedVisit {
  customerId: number;
  visitedAt: string;
  method: VisitMethod;
  handler: string;
  role: Role | null;
  summary: string;
  contact: string | null;
  keyPoint: string | null;
  nextStep: string | null;
  nextDate: string | null;
  stage: number | null;
  windowHours: number;
}

/** Validates a visit and finds who else contacted the customer recently; writes nothing. */
export function prepareVisit(ctx: AppContext, input: VisitInput): { visit: PreparedVisit; warnings: VisitWarning[] } {
  const c = findCustomer(ctx, input.code);
  const visit = validateVisitFor(ctx, c, input);
  const { visitedAt, handler, windowHours } = visit;
  const warnings = act
    .visitsByOthers(ctx.db, c.id, handler, shiftHours(visitedAt, -windowHours), visitedAt.length === 10 ? `${visitedAt}T23:59` : visitedAt)
    .map((v) => ({ handler: v.handler, handler_role: v.handler_role, visited_at: v.visited_at, method: v.method, summary: v.summary, seq: v.seq }));
  return { visit, warnings };
}

/** The checks of a visit to a known customer (log-visit and imports); `users` caches handler look-ups. */
export function validateVisitFor(
  ctx: AppContext,
  c: CustomerRow,
  input: Omit<VisitInput, 'code'>,
  users: (name: string) => { roles: Role[] } | undefined = (name) => userByName(ctx.db, name),
): PreparedVisit {
  if (!input.method?.trim()) throw new MissingValue('--method');
  const method = parseEnum(VISIT_METHODS, input.method);
  const summary = requiredText(input.summary, '--summary', 4000);
  const now = localDateTime(ctx.now);
  let visitedAt = now;
  if (input.date !== undefined) {
    visitedAt = parseDateTime(input.date);
    if (visitedAt.slice(0, 10) > now.slice(0, 10) || (visitedAt.length > 10 && visitedAt > now)) {
      throw new InvalidValue('--date', input.date, undefined, `not in the future (now ${now})`);
    }
  }
  const handler = optionalText(input.by, '--by', 50) ?? ctx.operator;
  const user = users(handler);
  let role = optionalEnum(ROLES, input.role) ?? null;
  if (user) {
    if (role && !user.roles.includes(role)) throw new InvalidValue('--role', input.role!, user.roles, `a role ${handler} holds`);
    role ??= user.roles.length === 1 ? user.roles[0]! : null;
    if (!role && user.roles.length > 1) throw new MissingValue('--role');
  } else if (!role) {
    throw new UnknownUser(handler);
  }
  const stageValue = optionalEnum(STAGES, input.stage);
  if (stageValue !== undefined && c.status !== 'b') {
    throw new InvalidValue('--stage', input.stage!, undefined, 'development stages apply to potential (b) customers');
  }
  const nextDate = input.nextDate === undefined || input.nextDate.trim() === '' ? null : parseDate(input.nextDate, '--next-date');
  if (nextDate !== null && nextDate < visitedAt.slice(0, 10)) throw new InvalidValue('--next-date', input.nextDate!, undefined, `on or after the visit (${visitedAt.slice(0, 10)})`);
  const windowHours = optionalInt(input.windowHours, '--window-hours', 0, 24 * 366) ?? DEFAULT_DUPLICATE_WINDOW_HOURS;
  return {
    customerId: c.id,
    visitedAt,
    method,
    handler,
    role,
    summary,
    contact: optionalText(input.contact, '--contact', 50) ?? null,
    keyPoint: optionalText(input.keyPoint, '--key-point', 2000) ?? null,
    nextStep: optionalText(input.nextStep, '--next-step', 2000) ?? null,
    nextDate,
    stage: stageValue === undefined ? null : Number(stageValue),
    windowHours,
  };
}

/** Writes a prepared visit: the next gap-free number and the row in one immediate transaction. */
export function commitVisit(ctx: AppContext, p: PreparedVisit, warnings: VisitWarning[]): VisitResult {
  return writeTx(ctx.db, () => writeVisit(ctx, p, warnings));
}

/** Writes a prepared visit inside the caller's transaction. */
export function writeVisit(ctx: AppContext, p: PreparedVisit, warnings: VisitWarning[] = []): VisitResult {
  const c = customerById(ctx.db, p.customerId)!;
  const seq = act.nextVisitSeq(ctx.db, c.id);
  act.insertVisit(ctx.db, {
    customer_id: c.id,
    seq,
    visited_at: p.visitedAt,
    method: p.method,
    handler: p.handler,
    handler_role: p.role,
    contact: p.contact,
    summary: p.summary,
    key_point: p.keyPoint,
    next_step: p.nextStep,
    next_date: p.nextDate,
    stage: p.stage,
    recorded_by: ctx.operator,
    recorded_at: timestamp(ctx),
  });
  if (p.stage !== null && c.status === 'b') act.setStage(ctx.db, c.id, p.stage);
  return {
    record_no: recordNumber(c.code),
    seq,
    code: c.code,
    name: c.name,
    visited_at: p.visitedAt,
    method: p.method,
    handler: p.handler,
    handler_role: p.role,
    contact: p.contact,
    summary: p.summary,
    key_point: p.keyPoint,
    next_step: p.nextStep,
    next_date: p.nextDate,
    stage: p.stage,
    warnings,
  };
}

/** Scripts' path: validate, warn (the caller prints the warnings), log. */
export function logVisit(ctx: AppContext, input: VisitInput): VisitResult {
  const { visit, warnings } = prepareVisit(ctx, input);
  return commitVisit(ctx, visit, warnings);
}

// ───────────── history ─────────────

export type HistoryKind = 'visit' | 'order' | 'status' | 'grade';

export interface HistoryEntry {
  at: string;
  kind: HistoryKind;
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
}

export interface HistoryResult {
  code: string;
  name: string;
  record_no: string;
  entries: HistoryEntry[];
}

const blank = { seq: null, role: null, method: null, contact: null, key_point: null, next_step: null, next_date: null, amount: null, from: null, to: null, reason_category: null };

/** The contact log newest first, with orders, status and grade changes interleaved. */
export function history(ctx: AppContext, input: { code: string; limit?: string | undefined; kind?: string | undefined }): HistoryResult {
  const c = findCustomer(ctx, input.code);
  const limit = optionalInt(input.limit, '--limit', 1, 1_000_000);
  const kinds: HistoryKind[] = ['visit', 'order', 'status', 'grade'];
  if (input.kind !== undefined && !kinds.includes(input.kind as HistoryKind)) throw new InvalidValue('--kind', input.kind, kinds);
  const entries: HistoryEntry[] = [];
  for (const v of act.visitsOf(ctx.db, c.id)) {
    entries.push({ ...blank, at: v.visited_at, kind: 'visit', seq: v.seq, who: v.handler, role: v.handler_role, method: v.method, contact: v.contact, summary: v.summary, key_point: v.key_point, next_step: v.next_step, next_date: v.next_date });
  }
  for (const o of act.ordersOf(ctx.db, c.id)) {
    entries.push({ ...blank, at: o.date, kind: 'order', who: o.recorded_by, summary: o.note ?? '', amount: fenToYuan(o.amount_fen) });
  }
  for (const s of statusHistoryOf(ctx.db, c.id)) {
    entries.push({ ...blank, at: s.date, kind: 'status', who: s.operator, summary: s.reason ?? '', from: s.from_status, to: s.to_status, reason_category: s.reason_category });
  }
  for (const g of act.gradeHistoryOf(ctx.db, c.id)) {
    entries.push({ ...blank, at: g.date, kind: 'grade', who: g.operator, summary: g.reason ?? '', from: g.from_grade, to: g.to_grade });
  }
  const order: Record<HistoryKind, number> = { visit: 0, order: 1, status: 2, grade: 3 };
  // Newest first; at the same moment a status change shows above the order or visit that caused it.
  entries.sort((a, b) => b.at.localeCompare(a.at) || order[b.kind] - order[a.kind] || (b.seq ?? 0) - (a.seq ?? 0));
  const filtered = input.kind ? entries.filter((e) => e.kind === input.kind) : entries;
  return { code: c.code, name: c.name, record_no: recordNumber(c.code), entries: limit ? filtered.slice(0, limit) : filtered };
}

// ───────────── due ─────────────

export interface DueEntry {
  code: string;
  name: string;
  grade: Grade;
  owner: string | null;
  province: string | null;
  city: string | null;
  role: RequirementRole;
  method: 'onsite' | 'phone';
  every_months: number;
  last_contact: string | null;
  due_date: string;
  days_overdue: number;
}

const ROLE_FILTER: Record<string, RequirementRole[]> = {
  'business-manager': ['business-manager', 'any'],
  'tech-support': ['support', 'any'],
  assistant: ['support', 'any'],
  'sales-manager': ['sales-manager'],
  'market-manager': ['market-manager'],
  'general-manager': [],
};

/** Overdue required contacts of cooperating customers as of a date (§7 frequency table), most overdue first. */
export function due(ctx: AppContext, input: { asOf?: string | undefined; role?: string | undefined; owner?: string | undefined; grade?: string | undefined }): DueEntry[] {
  const asOf = input.asOf === undefined ? today(ctx) : parseDate(input.asOf, '--as-of');
  const role = optionalEnum(ROLES, input.role);
  const gradeValue = optionalEnum(GRADES, input.grade);
  const customers = act.cooperatingCustomers(ctx.db, { grade: gradeValue, owner: optionalText(input.owner, '--owner', 50) });
  const contacts = new Map<number, act.LastContactRow[]>();
  for (const r of act.lastContacts(ctx.db, `${asOf}T23:59`)) {
    const list = contacts.get(r.customer_id);
    if (list) list.push(r);
    else contacts.set(r.customer_id, [r]);
  }
  const wanted = role ? ROLE_FILTER[role] : undefined;
  const out: DueEntry[] = [];
  for (const c of customers) {
    const list = contacts.get(c.id) ?? [];
    const dutyStart = c.cooperating_since ?? c.created_on;
    for (const req of contactRequirements(c.grade as Grade)) {
      if (wanted && !wanted.includes(req.role)) continue;
      let last: string | null = null;
      for (const r of list) {
        if (r.role === null || !req.roles.includes(r.role as Role)) continue;
        const at = req.method === 'onsite' ? r.last_onsite : r.last_phone;
        if (at !== null && (last === null || at > last)) last = at;
      }
      const dueDate = nextContactDue(last === null ? null : last.slice(0, 10), dutyStart, req.months);
      if (dueDate >= asOf) continue;
      out.push({
        code: c.code,
        name: c.name,
        grade: c.grade as Grade,
        owner: c.owner,
        province: c.province,
        city: c.city,
        role: req.role,
        method: req.method,
        every_months: req.months,
        last_contact: last,
        due_date: dueDate,
        days_overdue: daysBetween(dueDate, asOf),
      });
    }
  }
  out.sort((a, b) => b.days_overdue - a.days_overdue || a.code.localeCompare(b.code));
  return out;
}
