// kehu review-grade, designate-image, approve, reject, approvals, report potential-vip: grade reviews and their approvals (SPEC 2.3).

import type { Command } from 'commander';
import type { DecisionResult } from '../../app/applications.js';
import type { PendingApplication } from '../../app/approvals.js';
import type { DesignationResult } from '../../app/designateImage.js';
import type { PotentialVipReport } from '../../app/potentialVip.js';
import type { ReviewResult } from '../../app/reviewGrade.js';
import { enumLabel, type Lang, ROLES, STAGES, type Stage } from '../../core/enums.js';
import { appContext, commonOf, renderContext, reportCommand, withCommon } from '../common.js';
import { writeOut } from '../io.js';
import { emitReport, withOut } from '../reportOut.js';
import { type Column, type RenderContext, renderRows, toCsv } from '../output.js';
import { gradeText, rolesText, statusText } from '../views.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function kindText(kind: string, lang: Lang): string {
  const zh = lang === 'zh';
  if (kind === 'upgrade') return zh ? '升级' : 'upgrade';
  if (kind === 'downgrade') return zh ? '降级' : 'downgrade';
  return zh ? '形象客户指定' : 'image designation';
}

/** "below standard, 2 of 6" / "低于标准，连续 2/6 个月". */
export function belowStandardText(b: NonNullable<ReviewResult['below_standard']>, lang: Lang): string {
  if (b.months === 0) return lang === 'zh' ? `达到标准（${b.threshold} 分）` : `meets the standard (${b.threshold})`;
  return lang === 'zh' ? `低于标准，连续 ${b.months}/${b.required} 个月` : `below standard, ${b.months} of ${b.required}`;
}

export function reviewText(r: ReviewResult, lang: Lang): string {
  const zh = lang === 'zh';
  const lines = [
    zh
      ? `已评审 ${r.code} ${r.name} ${r.month}：${r.score} 分，评定 ${gradeText(r.band, lang)}（当前等级 ${gradeText(r.current_grade, lang)}，${statusText(r.status, lang)}）`
      : `Reviewed ${r.code} ${r.name} for ${r.month}: score ${r.score}, band ${gradeText(r.band, lang)} (current grade ${gradeText(r.current_grade, lang)}, ${statusText(r.status, lang)})`,
  ];
  for (const f of r.breakdown ?? []) {
    lines.push(`  ${zh ? f.label_zh : f.label_en} ${f.score} × ${f.weight}% = ${f.points}`);
  }
  if (r.below_standard) lines.push(belowStandardText(r.below_standard, lang));
  if (r.superseded_application !== null) {
    lines.push(zh ? `待审批的申请 #${r.superseded_application} 已由本次评审取代` : `Pending application #${r.superseded_application} is superseded by this review`);
  }
  const a = r.application;
  if (a && r.pending_application === a.id) {
    lines.push(
      zh
        ? `待审批的${kindText(a.kind, lang)}申请 #${a.id}（${a.from_grade} → ${a.to_grade}）保留，已有的审批仍有效`
        : `The pending ${kindText(a.kind, lang)} application #${a.id} (${a.from_grade} → ${a.to_grade}) stays, with the approvals it has`,
    );
  } else if (a) {
    lines.push(
      zh
        ? `已提交${kindText(a.kind, lang)}申请 #${a.id}：${a.from_grade} → ${a.to_grade}，待 ${rolesText(a.required_roles, lang)} 审批`
        : `${a.kind === 'upgrade' ? 'Upgrade' : 'Downgrade'} application #${a.id} opened: ${a.from_grade} → ${a.to_grade}, needs ${rolesText(a.required_roles, lang)}`,
    );
  }
  if (!a && r.pending_application !== null) {
    lines.push(zh ? `等待形象客户申请 #${r.pending_application} 审批，本次评审不提交申请` : `Image designation #${r.pending_application} is pending: this review opens no application`);
  }
  if (r.applied) {
    lines.push(
      zh
        ? `已直接调整为 ${gradeText(r.applied.to_grade, lang)}：${r.applied.former_code} → ${r.applied.code}`
        : `Reclassified at once as ${gradeText(r.applied.to_grade, lang)}: ${r.applied.former_code} → ${r.applied.code}`,
    );
  }
  return lines.join('\n') + '\n';
}

const REVIEW_KEYS = ['id', 'code', 'name', 'month', 'score', 'band', 'current_grade', 'status', 'outcome'] as const;

async function renderReview(r: ReviewResult, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (rc.format === 'table') return reviewText(r, rc.lang);
  const cols: Column<ReviewResult>[] = [
    ...REVIEW_KEYS.map((key) => ({ key })),
    { key: 'below_standard', cell: (x) => (x.below_standard ? `${x.below_standard.months}/${x.below_standard.required}` : '') },
    { key: 'application_id', cell: (x) => x.application?.id ?? '' },
    { key: 'to_grade', cell: (x) => x.application?.to_grade ?? x.applied?.to_grade ?? '' },
  ];
  return renderRows([r], cols, rc);
}

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

export function decisionText(r: DecisionResult, lang: Lang): string {
  const zh = lang === 'zh';
  const who = zh ? `${r.approver}（${enumLabel(ROLES, r.role, lang)}）` : `${r.approver} (${enumLabel(ROLES, r.role, lang)})`;
  if (r.decision === 'reject') {
    return zh
      ? `已驳回申请 #${r.id}（${r.code} ${kindText(r.kind, lang)} ${r.from_grade} → ${r.to_grade}）：${who}，原因：${r.note ?? ''}\n`
      : `Application #${r.id} rejected (${r.code} ${kindText(r.kind, lang)} ${r.from_grade} → ${r.to_grade}) by ${who}: ${r.note ?? ''}\n`;
  }
  if (r.status === 'approved') {
    return zh
      ? `申请 #${r.id} 已全部批准（${who} 最后审批）：${r.former_code} → ${r.code}，等级 ${gradeText(r.from_grade, lang)} → ${gradeText(r.to_grade, lang)}\n`
      : `Application #${r.id} approved (last approval by ${who}): ${r.former_code} → ${r.code}, grade ${gradeText(r.from_grade, lang)} → ${gradeText(r.to_grade, lang)}\n`;
  }
  return zh
    ? `已批准申请 #${r.id}（${r.code} ${kindText(r.kind, lang)} ${r.from_grade} → ${r.to_grade}）：${who}；仍待 ${rolesText(r.waiting_for, lang)}\n`
    : `Approved application #${r.id} (${r.code} ${kindText(r.kind, lang)} ${r.from_grade} → ${r.to_grade}) as ${who}; still waiting for ${rolesText(r.waiting_for, lang)}\n`;
}

async function renderDecision(r: DecisionResult, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (rc.format === 'table') return decisionText(r, rc.lang);
  const keys = ['id', 'code', 'former_code', 'kind', 'from_grade', 'to_grade', 'decision', 'approver', 'role', 'status'] as const;
  return renderRows([r], [...keys.map((key) => ({ key })), { key: 'waiting_for', cell: (x: DecisionResult) => x.waiting_for.join(' ') }], rc);
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

function scoresText(a: PendingApplication): string {
  return a.scores.map((s) => `${s.month} ${s.score}`).join(', ');
}

async function renderApprovals(rows: PendingApplication[], rc: RenderContext): Promise<string> {
  const zh = rc.lang === 'zh';
  if (rc.format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  if (rc.format === 'csv') {
    const keys = ['id', 'code', 'name', 'kind', 'from_grade', 'to_grade', 'customer_status', 'applicant', 'applied_on'] as const;
    return renderRows(rows, [
      ...keys.map((key) => ({ key })),
      { key: 'scores', cell: scoresText },
      { key: 'approved_by', cell: (a: PendingApplication) => a.approved_by.map((x) => `${x.approver}:${x.role}`).join(' ') },
      { key: 'waiting_for', cell: (a: PendingApplication) => a.waiting_for.join(' ') },
    ], rc);
  }
  const cols: Column<PendingApplication>[] = [
    { key: 'id', header: zh ? '申请号' : 'ID' },
    { key: 'code' },
    { key: 'name' },
    { key: 'kind', priority: 4, header: zh ? '类别' : 'Kind', cell: (a) => kindText(a.kind, rc.lang) },
    { key: 'grade', priority: 6, header: zh ? '等级' : 'Grade', cell: (a) => `${a.from_grade} → ${a.to_grade}` },
    { key: 'scores', priority: 1, header: zh ? '评审分数' : 'Scores', cell: (a) => a.scores.map((s) => `${s.month} ${s.score}`).join('\n') },
    { key: 'approved_by', priority: 2, header: zh ? '已批准' : 'Approved by', cell: (a) => a.approved_by.map((x) => (zh ? `${x.approver}（${enumLabel(ROLES, x.role, rc.lang)}）` : `${x.approver} (${enumLabel(ROLES, x.role, rc.lang)})`)).join('\n') },
    { key: 'waiting_for', priority: 5, header: zh ? '待审批' : 'Waiting for', cell: (a) => rolesText(a.waiting_for, rc.lang) },
    { key: 'applied_on', priority: 3, header: zh ? '申请日期' : 'Applied' },
  ];
  const body = await renderRows(rows, cols, rc);
  if (rc.format === 'table' && rows.length === 0) return zh ? '没有待审批的申请。\n' : 'No applications waiting.\n';
  return body;
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

function stageText(n: number | null, lang: Lang): string {
  return n === null ? (lang === 'zh' ? '未知' : 'unknown') : `${n} ${enumLabel(STAGES, String(n) as Stage, lang)}`;
}

/** The potential-VIP progress table in any format; CSV is one flat table of total, owner and stage rows. */
export async function renderPotentialVip(r: PotentialVipReport, rc: RenderContext): Promise<string> {
  const zh = rc.lang === 'zh';
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const nobody = zh ? '（无负责人）' : '(no owner)';
  if (rc.format === 'csv') {
    const body: string[][] = [['total', '', String(r.start_count), String(r.end_count), String(r.added_count), String(r.lost_count)]];
    for (const g of r.by_owner) body.push(['owner', g.owner ?? '', String(g.start), String(g.end), String(g.added), String(g.lost)]);
    for (const g of r.by_stage) body.push(['stage', g.stage === null ? '' : String(g.stage), String(g.start), String(g.end), String(g.added), String(g.lost)]);
    return toCsv(['dimension', 'key', 'start', 'end', 'added', 'lost'], body);
  }
  const counts = (label: string): Column<{ start: number; end: number; added: number; lost: number }>[] => [
    { key: 'label', header: label },
    { key: 'start', header: zh ? '月初' : 'Start' },
    { key: 'added', header: zh ? '新增' : 'Added' },
    { key: 'lost', header: zh ? '减少' : 'Lost' },
    { key: 'end', header: zh ? '月末' : 'End' },
  ];
  const ownerRows = r.by_owner.map((g) => ({ ...g, label: g.owner ?? nobody }));
  const stageRows = r.by_stage.map((g) => ({ ...g, label: stageText(g.stage, rc.lang) }));
  const listCols: Column<PotentialVipReport['added'][number]>[] = [{ key: 'code' }, { key: 'name' }, { key: 'owner' }, { key: 'stage', cell: (c) => stageText(c.stage, rc.lang) }];
  const title = zh ? `潜在VIP客户开发进度表 ${r.month}` : `Potential VIP progress ${r.month}`;
  const summary = zh
    ? `月初 ${r.start_count} 个，新增 ${r.added_count} 个，减少 ${r.lost_count} 个，月末 ${r.end_count} 个（${r.start_date} — ${r.end_date}）`
    : `Start ${r.start_count}, added ${r.added_count}, lost ${r.lost_count}, end ${r.end_count} (${r.start_date} — ${r.end_date})`;
  const md = rc.format === 'md';
  const head = (s: string): string => (md ? `## ${s}\n\n` : `${rc.pal.bold(s)}\n`);
  const sub = (s: string): string => (md ? `\n### ${s}\n\n` : `\n${rc.pal.bold(s)}\n`);
  let out = head(title) + summary + '\n';
  out += sub(zh ? '按负责人' : 'By owner') + (await renderRows(ownerRows, counts(zh ? '负责人' : 'Owner'), rc));
  out += sub(zh ? '按开发阶段' : 'By development stage') + (await renderRows(stageRows, counts(zh ? '开发阶段' : 'Stage'), rc));
  if (r.added.length) out += sub(zh ? '本月新增' : 'Added this month') + (await renderRows(r.added, listCols, rc));
  if (r.lost.length) out += sub(zh ? '本月减少' : 'Lost this month') + (await renderRows(r.lost, listCols, rc));
  return out;
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
