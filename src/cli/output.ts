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
  /**
   * How much the column matters when a terminal is too narrow: the lowest priority is dropped first
   * (ties: the rightmost first). No priority: never dropped (the identifying columns, code and name).
   */
  priority?: number;
}

/** The terminal a table is drawn for: its width in columns and the language of the note on hidden columns. */
export interface Screen {
  columns: number;
  lang: Lang;
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
  /** Set only when drawing for a terminal without --wide: tables fit its width. Pipes and files have none. */
  screen?: Screen;
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

/** The display width of text: East Asian wide characters count two columns, colour codes none (string-width). */
async function measurer(): Promise<(s: string) => number> {
  const { default: stringWidth } = await import('string-width');
  // Measured once per distinct text (regions, owners and reasons repeat down a long list), ASCII by its length.
  const known = new Map<string, number>();
  return (s: string): number => {
    if (ASCII_TEXT.test(s)) return s.length;
    let w = known.get(s);
    if (w === undefined) known.set(s, (w = stringWidth(s)));
    return w;
  };
}

/** The width a bordered table takes: a border and two spaces of padding per column, and one closing border. */
export function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w + 3, 1);
}

/**
 * Which columns a table keeps to fit `columns`: the lowest priority goes first (ties: the rightmost), columns
 * without a priority never; a dropped column that fits in the room left comes back. `null` when even those do not fit (the table becomes one block per record).
 */
export function fitColumns(widths: readonly number[], priority: readonly (number | undefined)[], columns: number): { keep: number[]; dropped: number[] } | null {
  const keep = widths.map((_, i) => i);
  const dropped: number[] = [];
  const droppable = keep.filter((i) => priority[i] !== undefined).sort((a, b) => priority[a]! - priority[b]! || b - a);
  while (tableWidth(keep.map((i) => widths[i]!)) > columns) {
    const next = droppable.shift();
    if (next === undefined) return null;
    keep.splice(keep.indexOf(next), 1);
    dropped.push(next);
  }
  // Room left after a wide column went: a smaller one dropped before it comes back, most important first.
  for (const i of [...dropped].reverse()) {
    const tryKeep = [...keep, i].sort((x, y) => x - y);
    if (tableWidth(tryKeep.map((k) => widths[k]!)) <= columns) {
      keep.splice(0, keep.length, ...tryKeep);
      dropped.splice(dropped.indexOf(i), 1);
    }
  }
  return { keep, dropped };
}

/**
 * Cuts text into lines of at most `width` display columns, at spaces where it can and never inside a
 * character (a CJK character is two columns and stays whole); colour codes are kept and count nothing.
 */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (measure(paragraph) <= width) {
      out.push(paragraph);
      continue;
    }
    // Tokens: colour codes whole, otherwise one code point each.
    const tokens = paragraph.split(/(\x1b\[[0-9;]*m)/).flatMap((part) => (part.startsWith('\x1b[') ? [part] : [...part]));
    let line = '';
    let used = 0;
    let lastSpace = -1;
    for (const tok of tokens) {
      const w = tok.startsWith('\x1b[') ? 0 : measure(tok);
      if (used + w > width && used > 0) {
        if (tok === ' ') {
          out.push(line);
          line = '';
          used = 0;
          lastSpace = -1;
          continue;
        }
        if (lastSpace > 0) {
          const rest = line.slice(lastSpace + 1);
          out.push(line.slice(0, lastSpace));
          line = rest;
          used = measure(rest);
        } else {
          out.push(line);
          line = '';
          used = 0;
        }
        lastSpace = -1;
      }
      if (tok === ' ') lastSpace = line.length;
      line += tok;
      used += w;
    }
    out.push(line);
  }
  return out;
}

/**
 * Label-and-value lines, the labels bold and padded to one column; a value longer than the window wraps
 * under its start. No rule between rows.
 */
function recordLines(pairs: readonly (readonly [string, string])[], pal: Palette, measure: (s: string) => number, sep: string, labels: readonly string[] = pairs.map(([k]) => k), indent = ''): string[] {
  const labelWidth = Math.max(0, ...labels.map((k) => measure(k + sep)));
  const columns = pal.screen?.columns;
  const valueWidth = columns === undefined ? Infinity : Math.max(8, columns - indent.length - labelWidth - 2);
  const out: string[] = [];
  for (const [k, v] of pairs) {
    const lines = wrapText(v, valueWidth, measure);
    out.push(`${indent}${pal.bold(k + sep)}${' '.repeat(labelWidth - measure(k + sep))}  ${lines[0] ?? ''}`.trimEnd());
    for (const l of lines.slice(1)) out.push(`${indent}${' '.repeat(labelWidth + 2)}${l}`);
  }
  return out;
}

/** The one-line note under a table that lost columns to the window: which, and how to see them. */
export function hiddenNote(names: readonly string[], lang: Lang): string {
  return lang === 'zh' ? `（已省略 ${names.length} 列：${names.join('、')}；--wide 显示全部）` : `(${names.length} column${names.length === 1 ? '' : 's'} hidden: ${names.join(', ')}; --wide shows all)`;
}

export interface TableOptions {
  /** Per column (by position), as Column.priority: the lowest is dropped first on a narrow terminal; none: kept. */
  priority?: readonly (number | undefined)[];
  /** A two-column table of labels and values (a report's summary): too wide for the window, it becomes a record table. */
  keyValue?: boolean;
}

/**
 * A bordered table: one header row with a rule under it, no lines between body rows; a cell's lines split
 * at \n. Drawn here because cli-table3 slowed down with the square of the rows (2,000 rows took it 2.3 s).
 * East Asian wide characters count two columns, so Chinese text stays aligned. For a terminal (`pal.screen`)
 * a table wider than the window drops its least important columns and says so under it, or, when the columns
 * that are never dropped do not fit either, shows one block of `label: value` lines per record.
 */
export async function toTable(head: readonly string[], body: readonly (readonly string[])[], pal: Palette, opts: TableOptions = {}): Promise<string> {
  const width = await measurer();
  const widths: number[] = [];
  for (const r of [head, ...body]) {
    for (let i = 0; i < r.length; i++) {
      const cell = r[i]!;
      const w = cell.includes('\n') ? Math.max(...cell.split('\n').map(width)) : width(cell);
      if (!(w <= widths[i]!)) widths[i] = w;
    }
  }
  let keep = widths.map((_, i) => i);
  let note = '';
  const screen = pal.screen;
  if (screen !== undefined && tableWidth(widths) > screen.columns) {
    const fit = fitColumns(widths, opts.priority ?? [], screen.columns);
    if (fit === null && opts.keyValue) return recordLines(body.map((r) => [r[0] ?? '', r[1] ?? ''] as const), pal, width, '').join('\n') + '\n';
    if (fit === null) return toBlocks(head, body, pal, width);
    keep = fit.keep;
    const names = fit.dropped.sort((a, b) => a - b).map((i) => head[i] ?? '');
    note = wrapText(hiddenNote(names, screen.lang), screen.columns, width).map((l) => `${pal.dim(l)}\n`).join('');
  }
  const kept = keep.map((i) => widths[i]!);
  const line = (cells: readonly string[]): string => `│${keep.map((i, k) => ` ${cells[i] ?? ''}${' '.repeat(kept[k]! - width(cells[i] ?? ''))} `).join('│')}│`;
  const rule = (left: string, mid: string, right: string): string => left + kept.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const out = [rule('┌', '┬', '┐')];
  for (const [n, r] of [head.map((h) => pal.bold(h)), ...body].entries()) {
    if (!keep.some((i) => r[i]?.includes('\n'))) out.push(line(r));
    else {
      const split = r.map((cell) => cell.split('\n'));
      // As tall as its tallest kept cell: a dropped column's lines add none.
      const height = Math.max(...keep.map((i) => split[i]?.length ?? 1));
      for (let k = 0; k < height; k++) out.push(line(split.map((l) => l[k] ?? '')));
    }
    if (n === 0) out.push(rule('├', '┼', '┤'));
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n') + '\n' + note;
}

/** A table too wide for the window even with its must-keep columns: every record as `label: value` lines, a blank line between. */
function toBlocks(head: readonly string[], body: readonly (readonly string[])[], pal: Palette, measure: (s: string) => number): string {
  const sep = pal.screen?.lang === 'zh' ? '：' : ':';
  return body.map((r) => recordLines(head.map((h, i) => [h, r[i] ?? ''] as const).filter(([, v]) => v !== ''), pal, measure, sep, head).join('\n') + '\n').join('\n');
}

/**
 * One record as two columns under its title, label and value (kehu show's archive): indented two spaces, the
 * labels bold and aligned, no rule between rows, a blank line after; long values wrap at a terminal's width
 * without splitting a character, a value's further lines under its first.
 */
export async function toRecordTable(pairs: readonly (readonly [string, string])[], pal: Palette): Promise<string> {
  if (pairs.length === 0) return '';
  return recordLines(pairs, pal, await measurer(), '', pairs.map(([k]) => k), '  ').join('\n') + '\n\n';
}

/** A title in bold, wrapped at a terminal's width (never cutting a character); as it is elsewhere. */
export async function titleText(title: string, pal: Palette): Promise<string> {
  if (pal.screen === undefined) return `${pal.bold(title)}\n`;
  return wrapText(title, pal.screen.columns, await measurer())
    .map((l) => `${pal.bold(l)}\n`)
    .join('');
}

export interface RenderContext {
  format: Format;
  lang: Lang;
  pal: Palette;
  /** The business time zone (KEHU_TZ) that times are shown in; Asia/Shanghai when absent. */
  zone?: string;
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
      return toTable(headers(columns, rc.lang), cells(rows, columns), rc.pal, { priority: columns.map((c) => c.priority) });
  }
}
