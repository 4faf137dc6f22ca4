// kehu reassign: move one owner's customers (all, or those the filters pick) and their follow-ups to another owner.

import type { Command } from 'commander';
import type { AppContext } from '../../app/context.js';
import type { ReassignedCustomer, ReassignInput, ReassignResult } from '../../app/reassign.js';
import type { Lang } from '../../core/enums.js';
import { appContext, commonOf, isInteractive, renderContext, withCommon } from '../common.js';
import { writeErr, writeOut } from '../io.js';
import { type Column, type RenderContext, renderRows } from '../output.js';
import { gradeText, statusText } from '../views.js';

/** The closing line: how many customers and follow-ups moved (or would), from whom to whom. */
export function reassignSummary(r: ReassignResult, lang: Lang): string {
  const n = r.customers.length;
  if (lang === 'zh') {
    const what = `${n} 个客户${r.follow_ups ? `及其 ${r.follow_ups} 条待跟进` : ''}：${r.from} → ${r.to}`;
    return r.dry_run ? `试运行：将移交 ${what}；未做任何改动。` : `已移交 ${what}（${r.date}）。`;
  }
  const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  const what = `${plural(n, 'customer')}${r.follow_ups ? ` and ${plural(r.follow_ups, 'pending follow-up')}` : ''} from ${r.from} to ${r.to}`;
  return r.dry_run ? `Dry run: would move ${what}; nothing changed.` : `Moved ${what} (${r.date}).`;
}

function followUpText(c: ReassignedCustomer, lang: Lang): string {
  return c.follow_ups.map((f) => `${f.next_date}${f.overdue ? (lang === 'zh' ? '（逾期）' : ' (overdue)') : ''}`).join(lang === 'zh' ? '、' : ', ');
}

export async function renderReassign(r: ReassignResult, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const zh = rc.lang === 'zh';
  const cols: Column<ReassignedCustomer>[] =
    rc.format === 'csv'
      ? [
          { key: 'code' }, { key: 'name' }, { key: 'grade' }, { key: 'status' }, { key: 'province' }, { key: 'city' }, { key: 'district' },
          { key: 'follow_ups', cell: (c) => c.follow_ups.map((f) => f.next_date).join(';') },
        ]
      : [
          { key: 'code' },
          { key: 'name' },
          { key: 'grade', cell: (c) => gradeText(c.grade, rc.lang) },
          { key: 'status', cell: (c) => statusText(c.status, rc.lang) },
          { key: 'city', header: zh ? '地区' : 'Region', cell: (c) => [c.province, c.city, c.district].filter(Boolean).join(' ') },
          { key: 'follow_ups', header: zh ? '待跟进（下次联系）' : 'Pending follow-ups', cell: (c) => followUpText(c, rc.lang) },
        ];
  const table = r.customers.length ? await renderRows(r.customers, cols, rc) : '';
  // A table ends with the closing line; CSV and Markdown stay data only, the line goes to stderr.
  if (rc.format === 'table') return `${table}${reassignSummary(r, rc.lang)}\n`;
  writeErr(reassignSummary(r, rc.lang));
  return table;
}

/** Asks on a terminal for a missing --from or --to, offering the users. */
async function promptUsers(input: ReassignInput, ctx: AppContext, lang: Lang): Promise<void> {
  if (input.from?.trim() && input.to?.trim()) return;
  const { listUsers } = await import('../../app/users.js');
  const everyone = listUsers(ctx);
  const { select } = await import('@inquirer/prompts');
  const zh = lang === 'zh';
  const mark = (d: string | null): string => (d === null ? '' : zh ? `（${d} 停用）` : ` (deactivated ${d})`);
  if (!input.from?.trim()) {
    input.from = await select({ message: zh ? '从谁移交（--from）' : 'Move from (--from)', choices: everyone.map((u) => ({ name: `${u.name}${mark(u.deactivated_on)}`, value: u.name })) });
  }
  if (!input.to?.trim()) {
    const active = everyone.filter((u) => u.deactivated_on === null && u.name !== input.from);
    input.to = await select({ message: zh ? '移交给（--to）' : 'Move to (--to)', choices: active.map((u) => ({ name: u.name, value: u.name })) });
  }
}

export function register(program: Command): void {
  const cmd = program
    .command('reassign')
    .description("move an owner's customers and their pending follow-ups to another owner, in one transaction (seed 004)")
    .option('--from <user>', 'the current owner (a deactivated user is the usual case)')
    .option('--to <user>', 'the new owner: a known, active user')
    .option('--grade <g>', 'only customers of this grade: A | B | C | X')
    .option('--status <s>', 'only customers of this status: a | b | c | d')
    .option('--province <p>', 'only customers in this province (粤, 广东 …)')
    .option('--city <c>', 'only customers in this city or county, with --province')
    .option('--date <d>', 'the day the move takes effect, as the audit log records it (default today)')
    .option('--reason <text>', 'why, kept in the audit log (e.g. 离职)')
    .option('--dry-run', 'list what would move and change nothing')
    .option('--yes', 'on a terminal, move without asking to confirm')
    .addHelpText(
      'after',
      `
The customers' owner changes and each change is in the audit log (kehu log) with the old and new owner.
Pending follow-ups (a visit's 下次联系 date still to come, or passed with no later visit) belong to the
customer's owner, so they move with it; the visits themselves keep the handler who made them.
With no matching customer it says so and exits 0.

Examples:
  $ kehu reassign --from 王磊 --to 李强 --dry-run
  $ kehu reassign --from 王磊 --to 李强 --grade A --province 广东 --reason 离职
  $ kehu user deactivate 王磊 && kehu reassign --from 王磊 --to 李强 --json`,
    );
  withCommon(cmd);
  cmd.action(async (o: ReassignInput & { yes?: boolean }, self: Command) => {
    const common = commonOf(self);
    const ctx = await appContext(common);
    const rc = await renderContext(common);
    const interactive = isInteractive(common);
    if (interactive) await promptUsers(o, ctx, rc.lang);
    const { reassign } = await import('../../app/reassign.js');
    if (interactive && !o.dryRun && !o.yes) {
      const plan = reassign(ctx, { ...o, dryRun: true });
      if (plan.customers.length > 0) {
        writeErr(await renderReassign(plan, { ...rc, format: 'table' }));
        const { confirm } = await import('@inquirer/prompts');
        const zh = rc.lang === 'zh';
        if (!(await confirm({ message: zh ? `确认移交这 ${plan.customers.length} 个客户？` : `Move these ${plan.customers.length} customers?`, default: false }))) {
          writeErr(zh ? '已取消，未做任何改动。' : 'Cancelled; nothing changed.');
          return;
        }
      }
    }
    writeOut(await renderReassign(reassign(ctx, o), rc));
  });
}
