// Renderers: turn plain results into table, JSON, CSV or Markdown text. Nothing here touches the database.

import type { Lang } from './i18n.js';
import { label } from './i18n.js';

export type Format = 'table' | 'json' | 'csv' | 'md';
export const FORMATS: readonly Format[] = ['table', 'json', 'csv', 'md'];

/** A column of a listing: the JSON key it shows and how to word a cell. */
export interface Column<R> {
  key: string;
  header?: string;
  cell?: (row: R) => string | number | null | undefined;
}

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  /** Struck out (a voided record); plain text keeps its words, which say it was voided. */
  strike(s: string): string;
}

export const PLAIN: Palette = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s, cyan: (s) => s, strike: (s) => s };

/** Colour only on a terminal and never with NO_COLOR; chalk is loaded only then. */
export async function palette(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Promise<Palette> {
  if (!stream.isTTY || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb') return PLAIN;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { bold: c.bold, dim: c.dim, red: c.red, yellow: c.yellow, green: c.green, cyan: c.cyan, strike: (s) => c.dim.strikethrough(s) };
}

export function plainPalette(): Palette {
  return PLAIN;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function cells<R>(rows: readonly R[], columns: readonly Column<R>[]): string[][] {
  return rows.map((r) => columns.map((c) => text(c.cell ? c.cell(r) : (r as Record<string, unknown>)[c.key])));
}

function headers<R>(columns: readonly Column<R>[], lang: Lang): string[] {
  return columns.map((c) => c.header ?? label(c.key, lang));
}

export function csvField(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(head: readonly string[], body: readonly (readonly string[])[]): string {
  return [head, ...body].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function mdCell(v: string): string {
  if (!MD_SPECIAL.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

const MD_SPECIAL = /[\\|\n]/;

export function toMarkdown(head: readonly string[], body: readonly (readonly string[])[]): string {
  const lines = [`| ${head.map(mdCell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of body) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

const ASCII_TEXT = /^[\x20-\x7e]*$/;

/**
 * A bordered table in cli-table3's look (one header row, no lines between rows; a cell's lines
 * split at \n), drawn here because cli-table3 slows down with the square of the rows: 2,000 rows
 * took it 2.3 s and the 8,000 lost customers of a 1,000,000-customer churn report 25 s. East Asian
 * wide characters count two columns (string-width, as in cli-table3), so Chinese text stays aligned.
 */
export async function toTable(head: readonly string[], body: readonly (readonly string[])[], pal: Palette): Promise<string> {
  const { default: stringWidth } = await import('string-width');
  // Measured once per distinct text (regions, owners and reasons repeat down a long list), ASCII by its length.
  const known = new Map<string, number>();
  const width = (s: string): number => {
    if (ASCII_TEXT.test(s)) return s.length;
    let w = known.get(s);
    if (w === undefined) known.set(s, (w = stringWidth(s)));
    return w;
  };
  const rows = [head.map((h) => pal.bold(h)), ...body];
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) {
      const cell = r[i]!;
      const w = cell.includes('\n') ? Math.max(...cell.split('\n').map(width)) : width(cell);
      if (!(w <= widths[i]!)) widths[i] = w;
    }
  }
  const line = (cells: readonly string[]): string => `│${widths.map((w, i) => ` ${cells[i] ?? ''}${' '.repeat(w - width(cells[i] ?? ''))} `).join('│')}│`;
  const rule = (left: string, mid: string, right: string): string => left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const out = [rule('┌', '┬', '┐')];
  for (const r of rows) {
    if (!r.some((cell) => cell.includes('\n'))) out.push(line(r));
    else {
      const split = r.map((cell) => cell.split('\n'));
      const height = Math.max(...split.map((l) => l.length));
      for (let k = 0; k < height; k++) out.push(line(split.map((l) => l[k] ?? '')));
    }
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n') + '\n';
}

/** A vertical two-column table (label, value) for one record. */
export async function toRecordTable(pairs: readonly (readonly [string, string])[], pal: Palette): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({ style: { head: [], border: [] } });
  for (const [k, v] of pairs) table.push([pal.bold(k), v]);
  return table.toString() + '\n';
}

export interface RenderContext {
  format: Format;
  lang: Lang;
  pal: Palette;
}

/** Renders a list of rows in the chosen format; JSON is the rows as they are (the documented keys). */
export async function renderRows<R>(rows: readonly R[], columns: readonly Column<R>[], rc: RenderContext, jsonValue?: unknown): Promise<string> {
  switch (rc.format) {
    case 'json':
      return JSON.stringify(jsonValue ?? rows, null, 2) + '\n';
    case 'csv':
      return toCsv(
        columns.map((c) => c.key),
        cells(rows, columns),
      );
    case 'md':
      return toMarkdown(headers(columns, rc.lang), cells(rows, columns));
    case 'table':
      return toTable(headers(columns, rc.lang), cells(rows, columns), rc.pal);
  }
}
