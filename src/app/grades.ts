// Use cases of grade reviews and approvals (客户资格评审表, SPEC 2.3 / seed 002 §5–§7.2.3): review, designate, approve, reject, report.

import { readFileSync } from 'node:fs';
import { formatCode } from '../core/code.js';
import { addMonths, daysInMonth, monthOf } from '../core/dates.js';
import { type Grade, type Role, ROLES, type Status } from '../core/enums.js';
import {
  AlreadyApproved,
  AlreadyImage,
  ApplicationDecided,
  ApplicationNotFound,
  ApplicationPending,
  InvalidGradeModel,
  InvalidValue,
  MissingValue,
  NotAnApprover,
  ReviewExists,
  ReviewOutOfOrder,
  UnknownUser,
  UsageError,
} from '../core/errors.js';
import {
  type Band,
  bandOf,
  belowStandardRun,
  downgradeRule,
  type GradeModel,
  matchFactor,
  nextMonth,
  parseMonth,
  parseScore,
  requiredApprovers,
  reviewOutcome,
  validateGradeModel,
  weightedScore,
} from '../core/grade.js';
import { changeCustomerCode, type CustomerRow, customerById } from '../store/customers.js';
import { writeTx } from '../store/db.js';
import * as store from '../store/grades.js';
import { userByName } from '../store/users.js';
import { type AppContext, timestamp, today } from './context.js';
import { findCustomer } from './customers.js';
import { optionalEnum, optionalText, requiredText } from './validate.js';

// ───────────── the model ─────────────

/** <root>/data/grade-model.json, from dist/app as from src/app. */
export const GRADE_MODEL_FILE = new URL('../../data/grade-model.json', import.meta.url);

let defaultModel: GradeModel | undefined;

/** Reads and validates a grade model file; the shipped default is read once. */
export function loadGradeModel(file?: string): GradeModel {
  if (file === undefined && defaultModel) return defaultModel;
  const source = file ?? 'data/grade-model.json';
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file ?? GRADE_MODEL_FILE, 'utf8'));
  } catch (e) {
    throw new InvalidGradeModel(source, (e as Error).message);
  }
  const model = validateGradeModel(raw, source);
  if (file === undefined) defaultModel = model;
  return model;
}

// ───────────── reviews ─────────────

export interface ReviewInput {
  code: string;
  score?: string | undefined;
  /** `key=score` items (repeatable `--factor`), keys or labels of the model's factors. */
  factors?: readonly string[] | undefined;
  month?: string | undefined;
  /** A model file other than the shipped one. */
  model?: string | undefined;
}

export interface ApplicationSummary {
  id: number;
  kind: store.ApplicationKind;
  from_grade: Grade;
  to_grade: Grade;
  required_roles: Role[];
}

export interface ReviewResult {
  id: number;
  code: string;
  name: string;
  month: string;
  score: number;
  band: Band;
  factors: Record<string, number> | null;
  /** Each factor's score, weight and points (score × weight / 100), when factors were given. */
  breakdown: { key: string; label_zh: string; label_en: string; weight: number; score: number; points: number }[] | null;
  model_name: string | null;
  current_grade: Grade;
  status: Status;
  /** For formal A and B: the run of consecutive below-standard months ending with this one. */
  below_standard: { months: number; required: number; threshold: number } | null;
  outcome: 'none' | 'upgrade_application' | 'downgrade_application' | 'applied';
  application: ApplicationSummary | null;
  /** When the grade changed at once (C, §6.4): the new grade and code. */
  applied: { from_grade: Grade; to_grade: Grade; code: string; former_code: string } | null;
  reviewer: string;
}

function parseFactors(model: GradeModel, items: readonly string[]): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const item of items.flatMap((i) => i.split(/[,，]/)).filter((i) => i.trim() !== '')) {
    const m = /^\s*([^=＝:：]+?)\s*[=＝:：]\s*(.+?)\s*$/.exec(item);
    if (!m) throw new InvalidValue('--factor', item, undefined, 'KEY=SCORE, e.g. purchase=90');
    const f = matchFactor(model, m[1]!);
    if (!f) throw new InvalidValue('--factor', m[1]!, model.factors.map((x) => x.key));
    if (scores[f.key] !== undefined) throw new InvalidValue('--factor', item, undefined, `${f.key} given once`);
    scores[f.key] = parseScore(m[2]!, `--factor ${f.key}`);
  }
  return scores;
}

/** The first month whose reviews count towards a downgrade run: after the latest grade change. */
function runStart(ctx: AppContext, customerId: number): string | undefined {
  const changed = store.lastGradeChange(ctx.db, customerId);
  return changed === undefined ? undefined : nextMonth(monthOf(changed));
}

function openApplication(ctx: AppContext, c: CustomerRow, kind: store.ApplicationKind, to: Grade, roles: Role[], reviewId: number | null): ApplicationSummary {
  const pending = store.pendingApplicationOf(ctx.db, c.id);
  if (pending) throw new ApplicationPending(c.code, pending.id);
  const id = store.insertApplication(ctx.db, {
    customer_id: c.id,
    kind,
    from_grade: c.grade,
    to_grade: to,
    required_roles: JSON.stringify(roles),
    review_id: reviewId,
    applicant: ctx.operator,
    applied_on: today(ctx),
  });
  return { id, kind, from_grade: c.grade, to_grade: to, required_roles: roles };
}

/** Changes grade and code with a history row, in the caller's transaction; the former code keeps resolving. */
function applyGrade(ctx: AppContext, c: CustomerRow, to: Grade, applicationId: number | null, reason: string): { code: string; former_code: string } {
  const date = today(ctx);
  const now = timestamp(ctx);
  const code = formatCode(to, c.status, c.region, c.serial);
  changeCustomerCode(ctx.db, c.id, code, { grade: to }, date, now);
  store.insertGradeHistory(ctx.db, { customer_id: c.id, from_grade: c.grade, to_grade: to, date, operator: ctx.operator, application_id: applicationId, reason, recorded_at: now });
  return { code, former_code: c.code };
}

/**
 * Records a monthly review (score given, or factor scores by the model) and acts on it (SPEC 2.3):
 * an upgrade application, a downgrade application once the below-standard run is reached, or a C
 * reclassification at once. One review per customer per month, in month order.
 */
export function reviewGrade(ctx: AppContext, input: ReviewInput): ReviewResult {
  const hasScore = input.score !== undefined && input.score.trim() !== '';
  const hasFactors = (input.factors?.length ?? 0) > 0;
  if (hasScore && hasFactors) throw new UsageError('score_and_factors', 'Give --score or --factor, not both', {});
  if (!hasScore && !hasFactors) throw new MissingValue('--score / --factor');
  const current = monthOf(today(ctx));
  const month = input.month === undefined ? current : parseMonth(input.month);
  if (month > current) throw new InvalidValue('--month', input.month!, undefined, `not after this month (${current})`);
  let score: number;
  let factors: Record<string, number> | null = null;
  let model: GradeModel | null = null;
  if (hasFactors) {
    model = loadGradeModel(input.model);
    factors = parseFactors(model, input.factors!);
    score = weightedScore(model, factors);
  } else {
    score = parseScore(input.score!, '--score');
  }
  const band = bandOf(score);
  return writeTx(ctx.db, () => {
    const c = findCustomer(ctx, input.code);
    if (store.reviewOf(ctx.db, c.id, month)) throw new ReviewExists(c.code, month);
    const latest = store.latestReviewMonth(ctx.db, c.id);
    if (latest !== undefined && latest > month) throw new ReviewOutOfOrder(c.code, month, latest);
    const id = store.insertReview(ctx.db, {
      customer_id: c.id,
      month,
      score,
      band,
      factors: factors ? JSON.stringify(factors) : null,
      model: model ? JSON.stringify(model) : null,
      reviewer: ctx.operator,
      recorded_at: timestamp(ctx),
    });
    const rule = downgradeRule(c.grade, c.status);
    let run = 0;
    if (rule) {
      const reviews = store.reviewsUpTo(ctx.db, c.id, month, rule.months + 1);
      run = belowStandardRun(reviews, month, rule, runStart(ctx, c.id));
    }
    const outcome = reviewOutcome(c.grade, c.status, band, run);
    let application: ApplicationSummary | null = null;
    let applied: ReviewResult['applied'] = null;
    let kind: ReviewResult['outcome'] = 'none';
    switch (outcome.kind) {
      case 'upgrade':
        application = openApplication(ctx, c, 'upgrade', outcome.to, outcome.roles, id);
        kind = 'upgrade_application';
        break;
      case 'downgrade':
        application = openApplication(ctx, c, 'downgrade', outcome.to, outcome.roles, id);
        kind = 'downgrade_application';
        break;
      case 'apply': {
        const pending = store.pendingApplicationOf(ctx.db, c.id);
        if (pending) throw new ApplicationPending(c.code, pending.id);
        applied = { from_grade: c.grade, to_grade: outcome.to, ...applyGrade(ctx, c, outcome.to, null, `${month} 评审 ${score} 分，归入一般客户 / reviewed ${score} in ${month}: general customer`) };
        kind = 'applied';
        break;
      }
      case 'none':
        break;
    }
    return {
      id,
      code: applied?.code ?? c.code,
      name: c.name,
      month,
      score,
      band,
      factors,
      breakdown: model && factors ? model.factors.map((f) => ({ key: f.key, label_zh: f.zh, label_en: f.en, weight: f.weight, score: factors[f.key]!, points: Math.round(factors[f.key]! * f.weight) / 100 })) : null,
      model_name: model?.name ?? null,
      current_grade: c.grade,
      status: c.status,
      below_standard: rule ? { months: run, required: rule.months, threshold: rule.threshold } : null,
      outcome: kind,
      application,
      applied,
      reviewer: ctx.operator,
    };
  });
}

export interface DesignationResult {
  code: string;
  name: string;
  application: ApplicationSummary;
}

/** Opens an application to make a customer an image customer (形象客户, X): sales and market managers approve. */
export function designateImage(ctx: AppContext, input: { code: string }): DesignationResult {
  return writeTx(ctx.db, () => {
    const c = findCustomer(ctx, input.code);
    if (c.grade === 'X') throw new AlreadyImage(c.code);
    const application = openApplication(ctx, c, 'designate', 'X', requiredApprovers('X', c.status), null);
    return { code: c.code, name: c.name, application };
  });
}

// ───────────── approvals ─────────────

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
  /** The application's status after this step. */
  status: store.ApplicationStatus;
  waiting_for: Role[];
}

function parseId(input: string): number {
  const t = input.normalize('NFKC').trim().replace(/^#/, '');
  if (!/^\d{1,12}$/.test(t) || Number(t) < 1) throw new InvalidValue('ID', input, undefined, 'an application number (kehu approvals)');
  return Number(t);
}

function waitingRoles(app: store.ApplicationRow, approvals: store.ApprovalRow[]): Role[] {
  const given = new Set(approvals.map((a) => a.role));
  return (JSON.parse(app.required_roles) as Role[]).filter((r) => !given.has(r));
}

/** Checks one approval step and picks the role it is given in; throws and changes nothing when refused. */
function checkStep(ctx: AppContext, idInput: string, roleInput: string | undefined): { app: store.ApplicationRow; role: Role; waiting: Role[] } {
  const id = parseId(idInput);
  const app = store.applicationById(ctx.db, id);
  if (!app) throw new ApplicationNotFound(idInput.trim());
  if (app.status !== 'pending') throw new ApplicationDecided(app.id, app.status);
  const user = userByName(ctx.db, ctx.operator);
  if (!user) throw new UnknownUser(ctx.operator);
  const approvals = store.approvalsOf(ctx.db, app.id);
  if (approvals.some((a) => a.approver === user.name)) throw new AlreadyApproved(user.name, app.id);
  const waiting = waitingRoles(app, approvals);
  const wanted = optionalEnum(ROLES, roleInput);
  const candidates = waiting.filter((r) => user.roles.includes(r) && (wanted === undefined || r === wanted));
  const role = candidates[0];
  if (role === undefined) throw new NotAnApprover(user.name, app.id, waiting, user.roles);
  return { app, role, waiting };
}

/** Approves an application in one role the user holds; the last required approval applies the grade change. */
export function approve(ctx: AppContext, input: { id: string; note?: string | undefined; role?: string | undefined }): DecisionResult {
  const note = optionalText(input.note, '--note', 1000) ?? null;
  return writeTx(ctx.db, () => {
    const { app, role, waiting } = checkStep(ctx, input.id, input.role);
    const date = today(ctx);
    store.insertApproval(ctx.db, { application_id: app.id, approver: ctx.operator, role, decision: 'approve', note, date });
    const left = waiting.filter((r) => r !== role);
    const c = customerById(ctx.db, app.customer_id)!;
    let code = c.code;
    if (left.length === 0) {
      store.decideApplication(ctx.db, app.id, 'approved', date);
      const what = app.kind === 'upgrade' ? '升级 / upgrade' : app.kind === 'downgrade' ? '降级 / downgrade' : '形象客户 / image designation';
      code = applyGrade(ctx, c, app.to_grade, app.id, `${what} #${app.id}`).code;
    }
    return {
      id: app.id, code, former_code: c.code, name: c.name, kind: app.kind, from_grade: app.from_grade, to_grade: app.to_grade,
      decision: 'approve', approver: ctx.operator, role, note, status: left.length === 0 ? 'approved' : 'pending', waiting_for: left,
    };
  });
}

/** Rejects an application in one role the user holds: one rejection decides it; the grade stays. */
export function reject(ctx: AppContext, input: { id: string; reason?: string | undefined; role?: string | undefined }): DecisionResult {
  const reason = requiredText(input.reason, '--reason', 1000);
  return writeTx(ctx.db, () => {
    const { app, role, waiting } = checkStep(ctx, input.id, input.role);
    const date = today(ctx);
    store.insertApproval(ctx.db, { application_id: app.id, approver: ctx.operator, role, decision: 'reject', note: reason, date });
    store.decideApplication(ctx.db, app.id, 'rejected', date);
    const c = customerById(ctx.db, app.customer_id)!;
    return {
      id: app.id, code: c.code, former_code: c.code, name: c.name, kind: app.kind, from_grade: app.from_grade, to_grade: app.to_grade,
      decision: 'reject', approver: ctx.operator, role, note: reason, status: 'rejected', waiting_for: waiting.filter((r) => r !== role),
    };
  });
}

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
export function pendingApprovals(ctx: AppContext, input: { all?: boolean | undefined } = {}): PendingApplication[] {
  const user = input.all ? undefined : userByName(ctx.db, ctx.operator);
  if (!input.all && !user) throw new UnknownUser(ctx.operator);
  const out: PendingApplication[] = [];
  for (const app of store.pendingApplications(ctx.db)) {
    const approvals = store.approvalsOf(ctx.db, app.id);
    const waiting = waitingRoles(app, approvals);
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
      required_roles: JSON.parse(app.required_roles) as Role[],
      approved_by: approvals.filter((a) => a.decision === 'approve').map((a) => ({ approver: a.approver, role: a.role, date: a.date, note: a.note })),
      waiting_for: waiting,
      scores,
    });
  }
  return out;
}

// ───────────── potential-VIP progress (潜在VIP客户开发进度表, §7.2.3) ─────────────

export interface PotentialVipGroup {
  start: number;
  end: number;
  added: number;
  lost: number;
}

export interface PotentialVipCustomer {
  code: string;
  name: string;
  owner: string | null;
  stage: number | null;
}

export interface PotentialVipReport {
  month: string;
  start_date: string;
  end_date: string;
  start_count: number;
  end_count: number;
  added_count: number;
  lost_count: number;
  by_owner: (PotentialVipGroup & { owner: string | null })[];
  by_stage: (PotentialVipGroup & { stage: number | null })[];
  added: PotentialVipCustomer[];
  lost: PotentialVipCustomer[];
  customers: PotentialVipCustomer[];
}

/** Replays a history to the value it had at the end of a day; before the first change, its from value. */
function valueAt<V>(events: readonly { from: V | null; to: V; date: string }[] | undefined, date: string, current: V): V {
  if (!events?.length) return current;
  let v: V | undefined;
  for (const e of events) if (e.date <= date) v = e.to;
  if (v !== undefined) return v;
  return events[0]!.from ?? current;
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K, out: Map<K, T[]> = new Map()): Map<K, T[]> {
  for (const i of items) {
    const k = key(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

/**
 * How many potential VIP customers (A, status b) there were at the start and end of a month, who
 * became one and who stopped being one, by owner and development stage. The state at a date is
 * replayed from grade_history and status_history; a customer exists from its created_on.
 */
export function potentialVipReport(ctx: AppContext, input: { month?: string | undefined }): PotentialVipReport {
  const current = monthOf(today(ctx));
  const month = input.month === undefined ? monthOf(addMonths(`${current}-01`, -1)) : parseMonth(input.month);
  if (month > current) throw new InvalidValue('--month', input.month!, undefined, `not after this month (${current})`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const startDate = `${month}-01`;
  const dayBefore = prevDay(startDate);
  const endDate = `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
  const facts = store.customersCreatedBy(ctx.db, endDate);
  const grades = groupBy(store.allGradeHistory(ctx.db).map((g) => ({ id: g.customer_id, from: g.from_grade, to: g.to_grade, date: g.date })), (g) => g.id);
  const statuses = groupBy(store.allStatusHistory(ctx.db).map((s) => ({ id: s.customer_id, from: s.from_status, to: s.to_status, date: s.date })), (s) => s.id);
  const stages = groupBy(store.allVisitStages(ctx.db), (v) => v.customer_id);
  const isPvip = (f: store.HistoryFacts, date: string): boolean =>
    f.created_on <= date && valueAt(grades.get(f.id), date, f.grade) === 'A' && valueAt(statuses.get(f.id), date, f.status) === 'b';
  const stageAt = (f: store.HistoryFacts, date: string): number | null => {
    const visits = stages.get(f.id);
    if (!visits?.length) return f.stage;
    let s: number | null = null;
    for (const v of visits) if (v.visited_at.slice(0, 10) <= date) s = v.stage;
    return s;
  };
  const view = (f: store.HistoryFacts, date: string): PotentialVipCustomer => ({ code: f.code, name: f.name, owner: f.owner, stage: stageAt(f, date) });
  const atStart = facts.filter((f) => isPvip(f, dayBefore));
  const atEnd = facts.filter((f) => isPvip(f, endDate));
  const startIds = new Set(atStart.map((f) => f.id));
  const endIds = new Set(atEnd.map((f) => f.id));
  const added = atEnd.filter((f) => !startIds.has(f.id));
  const lost = atStart.filter((f) => !endIds.has(f.id));
  const tally = <K>(key: (f: store.HistoryFacts, date: string) => K): Map<K, PotentialVipGroup> => {
    const groups = new Map<K, PotentialVipGroup>();
    const bump = (f: store.HistoryFacts, date: string, field: keyof PotentialVipGroup): void => {
      const k = key(f, date);
      const g = groups.get(k) ?? { start: 0, end: 0, added: 0, lost: 0 };
      g[field]++;
      groups.set(k, g);
    };
    for (const f of atStart) bump(f, dayBefore, 'start');
    for (const f of atEnd) bump(f, endDate, 'end');
    for (const f of added) bump(f, endDate, 'added');
    for (const f of lost) bump(f, dayBefore, 'lost');
    return groups;
  };
  const nullsLast = <K extends string | number>(a: K | null, b: K | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  return {
    month,
    start_date: startDate,
    end_date: endDate,
    start_count: atStart.length,
    end_count: atEnd.length,
    added_count: added.length,
    lost_count: lost.length,
    by_owner: [...tally((f) => f.owner)].map(([owner, g]) => ({ owner, ...g })).sort((a, b) => nullsLast(a.owner, b.owner)),
    by_stage: [...tally(stageAt)].map(([stage, g]) => ({ stage, ...g })).sort((a, b) => nullsLast(a.stage, b.stage)),
    added: added.map((f) => view(f, endDate)),
    lost: lost.map((f) => view(f, dayBefore)),
    customers: atEnd.map((f) => view(f, endDate)),
  };
}

function prevDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

// ───────────── demo ─────────────

/** The months from `count - 1` months before `month` up to it. */
function monthsEnding(month: string, count: number): string[] {
  const out = [month];
  while (out.length < count) out.unshift(monthOf(addMonths(`${out[0]!}-01`, -1)));
  return out;
}

function between(rnd: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

/**
 * Gives the demo database 8 months of reviews of its A and B customers, ending with the month of
 * `day`: mostly at standard, some formal A slipping ("k of 6"), one formal A whose 6-month run was
 * reached and approved, one reached and partly approved, a formal B with its 3-month run pending,
 * and upgrades waiting for approval. Uses the demo users 刘洋, 赵雪 and 孙伟 as approvers.
 */
export function demoReviews(ctx: AppContext, rnd: () => number, day: string): void {
  const months = monthsEnding(monthOf(day), 8);
  const rows = store.gradedCustomers(ctx.db);
  type Plan = (i: number) => number;
  const plans = new Map<number, { plan: Plan; approve?: { month: number; by: string[] } }>();
  // The showcase runs need customers that existed through all eight months.
  const old = rows.filter((r) => monthOf(r.created_on) <= months[0]!);
  const formalA = old.filter((r) => r.grade === 'A' && r.status === 'a');
  const formalB = old.filter((r) => r.grade === 'B' && r.status === 'a');
  const potentialB = old.filter((r) => r.grade === 'B' && r.status === 'b');
  const low = (lo: number, hi: number): number => between(rnd, lo, hi);
  // Month indexes 0..7; the last is the month of `day`.
  if (formalA[0]) plans.set(formalA[0].id, { plan: (i) => (i >= 1 ? low(66, 78) : low(81, 92)), approve: { month: 6, by: ['刘洋', '赵雪', '孙伟'] } });
  if (formalA[1]) plans.set(formalA[1].id, { plan: (i) => (i >= 2 ? low(64, 78) : low(82, 90)), approve: { month: 7, by: ['刘洋'] } });
  for (const r of formalA.slice(2, 5)) {
    const k = between(rnd, 2, 4);
    plans.set(r.id, { plan: (i) => (i >= 8 - k ? low(70, 79) : low(80, 95)) });
  }
  if (formalB[0]) plans.set(formalB[0].id, { plan: (i) => (i >= 5 ? low(45, 58) : low(62, 75)) });
  if (formalB[1]) plans.set(formalB[1].id, { plan: (i) => (i === 7 ? low(82, 88) : low(65, 78)), approve: { month: 7, by: ['刘洋', '赵雪'] } });
  if (potentialB[0]) plans.set(potentialB[0].id, { plan: (i) => (i === 7 ? low(80, 86) : low(62, 76)) });
  for (const [i, month] of months.entries()) {
    const at = i === months.length - 1 ? day : `${month}-${String(between(rnd, 20, 28))}`;
    const when: AppContext = { ...ctx, operator: '张敏', now: new Date(`${at}T10:00:00+08:00`) };
    for (const r of rows) {
      if (monthOf(r.created_on) > month) continue;
      const p = plans.get(r.id);
      // Potential VIPs are judged by development value, so they score widely; others stay in their band.
      const score = p ? p.plan(i) : r.grade === 'A' ? (r.status === 'b' ? low(55, 90) : low(80, 96)) : low(61, 79);
      const factors = factorScores(rnd, score);
      const result = reviewGrade(when, { code: r.code, factors, month });
      r.code = result.code;
      if (p?.approve && p.approve.month === i && result.application) {
        for (const by of p.approve.by) approve({ ...when, operator: by }, { id: String(result.application.id), note: '同意 / agreed' });
        r.code = customerById(ctx.db, r.id)!.code;
      }
    }
  }
}

/** Factor scores near a target total, adjusted so the weighted model gives exactly that total. */
function factorScores(rnd: () => number, total: number): string[] {
  const model = loadGradeModel();
  const scores = model.factors.map(() => Math.max(0, Math.min(100, total + between(rnd, -8, 8))));
  // Correct the largest-weight factor so Σ score × weight = total × 100 as nearly as whole numbers allow.
  const rest = model.factors.slice(1).reduce((s, f, i) => s + scores[i + 1]! * f.weight, 0);
  const first = model.factors[0]!;
  scores[0] = Math.max(0, Math.min(100, Math.round((total * 100 - rest) / first.weight)));
  const byKey = (): Record<string, number> => Object.fromEntries(model.factors.map((f, i) => [f.key, scores[i]!]));
  // Whole-number factors can miss the total by a fraction; never let that cross a band boundary.
  for (let guard = 0; guard < 5 && bandOf(weightedScore(model, byKey())) !== bandOf(total); guard++) {
    scores[0] = Math.max(0, Math.min(100, scores[0] + (weightedScore(model, byKey()) < total ? 1 : -1)));
  }
  return model.factors.map((f, i) => `${f.key}=${scores[i]}`);
}
