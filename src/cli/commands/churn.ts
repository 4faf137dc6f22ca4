// kehu churn-report (流失客户统计分析报告) and kehu salvage (挽救方案): what cron mails to management each month.

import type { Command } from 'commander';
import { appContext, commonOf, formatOf, langOf, screenPalette, withCommon } from '../common.js';
import { writeFileAtomic, writeOut } from '../io.js';
import { htmlContext, htmlWanted, outFormat } from '../reportOut.js';
import { type Format, plainPalette } from '../output.js';
import { writeChurnXlsx, renderChurn } from '../views/churn.js';

export function registerChurn(program: Command): void {
  const cmd = program
    .command('churn-report')
    .description('monthly lost-customer report (流失客户统计分析报告, §7.6)')
    .option('--month <YYYY-MM>', 'the month to report (default: the month before --as-of)')
    .option('--as-of <date>', 'the day the report is as of, not after today (default today); it picks the default month')
    .option('--apply', 'list the automatic losses (六个月未订货) this run records; every command records those due anyway')
    .option('--risk-months <n>', 'at risk after this many months without an order (1–5, default 4)')
    .option('--limit <n>', 'list at most n customers without a salvage plan and at risk (counts and sums cover all; 0: list all; default 100)')
    .option('--out <file>', 'write to a file atomically ({month} is replaced; format from the extension .md .csv .json .txt .xlsx .html)')
    .addHelpText(
      'after',
      `
A month's report reads the facts dated up to its end, so it is the same whenever it runs. "Today" and the
default month are Beijing time (KEHU_TZ), whatever the machine's zone.

Files for spreadsheets and scripts (--lang picks Chinese or English titles and headers):
  .xlsx  one sheet per section (概要 summary, each table, 流失趋势 the 12-month trend), each with its title
         above a bold, frozen, filtered header; amounts are numbers shown as ¥#,##0.00, rates numbers shown
         as percentages, dates date cells.
  .csv   (or --format csv) the same sections one after another: the section's title on a line of its own,
         a header row naming its columns, its rows, then an empty line. Amounts and rates are plain numbers
         (21681887.27, 0.5), dates YYYY-MM-DD.

Examples:
  $ kehu churn-report
  $ kehu churn-report --month 2026-10 --format md
  $ kehu churn-report --month 2026-10 --out 流失报告-{month}.xlsx
  $ kehu churn-report --out 流失报告-{month}.html     (a page with charts, for mail and print)
  $ kehu churn-report --apply --out /srv/reports/kehu-churn-{month}.md     (what cron runs on the 1st)`,
    );
  withCommon(cmd);
  cmd.action(async (o: { month?: string; asOf?: string; apply?: boolean; riskMonths?: string; limit?: string; out?: string }, self: Command) => {
    const common = commonOf(self);
    const lang = langOf(common);
    const { churnReport } = await import('../../app/churn.js');
    const html = o.out === undefined ? htmlWanted(common) : outFormat(common, o.out, { xlsx: true, html: true }) === 'html';
    const format = html ? 'table' : formatOf(common);
    const fileFormat = o.out === undefined || html ? format : outFormat(common, o.out, { xlsx: true });
    // The report brings the timelines to today itself, so that --apply can list what that recorded.
    const report = churnReport(await appContext(common, { advance: false }), o);
    if (html) {
      const page = (await import('../html/churn.js')).churnHtml(report, htmlContext(common));
      return o.out === undefined ? writeOut(page) : writeFileAtomic(o.out.replace(/\{month\}/g, report.month), page);
    }
    if (o.out !== undefined) {
      const file = o.out.replace(/\{month\}/g, report.month);
      if (fileFormat === 'xlsx') await writeChurnXlsx(report, lang, file);
      else writeFileAtomic(file, await renderChurn(report, fileFormat as Format, lang, plainPalette()));
      return;
    }
    writeOut(await renderChurn(report, format, lang, await screenPalette(common)));
  });
}

export function registerSalvage(program: Command): void {
  const cmd = program
    .command('salvage')
    .description('record a salvage plan (挽救方案, §7.6.3) for a lost customer')
    .argument('<code>', 'customer code, former code or stable part')
    .option('--plan <text>', 'the plan')
    .option('--date <d>', 'date of the plan (default today)')
    .addHelpText('after', '\nExample:\n  $ kehu salvage Bc-粤GZ0003 --plan "销售经理上门，给予季度返点" --as 刘洋');
  withCommon(cmd);
  cmd.action(async (code: string, o: { plan?: string; date?: string }, self: Command) => {
    const common = commonOf(self);
    const { addSalvagePlan } = await import('../../app/salvage.js');
    const r = addSalvagePlan(await appContext(common), { code, ...o });
    const format = formatOf(common);
    const lang = langOf(common);
    if (format === 'json') return writeOut(JSON.stringify(r, null, 2) + '\n');
    writeOut(lang === 'zh' ? `已记录挽救方案 #${r.id}：${r.code} ${r.name}（${r.author}，${r.date}）\n` : `Salvage plan #${r.id} recorded: ${r.code} ${r.name} (${r.author}, ${r.date})\n`);
  });
}
