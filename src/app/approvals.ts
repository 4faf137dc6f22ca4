// kehu approvals (SPEC 2.3): the grade applications waiting for the operator, or all pending ones.

import type { Grade, Role, Status } from '../core/enums.js';
import { UnknownUser } from '../core/errors.js';
import { type Band, downgradeRule } from '../core/grade.js';
import { customerById } from '../store/customers.js';
import * as store from '../store/grades.js';
import { userByName } from '../store/users.js';
import { requiredRolesOn, waitingRoles } from './applications.js';
import { type AppContext, today } from './context.js';
import { computeTimeline } from './timeline.js';

export interface PendingApplication {
  id: number;
  code: string;
  name: string;
  kind: store.ApplicationKind;
  from_grade: Grade;
  to_grade: Grade;
  customer_status: Status;
  applicant: string;
  applied_on: string;
  required_roles: Role[];
  approved_by: { approver: string; role: Role; date: string; note: string | null }[];
  waiting_for: Role[];
  /** The reviews behind it: the one that opened an upgrade, the whole run of a downgrade. */
  scores: { month: string; score: number; band: Band }[];
}

/** Pending applications waiting for the operator (a role they hold, not yet given), or all of them. */
export function pendingApprovals(ctx: AppContext, input: { all?: boolean | undefined; user?: string | undefined } = {}): PendingApplication[] {
  const name = input.user ?? ctx.operator;
  const user = input.all ? undefined : userByName(ctx.db, name);
  if (!input.all && !user) throw new UnknownUser(name);
  const out: PendingApplication[] = [];
  for (const app of store.pendingApplications(ctx.db)) {
    const approvals = store.approvalsOf(ctx.db, app.id);
    // Who it waits for if approved today: the status now may call for more roles than when it was opened.
    const required = requiredRolesOn(app, computeTimeline(ctx, app.customer_id), today(ctx));
    const waiting = waitingRoles(required, approvals);
    if (user && (approvals.some((a) => a.approver === user.name) || !waiting.some((r) => user.roles.includes(r)))) continue;
    const c = customerById(ctx.db, app.customer_id)!;
    let scores: PendingApplication['scores'] = [];
    const review = app.review_id === null ? undefined : store.reviewById(ctx.db, app.review_id);
    if (review) {
      const rule = app.kind === 'downgrade' ? downgradeRule(app.from_grade, c.status) : undefined;
      scores = store.reviewsUpTo(ctx.db, c.id, review.month, rule?.months ?? 1).reverse().map((r) => ({ month: r.month, score: r.score, band: r.band }));
    }
    out.push({
      id: app.id,
      code: c.code,
      name: c.name,
      kind: app.kind,
      from_grade: app.from_grade,
      to_grade: app.to_grade,
      customer_status: c.status,
      applicant: app.applicant,
      applied_on: app.applied_on,
      required_roles: required,
      approved_by: approvals.filter((a) => a.decision === 'approve').map((a) => ({ approver: a.approver, role: a.role, date: a.date, note: a.note })),
      waiting_for: waiting,
      scores,
    });
  }
  return out;
}
