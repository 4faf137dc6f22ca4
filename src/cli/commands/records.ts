// kehu edit, contact, void, log: correcting the record and reading who changed what (issue 14).

import type { Command } from 'commander';
import type { ContactInput } from '../../app/addCustomer.js';
import type { EditInput } from '../../app/editCustomer.js';
import { appContext, commonOf, renderContext, withCommon } from '../common.js';
import { writeOut } from '../io.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderRows } from '../output.js';
import { archiveOptions } from './addCustomer.js';
import { renderEdit, renderContact, renderVoid, logColumns, logCsvColumns } from '../views/records.js';

interface EditOptions extends Omit<EditInput, 'code' | 'yearsInBusiness'> {
  years?: string;
}

export function registerEdit(program: Command): void {
  const cmd = program
    .command('edit')
    .description('correct a customer\'s archive fields; each change is logged with its old value (修改客户档案)')
    .argument('<code>', 'customer code, former code or stable part')
    .option('--name <text>', '单位名称 (the duplicate rule applies)');
  archiveOptions(cmd)
    .option('--date <d>', 'the day the change takes effect (default today); a corrected place gives the new code from that day')
    .option('--reason <text>', 'why (kept in the log)')
    .addHelpText(
      'after',
      `
An empty value clears a field (--fax ""). A province or city corrected into another region gives the
customer a new code there (the next serial of that region); its old codes keep finding it.

Examples:
  $ kehu edit Cb-粤GZ0001 --phone 020-87654321 --owner 李强
  $ kehu edit 粤GZ0001 --province 广东 --city 深圳 --reason "建档时城市填错"
  $ kehu edit Cb-粤GZ0001 --name 广州天河电子科技有限公司 --json`,
    );
  withCommon(cmd);
  cmd.action(async (code: string, o: EditOptions, self: Command) => {
    const common = commonOf(self);
    const { editCustomer } = await import('../../app/editCustomer.js');
    const { years, ...rest } = o;
    const r = editCustomer(await appContext(common), { ...rest, ...(years !== undefined ? { yearsInBusiness: years } : {}), code });
    writeOut(renderEdit(r, await renderContext(common)));
  });
}

type ContactOptions = ContactInput & { date?: string; reason?: string; decisionMaker?: boolean; insider?: boolean };

function contactOptions(cmd: Command, { add }: { add: boolean }): Command {
  if (!add) cmd.option('--name <text>', 'the contact\'s name');
  return cmd
    .option('--title <t>', '部门/职位')
    .option('--mobile <m>', '手机 (personal data)')
    .option('--phone <p>', '电话')
    .option('--email <e>', 'E-mail')
    .option('--wechat <id>', '微信 (personal data)')
    .option('--birthday <d>', '生日 YYYY-MM-DD or MM-DD (personal data)')
    .option('--decision-maker', '决策人')
    .option('--no-decision-maker', 'not a decision maker')
    .option('--insider', '内线: tells us what happens inside the customer (personal data)')
    .option('--no-insider', 'not an insider')
    .option('--insider-stage <s>', 'relationship with the insider: 1 认识 | 2 约会 | 3 认同 | 4 信赖 | 5 同盟')
    .option('--native-place <text>', '籍贯 (personal data)')
    .option('--age <n>', '年龄 (personal data)')
    .option('--interests <text>', '兴趣爱好 (personal data)')
    .option('--years-at-company <n>', '在职年限 (personal data)')
    .option('--authority <text>', '权限 (personal data)')
    .option('--personality <text>', '性格 (personal data)')
    .option('--working-style <text>', '做事风格 (personal data)')
    .option('--family <text>', '家庭情况 (personal data)')
    .option('--notes <text>', '备注 (personal data)')
    .option('--date <d>', 'the day of the change (default today)');
}

export function registerContact(program: Command): void {
  const contact = program.command('contact').description("add, correct or remove a customer's contacts, insiders (内线) and decision makers (联系人)");
  const add = contact.command('add').description('add a contact').argument('<code>', 'customer code').argument('<name>', "the contact's name");
  contactOptions(add, { add: true }).addHelpText(
    'after',
    `
Examples:
  $ kehu contact add Cb-粤GZ0001 王伟 --title 采购经理 --mobile 13800138000 --decision-maker
  $ kehu contact add 粤GZ0001 陈静 --title 仓库主管 --insider --insider-stage 认识`,
  );
  withCommon(add);
  add.action(async (code: string, name: string, o: ContactOptions, self: Command) => {
    const common = commonOf(self);
    const { addContact } = await import('../../app/contact.js');
    writeOut(renderContact(addContact(await appContext(common), code, { ...o, name }), await renderContext(common)));
  });

  const edit = contact.command('edit').description('correct a contact (by its number #N from kehu show, or its name)').argument('<code>', 'customer code').argument('<contact>', 'the contact: #N or name');
  contactOptions(edit, { add: false }).addHelpText(
    'after',
    `
Examples:
  $ kehu contact edit Cb-粤GZ0001 王伟 --mobile 13900139000
  $ kehu contact edit 粤GZ0001 '#3' --insider-stage 信赖 --interests 钓鱼 --personality 稳重`,
  );
  withCommon(edit);
  edit.action(async (code: string, which: string, o: ContactOptions, self: Command) => {
    const common = commonOf(self);
    const { editContact } = await import('../../app/contact.js');
    writeOut(renderContact(editContact(await appContext(common), code, which, o), await renderContext(common)));
  });

  const remove = contact
    .command('remove')
    .description('remove a contact (it stays in kehu log with everything it held)')
    .argument('<code>', 'customer code')
    .argument('<contact>', 'the contact: #N or name')
    .option('--reason <text>', 'why (kept in the log), e.g. 已离职')
    .option('--date <d>', 'the day of the change (default today)')
    .addHelpText('after', '\nExample:\n  $ kehu contact remove Cb-粤GZ0001 王伟 --reason 已离职');
  withCommon(remove);
  remove.action(async (code: string, which: string, o: { reason?: string; date?: string }, self: Command) => {
    const common = commonOf(self);
    const { removeContact } = await import('../../app/contact.js');
    writeOut(renderContact(removeContact(await appContext(common), code, which, o), await renderContext(common)));
  });
}

export function registerVoid(program: Command): void {
  const v = program.command('void').description('void a visit or an order entered by mistake: kept, struck out in history, out of every figure (作废)');
  const visit = v
    .command('visit')
    .description('void a visit; it keeps its number and the next visit gets the next one')
    .argument('<code>', 'customer code')
    .argument('<seq>', 'the visit number (kehu history shows it)')
    .option('--reason <text>', 'why (required)')
    .option('--date <d>', 'the day it was voided (default today)')
    .addHelpText('after', '\nExample:\n  $ kehu void visit Cb-粤GZ0001 3 --reason "记错客户，应记在 粤GZ0002"');
  withCommon(visit);
  visit.action(async (code: string, seq: string, o: { reason?: string; date?: string }, self: Command) => {
    const common = commonOf(self);
    const { voidVisit } = await import('../../app/voidRecord.js');
    writeOut(renderVoid(voidVisit(await appContext(common), { code, seq, ...o }), await renderContext(common)));
  });
  const order = v
    .command('order')
    .description("void an order; the customer's status, first order, loss and win-back are worked out again without it")
    .argument('<id-or-code>', 'the order id (kehu history shows it), or the customer code followed by the id')
    .argument('[id]', 'the order id, when a customer code comes first (then the order must be that customer\'s)')
    .option('--reason <text>', 'why (required)')
    .option('--date <d>', 'the day it was voided (default today)')
    .addHelpText('after', '\nExamples:\n  $ kehu void order 1234 --reason "重复录入"\n  $ kehu void order Aa-粤GZ0001 1234 --reason "重复录入"');
  withCommon(order);
  order.action(async (first: string, second: string | undefined, o: { reason?: string; date?: string }, self: Command) => {
    const common = commonOf(self);
    const { voidOrder } = await import('../../app/voidRecord.js');
    const input = second === undefined ? { id: first, ...o } : { code: first, id: second, ...o };
    writeOut(renderVoid(voidOrder(await appContext(common), input), await renderContext(common)));
  });
}

export function registerLog(program: Command): void {
  const cmd = program
    .command('log')
    .description('the audit log: who changed what and when, with old and new values (操作日志)')
    .argument('[code]', 'only this customer')
    .option('--by <user>', 'only changes by this operator')
    .option('--since <d>', 'from this day')
    .option('--until <d>', 'through this day')
    .option('--limit <n>', 'only the newest n entries (0: all)')
    .addHelpText('after', '\nExamples:\n  $ kehu log Cb-粤GZ0001\n  $ kehu log --by 张敏 --since 2026-11-01 --json');
  withOut(withCommon(cmd));
  cmd.action(async (code: string | undefined, o: { by?: string; since?: string; until?: string; limit?: string }, self: Command) => {
    const common = commonOf(self);
    const { auditLog } = await import('../../app/log.js');
    const entries = auditLog(await appContext(common), { code, ...o });
    await emitReport(common, common.out, (rc) => renderRows(entries, rc.format === 'csv' ? logCsvColumns() : logColumns(rc.lang), rc));
  });
}

