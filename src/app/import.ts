// Bulk import of customers, visits and orders from CSV (UTF-8, BOM, GBK), XLSX, JSON and NDJSON, all-or-nothing.

import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseCode, stableCode } from '../core/code.js';
import { parseDate, parseDateTime } from '../core/dates.js';
import type { Grade, Role, Status } from '../core/enums.js';
import {
  DomainError,
  DuplicateCustomer,
  DuplicateInFile,
  DuplicateRecord,
  InvalidValue,
  MalformedImport,
  UnknownUser,
  WrongEncoding,
} from '../core/errors.js';
import * as bulk from '../store/bulk.js';
import { customerByNameKey, customerByRegionSerial, type CustomerRow, customerById, type NewCustomerRow } from '../store/customers.js';
import { recordOrder, validateOrder, validateVisitFor, writeVisit } from './activity.js';
import { type AppContext, timestamp } from './context.js';
import { type AddCustomerInput, type ContactInput, findCustomer, type Placement, placeCustomer, validateCustomer } from './customers.js';

export type ImportKind = 'customers' | 'visits' | 'orders';
export type InputFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';
export type EncodingChoice = 'auto' | 'utf8' | 'gbk';
export type OnDuplicate = 'error' | 'skip' | 'update';

/** One rejected row: where (line and column as the file names it) and why. */
export interface Reject {
  line: number;
  column: string;
  value: string;
  error: DomainError;
}

export interface ImportOptions {
  kind: ImportKind;
  /** A file path, or '-' for standard input. */
  file: string;
  /** Standard input when file is '-' (a parameter so tests and the CLI choose). */
  stdin?: Readable;
  format?: InputFormat | undefined;
  encoding?: EncodingChoice | undefined;
  sheet?: string | undefined;
  dryRun?: boolean | undefined;
  onDuplicate?: OnDuplicate | undefined;
  /** Called for every rejected row (the CLI words it and writes --rejects). */
  onReject?: ((r: Reject) => void) | undefined;
  /** Called every few thousand rows with the count so far. */
  onProgress?: ((rows: number) => void) | undefined;
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
  /** The first 50 rejected rows; all of them went to onReject. */
  rejects: Reject[];
}

// ───────────── column names ─────────────

/** Accepted header spellings of each field, English keys and the record forms' Chinese names. */
const CUSTOMER_COLUMNS: Record<string, string[]> = {
  code: ['客户代码', '代码'],
  name: ['单位名称', '客户名称', '公司名称', '名称'],
  province: ['省份', '省'],
  city: ['城市', '地市', '市'],
  district: ['区县', '区/县'],
  city_code: ['城市缩写', '城市代码'],
  country: ['国家'],
  grade: ['客户等级', '等级'],
  status: ['客户状态', '状态'],
  type: ['客户类型', '类型'],
  source: ['客户来源', '来源'],
  owner: ['负责人'],
  stage: ['开发阶段', '阶段'],
  address: ['地址'],
  postcode: ['邮编', '邮政编码'],
  phone: ['电话'],
  fax: ['传真'],
  website: ['网址'],
  email: ['e-mail', '邮箱', '电子邮件'],
  legal_rep: ['法人代表', '法人'],
  registered_capital: ['注册资金', '注册资本'],
  industry: ['行业'],
  nature: ['客户性质', '性质'],
  credit_rating: ['信用等级'],
  supplier_structure: ['供应商结构'],
  main_products: ['主营产品'],
  years_in_business: ['经营年限', 'years'],
  notes: ['备注'],
  contact: ['联系人'],
  title: ['部门', '职位', '职务', '部门/职位', '部门/职务'],
  mobile: ['手机'],
  contact_phone: ['联系人电话'],
  contact_email: ['联系人邮箱'],
  birthday: ['生日'],
  contact_notes: ['联系人备注'],
  decision_maker: ['决策人'],
  created_on: ['date', '建档日期'],
  cooperating_since: ['合作起始'],
  lost_date: ['流失日期'],
};

const VISIT_COLUMNS: Record<string, string[]> = {
  code: ['客户代码', '代码'],
  date: ['日期', '拜访日期', 'visited_at'],
  method: ['方式', '联系方式', '拜访方式'],
  handler: ['经办人', 'by'],
  role: ['角色'],
  contact: ['联系人'],
  summary: ['具体情况'],
  key_point: ['关键点信息反馈', '关键点'],
  next_step: ['下一步'],
  next_date: ['下次联系', '下次联系日期'],
  stage: ['开发阶段'],
};

const ORDER_COLUMNS: Record<string, string[]> = {
  code: ['客户代码', '代码'],
  date: ['日期', '订货日期'],
  amount: ['金额', '订货金额'],
  note: ['备注'],
  recorded_by: ['经办人', 'handler'],
};

const COLUMNS: Record<ImportKind, Record<string, string[]>> = { customers: CUSTOMER_COLUMNS, visits: VISIT_COLUMNS, orders: ORDER_COLUMNS };
const REQUIRED: Record<ImportKind, string[]> = { customers: ['name'], visits: ['code'], orders: ['code'] };

function headerKey(h: string): string {
  return h.normalize('NFKC').replace(/[\s\u3000]+/g, '').replace(/-/g, '_').toLowerCase();
}

function headerIndex(kind: ImportKind): Map<string, string> {
  const out = new Map<string, string>();
  for (const [field, aliases] of Object.entries(COLUMNS[kind])) {
    out.set(headerKey(field), field);
    for (const a of aliases) out.set(headerKey(a), field);
  }
  return out;
}

/** The field each header names (undefined for columns we do not know), checked for duplicates and required columns. */
function mapHeader(kind: ImportKind, headers: string[], file: string): { fields: (string | undefined)[]; labels: Map<string, string>; ignored: string[] } {
  const index = headerIndex(kind);
  const labels = new Map<string, string>();
  const ignored: string[] = [];
  const fields = headers.map((h) => {
    const field = index.get(headerKey(h));
    if (field === undefined) {
      if (h.trim() !== '') ignored.push(h);
      return undefined;
    }
    if (labels.has(field)) throw new MalformedImport(file, `columns "${labels.get(field)}" and "${h}" both give ${field}`);
    labels.set(field, h);
    return field;
  });
  for (const r of REQUIRED[kind]) if (!labels.has(r)) throw new MalformedImport(file, `no "${r}" column (${COLUMNS[kind][r]![0]})`);
  return { fields, labels, ignored };
}

// ───────────── reading: encodings and formats ─────────────

export function formatFromName(file: string): InputFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return undefined;
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Decodes a byte stream to text: a BOM wins, then strict UTF-8, then GB18030 (a superset of GBK,
 * what Excel in China saves as "CSV"). A forced encoding skips the guess. Invalid bytes are an error.
 */
async function* decodeText(bytes: AsyncIterable<Buffer>, choice: EncodingChoice, file: string, found: { encoding: string | null }): AsyncGenerator<string> {
  const it = bytes[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLen = 0;
  let ended = false;
  while (headLen < SNIFF_BYTES) {
    const n = await it.next();
    if (n.done) {
      ended = true;
      break;
    }
    const b = Buffer.isBuffer(n.value) ? n.value : Buffer.from(n.value);
    head.push(b);
    headLen += b.length;
  }
  let first = Buffer.concat(head);
  let encoding: 'utf8' | 'gb18030' | 'utf16le';
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    encoding = 'utf8';
    first = first.subarray(3);
  } else if (first[0] === 0xff && first[1] === 0xfe) {
    encoding = 'utf16le';
    first = first.subarray(2);
  } else if (choice === 'utf8') encoding = 'utf8';
  else if (choice === 'gbk') encoding = 'gb18030';
  else {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: !ended });
      encoding = 'utf8';
    } catch {
      encoding = 'gb18030';
    }
  }
  found.encoding = encoding === 'utf8' ? 'utf-8' : encoding === 'utf16le' ? 'utf-16le' : 'gb18030';
  let offset = 0;
  if (encoding === 'gb18030') {
    const iconv = (await import('iconv-lite')).default;
    const dec = iconv.getDecoder('gb18030');
    // iconv-lite never throws: U+FFFD marks bytes that are not GB18030.
    const check = (s: string): string => {
      const bad = s.indexOf('\ufffd');
      if (bad >= 0) throw new WrongEncoding(file, 'GB18030/GBK', offset + bad);
      return s;
    };
    yield check(dec.write(first));
    offset += first.length;
    if (!ended) {
      for (let n = await it.next(); !n.done; n = await it.next()) {
        yield check(dec.write(n.value));
        offset += n.value.length;
      }
    }
    const tail = dec.end();
    if (tail) yield check(tail);
    return;
  }
  const dec = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'utf-16le', { fatal: true });
  const decode = (b: Uint8Array, stream: boolean): string => {
    try {
      return dec.decode(b, { stream });
    } catch {
      throw new WrongEncoding(file, encoding === 'utf8' ? 'UTF-8' : 'UTF-16', offset);
    }
  };
  yield decode(first, !ended);
  offset += first.length;
  if (!ended) {
    for (let n = await it.next(); !n.done; n = await it.next()) {
      yield decode(n.value, true);
      offset += n.value.length;
    }
    yield decode(new Uint8Array(0), false);
  }
}

function openBytes(opts: ImportOptions): Readable {
  if (opts.file === '-') return opts.stdin ?? process.stdin;
  try {
    fs.accessSync(opts.file, fs.constants.R_OK);
  } catch (e) {
    throw new MalformedImport(opts.file, (e as Error).message);
  }
  return fs.createReadStream(opts.file, { highWaterMark: 256 * 1024 });
}

/** Receives records: the header once, then each row's cells with its line number. */
interface RowSink {
  header(headers: string[]): void;
  row(cells: readonly unknown[], line: number): void;
}

async function readCsv(opts: ImportOptions, sink: RowSink, found: { encoding: string | null }): Promise<void> {
  const Papa = (await import('papaparse')).default;
  const text = Readable.from(decodeText(openBytes(opts), opts.encoding ?? 'auto', opts.file, found), { objectMode: true });
  let line = 0;
  let failure: Error | undefined;
  let headerSeen = false;
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(text as unknown as File, {
      header: false,
      skipEmptyLines: false,
      delimitersToGuess: [',', '\t', ';'],
      step(results, parser) {
        line++;
        if (failure !== undefined) return;
        const cells = results.data;
        try {
          if (!headerSeen) {
            headerSeen = true;
            sink.header(cells);
          } else if (!(cells.length === 1 && cells[0] === '')) sink.row(cells, line);
        } catch (e) {
          failure = e as Error;
          parser.abort();
        }
      },
      complete: () => (failure === undefined ? resolve() : reject(failure)),
      error: (e: Error) => reject((failure) ?? e),
    });
  });
  if (!headerSeen) throw new MalformedImport(opts.file, 'the file is empty');
}

function readAllText(opts: ImportOptions, found: { encoding: string | null }): AsyncGenerator<string> {
  return decodeText(openBytes(opts), opts.encoding ?? 'auto', opts.file, found);
}

/** JSON arrays and NDJSON: objects whose keys are the column names; a key first seen later adds a column. */
function objectRows(sink: RowSink, file: string): { push(value: unknown, line: number): void } {
  const headers: string[] = [];
  const index = new Map<string, number>();
  let announced = -1;
  return {
    push(value, line) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MalformedImport(file, `record ${line} is not an object`);
      const obj = value as Record<string, unknown>;
      for (const k of Object.keys(obj)) {
        if (!index.has(k)) {
          index.set(k, headers.length);
          headers.push(k);
        }
      }
      if (announced !== headers.length) {
        sink.header([...headers]);
        announced = headers.length;
      }
      const cells = new Array<unknown>(headers.length).fill('');
      for (const [k, v] of Object.entries(obj)) cells[index.get(k)!] = v;
      sink.row(cells, line);
    },
  };
}

async function readJson(opts: ImportOptions, sink: RowSink, found: { encoding: string | null }): Promise<void> {
  let text = '';
  for await (const s of readAllText(opts, found)) text += s;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new MalformedImport(opts.file, (e as Error).message);
  }
  if (!Array.isArray(data)) throw new MalformedImport(opts.file, 'expected a JSON array of objects');
  const rows = objectRows(sink, opts.file);
  data.forEach((v, i) => rows.push(v, i + 1));
  if (data.length === 0) sink.header([]);
}

async function readNdjson(opts: ImportOptions, sink: RowSink, found: { encoding: string | null }): Promise<void> {
  const rows = objectRows(sink, opts.file);
  let rest = '';
  let line = 0;
  const handle = (l: string): void => {
    line++;
    if (l.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(l);
    } catch (e) {
      throw new MalformedImport(opts.file, `line ${line}: ${(e as Error).message}`);
    }
    rows.push(v, line);
  };
  for await (const s of readAllText(opts, found)) {
    const parts = (rest + s).split('\n');
    rest = parts.pop()!;
    for (const p of parts) handle(p);
  }
  if (rest !== '') handle(rest);
}

function xlsxCell(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, v.getUTCHours() || v.getUTCMinutes() ? 16 : 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return xlsxCell(o.result);
    if (o.text !== undefined) return xlsxCell(o.text);
    return '';
  }
  return v;
}

async function readXlsx(opts: ImportOptions, sink: RowSink): Promise<void> {
  // exceljs costs 300–480 ms to load (BASELINES.md): only this path imports it.
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const chunks: Buffer[] = [];
  for await (const c of openBytes(opts)) chunks.push(c as Buffer);
  try {
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  } catch (e) {
    throw new MalformedImport(opts.file, `not a readable .xlsx workbook (${(e as Error).message})`);
  }
  const ws = opts.sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(opts.sheet);
  if (!ws) throw new MalformedImport(opts.file, opts.sheet === undefined ? 'the workbook has no sheet' : `no sheet "${opts.sheet}" (sheets: ${wb.worksheets.map((w) => w.name).join(', ')})`);
  let headerSeen = false;
  let width = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[];
    if (!headerSeen) {
      headerSeen = true;
      const headers = values.slice(1).map((v) => String(xlsxCell(v)));
      width = headers.length;
      sink.header(headers);
      return;
    }
    const cells: unknown[] = [];
    for (let i = 1; i <= width; i++) cells.push(xlsxCell(values[i]));
    if (cells.every((c) => c === '')) return;
    sink.row(cells, rowNumber);
  });
  if (!headerSeen) throw new MalformedImport(opts.file, 'the first sheet is empty');
}

async function readRows(opts: ImportOptions, format: InputFormat, sink: RowSink): Promise<string | null> {
  const found: { encoding: string | null } = { encoding: null };
  if (format === 'csv') await readCsv(opts, sink, found);
  else if (format === 'json') await readJson(opts, sink, found);
  else if (format === 'ndjson') await readNdjson(opts, sink, found);
  else await readXlsx(opts, sink);
  return found.encoding;
}

// ───────────── rows to inputs ─────────────

type Rec = Record<string, string | undefined>;

function cellText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
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
      '--contact': kind === 'customers' ? 'contact' : 'contact',
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
      return 'name';
    case 'unknown_user':
      return kind === 'customers' ? 'owner' : kind === 'visits' ? 'handler' : 'recorded_by';
    case 'date_before_history':
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
  if (!format) throw new InvalidValue('--format-in', path.extname(opts.file) || opts.file, ['csv', 'xlsx', 'json', 'ndjson'], 'the file extension or --format-in');
  const result: ImportResult = {
    kind: opts.kind,
    file: opts.file,
    format,
    encoding: null,
    rows: 0,
    inserted: 0,
    updated: 0,
    skipped: 0,
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

  bulk.beginImmediate(ctx.db);
  try {
    // A file larger than the archive (about 300 bytes a customer row): rebuild secondary indexes once at the end.
    let restoreIndexes: (() => void) | undefined;
    if (opts.kind === 'customers' && opts.file !== '-' && fileSize(opts.file) / 300 > bulk.customerCount(ctx.db)) {
      restoreIndexes = bulk.deferIndexes(ctx.db);
    }
    const handler = opts.kind === 'customers' ? customerRows(ctx, opts, result) : activityRows(ctx, opts, result);
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
      restoreIndexes?.();
      bulk.commit(ctx.db);
      result.committed = true;
    } else {
      bulk.rollback(ctx.db);
    }
  } finally {
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
  const writer = bulk.customerWriter(ctx.db);
  const existingKeys = bulk.allNameKeys(ctx.db);
  const existingStable = bulk.allStableKeys(ctx.db);
  const users = bulk.allUsers(ctx.db);
  const matched = new Set<number>();
  const counters = new Map<string, number>();
  const places = new Map<string, Placement | DomainError>();
  const mode = opts.onDuplicate ?? 'error';
  const now = timestamp(ctx);
  const firstNewId = writer.maxId();
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
  const counter = (region: string): number => {
    let c = counters.get(region);
    if (c === undefined) {
      c = writer.counter(region);
      counters.set(region, c);
    }
    return c;
  };

  return {
    row(rec) {
      const parsed = rec.code === undefined ? undefined : parseCode(rec.code);
      const defaults: { grade?: Grade; status?: Status } = parsed?.kind === 'full' ? { grade: parsed.grade, status: parsed.status } : {};
      const v = validateCustomer(ctx, customerInput(rec), place, defaults);
      // An exported archive keeps when a customer began cooperating or was lost.
      if (v.status === 'a' && rec.cooperating_since !== undefined) v.fields.cooperating_since = parseDate(rec.cooperating_since, 'cooperating_since');
      if (v.status === 'c' && rec.lost_date !== undefined) v.fields.lost_date = parseDate(rec.lost_date, 'lost_date');
      if (v.owner !== undefined && !users.has(v.owner)) throw new UnknownUser(v.owner);
      if (parsed?.kind === 'full' && (parsed.grade !== v.grade || parsed.status !== v.status)) {
        throw new InvalidValue('code', rec.code!, undefined, `grade and status letters ${v.grade}${v.status} as in the grade and status columns`);
      }
      if (parsed && parsed.region !== v.place.region) {
        throw new InvalidValue('code', rec.code!, undefined, `a code of region ${v.place.region} (from the province and city columns)`);
      }
      // An existing customer: by code when the row has one, else by normalised name.
      let existing: CustomerRow | undefined;
      if (parsed && existingStable.has(`${parsed.region}#${parsed.serial}`)) existing = customerByRegionSerial(ctx.db, parsed.region, parsed.serial);
      else if (existingKeys.has(v.key)) {
        existing = customerByNameKey(ctx.db, v.key);
        if (existing && parsed) throw new DuplicateCustomer(v.name, existing.code, existing.name);
      }
      if (existing) {
        if (matched.has(existing.id)) throw new DuplicateInFile(parsed ? 'code' : 'name', parsed ? rec.code! : v.name);
        matched.add(existing.id);
        if (mode === 'error') throw new DuplicateCustomer(v.name, existing.code, existing.name);
        if (mode === 'skip') {
          result.skipped++;
          return;
        }
        const { created_on: _c, created_by: _b, cooperating_since: _s, lost_date: _l, grade: _g, status: _t, ...changes } = v.fields;
        if (v.key !== existing.name_key && existingKeys.has(v.key)) throw new DuplicateCustomer(v.name, existing.code, existing.name);
        writer.update(existing.id, changes);
        result.updated++;
        return;
      }
      const region = v.place.region;
      let serial: number;
      if (parsed) {
        serial = parsed.serial;
        if (serial > counter(region)) counters.set(region, serial);
      } else {
        serial = counter(region) + 1;
        counters.set(region, serial);
      }
      const code = `${v.grade}${v.status}-${stableCode(region, serial)}`;
      let id: number;
      try {
        // Onto the validated row itself: a spread copy of its ~35 fields cost more than the insert.
        const row = v.fields as NewCustomerRow;
        row.code = code;
        row.region = region;
        row.serial = serial;
        id = writer.insert(row);
      } catch (e) {
        const msg = isUniqueViolation(e);
        if (msg === undefined) throw e;
        if (msg.includes('name_key')) throw new DuplicateInFile('name', v.name);
        throw new DuplicateInFile('code', code);
      }
      // Its code_history and status_history rows are written in bulk by finish().
      for (const c of v.contacts) writer.insertContact(id, c);
      result.inserted++;
    },
    finish() {
      for (const [region, serial] of counters) if (serial > 0) writer.setCounterAtLeast(region, serial);
      writer.historyOfNew(firstNewId, ctx.operator, now);
    },
  };
}

interface PendingRow {
  line: number;
  rec: Rec;
  customerId: number;
  sortKey: string;
}

/**
 * Visits and orders are gathered first, then applied customer by customer in date order (an order
 * dated before a visit of the same customer must come first), each row in its own savepoint.
 */
function activityRows(ctx: AppContext, opts: ImportOptions, result: ImportResult): RowHandler {
  const customers = new Map<string, number>();
  const pending: PendingRow[] = [];
  const usersMap = bulk.allUsers(ctx.db);
  const users = (name: string): { roles: Role[] } | undefined => usersMap.get(name) as { roles: Role[] } | undefined;
  const mode = opts.onDuplicate ?? 'error';
  const seen = new Set<string>();
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
        sortKey = parseDateTime(rec.date ?? '');
      } catch {
        // An unreadable date sorts first and is rejected with its line when the row is applied.
      }
      pending.push({ line, rec, customerId: id, sortKey });
    },
    finish(reject) {
      pending.sort((a, b) => a.customerId - b.customerId || a.sortKey.localeCompare(b.sortKey) || a.line - b.line);
      for (const p of pending) {
        try {
          ctx.db.transaction(() => {
            const c = customerById(ctx.db, p.customerId)!;
            const r = p.rec;
            if (opts.kind === 'visits') {
              const v = validateVisitFor(
                ctx,
                c,
                { method: r.method, summary: r.summary, date: r.date ?? '', by: r.handler, role: r.role, contact: r.contact, keyPoint: r.key_point, nextStep: r.next_step, nextDate: r.next_date, stage: r.stage },
                users,
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
              if (r.recorded_by !== undefined && !usersMap.has(r.recorded_by.trim())) throw new UnknownUser(r.recorded_by.trim());
              recordOrder(ctx, c, { ...o, recordedBy: r.recorded_by?.trim() });
            }
            result.inserted++;
          })();
        } catch (e) {
          reject(p.line, e, p.rec);
        }
      }
      result.rejects.sort((a, b) => a.line - b.line);
    },
  };
}
