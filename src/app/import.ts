// kehu import (SPEC 3): customers, visits, orders or users from a file, all-or-nothing in one transaction. Rows go
// through the same validation and the same write path as add-customer, log-visit and log-order; each
// customer whose orders changed has its timeline recomputed once, at the end.

import fs from 'node:fs';
import path from 'node:path';
import { parseCode } from '../core/code.js';
import { parseDateTime } from '../core/dates.js';
import type { Grade, Role, Status } from '../core/enums.js';
import { DomainError, DuplicateCustomer, DuplicateInFile, DuplicateRecord, DuplicateUser, HiddenDuplicateCustomer, InvalidValue, UnknownUser } from '../core/errors.js';
import { nameTakenUnseen } from '../store/grants.js';
import { potentialOn, type Timeline } from '../core/timeline.js';
import * as bulk from '../store/bulk.js';
import { customerByNameKey, customerByRegionSerial, type CustomerRow, customerById, RegionSerials } from '../store/customers.js';
import { deferSearchIndexOfNewRows } from '../store/search.js';
import { recoverable } from '../store/db.js';
import { addRoles, userByName } from '../store/users.js';
import type { AuditedCustomerField } from '../store/audit.js';
import { audit } from './audit.js';
import { type AddCustomerInput, type ContactInput, type Placement, placeCustomer, validateContact, validateCustomer } from './addCustomer.js';
import { type AppContext, zoneOf } from './context.js';
import { findCustomer } from './customers.js';
import { cellText, type EncodingChoice, formatFromName, type ImportKind, type InputFormat, mapHeader, type ReadOptions, readRows, type Rec, type RowSink } from './importReaders.js';
import { validateOrder } from './logOrder.js';
import { validateVisitFor, writeVisit } from './logVisit.js';
import { recordContact, recordCustomer, recordCustomerEdit, recordOrder } from './record.js';
import { assertActive, recordUser, validateUser } from './users.js';
import { advanceTimelinesTx, computeTimeline, InvalidCustomerForOrder, refreshTimeline, timelineAsOf } from './timeline.js';

/** Archive fields an import with --on-duplicate update may overwrite (never code, region, serial, grade or status). */
const UPDATABLE: readonly AuditedCustomerField[] = [
  'name', 'address', 'postcode', 'phone', 'fax', 'website', 'email', 'legal_rep', 'registered_capital', 'industry', 'nature', 'type',
  'credit_rating', 'supplier_structure', 'source', 'main_products', 'years_in_business', 'owner', 'notes',
];

export type { EncodingChoice, ImportKind, InputFormat };
export type OnDuplicate = 'error' | 'skip' | 'update';

/** One rejected row: where (line and column as the file names it) and why. */
export interface Reject {
  line: number;
  column: string;
  value: string;
  error: DomainError;
}

export interface ImportOptions extends ReadOptions {
  kind: ImportKind;
  format?: InputFormat | undefined;
  dryRun?: boolean | undefined;
  onDuplicate?: OnDuplicate | undefined;
  /** Called for every rejected row (the CLI words it and writes --rejects). */
  onReject?: ((r: Reject) => void) | undefined;
  /** Called every few thousand rows with the count so far. */
  onProgress?: ((rows: number) => void) | undefined;
  /** Called once all rows are read and the import commits (indexes rebuilt, the transaction written). */
  onCommit?: (() => void) | undefined;
}

export interface ImportResult {
  kind: ImportKind;
  file: string;
  format: InputFormat;
  encoding: string | null;
  rows: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  dry_run: boolean;
  committed: boolean;
  ignored_columns: string[];
  /** Customers: rows read as further contacts of the customer on the row before (export writes one row per contact). */
  contact_rows: number;
  /** The first 50 rejected rows; all of them went to onReject. */
  rejects: Reject[];
}

const YES = /^(1|y|yes|true|是|√|✓)$/i;

function customerInput(r: Rec): AddCustomerInput {
  const contact: ContactInput | undefined =
    r.contact === undefined
      ? undefined
      : {
          name: r.contact,
          title: r.title,
          mobile: r.mobile,
          phone: r.contact_phone,
          email: r.contact_email,
          birthday: r.birthday,
          notes: r.contact_notes,
          decisionMaker: r.decision_maker !== undefined && YES.test(r.decision_maker.trim()),
          wechat: r.wechat,
          insider: r.insider !== undefined && YES.test(r.insider.trim()),
          insiderStage: r.insider_stage,
          nativePlace: r.native_place,
          age: r.age,
          interests: r.interests,
          yearsAtCompany: r.years_at_company,
          authority: r.authority,
          personality: r.personality,
          workingStyle: r.working_style,
          family: r.family,
        };
  return {
    name: r.name,
    province: r.province,
    city: r.city,
    district: r.district,
    cityCode: r.city_code,
    country: r.country,
    grade: r.grade,
    status: r.status,
    type: r.type,
    source: r.source,
    owner: r.owner,
    stage: r.stage,
    address: r.address,
    postcode: r.postcode,
    phone: r.phone,
    fax: r.fax,
    website: r.website,
    email: r.email,
    legalRep: r.legal_rep,
    registeredCapital: r.registered_capital,
    industry: r.industry,
    nature: r.nature,
    creditRating: r.credit_rating,
    supplierStructure: r.supplier_structure,
    mainProducts: r.main_products,
    yearsInBusiness: r.years_in_business,
    notes: r.notes,
    contacts: contact ? [contact] : [],
    date: r.created_on,
    cooperatingSince: r.cooperating_since,
    lostDate: r.lost_date,
    invalidSince: r.invalid_since,
  };
}

/** The field an error is about, from its option name or its kind. */
function fieldOf(kind: ImportKind, e: DomainError): string {
  const option = typeof e.params.option === 'string' ? e.params.option : typeof e.params.column === 'string' ? e.params.column : undefined;
  if (option !== undefined) {
    const special: Record<string, string> = {
      NAME: 'name',
      '--years': 'years_in_business',
      '--by': 'handler',
      '--contact': 'contact',
      '--role': 'roles',
      '--contact-notes': 'contact_notes',
      '--date': kind === 'customers' ? 'created_on' : 'date',
      STATUS: 'status',
    };
    return special[option] ?? option.replace(/^--/, '').replace(/-/g, '_').replace(/\s*\(#\d+\)$/, '');
  }
  switch (e.key) {
    case 'unknown_province':
      return 'province';
    case 'unknown_place':
    case 'ambiguous_place':
      return 'city';
    case 'duplicate_customer':
    case 'duplicate_customer_hidden':
    case 'duplicate_user':
      return 'name';
    case 'unknown_user':
      return kind === 'customers' ? 'owner' : kind === 'visits' ? 'handler' : 'recorded_by';
    case 'order_on_invalid':
    case 'duplicate_record':
      return kind === 'customers' ? 'created_on' : 'date';
    default:
      return 'code';
  }
}

// ───────────── the import ─────────────

/** Runs an import in one transaction: every row is validated; any rejected row (or --dry-run) rolls all back. */
export async function importRecords(ctx: AppContext, opts: ImportOptions): Promise<ImportResult> {
  const format = opts.format ?? (opts.file === '-' ? 'csv' : formatFromName(opts.file));
  if (!format) throw new InvalidValue('--format-in', path.extname(opts.file) || opts.file, ['csv', 'xlsx', 'json', 'ndjson'], { zh: '用文件扩展名或 --format-in 指明格式', en: 'the file extension or --format-in' });
  const result: ImportResult = {
    kind: opts.kind,
    file: opts.file,
    format,
    encoding: null,
    rows: 0,
    inserted: 0,
    updated: 0,
    skipped: 0,
    contact_rows: 0,
    rejected: 0,
    dry_run: opts.dryRun ?? false,
    committed: false,
    ignored_columns: [],
    rejects: [],
  };
  let fields: (string | undefined)[] = [];
  let labels = new Map<string, string>();
  const reject = (line: number, e: unknown, rec: Rec): void => {
    if (!(e instanceof DomainError)) throw e;
    const field = fieldOf(opts.kind, e);
    const r: Reject = { line, column: labels.get(field) ?? field, value: rec[field] ?? String(e.params.value ?? ''), error: e };
    result.rejected++;
    if (result.rejects.length < 50) result.rejects.push(r);
    opts.onReject?.(r);
  };

  let buffer: { flush: () => void; close: () => void } | undefined;
  bulk.beginImmediate(ctx.db);
  try {
    // The stored timelines are brought to today first, as every write does.
    advanceTimelinesTx(ctx);
    // A file larger than the archive (about 300 bytes a customer row): rebuild secondary indexes once at the end.
    // A smaller one: the search index learns the new customers and contacts at the end, not row by row.
    let restoreIndexes: (() => void) | undefined;
    if (opts.kind === 'customers' && opts.file !== '-' && fileSize(opts.file) / 300 > bulk.customerCount(ctx.db)) {
      restoreIndexes = bulk.deferImportIndexes(ctx.db);
    } else if (opts.kind === 'customers') {
      restoreIndexes = deferSearchIndexOfNewRows(ctx.db);
    }
    // New customers and what comes with them, and new orders, are written a batch at a time where statements
    // are round trips.
    buffer = opts.kind === 'customers' || opts.kind === 'orders' ? bulk.openRowBuffer(ctx.db) : undefined;
    const handler = opts.kind === 'customers' ? customerRows(ctx, opts, result) : opts.kind === 'users' ? userRows(ctx, opts, result) : activityRows(ctx, opts, result);
    const sink: RowSink = {
      header(headers) {
        const m = mapHeader(opts.kind, headers.map((h) => String(h ?? '').trim()), opts.file);
        fields = m.fields;
        labels = m.labels;
        result.ignored_columns = m.ignored;
      },
      row(cells, line) {
        const rec: Rec = {};
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i];
          if (f !== undefined) rec[f] = cellText(cells[i]);
        }
        result.rows++;
        try {
          handler.row(rec, line);
        } catch (e) {
          reject(line, e, rec);
        }
        if (result.rows % 5000 === 0) opts.onProgress?.(result.rows);
      },
    };
    result.encoding = await readRows(opts, format, sink);
    handler.finish(reject);
    opts.onProgress?.(result.rows);
    if (result.rejected === 0 && !result.dry_run) {
      opts.onCommit?.();
      buffer?.flush();
      restoreIndexes?.();
      bulk.commit(ctx.db);
      result.committed = true;
    } else {
      bulk.rollback(ctx.db);
    }
  } finally {
    buffer?.close();
    bulk.rollback(ctx.db);
  }
  return result;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

interface RowHandler {
  row(rec: Rec, line: number): void;
  finish(reject: (line: number, e: unknown, rec: Rec) => void): void;
}

function isUniqueViolation(e: unknown): string | undefined {
  const code = (e as { code?: string }).code;
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE' && code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return undefined;
  return (e as Error).message;
}

/** Customers stream straight into the open transaction; places, users and existing keys are cached. */
function customerRows(ctx: AppContext, opts: ImportOptions, result: ImportResult): RowHandler {
  const existingKeys = bulk.allNameKeys(ctx.db);
  const existingStable = bulk.allStableKeys(ctx.db);
  const users = bulk.allUsers(ctx.db);
  const matched = new Set<number>();
  // The customers this file added, by name key and by region#serial: a later row repeating one is refused here,
  // before anything is written (new rows may still wait in a write buffer, store/rowBuffer.ts).
  const addedKeys = new Set<string>();
  const addedStable = new Set<string>();
  const serials = new RegionSerials(ctx.db);
  const places = new Map<string, Placement | DomainError>();
  const mode = opts.onDuplicate ?? 'error';
  const asOf = timelineAsOf(ctx);
  const operatorRoles = (users.get(ctx.operator)?.roles ?? []) as Role[];
  const place = (i: AddCustomerInput): Placement => {
    const key = `${i.province ?? ''}\u0001${i.city ?? ''}\u0001${i.district ?? ''}\u0001${i.cityCode ?? ''}\u0001${i.country ?? ''}`;
    let p = places.get(key);
    if (p === undefined) {
      try {
        p = placeCustomer(i);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        p = e;
      }
      places.set(key, p);
    }
    if (p instanceof DomainError) throw p;
    return p;
  };

  // The customer of the row before: a row of the same code (or, without codes, the same name) right
  // after it is a further contact of that customer (export writes one row per contact). id null: the
  // customer was skipped or updated, whose contacts an import leaves as they are.
  let previous: { key: string; id: number | null } | undefined;

  return {
    row(rec) {
      const parsed = rec.code === undefined ? undefined : parseCode(rec.code);
      // An export repeats the name as written on every row of a customer: compared as is, not normalised.
      const groupKey = parsed ? `${parsed.region}#${parsed.serial}` : rec.name?.trim() ? `name:${rec.name.trim()}` : undefined;
      if (groupKey !== undefined && previous?.key === groupKey && rec.contact?.trim()) {
        // Only the contact columns of a further row are read: the customer's are those of its first row.
        if (previous.id !== null) recordContact(ctx, previous.id, validateContact(customerInput(rec).contacts![0]!, 0));
        result.contact_rows++;
        return;
      }
      previous = undefined;
      const defaults: { grade?: Grade; status?: Status } = parsed?.kind === 'full' ? { grade: parsed.grade, status: parsed.status } : {};
      // An exported archive keeps when a customer began cooperating or was lost (the status it is entered with).
      const input = customerInput(rec);
      const status = input.status ?? defaults.status;
      if (status !== 'a' && status !== 'c' && input.status === undefined) input.cooperatingSince = undefined;
      if (status !== 'c' && input.status === undefined) input.lostDate = undefined;
      if (status !== 'd' && input.status === undefined) input.invalidSince = undefined;
      // Who entered the customer, kept from an exported archive: a grade A entered by a general manager is confirmed.
      const createdBy = rec.created_by?.trim() || undefined;
      // It is kept as written even when no kehu user has that name (an entry made as the OS user): then it confirms nothing.
      const creator = createdBy === undefined ? undefined : users.get(createdBy);
      const rowCtx = createdBy === undefined || createdBy === ctx.operator ? ctx : { ...ctx, operator: createdBy };
      const v = validateCustomer(rowCtx, input, place, defaults);
      const owner = v.owner === undefined ? undefined : users.get(v.owner);
      if (v.owner !== undefined && owner === undefined) throw new UnknownUser(v.owner);
      if (parsed?.kind === 'full' && (parsed.grade !== v.grade || parsed.status !== v.status)) {
        throw new InvalidValue('code', rec.code!, undefined, { zh: `等级与状态字母应为 ${v.grade}${v.status}，与等级、状态两列一致`, en: `grade and status letters ${v.grade}${v.status} as in the grade and status columns` });
      }
      if (parsed && parsed.region !== v.place.region) {
        throw new InvalidValue('code', rec.code!, undefined, { zh: `应为地区 ${v.place.region} 的代码（由省份和城市两列得出）`, en: `a code of region ${v.place.region} (from the province and city columns)` });
      }
      // An existing customer: by code when the row has one, else by normalised name.
      let existing: CustomerRow | undefined;
      if (parsed && existingStable.has(`${parsed.region}#${parsed.serial}`)) existing = customerByRegionSerial(ctx.db, parsed.region, parsed.serial);
      else if (existingKeys.has(v.key)) {
        existing = customerByNameKey(ctx.db, v.key);
        if (existing && parsed) throw new DuplicateCustomer(v.name, existing.code, existing.name);
      } else if (!addedKeys.has(v.key) && nameTakenUnseen(ctx.db, v.key)) {
        throw new HiddenDuplicateCustomer(v.name);
      }
      if (existing) {
        if (matched.has(existing.id)) throw new DuplicateInFile(parsed ? 'code' : 'name', parsed ? rec.code! : v.name);
        matched.add(existing.id);
        if (mode === 'error') throw new DuplicateCustomer(v.name, existing.code, existing.name);
        if (mode === 'skip') {
          result.skipped++;
          previous = groupKey === undefined ? undefined : { key: groupKey, id: null };
          return;
        }
        if (v.key !== existing.name_key && existingKeys.has(v.key)) throw new DuplicateCustomer(v.name, existing.code, existing.name);
        if (v.key !== existing.name_key && addedKeys.has(v.key)) throw new DuplicateInFile('name', v.name);
        // The row's archive fields that have a value replace the stored ones (never code, region, grade or status).
        const given = v.fields as unknown as Record<string, unknown>;
        const changes = Object.fromEntries(UPDATABLE.filter((f) => given[f] !== null && given[f] !== undefined).map((f) => [f, given[f]]));
        // A deactivated user may stay the owner they are, not become a new one.
        if (owner !== undefined && v.owner !== existing.owner) assertActive({ name: v.owner!, deactivated_on: owner.deactivated_on }, '--owner');
        recordCustomerEdit(ctx, existing, changes);
        if (v.key !== existing.name_key) {
          existingKeys.delete(existing.name_key);
          existingKeys.add(v.key);
        }
        result.updated++;
        previous = groupKey === undefined ? undefined : { key: groupKey, id: null };
        return;
      }
      if (owner !== undefined) assertActive({ name: v.owner!, deactivated_on: owner.deactivated_on }, '--owner');
      if (parsed && addedStable.has(`${parsed.region}#${parsed.serial}`)) throw new DuplicateInFile('code', rec.code!);
      if (addedKeys.has(v.key)) throw new DuplicateInFile('name', v.name);
      try {
        // The same write path as add-customer: the region's next serial, or the one the row's code gives.
        const { id, timeline } = recoverable(ctx.db, () =>
          recordCustomer(rowCtx, v, { serial: parsed?.serial, serials, operatorRoles: createdBy === undefined ? operatorRoles : ((creator?.roles ?? []) as Role[]), asOf }),
        );
        addedKeys.add(v.key);
        const code = parseCode(timeline.code);
        if (code) addedStable.add(`${code.region}#${code.serial}`);
        previous = groupKey === undefined ? undefined : { key: groupKey, id };
      } catch (e) {
        const msg = isUniqueViolation(e);
        if (msg === undefined) throw e;
        if (msg.includes('name_key')) throw new DuplicateInFile('name', v.name);
        throw new DuplicateInFile('code', rec.code ?? v.name);
      }
      result.inserted++;
    },
    finish() {
      serials.flush();
    },
  };
}

/**
 * Visits are numbered in the order they are written. A customer's rows that carry numbers (an export's
 * 序号/seq) continuing its own without gap or repeat are written in that order, so the numbers come back
 * as they were (visits logged out of date order keep theirs); otherwise in date order. `pending` is
 * sorted by customer; each customer's run is reordered in place.
 */
function keepVisitNumbers(ctx: AppContext, pending: PendingRow[]): void {
  for (let i = 0; i < pending.length; ) {
    let j = i;
    while (j < pending.length && pending[j]!.customerId === pending[i]!.customerId) j++;
    const run = pending.slice(i, j);
    const seqs = run.map((p) => (p.rec.seq !== undefined && /^\d+$/.test(p.rec.seq.trim()) ? Number(p.rec.seq) : NaN));
    const from = (customerById(ctx.db, pending[i]!.customerId)?.visit_count ?? 0) + 1;
    const sorted = [...seqs].sort((a, b) => a - b);
    if (sorted.every((s, k) => s === from + k)) {
      const bySeq = run.map((p, k) => [seqs[k]!, p] as const).sort((a, b) => a[0] - b[0]);
      bySeq.forEach(([, p], k) => (pending[i + k] = p));
    }
    i = j;
  }
}

/**
 * Users with their roles (values or Chinese labels, separated by ; , 、 or spaces), through add-user's
 * write path. An existing user: refused, skipped, or with --on-duplicate update given the roles it lacks
 * (none is taken away). A created_at column keeps when each was added.
 */
function userRows(ctx: AppContext, opts: ImportOptions, result: ImportResult): RowHandler {
  const mode = opts.onDuplicate ?? 'error';
  const seen = new Set<string>();
  return {
    row(rec) {
      const u = validateUser(rec.name, (rec.roles ?? '').split(/[;；,，、|\s]+/).filter((r) => r !== ''));
      if (seen.has(u.name)) throw new DuplicateInFile('name', u.name);
      seen.add(u.name);
      const createdAt = rec.created_at?.trim() ? instantOf(rec.created_at.trim()) : undefined;
      if (userByName(ctx.db, u.name)) {
        if (mode === 'error') throw new DuplicateUser(u.name);
        if (mode === 'skip') {
          result.skipped++;
          return;
        }
        const had = userByName(ctx.db, u.name)!.roles;
        addRoles(ctx.db, u.name, u.roles);
        const added = u.roles.filter((r) => !had.includes(r));
        if (added.length) audit(ctx, { customerId: null, entity: 'user', key: u.name, action: 'role', field: 'roles', old: had.join(','), new: [...had, ...added].sort().join(',') });
        result.updated++;
        return;
      }
      recordUser(ctx, u, createdAt);
      result.inserted++;
    },
    finish() {},
  };
}

/** An ISO 8601 instant with its offset (a users export's created_at), as stored: UTC with milliseconds. */
function instantOf(text: string): string {
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(d.getTime())) {
    throw new InvalidValue('created_at', text, undefined, { zh: '给出 ISO 8601 时刻，如 2026-11-23T08:00:00Z', en: 'an ISO 8601 instant such as 2026-11-23T08:00:00Z' });
  }
  return d.toISOString();
}

interface PendingRow {
  line: number;
  rec: Rec;
  customerId: number;
  sortKey: string;
}

/**
 * Visits and orders are gathered first, then applied customer by customer in date order (visits are
 * numbered in the order of their dates), each row in its own savepoint. Orders are facts written as they
 * come; each customer that got orders has its timeline recomputed once after all of them, and an order
 * the facts contradict is rejected with its line.
 */
function activityRows(ctx: AppContext, opts: ImportOptions, result: ImportResult): RowHandler {
  const customers = new Map<string, number>();
  const pending: PendingRow[] = [];
  const usersMap = bulk.allUsers(ctx.db);
  const users = (name: string): { roles: Role[]; deactivated_on: string | null } | undefined => usersMap.get(name) as { roles: Role[]; deactivated_on: string | null } | undefined;
  const mode = opts.onDuplicate ?? 'error';
  const seen = new Set<string>();
  const zone = zoneOf(ctx);
  // Visits do not change a timeline: one per customer serves every stage check of the import.
  const timelines = new Map<number, Timeline>();
  const potentialOnVisit = (id: number) => (day: string): boolean => {
    let t = timelines.get(id);
    if (!t) timelines.set(id, (t = computeTimeline(ctx, id)));
    return potentialOn(t, day);
  };
  return {
    row(rec, line) {
      const code = rec.code ?? '';
      let id = customers.get(code);
      if (id === undefined) {
        id = findCustomer(ctx, code).id;
        customers.set(code, id);
      }
      let sortKey = '';
      try {
        sortKey = parseDateTime(rec.date ?? '', '--date', zone);
      } catch {
        // An unreadable date sorts first and is rejected with its line when the row is applied.
      }
      pending.push({ line, rec, customerId: id, sortKey });
    },
    finish(reject) {
      pending.sort((a, b) => a.customerId - b.customerId || a.sortKey.localeCompare(b.sortKey) || a.line - b.line);
      if (opts.kind === 'visits') keepVisitNumbers(ctx, pending);
      // The line of each order written, and the first line of each customer, for the timeline's refusals.
      const orderLines = new Map<number, PendingRow>();
      const firstRow = new Map<number, PendingRow>();
      // A refused row's writes are taken back (a savepoint); rows that wait in a buffer (orders on a server)
      // are not written yet, and a refusal fails the whole import.
      const applyRow = (fn: () => void): void => (bulk.isBuffering(ctx.db) ? fn() : ctx.db.transaction(fn)());
      for (const p of pending) {
        try {
          applyRow(() => {
            const c = customerById(ctx.db, p.customerId)!;
            const r = p.rec;
            if (opts.kind === 'visits') {
              const v = validateVisitFor(
                ctx,
                c,
                { method: r.method, summary: r.summary, date: r.date ?? '', by: r.handler, role: r.role, contact: r.contact, keyPoint: r.key_point, nextStep: r.next_step, nextDate: r.next_date, stage: r.stage,
                  materials: r.materials, materialsSentAt: r.materials_sent_at, materialsSentBy: r.materials_sent_by, materialsMethod: r.materials_method, materialsNote: r.materials_note },
                users,
                potentialOnVisit(c.id),
              );
              const key = `${c.id}\u0001${v.visitedAt}\u0001${v.handler}\u0001${v.method}\u0001${v.summary}`;
              if (seen.has(key)) throw new DuplicateInFile('date', v.visitedAt);
              seen.add(key);
              if (bulk.visitExists(ctx.db, c.id, v.visitedAt, v.handler, v.method, v.summary)) {
                if (mode === 'error') throw new DuplicateRecord(c.code, v.visitedAt);
                result.skipped++;
                return;
              }
              writeVisit(ctx, v);
            } else {
              const o = validateOrder(ctx, { amount: r.amount, date: r.date ?? '', note: r.note });
              const key = `${c.id}\u0001${o.date}\u0001${o.fen}\u0001${o.note ?? ''}`;
              if (seen.has(key)) throw new DuplicateInFile('date', o.date);
              seen.add(key);
              if (bulk.orderExists(ctx.db, c.id, o.date, o.fen, o.note)) {
                if (mode === 'error') throw new DuplicateRecord(c.code, o.date);
                result.skipped++;
                return;
              }
              // Who recorded it is kept as written, as a customer's creator is (an order logged as the OS user).
              const written = recordOrder(ctx, c, { ...o, recordedBy: r.recorded_by?.trim() }, { refresh: false });
              orderLines.set(written.id, p);
              if (!firstRow.has(c.id)) firstRow.set(c.id, p);
            }
            result.inserted++;
          });
        } catch (e) {
          reject(p.line, e, p.rec);
        }
      }
      // Each customer's timeline once, after all its orders (written first if they wait in a buffer); an
      // imported order dated while the customer is invalid is rejected with its line.
      bulk.flushRowBuffer(ctx.db);
      for (const customerId of firstRow.keys()) {
        const t = refreshTimeline(ctx, customerId);
        for (const c of t.conflicts) {
          const row = c.kind === 'order_on_invalid' ? orderLines.get(c.orderId) : undefined;
          if (c.kind === 'order_on_invalid' && row) reject(row.line, new InvalidCustomerForOrder(customerById(ctx.db, customerId)!.code, c.date, c.invalidSince), row.rec);
        }
      }
      result.rejects.sort((a, b) => a.line - b.line);
    },
  };
}
