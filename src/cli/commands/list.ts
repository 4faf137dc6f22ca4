// kehu list: customers filtered by grade, status, place, owner, stage; sorted.

import type { Command } from 'commander';
import { appContext, commonOf, renderContext, withCommon } from '../common.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderCustomerList, writeCustomerList } from '../views.js';

export function register(program: Command): void {
  const cmd = program
    .command('list')
    .description('list customers (客户检索目录)')
    .option('--grade <g>', 'A | B | C | X')
    .option('--status <s>', 'a | b | c | d')
    .option('--province <p>', 'province (粤, 广东 …)')
    .option('--city <c>', 'city or county, with --province')
    .option('--owner <user>', 'responsible user')
    .option('--stage <n>', 'development stage 1–5')
    .option('--type <t>', 'dealer | direct | oem')
    .option('--source <s>', 'phone | visit | inbound | exhibition | other')
    .option('--name <text>', 'name contains')
    .option('--sort <key>', 'code | name | grade | status | created | city | owner | last-order', 'code')
    .option('--desc', 'reverse the sort order')
    .option('--limit <n>', 'at most n customers (0: all)')
    .addHelpText('after', '\nExamples:\n  $ kehu list --grade A --status a\n  $ kehu list --province 广东 --city 广州 --sort created --desc --format csv');
  withOut(withCommon(cmd));
  cmd.action(async (o: Record<string, string | boolean | undefined>, self: Command) => {
    const common = commonOf(self);
    const { customerStream } = await import('../../app/listCustomers.js');
    // Written as read from the database (a million customers never sit in memory), in the order SQL sorts.
    const rows = customerStream(await appContext(common), o);
    if (common.out !== undefined) {
      // A file is written whole (atomically), so the rows are read before anything else can fail.
      const all = [...rows];
      await emitReport(common, common.out, (rc) => renderCustomerList(all, rc));
    }
    else await writeCustomerList(rows, await renderContext(common));
  });
}
