// SQL for kehu search: the full-text indexes that schema migration 5 builds and its triggers keep
// (search_customer_words, _grams, search_contact_words, _grams), read a field at a time, and the rows their
// hits point at.

import type { Db } from './db.js';
import { cachedStatement } from './db.js';

/**
 * The indexed fields, with the numbers migration 5 gave them (a row's rowid is the id of its customer or
 * contact × 16 + the field's number) and the index that holds each. These numbers are the schema's.
 */
export const SEARCH_FIELDS = {
  code: { no: 1, index: 'search_customer_grams', of: 'customer' },
  name: { no: 2, index: 'search_customer_words', of: 'customer' },
  pinyin: { no: 3, index: 'search_customer_grams', of: 'customer' },
  initials: { no: 4, index: 'search_customer_words', of: 'customer' },
  phone: { no: 5, index: 'search_customer_grams', of: 'customer' },
  fax: { no: 6, index: 'search_customer_grams', of: 'customer' },
  email: { no: 7, index: 'search_customer_grams', of: 'customer' },
  address: { no: 8, index: 'search_customer_words', of: 'customer' },
  contact: { no: 1, index: 'search_contact_words', of: 'contact' },
  contact_mobile: { no: 2, index: 'search_contact_grams', of: 'contact' },
  contact_phone: { no: 3, index: 'search_contact_grams', of: 'contact' },
  contact_email: { no: 4, index: 'search_contact_grams', of: 'contact' },
} as const;
export type SearchField = keyof typeof SEARCH_FIELDS;

/** FTS5 query text for one token sequence of search_words: a phrase, optionally anchored at the field's start. */
export function phraseQuery(tokens: readonly string[], { atStart = false } = {}): string {
  return `${atStart ? '^' : ''}"${tokens.map((t) => t.replace(/"/g, '""')).join(' ')}"`;
}

/**
 * FTS5 query text for search_grams: trigrams covering the text (every third one and the last), ANDed.
 * The index keeps no positions, so this finds rows holding those trigrams anywhere: the caller checks
 * each hit against its row. Fewer, spread trigrams intersect fewer long lists than all of them would.
 */
export function trigramQuery(text: string): string | undefined {
  const cs = [...text];
  if (cs.length < 3) return undefined;
  const starts = new Set<number>();
  for (let i = 0; i + 3 <= cs.length; i += 3) starts.add(i);
  starts.add(cs.length - 3);
  return [...starts].map((i) => `"${cs.slice(i, i + 3).join('').replace(/"/g, '""')}"`).join(' AND ');
}

/**
 * The ids (customer or contact, as the field says) whose field matches an FTS5 query, in id order, read a
 * batch at a time so that a caller who has enough stops reading. The index finds the rows of every field
 * it holds; the field's own are those whose rowid ends in its number.
 */
export function* fieldMatches(db: Db, field: SearchField, match: string, batch = 64): Generator<number> {
  const f = SEARCH_FIELDS[field];
  const st = cachedStatement(db, `SELECT rowid FROM ${f.index} WHERE ${f.index} MATCH ? AND rowid > ? AND rowid % 16 = ? ORDER BY rowid LIMIT ?`).pluck();
  let after = 0;
  for (;;) {
    const rowids = st.all(match, after, f.no, batch) as number[];
    for (const r of rowids) yield (r - f.no) / 16;
    if (rowids.length < batch) return;
    after = rowids[rowids.length - 1]!;
  }
}

/** What search shows and checks of a customer. */
export interface SearchCustomerRow {
  id: number;
  code: string;
  name: string;
  name_key: string;
  name_pinyin: string | null;
  name_initials: string | null;
  grade: string;
  status: string;
  owner: string | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  address: string | null;
}

const CUSTOMER_COLUMNS = 'id, code, name, name_key, name_pinyin, name_initials, grade, status, owner, phone, fax, email, address';

export function searchCustomer(db: Db, id: number): SearchCustomerRow | undefined {
  return cachedStatement(db, `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE id = ?`).get(id) as SearchCustomerRow | undefined;
}

/** A customer by one of its codes, current or former (code_history), or by its stable part. */
export function searchCustomerByCode(db: Db, code: string): SearchCustomerRow | undefined {
  return cachedStatement(db, `SELECT ${CUSTOMER_COLUMNS.replace(/(\w+)/g, 'c.$1')} FROM code_history h JOIN customers c ON c.id = h.customer_id WHERE h.code = ? LIMIT 1`).get(code) as
    | SearchCustomerRow
    | undefined;
}

export function searchCustomerByRegionSerial(db: Db, region: string, serial: number): SearchCustomerRow | undefined {
  return cachedStatement(db, `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE region = ? AND serial = ?`).get(region, serial) as SearchCustomerRow | undefined;
}

export function searchCustomerByNameKey(db: Db, key: string): SearchCustomerRow | undefined {
  return cachedStatement(db, `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE name_key = ?`).get(key) as SearchCustomerRow | undefined;
}

/** Customers whose name key begins with `prefix` (and is longer), in key order, through the name key's unique index. */
export function* customersByNamePrefix(db: Db, prefix: string, batch = 64): Generator<SearchCustomerRow> {
  const st = cachedStatement(db, `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE name_key > ? AND name_key < ? ORDER BY name_key LIMIT ?`);
  // Every key that begins with the prefix sorts below the prefix followed by the last code point.
  const end = `${prefix}\u{10FFFF}`;
  let after = prefix;
  for (;;) {
    const rows = st.all(after, end, batch) as SearchCustomerRow[];
    yield* rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.name_key;
  }
}

export interface SearchContactRow {
  id: number;
  customer_id: number;
  name: string;
  mobile: string | null;
  phone: string | null;
  email: string | null;
}

export function searchContact(db: Db, id: number): SearchContactRow | undefined {
  return cachedStatement(db, 'SELECT id, customer_id, name, mobile, phone, email FROM contacts WHERE id = ?').get(id) as SearchContactRow | undefined;
}

/** The four indexes (schema migration 5). */
export const SEARCH_INDEXES = ['search_customer_words', 'search_customer_grams', 'search_contact_words', 'search_contact_grams'] as const;

/**
 * For a bulk load inside the open transaction (an import larger than the archive, a whole archive): drops
 * the triggers that keep the search index, and returns the function that builds the index again from
 * every row, as migration 5 first built it, and puts the triggers back. Writing a row through the
 * triggers costs about 60 µs, building it in bulk about 20. The rows are indexed by the insert triggers'
 * own statements, run once over the whole table, so the two can never disagree. Nothing to do, and
 * nothing undone, when the triggers are already gone (a load inside a load).
 */
export function deferSearchIndex(db: Db): () => void {
  const triggers = db
    .prepare("SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' AND (name GLOB 'customers_search_*' OR name GLOB 'contacts_search_*') ORDER BY name")
    .all() as { name: string; tbl: string; sql: string }[];
  if (triggers.length === 0) return () => {};
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  return () => {
    for (const index of SEARCH_INDEXES) {
      db.exec(`INSERT INTO ${index}(${index}) VALUES ('delete-all'); INSERT INTO ${index}(${index}, rank) VALUES ('hashsize', 33554432); INSERT INTO ${index}(${index}, rank) VALUES ('automerge', 0);`);
    }
    for (const t of triggers.filter((x) => x.name.endsWith('_search_insert'))) {
      // Each statement indexes one field of NEW: `INSERT INTO … SELECT NEW.id * 16 + n, <text of NEW.x> WHERE NEW.x IS NOT NULL`.
      const body = t.sql.slice(t.sql.indexOf(' BEGIN') + 6, t.sql.lastIndexOf('END'));
      for (const statement of body.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
        const where = statement.lastIndexOf(' WHERE ');
        db.exec(`${statement.slice(0, where)} FROM ${t.tbl}${statement.slice(where)}`.replace(/\bNEW\./g, `${t.tbl}.`));
      }
    }
    for (const index of SEARCH_INDEXES) {
      db.exec(`INSERT INTO ${index}(${index}) VALUES ('optimize'); INSERT INTO ${index}(${index}, rank) VALUES ('hashsize', 1048576); INSERT INTO ${index}(${index}, rank) VALUES ('automerge', 4);`);
    }
    for (const t of triggers) db.exec(t.sql);
  };
}
