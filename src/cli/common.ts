// The options every command shares (SPEC 3), and turning them into a context, a language and a format.

import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import type { AppContext } from '../app/context.js';
import { FormatNotSupported, InvalidValue } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { isPostgresUrl } from '../store/pg.js';
import { type Lang, resolveLang } from './i18n.js';
import { allowPager } from './io.js';
import { type Format, FORMATS, palette, type Palette, type RenderContext } from './output.js';

/** The install folder: two levels above dist/cli (or src/cli under the test runner). */
export const INSTALL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DB = path.join(INSTALL_DIR, 'data', 'kehu.db');

export interface CommonOptions {
  db?: string;
  as?: string;
  format?: string;
  json?: boolean;
  lang?: string;
  input?: boolean;
  out?: string;
  /** --wide: every column of a table, whatever the terminal's width. */
  wide?: boolean;
  /** --no-pager sets it false. */
  pager?: boolean;
  /** The command as typed (`kehu report activity`), set by commonOf, for messages that name it. */
  command?: string;
}

/** `--format html`: only the reports write it (reportOut.ts); every other command refuses it in formatOf. */
export const HTML_FORMAT = 'html';

/** Adds the shared options to a command, so they work before or after the command name. */
export function withCommon(cmd: Command, { output = true }: { output?: boolean } = {}): Command {
  cmd
    .option('--db <path>', 'database file, or a team PostgreSQL server as postgres://… (env KEHU_DB; default data/kehu.db in the install folder)')
    .option('--as <user>', 'operator recorded on writes (env KEHU_USER)')
    .option('--lang <zh|en>', 'language of messages and labels (env KEHU_LANG, then LANG)')
    .option('--no-input', 'never prompt, even on a terminal');
  if (output) {
    cmd
      .addOption(new Option('--format <format>', 'output format (html: reports only)').choices([...FORMATS, HTML_FORMAT]))
      .option('--json', 'same as --format json')
      .option('--wide', 'show every column of a table, even wider than the terminal')
      .option('--no-pager', 'never page long output through $PAGER on a terminal');
  }
  return cmd;
}

/** The `report` parent command, made by whichever report module registers first. */
export function reportCommand(program: Command): Command {
  let report = program.commands.find((c) => c.name() === 'report');
  if (!report) {
    report = program.command('report').description('monthly reports (报表)');
    report.addHelpText('after', '\nExample:\n  $ kehu report potential-vip --month 2026-10 --format md');
  }
  return report;
}

/** Options given anywhere on the line: the command's own win over the program's. */
export function commonOf(cmd: Command): CommonOptions {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return { ...cmd.optsWithGlobals<CommonOptions>(), command: names.join(' ') };
}

export function langOf(opts: CommonOptions, env: NodeJS.ProcessEnv = process.env): Lang {
  try {
    return resolveLang(opts.lang, env);
  } catch {
    throw new InvalidValue('--lang', String(opts.lang), ['zh', 'en']);
  }
}

export function formatOf(opts: CommonOptions): Format {
  if (opts.json) return 'json';
  const f = opts.format ?? 'table';
  if (f === HTML_FORMAT) throw new FormatNotSupported(opts.command ?? 'kehu', f, [...FORMATS]);
  if (!(FORMATS as readonly string[]).includes(f)) throw new InvalidValue('--format', f, [...FORMATS]);
  return f as Format;
}

export function dbPath(opts: CommonOptions, env: NodeJS.ProcessEnv = process.env): string {
  const p = opts.db ?? (env.KEHU_DB && env.KEHU_DB !== '' ? env.KEHU_DB : DEFAULT_DB);
  // A PostgreSQL connection string (team mode) is passed on as given; anything else is a file.
  return isPostgresUrl(p) ? p : path.resolve(p);
}

export function operatorOf(opts: CommonOptions, env: NodeJS.ProcessEnv = process.env): string {
  const named = opts.as ?? env.KEHU_USER;
  if (named && named.trim()) return named.trim();
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Prompts only when both ends are a terminal and --no-input was not given. */
export function isInteractive(opts: CommonOptions): boolean {
  return opts.input !== false && Boolean(process.stdout.isTTY) && Boolean(process.stdin.isTTY);
}

/**
 * The clock: the process's, or KEHU_NOW (an ISO instant such as 2026-11-30T23:30:00Z) for tests and
 * replays. Read here and nowhere else.
 */
export function clockOf(env: NodeJS.ProcessEnv = process.env): Date {
  const pinned = env.KEHU_NOW?.trim();
  if (!pinned) return new Date();
  const d = new Date(pinned);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(pinned)) throw new InvalidValue('KEHU_NOW', pinned, undefined, { zh: '给出 ISO 8601 时刻，如 2026-11-30T23:30:00Z', en: 'an ISO 8601 instant such as 2026-11-30T23:30:00Z' });
  return d;
}

/**
 * Opens the database for a command through a session (the timelines brought to today); the app layer owns
 * the store. `mustExist`: a command that only reads refuses a missing file instead of creating it.
 */
export async function appContext(opts: CommonOptions, { advance = true, mustExist = false }: { advance?: boolean; mustExist?: boolean } = {}): Promise<AppContext> {
  const { openSession } = await import('../app/session.js');
  const ctx = openSession({
    file: dbPath(opts),
    operator: operatorOf(opts),
    operatorNamed: Boolean((opts.as ?? process.env.KEHU_USER ?? '').trim()),
    now: clockOf(),
    timeZone: process.env.KEHU_TZ,
    busyTimeoutMs: Number(process.env.KEHU_BUSY_TIMEOUT_MS ?? 5000),
    advance,
    mustExist,
  });
  opened.push(ctx.db);
  return ctx;
}

const opened: Db[] = [];

/** Closes every database a command opened (main.ts calls it once, before exiting). */
export function closeDatabases(): void {
  for (const db of opened.splice(0)) {
    if (!db.open) continue;
    try {
      db.close();
    } catch {
      // A listing stopped half-way (an error while writing it) leaves its read cursor open and close() refuses;
      // the process is ending, and SQLite lets the file go with it. Every write was committed or rolled back.
    }
  }
}

/**
 * The width tables must fit: the terminal's columns (COLUMNS when it does not say), only when standard
 * output is a terminal and --wide was not given. Pipes and files are never shaped by a window.
 */
export function screenColumns(opts: CommonOptions, stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (!stream.isTTY || opts.wide) return undefined;
  const fromEnv = Number(env.COLUMNS);
  return stream.columns || (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80);
}

/** How standard output looks: colour on a terminal (not with NO_COLOR) and its width for tables; the pager as --no-pager says. */
export async function screenPalette(opts: CommonOptions): Promise<Palette> {
  allowPager(opts.pager !== false);
  const pal: Palette = await palette(process.stdout, process.env);
  const columns = screenColumns(opts);
  return columns === undefined ? pal : { ...pal, screen: { columns, lang: langOf(opts) } };
}

/** The business time zone people's times are shown in (KEHU_TZ; the renderers' default when unset). */
export function businessZone(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.KEHU_TZ?.trim() || undefined;
}

export async function renderContext(opts: CommonOptions): Promise<RenderContext> {
  const format = formatOf(opts);
  const pal = await screenPalette(opts);
  return { format, lang: langOf(opts), pal, zone: businessZone() };
}
