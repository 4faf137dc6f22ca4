// kehu review-grade (客户资格评审表, SPEC 2.3 / seed 002 §5–§6): a dated monthly review, given as a score or
// as factor scores by the model, and what it leads to on the customer's grade and status of its day.

import { monthEnd, monthOf, monthStart, nextMonth, parseMonth } from '../core/dates.js';
import type { Grade, Status } from '../core/enums.js';
import { InvalidValue, MissingValue, ReviewExists, ReviewOutOfOrder, UsageError } from '../core/errors.js';
import { type Band, bandOf, belowStandardRun, downgradeRule, type GradeModel, matchFactor, parseScore, reviewOutcome, weightedScore } from '../core/grade.js';
import { gradeOn, gradeSince, statusOn } from '../core/timeline.js';
import * as store from '../store/grades.js';
import { type ApplicationSummary, openApplication, summaryOf } from './applications.js';
import { type AppContext, timestamp, today } from './context.js';
import { findCustomer } from './customers.js';
import { loadGradeModel } from './gradeModel.js';
import { audit } from './audit.js';
import { computeTimeline, factTx, refreshTimeline } from './timeline.js';
import { writeDate } from './validate.js';

export interface ReviewInput {
  code: string;
  score?: string | undefined;
  /** `key=score` items (repeatable `--factor`), keys or labels of the model's factors. */
  factors?: readonly string[] | undefined;
  month?: string | undefined;
  /** The day the review was made (default today, or the last day of a past month reviewed). */
  date?: string | undefined;
  /** A model file other than the shipped one. */
  model?: string | undefined;
}

export interface ReviewResult {
  id: number;
  code: string;
  name: string;
  month: string;
  date: string;
  score: number;
  band: Band;
  factors: Record<string, number> | null;
  /** Each factor's score, weight and points (score × weight / 100), when factors were given. */
  breakdown: { key: string; label_zh: string; label_en: string; weight: number; score: number; points: number }[] | null;
  model_name: string | null;
  /** The grade and status on the review's day. */
  current_grade: Grade;
  status: Status;
  /** For formal A and B: the run of consecutive below-standard months ending with this one. */
  below_standard: { months: number; required: number; threshold: number } | null;
  outcome: 'none' | 'upgrade_application' | 'downgrade_application' | 'applied';
  application: ApplicationSummary | null;
  /** A pending application this review replaced (it led to a different one). */
  superseded_application: number | null;
  /** When the review led to an application already pending (kept with its approvals), or a pending image designation made it wait: that one. */
  pending_application: number | null;
  /** When the grade changed at once (C, §6.4): the new grade and code. */
  applied: { from_grade: Grade; to_grade: Grade; code: string; former_code: string } | null;
  reviewer: string;
}

function parseFactors(model: GradeModel, items: readonly string[]): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const item of items.flatMap((i) => i.split(/[,，]/)).filter((i) => i.trim() !== '')) {
    const m = /^\s*([^=＝:：]+?)\s*[=＝:：]\s*(.+?)\s*$/.exec(item);
    if (!m) throw new InvalidValue('--factor', item, undefined, { zh: '写成 因素=分数，如 purchase=90', en: 'KEY=SCORE, e.g. purchase=90' });
    const f = matchFactor(model, m[1]!);
    if (!f) throw new InvalidValue('--factor', m[1]!, model.factors.map((x) => x.key));
    if (scores[f.key] !== undefined) throw new InvalidValue('--factor', item, undefined, { zh: `${f.key} 只给一次`, en: `${f.key} given once` });
    scores[f.key] = parseScore(m[2]!, `--factor ${f.key}`);
  }
  return scores;
}

/** The month reviewed and the day of the review, from either or both options. */
function monthAndDate(ctx: AppContext, input: ReviewInput): { month: string; date: string } {
  const current = monthOf(today(ctx));
  const given = input.date === undefined ? undefined : writeDate(ctx, input.date);
  const month = input.month === undefined ? monthOf(given ?? today(ctx)) : parseMonth(input.month);
  if (month > current) throw new InvalidValue('--month', input.month!, undefined, { zh: `不晚于本月（${current}）`, en: `not after this month (${current})` });
  const date = given ?? (month === current ? today(ctx) : monthEnd(month));
  if (date < monthStart(month)) throw new InvalidValue('--date', input.date!, undefined, { zh: `在评审的月份（${month}）之内或之后`, en: `in or after the month reviewed (${month})` });
  return { month, date };
}

/**
 * Records a monthly review and acts on it (SPEC 2.3) by the grade and status of its day: an upgrade
 * application, a downgrade application once the below-standard run is reached (months count from the
 * grade's decision), or a C reclassification at once. One review per customer per month, in month order.
 * A pending application never blocks it: the same application is kept, a different one supersedes it,
 * and a pending image designation makes the review open nothing.
 */
export function reviewGrade(ctx: AppContext, input: ReviewInput): ReviewResult {
  const hasScore = input.score !== undefined && input.score.trim() !== '';
  const hasFactors = (input.factors?.length ?? 0) > 0;
  if (hasScore && hasFactors) throw new UsageError('score_and_factors', 'Give --score or --factor, not both', {});
  if (!hasScore && !hasFactors) throw new MissingValue('--score / --factor');
  const { month, date } = monthAndDate(ctx, input);
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
  return factTx(ctx, () => {
    const c = findCustomer(ctx, input.code);
    if (store.reviewOf(ctx.db, c.id, month)) throw new ReviewExists(c.code, month);
    const latest = store.latestReviewMonth(ctx.db, c.id);
    if (latest !== undefined && latest > month) throw new ReviewOutOfOrder(c.code, month, latest);
    const t = computeTimeline(ctx, c.id);
    const grade = gradeOn(t, date);
    const status = statusOn(t, date);
    const id = store.insertReview(ctx.db, {
      customer_id: c.id,
      month,
      date,
      score,
      band,
      factors: factors ? JSON.stringify(factors) : null,
      model: model ? JSON.stringify(model) : null,
      reviewer: ctx.operator,
      recorded_at: timestamp(ctx),
      applied_grade: null,
    });
    const rule = downgradeRule(grade, status);
    let run = 0;
    if (rule) {
      const since = gradeSince(t, date);
      run = belowStandardRun(store.reviewsUpTo(ctx.db, c.id, month, rule.months + 1), month, rule, since === undefined ? undefined : nextMonth(monthOf(since)));
    }
    const outcome = reviewOutcome(grade, status, band, run);
    const pending = store.pendingApplicationOf(ctx.db, c.id);
    let application: ApplicationSummary | null = null;
    let applied: ReviewResult['applied'] = null;
    let kind: ReviewResult['outcome'] = 'none';
    let superseded: number | null = null;
    let waitingOn: number | null = null;
    const replacePending = (): void => {
      if (!pending) return;
      store.decideApplication(ctx.db, pending.id, 'superseded', date);
      superseded = pending.id;
    };
    if (outcome.kind !== 'none' && pending?.kind === 'designate') {
      waitingOn = pending.id;
    } else if (outcome.kind === 'upgrade' || outcome.kind === 'downgrade') {
      kind = outcome.kind === 'upgrade' ? 'upgrade_application' : 'downgrade_application';
      if (pending && pending.kind === outcome.kind && pending.to_grade === outcome.to) {
        application = summaryOf(pending);
        waitingOn = pending.id;
      } else {
        replacePending();
        application = openApplication(ctx, c, outcome.kind, grade, outcome.to, outcome.roles, id, date);
      }
    } else if (outcome.kind === 'apply') {
      replacePending();
      store.setReviewApplied(ctx.db, id, outcome.to);
      const after = refreshTimeline(ctx, c.id);
      audit(ctx, { customerId: c.id, entity: 'customer', action: 'grade', field: 'grade', old: grade, new: outcome.to, reason: `${month}: ${score}`, date });
      applied = { from_grade: grade, to_grade: outcome.to, code: after.code, former_code: c.code };
      kind = 'applied';
    }
    return {
      id,
      code: applied?.code ?? c.code,
      name: c.name,
      month,
      date,
      score,
      band,
      factors,
      breakdown: model && factors ? model.factors.map((f) => ({ key: f.key, label_zh: f.zh, label_en: f.en, weight: f.weight, score: factors[f.key]!, points: Math.round(factors[f.key]! * f.weight) / 100 })) : null,
      model_name: model?.name ?? null,
      current_grade: grade,
      status,
      below_standard: rule ? { months: run, required: rule.months, threshold: rule.threshold } : null,
      outcome: kind,
      application,
      superseded_application: superseded,
      pending_application: waitingOn,
      applied,
      reviewer: ctx.operator,
    };
  });
}
