// kehu today (the morning agenda) and kehu send-materials (seed 002 §5): what one person must do today, and
// recording that requested materials went out.

import type { Command } from 'commander';
import { appContext, commonOf, renderContext, withCommon } from '../common.js';
import { writeOut } from '../io.js';
import { renderRows } from '../output.js';
import { emitReport, withOut } from '../reportOut.js';
import { timeText } from '../../core/dates.js';
import { renderAgenda, methodText } from '../views/today.js';

export function registerToday(program: Command): void {
  const cmd = program
    .command('today')
    .description("the day's agenda (今日待办) for the operator or --for USER: overdue duties, follow-ups due and escalated, materials to send, birthdays, approvals, lost customers without a plan, customers at risk")
    .option('--as-of <date>', 'the day (default today)')
    .option('--for <user>', 'whose agenda (default the operator, --as / KEHU_USER)')
    .option('--limit <n>', 'list at most n items per group; counts stay complete (default 20, 0 = all)')
    .option('--escalate-after <n>', 'days a follow-up may be overdue before it reaches the sales manager; twice as many for the market manager (default 3)')
    .addHelpText(
      'after',
      `
Groups: 1 overdue duties (the rules of kehu due, for the user's roles; sales and market managers see their
role's duties on every customer); 2 follow-ups whose next contact date has come, on the user's customers;
3 escalated follow-ups (sales manager: overdue more than N days; market manager: more than 2N), owner named;
4 materials requested on visits and not sent (the assistant sees all; others their customers and visits);
5 decision makers' and insiders' birthdays in the next 7 days; 6 applications waiting for the user's role;
7 lost customers without a salvage plan (the user's; sales managers and above: all); 8 the user's
cooperating customers without an order for 4 months or more. Plain text when piped (for cron mail).

Examples:
  $ kehu today --as 李强
  $ kehu today --for 王磊 --as-of 2026-11-20 --limit 5
  $ kehu today --as 刘洋 --escalate-after 5 --json
  $ kehu today --as 张敏 --out 待办-{date}.md`,
    );
  withOut(withCommon(cmd));
  cmd.action(async (o: { asOf?: string; for?: string; limit?: string; escalateAfter?: string; out?: string }, self: Command) => {
    const common = commonOf(self);
    const { agenda } = await import('../../app/today.js');
    const a = agenda(await appContext(common), o);
    await emitReport(common, o.out, (rc) => renderAgenda(a, rc), { date: a.as_of, user: a.user });
  });
}

export function registerSendMaterials(program: Command): void {
  const cmd = program
    .command('send-materials')
    .description('record that the materials a customer asked for on a visit went out (seed 002 §5: 24 小时内寄出)')
    .argument('<code>', 'customer code, former code or stable part')
    .argument('<seq>', 'the visit that recorded the request (第 n 次拜访)')
    .option('--date <d>', 'date or date-time it went out (default now); not before the visit, never in the future')
    .option('--method <m>', 'email | fax | letter | wechat | onsite | other …')
    .option('--note <text>', 'what was sent, tracking number …')
    .addHelpText(
      'after',
      `
A request is logged with the visit: kehu log-visit CODE … --materials "产品目录". It is due 24 hours after
the visit and shows on kehu today until it is sent. Refused: an unknown or voided visit, a visit without a
request, a request already sent.

Examples:
  $ kehu send-materials Cb-粤GZ0001 3 --method email --note "产品目录 PDF"
  $ kehu send-materials 粤GZ0001 3 --date "2026-12-01 16:30" --method letter --json`,
    );
  withCommon(cmd);
  cmd.action(async (code: string, seq: string, o: { date?: string; method?: string; note?: string }, self: Command) => {
    const common = commonOf(self);
    const { sendMaterials } = await import('../../app/sendMaterials.js');
    const r = sendMaterials(await appContext(common), { code, seq, ...o });
    const rc = await renderContext(common);
    if (rc.format === 'json') return writeOut(JSON.stringify(r, null, 2) + '\n');
    const zh = rc.lang === 'zh';
    const late = r.hours_late > 0 ? (zh ? `，超出时限 ${r.hours_late} 小时` : `, ${r.hours_late} h late`) : zh ? '，在 24 小时内' : ', within 24 hours';
    const line = zh
      ? `已记录寄出资料：${r.code} 第 ${r.seq} 次拜访索取的“${r.materials}”，${timeText(r.sent_at)} 由 ${r.sent_by} ${r.method ? methodText(r.method, rc.lang) : ''}寄出${late}`
      : `Materials sent: "${r.materials}" requested on ${r.code} visit ${r.seq}, sent ${timeText(r.sent_at)} by ${r.sent_by}${r.method ? ` (${methodText(r.method, rc.lang)})` : ''}${late}`;
    if (rc.format === 'table') writeOut(line + '\n');
    else writeOut(await renderRows([r], [{ key: 'code' }, { key: 'seq' }, { key: 'materials' }, { key: 'due_at' }, { key: 'sent_at' }, { key: 'sent_by' }, { key: 'method' }, { key: 'hours_late' }], rc));
  });
}
