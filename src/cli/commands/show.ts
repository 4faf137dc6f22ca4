// kehu show CODE: the archive, contacts, latest visits and orders, salvage plans, code history and status history of one customer.

import type { Command } from 'commander';
import { appContext, commonOf, withCommon } from '../common.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderCustomer } from '../views.js';

export function register(program: Command): void {
  const cmd = program
    .command('show')
    .description('show one customer: archive, contacts, the last five visits and orders, salvage plans, code and status history (客户档案)')
    .argument('<code>', 'current or former code, or its stable part (粤GZ0001)')
    .option('--all', 'show the archive fields that are empty too')
    .addHelpText(
      'after',
      '\nExamples:\n  $ kehu show Cb-粤GZ0001\n  $ kehu show 粤gz1 --all   (empty fields too)\n  $ kehu show 粤gz1 --json   (stable part; case and spaces do not matter: "粤GZ 0001")',
    );
  withOut(withCommon(cmd));
  cmd.action(async (code: string, o: { all?: boolean }, self: Command) => {
    const common = commonOf(self);
    const { showCustomer } = await import('../../app/showCustomer.js');
    const ctx = await appContext(common);
    const result = showCustomer(ctx, code);
    await emitReport(common, common.out, (rc) => renderCustomer(result, rc, { all: o.all === true }));
  });
}
