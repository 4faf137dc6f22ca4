// The customer status lifecycle (客户状态, SPEC 2.2 / seed 002 §4): which transitions exist, what they need,
// and which changes an order causes. Manual decisions and order-caused changes go through this one table.

import type { ReasonCategory, Status } from './enums.js';
import { InvalidTransition, InvalidValue, MissingValue } from './errors.js';

export interface TransitionRule {
  from: Status;
  to: Status;
  /** What a reason must contain: nothing, a reason category, or free text. */
  requires: 'none' | 'category' | 'reason';
  /** The order-caused change this transition is, when an order makes it. */
  byOrder?: 'first_order' | 'win_back';
}

/** The only allowed status changes (SPEC 2.2 table). */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'b', to: 'a', requires: 'none', byOrder: 'first_order' },
  { from: 'b', to: 'd', requires: 'reason' },
  { from: 'a', to: 'c', requires: 'category' },
  { from: 'c', to: 'a', requires: 'none', byOrder: 'win_back' },
  { from: 'c', to: 'd', requires: 'reason' },
  { from: 'd', to: 'b', requires: 'reason' },
];

/** Categories that explain a loss (→ c) and a disqualification (→ d); d → b is re-qualified (SPEC 2.2). */
export const REASON_CATEGORIES_FOR: Readonly<Record<Status, readonly ReasonCategory[]>> = {
  a: [],
  b: ['requalified', 'other'],
  c: ['price', 'quality', 'delivery', 'service', 'competitor', 'customer-business', 'personnel', 'no-order-6m', 'other'],
  d: ['no-need', 'not-qualified', 'given-up', 'other'],
};

export function allowedTargets(from: Status): Status[] {
  return TRANSITIONS.filter((t) => t.from === from).map((t) => t.to);
}

export function transitionRule(from: Status, to: Status): TransitionRule | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

/**
 * Checks a status change against the table. Throws InvalidTransition naming the allowed targets,
 * or MissingValue when the reason category or reason the change needs is absent.
 */
export function assertTransition(
  from: Status,
  to: Status,
  reason: { category?: ReasonCategory | undefined; text?: string | undefined } = {},
): TransitionRule {
  const rule = transitionRule(from, to);
  if (!rule) throw new InvalidTransition(from, to, allowedTargets(from));
  if (rule.requires === 'category' && !reason.category) throw new MissingValue('--reason-category');
  if (rule.requires === 'reason' && !reason.category && !reason.text?.trim()) throw new MissingValue('--reason');
  return rule;
}

/**
 * Everything a manual decision (set-status) must carry, beyond the table: → c and → d name a reason
 * category from their own set, → d and d → b give the reason in words too.
 */
export function assertDecision(from: Status, to: Status, category: ReasonCategory | undefined, text: string | undefined, categoryInput?: string): TransitionRule {
  const rule = assertTransition(from, to, { category, text });
  if ((to === 'c' || to === 'd') && !category) throw new MissingValue('--reason-category');
  const allowed = REASON_CATEGORIES_FOR[to];
  if (category && (to === 'c' || to === 'd') && !allowed.includes(category)) throw new InvalidValue('--reason-category', categoryInput ?? category, [...allowed]);
  if (rule.requires === 'reason' && !text?.trim()) throw new MissingValue('--reason');
  return rule;
}

/** What an order does to a customer of a status: first order (b → a), win-back (c → a), nothing (a), or refused (d). */
export function orderEffect(from: Status): TransitionRule | 'none' | 'refused' {
  if (from === 'a') return 'none';
  const rule = TRANSITIONS.find((t) => t.from === from && t.to === 'a' && t.byOrder !== undefined);
  return rule ?? 'refused';
}
