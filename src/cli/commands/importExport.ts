// kehu import / kehu export: bulk CSV, XLSX, JSON and NDJSON in and out (SPEC 3, 4).

import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import type { ExportKind, ExportTable } from '../../app/export.js';
import type { ImportKind, ImportResult, InputFormat } from '../../app/import.js';
import type { ReadProgress } from '../../app/importReaders.js';
import { FormatNotSupported, ImportRejected, InvalidValue, OptionNotForKind } from '../../core/errors.js';
import { appContext, commonOf, formatOf, langOf, withCommon } from '../common.js';
import { csvCell, type ExportColumn, exportColumns, openXlsx } from '../exportFormat.js';
import { errorMessage } from '../i18n.js';
import { writeErr, writeOut, writeStreamAtomic } from '../io.js';
import { committingText, importedLine, progressBar, tookText } from '../progress.js';
import { exportAll, importAll } from './archive.js';
import { rejectLine, rejectLines, summaryText, exportedLine } from '../views/importExport.js';

const KINDS = ['customers', 'visits', 'orders', 'users'] as const;
const IN_FORMATS: InputFormat[] = ['csv', 'xlsx', 'json', 'ndjson'];
type OutFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';
const OUT_FORMATS: OutFormat[] = ['csv', 'xlsx', 'json', 'ndjson'];

function kindOf(input: string): ImportKind {
  if (!(KINDS as readonly string[]).includes(input)) throw new InvalidValue('KIND', input, [...KINDS, 'all']);
  return input as ImportKind;
}

interface ImportOptions {
  formatIn?: string;
  encoding?: string;
  sheet?: string;
  dryRun?: boolean;
  onDuplicate?: string;
  rejects?: string;
}

export function registerImport(program: Command): void {
  const cmd = program
    .command('import')
    .description('import customers, visits, orders or users from CSV/XLSX/JSON/NDJSON, or a whole archive, all or nothing (批量导入)')
    .argument('<kind>', 'customers | visits | orders | users | all (a whole archive from kehu export all, into an empty database)')
    .argument('<file>', 'the file, or - for standard input')
    .addOption(new Option('--format-in <format>', 'input format (default: from the extension; csv for stdin)').choices(IN_FORMATS))
    .addOption(new Option('--encoding <encoding>', 'text encoding of CSV/JSON: auto detects BOM, UTF-8, then GBK/GB18030').choices(['auto', 'utf8', 'gbk']).default('auto'))
    .option('--sheet <name>', 'XLSX sheet to read (default: the first)')
    .option('--dry-run', 'validate every row and report, write nothing')
    .addOption(new Option('--on-duplicate <mode>', 'a row matching an existing record (customers: by code, else normalised name)').choices(['error', 'skip', 'update']).default('error'))
    .option('--rejects <file>', 'write every rejected row (line, column, value, reason) to this CSV file')
    .addHelpText(
      'after',
      `
Headers may be English keys (name, province, city, grade, status, type, owner,
contact, mobile, code …) or the record form's Chinese names (单位名称, 省份,
城市, 客户等级, 客户代码, 联系人, 手机 …). Visits: 客户代码/code, 日期/date,
方式/method, 经办人/handler, 具体情况/summary …; orders: 客户代码, 日期, 金额,
备注. Users: 姓名/name, 角色/roles (several separated by ; or 、:
销售经理;市场经理), 创建时间/created_at.

kehu import all FILE loads a whole archive written by kehu export all into an
empty database: users and roles, customers with every contact, status
decisions, visits with their numbers, orders, reviews, applications and
approvals, salvage plans, with their ids and who recorded each; every timeline
is then recomputed, so list, show, history, due and every report print what
they print on the original. A newer archive version, a cut-off file or a
database that already holds data is refused; nothing is written.

Examples:
  $ kehu import all 档案.ndjson --db /srv/kehu/new.db
  $ kehu import customers 客户档案.csv --dry-run
  $ kehu import customers 客户.xlsx --sheet 客户档案 --on-duplicate skip --rejects errors.csv
  $ kehu export customers | kehu import customers - --db copy.db
  $ kehu import orders orders.ndjson --json`,
    );
  withCommon(cmd);
  cmd.action(async (kindArg: string, file: string, o: ImportOptions, self: Command) => {
    const common = commonOf(self);
    if (kindArg === 'all') {
      // A whole archive loads into an empty database all or nothing: the per-kind options have no meaning there.
      const given = ([['--dry-run', o.dryRun], ['--rejects', o.rejects], ['--sheet', o.sheet], ['--format-in', o.formatIn], ['--on-duplicate', o.onDuplicate === 'error' ? undefined : o.onDuplicate], ['--encoding', o.encoding === 'auto' ? undefined : o.encoding]] as const).find(([, v]) => v !== undefined && v !== false);
      if (given) throw new OptionNotForKind(given[0], 'all');
      return importAll(common, file);
    }
    const lang = langOf(common);
    const format = formatOf(common);
    const kind = kindOf(kindArg);
    const { importRecords } = await import('../../app/import.js');
    const ctx = await appContext(common);
    const bar = progressBar(lang);
    const readProgress: ReadProgress = {};
    let rejectsFd: number | undefined;
    let rejectsTmp: string | undefined;
    if (o.rejects) {
      rejectsTmp = path.join(path.dirname(path.resolve(o.rejects)), `.${path.basename(o.rejects)}.${process.pid}.tmp`);
      rejectsFd = fs.openSync(rejectsTmp, 'w');
      fs.writeSync(rejectsFd, '\ufeffline,column,value,error,reason\n');
    }
    let result: ImportResult;
    try {
      result = await importRecords(ctx, {
        kind,
        file,
        stdin: process.stdin,
        format: o.formatIn as InputFormat | undefined,
        encoding: (o.encoding ?? 'auto') as 'auto' | 'utf8' | 'gbk',
        sheet: o.sheet,
        dryRun: o.dryRun,
        onDuplicate: (o.onDuplicate ?? 'error') as 'error' | 'skip' | 'update',
        progress: readProgress,
        onProgress: (n) => bar.tick(n, readProgress.fraction?.(n)),
        onCommit: () => bar.phase(committingText(lang)),
        onReject: (r) => {
          if (rejectsFd !== undefined) {
            fs.writeSync(rejectsFd, `${[r.line, r.column, r.value, r.error.key, errorMessage(r.error, lang)].map((v) => csvCell(v)).join(',')}\n`);
          }
        },
      });
    } finally {
      bar.done();
      if (rejectsFd !== undefined) {
        fs.closeSync(rejectsFd);
        fs.renameSync(rejectsTmp!, o.rejects!);
      }
    }
    if (result.rejected > 0) {
      const err = new ImportRejected(result.rejected, result.rows);
      if (format === 'json') {
        // Scripts read one JSON object on stderr: the rejected rows go inside it.
        err.params.rejects = result.rejects.map((r) => rejectLine(r, lang));
        throw err;
      }
      for (const line of rejectLines(result.rejects, lang)) writeErr(line);
      if (result.rejected > result.rejects.length) {
        writeErr(lang === 'zh' ? `……另有 ${result.rejected - result.rejects.length} 行错误${o.rejects ? `，见 ${o.rejects}` : '（用 --rejects FILE 保存全部）'}` : `… ${result.rejected - result.rejects.length} more${o.rejects ? `, see ${o.rejects}` : ' (save them all with --rejects FILE)'}`);
      }
      throw err;
    }
    const { rejects: _r, ...summary } = result;
    writeOut(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : summaryText(result, lang));
    // The closing line is for a person at a terminal: pipes and cron get the summary above, as before.
    if (bar.shown) writeErr(importedLine(result.rows, bar.seconds(), lang, result.dry_run));
  });
}

interface ExportOptions {
  out?: string;
  formatOut?: string;
  bom?: boolean;
  withPersonalData?: boolean;
}

function outFormatOf(o: ExportOptions, common: { format?: string; json?: boolean }): OutFormat {
  if (o.formatOut) return o.formatOut as OutFormat;
  if (o.out) {
    const ext = path.extname(o.out).toLowerCase().slice(1);
    if (ext === 'jsonl') return 'ndjson';
    if ((OUT_FORMATS as string[]).includes(ext)) return ext as OutFormat;
  }
  if (common.json || common.format === 'json') return 'json';
  return 'csv';
}

/** The rows of an export, counted as they pass, with the progress bar told every 1,000. */
function* counted<T>(rows: Iterable<T>, seen: { rows: number }, tick: (n: number) => void): Generator<T> {
  for (const row of rows) {
    seen.rows++;
    if ((seen.rows & 1023) === 0) tick(seen.rows);
    yield row;
  }
}

/**
 * Text chunks of an export, batched so a million rows do not mean a million writes. CSV has the columns'
 * headers and labels (Chinese with --lang zh); JSON and NDJSON keep the English keys and stored values.
 */
function* textChunks(table: ExportTable, columns: ExportColumn[], format: Exclude<OutFormat, 'xlsx'>, bom: boolean): Generator<string> {
  let buf = bom && format === 'csv' ? '\ufeff' : '';
  if (format === 'csv') buf += `${columns.map((c) => csvCell(c.header)).join(',')}\n`;
  if (format === 'json') buf += '[';
  let first = true;
  for (const row of table.rows) {
    if (format === 'csv') buf += `${columns.map((c) => csvCell(c.text(row[c.key]))).join(',')}\n`;
    else if (format === 'ndjson') buf += `${JSON.stringify(row)}\n`;
    else {
      buf += `${first ? '\n' : ',\n'}  ${JSON.stringify(row)}`;
      first = false;
    }
    if (buf.length > 64 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (format === 'json') buf += first ? ']\n' : '\n]\n';
  if (buf) yield buf;
}

const SHEET_NAMES: Record<ExportKind, { zh: string; en: string }> = {
  customers: { zh: '客户档案', en: 'customers' },
  visits: { zh: '客户开发记录', en: 'visits' },
  orders: { zh: '订货记录', en: 'orders' },
  users: { zh: '用户', en: 'users' },
};

export function registerExport(program: Command): void {
  const cmd = program
    .command('export')
    .description('export customers, visits, orders or users as CSV, XLSX, JSON or NDJSON, or the whole archive (批量导出)')
    .argument('<kind>', 'customers | visits | orders | users | all (everything, one versioned NDJSON file that kehu import all reads)')
    .option('--out <file>', 'write to this file atomically (format from its extension); stdout otherwise')
    .addOption(new Option('--format-out <format>', 'output format (default: from --out, else csv; --json gives json)').choices(OUT_FORMATS))
    .option('--bom', 'start CSV with a UTF-8 byte order mark, so Excel opens Chinese text correctly')
    .option('--with-personal-data', "include contacts' personal data (PIPL): mobile, WeChat, birthday, notes, insider and decision-maker profiles")
    .addHelpText(
      'after',
      `
CSV and XLSX follow --lang: in Chinese (the default) the headers are the
record form's column names (单位名称, 客户等级, 建档日期 …) and closed sets
their labels (VIP客户, 合作客户, 经销商/代理商, 是/否); with --lang en the
English keys and stored values (name, grade A, status a, dealer, yes/no). kehu
import reads either back. JSON and NDJSON always keep the English keys and
values (a contract for scripts).

XLSX is made for Excel and WPS: dates are date cells (yyyy-mm-dd; a visit's
time as yyyy-mm-dd hh:mm in the business zone, KEHU_TZ), amounts numbers shown
as ¥#,##0.00, counts and stages numbers; the header row is bold, frozen and
filtered, and columns are as wide as their text. Both stream: a million
customers export in well under 200 MB of memory.

On a terminal a progress bar (percentage, time left) shows on stderr; every
export ends with one line there saying how many rows went where (已导出 1,234
行客户到 客户档案.xlsx).

kehu export all writes the whole archive (every fact, with ids and who
recorded it) as one versioned NDJSON file for kehu import all: the way a file
moves to another machine or kehu version. Contacts' mobile, birthday and notes
only with --with-personal-data; the file is created owner-only (0600).

Examples:
  $ kehu export all --out 档案-2026-11.ndjson --with-personal-data
  $ kehu export customers --out 客户档案.xlsx
  $ kehu export customers --out 客户档案.csv --bom
  $ kehu export customers --out customers.csv --lang en --with-personal-data
  $ kehu export orders --format-out ndjson > orders.ndjson`,
    );
  withCommon(cmd);
  cmd.action(async (kindArg: string, o: ExportOptions, self: Command) => {
    const common = commonOf(self);
    if (common.format === 'html' && !common.json) throw new FormatNotSupported(common.command ?? 'kehu export', 'html', [...OUT_FORMATS]);
    if (kindArg === 'all') return exportAll(common, o);
    const lang = langOf(common);
    const kind = kindOf(kindArg);
    const format = outFormatOf(o, common);
    if (format === 'xlsx' && !o.out && process.stdout.isTTY) throw new InvalidValue('--out', '(terminal)', undefined, { zh: '用 --out 给出 XLSX 的文件名', en: 'a file name for XLSX output' });
    const [{ exportTable }, { exportRowCount }, { zoneOf }] = await Promise.all([import('../../app/export.js'), import('../../app/exportCount.js'), import('../../app/context.js')]);
    const ctx = await appContext(common);
    const table = exportTable(ctx, kind, { withPersonalData: o.withPersonalData });
    // JSON and NDJSON are a contract for scripts: English keys and values whatever the language.
    const columns = exportColumns(kind, table.columns, format === 'csv' || format === 'xlsx' ? lang : 'en', zoneOf(ctx));
    const bar = progressBar(lang, { total: exportRowCount(ctx, kind) });
    const seen = { rows: 0 };
    const rows = counted(table.rows, seen, (n) => bar.tick(n));
    // Contacts' personal data goes into a file only its owner reads, as the database and the archive.
    try {
      await writeStreamAtomic(o.out, async (stream, end) => {
        if (format === 'xlsx') {
          // exceljs is heavy (BASELINES.md): exportFormat loads it only for XLSX.
          const book = await openXlsx(stream, end);
          await book.sheet({ name: SHEET_NAMES[kind][lang], head: columns.map((c) => c.header) }, (function* () {
            for (const row of rows) yield columns.map((c) => c.cell(row[c.key]));
            // Compressing and writing the workbook's last part takes a while on a big sheet: say so.
            bar.phase(lang === 'zh' ? '正在写入 XLSX 文件…' : 'Writing the XLSX file…');
          })());
          await book.close();
        } else {
          await pipeline(Readable.from(textChunks({ columns: table.columns, rows }, columns, format, o.bom ?? false)), stream, { end });
        }
      }, o.withPersonalData ? { mode: 0o600 } : {});
    } finally {
      bar.done();
    }
    // On a terminal the line also says how long it took; in a pipe or cron it stays as scripts know it.
    writeErr(exportedLine(kind, seen.rows, o.out, lang) + (bar.shown ? tookText(bar.seconds(), lang) : ''));
  });
}
