// The renderers of kehu today (the agenda) and send-materials.

import type { Agenda, Group } from '../../app/today.js';
import { enumLabel, type Lang, ROLES, type Role, STATUSES, type Status, VISIT_METHODS, type VisitMethod } from '../../core/enums.js';
import { type Column, type RenderContext, renderRows, toCsv } from '../output.js';
import { dueColumns, dutyText, roleText } from './activity.js';
import { kindText } from './grades.js';
import { timeText } from '../../core/dates.js';

type GroupKey = 'overdue_duties' | 'follow_ups' | 'escalated' | 'materials' | 'birthdays' | 'approvals' | 'lost_without_plan' | 'at_risk';

export const AGENDA_GROUPS: readonly GroupKey[] = ['overdue_duties', 'follow_ups', 'escalated', 'materials', 'birthdays', 'approvals', 'lost_without_plan', 'at_risk'];

function groupTitle(key: GroupKey, a: Agenda, lang: Lang): string {
  const zh = lang === 'zh';
  switch (key) {
    case 'overdue_duties':
      return zh ? '逾期未完成的客情维护' : 'Overdue duties';
    case 'follow_ups':
      return zh ? '到期的跟进（下次联系日期已到）' : 'Follow-ups due';
    case 'escalated':
      return zh ? `升级提醒：逾期超过 ${a.escalate_after} 天的跟进` : `Escalated: follow-ups overdue by more than ${a.escalate_after} days`;
    case 'materials':
      return zh ? '待寄资料（24 小时内寄出）' : 'Materials to send (within 24 hours)';
    case 'birthdays':
      return zh ? '关键联系人生日（7 天内）' : "Key contacts' birthdays (next 7 days)";
    case 'approvals':
      return zh ? '待我审批的申请' : 'Applications waiting for approval';
    case 'lost_without_plan':
      return zh ? '尚无挽救方案的流失客户' : 'Lost customers without a salvage plan';
    case 'at_risk':
      return zh ? `流失风险客户（${a.at_risk.months} 个月以上未订货）` : `At risk (no order for ${a.at_risk.months} months or more)`;
  }
}

const daysText = (n: number, lang: Lang): string => (lang === 'zh' ? `${n} 天` : `${n} d`);

function followUpColumns(lang: Lang, escalated: boolean): Column<Agenda['escalated']['items'][number]>[] {
  const zh = lang === 'zh';
  const cols: Column<Agenda['escalated']['items'][number]>[] = [
    { key: 'code' },
    { key: 'name' },
    { key: 'status', priority: 1, header: zh ? '状态' : 'Status', cell: (f) => enumLabel(STATUSES, f.status as Status, lang) },
  ];
  if (escalated) cols.push({ key: 'owner', priority: 5, header: zh ? '负责人' : 'Owner', cell: (f) => f.owner ?? (zh ? '（无）' : '(none)') });
  cols.push(
    { key: 'next_date', priority: 4, header: zh ? '下次联系' : 'Next contact' },
    { key: 'days_overdue', priority: 6, header: zh ? '逾期' : 'Overdue', cell: (f) => (f.days_overdue === 0 ? (zh ? '今天' : 'today') : daysText(f.days_overdue, lang)) },
    { key: 'next_step', priority: 3, header: zh ? '下一步' : 'Next step', cell: (f) => f.next_step ?? '' },
    { key: 'seq', priority: 2, header: zh ? '来自拜访' : 'From visit', cell: (f) => `#${f.seq} ${f.handler} ${f.visited_at.slice(0, 10)}` },
  );
  if (escalated) cols.push({ key: 'escalated_to', priority: 7, header: zh ? '已升级至' : 'Escalated to', cell: (f) => f.escalated_to.map((r) => enumLabel(ROLES, r, lang)).join(zh ? '、' : ', ') });
  return cols;
}

function hoursText(h: number, lang: Lang): string {
  const zh = lang === 'zh';
  if (h > 0) return zh ? `已逾期 ${h} 小时` : `${h} h overdue`;
  return zh ? `还剩 ${-h} 小时` : `${-h} h left`;
}

/** The table (or Markdown) of one group's items. */
async function groupTable(key: GroupKey, a: Agenda, rc: RenderContext): Promise<string> {
  const zh = rc.lang === 'zh';
  const lang = rc.lang;
  switch (key) {
    case 'overdue_duties':
      return renderRows(a.overdue_duties.items, dueColumns(rc), rc);
    case 'follow_ups':
      return renderRows(a.follow_ups.items, followUpColumns(lang, false) as Column<Agenda['follow_ups']['items'][number]>[], rc);
    case 'escalated':
      return renderRows(a.escalated.items, followUpColumns(lang, true), rc);
    case 'materials':
      return renderRows(
        a.materials.items,
        [
          { key: 'code' },
          { key: 'name' },
          { key: 'materials', priority: 4, header: zh ? '资料' : 'Materials' },
          { key: 'seq', priority: 1, header: zh ? '拜访' : 'Visit', cell: (m) => `#${m.seq} ${m.handler} ${timeText(m.visited_at)}` },
          { key: 'due_at', priority: 2, header: zh ? '应寄出' : 'Due', cell: (m) => timeText(m.due_at) },
          { key: 'overdue_hours', priority: 3, header: zh ? '时限' : 'Time', cell: (m) => hoursText(m.overdue_hours, lang) },
        ],
        rc,
      );
    case 'birthdays':
      return renderRows(
        a.birthdays.items,
        [
          { key: 'code' },
          { key: 'name' },
          { key: 'contact', priority: 4, header: zh ? '联系人' : 'Contact', cell: (b) => `${b.contact}${b.title ? ` ${b.title}` : ''}` },
          { key: 'key', priority: 1, header: zh ? '身份' : 'Role', cell: (b) => [b.decision_maker ? (zh ? '决策人' : 'decision maker') : '', b.insider ? (zh ? '内线' : 'insider') : ''].filter(Boolean).join(zh ? '、' : ', ') },
          { key: 'date', priority: 2, header: zh ? '生日' : 'Birthday' },
          { key: 'days_until', priority: 3, header: zh ? '还有' : 'In', cell: (b) => (b.days_until === 0 ? (zh ? '今天' : 'today') : daysText(b.days_until, lang)) },
        ],
        rc,
      );
    case 'approvals':
      return renderRows(
        a.approvals.items,
        [
          { key: 'id', header: '#' },
          { key: 'code' },
          { key: 'name' },
          { key: 'kind', priority: 3, header: zh ? '申请' : 'Application', cell: (p) => `${kindText(p.kind, lang)} ${p.from_grade} → ${p.to_grade}` },
          { key: 'applicant', priority: 1, header: zh ? '申请人' : 'Applicant', cell: (p) => `${p.applicant} ${p.applied_on}` },
          { key: 'waiting_for', priority: 2, header: zh ? '待审批' : 'Waiting for', cell: (p) => p.waiting_for.map((r: Role) => enumLabel(ROLES, r, lang)).join(zh ? '、' : ', ') },
        ],
        rc,
      );
    case 'lost_without_plan':
      return renderRows(
        a.lost_without_plan.items,
        [{ key: 'code' }, { key: 'name' }, { key: 'owner', priority: 3, header: zh ? '负责人' : 'Owner' }, { key: 'lost_date', priority: 2, header: zh ? '流失日期' : 'Lost on' }, { key: 'last_order_date', priority: 1, header: zh ? '最后订货' : 'Last order' }],
        rc,
      );
    case 'at_risk':
      return renderRows(
        a.at_risk.items,
        [
          { key: 'code' },
          { key: 'name' },
          { key: 'last_order_date', priority: 1, header: zh ? '最后订货' : 'Last order', cell: (r) => r.last_order_date ?? (zh ? `无（${r.cooperating_since} 起合作）` : `none (since ${r.cooperating_since})`) },
          { key: 'months_without_order', priority: 2, header: zh ? '未订货月数' : 'Months idle' },
          { key: 'lost_on', priority: 3, header: zh ? '将于此日计为流失' : 'Counts lost on' },
        ],
        rc,
      );
  }
}

/** One flat line per item for CSV: the group, the customer, what to do, the date it is about, how late. */
function csvRows(a: Agenda, lang: Lang): string[][] {
  const rows: string[][] = [];
  for (const d of a.overdue_duties.items) rows.push(['overdue_duties', d.code, d.name, d.owner ?? '', `${roleText(d.role, lang)} ${dutyText(d, lang)}`, d.due_date, String(d.days_overdue)]);
  for (const f of a.follow_ups.items) rows.push(['follow_ups', f.code, f.name, f.owner ?? '', f.next_step ?? '', f.next_date, String(f.days_overdue)]);
  for (const f of a.escalated.items) rows.push(['escalated', f.code, f.name, f.owner ?? '', f.next_step ?? '', f.next_date, String(f.days_overdue)]);
  for (const m of a.materials.items) rows.push(['materials', m.code, m.name, m.owner ?? '', m.materials, m.due_at, String(m.overdue_hours)]);
  for (const b of a.birthdays.items) rows.push(['birthdays', b.code, b.name, '', b.contact, b.date, String(b.days_until)]);
  for (const p of a.approvals.items) rows.push(['approvals', p.code, p.name, '', `#${p.id} ${p.kind} ${p.from_grade}->${p.to_grade}`, p.applied_on, '']);
  for (const l of a.lost_without_plan.items) rows.push(['lost_without_plan', l.code, l.name, l.owner ?? '', '', l.lost_date ?? '', '']);
  for (const r of a.at_risk.items) rows.push(['at_risk', r.code, r.name, a.user, '', r.lost_on, String(r.months_without_order)]);
  return rows;
}

export async function renderAgenda(a: Agenda, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(a, null, 2) + '\n';
  if (rc.format === 'csv') return toCsv(['group', 'code', 'name', 'owner', 'what', 'date', 'days'], csvRows(a, rc.lang));
  const zh = rc.lang === 'zh';
  const md = rc.format === 'md';
  const roles = a.roles.map((r) => enumLabel(ROLES, r, rc.lang)).join(zh ? '、' : ', ');
  const title = zh ? `${a.user}（${roles}）${a.as_of} 的待办：共 ${a.total} 项` : `Agenda of ${a.user} (${roles}) for ${a.as_of}: ${a.total} item${a.total === 1 ? '' : 's'}`;
  let out = md ? `## ${title}\n` : `${rc.pal.bold(title)}\n`;
  if (a.total === 0) return `${out}\n${zh ? '今天没有待办事项，一切按计划进行。' : 'Nothing to do today: everything is on schedule.'}\n`;
  let n = 0;
  for (const key of AGENDA_GROUPS) {
    const g = a[key] as Group<unknown>;
    n++;
    const head = `${n}. ${groupTitle(key, a, rc.lang)}${zh ? `（${g.count}）` : ` (${g.count})`}`;
    out += md ? `\n### ${head}\n\n` : `\n${rc.pal.bold(head)}\n`;
    if (g.count === 0) {
      out += `${zh ? '无' : 'none'}\n`;
      continue;
    }
    out += await groupTable(key, a, rc);
    if (g.count > g.items.length) {
      out += zh ? `……另有 ${g.count - g.items.length} 项（--limit 0 显示全部）\n` : `… ${g.count - g.items.length} more (--limit 0 lists all)\n`;
    }
  }
  return out;
}

export function methodText(m: string | null, lang: Lang): string {
  return m === null ? '' : enumLabel(VISIT_METHODS, m as VisitMethod, lang);
}
