// kehu set-status (客户状态, SPEC 2.2): a manual status decision, dated. It stands: an order after it wins
// the customer back, an order before it does not undo it. Refused when the status on its date (by the
// facts recorded so far) does not allow it; what it does to facts after it is reported, not refused.

import { REASON_CATEGORIES, type ReasonCategory, type Status, STATUSES } from '../core/enums.js';
import { InvalidTransition, MissingValue } from '../core/errors.js';
import { allowedTargets, assertDecision } from '../core/status.js';
import type { AppContext } from './context.js';
import { findCustomer } from './customers.js';
import { audit } from './audit.js';
import { recordDecision } from './record.js';
import { computeTimeline, factTx, refreshTimeline, type TimelineWarning, warningsOf } from './timeline.js';
import { optionalEnum, optionalText, parseEnum, writeDate } from './validate.js';

export interface StatusChangeResult {
  code: string;
  former_code: string;
  from_status: Status;
  to_status: Status;
  date: string;
  reason_category: ReasonCategory | null;
  reason: string | null;
  operator: string;
  /** What the decision did to facts recorded after it (orders now dated while invalid, decisions the table does not list). */
  warnings: TimelineWarning[];
}

export function setStatus(
  ctx: AppContext,
  input: { code: string; status?: string | undefined; reasonCategory?: string | undefined; reason?: string | undefined; date?: string | undefined },
): StatusChangeResult {
  if (!input.status?.trim()) throw new MissingValue('STATUS');
  const to = parseEnum(STATUSES, input.status, 'STATUS');
  const category = optionalEnum(REASON_CATEGORIES, input.reasonCategory);
  const reason = optionalText(input.reason, '--reason', 1000) ?? null;
  const date = writeDate(ctx, input.date);
  return factTx(ctx, () => {
    const c = findCustomer(ctx, input.code);
    const id = recordDecision(ctx, c.id, { date, to, category: category ?? null, reason });
    // The status on its date comes from the timeline with the decision in it: the facts before it decide.
    const { outcome, from } = computeTimeline(ctx, c.id).decisions.get(id)!;
    if (outcome !== 'applied') throw new InvalidTransition(from, to, allowedTargets(from));
    assertDecision(from, to, category, reason ?? undefined, input.reasonCategory);
    const t = refreshTimeline(ctx, c.id);
    audit(ctx, { customerId: c.id, entity: 'customer', action: 'status', field: 'status', old: from, new: to, reason: [category, reason].filter(Boolean).join(': ') || null, date });
    return { code: t.code, former_code: c.code, from_status: from, to_status: to, date, reason_category: category ?? null, reason, operator: ctx.operator, warnings: warningsOf(t, { decisionId: id }) };
  });
}
