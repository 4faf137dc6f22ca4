// kehu report retention and kehu purge (seed 002 §8.9; PIPL): who is past the three years of retention, and
// erasing a record or a customer's contacts' personal data on request, confirmed, with a reason.

import type { Command } from 'commander';
import type { PurgedCustomer, PurgeInput, PurgeResult } from '../../app/purge.js';
import type { RetentionCustomer, RetentionReport } from '../../app/retention.js';
import type { Lang } from '../../core/enums.js';
import { appContext, commonOf, isInteractive, renderContext, reportCommand, withCommon } from '../common.js';
import { writeErr, writeOut } from '../io.js';
import { type Column, type RenderContext, renderRows } from '../output.js';
import { emitReport, withOut } from '../reportOut.js';
import { statusText } from '../views.js';

const yesNo = (v: boolean, lang: Lang): string => (lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no');

export async function renderRetention(r: RetentionReport, rc: RenderContext): Promise<string> {
  const zh = rc.lang === 'zh';
  const rows = r.customers.map(({ id: _id, ...c }) => c);
  if (rc.format === 'json') return JSON.stringify({ ...r, customers: rows }, null, 2) + '\n';
  type Row = Omit<RetentionCustomer, 'id'>;
  const cols: Column<Row>[] =
    rc.format === 'csv'
      ? (['code', 'name', 'status', 'settled_on', 'last_order', 'status_since', 'last_visit', 'purge_due_since', 'owner', 'personal_data'] as const).map((key) => ({
          key,
          cell: (c: Row) => (key === 'personal_data' ? (c.personal_data ? 'yes' : 'no') : c[key]),
        }))
      : [
          { key: 'code', header: zh ? '客户代码' : 'Code' },
          { key: 'name', header: zh ? '单位名称' : 'Name' },
          { key: 'status', header: zh ? '状态' : 'Status', cell: (c) => statusText(c.status, rc.lang) },
          { key: 'settled_on', header: zh ? '结清日' : 'Settled on' },
          { key: 'last_order', header: zh ? '最后订货' : 'Last order', cell: (c) => c.last_order ?? '—' },
          { key: 'last_visit', header: zh ? '最后联系' : 'Last visit', cell: (c) => c.last_visit ?? '—' },
          { key: 'purge_due_since', header: zh ? '可清除自' : 'Purgeable from' },
          { key: 'owner', header: zh ? '负责人' : 'Owner', cell: (c) => c.owner ?? '' },
          { key: 'personal_data', header: zh ? '仍存个人信息' : 'Personal data held', cell: (c) => yesNo(c.personal_data, rc.lang) },
        ];
  if (rc.format === 'csv') return renderRows(rows, cols, rc);
  const title = zh ? `客户档案保管期满（结清满3年，§8.9）截至 ${r.as_of}` : `Records past retention (settled more than 3 years ago, §8.9) as of ${r.as_of}`;
  const summary =
    r.count === 0
      ? zh
        ? `没有超过保管期限的客户（${r.as_of}）。`
        : `No customer is past retention (${r.as_of}).`
      : zh
        ? `共 ${r.count} 个客户，可用 kehu purge 代码 或 kehu purge --due 清除。`
        : `${r.count} customers; purge with kehu purge CODE or kehu purge --due.`;
  const md = rc.format === 'md';
  const head = md ? `## ${title}\n\n` : `${rc.pal.bold(title)}\n`;
  const table = rows.length ? await renderRows(rows, cols, rc) : '';
  return `${head}${table}${md && rows.length ? '\n' : ''}${summary}\n`;
}

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

/** A customer's rows per table in words: `visits 3, orders 2`. */
function rowsText(rows: Record<string, number>, lang: Lang): string {
  return Object.entries(rows)
    .map(([t, n]) => `${t} ${n}`)
    .join(lang === 'zh' ? '，' : ', ');
}

export function purgeSummary(r: PurgeResult, lang: Lang): string {
  const zh = lang === 'zh';
  const rows = Object.values(r.totals).reduce((a, b) => a + b, 0);
  if (r.count === 0) return zh ? '没有要清除的客户；未做任何改动。' : 'Nothing to purge; nothing changed.';
  const what =
    r.mode === 'record'
      ? zh ? `${r.count} 个客户的全部档案（共 ${rows} 行）` : `the whole record of ${r.count} customer${r.count === 1 ? '' : 's'} (${rows} rows)`
      : zh ? `${r.count} 个客户的联系人个人信息（${rows} 行）` : `the contacts' personal data of ${r.count} customer${r.count === 1 ? '' : 's'} (${rows} rows)`;
  if (r.dry_run) return zh ? `试运行：将清除 ${what}；未做任何改动。` : `Dry run: would erase ${what}; nothing changed.`;
  return zh ? `已清除 ${what}（${r.date}，${r.operator}：${r.reason}）。` : `Erased ${what} (${r.date}, ${r.operator}: ${r.reason}).`;
}

export async function renderPurge(r: PurgeResult, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const zh = rc.lang === 'zh';
  const cols: Column<PurgedCustomer>[] =
    rc.format === 'csv'
      ? [
          { key: 'code' }, { key: 'name' }, { key: 'status' }, { key: 'settled_on' }, { key: 'purge_due_since' },
          { key: 'rows', cell: (c) => Object.entries(c.rows).map(([t, n]) => `${t}=${n}`).join(';') },
        ]
      : [
          { key: 'code', header: zh ? '客户代码' : 'Code' },
          { key: 'name', header: zh ? '单位名称' : 'Name' },
          { key: 'status', header: zh ? '状态' : 'Status', cell: (c) => statusText(c.status as never, rc.lang) },
          { key: 'settled_on', header: zh ? '结清日' : 'Settled on', cell: (c) => c.settled_on ?? '—' },
          { key: 'rows', header: r.mode === 'record' ? (zh ? '清除的行（按表）' : 'Rows erased (per table)') : zh ? '清除个人信息的行' : 'Rows scrubbed', cell: (c) => rowsText(c.rows, rc.lang) },
        ];
  const table = r.customers.length ? await renderRows(r.customers, cols, rc) : '';
  if (rc.format === 'table') return `${table}${purgeSummary(r, rc.lang)}\n`;
  writeErr(purgeSummary(r, rc.lang));
  return table;
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
