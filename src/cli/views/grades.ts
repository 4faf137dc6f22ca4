// The renderers of kehu review-grade, approve, reject, approvals and report potential-vip.

import type { DecisionResult } from '../../app/applications.js';
import type { PendingApplication } from '../../app/approvals.js';
import type { PotentialVipReport } from '../../app/potentialVip.js';
import type { ReviewResult } from '../../app/reviewGrade.js';
import { enumLabel, type Lang, ROLES, STAGES, type Stage } from '../../core/enums.js';
import { type Column, type RenderContext, renderRows, toCsv } from '../output.js';
import { gradeText, rolesText, statusText } from '../views.js';

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

export async function renderReview(r: ReviewResult, rc: RenderContext): Promise<string> {
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

export async function renderDecision(r: DecisionResult, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (rc.format === 'table') return decisionText(r, rc.lang);
  const keys = ['id', 'code', 'former_code', 'kind', 'from_grade', 'to_grade', 'decision', 'approver', 'role', 'status'] as const;
  return renderRows([r], [...keys.map((key) => ({ key })), { key: 'waiting_for', cell: (x: DecisionResult) => x.waiting_for.join(' ') }], rc);
}

function scoresText(a: PendingApplication): string {
  return a.scores.map((s) => `${s.month} ${s.score}`).join(', ');
}

export async function renderApprovals(rows: PendingApplication[], rc: RenderContext): Promise<string> {
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
  const listCols: Column<PotentialVipReport['added'][number]>[] = [{ key: 'code' }, { key: 'name' }, { key: 'owner', priority: 1 }, { key: 'stage', priority: 2, cell: (c) => stageText(c.stage, rc.lang) }];
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
