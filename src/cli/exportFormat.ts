// What exported files look like in Excel and WPS: each column's header, its labels and its cell type, in
// one table that the CSV and XLSX writers of `kehu export` and `kehu churn-report` both read.

import type * as ExcelJS from 'exceljs';
import type { ExportKind, ExportValue } from '../app/export.js';
import { columnLabel } from '../app/importReaders.js';
import { parseDateTime } from '../core/dates.js';
import { CUSTOMER_TYPES, type EnumDef, enumLabel, GRADES, INSIDER_STAGES, type Lang, ROLES, SOURCES, STAGES, STATUSES, VISIT_METHODS } from '../core/enums.js';
import { formatYuan, groupThousands } from '../core/money.js';
import { csvField } from './output.js';

/** How a value is typed in a spreadsheet cell. */
export type CellKind = 'text' | 'date' | 'datetime' | 'amount' | 'integer' | 'rate';

/** A spreadsheet cell: the value exceljs writes and the kind that picks its number format. */
export interface SheetCell {
  value: string | number | Date | null;
  kind: CellKind;
}

/** Number formats Excel and WPS both show as meant (a yuan sign, grouped thousands, ISO dates). */
export const NUM_FMT: Readonly<Record<CellKind, string | undefined>> = {
  text: undefined,
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  amount: '¥#,##0.00',
  integer: '0',
  rate: '0.0%',
};

// ───────────── the columns of kehu export ─────────────

interface ColumnSpec {
  kind: CellKind;
  /** A closed set whose Chinese label a Chinese file shows (the import reads labels back). */
  labels?: EnumDef<string>;
  /** yes/no shown as 是/否. */
  yesNo?: true;
  /** Several values of `labels` joined by ';' (a user's roles): with lang zh, each labelled and joined by 、. */
  list?: true;
}

const DATE: ColumnSpec = { kind: 'date' };
const INTEGER: ColumnSpec = { kind: 'integer' };

/**
 * The columns that are not plain text, by export kind and English key. A column not listed here (one an
 * export gains later) is written as it comes, under its English key.
 */
const SPECS: Readonly<Record<ExportKind, Readonly<Record<string, ColumnSpec>>>> = {
  customers: {
    grade: { kind: 'text', labels: GRADES },
    status: { kind: 'text', labels: STATUSES },
    type: { kind: 'text', labels: CUSTOMER_TYPES },
    source: { kind: 'text', labels: SOURCES },
    stage: { kind: 'integer', labels: STAGES },
    years_in_business: INTEGER,
    decision_maker: { kind: 'text', yesNo: true },
    created_on: DATE,
    cooperating_since: DATE,
    last_order_date: DATE,
    lost_date: DATE,
    invalid_since: DATE,
    birthday: DATE,
    insider: { kind: 'text', yesNo: true },
    insider_stage: { kind: 'integer', labels: INSIDER_STAGES },
    age: INTEGER,
    years_at_company: INTEGER,
  },
  visits: {
    seq: INTEGER,
    date: { kind: 'datetime' },
    method: { kind: 'text', labels: VISIT_METHODS },
    role: { kind: 'text', labels: ROLES },
    next_date: DATE,
    stage: { kind: 'integer', labels: STAGES },
    materials_sent_at: { kind: 'datetime' },
    materials_method: { kind: 'text', labels: VISIT_METHODS },
  },
  orders: {
    date: DATE,
    amount: { kind: 'amount' },
  },
  users: {
    roles: { kind: 'text', labels: ROLES, list: true },
  },
};

const YES_NO: Record<string, string> = { yes: '是', no: '否' };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER_TEXT = /^-?\d{1,15}$/;

/** A `YYYY-MM-DD` date as the Date exceljs writes as that day's serial (its UTC midnight); undefined for other text. */
export function dateValue(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
}

/** A `YYYY-MM-DDTHH:mm` wall-clock time as a Date whose UTC fields are that wall clock (a serial has no zone). */
function wallClockValue(wall: string): Date {
  return new Date(`${wall.slice(0, 16)}:00Z`);
}

export interface ExportColumn {
  key: string;
  header: string;
  /** The value a CSV cell holds: the stored value, or with lang zh its Chinese label. */
  text(v: ExportValue | undefined): ExportValue;
  /** The typed spreadsheet cell. */
  cell(v: ExportValue | undefined): SheetCell;
}

const EMPTY: SheetCell = { value: null, kind: 'text' };

/**
 * The columns of an export in a language, mapped by name: headers are the record form's Chinese names
 * with lang zh, enum values their Chinese labels, dates real dates in the business zone's wall clock.
 */
export function exportColumns(kind: ExportKind, columns: readonly string[], lang: Lang, timeZone: string): ExportColumn[] {
  const specs = SPECS[kind];
  return columns.map((key) => {
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    const header = columnLabel(kind, key, lang);
    const text = (v: ExportValue | undefined): ExportValue => {
      if (v === null || v === undefined || lang === 'en' || spec === undefined) return v ?? null;
      if (spec.labels && spec.list) return String(v).split(';').map((x) => enumLabel(spec.labels!, x, 'zh')).join('、');
      if (spec.labels) return enumLabel(spec.labels, String(v), 'zh');
      if (spec.yesNo) return YES_NO[String(v)] ?? v;
      return v;
    };
    const cell = (v: ExportValue | undefined): SheetCell => {
      if (v === null || v === undefined || v === '') return EMPTY;
      const shown = text(v);
      if (spec === undefined || shown !== v) return { value: shown, kind: 'text' };
      const s = String(v);
      switch (spec.kind) {
        case 'text':
          return { value: v, kind: 'text' };
        case 'date': {
          const d = dateValue(s);
          // A birthday kept as MM-DD, or a date kehu did not write, stays the text it is.
          return d ? { value: d, kind: 'date' } : { value: v, kind: 'text' };
        }
        case 'datetime': {
          let wall: string;
          try {
            // Stored as the business zone's wall clock, or as an instant with an offset: the cell shows the wall clock.
            wall = parseDateTime(s, key, timeZone);
          } catch {
            return { value: v, kind: 'text' };
          }
          return wall.length === 10 ? { value: dateValue(wall)!, kind: 'date' } : { value: wallClockValue(wall), kind: 'datetime' };
        }
        case 'amount':
        case 'rate':
          return typeof v === 'number' ? { value: v, kind: spec.kind } : Number.isFinite(Number(s)) && s.trim() !== '' ? { value: Number(s), kind: spec.kind } : { value: v, kind: 'text' };
        case 'integer':
          return typeof v === 'number' ? { value: v, kind: 'integer' } : INTEGER_TEXT.test(s) ? { value: Number(s), kind: 'integer' } : { value: v, kind: 'text' };
      }
    };
    return { key, header, text, cell };
  });
}

/** A CSV cell: quoted when it holds a separator, quote, line break or edge spaces. */
export function csvCell(v: ExportValue | undefined): string {
  return v === null || v === undefined ? '' : csvField(String(v));
}

/** A typed cell as the text of a CSV field (before quoting): plain numbers (21681887.27, 0.5) and ISO dates, for scripts and spreadsheets alike. */
export function plainText(c: SheetCell): string {
  if (c.value === null) return '';
  if (c.value instanceof Date) return c.value.toISOString().slice(0, c.kind === 'datetime' ? 16 : 10);
  return String(c.value);
}

// ───────────── XLSX sheets ─────────────

/** Widest a column gets, in the character cells of a fixed-width font (a Chinese character is two). */
const MAX_WIDTH = 50;
/** Rows read ahead to fit the column widths before the first row is written. */
const WIDTH_SAMPLE = 200;
/** Bytes the zip may lag behind before the writer waits for it: exceljs buffers without limit otherwise. */
const MAX_BACKLOG = 4 * 1024 * 1024;

const HEADER_STYLE: Partial<ExcelJS.Style> = { font: { bold: true }, alignment: { vertical: 'middle' } };
const TITLE_STYLE: Partial<ExcelJS.Style> = { font: { bold: true, size: 13 } };
// One style object per kind: exceljs caches a style's id by object, so shared objects cost nothing per cell.
const CELL_STYLES: Readonly<Record<CellKind, Partial<ExcelJS.Style>>> = {
  text: {},
  date: { numFmt: NUM_FMT.date! },
  datetime: { numFmt: NUM_FMT.datetime! },
  amount: { numFmt: NUM_FMT.amount! },
  integer: { numFmt: NUM_FMT.integer! },
  rate: { numFmt: NUM_FMT.rate! },
};

function shownWidth(c: SheetCell, stringWidth: (s: string) => number): number {
  const v = c.value;
  if (v === null) return 0;
  switch (c.kind) {
    case 'date':
      return 10;
    case 'datetime':
      return 16;
    case 'amount':
      return typeof v === 'number' ? formatYuan(Math.round(v * 100), true).length + 1 : stringWidth(String(v));
    case 'rate':
      return 6;
    case 'integer':
      return typeof v === 'number' ? groupThousands(Math.trunc(v)).length : stringWidth(String(v));
    case 'text':
      return Math.max(...String(v).split('\n').map((l) => stringWidth(l)));
  }
}

/**
 * Bytes written into the sheet that the zip has not taken yet. exceljs's stream buffer never reports
 * back-pressure, so without this a million rows would pile up in memory before the first is compressed.
 */
function backlog(ws: ExcelJS.Worksheet): number {
  type Pipe = { writableLength?: number; _writableState?: { length?: number } };
  const s = (ws as unknown as { stream?: { buffers?: { length: number }[]; pipes?: Pipe[] } }).stream;
  if (!s) return 0;
  let n = 0;
  for (const b of s.buffers ?? []) n += b.length;
  // archiver's streams come from readable-stream 2, which has no writableLength getter.
  for (const p of s.pipes ?? []) n += p.writableLength ?? p._writableState?.length ?? 0;
  return n;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface SheetLayout {
  name: string;
  /** A title row above the header (a report section's full title). */
  title?: string | undefined;
  head: readonly string[];
}

/** A workbook being streamed to a file or standard output. */
export interface XlsxBook {
  /** Adds a sheet (see writeSheet). */
  sheet(layout: SheetLayout, rows: Iterable<readonly SheetCell[]>): Promise<number>;
  /** Finishes the workbook and waits until the last byte is written. */
  close(): Promise<void>;
}

/**
 * Starts a streaming workbook (exceljs, loaded here and only for XLSX) writing to out; end says whether
 * to end out afterwards (a file yes, standard output no).
 */
export async function openXlsx(out: NodeJS.WritableStream, end: boolean): Promise<XlsxBook> {
  const ExcelJS = (await import('exceljs')).default;
  const { PassThrough } = await import('node:stream');
  const { pipeline } = await import('node:stream/promises');
  // Through a stream of our own: exceljs waits for its 'finish', which standard output never emits.
  const zip = new PassThrough();
  let failure: { error: unknown } | undefined;
  const written = pipeline(zip, out, { end });
  written.catch((error: unknown) => (failure = { error }));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zip, useStyles: true, useSharedStrings: false });
  const taken = new Set<string>();
  const check = (): void => {
    if (failure) throw failure.error;
  };
  return {
    sheet: (layout, rows) => writeSheet(wb, { ...layout, name: sheetName(layout.name, taken) }, rows, check),
    async close() {
      check();
      await Promise.race([wb.commit(), written]);
      await written;
    },
  };
}

/**
 * Writes one sheet made for Excel and WPS, streaming: a bold header row frozen in view with an autofilter,
 * column widths fitted to the header and the first rows (Chinese characters count two), typed cells.
 * Returns the number of data rows written.
 */
async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, layout: SheetLayout, rows: Iterable<readonly SheetCell[]>, check: () => void): Promise<number> {
  const { default: stringWidth } = await import('string-width');
  const headerRow = layout.title === undefined ? 1 : 2;
  const ws = wb.addWorksheet(layout.name, { views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }] });
  const it = rows[Symbol.iterator]();
  const sample: (readonly SheetCell[])[] = [];
  while (sample.length < WIDTH_SAMPLE) {
    const n = it.next();
    if (n.done) break;
    sample.push(n.value);
  }
  const widths = layout.head.map((h) => stringWidth(h) + 3); // room for the filter button
  for (const r of sample) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, shownWidth(c, stringWidth) + 2)));
  ws.columns = widths.map((w) => ({ width: Math.min(MAX_WIDTH, Math.max(6, w)) }));
  if (layout.title !== undefined) {
    const t = ws.addRow([layout.title]);
    t.getCell(1).style = TITLE_STYLE;
    t.commit();
  }
  const header = ws.addRow([...layout.head]);
  for (let i = 1; i <= layout.head.length; i++) header.getCell(i).style = HEADER_STYLE;
  header.commit();
  if (layout.head.length > 0) ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: layout.head.length } };
  let written = 0;
  const put = async (cells: readonly SheetCell[]): Promise<void> => {
    const row = ws.addRow(cells.map((c) => c.value));
    cells.forEach((c, i) => {
      if (c.value !== null) row.getCell(i + 1).style = CELL_STYLES[c.kind];
    });
    row.commit();
    written++;
    if (written % 256 === 0) {
      // Let the zip catch up (and the event loop breathe) before producing more.
      await turn();
      check();
      while (backlog(ws) > MAX_BACKLOG) {
        await pause(2);
        check();
      }
    }
  };
  for (const r of sample) await put(r);
  sample.length = 0;
  for (let n = it.next(); !n.done; n = it.next()) await put(n.value);
  ws.commit();
  return written;
}

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], unique in its workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

