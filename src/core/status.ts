// The customer status lifecycle (客户状态, SPEC 2.2 / seed 002 §4): which transitions exist and what they need.

import type { ReasonCategory, Status } from './enums.js';
import { InvalidTransition, MissingValue } from './errors.js';

export interface TransitionRule {
  from: Status;
  to: Status;
  /** What a reason must contain: nothing, a reason category, or free text. */
  requires: 'none' | 'category' | 'reason';
}

/** The only allowed status changes (SPEC 2.2 table). */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'b', to: 'a', requires: 'none' },
  { from: 'b', to: 'd', requires: 'reason' },
  { from: 'a', to: 'c', requires: 'category' },
  { from: 'c', to: 'a', requires: 'none' },
  { from: 'c', to: 'd', requires: 'reason' },
  { from: 'd', to: 'b', requires: 'reason' },
];

export function allowedTargets(from: Status): Status[] {
  return TRANSITIONS.filter((t) => t.from === from).map((t) => t.to);
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
  const rule = TRANSITIONS.find((t) => t.from === from && t.to === to);
  if (!rule) throw new InvalidTransition(from, to, allowedTargets(from));
  if (rule.requires === 'category' && !reason.category) throw new MissingValue('--reason-category');
  if (rule.requires === 'reason' && !reason.category && !reason.text?.trim()) throw new MissingValue('--reason');
  return rule;
}
