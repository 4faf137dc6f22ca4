// SQL for kehu search: the full-text indexes that schema migration 5 builds and its triggers keep
// (search_customer_words, _grams, search_contact_words, _grams), read a field at a time, and the rows their
// hits point at.

import type { Db } from './db.js';
import { cachedStatement, isPostgres } from './db.js';

/** A field's value as its index holds it, in SQL over the row `o`: the digits of a number, a lower-case code or e-mail. */
const digitsOf = (x: string): string => `replace(replace(replace(replace(replace(replace(${x}, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '')`;

/**
 * The indexed fields, with the numbers migration 5 gave them (a row's rowid is the id of its customer or
 * contact × 16 + the field's number), the index that holds each, and for the trigram indexes (which keep
 * no positions) the value a hit is checked against in SQL.
 */
export const SEARCH_FIELDS = {
  code: { no: 1, index: 'search_customer_grams', of: 'customers', value: 'lower(o.code)' },
  name: { no: 2, index: 'search_customer_words', of: 'customers', value: null },
  pinyin: { no: 3, index: 'search_customer_grams', of: 'customers', value: 'o.name_pinyin' },
  initials: { no: 4, index: 'search_customer_words', of: 'customers', value: null },
  phone: { no: 5, index: 'search_customer_grams', of: 'customers', value: digitsOf('o.phone') },
  fax: { no: 6, index: 'search_customer_grams', of: 'customers', value: digitsOf('o.fax') },
  email: { no: 7, index: 'search_customer_grams', of: 'customers', value: 'lower(o.email)' },
  address: { no: 8, index: 'search_customer_words', of: 'customers', value: null },
  contact: { no: 1, index: 'search_contact_words', of: 'contacts', value: null },
  contact_mobile: { no: 2, index: 'search_contact_grams', of: 'contacts', value: digitsOf('o.mobile') },
  contact_phone: { no: 3, index: 'search_contact_grams', of: 'contacts', value: digitsOf('o.phone') },
  contact_email: { no: 4, index: 'search_contact_grams', of: 'contacts', value: 'lower(o.email)' },
} as const;
export type SearchField = keyof typeof SEARCH_FIELDS;

/** What fieldMatches looks for: the FTS5 query of the SQLite index, and the text itself (PostgreSQL). */
export interface SearchQuery {
  fts: string;
  text: string;
}

/**
 * The query for `text` split into the tokens of a characters index (search_customer_words,
 * search_contact_words): an FTS5 phrase, optionally anchored at the start of the field (of its first reading,
 * for initials).
 */
export function phraseQuery(text: string, tokens: readonly string[], { atStart = false } = {}): SearchQuery {
  return { fts: `${atStart ? '^' : ''}"${tokens.map((t) => t.replace(/"/g, '""')).join(' ')}"`, text };
}

/**
 * FTS5 query text for a trigram index: the trigrams at every other character and the last one, each
 * once, ANDed. The index keeps no positions, so this finds rows holding those trigrams anywhere, which
 * fieldMatches checks against the row. Every other trigram, rather than all or every third, measured
 * best at a million customers: fewer lists to intersect than all, fewer false hits to check than a third.
 */
export function trigramQuery(text: string): SearchQuery | undefined {
  const cs = [...text];
  if (cs.length < 3) return undefined;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= cs.length; i += 2) grams.add(cs.slice(i, i + 3).join(''));
  grams.add(cs.slice(-3).join(''));
  return { fts: [...grams].map((g) => `"${g.replace(/"/g, '""')}"`).join(' AND '), text: text.replace(/^\^/, '') };
}

/**
 * The ids (customer or contact, as the field says) whose field matches an FTS5 query, in id order, read a
 * batch at a time so that a caller who has enough stops reading. An index finds the rows of every field
 * it holds; the field's own are those whose rowid ends in its number. A trigram index only knows that
 * a row holds the query's trigrams somewhere: `holds` (the text in the field's stored form) is checked
 * against the row in SQL, where a miss costs a microsecond rather than a round trip, so that a query
 * whose trigrams are common but whose text is rare (99999999) stays fast; `atStart` wants it at the start.
 */
export function* fieldMatches(db: Db, field: SearchField, query: SearchQuery, holds?: { text: string; atStart?: boolean }, batch = 64): Generator<number> {
  if (isPostgres(db)) {
    yield* pgFieldMatches(db, field, holds ?? { text: query.text }, batch);
    return;
  }
  const match = query.fts;
  const f = SEARCH_FIELDS[field];
  const check = holds && f.value !== null ? ` AND instr(${f.value}, @text) ${holds.atStart ? '= 1' : '> 0'}` : '';
  const st = cachedStatement(
    db,
    `SELECT s.rowid FROM ${f.index} s${check ? ` JOIN ${f.of} o ON o.id = s.rowid / 16` : ''}
     WHERE ${f.index} MATCH @match AND s.rowid > @after AND s.rowid % 16 = @no${check} ORDER BY s.rowid LIMIT @batch`,
  ).pluck();
  const params: Record<string, unknown> = { match, no: f.no, batch, after: 0 };
  if (check) params.text = holds!.text;
  for (;;) {
    const rowids = st.all(params) as number[];
    for (const r of rowids) yield (r - f.no) / 16;
    if (rowids.length < batch) return;
    params.after = rowids[rowids.length - 1]!;
  }
}

/** Letters and digits, lower case: what SQLite's unicode61 tokenizer keeps of a name or an address, in SQL. */
const lettersOf = (x: string): string =>
  `regexp_replace(lower(${x}), '[[:space:][:punct:]（）【】《》〈〉「」『』“”‘’，。、；：！？·—－～…]', '', 'g')`;

/** PostgreSQL's side of SEARCH_FIELDS: the value a field's text is looked for in, over the row `o`. */
const PG_SEARCH_VALUES: Record<SearchField, string> = {
  code: 'lower(o.code)',
  name: lettersOf('o.name'),
  pinyin: 'o.name_pinyin',
  initials: 'o.name_initials',
  phone: digitsOf('o.phone'),
  fax: digitsOf('o.fax'),
  email: 'lower(o.email)',
  address: lettersOf('o.address'),
  contact: lettersOf('o.name'),
  contact_mobile: digitsOf('o.mobile'),
  contact_phone: digitsOf('o.phone'),
  contact_email: 'lower(o.email)',
};

/**
 * On PostgreSQL, which has no FTS5: the ids whose field holds the text, in id order, a batch at a time
 * (a scan of the table; the hits are checked again by the caller, as those of the SQLite indexes are).
 */
function* pgFieldMatches(db: Db, field: SearchField, holds: { text: string; atStart?: boolean }, batch: number): Generator<number> {
  const value = PG_SEARCH_VALUES[field];
  const st = cachedStatement(
    db,
    `SELECT o.id FROM ${SEARCH_FIELDS[field].of} o WHERE o.id > @after AND instr(${value}, @text) ${holds.atStart ? '= 1' : '> 0'} ORDER BY o.id LIMIT @batch`,
  ).pluck();
  const params: Record<string, unknown> = { text: holds.text, batch, after: 0 };
  for (;;) {
    const ids = st.all(params) as number[];
    yield* ids;
    if (ids.length < batch) return;
    params.after = ids[ids.length - 1]!;
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

/** The statements of a table's insert trigger, each indexing one field of NEW, run over the table's rows with ids above `after`. */
function indexRows(db: Db, trigger: { tbl: string; sql: string }, after: number): void {
  // Each statement reads `INSERT INTO … SELECT NEW.id * 16 + n, <text of NEW.x> WHERE NEW.x IS NOT NULL`.
  const body = trigger.sql.slice(trigger.sql.indexOf(' BEGIN') + 6, trigger.sql.lastIndexOf('END'));
  for (const statement of body.split(';').map((s) => s.trim()).filter((s) => s !== '')) {
    const where = statement.lastIndexOf(' WHERE ');
    db.exec(`${statement.slice(0, where)} FROM ${trigger.tbl}${statement.slice(where)} AND NEW.id > ${after}`.replace(/\bNEW\./g, `${trigger.tbl}.`));
  }
}

function searchTriggers(db: Db, kinds: string): { name: string; tbl: string; sql: string }[] {
  return db
    .prepare(`SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' AND (name GLOB 'customers_search_${kinds}' OR name GLOB 'contacts_search_${kinds}') ORDER BY name`)
    .all() as { name: string; tbl: string; sql: string }[];
}

/**
 * For a bulk load inside the open transaction (an import larger than the archive, a whole archive): drops
 * the triggers that keep the search index, and returns the function that builds the index again from
 * every row, as migration 5 first built it, and puts the triggers back. The rows are indexed by the
 * insert triggers' own statements, run once over the whole table, so the two never disagree. Nothing to
 * do, and nothing undone, when the triggers are already gone (a load inside a load).
 */
export function deferSearchIndex(db: Db): () => void {
  if (isPostgres(db)) return () => {};
  const triggers = searchTriggers(db, '*');
  if (triggers.length === 0) return () => {};
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  return () => {
    for (const index of SEARCH_INDEXES) {
      db.exec(`INSERT INTO ${index}(${index}) VALUES ('delete-all'); INSERT INTO ${index}(${index}, rank) VALUES ('hashsize', 16777216); INSERT INTO ${index}(${index}, rank) VALUES ('automerge', 0);`);
    }
    for (const t of triggers.filter((x) => x.name.endsWith('_search_insert'))) indexRows(db, t, 0);
    for (const index of SEARCH_INDEXES) {
      db.exec(`INSERT INTO ${index}(${index}) VALUES ('optimize'); INSERT INTO ${index}(${index}, rank) VALUES ('hashsize', 1048576); INSERT INTO ${index}(${index}, rank) VALUES ('automerge', 4);`);
    }
    for (const t of triggers) db.exec(t.sql);
  };
}

/**
 * For rows added inside the open transaction (an import smaller than the archive): drops the insert
 * triggers and returns the function that indexes the customers and contacts added since, a field at a
 * time, and puts the triggers back. Row by row, every further statement of the transaction makes FTS5
 * write out what it holds (it keeps a savepoint per statement), and in a large index each write-out
 * costs merging: 0.5–1 ms a customer at a million customers, against 25 µs in bulk. Changes to existing
 * rows still go through the update and delete triggers. New rows must not be changed before the
 * returned function has run.
 */
export function deferSearchIndexOfNewRows(db: Db): () => void {
  if (isPostgres(db)) return () => {};
  const triggers = searchTriggers(db, 'insert');
  if (triggers.length === 0) return () => {};
  const after = new Map(triggers.map((t) => [t.name, db.prepare(`SELECT coalesce(max(id), 0) FROM ${t.tbl}`).pluck().get() as number]));
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  return () => {
    for (const t of triggers) indexRows(db, t, after.get(t.name)!);
    for (const t of triggers) db.exec(t.sql);
  };
}
