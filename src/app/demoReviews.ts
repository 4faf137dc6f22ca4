// The demo's eight months of grade reviews (客户资格评审表), with applications decided and pending.

import { monthOf, monthsEnding } from '../core/dates.js';
import { bandOf, weightedScore } from '../core/grade.js';
import { customerById } from '../store/customers.js';
import * as store from '../store/grades.js';
import { approve } from './approve.js';
import type { AppContext } from './context.js';
import { loadGradeModel } from './gradeModel.js';
import { reviewGrade } from './reviewGrade.js';

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
    // Reviewed and approved on their own days (--date), recorded today.
    const when: AppContext = { ...ctx, operator: '张敏' };
    for (const r of rows) {
      if (monthOf(r.created_on) > month) continue;
      const p = plans.get(r.id);
      // Potential VIPs are judged by development value, so they score widely; others stay in their band.
      const score = p ? p.plan(i) : r.grade === 'A' ? (r.status === 'b' ? low(55, 90) : low(80, 96)) : low(61, 79);
      const factors = factorScores(rnd, score);
      const result = reviewGrade(when, { code: r.code, factors, month, date: at });
      r.code = result.code;
      if (p?.approve && p.approve.month === i && result.application) {
        for (const by of p.approve.by) approve({ ...when, operator: by }, { id: String(result.application.id), note: '同意 / agreed', date: at });
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
