// Reading import files (SPEC 3: kehu import): CSV in UTF-8, UTF-8 with BOM or GBK/GB18030, XLSX, JSON arrays
// and NDJSON, as rows of cells; and which field each header names, in English or the record forms' Chinese.

import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Lang } from '../core/enums.js';
import { MalformedImport, WrongEncoding } from '../core/errors.js';

export type ImportKind = 'customers' | 'visits' | 'orders' | 'users';
export type InputFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';
export type EncodingChoice = 'auto' | 'utf8' | 'gbk';

/** Where the rows come from and how to read them. */
export interface ReadOptions {
  /** A file path, or '-' for standard input. */
  file: string;
  /** Standard input when file is '-' (a parameter so tests and the CLI choose). */
  stdin?: Readable;
  encoding?: EncodingChoice | undefined;
  sheet?: string | undefined;
  /** Filled in by the reader, for a progress bar: how far through the input it is. */
  progress?: ReadProgress | undefined;
}

/** How far reading has got, where that can be known: a file's bytes read, or a workbook's rows. */
export interface ReadProgress {
  /** The share read so far, 0 to 1 (given the rows handed on so far); unset for standard input. */
  fraction?: ((rows: number) => number) | undefined;
}

// ───────────── column names ─────────────

/**
 * Accepted header spellings of each field, English keys and the record forms' Chinese names. The first
 * spelling is the form's column name, the header a Chinese export writes (columnLabel).
 */
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
  email: ['E-mail', '邮箱', '电子邮件'],
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
  title: ['职务', '部门', '职位', '部门/职位', '部门/职务'],
  mobile: ['手机'],
  contact_phone: ['联系人电话'],
  contact_email: ['联系人邮箱'],
  birthday: ['生日'],
  contact_notes: ['联系人备注'],
  wechat: ['微信'],
  insider: ['内线'],
  insider_stage: ['内线阶段', '关系阶段'],
  native_place: ['籍贯'],
  age: ['年龄'],
  interests: ['兴趣爱好', '爱好'],
  years_at_company: ['在职年限', '司龄'],
  authority: ['权限'],
  personality: ['性格'],
  working_style: ['做事风格'],
  family: ['家庭情况'],
  decision_maker: ['决策人'],
  created_on: ['建档日期', 'date'],
  created_by: ['建档人'],
  cooperating_since: ['合作起始'],
  lost_date: ['流失日期'],
  invalid_since: ['无效日期'],
};

const VISIT_COLUMNS: Record<string, string[]> = {
  code: ['客户代码', '代码'],
  seq: ['序号'],
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
  materials: ['索取资料', '需寄资料'],
  materials_sent_at: ['资料寄出时间'],
  materials_sent_by: ['资料寄出人'],
  materials_method: ['资料寄出方式'],
  materials_note: ['资料寄出备注'],
};

const ORDER_COLUMNS: Record<string, string[]> = {
  code: ['客户代码', '代码'],
  date: ['日期', '订货日期'],
  amount: ['金额', '订货金额'],
  note: ['备注'],
  recorded_by: ['经办人', '录入人', 'handler'],
};

const USER_COLUMNS: Record<string, string[]> = {
  name: ['姓名', '用户', '用户名'],
  roles: ['角色', 'role'],
  created_at: ['创建时间'],
};

const COLUMNS: Record<ImportKind, Record<string, string[]>> = { customers: CUSTOMER_COLUMNS, visits: VISIT_COLUMNS, orders: ORDER_COLUMNS, users: USER_COLUMNS };

/**
 * Columns an export writes that the import does not read, because kehu derives them (the last order's
 * date): their Chinese headers, which the import skips and lists as ignored, as it does their English keys.
 */
const DERIVED_COLUMNS: Record<ImportKind, Record<string, string>> = {
  customers: { last_order_date: '最后订货日期' },
  visits: {},
  orders: {},
  users: {},
};

/**
 * The header an export writes for a field: its English key, or with lang zh the record form's Chinese
 * name, which mapHeader reads back. A field kehu does not know keeps its key.
 */
export function columnLabel(kind: ImportKind, field: string, lang: Lang): string {
  if (lang === 'en') return field;
  if (Object.hasOwn(COLUMNS[kind], field)) return COLUMNS[kind][field]![0] ?? field;
  return Object.hasOwn(DERIVED_COLUMNS[kind], field) ? DERIVED_COLUMNS[kind][field]! : field;
}

const REQUIRED: Record<ImportKind, string[]> = { customers: ['name'], visits: ['code'], orders: ['code'], users: ['name', 'roles'] };

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
export function mapHeader(kind: ImportKind, headers: string[], file: string): { fields: (string | undefined)[]; labels: Map<string, string>; ignored: string[] } {
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

function openBytes(opts: ReadOptions): Readable {
  if (opts.file === '-') return opts.stdin ?? process.stdin;
  try {
    fs.accessSync(opts.file, fs.constants.R_OK);
  } catch (e) {
    throw new MalformedImport(opts.file, (e as Error).message);
  }
  const stream = fs.createReadStream(opts.file, { highWaterMark: 256 * 1024 });
  if (opts.progress) {
    const size = fs.statSync(opts.file).size;
    opts.progress.fraction = () => (size > 0 ? Math.min(1, stream.bytesRead / size) : 1);
  }
  return stream;
}

/** Receives records: the header once, then each row's cells with its line number. */
export interface RowSink {
  header(headers: string[]): void;
  row(cells: readonly unknown[], line: number): void;
}

async function readCsv(opts: ReadOptions, sink: RowSink, found: { encoding: string | null }): Promise<void> {
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

function readAllText(opts: ReadOptions, found: { encoding: string | null }): AsyncGenerator<string> {
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

async function readJson(opts: ReadOptions, sink: RowSink, found: { encoding: string | null }): Promise<void> {
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

async function readNdjson(opts: ReadOptions, sink: RowSink, found: { encoding: string | null }): Promise<void> {
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

/** A cell of an XLSX sheet as kehu reads it: text, a number, a Date (see cellText), or '' for an empty cell. */
function xlsxCell(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return xlsxCell(o.result);
    if (o.text !== undefined) return xlsxCell(o.text);
    return '';
  }
  return v;
}

async function readXlsx(opts: ReadOptions, sink: RowSink): Promise<void> {
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
  // The workbook is read whole before its rows: the share is the rows handed on of the sheet's rows.
  const sheetRows = Math.max(1, ws.actualRowCount - 1);
  if (opts.progress) opts.progress.fraction = (rows) => Math.min(1, rows / sheetRows);
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[];
    if (!headerSeen) {
      headerSeen = true;
      const headers = values.slice(1).map((v) => cellText(xlsxCell(v)) ?? '');
      width = headers.length;
      sink.header(headers);
      return;
    }
    const cells: unknown[] = [];
    for (let i = 1; i <= width; i++) {
      const v = values[i];
      cells.push(v instanceof Date ? (dateCellText(v, formatShowsTime(row.getCell(i).numFmt)) ?? '') : xlsxCell(v));
    }
    if (cells.every((c) => c === '')) return;
    sink.row(cells, rowNumber);
  });
  if (!headerSeen) throw new MalformedImport(opts.file, 'the first sheet is empty');
}

export async function readRows(opts: ReadOptions, format: InputFormat, sink: RowSink): Promise<string | null> {
  const found: { encoding: string | null } = { encoding: null };
  if (format === 'csv') await readCsv(opts, sink, found);
  else if (format === 'json') await readJson(opts, sink, found);
  else if (format === 'ndjson') await readNdjson(opts, sink, found);
  else await readXlsx(opts, sink);
  return found.encoding;
}

export type Rec = Record<string, string | undefined>;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A cell as the text the validators read. Spreadsheet dates arrive as Dates whose UTC fields are the
 * wall clock written in the cell (an Excel serial has no zone): a date becomes `YYYY-MM-DD`, a date-time
 * `YYYY-MM-DDTHH:mm`, which the import reads as the business zone's wall clock, as a Chinese export wrote
 * it. Rounded to the second first, because a serial saved by Excel or WPS can land a hair before the
 * minute. A number keeps the 15 significant digits Excel shows, so an amount cell of 1234.5 reads as the
 * yuan text 1234.5 and a computed 0.1 + 0.2 as 0.3.
 */
export function cellText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return dateCellText(v);
  return JSON.stringify(v);
}

/**
 * A spreadsheet date as text; withTime says whether the cell's format shows the time (a visit at 00:00
 * stays a date-time), else a time part of 00:00 makes it a date.
 */
export function dateCellText(v: Date, withTime?: boolean): string | undefined {
  if (Number.isNaN(v.getTime())) return undefined;
  const d = new Date(Math.round(v.getTime() / 1000) * 1000);
  const date = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const time = withTime ?? (h !== 0 || m !== 0 || d.getUTCSeconds() !== 0);
  return time ? `${date}T${pad2(h)}:${pad2(m)}` : date;
}

/** Whether a number format shows the hour (`yyyy-mm-dd hh:mm`, `h:mm AM/PM`), outside quoted text and colours. */
function formatShowsTime(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /h/i.test(numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
}
