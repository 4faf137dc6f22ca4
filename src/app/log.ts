// kehu log (issue 14): the audit log, who changed what and when, with the old and new values; for one
// customer, one operator, or a span of days.

import { parseDate } from '../core/dates.js';
import { InvalidValue } from '../core/errors.js';
import { auditEntries } from '../store/audit.js';
import type { AppContext } from './context.js';
import { findCustomer } from './customers.js';
import { limitOf, optionalText } from './validate.js';

export interface LogEntry {
  id: number;
  recorded_at: string;
  date: string;
  operator: string;
  code: string | null;
  name: string | null;
  entity: string;
  key: string | null;
  action: string;
  field: string | null;
  old: string | null;
  new: string | null;
  reason: string | null;
}

export function auditLog(
  ctx: AppContext,
  input: { code?: string | undefined; by?: string | undefined; since?: string | undefined; until?: string | undefined; limit?: string | undefined },
): LogEntry[] {
  const customer = input.code === undefined ? undefined : findCustomer(ctx, input.code);
  const since = input.since === undefined ? undefined : parseDate(input.since, '--since');
  const until = input.until === undefined ? undefined : parseDate(input.until, '--until');
  if (since !== undefined && until !== undefined && until < since) throw new InvalidValue('--until', input.until!, undefined, { zh: `不早于 --since（${since}）`, en: `on or after --since (${since})` });
  const limit = limitOf(input.limit);
  const by = optionalText(input.by, '--by', 50);
  return auditEntries(ctx.db, { customerId: customer?.id, by, since, until, limit }).map((r) => ({
    id: r.id,
    recorded_at: r.recorded_at,
    date: r.date,
    operator: r.operator,
    // A purged customer is gone: its purge entry names it by the code it had.
    code: r.code ?? (r.action === 'purge' ? r.entity_key : null),
    name: r.name,
    entity: r.entity,
    key: r.entity_key,
    action: r.action,
    field: r.field,
    old: r.old_value,
    new: r.new_value,
    reason: r.reason,
  }));
}
