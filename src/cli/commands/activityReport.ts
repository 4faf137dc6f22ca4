// kehu report activity: each person's figures against the seeds' quotas, as a table per person, JSON, CSV or Markdown.

import type { Command } from 'commander';
import { appContext, commonOf, reportCommand, withCommon } from '../common.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderActivity } from '../views/activityReport.js';

export function registerActivity(program: Command): void {
  const cmd = reportCommand(program)
    .command('activity')
    .description("each person's figures against the seeds' quotas (§3.2, §6.2, seed 004): remote contacts, potential-customer visits, new records, intent and new customers; met or not")
    .option('--day <d>', 'one day (default: the as-of day, the end-of-day spot check of §3.4)')
    .option('--week <YYYY-Www>', 'an ISO week, e.g. 2026-W48')
    .option('--month <YYYY-MM>', 'a calendar month')
    .option('--by <user>', 'only this person')
    .option('--as-of <d>', 'judge as of this day (default today): later units are open, later facts not counted')
    .option('--quotas <file>', 'a quota JSON file instead of the shipped data/quotas.json')
    .addHelpText(
      'after',
      `
Quotas (data/quotas.json; roles 商务经理 business-manager and 市场拓展 market-development):
  remote contacts ≥15 valid customers a work day (§3.2); ≥25 potential customers a week, ≥10 of them
  onsite (§6.2); ≥3 new-customer (potential, onsite) visits a work day; 3–5 new customer records and ≥1
  intent customer a week; ≥1 new customer (first order) a month; new customers' orders ≥¥5,000,000 a
  quarter (seed 004). A quota no longer than the period is judged per unit in it (units met / units);
  a longer one shows its unit to date. Status: met, not met, open (not over yet).

Examples:
  $ kehu report activity
  $ kehu report activity --week 2026-W48 --by 王磊
  $ kehu report activity --month 2026-11 --format csv --out 活动-{period}.csv`,
    );
  withOut(withCommon(cmd), { html: true });
  cmd.action(async (o: { day?: string; week?: string; month?: string; by?: string; asOf?: string; quotas?: string; out?: string }, self: Command) => {
    const common = commonOf(self);
    const [{ activityReport }, { loadQuotas }] = await Promise.all([import('../../app/activityReport.js'), import('../../app/quotas.js')]);
    // The quota file is checked before the database is opened: a bad file changes nothing.
    const config = loadQuotas(o.quotas);
    const r = activityReport(await appContext(common, { mustExist: true }), { ...o, config });
    await emitReport(common, o.out, (rc) => renderActivity(r, rc), { period: r.period.label, [r.period.kind]: r.period.label }, async (hc) => (await import('../html/reports.js')).activityHtml(r, hc));
  });
}
