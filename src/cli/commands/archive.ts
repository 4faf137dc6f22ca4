// kehu export all / kehu import all: the whole archive in one file (app/archive.ts), written atomically
// and read line by line, with progress on a terminal and a closing line on stderr.

import fs from 'node:fs';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { groupThousands } from '../../core/money.js';
import { appContext, type CommonOptions, formatOf, langOf } from '../common.js';
import { writeErr, writeOut, writeStreamAtomic } from '../io.js';
import { committingText, importedLine, progressBar, tookText } from '../progress.js';

/** Writes the archive to `out` (atomically: a temp file renamed when complete) or to stdout. */
export async function exportAll(common: CommonOptions, o: { out?: string | undefined; withPersonalData?: boolean | undefined }): Promise<void> {
  const lang = langOf(common);
  const { archiveLines, archiveRowCount } = await import('../../app/archive.js');
  const ctx = await appContext(common);
  const personal = o.withPersonalData ?? false;
  const progress = progressBar(lang, { total: archiveRowCount(ctx) });
  let rows = 0;
  try {
    const source = Readable.from(archiveLines(ctx, { personal, onRow: (n) => progress.tick((rows = n)) }));
    // The archive may hold personal data: owner-only, like the database file.
    await writeStreamAtomic(o.out, (stream, end) => pipeline(source, stream, { end }), { mode: 0o600 });
  } finally {
    progress.done();
  }
  const where = o.out ?? (lang === 'zh' ? '标准输出' : 'standard output');
  const n = groupThousands(rows);
  // On a terminal the line also says how long it took; in a pipe or cron it stays as scripts know it.
  const took = progress.shown ? tookText(progress.seconds(), lang) : '';
  writeErr(
    lang === 'zh'
      ? `已导出完整档案：${n} 行到 ${where}${took}${personal ? '（含联系人个人信息）' : '（不含联系人的手机、微信、生日、备注和内线、决策人档案；需要时加 --with-personal-data）'}`
      : `Exported the whole archive: ${n} rows to ${where}${took}${personal ? ' (with contacts\' personal data)' : " (without contacts' mobile, WeChat, birthday, notes and insider and decision-maker profiles; add --with-personal-data for them)"}`,
  );
}

/** Loads an archive file (or - for stdin) into an empty database. */
export async function importAll(common: CommonOptions, file: string): Promise<void> {
  const lang = langOf(common);
  const format = formatOf(common);
  const { importArchive, MalformedArchive } = await import('../../app/archive.js');
  const ctx = await appContext(common);
  if (file !== '-') {
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch (e) {
      throw new MalformedArchive(file, 0, 'unreadable', { detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
    }
  }
  const input = file === '-' ? process.stdin : fs.createReadStream(file);
  // The share of the file read gives the bar its percentage and time left (none from standard input).
  const size = file === '-' ? 0 : fs.statSync(file).size;
  const fraction = (): number | undefined => (input instanceof fs.ReadStream && size > 0 ? Math.min(1, input.bytesRead / size) : undefined);
  const progress = progressBar(lang);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let result;
  try {
    result = await importArchive(
      ctx,
      file === '-' ? (lang === 'zh' ? '标准输入' : 'standard input') : file,
      lines,
      (n) => progress.tick(n, fraction()),
      () => progress.phase(committingText(lang)),
    );
  } finally {
    progress.done();
    lines.close();
  }
  // The closing line, after the summary, is for a person at a terminal: pipes and cron get the summary alone, as before.
  const closing = (): void => {
    if (progress.shown) writeErr(importedLine(result.rows, progress.seconds(), lang));
  };
  if (format === 'json') {
    writeOut(`${JSON.stringify(result, null, 2)}\n`);
    return closing();
  }
  const t = Object.fromEntries(Object.entries(result.tables).map(([k, v]) => [k, groupThousands(v)])) as Record<keyof typeof result.tables, string>;
  writeOut(
    lang === 'zh'
      ? `已导入完整档案 ${file}（第 ${result.version} 版）：${t.customers} 个客户、${t.contacts} 个联系人、${t.status_decisions} 个状态决定、${t.visits} 条开发记录、${t.orders} 笔订货、${t.users} 个用户、${t.reviews} 份评审、${t.applications} 份申请、${t.approvals} 条审批、${t.salvage_plans} 份挽救方案；共 ${groupThousands(result.rows)} 行。\n`
      : `Imported the whole archive ${file} (version ${result.version}): ${t.customers} customers, ${t.contacts} contacts, ${t.status_decisions} status decisions, ${t.visits} visits, ${t.orders} orders, ${t.users} users, ${t.reviews} reviews, ${t.applications} applications, ${t.approvals} approvals, ${t.salvage_plans} salvage plans; ${groupThousands(result.rows)} rows.\n`,
  );
  closing();
}
