// kehu log-visit (客户开发记录表, SPEC 2.4; seed 002 §3, seed 004): validate a contact, show colleagues'
// recent contacts of the same customer, and log it under the next gap-free number.

import { recordNumber } from '../core/code.js';
import { parseDate, parseDateTime, shiftHours } from '../core/dates.js';
import { type Role, ROLES, STAGES, VISIT_METHODS, type VisitMethod } from '../core/enums.js';
import { DomainError, InvalidValue, MissingValue, UnknownUser } from '../core/errors.js';
import { potentialOn } from '../core/timeline.js';
import { materialsDueAt } from '../core/agenda.js';
import { DEFAULT_DUPLICATE_WINDOW_HOURS } from '../core/visits.js';
import * as act from '../store/activity.js';
import { type CustomerRow, customerById } from '../store/customers.js';
import { writeTx } from '../store/db.js';
import { userByName } from '../store/users.js';
import { audit, snapshot } from './audit.js';
import { assertActive } from './users.js';
import { type AppContext, timestamp, wallClock, zoneOf } from './context.js';
import { findCustomer } from './customers.js';
import { computeTimeline } from './timeline.js';
import { optionalEnum, optionalInt, optionalText, parseEnum, requiredText } from './validate.js';

export class ContactCancelled extends DomainError {
  constructor() {
    super('cancelled', 'Cancelled: nothing was logged', {});
  }
}

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
  /** Materials the customer asked for (产品介绍, 产品目录…, seed 002 §5). */
  materials?: string | undefined;
  /** Imports only: when, by whom, how and with what note the materials went out. */
  materialsSentAt?: string | undefined;
  materialsSentBy?: string | undefined;
  materialsMethod?: string | undefined;
  materialsNote?: string | undefined;
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
  materials: string | null;
  /** When materials are requested: the time by which they must go out (24 hours after the visit). */
  materials_due_at: string | null;
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
  materials: string | null;
  materialsSent: MaterialsSent | null;
}

export interface MaterialsSent {
  at: string;
  by: string;
  method: VisitMethod | null;
  note: string | null;
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
  users: (name: string) => { roles: Role[]; deactivated_on: string | null } | undefined = (name) => userByName(ctx.db, name),
  potentialOnVisit?: (day: string) => boolean,
): PreparedVisit {
  if (!input.method?.trim()) throw new MissingValue('--method');
  const method = parseEnum(VISIT_METHODS, input.method);
  const summary = requiredText(input.summary, '--summary', 4000);
  const now = wallClock(ctx);
  let visitedAt = now;
  if (input.date !== undefined) {
    visitedAt = parseDateTime(input.date, '--date', zoneOf(ctx));
    if (visitedAt.slice(0, 10) > now.slice(0, 10) || (visitedAt.length > 10 && visitedAt > now)) {
      throw new InvalidValue('--date', input.date, undefined, { zh: `不能是将来（现在是 ${now}）`, en: `not in the future (now ${now})` });
    }
  }
  const handler = optionalText(input.by, '--by', 50) ?? ctx.operator;
  const user = users(handler);
  let role = optionalEnum(ROLES, input.role) ?? null;
  if (user) {
    assertActive({ name: handler, deactivated_on: user.deactivated_on }, input.by === undefined ? '--as' : '--by', 'handler', visitedAt.slice(0, 10));
    if (role && !user.roles.includes(role)) throw new InvalidValue('--role', input.role!, user.roles, { zh: `给出 ${handler} 持有的角色`, en: `a role ${handler} holds` });
    role ??= user.roles.length === 1 ? user.roles[0]! : null;
    if (!role && user.roles.length > 1) throw new MissingValue('--role');
  } else if (!role) {
    throw new UnknownUser(handler);
  }
  const stageValue = optionalEnum(STAGES, input.stage);
  // The stage is that of a potential customer: judged by its status on the day of the visit.
  if (stageValue !== undefined && !(potentialOnVisit ?? ((day: string) => potentialOn(computeTimeline(ctx, c.id), day)))(visitedAt.slice(0, 10))) {
    throw new InvalidValue('--stage', input.stage!, undefined, { zh: `开发阶段只用于潜在（b）客户；${c.code} 在 ${visitedAt.slice(0, 10)} 不是潜在客户`, en: `development stages apply to potential (b) customers; ${c.code} was not potential on ${visitedAt.slice(0, 10)}` });
  }
  const nextDate = input.nextDate === undefined || input.nextDate.trim() === '' ? null : parseDate(input.nextDate, '--next-date', zoneOf(ctx));
  if (nextDate !== null && nextDate < visitedAt.slice(0, 10)) throw new InvalidValue('--next-date', input.nextDate!, undefined, { zh: `不早于拜访日期（${visitedAt.slice(0, 10)}）`, en: `on or after the visit (${visitedAt.slice(0, 10)})` });
  const windowHours = optionalInt(input.windowHours, '--window-hours', 0, 24 * 366) ?? DEFAULT_DUPLICATE_WINDOW_HOURS;
  const materials = optionalText(input.materials, '--materials', 500) ?? null;
  let materialsSent: MaterialsSent | null = null;
  const sentAt = input.materialsSentAt?.trim() ? parseDateTime(input.materialsSentAt, 'materials_sent_at', zoneOf(ctx)) : null;
  if (sentAt !== null) {
    if (materials === null) throw new InvalidValue('materials_sent_at', input.materialsSentAt!, undefined, { zh: '留空：这次拜访没有索取资料', en: 'empty: no materials were requested on this visit' });
    if (sentAt < visitedAt.slice(0, sentAt.length)) throw new InvalidValue('materials_sent_at', input.materialsSentAt!, undefined, { zh: `不早于拜访时间（${visitedAt}）`, en: `on or after the visit (${visitedAt})` });
    materialsSent = {
      at: sentAt,
      by: optionalText(input.materialsSentBy, 'materials_sent_by', 50) ?? handler,
      method: optionalEnum(VISIT_METHODS, input.materialsMethod, 'materials_method') ?? null,
      note: optionalText(input.materialsNote, 'materials_note', 500) ?? null,
    };
  }
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
    materials,
    materialsSent,
  };
}

/** Writes a prepared visit: the next gap-free number and the row in one immediate transaction. */
export function commitVisit(ctx: AppContext, p: PreparedVisit, warnings: VisitWarning[]): VisitResult {
  return writeTx(ctx.db, () => writeVisit(ctx, p, warnings));
}

/** Sets the customer's stage from its visits (logged, or one voided), logging the change. */
export function updateStage(ctx: AppContext, c: { id: number; stage: number | null }, stage: number | null, seq: number): void {
  if (stage === c.stage) return;
  act.setStage(ctx.db, c.id, stage);
  audit(ctx, { customerId: c.id, entity: 'customer', action: 'edit', field: 'stage', old: c.stage, new: stage, reason: `#${seq}` });
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
    materials: p.materials,
    materials_sent_at: p.materialsSent?.at ?? null,
    materials_sent_by: p.materialsSent?.by ?? null,
    materials_method: p.materialsSent?.method ?? null,
    materials_note: p.materialsSent?.note ?? null,
  });
  audit(ctx, {
    customerId: c.id,
    entity: 'visit',
    key: seq,
    action: 'create',
    new: snapshot(
      { visited_at: p.visitedAt, method: p.method, handler: p.handler, contact: p.contact, summary: p.summary, stage: p.stage, materials: p.materials },
      ['visited_at', 'method', 'handler', 'contact', 'summary', 'stage', 'materials'],
    ),
    date: p.visitedAt.slice(0, 10),
  });
  // The customer's stage is that of its latest visit giving one, whatever order visits are logged in.
  if (p.stage !== null) updateStage(ctx, c, act.latestStage(ctx.db, c.id) ?? p.stage, seq);
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
    materials: p.materials,
    materials_due_at: p.materials === null ? null : materialsDueAt(p.visitedAt),
    warnings,
  };
}

/** Scripts' path: validate, warn (the caller prints the warnings), log. */
export function logVisit(ctx: AppContext, input: VisitInput): VisitResult {
  const { visit, warnings } = prepareVisit(ctx, input);
  return commitVisit(ctx, visit, warnings);
}
