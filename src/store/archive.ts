// SQL for the whole archive (kehu export all / import all) and for telling what a file holds: the facts,
// table by table, with their own ids, and nothing derived. Loading them into an empty file and recomputing
// the timelines gives back every derived row (SPEC 2.2: facts are stored, everything else is derived).

import crypto from 'node:crypto';
import { formatCode } from '../core/code.js';
import type { Grade } from '../core/enums.js';
import { nameColumns } from '../core/names.js';
import { beginRead, type Db, isPostgres, syncIdentities } from './db.js';
import { deferIndexes } from './schema.js';
import { deferSearchIndex } from './search.js';
import { recomputeWritten } from './timeline.js';

/**
 * The fact tables and their columns, in the order they load (each refers only to those before it). The
 * customer row's derived columns (code, grade, status, dates, visit count, name key) are not facts.
 * These column lists are the archive format: change them only with a new ARCHIVE_VERSION.
 */
export const FACT_TABLES = {
  users: ['name', 'created_at', 'deactivated_on'],
  user_roles: ['user', 'role'],
  region_counters: ['region', 'last_serial'],
  customers: [
    'id', 'region', 'serial', 'name', 'country', 'province', 'city', 'city_code', 'district', 'foreign_region', 'address', 'postcode',
    'phone', 'fax', 'website', 'email', 'legal_rep', 'registered_capital', 'industry', 'nature', 'type', 'credit_rating',
    'supplier_structure', 'source', 'main_products', 'years_in_business', 'owner', 'stage', 'notes', 'created_on', 'created_by',
    'updated_at', 'opening_grade', 'opening_confirmed_by',
  ],
  region_moves: ['id', 'customer_id', 'date', 'from_region', 'from_serial', 'region', 'serial', 'operator', 'recorded_at'],
  contacts: [
    'id', 'customer_id', 'name', 'title', 'mobile', 'phone', 'email', 'wechat', 'is_decision_maker', 'birthday', 'notes', 'is_insider',
    'insider_stage', 'native_place', 'age', 'interests', 'years_at_company', 'authority', 'personality', 'working_style', 'family',
  ],
  status_decisions: ['id', 'customer_id', 'date', 'to_status', 'kind', 'reason_category', 'reason', 'operator', 'recorded_at'],
  visits: [
    'id', 'customer_id', 'seq', 'visited_at', 'method', 'handler', 'handler_role', 'contact', 'summary', 'key_point', 'next_step', 'next_date', 'stage',
    'recorded_by', 'recorded_at', 'materials', 'materials_sent_at', 'materials_sent_by', 'materials_method', 'materials_note',
  ],
  voided_visits: [
    'id', 'customer_id', 'seq', 'visited_at', 'method', 'handler', 'handler_role', 'contact', 'summary', 'key_point', 'next_step', 'next_date', 'stage',
    'recorded_by', 'recorded_at', 'voided_on', 'voided_by', 'void_reason', 'voided_at', 'materials', 'materials_sent_at', 'materials_sent_by',
    'materials_method', 'materials_note',
  ],
  orders: ['id', 'customer_id', 'date', 'amount_fen', 'note', 'recorded_by', 'recorded_at'],
  voided_orders: ['id', 'customer_id', 'date', 'amount_fen', 'note', 'recorded_by', 'recorded_at', 'voided_on', 'voided_by', 'void_reason', 'voided_at'],
  reviews: ['id', 'customer_id', 'month', 'date', 'score', 'band', 'factors', 'model', 'applied_grade', 'reviewer', 'recorded_at'],
  applications: ['id', 'customer_id', 'kind', 'from_grade', 'to_grade', 'status', 'required_roles', 'review_id', 'applicant', 'applied_on', 'decided_on'],
  approvals: ['id', 'application_id', 'approver', 'role', 'decision', 'note', 'date'],
  salvage_plans: ['id', 'customer_id', 'plan', 'author', 'date', 'recorded_at'],
  audit_log: ['id', 'recorded_at', 'date', 'operator', 'customer_id', 'entity', 'entity_key', 'action', 'field', 'old_value', 'new_value', 'reason'],
  access_grants: ['id', 'grantee', 'customer_id', 'region', 'granted_by', 'date', 'recorded_at'],
} as const satisfies Record<string, readonly string[]>;

export type FactTable = keyof typeof FACT_TABLES;
export const FACT_TABLE_NAMES = Object.keys(FACT_TABLES) as FactTable[];

/**
 * Contacts' personal data (PIPL, SPEC 2.7): left out of an archive unless asked for. The insider and the
 * key decision maker's profile (seeds 000, 001) are personal data too.
 */
export const PERSONAL_CONTACT_COLUMNS = [
  'mobile', 'wechat', 'birthday', 'notes', 'is_insider', 'insider_stage', 'native_place', 'age', 'interests', 'years_at_company', 'authority',
  'personality', 'working_style', 'family',
] as const;

/** What a left-out personal column reads as (null, or the column's default where it may not be null). */
const HIDDEN: Partial<Record<FactTable, Record<string, string>>> = {
  contacts: Object.fromEntries(PERSONAL_CONTACT_COLUMNS.map((c) => [c, c === 'is_insider' ? '0' : 'NULL'])),
  // A contact's logged values: its snapshots (created, removed) and its personal fields' old and new values.
  audit_log: Object.fromEntries(
    ['old_value', 'new_value'].map((c) => [
      c,
      `CASE WHEN entity = 'contact' AND (field IS NULL OR field IN (${PERSONAL_CONTACT_COLUMNS.map((p) => `'${p}'`).join(', ')})) THEN NULL ELSE ${c} END`,
    ]),
  ),
};

const ORDER_BY: Record<FactTable, string> = {
  // Tables keyed by text keep the order rows were written in (rowid), so a copy lists them alike.
  users: 'rowid',
  user_roles: 'rowid',
  region_counters: 'rowid',
  customers: 'id',
  contacts: 'id',
  status_decisions: 'id',
  visits: 'id',
  orders: 'id',
  reviews: 'id',
  applications: 'id',
  approvals: 'id',
  salvage_plans: 'id',
  region_moves: 'id',
  voided_visits: 'id',
  voided_orders: 'id',
  audit_log: 'id',
  access_grants: 'id',
};

export type Cell = string | number | null;

/** The rows of one fact table in key order, as arrays in FACT_TABLES order; personal columns null unless asked for. */
export function factRows(db: Db, table: FactTable, { personal = true }: { personal?: boolean } = {}): IterableIterator<Cell[]> {
  const hidden = personal ? {} : (HIDDEN[table] ?? {});
  const cols = FACT_TABLES[table].map((c: string) => (c in hidden ? `${hidden[c]} AS "${c}"` : `"${c}"`));
  return db.prepare(`SELECT ${cols.join(', ')} FROM ${table} ORDER BY ${ORDER_BY[table]}`).raw().iterate() as IterableIterator<Cell[]>;
}

export function factCounts(db: Db): Record<FactTable, number> {
  const out = {} as Record<FactTable, number>;
  for (const t of FACT_TABLE_NAMES) out[t] = db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return out;
}

/** Opens a read transaction: every read until endSnapshot sees one state of the file while others write. */
export function beginSnapshot(db: Db): void {
  beginRead(db);
}

export function endSnapshot(db: Db): void {
  if (db.inTransaction) db.exec('COMMIT');
}

/** Each fact table's row count and a digest of its rows: a file's facts, to tell later whether any changed. */
export function factFingerprint(db: Db): Record<FactTable, { rows: number; sha256: string }> {
  const out = {} as Record<FactTable, { rows: number; sha256: string }>;
  for (const t of FACT_TABLE_NAMES) {
    const h = crypto.createHash('sha256');
    let rows = 0;
    for (const r of factRows(db, t)) {
      h.update(JSON.stringify(r));
      h.update('\n');
      rows++;
    }
    out[t] = { rows, sha256: h.digest('hex') };
  }
  return out;
}

/**
 * Loads the rows of one fact table, inside the caller's transaction. `add` takes a row with the line it
 * came from; `flush` writes what is still buffered. A refused row's error carries its `line`.
 */
export interface FactLoader {
  add(row: readonly Cell[], line: number): void;
  flush(): void;
}

/** Rows a PostgreSQL load sends in one COPY. */
const COPY_BATCH = 5000;

/**
 * A loader of rows of one fact table given in the named columns (a subset of FACT_TABLES[table]; the others
 * are null). Customers get placeholder derived columns that finishLoad replaces with what their timelines
 * derive. SQLite inserts each row as it comes; PostgreSQL sends them in batches with COPY.
 */
export function factLoader(db: Db, table: FactTable, columns: readonly string[]): FactLoader {
  const known = FACT_TABLES[table] as readonly string[];
  const bad = columns.find((c) => !known.includes(c));
  if (bad !== undefined) throw new Error(`unknown column "${bad}" of ${table}`);
  let all = [...columns];
  let complete = (row: readonly Cell[]): readonly Cell[] => row;
  if (table === 'customers') {
    all = [...columns, 'code', 'grade', 'status', 'name_key', 'name_pinyin', 'name_initials'];
    const at = (c: string): number => columns.indexOf(c);
    const [region, serial, name, grade] = [at('region'), at('serial'), at('name'), at('opening_grade')];
    if (region < 0 || serial < 0 || name < 0) throw new Error('customers need region, serial and name');
    complete = (row) => {
      const g = ((grade >= 0 ? row[grade] : null) ?? 'C') as Grade;
      const named = nameColumns(String(row[name]));
      return [...row, formatCode(g, 'b', String(row[region]), Number(row[serial])), g, 'b', named.name_key, named.name_pinyin, named.name_initials];
    };
  }
  const refused = (e: unknown, line: number): unknown => Object.assign(e as object, { line });
  if (isPostgres(db)) {
    let rows: (readonly Cell[])[] = [];
    let lines: number[] = [];
    const flush = (): void => {
      if (rows.length === 0) return;
      try {
        db.copyIn(table, all, rows);
      } catch (e) {
        const at = (e as { copyLine?: number }).copyLine;
        throw refused(e, at !== undefined ? (lines[at - 1] ?? lines[0]!) : lines[0]!);
      }
      rows = [];
      lines = [];
    };
    return {
      add(row, line) {
        rows.push(complete(row));
        lines.push(line);
        if (rows.length >= COPY_BATCH) flush();
      },
      flush,
    };
  }
  const st = db.prepare(`INSERT INTO ${table}(${all.map((c) => `"${c}"`).join(', ')}) VALUES (${all.map(() => '?').join(', ')})`);
  return {
    add(row, line) {
      try {
        st.run(...complete(row));
      } catch (e) {
        throw refused(e, line);
      }
    },
    flush() {},
  };
}

/**
 * Defers the secondary indexes of the fact tables a load fills (built once, over sorted keys, by the
 * function returned, which the load calls before finishLoad reads through them).
 */
export function deferFactIndexes(db: Db): () => void {
  return deferIndexes(db, ['contacts', 'status_decisions', 'visits', 'orders', 'reviews', 'applications', 'approvals', 'salvage_plans', 'region_moves', 'voided_orders', 'audit_log']);
}

/**
 * Drops the search index's triggers for a load; the function returned builds the index once from every
 * row, to be called after finishLoad (whose new codes would otherwise go through the triggers one by one).
 */
export function deferLoadSearch(db: Db): () => void {
  return deferSearchIndex(db);
}

/**
 * After a load: visit counters from the visits, every timeline recomputed as of `asOf` as after a
 * migration, the as-of day recorded.
 */
export function finishLoad(db: Db, asOf: string): number {
  // The visit counter numbers visits: voided ones keep their numbers.
  db.exec(`UPDATE customers SET visit_count = v.n FROM (SELECT customer_id, max(seq) AS n FROM (SELECT customer_id, seq FROM visits UNION ALL SELECT customer_id, seq FROM voided_visits) AS s GROUP BY customer_id) v
           WHERE v.customer_id = customers.id`);
  syncIdentities(db);
  return recomputeWritten(db, asOf, { fresh: true });
}
