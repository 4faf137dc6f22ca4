// SQL for the retention rule (seed 002 §8.9) and for purging on request: the settled customers' dates, every
// row that belongs to a customer (found from the schema's own foreign keys), erasing them, and erasing a
// customer's contacts' personal data from the contacts and from its audit log.

import type { Status } from '../core/enums.js';
import { PERSONAL_CONTACT_COLUMNS } from './archive.js';
import { type Db, deferForeignKeys, isPostgres, listValues } from './db.js';

/**
 * The contact fields `purge --personal-data-only` erases: the personal data exports leave out
 * (PERSONAL_CONTACT_COLUMNS: mobile, WeChat, birthday, notes, the insider and the decision maker's profile)
 * and the contact's own phone and e-mail. Name, title and decision maker stay: they are how the business
 * record (visits, the customer's archive) says whom the company dealt with.
 */
export const ERASED_CONTACT_COLUMNS = [...PERSONAL_CONTACT_COLUMNS, 'phone', 'email'] as const;

/** What an erased column becomes: null, or its default where it may not be null. */
function erasedValue(column: string): string {
  return column === 'is_insider' ? '0' : 'NULL';
}

const HELD = ERASED_CONTACT_COLUMNS.map((c) => (c === 'is_insider' ? 'k.is_insider <> 0' : `k.${c} IS NOT NULL`)).join(' OR ');
const LIST = ERASED_CONTACT_COLUMNS.map((c) => `'${c}'`).join(', ');

/** A contact entry of the log holding personal data: a personal field's value, or a snapshot with a personal field. */
function loggedPersonal(db: Db): string {
  // A snapshot (JSON text) with a personal field set: SQLite's json_each gives JSON null as NULL; PostgreSQL's
  // jsonb_each gives it as the jsonb null, and is reached only for valid JSON (CASE keeps the order).
  const held = (column: string): string =>
    isPostgres(db)
      ? `CASE WHEN json_valid(${column}) THEN EXISTS (SELECT 1 FROM jsonb_each(CAST(${column} AS jsonb)) j
           WHERE j.key IN (${LIST}) AND j.value <> 'null'::jsonb AND NOT (j.key = 'is_insider' AND j.value = '0'::jsonb)) ELSE false END`
      : `(json_valid(${column}) AND EXISTS (SELECT 1 FROM json_each(${column}) j WHERE j.key IN (${LIST}) AND j.value IS NOT NULL AND NOT (j.key = 'is_insider' AND j.value = 0)))`;
  return `a.entity = 'contact' AND (
  (a.field IN (${LIST}) AND (a.old_value IS NOT NULL OR a.new_value IS NOT NULL))
  OR (a.field IS NULL AND (${held('a.old_value')} OR ${held('a.new_value')})))`;
}

export interface SettledRow {
  id: number;
  code: string;
  name: string;
  status: Status;
  owner: string | null;
  last_order_date: string | null;
  status_since: string | null;
  last_visit: string | null;
}

/**
 * Every lost or invalid customer with the dates its settlement day is taken from: its last order, the day of
 * its latest status change and its last visit. Candidates only: the core rule decides who is past retention.
 * `before`: only customers whose last order and loss are before that day (a necessary condition the caller gives).
 */
export function settledCustomers(db: Db, before: string): SettledRow[] {
  return db
    .prepare(
      `${SETTLED} WHERE c.status IN ('c', 'd') AND (c.last_order_date IS NULL OR c.last_order_date < @before) AND (c.status = 'd' OR c.lost_date IS NULL OR c.lost_date < @before)
       ORDER BY c.region, c.serial`,
    )
    .all({ before }) as SettledRow[];
}

/** One customer's settlement dates, whatever its status. */
export function settlementRow(db: Db, id: number): SettledRow | undefined {
  return db.prepare(`${SETTLED} WHERE c.id = ?`).get(id) as SettledRow | undefined;
}

const SETTLED = `SELECT c.id, c.code, c.name, c.status, c.owner, c.last_order_date,
    -- A lost customer's row has the day it was lost; the day an invalid one became so is its latest change.
    CASE WHEN c.status = 'c' AND c.lost_date IS NOT NULL THEN c.lost_date
         ELSE (SELECT h.date FROM status_history h WHERE h.customer_id = c.id ORDER BY h.seq DESC LIMIT 1) END AS status_since,
    (SELECT substr(max(v.visited_at), 1, 10) FROM visits v WHERE v.customer_id = c.id) AS last_visit
  FROM customers c`;

/** Which of these customers still hold personal data: in a contact, or in a contact entry of their log. */
export function holdingPersonalData(db: Db, ids: readonly number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = db
    .prepare(
      `SELECT i.value FROM (${listValues(db, '?', 'int')}) i
       WHERE EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = i.value AND (${HELD}))
          OR EXISTS (SELECT 1 FROM audit_log a WHERE a.customer_id = i.value AND ${loggedPersonal(db)})`,
    )
    .pluck()
    .all(JSON.stringify(ids)) as number[];
  return new Set(rows);
}

/** A table holding rows of customers: directly (`column` refers to customers), or through `parent` (a table that does). */
export interface CustomerTable {
  table: string;
  column: string;
  parent?: { table: string; key: string; column: string };
}

/**
 * Every table whose rows belong to a customer, read from the schema's foreign keys: those referring to
 * customers, and those referring to one of them (approvals through applications). A table added later is
 * found the same way, so a purge never leaves its rows behind.
 */
export function customerTables(db: Db): CustomerTable[] {
  const fks = db
    .prepare(
      isPostgres(db)
        ? `SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS parent, f.attname AS key
           FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
           WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace ORDER BY c.conrelid::regclass::text COLLATE "C", c.conname`
        : `SELECT m.name AS tbl, f."from" AS col, f."table" AS parent, coalesce(f."to", 'id') AS key
           FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
           WHERE m.type = 'table' ORDER BY m.name, f.id`,
    )
    .all() as { tbl: string; col: string; parent: string; key: string }[];
  const direct = new Map<string, string>();
  for (const f of fks) if (f.parent === 'customers' && f.tbl !== 'customers' && !direct.has(f.tbl)) direct.set(f.tbl, f.col);
  const out: CustomerTable[] = [...direct].map(([table, column]) => ({ table, column }));
  const seen = new Set(direct.keys());
  for (const f of fks) {
    if (seen.has(f.tbl) || f.tbl === 'customers' || !direct.has(f.parent)) continue;
    seen.add(f.tbl);
    out.push({ table: f.tbl, column: f.col, parent: { table: f.parent, key: f.key, column: direct.get(f.parent)! } });
  }
  return out;
}

/** The rows of the customers `ids` (a JSON array) in a customer table, as SQL selecting (customer id, row id). Every such table has an id. */
function rowsOf(db: Db, t: CustomerTable): string {
  return t.parent
    ? `SELECT p."${t.parent.column}" AS customer_id, x.id AS r FROM "${t.table}" x JOIN "${t.parent.table}" p ON p."${t.parent.key}" = x."${t.column}"
       WHERE p."${t.parent.column}" IN (${listValues(db, '?', 'int')})`
    : `SELECT x."${t.column}" AS customer_id, x.id AS r FROM "${t.table}" x WHERE x."${t.column}" IN (${listValues(db, '?', 'int')})`;
}

/** How many rows each customer has in each customer table (tables with none left out). */
export function customerRowCounts(db: Db, tables: readonly CustomerTable[], ids: readonly number[]): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>(ids.map((id) => [id, {}]));
  const json = JSON.stringify(ids);
  for (const t of tables) {
    const rows = db.prepare(`SELECT customer_id, count(*) AS n FROM (${rowsOf(db, t)}) AS r GROUP BY customer_id`).all(json) as { customer_id: number; n: number }[];
    for (const r of rows) out.get(r.customer_id)![t.table] = r.n;
  }
  return out;
}

/**
 * Deletes the customers `ids` and every row of theirs, inside the caller's transaction: the rows of tables
 * that refer to a customer table first, then those tables', then the customers. Each delete goes through the
 * triggers (order totals, lost customers' order totals, search index), which keeps the derived tables exact.
 * Foreign keys are checked at commit, so the order among tables does not matter.
 */
export function deleteCustomers(db: Db, tables: readonly CustomerTable[], ids: readonly number[]): void {
  if (ids.length === 0) return;
  const json = JSON.stringify(ids);
  deferForeignKeys(db);
  for (const t of [...tables].sort((a, b) => Number(b.parent !== undefined) - Number(a.parent !== undefined))) {
    db.prepare(`DELETE FROM "${t.table}" WHERE id IN (SELECT r FROM (${rowsOf(db, t)}) AS r)`).run(json);
  }
  db.prepare(`DELETE FROM customers WHERE id IN (${listValues(db, '?', 'int')})`).run(json);
}

/** How much personal data a customer holds: contacts with a personal field, and log entries with one. */
export function personalDataCounts(db: Db, id: number): { contacts: number; audit_log: number } {
  return {
    contacts: db.prepare(`SELECT count(*) FROM contacts k WHERE k.customer_id = ? AND (${HELD})`).pluck().get(id) as number,
    audit_log: db.prepare(`SELECT count(*) FROM audit_log a WHERE a.customer_id = ? AND ${loggedPersonal(db)}`).pluck().get(id) as number,
  };
}

/**
 * Erases a customer's contacts' personal fields (ERASED_CONTACT_COLUMNS) and the same fields from its log: a
 * personal field's old and new values, and the field in the snapshots of a contact added or removed. In the
 * caller's transaction; the search index forgets the erased phones and e-mails through its triggers.
 */
export function erasePersonalData(db: Db, id: number): void {
  db.prepare(`UPDATE contacts AS k SET ${ERASED_CONTACT_COLUMNS.map((c) => `${c} = ${erasedValue(c)}`).join(', ')} WHERE k.customer_id = ? AND (${HELD})`).run(id);
  if (isPostgres(db)) {
    erasePersonalLog(db, id);
    return;
  }
  const paths = ERASED_CONTACT_COLUMNS.map((c) => `'$.${c}'`).join(', ');
  db.prepare(
    `UPDATE audit_log AS a SET
       old_value = CASE WHEN a.field IS NULL THEN CASE WHEN json_valid(a.old_value) THEN json_remove(a.old_value, ${paths}) ELSE a.old_value END ELSE NULL END,
       new_value = CASE WHEN a.field IS NULL THEN CASE WHEN json_valid(a.new_value) THEN json_remove(a.new_value, ${paths}) ELSE a.new_value END ELSE NULL END
     WHERE a.customer_id = ? AND ${loggedPersonal(db)}`,
  ).run(id);
}

/**
 * The same erasure of the log on PostgreSQL, whose jsonb would rewrite the snapshots' text (key order,
 * spaces): the fields are removed here, leaving the text as SQLite's json_remove does (the snapshots are
 * written compact, by JSON.stringify).
 */
function erasePersonalLog(db: Db, id: number): void {
  const rows = db.prepare(`SELECT a.id, a.field, a.old_value, a.new_value FROM audit_log a WHERE a.customer_id = ? AND ${loggedPersonal(db)}`).all(id) as {
    id: number;
    field: string | null;
    old_value: string | null;
    new_value: string | null;
  }[];
  const without = (text: string | null): string | null => {
    if (text === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return text;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return text;
    const kept = { ...(value as Record<string, unknown>) };
    for (const c of ERASED_CONTACT_COLUMNS) delete kept[c];
    return JSON.stringify(kept);
  };
  const update = db.prepare('UPDATE audit_log SET old_value = ?, new_value = ? WHERE id = ?');
  for (const r of rows) update.run(r.field === null ? without(r.old_value) : null, r.field === null ? without(r.new_value) : null, r.id);
}
