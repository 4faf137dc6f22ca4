// kehu demo: build the sample database and show a newcomer what the tool does.

import type { Command } from 'commander';
import { groupThousands } from '../../core/money.js';
import { enumLabel, GRADES, type Grade, STATUSES, type Status } from '../../core/enums.js';
import { clockOf, commonOf, dbPath, renderContext, withCommon } from '../common.js';
import { writeOut } from '../io.js';
import { toTable } from '../output.js';
import { renderCustomer, renderCustomerList } from '../views.js';
import { renderDue, renderHistory } from '../views/activity.js';
import { renderChurn } from '../views/churn.js';
import { renderAgenda } from '../views/today.js';

export function register(program: Command): void {
  const cmd = program
    .command('demo')
    .description('build a sample database (a few hundred customers) and show what kehu does')
    .option('--customers <n>', 'how many sample customers', '300')
    .addHelpText(
      'after',
      `
The demo writes to the default database (data/kehu.db in the install folder) or --db.
It replaces an earlier demo, and refuses a file that holds anything it did not create: customers,
contacts, visits, orders, users, reviews or plans added or changed since (the file is left untouched).

Examples:
  $ kehu demo
  $ kehu demo --db /tmp/demo.db --json`,
    );
  withCommon(cmd);
  cmd.action(async (o: { customers: string }, self: Command) => {
    const common = commonOf(self);
    const { buildDemo } = await import('../../app/demo.js');
    const { optionalInt } = await import('../../app/validate.js');
    const n = optionalInt(o.customers, '--customers', 1, 100000) ?? 300;
    const summary = await buildDemo(dbPath(common), clockOf(), n);
    const rc = await renderContext(common);
    if (rc.format === 'json') {
      writeOut(JSON.stringify(summary, null, 2) + '\n');
      return;
    }
    const zh = rc.lang === 'zh';
    const pal = rc.pal;
    const grades: Grade[] = ['A', 'B', 'C', 'X'];
    const statuses: Status[] = ['a', 'b', 'c', 'd'];
    const cell = (g: string, s: string): string => String(summary.by_grade_status.find((x) => x.grade === g && x.status === s)?.n ?? 0);
    let out = `${pal.bold(zh ? `示例数据库已建好：${summary.db}` : `Demo database built: ${summary.db}`)}\n`;
    out += zh
      ? `${summary.customers} 个客户，${summary.users} 个用户（销售助理、商务经理、技术支持、销售经理、市场经理、总经理），近 18 个月 ${groupThousands(summary.visits)} 条开发记录、${groupThousands(summary.orders)} 笔订货。\n\n`
      : `${summary.customers} customers, ${summary.users} users (assistants, business managers, tech support, sales/market/general manager), ${groupThousands(summary.visits)} visits and ${groupThousands(summary.orders)} orders over 18 months.\n\n`;
    out += `${pal.bold(zh ? '客户等级 × 状态' : 'Grade × status')}\n`;
    out += await toTable(
      ['', ...statuses.map((s) => `${s} ${enumLabel(STATUSES, s, rc.lang)}`)],
      grades.map((g) => [`${g} ${enumLabel(GRADES, g, rc.lang)}`, ...statuses.map((s) => cell(g, s))]),
      pal,
    );
    out += `\n${pal.bold(zh ? '客户最多的省份' : 'Provinces with most customers')}\n`;
    out += await toTable([zh ? '省份' : 'Province', zh ? '客户数' : 'Customers'], summary.by_province.map((p) => [p.province, String(p.n)]), pal);
    out += `\n${pal.bold(zh ? '最近建档的客户（kehu list --sort created --desc --limit 10）' : 'Newest customers (kehu list --sort created --desc --limit 10)')}\n`;
    out += await renderCustomerList(summary.sample, rc);
    out += `\n${pal.bold(zh ? `一个VIP合作客户（kehu show ${summary.showcase.customer.code}）` : `A cooperating VIP (kehu show ${summary.showcase.customer.code})`)}\n`;
    out += await renderCustomer(summary.showcase, rc);
    out += `\n${pal.bold(zh ? `它的最近记录（kehu history ${summary.showcase.customer.stable_code} --limit 8）` : `Its latest history (kehu history ${summary.showcase.customer.stable_code} --limit 8)`)}\n`;
    out += await renderHistory(summary.showcase_history, rc);
    out += `\n${pal.bold(zh ? `今天逾期未联系：${summary.due.length} 项，最久的 8 项（kehu due）` : `Overdue contacts today: ${summary.due.length}; the 8 oldest (kehu due)`)}\n`;
    out += await renderDue(summary.due.slice(0, 8), rc);
    out += `\n${pal.bold(zh ? `上月流失客户统计分析报告（kehu churn-report）` : 'Last month\'s lost-customer report (kehu churn-report)')}\n`;
    out += await renderChurn(summary.churn, 'table', rc.lang, pal);
    out += `\n${pal.bold(zh ? `${summary.today.user}的今日待办（kehu today --as ${summary.today.user} --limit 5）` : `${summary.today.user}'s agenda for today (kehu today --as ${summary.today.user} --limit 5)`)}\n`;
    out += await renderAgenda(summary.today, rc);
    const code = summary.showcase.customer.stable_code;
    out += `\n${pal.bold(zh ? '试试：' : 'Try:')}\n`;
    out += [
      `  kehu list --grade A --status a`,
      `  kehu list --province 广东 --city 广州`,
      `  kehu show ${code}            ${zh ? '（固定代码也能找到客户）' : '(the stable part finds the customer too)'}`,
      `  kehu add-customer 乐清市新能电气有限公司 --province 浙江 --city 乐清 --json`,
      `  kehu history ${code}`,
      `  kehu due --role sales-manager`,
      `  kehu today --as 刘洋          ${zh ? '（销售经理：升级的逾期跟进、待审批）' : '(the sales manager: escalated follow-ups, approvals)'}`,
      `  kehu log-visit ${code} --method phone --summary "询问订货计划" --by 张敏`,
      `  kehu log-order ${code} --amount 12345.67`,
      `  kehu churn-report --month ${summary.churn.month} --format md`,
      `  kehu user list`,
    ].join('\n');
    writeOut(out + '\n');
  });
}
