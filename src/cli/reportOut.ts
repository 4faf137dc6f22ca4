// Where a report goes: stdout in the chosen format, or a file written atomically whose format comes from its
// extension (`--out report.md`). One home for what churn-report started, so every report behaves alike.

import path from 'node:path';
import type { Command } from 'commander';
import { InvalidValue } from '../core/errors.js';
import { DEFAULT_TIME_ZONE, zonedDateTime } from '../core/dates.js';
import { businessZone, clockOf, type CommonOptions, dbPath, formatOf, HTML_FORMAT, langOf, screenPalette } from './common.js';
import type { HtmlContext } from './html.js';
import { writeFileAtomic, writeOut } from './io.js';
import { type Format, plainPalette, type RenderContext } from './output.js';

/** File extensions and the format they mean; `.xlsx` only for reports that can write a workbook, `.html` for reports with a page. */
export const EXT_FORMATS: Readonly<Record<string, Format | 'xlsx' | 'html'>> = { '.md': 'md', '.markdown': 'md', '.csv': 'csv', '.json': 'json', '.txt': 'table', '.xlsx': 'xlsx', '.html': 'html', '.htm': 'html' };

/** `--format html` without `--json`: the report as a self-contained HTML page. */
export function htmlWanted(common: CommonOptions): boolean {
  return !common.json && common.format === HTML_FORMAT;
}

/** The format of `--out FILE`: `--format`/`--json` when given, else from the extension; InvalidValue when neither says. */
export function outFormat(common: CommonOptions, out: string, { xlsx = false, html = false }: { xlsx?: boolean; html?: boolean } = {}): Format | 'xlsx' | 'html' {
  if (html && htmlWanted(common)) return 'html';
  if (common.format !== undefined || common.json) return formatOf(common);
  const exts = Object.keys(EXT_FORMATS).filter((e) => (xlsx || EXT_FORMATS[e] !== 'xlsx') && (html || EXT_FORMATS[e] !== 'html'));
  const inferred = EXT_FORMATS[path.extname(out).toLowerCase()];
  if (!inferred || (inferred === 'xlsx' && !xlsx) || (inferred === 'html' && !html)) {
    throw new InvalidValue('--out', out, exts, { zh: `给出以 ${exts.join('、')} 结尾的文件名，或给出 --format`, en: `a file ending in ${exts.join(', ')}, or give --format` });
  }
  return inferred;
}

/** Adds `--out FILE` to a printing command (once: a command that declares its own keeps it); `html` when it writes a page too. */
export function withOut(cmd: Command, { html = false }: { html?: boolean } = {}): Command {
  if (cmd.options.some((o) => o.long === '--out')) return cmd;
  return cmd.option('--out <file>', `write to a file atomically instead of stdout (format from the extension .md .csv .json .txt${html ? ' .html' : ''}, or --format)`);
}

/** What an HTML page says in its footer: when it was made (business time zone), from which file, in which language. */
export function htmlContext(common: CommonOptions): HtmlContext {
  const zone = process.env.KEHU_TZ || DEFAULT_TIME_ZONE;
  return { lang: langOf(common), generatedAt: zonedDateTime(clockOf(), zone).replace('T', ' '), zone, db: dbPath(common) };
}

/**
 * Prints a report or listing (on a terminal: fitted to its width, paged when long), or writes it to `out`
 * (after replacing `{name}` placeholders) in the file's format with no colour, no width limit and no pager.
 * `render` turns the report into text for a render context; `html`, when the report has a page, turns it
 * into one (`--format html` or `--out FILE.html`); without it HTML is refused.
 */
export async function emitReport(
  common: CommonOptions,
  out: string | undefined,
  render: (rc: RenderContext) => Promise<string> | string,
  placeholders: Readonly<Record<string, string>> = {},
  html?: (hc: HtmlContext) => Promise<string> | string,
): Promise<void> {
  const lang = langOf(common);
  if (out === undefined) {
    if (html && htmlWanted(common)) return writeOut(await html(htmlContext(common)));
    writeOut(await render({ format: formatOf(common), lang, pal: await screenPalette(common), zone: businessZone() }));
    return;
  }
  const format = outFormat(common, out, { html: html !== undefined });
  let file = out;
  for (const [k, v] of Object.entries(placeholders)) file = file.split(`{${k}}`).join(v);
  if (format === 'html' && html) return writeFileAtomic(file, await html(htmlContext(common)));
  writeFileAtomic(file, await render({ format: format as Format, lang, pal: plainPalette(), zone: businessZone() }));
}
