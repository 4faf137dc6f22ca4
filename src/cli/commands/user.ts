// kehu user add|list: the people who log, own and approve, with their roles.

import type { Command } from 'commander';
import { enumValues, ROLES } from '../../core/enums.js';
import { appContext, commonOf, renderContext, withCommon } from '../common.js';
import { writeOut } from '../io.js';
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
  withCommon(list);
  list.action(async (o: { role?: string }, self: Command) => {
    const common = commonOf(self);
    const { listUsers } = await import('../../app/users.js');
    writeOut(await renderUsers(listUsers(await appContext(common), o.role), await renderContext(common)));
  });
}
