// SQL for customers' timelines: reading the facts a timeline is computed from (creation, orders, status and
// grade decisions) and writing what it derives (status, grade and code history, and the customer row's
// status, grade, code and dates). Nothing else writes the derived rows.

import type { Grade, ReasonCategory, Status } from '../core/enums.js';
import { type CustomerFacts, customerTimeline, type DecisionFact, type GradeFact, type OrderFact, type Timeline } from '../core/timeline.js';
import { type Db, indexedBy, isPostgres, listValues, type Statement } from './db.js';
import type { PgDb } from './pg.js';
import { setMeta } from './meta.js';
import { rowBuffer } from './rowBuffer.js';
import { deferIndexes } from './schema.js';
import { deferSearchIndex } from './search.js';

/** The meta key holding the day through which stored timelines include automatic losses. */
export const TIMELINE_AS_OF = 'timeline_as_of';

interface Statements {
  customer: Statement;
  orders: Statement;
  decisions: Statement;
  applications: Statement;
  reclassified: Statement;
  statusRows: Statement;
  gradeRows: Statement;
  codeRows: Statement;
  moves: Statement;
  derived: Statement;
  updateCustomer: Statement;
  updateLastOrder: Statement;
  deleteStatus: Statement;
  deleteGrade: Statement;
  deleteCode: Statement;
  insertStatus: Statement;
  insertGrade: Statement;
  insertCode: Statement;
}

const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    customer: db.prepare('SELECT region, serial, created_on, created_by, opening_grade, opening_confirmed_by FROM customers WHERE id = ?'),
    orders: db.prepare('SELECT id, date, recorded_by AS "by" FROM orders WHERE customer_id = ?'),
    decisions: db.prepare('SELECT id, date, to_status AS "to", kind, reason_category AS category, reason, operator AS "by" FROM status_decisions WHERE customer_id = ?'),
    applications: db.prepare(
      `SELECT a.id, a.kind, a.decided_on AS date, a.to_grade AS "to", a.review_id,
              EXISTS (SELECT 1 FROM approvals p WHERE p.application_id = a.id AND p.decision = 'approve' AND p.role = 'general-manager') AS gm,
              (SELECT p.approver FROM approvals p WHERE p.application_id = a.id ORDER BY p.date DESC, p.id DESC LIMIT 1) AS "by"
       FROM applications a WHERE a.customer_id = ? AND a.status = 'approved'`,
    ),
    reclassified: db.prepare('SELECT id, date, month, score, applied_grade AS "to", reviewer AS "by" FROM reviews WHERE customer_id = ? AND applied_grade IS NOT NULL'),
    statusRows: db.prepare('SELECT date, from_status, to_status, cause, order_id, decision_id, operator, reason_category, reason, code FROM status_history WHERE customer_id = ? ORDER BY seq'),
    gradeRows: db.prepare('SELECT date, from_grade, to_grade, cause, application_id, review_id, operator, reason FROM grade_history WHERE customer_id = ? ORDER BY seq'),
    codeRows: db.prepare('SELECT code, valid_from, valid_to FROM code_history WHERE customer_id = ? ORDER BY valid_from, id'),
    derived: db.prepare(`SELECT ${DERIVED} FROM customers WHERE id = ?`),
    moves: db.prepare('SELECT date, from_region, from_serial, region, serial FROM region_moves WHERE customer_id = ? ORDER BY date, id'),
    updateCustomer: db.prepare(
      `UPDATE customers SET status = @status, grade = @grade, code = @code, cooperating_since = @cooperating_since,
              last_order_date = @last_order_date, previous_order_date = @previous_order_date, lost_date = @lost_date WHERE id = @id`,
    ),
    // Only the last order moved (an order of a cooperating customer): the other indexes stay untouched.
    updateLastOrder: db.prepare('UPDATE customers SET last_order_date = @last_order_date, previous_order_date = @previous_order_date WHERE id = @id'),
    deleteStatus: db.prepare('DELETE FROM status_history WHERE customer_id = ?'),
    deleteGrade: db.prepare('DELETE FROM grade_history WHERE customer_id = ?'),
    deleteCode: db.prepare('DELETE FROM code_history WHERE customer_id = ?'),
    insertStatus: db.prepare(
      `INSERT INTO status_history(customer_id, seq, date, from_status, to_status, cause, order_id, decision_id, operator, reason_category, reason, code)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertGrade: db.prepare(
      `INSERT INTO grade_history(customer_id, seq, date, from_grade, to_grade, cause, application_id, review_id, operator, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertCode: db.prepare('INSERT INTO code_history(customer_id, code, valid_from, valid_to) VALUES (?, ?, ?, ?)'),
  };
  cache.set(db, s);
  return s;
}

const KIND_WORDS: Record<string, string> = { upgrade: '升级 / upgrade', downgrade: '降级 / downgrade', designate: '形象客户 / image designation' };

/** The wording of a review's immediate reclassification (§6.4), kept on the derived grade row. */
export function reclassifyReason(month: string, score: number): string {
  return `${month} 评审 ${score} 分，归入一般客户 / reviewed ${score} in ${month}: general customer`;
}

function gradeFacts(s: Statements, id: number): GradeFact[] {
  const out: GradeFact[] = [];
  for (const a of s.applications.all(id) as { id: number; kind: string; date: string; to: Grade; review_id: number | null; gm: number; by: string }[]) {
    out.push({ date: a.date, to: a.to, applicationId: a.id, reviewId: a.review_id, gmApproved: a.gm === 1, by: a.by, reason: `${KIND_WORDS[a.kind] ?? a.kind} #${a.id}` });
  }
  for (const r of s.reclassified.all(id) as { id: number; date: string; month: string; score: number; to: Grade; by: string }[]) {
    out.push({ date: r.date, to: r.to, applicationId: null, reviewId: r.id, gmApproved: false, by: r.by, reason: reclassifyReason(r.month, r.score) });
  }
  return out;
}

interface CustomerFactRow {
  region: string;
  serial: number;
  created_on: string;
  created_by: string;
  opening_grade: Grade;
  opening_confirmed_by: string | null;
}

/** What is stored of a timeline on the customer row. */
export interface DerivedColumns {
  status: Status;
  grade: Grade;
  code: string;
  cooperating_since: string | null;
  last_order_date: string | null;
  previous_order_date: string | null;
  lost_date: string | null;
}

const DERIVED = 'status, grade, code, cooperating_since, last_order_date, previous_order_date, lost_date';

type MoveRow = { date: string; from_region: string; from_serial: number; region: string; serial: number };

function factsOf(row: CustomerFactRow, orders: OrderFact[], decisions: DecisionFact[], grades: GradeFact[], moves: readonly MoveRow[] = []): CustomerFacts {
  // The row holds the current place; a corrected customer was entered where its first move started.
  const first = moves[0];
  return {
    region: first ? first.from_region : row.region,
    serial: first ? first.from_serial : row.serial,
    ...(moves.length ? { moves: moves.map((m) => ({ date: m.date, region: m.region, serial: m.serial })) } : {}),
    createdOn: row.created_on,
    createdBy: row.created_by,
    openingGrade: row.opening_grade,
    openingGradeConfirmed: row.opening_confirmed_by !== null,
    orders,
    decisions,
    grades,
  };
}

/** Every fact of one customer's timeline, read in one go. */
export function loadFacts(db: Db, customerId: number): CustomerFacts | undefined {
  const s = statements(db);
  const row = s.customer.get(customerId) as CustomerFactRow | undefined;
  if (!row) return undefined;
  return factsOf(row, s.orders.all(customerId) as OrderFact[], s.decisions.all(customerId) as DecisionFact[], gradeFacts(s, customerId), s.moves.all(customerId) as MoveRow[]);
}

function statusValues(t: Timeline): unknown[][] {
  return t.statuses.map((r) => [r.date, r.from, r.to, r.cause, r.orderId, r.decisionId, r.by, r.category, r.reason, r.code]);
}
/** The grade changes; the grade it was created with is the customer row's opening_grade, not a row. */
function gradeValues(t: Timeline): unknown[][] {
  return t.grades.filter((r) => r.cause !== 'created').map((r) => [r.date, r.from, r.to, r.cause, r.applicationId, r.reviewId, r.by, r.reason]);
}
function codeValues(t: Timeline): unknown[][] {
  return t.codes.map((r) => [r.code, r.from, r.to]);
}

/** The columns of the derived history rows, in the order statusValues, gradeValues and codeValues give them after the customer (and seq). */
const STATUS_COLUMNS = ['customer_id', 'seq', 'date', 'from_status', 'to_status', 'cause', 'order_id', 'decision_id', 'operator', 'reason_category', 'reason', 'code'];
const GRADE_COLUMNS = ['customer_id', 'seq', 'date', 'from_grade', 'to_grade', 'cause', 'application_id', 'review_id', 'operator', 'reason'];
const CODE_COLUMNS = ['customer_id', 'code', 'valid_from', 'valid_to'];

function sameRows(stored: unknown[], wanted: unknown[][]): boolean {
  if (stored.length !== wanted.length) return false;
  for (let i = 0; i < wanted.length; i++) {
    const a = Array.isArray(stored[i]) ? (stored[i] as unknown[]) : Object.values(stored[i] as object);
    const b = wanted[i]!;
    for (let k = 0; k < b.length; k++) if (a[k] !== b[k]) return false;
  }
  return true;
}

/**
 * Writes what a timeline derives for one customer, inside the caller's transaction: the customer row's
 * status, grade, code and dates, and its status, grade and code history, each rewritten only where it
 * differs from what is stored. `fresh`: the customer has no derived rows yet (a new customer);
 * `rowWritten`: its row was inserted with what the timeline derives.
 */
export function writeTimeline(
  db: Db,
  customerId: number,
  t: Timeline,
  { fresh = false, rowWritten = false, stored }: { fresh?: boolean; rowWritten?: boolean; stored?: DerivedColumns } = {},
): void {
  const s = statements(db);
  if (!rowWritten) {
    // Updated only where it changed, and then no more columns than changed: every column set is an
    // index entry rewritten (a migration recomputes a million rows, most of them unchanged).
    const now = stored ?? (s.derived.get(customerId) as DerivedColumns);
    const values = { id: customerId, ...derivedColumns(t) };
    const same = now.status === values.status && now.grade === values.grade && now.code === values.code && now.cooperating_since === values.cooperating_since && now.lost_date === values.lost_date;
    if (!same) s.updateCustomer.run(values);
    else if (now.last_order_date !== values.last_order_date || now.previous_order_date !== values.previous_order_date) s.updateLastOrder.run(values);
  }
  const buffer = fresh ? rowBuffer(db) : undefined;
  if (buffer) {
    // A new customer's rows in an import on a server: written with the batch (store/rowBuffer.ts).
    statusValues(t).forEach((v, i) => buffer.add('status_history', STATUS_COLUMNS, [customerId, i + 1, ...v]));
    gradeValues(t).forEach((v, i) => buffer.add('grade_history', GRADE_COLUMNS, [customerId, i + 1, ...v]));
    for (const v of codeValues(t)) buffer.add('code_history', CODE_COLUMNS, [customerId, ...v]);
    return;
  }
  const status = statusValues(t);
  if (fresh || !sameRows(s.statusRows.all(customerId), status)) {
    if (!fresh) s.deleteStatus.run(customerId);
    status.forEach((v, i) => s.insertStatus.run(customerId, i + 1, ...v));
  }
  const grade = gradeValues(t);
  if (fresh || !sameRows(s.gradeRows.all(customerId), grade)) {
    if (!fresh) s.deleteGrade.run(customerId);
    grade.forEach((v, i) => s.insertGrade.run(customerId, i + 1, ...v));
  }
  const code = codeValues(t);
  if (fresh || !sameRows(s.codeRows.all(customerId), code)) {
    if (!fresh) s.deleteCode.run(customerId);
    for (const v of code) s.insertCode.run(customerId, ...v);
  }
}

/** The customer row's columns a timeline gives. */
function derivedColumns(t: Timeline): DerivedColumns {
  return {
    status: t.status,
    grade: t.grade,
    code: t.code,
    cooperating_since: t.cooperatingSince,
    last_order_date: t.lastOrder,
    previous_order_date: t.previousOrder,
    lost_date: t.lostDate,
  };
}

/** What is stored of one customer's timeline: the row's derived columns and its three histories. */
export interface StoredTimeline {
  row: DerivedColumns;
  statuses: unknown[];
  grades: unknown[];
  codes: unknown[];
}

/** The differences between a stored timeline and the one the facts give, in words (empty: none). */
export function differencesFrom(stored: StoredTimeline, t: Timeline): string[] {
  const out: string[] = [];
  const want = derivedColumns(t);
  for (const k of Object.keys(want) as (keyof DerivedColumns)[]) {
    if (stored.row[k] !== want[k]) out.push(`${k} is ${stored.row[k] ?? '—'}, the facts give ${want[k] ?? '—'}`);
  }
  const describe = (rows: unknown[]): string => rows.map((r) => (Array.isArray(r) ? r : Object.values(r as object)).slice(0, 4).join(' ')).join('; ');
  const status = statusValues(t);
  if (!sameRows(stored.statuses, status)) out.push(`status history [${describe(stored.statuses)}], the facts give [${describe(status)}]`);
  const grade = gradeValues(t);
  if (!sameRows(stored.grades, grade)) out.push(`grade history [${describe(stored.grades)}], the facts give [${describe(grade)}]`);
  const code = codeValues(t);
  if (!sameRows(stored.codes, code)) out.push(`code history [${describe(stored.codes)}], the facts give [${describe(code)}]`);
  return out;
}

/** The stored timelines of the customers with ids in [lo, hi], read in three range queries (the check of a whole file). */
export function storedTimelines(db: Db, lo: number, hi: number, rows: ReadonlyMap<number, DerivedColumns>): Map<number, StoredTimeline> {
  const out = new Map<number, StoredTimeline>();
  for (const [id, row] of rows) out.set(id, { row, statuses: [], grades: [], codes: [] });
  const fill = (sql: string, key: 'statuses' | 'grades' | 'codes'): void => {
    for (const r of db.prepare(sql).raw().all(lo, hi) as unknown[][]) out.get(r[0] as number)?.[key].push(r.slice(1));
  };
  fill('SELECT customer_id, date, from_status, to_status, cause, order_id, decision_id, operator, reason_category, reason, code FROM status_history WHERE customer_id BETWEEN ? AND ? ORDER BY customer_id, seq', 'statuses');
  fill('SELECT customer_id, date, from_grade, to_grade, cause, application_id, review_id, operator, reason FROM grade_history WHERE customer_id BETWEEN ? AND ? ORDER BY customer_id, seq', 'grades');
  fill('SELECT customer_id, code, valid_from, valid_to FROM code_history WHERE customer_id BETWEEN ? AND ? ORDER BY customer_id, valid_from, id', 'codes');
  return out;
}

/**
 * Cooperating customers whose automatic loss may fall on or before a day: their last order and the start
 * of their cooperation are both on or before `cutoff` (core lossCandidateCutoff: the whole month six
 * months back), which the caller checks exactly. Two ranges of customers_status(status, last_order_date,
 * cooperating_since), so a day reads only the customers near their loss.
 */
export function lossCandidates(db: Db, cutoff: string): { id: number; last_order_date: string | null; cooperating_since: string }[] {
  return db
    .prepare(
      `SELECT id, last_order_date, cooperating_since FROM customers WHERE status = 'a' AND last_order_date <= @cutoff AND cooperating_since <= @cutoff
       UNION SELECT id, last_order_date, cooperating_since FROM customers WHERE status = 'a' AND last_order_date IS NULL AND cooperating_since <= @cutoff ORDER BY id`,
    )
    .all({ cutoff }) as { id: number; last_order_date: string | null; cooperating_since: string }[];
}

/** Customers with an automatic loss dated after a day (a clock set back: those losses are not due yet). */
export function lossesAfter(db: Db, date: string): number[] {
  return db.prepare("SELECT DISTINCT customer_id FROM status_history WHERE date > ? AND cause = 'auto_loss' ORDER BY customer_id").pluck().all(date) as number[];
}

/**
 * Every customer's facts in id order, a batch of ids at a time (three range reads: customers, orders,
 * decisions) instead of queries per customer: what the migration and the check recompute a whole file
 * from. Nothing is left iterating between batches, so the caller may write. Orders come from the
 * covering index, without who recorded them (fillOrderRecorders adds that where a timeline needs it).
 */
export function* allFactBatches(db: Db, batch = 20_000): Generator<[number, CustomerFacts, DerivedColumns][]> {
  const s = statements(db);
  const customers = db.prepare(`SELECT id, region, serial, created_on, created_by, opening_grade, opening_confirmed_by, ${DERIVED} FROM customers WHERE id >= ? AND id < ? ORDER BY id`);
  const orders = db.prepare(`SELECT customer_id, id, date FROM orders ${indexedBy(db, 'orders_customer_date')} WHERE customer_id >= ? AND customer_id < ? ORDER BY customer_id`).raw();
  const decisions = db
    .prepare('SELECT customer_id, id, date, to_status, kind, reason_category, reason, operator FROM status_decisions WHERE customer_id >= ? AND customer_id < ? ORDER BY customer_id')
    .raw();
  const graded = new Set(db.prepare("SELECT customer_id FROM applications WHERE status = 'approved' UNION SELECT customer_id FROM reviews WHERE applied_grade IS NOT NULL").pluck().all() as number[]);
  const moved = new Set(db.prepare('SELECT DISTINCT customer_id FROM region_moves').pluck().all() as number[]);
  const top = db.prepare('SELECT coalesce(max(id), 0) FROM customers').pluck().get() as number;
  for (let lo = 0; lo <= top; lo += batch) {
    const hi = lo + batch;
    const cs = customers.all(lo, hi) as (CustomerFactRow & DerivedColumns & { id: number })[];
    const os = orders.all(lo, hi) as [number, number, string][];
    const ds = decisions.all(lo, hi) as [number, number, string, Status, 'manual' | 'opening', ReasonCategory | null, string | null, string][];
    const out: [number, CustomerFacts, DerivedColumns][] = [];
    let oi = 0;
    let di = 0;
    for (const c of cs) {
      const ofC: OrderFact[] = [];
      while (oi < os.length && os[oi]![0] < c.id) oi++;
      for (; oi < os.length && os[oi]![0] === c.id; oi++) ofC.push({ id: os[oi]![1], date: os[oi]![2], by: '' });
      const dfC: DecisionFact[] = [];
      while (di < ds.length && ds[di]![0] < c.id) di++;
      for (; di < ds.length && ds[di]![0] === c.id; di++) {
        const [, id, date, to, kind, category, reason, operator] = ds[di]!;
        dfC.push({ id, date, to, kind, category, reason, by: operator });
      }
      out.push([c.id, factsOf(c, ofC, dfC, graded.has(c.id) ? gradeFacts(s, c.id) : [], moved.has(c.id) ? (s.moves.all(c.id) as MoveRow[]) : []), c]);
    }
    if (out.length) yield out;
  }
}

/** Fills in who recorded the orders that caused a status change (allFactBatches leaves them blank), one query for all. */
export function fillOrderRecorders(db: Db, timelines: readonly Timeline[]): void {
  const rows = timelines.flatMap((t) => t.statuses.filter((r) => r.orderId !== null && r.by === ''));
  if (!rows.length) return;
  const by = new Map(
    db
      .prepare(`SELECT id, recorded_by FROM orders WHERE id IN (${listValues(db, '?', 'int')})`)
      .raw()
      .all(JSON.stringify(rows.map((r) => r.orderId))) as [number, string][],
  );
  for (const r of rows) r.by = by.get(r.orderId!) ?? '';
}

/** Recomputes and writes every customer's timeline as of a day; `fresh`: the derived tables are empty. */
export function recomputeAll(db: Db, asOf: string, { fresh = false }: { fresh?: boolean } = {}): number {
  let n = 0;
  for (const batch of allFactBatches(db)) {
    const timelines = batch.map(([, facts]) => customerTimeline(facts, asOf));
    fillOrderRecorders(db, timelines);
    if (fresh && isPostgres(db)) writeFreshBatch(db, batch, timelines);
    else batch.forEach(([id, , stored], i) => writeTimeline(db, id, timelines[i]!, { fresh, stored }));
    n += batch.length;
  }
  return n;
}

/**
 * writeTimeline for a batch of customers without derived rows yet, on PostgreSQL, where each statement is a
 * round trip: the same rows and columns in a few statements (the histories by COPY, the changed customer rows
 * by one UPDATE from a JSON list) instead of several statements a customer.
 */
function writeFreshBatch(db: PgDb & Db, batch: readonly [number, CustomerFacts, DerivedColumns][], timelines: readonly Timeline[]): void {
  const changed: ({ id: number } & DerivedColumns)[] = [];
  const status: unknown[][] = [];
  const grade: unknown[][] = [];
  const code: unknown[][] = [];
  batch.forEach(([id, , stored], i) => {
    const t = timelines[i]!;
    const values = derivedColumns(t);
    if ((Object.keys(values) as (keyof DerivedColumns)[]).some((k) => stored[k] !== values[k])) changed.push({ id, ...values });
    statusValues(t).forEach((v, k) => status.push([id, k + 1, ...v]));
    gradeValues(t).forEach((v, k) => grade.push([id, k + 1, ...v]));
    for (const v of codeValues(t)) code.push([id, ...v]);
  });
  if (changed.length) {
    db.prepare(
      `UPDATE customers c SET status = v.status, grade = v.grade, code = v.code, cooperating_since = v.cooperating_since,
              last_order_date = v.last_order_date, previous_order_date = v.previous_order_date, lost_date = v.lost_date
       FROM json_to_recordset(?::json) AS v(id bigint, status text, grade text, code text, cooperating_since text, last_order_date text, previous_order_date text, lost_date text)
       WHERE c.id = v.id`,
    ).run(JSON.stringify(changed));
  }
  if (status.length) db.copyIn('status_history', STATUS_COLUMNS, status);
  if (grade.length) db.copyIn('grade_history', GRADE_COLUMNS, grade);
  if (code.length) db.copyIn('code_history', CODE_COLUMNS, code);
}

/**
 * After a file was migrated from before TIMELINE_RULES_VERSION, in the migration's transaction: every
 * timeline recomputed from the facts as of the latest day the file knows (a session then brings them to
 * today), the indexes the recomputation rewrites built once afterwards. A file without facts has nothing.
 */
export function recomputeMigrated(db: Db, phase: (name: string) => void): void {
  const asOf = db
    .prepare(
      `SELECT max(d) FROM (SELECT max(date) AS d FROM orders UNION ALL SELECT max(date) FROM status_decisions
       UNION ALL SELECT max(created_on) FROM customers UNION ALL SELECT max(decided_on) FROM applications UNION ALL SELECT max(date) FROM reviews)`,
    )
    .pluck()
    .get() as string | null;
  if (asOf === null) return;
  const fresh = db.prepare('SELECT 1 FROM status_history LIMIT 1').get() === undefined;
  recomputeWritten(db, asOf, { fresh, phase });
}

/**
 * Recomputes every timeline of a file written in bulk (a migration, a loaded archive) as of a day, in the
 * caller's transaction: the customer row's indexes on what a timeline derives, and the derived tables',
 * are built once afterwards (those on the archive fields stay); the as-of day is recorded.
 */
export function recomputeWritten(db: Db, asOf: string, { fresh, phase = () => {} }: { fresh: boolean; phase?: (name: string) => void }): number {
  const restore = deferIndexes(db, ['customers', 'status_history', 'grade_history', 'code_history'], { keep: ['customers_owner', 'customers_province_city'] });
  // New codes would reach the search index one by one, each write-out merging a large index: built once after.
  const search = deferSearchIndex(db);
  const n = recomputeAll(db, asOf, { fresh });
  phase('recompute');
  restore();
  search();
  phase('indexes');
  setMeta(db, TIMELINE_AS_OF, asOf);
  return n;
}
