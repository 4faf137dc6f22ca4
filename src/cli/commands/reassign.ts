// kehu reassign: move one owner's customers (all, or those the filters pick) and their follow-ups to another owner.

import type { Command } from 'commander';
import type { AppContext } from '../../app/context.js';
import type { ReassignInput } from '../../app/reassign.js';
import type { Lang } from '../../core/enums.js';
import { appContext, commonOf, isInteractive, renderContext, withCommon } from '../common.js';
import { writeErr, writeOut } from '../io.js';
import { renderReassign } from '../views/reassign.js';

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
