// Writing the audit log from the use cases: every change with its operator, time, day and old and new
// values, in the transaction of the change (kehu log reads it; kehu check verifies it).

import { AUDITED_CUSTOMER_FIELDS, type AuditAction, type AuditEntity, insertAudit } from '../store/audit.js';
import { type AppContext, timestamp, today } from './context.js';

export interface AuditEntry {
  customerId: number | null;
  entity: AuditEntity;
  /** Which contact, visit, order or user: its id, number or name. */
  key?: string | number | null | undefined;
  action: AuditAction;
  field?: string | null | undefined;
  old?: unknown;
  new?: unknown;
  reason?: string | null | undefined;
  /** The day the change takes effect (--date); today when absent. */
  date?: string | undefined;
}

/** A value as the log keeps it: text, or null for no value. */
export function auditValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function audit(ctx: AppContext, e: AuditEntry): void {
  insertAudit(ctx.db, {
    recorded_at: timestamp(ctx),
    date: e.date ?? today(ctx),
    operator: ctx.operator,
    customer_id: e.customerId,
    entity: e.entity,
    entity_key: e.key === undefined || e.key === null ? null : String(e.key),
    action: e.action,
    field: e.field ?? null,
    old_value: auditValue(e.old),
    new_value: auditValue(e.new),
    reason: e.reason ?? null,
  });
}

/** A record's fields as a JSON object of those that have a value (a create or remove entry's snapshot). */
export function snapshot(row: Record<string, unknown>, fields: readonly string[]): string {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (row[f] !== null && row[f] !== undefined) out[f] = row[f];
  return JSON.stringify(out);
}

export function customerSnapshot(row: Record<string, unknown>): string {
  return snapshot(row, AUDITED_CUSTOMER_FIELDS);
}

/** One edit entry per field whose value changes; returns the fields that changed. */
export function auditChanges(
  ctx: AppContext,
  base: Omit<AuditEntry, 'field' | 'old' | 'new' | 'action'> & { action?: AuditAction },
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const changed: string[] = [];
  for (const field of Object.keys(after)) {
    const was = auditValue(before[field]);
    const now = auditValue(after[field]);
    if (was === now) continue;
    changed.push(field);
    audit(ctx, { ...base, action: base.action ?? 'edit', field, old: was, new: now });
  }
  return changed;
}
