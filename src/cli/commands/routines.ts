// kehu report follow-up (客户跟进单) and kehu report catalogue (客户检索目录): the weekly and monthly lists of
// seed 002 §3.4, §6.1 and §8.6–§8.7, rendered as table, JSON, CSV or Markdown.

import type { Command } from 'commander';
import { appContext, commonOf, reportCommand, withCommon } from '../common.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderFollowUp, renderCatalogue } from '../views/routines.js';

// ───────────── 客户跟进单 ─────────────

export function registerFollowUp(program: Command): void {
  const cmd = reportCommand(program)
    .command('follow-up')
    .description('weekly follow-up list (客户跟进单, §3.4, §6.1): valid potential customers contacted in a week, with their last contact, by region and owner')
    .option('--week <YYYY-Www>', 'the ISO week (Monday to Sunday) to list (default: the week of --as-of)')
    .option('--owner <user>', 'only the customers of this owner')
    .option('--as-of <date>', 'the day the list is as of, not after today (default today); a running week counts contacts up to it')
    .addHelpText(
      'after',
      `
A customer is listed when it was contacted in the week (any method; a voided contact does not count)
and was potential (status b) at the end of the day of its last contact that week.

Examples:
  $ kehu report follow-up
  $ kehu report follow-up --week 2026-W47 --owner 李娜
  $ kehu report follow-up --week 2026-W47 --format csv
  $ kehu report follow-up --out 客户跟进单-{week}.md`,
    );
  withOut(withCommon(cmd), { html: true });
  cmd.action(async (o: { week?: string; owner?: string; asOf?: string; out?: string }, self: Command) => {
    const common = commonOf(self);
    const { followUpReport } = await import('../../app/followUpReport.js');
    const r = followUpReport(await appContext(common, { mustExist: true }), o);
    await emitReport(common, o.out, (rc) => renderFollowUp(r, rc), { week: r.week }, async (hc) => (await import('../html/reports.js')).followUpHtml(r, hc));
  });
}

// ───────────── 客户检索目录 ─────────────

export function registerCatalogue(program: Command): void {
  const cmd = reportCommand(program)
    .command('catalogue')
    .description('monthly customer catalogue (客户检索目录, §8.6–§8.7): every customer by archive category, region and code, with counts')
    .option('--month <YYYY-MM>', 'the month whose end the catalogue stands on (default: the month of --as-of)')
    .option('--as-of <date>', 'the day the catalogue is as of, not after today (default today); the current month stands on it')
    .addHelpText(
      'after',
      `
Categories (§8.7), in this order: 合作商档案 (cooperating dealers and agents), 正式VIP (A a), 潜在VIP (A b),
正式重点 (B a), 潜在重点 (B b), 一般 (C), 形象 (X), 流失 (c, any grade); invalid customers (d) are in the
客户总档 only, listed last. Grade, status and code are those at the end of the month.

Examples:
  $ kehu report catalogue
  $ kehu report catalogue --month 2026-10 --format md
  $ kehu report catalogue --month 2026-10 --out 客户检索目录-{month}.csv`,
    );
  withOut(withCommon(cmd), { html: true });
  cmd.action(async (o: { month?: string; asOf?: string; out?: string }, self: Command) => {
    const common = commonOf(self);
    const { catalogueReport } = await import('../../app/catalogue.js');
    const r = catalogueReport(await appContext(common, { mustExist: true }), o);
    await emitReport(common, o.out, (rc) => renderCatalogue(r, rc), { month: r.month }, async (hc) => (await import('../html/reports.js')).catalogueHtml(r, hc));
  });
}
