// SQL for the audit log (kehu log): who changed what, when, and from what to what. Rows are written in the
// transaction of the change they record and never updated or deleted, but by kehu purge: a purged customer's
// rows go with it, and a personal-data purge erases the contacts' personal fields from its rows.

import { cachedStatement, type Db } from './db.js';
import { rowBuffer } from './rowBuffer.js';

export type AuditEntity = 'customer' | 'contact' | 'visit' | 'order' | 'user';

/**
 * create: a record entered (new_value a JSON snapshot of its fields); edit: one field changed; remove: a
 * contact removed (old_value its snapshot); void: a visit or order voided; move: the customer's region
 * corrected (old and new code); reassign: the owner moved by kehu reassign; status, grade: a decision's
 * change; role, deactivate: a user's roles added, a user deactivated; purge: a customer's record erased (key its
 * code, old_value its code, name, status, settlement day and rows per table, no customer id) or its contacts'
 * personal data erased (old_value the rows scrubbed).
 */
export type AuditAction = 'create' | 'edit' | 'remove' | 'void' | 'move' | 'reassign' | 'status' | 'grade' | 'role' | 'deactivate' | 'purge' | 'grant' | 'revoke';

export interface AuditRow {
  recorded_at: string;
  date: string;
  operator: string;
  customer_id: number | null;
  entity: AuditEntity;
  entity_key: string | null;
  action: AuditAction;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
}

export interface AuditEntryRow extends AuditRow {
  id: number;
  code: string | null;
  name: string | null;
}

/**
 * The customer's own fields the log follows: a customer's create entry snapshots them, every later change
 * of one is an entry, and kehu check verifies that the current values are the last ones logged.
 */
export const AUDITED_CUSTOMER_FIELDS = [
  'name', 'country', 'province', 'city', 'city_code', 'district', 'foreign_region', 'address', 'postcode', 'phone', 'fax', 'website', 'email',
  'legal_rep', 'registered_capital', 'industry', 'nature', 'type', 'credit_rating', 'supplier_structure', 'source', 'main_products',
  'years_in_business', 'owner', 'stage', 'notes',
] as const;
export type AuditedCustomerField = (typeof AUDITED_CUSTOMER_FIELDS)[number];

const AUDIT_COLUMNS = ['recorded_at', 'date', 'operator', 'customer_id', 'entity', 'entity_key', 'action', 'field', 'old_value', 'new_value', 'reason'] as const;

export function insertAudit(db: Db, r: AuditRow): void {
  const buffer = rowBuffer(db);
  if (buffer) {
    buffer.add('audit_log', AUDIT_COLUMNS, [r.recorded_at, r.date, r.operator, r.customer_id, r.entity, r.entity_key, r.action, r.field, r.old_value, r.new_value, r.reason]);
    return;
  }
  cachedStatement(
    db,
    `INSERT INTO audit_log(recorded_at, date, operator, customer_id, entity, entity_key, action, field, old_value, new_value, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.recorded_at, r.date, r.operator, r.customer_id, r.entity, r.entity_key, r.action, r.field, r.old_value, r.new_value, r.reason);
}

export interface AuditFilter {
  customerId?: number | undefined;
  by?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit?: number | undefined;
}

/** Log entries oldest first (the newest `limit` of them when given), with the customer's current code and name. */
export function auditEntries(db: Db, f: AuditFilter): AuditEntryRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown): void => {
    if (v === undefined) return;
    where.push(sql);
    params.push(v);
  };
  add('a.customer_id = ?', f.customerId);
  add('a.operator = ?', f.by);
  add('a.date >= ?', f.since);
  add('a.date <= ?', f.until);
  const inner = `SELECT a.*, c.code, c.name FROM audit_log a LEFT JOIN customers c ON c.id = a.customer_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC${f.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(f.limit))}` : ''}`;
  return db.prepare(`SELECT * FROM (${inner}) AS entries ORDER BY id`).all(...params) as AuditEntryRow[];
}

/**
 * Where a customer's current field differs from the last value its log records (its create snapshot, then
 * every edit, move and reassignment in order). Customers entered before the log began have no snapshot:
 * only the fields changed since are checked.
 */
export function auditMismatches(db: Db, limit = 20): { customer_id: number; code: string; field: string; logged: string | null; current: string | null }[] {
  const out: { customer_id: number; code: string; field: string; logged: string | null; current: string | null }[] = [];
  const rows = db
    .prepare(
      `SELECT customer_id, action, field, new_value FROM audit_log
       WHERE entity = 'customer' AND customer_id IS NOT NULL AND (action = 'create' OR (field IS NOT NULL AND action IN ('edit', 'reassign')))
       ORDER BY customer_id, id`,
    )
    .iterate() as IterableIterator<{ customer_id: number; action: string; field: string | null; new_value: string | null }>;
  const current = db.prepare(`SELECT code, ${AUDITED_CUSTOMER_FIELDS.join(', ')} FROM customers WHERE id = ?`);
  let id = -1;
  let logged = new Map<string, string | null>();
  const compare = (): void => {
    if (id < 0 || out.length >= limit) return;
    const row = current.get(id) as Record<string, unknown> | undefined;
    if (!row) return;
    for (const [field, value] of logged) {
      const now = textOf(row[field]);
      if (now !== value && out.length < limit) out.push({ customer_id: id, code: String(row.code), field, logged: value, current: now });
    }
  };
  for (const r of rows) {
    if (r.customer_id !== id) {
      compare();
      id = r.customer_id;
      logged = new Map();
    }
    if (r.action === 'create') {
      const snap = r.new_value === null ? {} : (JSON.parse(r.new_value) as Record<string, unknown>);
      for (const f of AUDITED_CUSTOMER_FIELDS) logged.set(f, textOf(snap[f]));
    } else {
      logged.set(r.field!, r.new_value);
    }
  }
  compare();
  return out;
}

function textOf(v: unknown): string | null {
  return v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
}

/**
 * The corrections of one customer for its history: its fields edited, its code moved, its owner
 * reassigned, its contacts added after its creation, edited or removed (a contact's field as
 * `contact.FIELD`, the contact's name as the old or new value of an add or remove). A stage set by a
 * visit is the visit's, not an edit.
 */
export function editsOf(db: Db, customerId: number): EditRow[] {
  return db.prepare(`${EDITS_SELECT} ORDER BY a.id`).all(customerId) as EditRow[];
}

/** The same corrections newest first (by date; of one date in the order made), read as iterated (kehu history streams). */
export function editsNewestFirst(db: Db, customerId: number): IterableIterator<EditRow> {
  return db.prepare(`${EDITS_SELECT} ORDER BY a.date DESC, a.id`).iterate(customerId) as IterableIterator<EditRow>;
}

export interface EditRow {
  date: string;
  operator: string;
  action: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
}

const EDITS_SELECT = `SELECT a.date, a.operator, a.action,
              CASE WHEN a.entity = 'contact' THEN 'contact' || coalesce('.' || a.field, '') ELSE a.field END AS field,
              CASE WHEN a.entity = 'contact' AND a.field IS NULL THEN json_extract(a.old_value, '$.name') ELSE a.old_value END AS old_value,
              CASE WHEN a.entity = 'contact' AND a.field IS NULL THEN json_extract(a.new_value, '$.name') ELSE a.new_value END AS new_value,
              a.reason
       FROM audit_log a
       WHERE a.customer_id = ?
         AND ((a.entity = 'customer' AND a.action IN ('edit', 'move', 'reassign') AND NOT (a.field = 'stage' AND substr(a.reason, 1, 1) = '#' AND substr(a.reason, 2, 1) BETWEEN '0' AND '9'))
           OR (a.entity = 'contact' AND (a.action <> 'create' OR a.recorded_at <> (SELECT min(b.recorded_at) FROM audit_log b WHERE b.customer_id = a.customer_id))))`;
