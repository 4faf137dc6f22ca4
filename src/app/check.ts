// kehu check: SQLite's integrity check, the store's own invariants, and that every stored timeline (status,
// grade and code history, and the customer row's status, grade, code and dates) equals the one its facts give.

import { customerTimeline, type Timeline } from '../core/timeline.js';
import { DomainError } from '../core/errors.js';
import { integrityCheck, type InvariantViolation, invariantViolations } from '../store/maintenance.js';
import { allFactBatches, differencesFrom, fillOrderRecorders, type StoredTimeline, storedTimelines } from '../store/timeline.js';
import { auditMismatches } from '../store/audit.js';
import { customerById } from '../store/customers.js';
import { seesEverything } from '../store/grants.js';
import type { AppContext } from './context.js';
import { timelineAsOf } from './timeline.js';

export class CheckFailed extends DomainError {
  constructor(problems: number) {
    super('check_failed', `${problems} problems found`, { problems });
  }
}

/** kehu check by a session that sees only some customers (a server's row-level security): its figures would not add up. */
export class CheckNeedsWholeArchive extends DomainError {
  constructor(user: string) {
    super('check_needs_whole_archive', `${user} sees only some customers; kehu check needs a session that sees them all`, { user });
  }
}

export interface CheckResult {
  integrity: string[];
  ok: boolean;
  /** The day the stored timelines were recomputed as of. */
  timeline_as_of: string;
  violations: InvariantViolation[];
  /**
   * Facts that do not sit well together, though the timeline is what they give: orders dated while the
   * customer was invalid, decisions whose change the table does not list. For a person to look at.
   */
  warnings: InvariantViolation[];
}

/** Every customer whose stored timeline is not the one its facts give; and whose facts do not sit well together. */
function timelineChecks(ctx: AppContext, asOf: string): { violations: InvariantViolation[]; warnings: InvariantViolation[] } {
  const violations: InvariantViolation[] = [];
  const warnings: InvariantViolation[] = [];
  for (const batch of allFactBatches(ctx.db)) {
    const timelines = batch.map(([, facts]) => customerTimeline(facts, asOf));
    fillOrderRecorders(ctx.db, timelines);
    const stored = storedTimelines(ctx.db, batch[0]![0], batch[batch.length - 1]![0], new Map(batch.map(([id, , row]) => [id, row])));
    batch.forEach(([id], i) => compare(id, timelines[i]!, stored.get(id)!));
  }
  return { violations, warnings };

  function compare(id: number, t: Timeline, stored: StoredTimeline): void {
    const differences = differencesFrom(stored, t);
    if (t.conflicts.length === 0 && differences.length === 0) return;
    const code = customerById(ctx.db, id)?.code ?? String(id);
    for (const c of t.conflicts) {
      warnings.push({
        check: 'timeline_facts',
        code,
        detail: c.kind === 'order_on_invalid' ? `order ${c.orderId} dated ${c.date} while invalid since ${c.invalidSince}` : `decision ${c.decisionId} on ${c.date}: ${c.from} → ${c.to}, a change the table does not list`,
      });
    }
    for (const d of differences) violations.push({ check: 'timeline', code, detail: d });
  }
}

/** SQLite's integrity check, the store's own invariants, and the timelines against their facts. */
export function check(ctx: AppContext): CheckResult {
  if (!seesEverything(ctx.db)) throw new CheckNeedsWholeArchive(ctx.operator);
  const integrity = integrityCheck(ctx.db);
  const asOf = timelineAsOf(ctx);
  const timelines = timelineChecks(ctx, asOf);
  // Every current value of a customer is the last value its audit log records.
  const logged = auditMismatches(ctx.db).map((m) => ({ check: 'audit_log', code: m.code, detail: `${m.field} is ${JSON.stringify(m.current)}, the log's last value ${JSON.stringify(m.logged)}` }));
  const violations = [...invariantViolations(ctx.db), ...timelines.violations, ...logged];
  return { integrity, ok: integrity.length === 1 && integrity[0] === 'ok' && violations.length === 0, timeline_as_of: asOf, violations, warnings: timelines.warnings };
}
