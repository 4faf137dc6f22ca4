// Grade applications (客户资格评审表 applications, SPEC 2.3), shared by the use cases that open and decide
// them: who they wait for on a given day, opening one, superseding one, and reading an application number.

import { type Grade, type Role, ROLES } from '../core/enums.js';
import { AlreadyApproved, ApplicationDecided, ApplicationNotFound, InvalidValue, NotAnApprover, UnknownUser, type Words } from '../core/errors.js';
import { approversFor, inRoleOrder } from '../core/grade.js';
import { gradeOn, statusOn, type Timeline } from '../core/timeline.js';
import { type CustomerRow, customerById } from '../store/customers.js';
import * as store from '../store/grades.js';
import { userByName } from '../store/users.js';
import type { AppContext } from './context.js';
import { computeTimeline } from './timeline.js';
import { assertActive } from './users.js';
import { optionalEnum, writeDate } from './validate.js';

export interface ApplicationSummary {
  id: number;
  kind: store.ApplicationKind;
  from_grade: Grade;
  to_grade: Grade;
  required_roles: Role[];
}

/**
 * The roles an application needs when its last approval is given on `day`: those it was opened with, and
 * those the move calls for with the customer's grade and status that day — so a potential-VIP application
 * approved after the first order needs the general manager too (SPEC 2.3).
 */
export function requiredRolesOn(app: store.ApplicationRow, t: Timeline, day: string): Role[] {
  const status = statusOn(t, day);
  return inRoleOrder([
    ...(JSON.parse(app.required_roles) as Role[]),
    ...approversFor(app.from_grade, app.to_grade, status),
    ...approversFor(gradeOn(t, day), app.to_grade, status),
  ]);
}

export function waitingRoles(required: readonly Role[], approvals: readonly store.ApprovalRow[]): Role[] {
  const given = new Set(approvals.map((a) => a.role));
  return required.filter((r) => !given.has(r));
}

export function openApplication(ctx: AppContext, c: CustomerRow, kind: store.ApplicationKind, from: Grade, to: Grade, roles: Role[], reviewId: number | null, date: string): ApplicationSummary {
  const id = store.insertApplication(ctx.db, {
    customer_id: c.id,
    kind,
    from_grade: from,
    to_grade: to,
    required_roles: JSON.stringify(roles),
    review_id: reviewId,
    applicant: ctx.operator,
    applied_on: date,
  });
  return { id, kind, from_grade: from, to_grade: to, required_roles: roles };
}

export function summaryOf(app: store.ApplicationRow): ApplicationSummary {
  return { id: app.id, kind: app.kind, from_grade: app.from_grade, to_grade: app.to_grade, required_roles: JSON.parse(app.required_roles) as Role[] };
}

/** Application numbers as typed: `12`, `#12`, full-width digits. */
export function parseApplicationId(input: string): number {
  const t = input.normalize('NFKC').trim().replace(/^#/, '');
  if (!/^\d{1,12}$/.test(t) || Number(t) < 1) throw new InvalidValue('ID', input, undefined, { zh: '给出申请号（kehu approvals 查看）', en: 'an application number (kehu approvals)' });
  return Number(t);
}

/** A grade decision's date: today when absent, never in the future, never before what it decides on. */
export function decisionDate(ctx: AppContext, input: string | undefined, notBefore: string, what: Words): string {
  const date = writeDate(ctx, input);
  if (date < notBefore) throw new InvalidValue('--date', input ?? date, undefined, { zh: `不早于${what.zh}（${notBefore}）`, en: `on or after ${what.en} (${notBefore})` });
  return date;
}

export interface DecisionResult {
  id: number;
  code: string;
  former_code: string;
  name: string;
  kind: store.ApplicationKind;
  from_grade: Grade;
  to_grade: Grade;
  decision: 'approve' | 'reject';
  approver: string;
  role: Role;
  note: string | null;
  date: string;
  /** The application's status after this step. */
  status: store.ApplicationStatus;
  waiting_for: Role[];
}

export interface DecisionStep {
  app: store.ApplicationRow;
  customer: CustomerRow;
  role: Role;
  date: string;
  /** The day of the last approval so far, this one included: the status then decides who must approve. */
  lastDay: string;
  required: Role[];
  waiting: Role[];
}

/**
 * Checks one approval or rejection and picks the role it is given in; throws and changes nothing when
 * refused. The roles waited for are those of the customer's status on the latest approval's day.
 */
export function checkStep(ctx: AppContext, idInput: string, roleInput: string | undefined, dateInput: string | undefined): DecisionStep {
  const id = parseApplicationId(idInput);
  const app = store.applicationById(ctx.db, id);
  if (!app) throw new ApplicationNotFound(idInput.trim());
  if (app.status !== 'pending') throw new ApplicationDecided(app.id, app.status);
  const user = userByName(ctx.db, ctx.operator);
  if (!user) throw new UnknownUser(ctx.operator);
  const approvals = store.approvalsOf(ctx.db, app.id);
  if (approvals.some((a) => a.approver === user.name)) throw new AlreadyApproved(user.name, app.id);
  const date = decisionDate(ctx, dateInput, app.applied_on, { zh: `申请 #${app.id} 的日期`, en: `the application (#${app.id})` });
  assertActive(user, '--as', 'approver', date);
  const lastDay = approvals.reduce((d, a) => (a.date > d ? a.date : d), date);
  const customer = customerById(ctx.db, app.customer_id)!;
  const required = requiredRolesOn(app, computeTimeline(ctx, customer.id), lastDay);
  const waiting = waitingRoles(required, approvals);
  const wanted = optionalEnum(ROLES, roleInput);
  const role = waiting.find((r) => user.roles.includes(r) && (wanted === undefined || r === wanted));
  if (role === undefined) throw new NotAnApprover(user.name, app.id, waiting, user.roles);
  return { app, customer, role, date, lastDay, required, waiting };
}
