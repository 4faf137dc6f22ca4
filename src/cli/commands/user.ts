// kehu user add|list|deactivate: the people who log, own and approve, with their roles.

import type { Command } from 'commander';
import { enumValues, ROLES } from '../../core/enums.js';
import { appContext, commonOf, renderContext, withCommon } from '../common.js';
import { writeErr, writeOut } from '../io.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderUsers } from '../views.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function register(program: Command): void {
  const user = program.command('user').description('manage users and their roles');
  const add = user
    .command('add')
    .description('add a user with one or more roles')
    .argument('<name>', 'user name as recorded on writes (--as)')
    .option('--role <role>', `${enumValues(ROLES).join(' | ')} (repeatable)`, collect)
    .addHelpText('after', '\nExamples:\n  $ kehu user add 刘洋 --role sales-manager\n  $ kehu user add 张敏 --role assistant --role tech-support');
  withCommon(add);
  add.action(async (name: string, o: { role?: string[] }, self: Command) => {
    const common = commonOf(self);
    const { addUser } = await import('../../app/users.js');
    const u = addUser(await appContext(common), name, o.role ?? []);
    const rc = await renderContext(common);
    writeOut(rc.format === 'json' ? JSON.stringify(u, null, 2) + '\n' : await renderUsers([u], rc));
  });
  const list = user
    .command('list')
    .description('list users')
    .option('--role <role>', 'only users holding this role')
    .addHelpText('after', '\nExample:\n  $ kehu user list --role sales-manager --json');
  withOut(withCommon(list));
  list.action(async (o: { role?: string }, self: Command) => {
    const common = commonOf(self);
    const { listUsers } = await import('../../app/users.js');
    const users = listUsers(await appContext(common), o.role);
    await emitReport(common, common.out, (rc) => renderUsers(users, rc));
  });
  const deactivate = user
    .command('deactivate')
    .description('deactivate a user who left: their history stays; they are refused as new owner, handler or approver')
    .argument('<name>', 'user name')
    .option('--date <d>', 'the first day they take no new work (default today; not before their last visit or approval)')
    .addHelpText(
      'after',
      `
Their visits, approvals and customers stay as recorded; move the customers with kehu reassign.
A visit or approval dated before the deactivation can still be entered (--date).

Examples:
  $ kehu user deactivate 王磊
  $ kehu user deactivate 王磊 --date 2026-11-30 --json && kehu reassign --from 王磊 --to 李强`,
    );
  withCommon(deactivate);
  deactivate.action(async (name: string, o: { date?: string }, self: Command) => {
    const common = commonOf(self);
    const { deactivateUser } = await import('../../app/users.js');
    const r = deactivateUser(await appContext(common), { name, date: o.date });
    const rc = await renderContext(common);
    if (rc.format === 'json') return writeOut(JSON.stringify(r, null, 2) + '\n');
    const zh = rc.lang === 'zh';
    if (r.owned_customers > 0) {
      writeErr(
        zh
          ? `注意：${r.name} 仍负责 ${r.owned_customers} 个客户；用 kehu reassign --from ${r.name} --to <用户> 移交。`
          : `Note: ${r.name} still owns ${r.owned_customers} customer${r.owned_customers === 1 ? '' : 's'}; move them with kehu reassign --from ${r.name} --to <user>.`,
      );
    }
    if (rc.format === 'table') writeOut(zh ? `已停用用户：${r.name}（自 ${r.deactivated_on} 起）\n` : `User deactivated: ${r.name} (from ${r.deactivated_on})\n`);
    else writeOut(await renderUsers([r], rc));
  });
}
