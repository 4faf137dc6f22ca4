// kehu log-visit, history, due, log-order, set-status: the contact log, orders and the status lifecycle.

import type { Command } from 'commander';
import type { VisitInput } from '../../app/logVisit.js';
import { type Lang, REASON_CATEGORIES, VISIT_METHODS } from '../../core/enums.js';
import { appContext, commonOf, isInteractive, langOf, renderContext, withCommon } from '../common.js';
import { writeErr, writeOut } from '../io.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderRows } from '../output.js';
import { yuanText } from '../../core/money.js';
import { statusText, timelineWarningsText } from '../views.js';
import { timeText } from '../../core/dates.js';
import { methodText, warningText, renderHistory, writeHistory, dueColumns, renderDue } from '../views/activity.js';

async function promptVisit(input: VisitInput, lang: Lang): Promise<void> {
  const { input: ask, select } = await import('@inquirer/prompts');
  const zh = lang === 'zh';
  if (!input.method?.trim()) {
    input.method = await select({ message: zh ? '方式' : 'Method', choices: VISIT_METHODS.members.map((m) => ({ name: `${m.value} ${m[lang]}`, value: m.value })) });
  }
  if (!input.summary?.trim()) {
    input.summary = await ask({ message: zh ? '具体情况' : 'What happened', validate: (v) => (v.trim() ? true : zh ? '不能为空' : 'required') });
  }
}

export function registerLogVisit(program: Command): void {
  const cmd = program
    .command('log-visit')
    .description('log a call or visit in the customer development record (客户开发记录表)')
    .argument('<code>', 'customer code, former code or stable part')
    .option('--method <m>', 'phone | onsite | email | fax | letter | wechat | video | other')
    .option('--summary <text>', 'what happened (具体情况)')
    .option('--date <d>', 'date or date-time of the contact (default now); never in the future')
    .option('--by <user>', 'handler (经办人), default the operator (--as)')
    .option('--role <role>', "the handler's role, when they hold several or are not a known user")
    .option('--contact <name>', 'contact person spoken to')
    .option('--key-point <text>', 'key-point feedback (关键点信息反馈)')
    .option('--next-step <text>', 'next step')
    .option('--next-date <d>', 'next contact date')
    .option('--stage <n>', 'development stage 1–5 after the visit (potential customers)')
    .option('--materials <text>', 'materials the customer asked for (产品介绍, 产品目录…): due 24 hours later, recorded sent with kehu send-materials')
    .option('--window-hours <n>', 'warn about colleagues\' contacts within this many hours (env KEHU_DUP_WINDOW_HOURS, default 72)')
    .option('--yes', 'log without asking even when colleagues contacted the customer recently')
    .addHelpText(
      'after',
      `
Examples:
  $ kehu log-visit Cb-粤GZ0001 --method phone --summary "询问样品反馈" --by 李强 --next-date 2026-12-01
  $ kehu log-visit 粤GZ0001 --method onsite --summary "上门演示" --key-point "预算 50 万" --stage 3 --json
  $ kehu log-visit 粤GZ0001 --method phone --summary "客户要产品目录" --materials "产品目录、报价单"`,
    );
  withCommon(cmd);
  cmd.action(async (code: string, o: VisitInput & { yes?: boolean }, self: Command) => {
    const common = commonOf(self);
    const lang = langOf(common);
    const input: VisitInput = { ...o, code, windowHours: o.windowHours ?? process.env.KEHU_DUP_WINDOW_HOURS };
    const interactive = isInteractive(common);
    if (interactive) await promptVisit(input, lang);
    const { prepareVisit, commitVisit, ContactCancelled } = await import('../../app/logVisit.js');
    const ctx = await appContext(common);
    const { visit, warnings } = prepareVisit(ctx, input);
    if (warnings.length) {
      writeErr(warningText(warnings, lang));
      if (interactive && !o.yes) {
        const { confirm } = await import('@inquirer/prompts');
        const go = await confirm({ message: lang === 'zh' ? '仍要记录这次联系吗？' : 'Log this contact anyway?', default: false });
        if (!go) throw new ContactCancelled();
      }
    }
    const r = commitVisit(ctx, visit, warnings);
    const rc = await renderContext(common);
    if (rc.format === 'json') return writeOut(JSON.stringify(r, null, 2) + '\n');
    const zh = lang === 'zh';
    const line = zh
      ? `已记录 ${r.record_no} 第 ${r.seq} 次拜访：${timeText(r.visited_at)} ${methodText(r.method, lang)} ${r.handler} — ${r.summary}`
      : `Logged ${r.record_no} visit ${r.seq}: ${timeText(r.visited_at)} ${methodText(r.method, lang)} by ${r.handler} — ${r.summary}`;
    const materials = r.materials_due_at === null ? '' : zh ? `\n索取资料：${r.materials}，须于 ${timeText(r.materials_due_at)} 前寄出（kehu send-materials ${r.code} ${r.seq}）` : `\nMaterials requested: ${r.materials}; due by ${timeText(r.materials_due_at)} (kehu send-materials ${r.code} ${r.seq})`;
    if (rc.format === 'table') writeOut(`${line}${materials}\n`);
    else writeOut(await renderRows([r], [{ key: 'record_no' }, { key: 'seq' }, { key: 'visited_at' }, { key: 'method' }, { key: 'handler' }, { key: 'summary' }], rc));
  });
}

export function registerHistory(program: Command): void {
  const cmd = program
    .command('history')
    .description('contact log newest first, with orders, status and grade changes, edits, and voided records struck out (客户开发记录)')
    .argument('<code>', 'customer code, former code or stable part')
    .option('--limit <n>', 'only the newest n entries (0: all)')
    .option('--kind <k>', 'visit | order | status | grade | edit')
    .addHelpText('after', '\nExamples:\n  $ kehu history Aa-粤GZ0001\n  $ kehu history 粤GZ0001 --kind visit --limit 5 --format md');
  withOut(withCommon(cmd));
  cmd.action(async (code: string, o: { limit?: string; kind?: string }, self: Command) => {
    const common = commonOf(self);
    const ctx = await appContext(common);
    const { history, historyStream } = await import('../../app/history.js');
    if (common.out !== undefined) {
      const r = history(ctx, { code, ...o });
      await emitReport(common, common.out, (rc) => renderHistory(r, rc));
    } else await writeHistory(historyStream(ctx, { code, ...o }), await renderContext(common));
  });
}

export function registerDue(program: Command): void {
  const cmd = program
    .command('due')
    .description('overdue required contacts of cooperating customers (客情维护, §7 frequency table), half-yearly technical support and monthly reviews of formal A and B')
    .option('--as-of <date>', 'as of this date (default today)')
    .option('--role <role>', 'business-manager | tech-support | assistant | sales-manager | market-manager')
    .option('--owner <user>', 'only customers of this owner')
    .option('--grade <g>', 'A | B | C | X')
    .addHelpText(
      'after',
      `
Duties (duty): contact — the §7 frequency table; the business manager's monthly onsite visit counts only
when the customer's owner made it (自己所管理的); tech-support — a contact by tech support within 6 months
(§7.1.3, §7.3.3); review — a formal A or B customer without last month's review (overdue) or this month's
(due by the month's end). --role assistant includes reviews, --role tech-support the technical support.

Examples:
  $ kehu due
  $ kehu due --role sales-manager --as-of 2026-12-01 --format csv`,
    );
  withOut(withCommon(cmd));
  cmd.action(async (o: { asOf?: string; role?: string; owner?: string; grade?: string }, self: Command) => {
    const common = commonOf(self);
    const { due, dueStream } = await import('../../app/due.js');
    const ctx = await appContext(common);
    if (common.out !== undefined) {
      const rows = due(ctx, o);
      await emitReport(common, common.out, (rc) => renderDue(rows, rc));
      return;
    }
    // Entries are made in order as they are written (the duties are sorted as numbers first).
    const rows = dueStream(ctx, o);
    const rc = await renderContext(common);
    const { writeRows } = await import('../stream.js');
    await writeRows(rows, dueColumns(rc), rc);
  });
}

export function registerLogOrder(program: Command): void {
  const cmd = program
    .command('log-order')
    .description('log an order (订货): amount in yuan, stored exactly in fen')
    .argument('<code>', 'customer code, former code or stable part')
    .option('--amount <yuan>', 'amount in yuan, up to two decimals (12345.67)')
    .option('--date <d>', 'order date (default today)')
    .option('--note <text>', 'note')
    .addHelpText(
      'after',
      '\nA first order makes a potential customer cooperating (b → a); an order from a lost customer wins it back (c → a);\nan invalid customer (d) must be re-qualified first (kehu set-status CODE b --reason ...). An order may be dated back,\neven before the customer was entered: the history follows its date, and a loss it comes before moves.\n\nExamples:\n  $ kehu log-order Cb-粤GZ0001 --amount 12345.67 --date 2026-11-20\n  $ kehu log-order 粤GZ0001 --amount 8800 --note "样品转正式订单" --json',
    );
  withCommon(cmd);
  cmd.action(async (code: string, o: { amount?: string; date?: string; note?: string }, self: Command) => {
    const common = commonOf(self);
    const { logOrder } = await import('../../app/logOrder.js');
    const r = logOrder(await appContext(common), { code, ...o });
    const rc = await renderContext(common);
    if (r.warnings.length) writeErr(timelineWarningsText(r.code, r.warnings, rc.lang));
    if (rc.format === 'json') return writeOut(JSON.stringify(r, null, 2) + '\n');
    const zh = rc.lang === 'zh';
    let line = zh ? `已记录订货：${r.code} ${r.date} ${yuanText(r.amount_fen)}` : `Order logged: ${r.code} ${r.date} ${yuanText(r.amount_fen)}`;
    if (r.status_change) {
      const what = r.status_change.kind === 'first_order' ? (zh ? '首次订货，转为合作客户' : 'first order: now cooperating') : zh ? '挽回流失客户' : 'won back';
      const change = `${statusText(r.status_change.from_status, rc.lang)} → ${statusText(r.status_change.to_status, rc.lang)}`;
      line += zh ? `\n${what}（${change}）` : `\n${what} (${change})`;
    }
    if (r.moved_loss) {
      const { from, to } = r.moved_loss;
      line += zh
        ? `\n此前记为 ${from} 流失（六个月未订货）的${to ? `流失日期顺延至 ${to}` : '流失不再成立'}`
        : `\nThe loss of ${from} (no order for 6 months) ${to ? `moves to ${to}` : 'no longer holds'}`;
    }
    if (rc.format === 'table') writeOut(line + '\n');
    else writeOut(await renderRows([r], [{ key: 'id' }, { key: 'code' }, { key: 'date' }, rc.format === 'csv' ? { key: 'amount' } : { key: 'amount', cell: (o) => yuanText(o.amount_fen) }, { key: 'note' }], rc));
  });
}

export function registerSetStatus(program: Command): void {
  const cmd = program
    .command('set-status')
    .description('change a customer\'s status by the lifecycle table (客户状态: a 合作, b 潜在, c 流失, d 无效)')
    .argument('<code>', 'customer code, former code or stable part')
    .argument('[status]', 'a | b | c | d')
    .option('--reason-category <r>', `reason category: ${REASON_CATEGORIES.members.map((m) => m.value).join(' | ')}`)
    .option('--reason <text>', 'reason in words')
    .option('--date <d>', 'date of the change (default today)')
    .addHelpText(
      'after',
      `
Allowed: b→a, b→d (reason), a→c (category), c→a, c→d (reason), d→b (reason); → c and → d need --reason-category.
Judged by the status on --date as the facts recorded so far give it. The decision stands: an order after it
wins the customer back, an order before it does not undo it.

Examples:
  $ kehu set-status Ca-粤GZ0001 c --reason-category competitor --reason "转向竞争对手"
  $ kehu set-status 粤GZ0002 d --reason-category no-need --reason "无采购需求"`,
    );
  withCommon(cmd);
  cmd.action(async (code: string, status: string | undefined, o: { reasonCategory?: string; reason?: string; date?: string }, self: Command) => {
    const common = commonOf(self);
    const { setStatus } = await import('../../app/setStatus.js');
    const r = setStatus(await appContext(common), { code, status, ...o });
    const rc = await renderContext(common);
    if (r.warnings.length) writeErr(timelineWarningsText(r.code, r.warnings, rc.lang));
    if (rc.format === 'json') return writeOut(JSON.stringify(r, null, 2) + '\n');
    const zh = rc.lang === 'zh';
    const line = `${zh ? '状态已变更' : 'Status changed'}：${r.former_code} → ${r.code}（${statusText(r.from_status, rc.lang)} → ${statusText(r.to_status, rc.lang)}，${r.date}）`;
    if (rc.format === 'table') writeOut(line + '\n');
    else writeOut(await renderRows([r], [{ key: 'code' }, { key: 'former_code' }, { key: 'from_status' }, { key: 'to_status' }, { key: 'date' }, { key: 'reason_category' }, { key: 'reason' }], rc));
  });
}
