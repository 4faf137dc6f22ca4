// kehu export all / import all: the whole archive in one versioned file, the way a file moves between kehu
// versions and machines. It holds the facts with their ids (users and roles, customers with every contact,
// status decisions, visits, orders, reviews, applications and approvals, salvage plans, who recorded each
// and when); the timelines are recomputed from them on import, so the copy reports what the original does.
//
// The format is NDJSON: a header object, then per table an object naming its columns followed by one JSON
// array per row, then an end object with the row count (a cut-off file is refused, not half loaded).

import { DomainError } from '../core/errors.js';
import { beginSnapshot, type Cell, deferFactIndexes, deferLoadSearch, endSnapshot, FACT_TABLE_NAMES, FACT_TABLES, type FactLoader, type FactTable, factCounts, factLoader, factRows, finishLoad } from '../store/archive.js';
import * as bulk from '../store/bulk.js';
import { getMeta } from '../store/meta.js';
import { SCHEMA_VERSION } from '../store/schema.js';
import { TIMELINE_AS_OF } from '../store/timeline.js';
import { type AppContext, timestamp, today } from './context.js';

export const ARCHIVE_FORMAT = 'kehu-archive';
/** Raise with every change to the tables or columns of FACT_TABLES; keep reading the older versions. */
export const ARCHIVE_VERSION = 4;

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  schema: number;
  exported_at: string;
  /** The day through which the original's timelines include automatic losses; the copy recomputes as of it. */
  timeline_as_of: string | null;
  personal_data: boolean;
  tables: Record<FactTable, number>;
}

export class ArchiveTooNew extends DomainError {
  constructor(file: string, found: number, supported: number) {
    super('archive_too_new', `${file} is archive version ${found}; this kehu reads up to ${supported}`, { file, found, supported });
  }
}

/**
 * What is wrong with an archive file, by `problem` (the CLI words each in Chinese or English):
 * unreadable, empty, not_archive, not_json, row_before_table, row_width, row_refused, unknown_table,
 * bad_columns, end_count, after_end, unknown_line, cut_off, header_count. Foreign keys are checked as each
 * row loads (row_refused).
 */
export class MalformedArchive extends DomainError {
  constructor(file: string, line: number, problem: string, detail: Record<string, string | number> = {}) {
    super('malformed_archive', `${file}, line ${line}: ${problem} ${JSON.stringify(detail)}`, { file, line, problem, ...detail });
  }
}

/** Why SQLite refused a row, in words a person can act on (the archive's own rows contradict each other). */
function refusal(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'missing_reference';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'duplicate';
  if (code.startsWith('SQLITE_CONSTRAINT')) return 'invalid_value';
  return 'other';
}

export class ArchiveTargetNotEmpty extends DomainError {
  constructor(file: string, holds: string[], archive: string) {
    super('archive_target_not_empty', `${file} already holds ${holds.join(', ')}`, { file, holds, archive });
  }
}

/**
 * What a file holds, for messages: `table:holds:N` items the CLI words ("12 个客户", "12 customers"), for the
 * fact tables that have rows (roles and serial counters go with users and customers).
 */
export function holdings(counts: Partial<Record<FactTable, number>>): string[] {
  return FACT_TABLE_NAMES.filter((t) => (counts[t] ?? 0) > 0 && t !== 'user_roles' && t !== 'region_counters' && t !== 'audit_log').map((t) => `${t}:holds:${counts[t]}`);
}

/**
 * The archive's lines, from one read transaction (a consistent snapshot while others write). Contacts'
 * mobile, birthday and notes only with `personal` (PIPL, SPEC 2.7).
 */
export function* archiveLines(ctx: AppContext, { personal = false, onRow }: { personal?: boolean; onRow?: (n: number) => void } = {}): Generator<string> {
  const db = ctx.db;
  beginSnapshot(db);
  try {
    const counts = factCounts(db);
    const header: ArchiveHeader = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      schema: SCHEMA_VERSION,
      exported_at: timestamp(ctx),
      timeline_as_of: getMeta(db, TIMELINE_AS_OF) ?? null,
      personal_data: personal,
      tables: counts,
    };
    yield `${JSON.stringify(header)}\n`;
    let n = 0;
    for (const table of FACT_TABLE_NAMES) {
      yield `${JSON.stringify({ table, columns: FACT_TABLES[table] })}\n`;
      let buf = '';
      for (const row of factRows(db, table, { personal })) {
        buf += `${JSON.stringify(row)}\n`;
        if (++n % 2000 === 0) {
          onRow?.(n);
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
    }
    onRow?.(n);
    yield `${JSON.stringify({ end: true, rows: n })}\n`;
  } finally {
    endSnapshot(db);
  }
}

/** The number of rows an archive of this file holds (for a progress bar). */
export function archiveRowCount(ctx: AppContext): number {
  return Object.values(factCounts(ctx.db)).reduce((a, b) => a + b, 0);
}

export interface ArchiveImportResult {
  file: string;
  version: number;
  personal_data: boolean;
  rows: number;
  tables: Record<FactTable, number>;
  timeline_as_of: string | null;
}

function parseLine(file: string, line: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new MalformedArchive(file, line, line === 1 ? 'not_archive' : 'not_json', { detail: (e as Error).message });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Loads an archive into an empty database, all or nothing in one transaction, then recomputes every
 * timeline as of the original's day. Refuses a database holding anything, a newer version, a cut-off file.
 */
export async function importArchive(ctx: AppContext, file: string, lines: AsyncIterable<string> | Iterable<string>, onRow?: (n: number) => void, onCommit?: () => void): Promise<ArchiveImportResult> {
  const db = ctx.db;
  bulk.beginImmediate(db);
  try {
    const holds = holdings(factCounts(db));
    if (holds.length) throw new ArchiveTargetNotEmpty(db.name, holds, file);
    const restoreIndexes = deferFactIndexes(db);
    const restoreSearch = deferLoadSearch(db);
    let header: ArchiveHeader | undefined;
    let table: FactTable | undefined;
    let width = 0;
    let load: FactLoader | undefined;
    // A refused row: its line (a batch written at once says which of its rows it was).
    const flushLoad = (): void => {
      try {
        load?.flush();
      } catch (e) {
        throw new MalformedArchive(file, (e as { line?: number }).line ?? no, 'row_refused', { table: table!, why: refusal(e), detail: (e as Error).message });
      }
    };
    const loaded = Object.fromEntries(FACT_TABLE_NAMES.map((t) => [t, 0])) as Record<FactTable, number>;
    let rows = 0;
    let ended = false;
    let no = 0;
    for await (const raw of lines) {
      no++;
      const text = raw.trim();
      if (text === '') continue;
      if (ended) throw new MalformedArchive(file, no, 'after_end');
      const v = parseLine(file, no, text);
      if (header === undefined) {
        if (!isObject(v) || v.format !== ARCHIVE_FORMAT || typeof v.version !== 'number' || !Number.isInteger(v.version) || v.version < 1) {
          throw new MalformedArchive(file, no, 'not_archive');
        }
        if (v.version > ARCHIVE_VERSION) throw new ArchiveTooNew(file, v.version, ARCHIVE_VERSION);
        header = v as unknown as ArchiveHeader;
        continue;
      }
      if (Array.isArray(v)) {
        if (!load || table === undefined) throw new MalformedArchive(file, no, 'row_before_table');
        if (v.length !== width) throw new MalformedArchive(file, no, 'row_width', { table, values: v.length, columns: width });
        try {
          load.add(v as Cell[], no);
        } catch (e) {
          throw new MalformedArchive(file, (e as { line?: number }).line ?? no, 'row_refused', { table, why: refusal(e), detail: (e as Error).message });
        }
        loaded[table]++;
        if (++rows % 5000 === 0) onRow?.(rows);
        continue;
      }
      if (isObject(v) && typeof v.table === 'string') {
        if (!(FACT_TABLE_NAMES as string[]).includes(v.table)) throw new MalformedArchive(file, no, 'unknown_table', { table: v.table });
        flushLoad();
        if (!Array.isArray(v.columns) || !v.columns.every((c) => typeof c === 'string')) throw new MalformedArchive(file, no, 'bad_columns', { table: v.table });
        table = v.table as FactTable;
        try {
          load = factLoader(db, table, v.columns);
        } catch (e) {
          throw new MalformedArchive(file, no, 'bad_columns', { table: v.table, detail: (e as Error).message });
        }
        width = v.columns.length;
        continue;
      }
      if (isObject(v) && v.end === true) {
        flushLoad();
        if (v.rows !== rows) throw new MalformedArchive(file, no, 'end_count', { expected: String(v.rows), found: rows });
        ended = true;
        continue;
      }
      throw new MalformedArchive(file, no, 'unknown_line');
    }
    if (header === undefined) throw new MalformedArchive(file, 1, 'empty');
    if (!ended) throw new MalformedArchive(file, no, 'cut_off');
    for (const t of FACT_TABLE_NAMES) {
      const expected = header.tables?.[t];
      if (typeof expected === 'number' && expected !== loaded[t]) throw new MalformedArchive(file, no, 'header_count', { table: t, expected, found: loaded[t] });
    }
    onRow?.(rows);
    onCommit?.();
    restoreIndexes();
    // An original whose timelines were never brought to a day (written outside a session): as of today.
    const asOf = header.timeline_as_of ?? (loaded.customers > 0 ? today(ctx) : null);
    if (asOf !== null) finishLoad(db, asOf);
    restoreSearch();
    bulk.commit(db);
    return { file, version: header.version, personal_data: header.personal_data === true, rows, tables: loaded, timeline_as_of: asOf };
  } finally {
    bulk.rollback(db);
  }
}
