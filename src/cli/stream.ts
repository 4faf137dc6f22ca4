// Streaming listings (issue 16): rows written as they are read, in 64 KiB chunks that wait for the stream to
// drain, so a million customers never sit in memory as objects or as one string. JSON, CSV and Markdown are
// byte for byte what renderRows makes of the same rows; the bordered table needs every column's width before
// its first line, so it keeps the cells' text (not the rows) and draws them with toTable.

import { once } from 'node:events';
import { label } from './i18n.js';
import { writeOut } from './io.js';
import { type Column, csvField, mdCell, type RenderContext, toTable } from './output.js';

/** A chunk is written once this many characters wait. */
const CHUNK = 64 * 1024;

/** Buffered writing to a stream with back-pressure: `write` collects, `flush` hands a chunk over and waits for 'drain'. */
export class ChunkWriter {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  /** Adds text; awaits only when a full chunk was handed over and the stream asked to wait. */
  async write(text: string): Promise<void> {
    this.buf.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (!this.out.write(chunk)) await drained(this.out);
  }
}

/** Resolves when the stream drains; rejects if it fails or closes first (a reader that went away). */
async function drained(out: NodeJS.WritableStream): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: ac.signal }),
      once(out, 'close', { signal: ac.signal }).then(() => {
        throw new Error('output closed');
      }),
    ]);
  } finally {
    ac.abort();
  }
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function cellsOf<R>(r: R, columns: readonly Column<R>[]): string[] {
  return columns.map((c) => text(c.cell ? c.cell(r) : (r as Record<string, unknown>)[c.key]));
}

/**
 * A JSON array written item by item, exactly as `JSON.stringify(array, null, 2)` would place it at `depth`
 * levels of indentation (0: the whole document). JSON strings hold no raw line breaks, so indenting an
 * item's lines is safe.
 */
export async function writeJsonArray<T>(items: Iterable<T>, w: ChunkWriter, depth = 0, json: (item: T) => unknown = (x) => x): Promise<number> {
  const pad = '  '.repeat(depth + 1);
  let n = 0;
  for (const item of items) {
    const s = JSON.stringify(json(item), null, 2);
    await w.write(`${n === 0 ? '[\n' : ',\n'}${pad}${s.includes('\n') ? s.replace(/\n/g, `\n${pad}`) : s}`);
    n++;
  }
  await w.write(n === 0 ? '[]' : `\n${'  '.repeat(depth)}]`);
  return n;
}

/**
 * A JSON object one of whose keys (the last) holds a streamed array: `{ ...head, [key]: [items] }` as
 * `JSON.stringify(…, null, 2)` writes it.
 */
export async function writeJsonWithArray<T>(head: Record<string, unknown>, key: string, items: Iterable<T>, w: ChunkWriter): Promise<number> {
  const mark = '\u0000stream\u0000';
  const shell = JSON.stringify({ ...head, [key]: mark }, null, 2);
  const at = shell.indexOf(JSON.stringify(mark));
  await w.write(shell.slice(0, at));
  const n = await writeJsonArray(items, w, 1);
  await w.write(`${shell.slice(at + JSON.stringify(mark).length)}\n`);
  return n;
}

/** The strings of a column repeat down a long list (grades, statuses, regions, owners, dates): kept once each. */
class Interner {
  private readonly seen: Map<string, string>[] = [];
  cells(cells: string[]): string[] {
    for (let i = 0; i < cells.length; i++) {
      const m = (this.seen[i] ??= new Map());
      // A column of mostly distinct values (codes, names) is not worth the map.
      if (m.size > 50_000) continue;
      const c = cells[i]!;
      const known = m.get(c);
      if (known === undefined) m.set(c, c);
      else cells[i] = known;
    }
    return cells;
  }
}

export interface StreamOptions {
  /** Where to write (standard output unless given). */
  out?: NodeJS.WritableStream;
  /** The table's closing line for the number of rows (tables only). */
  footer?: (n: number) => string;
}

/**
 * Writes rows as they come in the render context's format and returns how many there were: JSON, CSV and
 * Markdown row by row; the bordered table from the cells' text once all are read (its widths need them).
 */
export async function writeRows<R>(rows: Iterable<R>, columns: readonly Column<R>[], rc: RenderContext, opts: StreamOptions = {}): Promise<number> {
  const w = new ChunkWriter(opts.out);
  let n = 0;
  switch (rc.format) {
    case 'json':
      n = await writeJsonArray(rows, w);
      await w.write('\n');
      break;
    case 'csv':
      await w.write(`${columns.map((c) => csvField(c.key)).join(',')}\r\n`);
      for (const r of rows) {
        await w.write(`${cellsOf(r, columns).map(csvField).join(',')}\r\n`);
        n++;
      }
      break;
    case 'md': {
      const head = headersOf(columns, rc);
      await w.write(`| ${head.map(mdCell).join(' | ')} |\n| ${head.map(() => '---').join(' | ')} |\n`);
      for (const r of rows) {
        await w.write(`| ${cellsOf(r, columns).map(mdCell).join(' | ')} |\n`);
        n++;
      }
      break;
    }
    case 'table': {
      const body: string[][] = [];
      const interner = new Interner();
      for (const r of rows) body.push(interner.cells(cellsOf(r, columns)));
      n = body.length;
      const text = (await toTable(headersOf(columns, rc), body, rc.pal, { priority: columns.map((c) => c.priority) })) + (opts.footer ? opts.footer(n) : '');
      // On standard output the table goes through writeOut: a terminal pages it when it is taller than the window.
      if (opts.out === undefined) writeOut(text);
      else await w.write(text);
      break;
    }
  }
  await w.flush();
  return n;
}

function headersOf<R>(columns: readonly Column<R>[], rc: RenderContext): string[] {
  return columns.map((c) => c.header ?? label(c.key, rc.lang));
}
