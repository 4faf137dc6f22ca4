// kehu review-grade, designate-image, approve, reject, approvals, report potential-vip: grade reviews and their approvals (SPEC 2.3).

import type { Command } from 'commander';
import type { DesignationResult } from '../../app/designateImage.js';
import { appContext, commonOf, renderContext, reportCommand, withCommon } from '../common.js';
import { writeOut } from '../io.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderRows } from '../output.js';
import { rolesText } from '../views.js';
import { renderReview, renderDecision, renderApprovals, renderPotentialVip } from '../views/grades.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function registerReviewGrade(program: Command): void {
  const cmd = program
    .command('review-grade')
    .description('record a monthly grade review (客户资格评审表): a score or weighted factor scores, and act on it')
    .argument('<code>', 'customer code, former code or stable part')
    .option('--score <n>', 'total score 0–100')
    .option('--factor <key=score>', 'a factor score 0–100 (repeatable): purchase payment growth influence stability credit', collect)
    .option('--month <YYYY-MM>', 'the month reviewed (default the month of --date, else this month); one review per customer per month')
    .option('--date <d>', 'the day the review was made (default today, or the last day of a past --month); never in the future')
    .option('--model <file>', 'a grade model JSON file instead of the shipped data/grade-model.json')
    .addHelpText(
      'after',
      `
Bands: ≥ 80 A, 60–79 B, < 60 C. A band above the grade opens an upgrade application; a formal A
below 80 for 6 consecutive months, or a formal B below 60 for 3, opens a downgrade application.
Default weights: purchase 采购额 30, payment 付款及时性 20, growth 发展潜力 15, influence 行业影响力 15,
stability 合作稳定性 10, credit 信用 10.

Examples:
  $ kehu review-grade Ba-粤GZ0001 --score 85 --month 2026-11
  $ kehu review-grade 粤GZ0001 --factor purchase=90 --factor payment=70 --factor growth=80 \\
      --factor influence=60 --factor stability=100 --factor credit=50 --json`,
    );
  withCommon(cmd);
  cmd.action(async (code: string, o: { score?: string; factor?: string[]; month?: string; date?: string; model?: string }, self: Command) => {
    const common = commonOf(self);
    const { reviewGrade } = await import('../../app/reviewGrade.js');
    const r = reviewGrade(await appContext(common), { code, score: o.score, factors: o.factor, month: o.month, date: o.date, model: o.model });
    writeOut(await renderReview(r, await renderContext(common)));
  });
}

function registerDesignateImage(program: Command): void {
  const cmd = program
    .command('designate-image')
    .description('apply to make a customer an image customer (形象客户, X); sales and market managers approve')
    .argument('<code>', 'customer code, former code or stable part')
    .option('--date <d>', 'the day of the application (default today); never in the future')
    .addHelpText('after', '\nLeaving formal VIP (an Aa customer) needs the general manager too.\n\nExample:\n  $ kehu designate-image Cb-粤GZ0001 --as 张敏');
  withCommon(cmd);
  cmd.action(async (code: string, o: { date?: string }, self: Command) => {
    const common = commonOf(self);
    const { designateImage } = await import('../../app/designateImage.js');
    const r: DesignationResult = designateImage(await appContext(common), { code, date: o.date });
    const rc = await renderContext(common);
    if (rc.format === 'json') return writeOut(JSON.stringify(r, null, 2) + '\n');
    const zh = rc.lang === 'zh';
    const a = r.application;
    if (rc.format === 'table') {
      return writeOut(
        zh
          ? `已提交形象客户申请 #${a.id}：${r.code} ${r.name}，${a.from_grade} → X，待 ${rolesText(a.required_roles, rc.lang)} 审批\n`
          : `Image designation application #${a.id} opened: ${r.code} ${r.name}, ${a.from_grade} → X, needs ${rolesText(a.required_roles, rc.lang)}\n`,
      );
    }
    writeOut(await renderRows([r], [{ key: 'id', cell: (x) => x.application.id }, { key: 'code' }, { key: 'name' }, { key: 'from_grade', cell: (x) => x.application.from_grade }, { key: 'to_grade', cell: (x) => x.application.to_grade }, { key: 'required_roles', cell: (x) => x.application.required_roles.join(' ') }], rc));
  });
}

function registerApprove(program: Command): void {
  const cmd = program
    .command('approve')
    .description('approve a grade application in a role you hold (--as); the last approval changes grade and code')
    .argument('<id>', 'application number (kehu approvals)')
    .option('--note <text>', 'note')
    .option('--role <role>', 'the role you approve in, when you hold several the application needs')
    .option('--date <d>', 'the day of the approval (default today); not before the application, never in the future')
    .addHelpText(
      'after',
      '\nWho must approve is decided by the customer\'s status on the day of the last approval: a potential VIP that\nhas ordered since it applied needs the general manager too.\n\nExamples:\n  $ kehu approvals --as 刘洋\n  $ kehu approve 3 --as 刘洋 --note "同意升级"\n  $ kehu approve 3 --as 孙伟 --date 2026-03-10',
    );
  withCommon(cmd);
  cmd.action(async (id: string, o: { note?: string; role?: string; date?: string }, self: Command) => {
    const common = commonOf(self);
    const { approve } = await import('../../app/approve.js');
    const r = approve(await appContext(common), { id, ...o });
    writeOut(await renderDecision(r, await renderContext(common)));
  });
}

function registerReject(program: Command): void {
  const cmd = program
    .command('reject')
    .description('reject a grade application in a role you hold (--as); one rejection decides it')
    .argument('<id>', 'application number (kehu approvals)')
    .option('--reason <text>', 'why (required)')
    .option('--role <role>', 'the role you reject in, when you hold several the application needs')
    .option('--date <d>', 'the day of the rejection (default today); not before the application, never in the future')
    .addHelpText('after', '\nExample:\n  $ kehu reject 3 --as 赵雪 --reason "采购额未达标"');
  withCommon(cmd);
  cmd.action(async (id: string, o: { reason?: string; role?: string; date?: string }, self: Command) => {
    const common = commonOf(self);
    const { reject } = await import('../../app/reject.js');
    const r = reject(await appContext(common), { id, ...o });
    writeOut(await renderDecision(r, await renderContext(common)));
  });
}

function registerApprovals(program: Command): void {
  const cmd = program
    .command('approvals')
    .description('pending grade applications waiting for you (--as): a role you hold that has not yet approved')
    .option('--all', 'every pending application')
    .addHelpText('after', '\nExamples:\n  $ kehu approvals --as 孙伟\n  $ kehu approvals --all --json');
  withOut(withCommon(cmd));
  cmd.action(async (o: { all?: boolean }, self: Command) => {
    const common = commonOf(self);
    const { pendingApprovals } = await import('../../app/approvals.js');
    const rows = pendingApprovals(await appContext(common), o);
    await emitReport(common, common.out, (rc) => renderApprovals(rows, rc));
  });
}

export function registerPotentialVip(program: Command): void {
  const cmd = reportCommand(program)
    .command('potential-vip')
    .description('potential VIP progress table (潜在VIP客户开发进度表, §7.2.3): count at start and end of a month, added and lost, by owner and stage')
    .option('--month <YYYY-MM>', 'the month to report (default: last month)')
    .addHelpText('after', '\nExamples:\n  $ kehu report potential-vip --month 2026-10\n  $ kehu report potential-vip --month 2026-10 --format csv\n  $ kehu report potential-vip --out 潜在VIP-{month}.md');
  withOut(withCommon(cmd), { html: true });
  cmd.action(async (o: { month?: string; out?: string }, self: Command) => {
    const common = commonOf(self);
    const { potentialVipReport } = await import('../../app/potentialVip.js');
    const r = potentialVipReport(await appContext(common), o);
    await emitReport(common, o.out, (rc) => renderPotentialVip(r, rc), { month: r.month }, async (hc) => (await import('../html/reports.js')).potentialVipHtml(r, hc));
  });
}

export function register(program: Command): void {
  registerReviewGrade(program);
  registerDesignateImage(program);
  registerApprove(program);
  registerReject(program);
  registerApprovals(program);
}
