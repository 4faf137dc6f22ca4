// SQL for customers, their contacts, codes and status history.

import type { Grade, Role, Status } from '../core/enums.js';
import type { StatusCause } from '../core/timeline.js';
import { cachedStatement, type Db, hiddenDuplicate } from './db.js';
import { rowBuffer } from './rowBuffer.js';

export interface CustomerRow {
  id: number;
  code: string;
  region: string;
  serial: number;
  grade: Grade;
  status: Status;
  name: string;
  name_key: string;
  /** Derived from the name by the write path (core/names.ts nameColumns), read by the search index. */
  name_pinyin: string | null;
  name_initials: string | null;
  country: string;
  province: string | null;
  city: string | null;
  city_code: string | null;
  district: string | null;
  foreign_region: string | null;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  fax: string | null;
  website: string | null;
  email: string | null;
  legal_rep: string | null;
  registered_capital: string | null;
  industry: string | null;
  nature: string | null;
  type: string | null;
  credit_rating: string | null;
  supplier_structure: string | null;
  source: string | null;
  main_products: string | null;
  years_in_business: number | null;
  owner: string | null;
  stage: number | null;
  notes: string | null;
  cooperating_since: string | null;
  last_order_date: string | null;
  previous_order_date: string | null;
  lost_date: string | null;
  opening_grade: Grade;
  opening_confirmed_by: string | null;
  visit_count: number;
  created_on: string;
  created_by: string;
  updated_at: string;
}

/** A new customer's row: the archive, the facts of its creation, and what its first timeline derives. */
export type NewCustomerRow = Omit<CustomerRow, 'id' | 'visit_count'>;

export interface ContactRow extends ContactProfile {
  id: number;
  customer_id: number;
  name: string;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  is_decision_maker: number;
  birthday: string | null;
  notes: string | null;
  /** 内线 (seed 000) and how far the relationship is: 1 认识 … 5 同盟. */
  is_insider: number;
}

/** The insider's stage and the key decision maker's profile (seeds 000, 001): personal data. */
export interface ContactProfile {
  insider_stage: number | null;
  native_place: string | null;
  age: number | null;
  interests: string | null;
  years_at_company: number | null;
  authority: string | null;
  personality: string | null;
  working_style: string | null;
  family: string | null;
}

/** A contact's own fields, in column order (what a contact add writes and its log snapshot holds). */
export const CONTACT_FIELDS = [
  'name', 'title', 'mobile', 'phone', 'email', 'wechat', 'is_decision_maker', 'birthday', 'notes', 'is_insider', 'insider_stage', 'native_place',
  'age', 'interests', 'years_at_company', 'authority', 'personality', 'working_style', 'family',
] as const satisfies readonly (keyof ContactRow)[];
export type ContactFields = Omit<ContactRow, 'id' | 'customer_id'>;

export interface CodeHistoryRow {
  code: string;
  valid_from: string;
  valid_to: string | null;
}

/** A derived status change (status_history): what it was, when, and which fact caused it. */
export interface StatusHistoryRow {
  date: string;
  from_status: Status | null;
  to_status: Status;
  cause: StatusCause;
  operator: string;
  reason_category: string | null;
  reason: string | null;
}

/** Every writable column of customers, in insert order (also used by the bulk importer). */
export const CUSTOMER_COLUMNS = [
  'code', 'region', 'serial', 'grade', 'status', 'name', 'name_key', 'name_pinyin', 'name_initials', 'country', 'province', 'city', 'city_code',
  'district', 'foreign_region', 'address', 'postcode', 'phone', 'fax', 'website', 'email', 'legal_rep',
  'registered_capital', 'industry', 'nature', 'type', 'credit_rating', 'supplier_structure', 'source',
  'main_products', 'years_in_business', 'owner', 'stage', 'notes', 'opening_grade', 'opening_confirmed_by',
  'cooperating_since', 'last_order_date', 'previous_order_date', 'lost_date', 'created_on', 'created_by', 'updated_at',
] as const;

const INSERT_CUSTOMER = `INSERT INTO customers (${CUSTOMER_COLUMNS.join(', ')}) VALUES (${CUSTOMER_COLUMNS.map(() => '?').join(', ')})`;

/**
 * The serials of each region (粤GZ0001 …) handed out within one write transaction: each counter read
 * once, counted on in memory, and written back by flush() before the transaction commits. add-customer
 * uses one for its customer, an import one for all its rows; serials only grow and are never reused.
 */
export class RegionSerials {
  private readonly last = new Map<string, number>();
  private readonly dirty = new Set<string>();
  constructor(private readonly db: Db) {}

  private current(region: string): number {
    let n = this.last.get(region);
    if (n === undefined) {
      n = (cachedStatement(this.db, 'SELECT last_serial FROM region_counters WHERE region = ?').pluck().get(region) as number | undefined) ?? 0;
      this.last.set(region, n);
    }
    return n;
  }

  /** The region's next serial. */
  next(region: string): number {
    const n = this.current(region) + 1;
    this.last.set(region, n);
    this.dirty.add(region);
    return n;
  }

  /** Takes a serial given with a code (an import of existing customers): the counter never falls below a serial in use. */
  claim(region: string, serial: number): void {
    if (serial <= this.current(region)) return;
    this.last.set(region, serial);
    this.dirty.add(region);
  }

  flush(): void {
    const upsert = cachedStatement(
      this.db,
      `INSERT INTO region_counters(region, last_serial) VALUES (?, ?)
       ON CONFLICT(region) DO UPDATE SET last_serial = CASE WHEN excluded.last_serial > region_counters.last_serial THEN excluded.last_serial ELSE region_counters.last_serial END`,
    );
    for (const region of this.dirty) upsert.run(region, this.last.get(region));
    this.dirty.clear();
  }
}

const customerValues = new Array<unknown>(CUSTOMER_COLUMNS.length);

const BUFFERED_CUSTOMER_COLUMNS = ['id', ...CUSTOMER_COLUMNS];


export function insertCustomer(db: Db, row: NewCustomerRow): number {
  const r = row as unknown as Record<string, unknown>;
  const buffer = rowBuffer(db);
  if (buffer) return buffer.insert('customers', BUFFERED_CUSTOMER_COLUMNS, r);
  for (let i = 0; i < CUSTOMER_COLUMNS.length; i++) customerValues[i] = r[CUSTOMER_COLUMNS[i]!] ?? null;
  try {
    return Number(cachedStatement(db, INSERT_CUSTOMER).run(customerValues).lastInsertRowid);
  } catch (e) {
    throw hiddenDuplicate(e, () => row.name);
  }
}

const INSERT_CONTACT = `INSERT INTO contacts(customer_id, ${CONTACT_FIELDS.join(', ')}) VALUES (?, ${CONTACT_FIELDS.map(() => '?').join(', ')})`;

const BUFFERED_CONTACT_COLUMNS = ['id', 'customer_id', ...CONTACT_FIELDS];

export function insertContact(db: Db, customerId: number, c: ContactFields): number {
  const buffer = rowBuffer(db);
  if (buffer) return buffer.insert('contacts', BUFFERED_CONTACT_COLUMNS, { ...c, customer_id: customerId });
  return Number(cachedStatement(db, INSERT_CONTACT).run(customerId, ...CONTACT_FIELDS.map((f) => c[f] ?? null)).lastInsertRowid);
}

/** Writes some of a contact's fields. */
export function updateContact(db: Db, id: number, fields: Partial<ContactFields>): void {
  const cols = Object.keys(fields).filter((f) => (CONTACT_FIELDS as readonly string[]).includes(f));
  if (cols.length === 0) return;
  db.prepare(`UPDATE contacts SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...fields, id });
}

export function deleteContact(db: Db, id: number): void {
  db.prepare('DELETE FROM contacts WHERE id = ?').run(id);
}

/**
 * Writes some of a customer's own fields (never its code, status, grade or what its timeline derives),
 * with the time of the change.
 */
export function updateCustomerFields(db: Db, id: number, fields: Record<string, unknown>, updatedAt: string): void {
  const cols = Object.keys(fields).filter((f) => (CUSTOMER_COLUMNS as readonly string[]).includes(f) && !DERIVED_COLUMNS.has(f));
  db.prepare(`UPDATE customers SET ${[...cols.map((c) => `${c} = @${c}`), 'updated_at = @updated_at'].join(', ')} WHERE id = @id`).run({ ...fields, id, updated_at: updatedAt });
}

const DERIVED_COLUMNS = new Set(['code', 'grade', 'status', 'cooperating_since', 'last_order_date', 'previous_order_date', 'lost_date', 'opening_grade', 'opening_confirmed_by', 'created_on', 'created_by', 'updated_at']);

export function customerById(db: Db, id: number): CustomerRow | undefined {
  return db.prepare('SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
}

export function customerByNameKey(db: Db, key: string): CustomerRow | undefined {
  return db.prepare('SELECT * FROM customers WHERE name_key = ?').get(key) as CustomerRow | undefined;
}

/** Finds a customer by its current or any former full code. */
export function customerByCode(db: Db, code: string): CustomerRow | undefined {
  return db
    .prepare('SELECT c.* FROM code_history h JOIN customers c ON c.id = h.customer_id WHERE h.code = ? LIMIT 1')
    .get(code) as CustomerRow | undefined;
}

export function customerByRegionSerial(db: Db, region: string, serial: number): CustomerRow | undefined {
  return db.prepare('SELECT * FROM customers WHERE region = ? AND serial = ?').get(region, serial) as
    | CustomerRow
    | undefined;
}

export function contactsOf(db: Db, customerId: number): ContactRow[] {
  return db.prepare('SELECT * FROM contacts WHERE customer_id = ? ORDER BY id').all(customerId) as ContactRow[];
}

export function codeHistoryOf(db: Db, customerId: number): CodeHistoryRow[] {
  return db
    .prepare('SELECT code, valid_from, valid_to FROM code_history WHERE customer_id = ? ORDER BY valid_from, id')
    .all(customerId) as CodeHistoryRow[];
}

export function statusHistoryOf(db: Db, customerId: number): StatusHistoryRow[] {
  return db
    .prepare('SELECT date, from_status, to_status, cause, operator, reason_category, reason FROM status_history WHERE customer_id = ? ORDER BY seq')
    .all(customerId) as StatusHistoryRow[];
}

/** The same changes newest first (of one date in their order), read as iterated (kehu history). */
export function statusHistoryNewestFirst(db: Db, customerId: number): IterableIterator<StatusHistoryRow> {
  return db
    .prepare('SELECT date, from_status, to_status, cause, operator, reason_category, reason FROM status_history WHERE customer_id = ? ORDER BY date DESC, seq')
    .iterate(customerId) as IterableIterator<StatusHistoryRow>;
}

/** The roles a user holds (none for an unknown name). */
export function rolesOf(db: Db, user: string): Role[] {
  return cachedStatement(db, 'SELECT role FROM user_roles WHERE "user" = ? ORDER BY role').pluck().all(user) as Role[];
}

export interface CustomerFilter {
  grade?: string | undefined;
  status?: string | undefined;
  province?: string | undefined;
  city?: string | undefined;
  district?: string | undefined;
  owner?: string | undefined;
  stage?: number | undefined;
  type?: string | undefined;
  source?: string | undefined;
  /** Substring of the name (matched against the normalised key). */
  nameContains?: string | undefined;
}

/** Sort keys users may ask for, mapped to SQL; never interpolate anything else into ORDER BY. */
export const SORT_COLUMNS = {
  code: 'region, serial',
  name: 'name_key',
  grade: 'grade, region, serial',
  status: 'status, region, serial',
  created: 'created_on, id',
  city: 'province, city, serial',
  owner: 'owner, region, serial',
  'last-order': 'last_order_date, id',
} as const;
export type SortKey = keyof typeof SORT_COLUMNS;

export function listCustomers(
  db: Db,
  filter: CustomerFilter,
  sort: SortKey = 'code',
  descending = false,
  limit?: number,
): CustomerRow[] {
  return [...iterateCustomers(db, filter, sort, descending, limit)];
}

/**
 * The customers of a filter in the sort's order, read one row at a time from the cursor (kehu list streams
 * them: a million rows never sit in memory together). The connection is busy until the iteration ends: no
 * write may run meanwhile.
 */
export function iterateCustomers(
  db: Db,
  filter: CustomerFilter,
  sort: SortKey = 'code',
  descending = false,
  limit?: number,
): IterableIterator<CustomerRow> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const eq = (col: keyof CustomerFilter, sqlCol: string): void => {
    const v = filter[col];
    if (v !== undefined) {
      where.push(`${sqlCol} = @${col}`);
      params[col] = v;
    }
  };
  eq('grade', 'grade');
  eq('status', 'status');
  eq('province', 'province');
  eq('city', 'city');
  eq('district', 'district');
  eq('owner', 'owner');
  eq('stage', 'stage');
  eq('type', 'type');
  eq('source', 'source');
  if (filter.nameContains !== undefined) {
    where.push(`instr(name_key, @nameContains) > 0`);
    params.nameContains = filter.nameContains;
  }
  const order = SORT_COLUMNS[sort]
    .split(', ')
    .map((c) => `${c}${descending ? ' DESC' : ''}`)
    .join(', ');
  const sql =
    `SELECT * FROM customers${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}` +
    (limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(limit))}` : '');
  return db.prepare(sql).iterate(params) as IterableIterator<CustomerRow>;
}

export interface RegionMoveRow {
  customer_id: number;
  date: string;
  from_region: string;
  from_serial: number;
  region: string;
  serial: number;
  operator: string;
  recorded_at: string;
}

/** Records a corrected place and puts the customer under its new region and serial (its timeline then derives the code). */
export function insertRegionMove(db: Db, m: RegionMoveRow): void {
  db.prepare(
    `INSERT INTO region_moves(customer_id, date, from_region, from_serial, region, serial, operator, recorded_at)
     VALUES (@customer_id, @date, @from_region, @from_serial, @region, @serial, @operator, @recorded_at)`,
  ).run(m);
  db.prepare('UPDATE customers SET region = ?, serial = ? WHERE id = ?').run(m.region, m.serial, m.customer_id);
}

/** A customer by the stable part of a code it had before its place was corrected. */
export function customerByFormerPlace(db: Db, region: string, serial: number): CustomerRow | undefined {
  return db
    .prepare('SELECT c.* FROM region_moves m JOIN customers c ON c.id = m.customer_id WHERE m.from_region = ? AND m.from_serial = ? LIMIT 1')
    .get(region, serial) as CustomerRow | undefined;
}
