// Grade reviews (客户资格评审表, SPEC 2.3 / seed 002 §5–§6): the score model, bands, approvers and downgrade runs.

import { type Grade, type Role, ROLES, type Status } from './enums.js';
import { previousMonth } from './dates.js';
import { InvalidGradeModel, InvalidValue, MissingFactors } from './errors.js';

/** One factor of the weighted evaluation model (评估模型, seed 001 §五). */
export interface GradeFactor {
  key: string;
  zh: string;
  en: string;
  /** Percentage points; the weights of a model sum to 100. */
  weight: number;
}

export interface GradeModel {
  name: string;
  factors: GradeFactor[];
}

/** The default model: our choice, since §6.5's 《客户等级划分方案》 is not in the seeds. */
export const DEFAULT_GRADE_MODEL: GradeModel = {
  name: 'default',
  factors: [
    { key: 'purchase', zh: '采购额', en: 'purchase volume', weight: 30 },
    { key: 'payment', zh: '付款及时性', en: 'payment record', weight: 20 },
    { key: 'growth', zh: '发展潜力', en: 'growth potential', weight: 15 },
    { key: 'influence', zh: '行业影响力', en: 'industry influence', weight: 15 },
    { key: 'stability', zh: '合作稳定性', en: 'cooperation stability', weight: 10 },
    { key: 'credit', zh: '信用', en: 'credit', weight: 10 },
  ],
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a parsed model file: named factors with unique snake-case keys, labels, whole weights summing to 100. */
export function validateGradeModel(raw: unknown, source = 'grade model'): GradeModel {
  const bad = (problem: string): never => {
    throw new InvalidGradeModel(source, problem);
  };
  if (!isRecord(raw)) return bad('not a JSON object');
  const name = raw.name === undefined ? 'custom' : raw.name;
  if (typeof name !== 'string' || name.trim() === '') return bad('"name" must be a non-empty string');
  if (!Array.isArray(raw.factors) || raw.factors.length === 0) return bad('"factors" must be a non-empty list');
  const factors: GradeFactor[] = [];
  const seen = new Set<string>();
  for (const [i, f] of (raw.factors as unknown[]).entries()) {
    if (!isRecord(f)) return bad(`factor ${i + 1} is not an object`);
    const { key, zh, en, weight } = f;
    if (typeof key !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(key)) return bad(`factor ${i + 1}: "key" must be lower-case letters, digits, - or _`);
    if (seen.has(key)) return bad(`duplicate key "${key}"`);
    seen.add(key);
    if (typeof zh !== 'string' || zh.trim() === '' || typeof en !== 'string' || en.trim() === '') return bad(`factor "${key}": "zh" and "en" labels are required`);
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight <= 0 || weight > 100) return bad(`factor "${key}": "weight" must be a whole number 1–100`);
    factors.push({ key, zh, en, weight });
  }
  const sum = factors.reduce((s, f) => s + f.weight, 0);
  if (sum !== 100) return bad(`weights sum to ${sum}, not 100`);
  return { name, factors };
}

/** Finds a factor by its key or its Chinese or English label. */
export function matchFactor(model: GradeModel, input: string): GradeFactor | undefined {
  const k = input.normalize('NFKC').trim().toLowerCase();
  return model.factors.find((f) => f.key === k || f.zh === k || f.en.toLowerCase() === k);
}

/** A score 0–100 with at most two decimals, as typed (`77`, `79.5`). */
export function parseScore(input: string, option: string): number {
  const t = input.normalize('NFKC').trim();
  const n = Number(t);
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t) || n > 100) throw new InvalidValue(option, input, undefined, { zh: '给出 0–100 的分数', en: 'a score 0–100' });
  return n;
}

/**
 * Combines factor scores by the model's weights: Σ score × weight / 100, in hundredths so
 * 90×30 + 70×20 + … is exact. Every factor must be given; unknown ones are refused.
 */
export function weightedScore(model: GradeModel, scores: Readonly<Record<string, number>>): number {
  for (const k of Object.keys(scores)) {
    if (!model.factors.some((f) => f.key === k)) throw new InvalidValue('--factor', k, model.factors.map((f) => f.key));
  }
  const missing = model.factors.filter((f) => scores[f.key] === undefined).map((f) => f.key);
  if (missing.length) throw new MissingFactors(missing);
  let hundredths = 0;
  for (const f of model.factors) hundredths += Math.round(scores[f.key]! * 100) * f.weight;
  return Math.round(hundredths / 100) / 100;
}

export type Band = 'A' | 'B' | 'C';

/** ≥ 80 A, 60–79 B, below 60 C (§5.2.1, §5.3.1, §5.4). X is designated, never a band. */
export function bandOf(score: number): Band {
  if (score >= 80) return 'A';
  if (score >= 60) return 'B';
  return 'C';
}

const RANK: Record<Band, number> = { C: 1, B: 2, A: 3 };

export function isAbove(band: Band, grade: Grade): boolean {
  return grade !== 'X' && RANK[band] > RANK[grade];
}

/**
 * Who approves a move to a grade (§6.2.1, §6.3.1, §6.3.3, §6.4): formal VIP needs the three managers,
 * potential VIP and B the sales and market managers, C none (applied at once), X image sales and market.
 */
export function requiredApprovers(target: Grade, status: Status): Role[] {
  switch (target) {
    case 'A':
      return status === 'a' ? ['sales-manager', 'market-manager', 'general-manager'] : ['sales-manager', 'market-manager'];
    case 'B':
    case 'X':
      return ['sales-manager', 'market-manager'];
    case 'C':
      return [];
  }
}

/** Roles without repeats, in the order ROLES lists them, so that stored and shown lists compare equal. */
export function inRoleOrder(roles: Iterable<Role>): Role[] {
  const wanted = new Set(roles);
  return ROLES.members.map((m) => m.value).filter((r) => wanted.has(r));
}

/**
 * Who approves an application moving a customer from one grade to another while it has a status: the
 * approvers of the grade it moves to and of the grade it leaves, so that leaving formal VIP (a downgrade
 * or an image designation of an `Aa` customer) needs the general manager as reaching it does (§6.2.1,
 * §6.2.2). Decided by the status when the last approval is given (SPEC 2.3).
 */
export function approversFor(from: Grade, to: Grade, status: Status): Role[] {
  return inRoleOrder([...requiredApprovers(from, status), ...requiredApprovers(to, status)]);
}

/** A formal VIP (正式VIP客户, §5.2.1): grade A while cooperating; only the general manager confirms one. */
export function isFormalVip(grade: Grade, status: Status): boolean {
  return grade === 'A' && status === 'a';
}

/** The run of reviews that takes a grade away: formal A below 80 for 6 months (§6.2.2), formal B below 60 for 3 (§6.3.2). */
export interface DowngradeRule {
  threshold: number;
  months: number;
}

export function downgradeRule(grade: Grade, status: Status): DowngradeRule | undefined {
  if (status !== 'a') return undefined;
  if (grade === 'A') return { threshold: 80, months: 6 };
  if (grade === 'B') return { threshold: 60, months: 3 };
  return undefined;
}

/**
 * How many consecutive calendar months, ending with `month`, have a review below the threshold.
 * A month with no review, or one at standard, ends the run; months before `since` do not count.
 */
export function belowStandardRun(reviews: readonly { month: string; score: number }[], month: string, rule: DowngradeRule, since?: string): number {
  const byMonth = new Map(reviews.map((r) => [r.month, r.score]));
  let run = 0;
  for (let m = month; since === undefined || m >= since; m = previousMonth(m)) {
    const s = byMonth.get(m);
    if (s === undefined || s >= rule.threshold) break;
    run++;
  }
  return run;
}

/** What a review leads to. */
export type ReviewOutcome =
  | { kind: 'none' }
  | { kind: 'upgrade'; to: Band; roles: Role[] }
  | { kind: 'downgrade'; to: Band; roles: Role[] }
  | { kind: 'apply'; to: Band };

/**
 * Decides what a review of a customer leads to, given the below-standard run it completes:
 * an upgrade application, a downgrade application once the run is reached, a C reclassification
 * of a non-formal B at once (§6.4), or nothing. X customers and lost or invalid ones are only recorded.
 */
export function reviewOutcome(grade: Grade, status: Status, band: Band, run: number): ReviewOutcome {
  if (grade === 'X' || status === 'c' || status === 'd') return { kind: 'none' };
  if (isAbove(band, grade)) {
    const roles = approversFor(grade, band, status);
    return roles.length ? { kind: 'upgrade', to: band, roles } : { kind: 'apply', to: band };
  }
  const rule = downgradeRule(grade, status);
  if (rule) {
    if (run >= rule.months && band !== grade) return { kind: 'downgrade', to: band, roles: approversFor(grade, band, status) };
    return { kind: 'none' };
  }
  // A potential key customer assessed as general is reclassified by the assistant directly (§6.4).
  if (grade === 'B' && band === 'C') return { kind: 'apply', to: 'C' };
  return { kind: 'none' };
}

