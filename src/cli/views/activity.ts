// The renderers of kehu log-visit, history and due: the contact log, the overdue duties and their words.

import type { DueEntry } from '../../app/due.js';
import type { HistoryEntry, HistoryResult, HistoryStream } from '../../app/history.js';
import type { VisitWarning } from '../../app/logVisit.js';
import { enumLabel, type Lang, REASON_CATEGORIES, type ReasonCategory, ROLES, type Role, type Status, VISIT_METHODS, type VisitMethod } from '../../core/enums.js';
import { type Column, type Palette, type RenderContext, renderRows } from '../output.js';
import { label } from '../i18n.js';
import { yuanTextOfYuan } from '../../core/money.js';
import { causeText, colon, statusText, valueText } from '../views.js';
import { timeText } from '../../core/dates.js';

export function methodText(m: string | null, lang: Lang): string {
  return m === null ? '' : enumLabel(VISIT_METHODS, m as VisitMethod, lang);
}
export function roleText(r: string | null, lang: Lang): string {
  if (r === null) return '';
  if (r === 'support') return lang === 'zh' ? '技术支持/助理' : 'tech support/assistant';
  if (r === 'any') return lang === 'zh' ? '商务经理/技术支持/助理' : 'business mgr/support/assistant';
  if (r === 'review') return lang === 'zh' ? '销售助理（评审）' : 'assistant (review)';
  return enumLabel(ROLES, r as Role, lang);
}

export function warningText(w: VisitWarning[], lang: Lang): string {
  const zh = lang === 'zh';
  const head = zh ? `注意：最近已有同事联系过该客户（${w.length} 次）：` : `Note: colleagues contacted this customer recently (${w.length}):`;
  const lines = w.map((v) => `  ${timeText(v.visited_at)}  ${v.handler}${v.handler_role ? (zh ? `（${roleText(v.handler_role, lang)}）` : ` (${roleText(v.handler_role, lang)})`) : ''}  ${methodText(v.method, lang)}${zh ? '：' : ': '}${v.summary}`);
  return [head, ...lines].join('\n');
}

function editText(e: HistoryEntry, lang: Lang): string {
  const zh = lang === 'zh';
  const f = e.field ?? '';
  if (f === 'contact') {
    if (e.cause === 'remove') return `${zh ? '删除联系人' : 'contact removed'} ${e.from ?? ''}${e.summary ? (zh ? `（${e.summary}）` : ` (${e.summary})`) : ''}`;
    return `${zh ? '新增联系人' : 'contact added'} ${e.to ?? ''}`;
  }
  const name = f.startsWith('contact.') ? `${zh ? '联系人' : 'contact'} ${label(f.slice(8), lang)}` : f === 'code' ? label('code', lang) : label(f, lang);
  const what = `${name}${colon(lang)}${valueText(f, e.from, lang)} → ${valueText(f, e.to, lang)}`;
  const why = [e.cause === 'reassign' ? (zh ? '移交' : 'reassigned') : '', e.summary].filter(Boolean).join(zh ? '，' : ', ');
  return `${what}${why ? (zh ? `（${why}）` : ` (${why})`) : ''}`;
}

function voidedText(e: HistoryEntry, lang: Lang): string {
  const v = e.voided!;
  return lang === 'zh' ? `【已作废：${v.by} ${v.on}，${v.reason}】` : `[voided by ${v.by} on ${v.on}: ${v.reason}]`;
}

/** A visit's requested materials and whether they went out, in words ('' when none were requested). */
function materialsText(e: Pick<HistoryEntry, 'materials' | 'materials_sent'>, lang: Lang): string {
  if (e.materials === null) return '';
  const zh = lang === 'zh';
  const s = e.materials_sent;
  const sent = s
    ? zh
      ? `（${timeText(s.at)} 由 ${s.by} ${s.method ? methodText(s.method, lang) : ''}寄出${s.note ? `，${s.note}` : ''}）`
      : ` (sent ${timeText(s.at)} by ${s.by}${s.method ? ` by ${methodText(s.method, lang)}` : ''}${s.note ? `, ${s.note}` : ''})`
    : zh
      ? '（待寄出）'
      : ' (to send)';
  return `${zh ? '索取资料' : 'materials'}：${e.materials}${sent}`;
}

function historyColumns(lang: Lang, pal: Palette): Column<HistoryEntry>[] {
  const zh = lang === 'zh';
  const kind: Record<HistoryEntry['kind'], string> = zh
    ? { visit: '拜访', order: '订货', status: '状态', grade: '等级', edit: '修改' }
    : { visit: 'visit', order: 'order', status: 'status', grade: 'grade', edit: 'edit' };
  const struck = (e: HistoryEntry, s: string): string => (e.voided ? `${pal.strike(s)}\n${voidedText(e, lang)}` : s);
  return [
    { key: 'at', header: zh ? '时间' : 'When', cell: (e) => timeText(e.at) },
    { key: 'kind', priority: 2, header: zh ? '类别' : 'Kind', cell: (e) => `${kind[e.kind]}${e.seq ? ` #${e.seq}` : ''}${e.order_id ? ` #${e.order_id}` : ''}` },
    { key: 'who', priority: 1, header: zh ? '经办人' : 'By', cell: (e) => `${e.who}${e.role ? ` (${roleText(e.role, lang)})` : ''}` },
    {
      key: 'summary',
      header: zh ? '内容' : 'What',
      cell: (e) => {
        switch (e.kind) {
          case 'visit': {
            // English: an ASCII colon (issue 16), the Chinese one only in Chinese.
            const c = zh ? '：' : ': ';
            return struck(e, [`${methodText(e.method, lang)}${e.contact ? ` ${e.contact}` : ''}${c}${e.summary}`, e.key_point ? `${zh ? '关键点' : 'key point'}${c}${e.key_point}` : '', e.next_step ? `${zh ? '下一步' : 'next'}${c}${e.next_step}` : '', e.next_date ? `${zh ? '下次联系' : 'next contact'}${c}${e.next_date}` : '', materialsText(e, lang)].filter(Boolean).join('\n'));
          }
          case 'order':
            return struck(e, `${yuanTextOfYuan(e.amount!)}${e.summary ? ` ${e.summary}` : ''}`);
          case 'status': {
            const why = [e.cause === 'decision' ? '' : causeText(e.cause, lang), e.reason_category && e.cause !== 'auto_loss' ? enumLabel(REASON_CATEGORIES, e.reason_category as ReasonCategory, lang) : '', e.summary].filter(Boolean).join(zh ? '，' : ', ');
            return `${e.from ? statusText(e.from as Status, lang) : '—'} → ${statusText(e.to as Status, lang)}${why ? (zh ? `（${why}）` : ` (${why})`) : ''}`;
          }
          case 'grade': {
            const why = [e.cause === 'decision' ? '' : causeText(e.cause, lang), e.summary].filter(Boolean).join(zh ? '，' : ', ');
            return `${e.from ?? '—'} → ${e.to}${why ? (zh ? `（${why}）` : ` (${why})`) : ''}`;
          }
          case 'edit':
            return editText(e, lang);
        }
      },
    },
  ];
}

function historyCsvColumns(): Column<HistoryEntry>[] {
  return [
    ...(['at', 'kind', 'seq', 'who', 'role', 'method', 'contact', 'summary', 'key_point', 'next_step', 'next_date', 'amount', 'from', 'to', 'cause', 'reason_category', 'order_id', 'field'] as const).map((key) => ({ key })),
    { key: 'voided_on', cell: (e) => e.voided?.on ?? '' },
    { key: 'voided_by', cell: (e) => e.voided?.by ?? '' },
    { key: 'void_reason', cell: (e) => e.voided?.reason ?? '' },
    { key: 'materials', cell: (e) => e.materials ?? '' },
    { key: 'materials_sent_at', cell: (e) => e.materials_sent?.at ?? '' },
    { key: 'materials_sent_by', cell: (e) => e.materials_sent?.by ?? '' },
  ];
}

export async function renderHistory(r: HistoryResult, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const body = await renderRows(r.entries, rc.format === 'csv' ? historyCsvColumns() : historyColumns(rc.lang, rc.pal), rc);
  if (rc.format === 'csv') return body;
  const title = `${r.record_no} ${r.name}`;
  return rc.format === 'md' ? `## ${title}\n\n${body}` : `${rc.pal.bold(title)}\n${body}`;
}

/** The history written as it is read: the same text as renderHistory. */
export async function writeHistory(r: HistoryStream, rc: RenderContext, out?: NodeJS.WritableStream): Promise<void> {
  const { ChunkWriter, writeJsonWithArray, writeRows } = await import('../stream.js');
  if (rc.format === 'json') {
    const w = new ChunkWriter(out);
    const { entries, ...head } = r;
    await writeJsonWithArray(head, 'entries', entries, w);
    await w.flush();
    return;
  }
  const title = `${r.record_no} ${r.name}`;
  if (rc.format === 'md') (out ?? process.stdout).write(`## ${title}\n\n`);
  if (rc.format === 'table') (out ?? process.stdout).write(`${rc.pal.bold(title)}\n`);
  await writeRows(r.entries, rc.format === 'csv' ? historyCsvColumns() : historyColumns(rc.lang, rc.pal), rc, { out });
}

/** What a duty asks for, in words: 每月上门, every 6 mo any contact, 月度评审. */
export function dutyText(d: Pick<DueEntry, 'method' | 'every_months' | 'duty' | 'days_overdue' | 'due_date'>, lang: Lang): string {
  const zh = lang === 'zh';
  if (d.duty === 'review') return zh ? '月度评审（客户资格评审表）' : 'monthly review';
  const every = zh ? `每${d.every_months === 1 ? '' : ` ${d.every_months} `}月` : `every ${d.every_months} mo`;
  if (d.method === 'any') return zh ? `${every}技术支持` : `tech support ${every}`;
  return zh ? `${every}${d.method === 'onsite' ? '上门' : '电话'}` : `${d.method} ${every}`;
}

export function dueColumns(rc: RenderContext): Column<DueEntry>[] {
  const zh = rc.lang === 'zh';
  if (rc.format === 'csv' || rc.format === 'json') {
    return (['code', 'name', 'grade', 'owner', 'duty', 'role', 'method', 'every_months', 'last_contact', 'due_date', 'days_overdue'] as const).map((key) => ({ key }));
  }
  return [
    { key: 'code' },
    { key: 'name' },
    { key: 'owner', priority: 4 },
    { key: 'role', priority: 2, header: zh ? '应联系' : 'Who', cell: (d) => roleText(d.role, rc.lang) },
    { key: 'method', priority: 5, header: zh ? '要求' : 'Required', cell: (d) => dutyText(d, rc.lang) },
    { key: 'last_contact', priority: 1, header: zh ? '上次' : 'Last', cell: (d) => (d.last_contact ? timeText(d.last_contact) : zh ? '从未' : 'never') },
    { key: 'due_date', priority: 3, header: zh ? '应完成日' : 'Due' },
    { key: 'days_overdue', priority: 6, header: zh ? '逾期天数' : 'Days overdue', cell: (d) => (d.duty === 'review' && d.days_overdue === 0 ? (zh ? '月底前' : 'by month end') : d.days_overdue) },
  ];
}

export async function renderDue(rows: DueEntry[], rc: RenderContext): Promise<string> {
  return renderRows(rows, dueColumns(rc), rc);
}
