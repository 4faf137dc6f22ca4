// kehu report retention and kehu purge (seed 002 §8.9; PIPL): who is past the three years of retention, and
// erasing a record or a customer's contacts' personal data on request, confirmed, with a reason.

import type { Command } from 'commander';
import type { PurgeInput } from '../../app/purge.js';
import { appContext, commonOf, isInteractive, renderContext, reportCommand, withCommon } from '../common.js';
import { writeErr, writeOut } from '../io.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderRetention, renderPurge } from '../views/retention.js';

export function registerRetention(program: Command): void {
  const cmd = reportCommand(program)
    .command('retention')
    .description('records past retention (客户档案的保管期限, §8.9): lost or invalid customers settled more than 3 years ago')
    .option('--as-of <date>', 'the day to judge on (default today; not after today)')
    .addHelpText(
      'after',
      `
A customer with business (cooperating or potential) is kept for ever. A lost (c) or invalid (d) customer is
kept for 3 years (36 calendar months) from its settlement day — the latest of its last order, the day it
became lost or invalid, and its last visit — and may be purged from the day after.

Examples:
  $ kehu report retention
  $ kehu report retention --as-of 2026-06-30 --format csv
  $ kehu report retention --out 保管期满-{as_of}.md`,
    );
  withOut(withCommon(cmd), { html: true });
  cmd.action(async (o: { asOf?: string; out?: string }, self: Command) => {
    const common = commonOf(self);
    const { retentionReport } = await import('../../app/retention.js');
    const r = retentionReport(await appContext(common, { mustExist: true }), o);
    await emitReport(common, o.out, (rc) => renderRetention(r, rc), { as_of: r.as_of }, async (hc) => (await import('../html/reports.js')).retentionHtml(r, hc));
  });
}

export function registerPurge(program: Command): void {
  const cmd = program
    .command('purge')
    .description('erase a record past retention (§8.9), or a customer\'s contacts\' personal data (PIPL), in one transaction with an audit row')
    .argument('[code]', 'the customer (its code, a former code, or the stable part 粤GZ0001)')
    .option('--due', 'every customer past retention (kehu report retention)')
    .option('--personal-data-only', "erase only the contacts' personal data (any customer), keeping the business record")
    .option('--reason <text>', 'why (required; kept in the audit log)')
    .option('--dry-run', 'show what would be erased (rows per table) and change nothing')
    .option('--yes', 'do it without asking (needed when not on a terminal)')
    .option('--as-of <date>', 'judge retention on this day (default today; not after today)')
    .addHelpText(
      'after',
      `
Nothing is erased without being asked: on a terminal it shows what will go and asks to confirm; otherwise it
needs --yes. Only a manager (sales-manager, market-manager, general-manager) may purge (--as).
A whole record goes with everything of it (contacts, visits, orders, voided records, histories, reviews,
applications and approvals, salvage plans, its audit entries); one audit row keeps its code, name and the
rows erased. --personal-data-only erases the contacts' mobile, phone, e-mail, WeChat, birthday, notes, insider
and profile fields, and the same fields in the customer's audit entries; names and titles stay.

Examples:
  $ kehu purge --due --dry-run
  $ kehu purge Cc-粤GZ0001 --reason "保管期满（§8.9）" --yes --as 陈总
  $ kehu purge Ba-粤SZ0003 --personal-data-only --reason "联系人要求删除个人信息" --yes --json`,
    );
  withCommon(cmd);
  cmd.action(async (code: string | undefined, o: Omit<PurgeInput, 'code'> & { yes?: boolean }, self: Command) => {
    const common = commonOf(self);
    // A dry run brings the timelines to today only inside the transaction it rolls back: the file stays as it was.
    const ctx = await appContext(common, { advance: !o.dryRun, mustExist: true });
    const rc = await renderContext(common);
    const { purge, purgeOptions, PurgeNeedsYes } = await import('../../app/purge.js');
    const input: PurgeInput = { ...o, code };
    const interactive = isInteractive(common);
    const zh = rc.lang === 'zh';
    if (!o.dryRun) {
      if (interactive && !input.reason?.trim()) {
        const { input: ask } = await import('@inquirer/prompts');
        input.reason = await ask({ message: zh ? '清除原因（--reason）' : 'Reason (--reason)', required: true });
      }
      purgeOptions(ctx, input);
      if (!o.yes) {
        if (!interactive) throw new PurgeNeedsYes();
        const plan = purge(ctx, { ...input, dryRun: true });
        if (plan.count === 0) {
          writeOut(await renderPurge(plan, rc));
          return;
        }
        writeErr(await renderPurge(plan, { ...rc, format: 'table' }));
        const { confirm } = await import('@inquirer/prompts');
        if (!(await confirm({ message: zh ? `确认清除以上 ${plan.count} 个客户的数据？此操作不可撤销。` : `Erase the data of these ${plan.count} customers? This cannot be undone.`, default: false }))) {
          writeErr(zh ? '已取消，未做任何改动。' : 'Cancelled; nothing changed.');
          return;
        }
      }
    }
    writeOut(await renderPurge(purge(ctx, input), rc));
  });
}
