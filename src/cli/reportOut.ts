// Where a report goes: stdout in the chosen format, or a file written atomically whose format comes from its
// extension (`--out report.md`). One home for what churn-report started, so every report behaves alike.

import path from 'node:path';
import type { Command } from 'commander';
import { InvalidValue } from '../core/errors.js';
import { type CommonOptions, formatOf, langOf } from './common.js';
import { writeFileAtomic, writeOut } from './io.js';
import { type Format, palette, plainPalette, type RenderContext } from './output.js';

/** File extensions and the format they mean; `.xlsx` only for reports that can write a workbook. */
export const EXT_FORMATS: Readonly<Record<string, Format | 'xlsx'>> = { '.md': 'md', '.markdown': 'md', '.csv': 'csv', '.json': 'json', '.txt': 'table', '.xlsx': 'xlsx' };

/** The format of `--out FILE`: `--format`/`--json` when given, else from the extension; InvalidValue when neither says. */
export function outFormat(common: CommonOptions, out: string, { xlsx = false }: { xlsx?: boolean } = {}): Format | 'xlsx' {
  if (common.format !== undefined || common.json) return formatOf(common);
  const exts = Object.keys(EXT_FORMATS).filter((e) => xlsx || EXT_FORMATS[e] !== 'xlsx');
  const inferred = EXT_FORMATS[path.extname(out).toLowerCase()];
  if (!inferred || (inferred === 'xlsx' && !xlsx)) {
    throw new InvalidValue('--out', out, exts, { zh: `给出以 ${exts.join('、')} 结尾的文件名，或给出 --format`, en: `a file ending in ${exts.join(', ')}, or give --format` });
  }
  return inferred;
}

/** Adds `--out FILE` to a report command. */
export function withOut(cmd: Command): Command {
  return cmd.option('--out <file>', 'write to a file atomically instead of stdout (format from the extension .md .csv .json .txt, or --format)');
}

/**
 * Prints a report, or writes it to `out` (after replacing `{name}` placeholders) in the file's format with no
 * colour. `render` turns the report into text for a render context.
 */
export async function emitReport(common: CommonOptions, out: string | undefined, render: (rc: RenderContext) => Promise<string> | string, placeholders: Readonly<Record<string, string>> = {}): Promise<void> {
  const lang = langOf(common);
  if (out === undefined) {
    writeOut(await render({ format: formatOf(common), lang, pal: await palette(process.stdout, process.env) }));
    return;
  }
  const format = outFormat(common, out) as Format;
  let file = out;
  for (const [k, v] of Object.entries(placeholders)) file = file.split(`{${k}}`).join(v);
  writeFileAtomic(file, await render({ format, lang, pal: plainPalette() }));
}
