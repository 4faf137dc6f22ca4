// The renderers of kehu edit, contact, void and log: changes in words and the audit log's columns.

import type { ContactResult } from '../../app/contact.js';
import type { EditResult } from '../../app/editCustomer.js';
import type { LogEntry } from '../../app/log.js';
import type { VoidResult } from '../../app/voidRecord.js';
import { enumLabel, type Lang, type Role, ROLES, VISIT_METHODS, type VisitMethod } from '../../core/enums.js';
import { yuanText } from '../../core/money.js';
import { label } from '../i18n.js';
import { type Column, type RenderContext } from '../output.js';
import { colon, valueText } from '../views.js';
import { timeText } from '../../core/dates.js';

function changeLines(changes: { field: string; old: unknown; new: unknown }[], lang: Lang): string {
  return changes.map((c) => `  ${label(c.field, lang)}${colon(lang)}${valueText(c.field, c.old, lang)} → ${valueText(c.field, c.new, lang)}`).join('\n');
}

export function renderEdit(r: EditResult, rc: RenderContext): string {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const zh = rc.lang === 'zh';
  if (r.changes.length === 0 && !r.moved) return zh ? `${r.code} ${r.name}：没有变化，未修改任何内容。\n` : `${r.code} ${r.name}: nothing differs; nothing changed.\n`;
  let out = zh ? `已修改 ${r.code} ${r.name}（${r.date} 起）：\n` : `Changed ${r.code} ${r.name} (from ${r.date}):\n`;
  out += changeLines(r.changes, rc.lang) + '\n';
  if (r.moved) out += zh ? `  客户代码：${r.moved.from} → ${r.moved.to}（旧代码仍可查到该客户）\n` : `  Code: ${r.moved.from} → ${r.moved.to} (the old code still finds it)\n`;
  return out;
}

export function renderContact(r: ContactResult, rc: RenderContext): string {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const zh = rc.lang === 'zh';
  const who = `#${r.contact.id} ${r.contact.name}`;
  if (r.action === 'add') return zh ? `已为 ${r.code} ${r.name} 新增联系人 ${who}\n` : `Added contact ${who} to ${r.code} ${r.name}\n`;
  if (r.action === 'remove') return zh ? `已删除 ${r.code} ${r.name} 的联系人 ${who}（记录保留在 kehu log 中）\n` : `Removed contact ${who} of ${r.code} ${r.name} (kept in kehu log)\n`;
  if (r.changes.length === 0) return zh ? `联系人 ${who}：没有变化，未修改任何内容。\n` : `Contact ${who}: nothing differs; nothing changed.\n`;
  return (zh ? `已修改 ${r.code} 的联系人 ${who}：\n` : `Changed contact ${who} of ${r.code}:\n`) + changeLines(r.changes, rc.lang) + '\n';
}

export function renderVoid(r: VoidResult, rc: RenderContext): string {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const zh = rc.lang === 'zh';
  if (r.visit) {
    return zh
      ? `已作废 ${r.code} 第 ${r.visit.seq} 次拜访（${timeText(r.visit.visited_at)} ${r.visit.handler}：${r.visit.summary}）。编号保留，不再使用。\n`
      : `Voided visit ${r.visit.seq} of ${r.code} (${timeText(r.visit.visited_at)} ${r.visit.handler}: ${r.visit.summary}). Its number stays taken.\n`;
  }
  const o = r.order!;
  let out = zh
    ? `已作废订货 #${o.id}：${r.former_code} ${o.date} ${yuanText(o.amount_fen)}。\n`
    : `Voided order #${o.id}: ${r.former_code} ${o.date} ${yuanText(o.amount_fen)}.\n`;
  const b = r.before!;
  const a = r.after!;
  const line = (key: string, x: unknown, y: unknown): string => (x === y ? '' : `  ${label(key, rc.lang)}${colon(rc.lang)}${valueText(key, x, rc.lang)} → ${valueText(key, y, rc.lang)}\n`);
  out += line('status', b.status, a.status) + line('cooperating_since', b.cooperating_since, a.cooperating_since) + line('last_order_date', b.last_order_date, a.last_order_date) + line('lost_date', b.lost_date, a.lost_date);
  if (r.code !== r.former_code) out += zh ? `  客户代码：${r.former_code} → ${r.code}\n` : `  Code: ${r.former_code} → ${r.code}\n`;
  return out;
}

const ACTIONS: Record<string, { zh: string; en: string }> = {
  create: { zh: '新建', en: 'created' },
  edit: { zh: '修改', en: 'edited' },
  remove: { zh: '删除', en: 'removed' },
  void: { zh: '作废', en: 'voided' },
  move: { zh: '改代码', en: 'code moved' },
  reassign: { zh: '移交', en: 'reassigned' },
  status: { zh: '状态', en: 'status' },
  grade: { zh: '等级', en: 'grade' },
  role: { zh: '角色', en: 'roles' },
  deactivate: { zh: '停用', en: 'deactivated' },
  purge: { zh: '清除', en: 'purged' },
  grant: { zh: '授权查阅', en: 'access granted' },
  revoke: { zh: '收回查阅', en: 'access revoked' },
};
const ENTITIES: Record<string, { zh: string; en: string }> = {
  customer: { zh: '客户', en: 'customer' },
  contact: { zh: '联系人', en: 'contact' },
  visit: { zh: '拜访', en: 'visit' },
  order: { zh: '订货', en: 'order' },
  user: { zh: '用户', en: 'user' },
};

export function logColumns(lang: Lang): Column<LogEntry>[] {
  const zh = lang === 'zh';
  return [
    { key: 'date', header: zh ? '日期' : 'Date' },
    { key: 'operator', priority: 2, header: zh ? '操作人' : 'By' },
    { key: 'code', header: zh ? '客户' : 'Customer', cell: (e) => e.code ?? '' },
    {
      key: 'action',
      priority: 1,
      header: zh ? '操作' : 'What',
      cell: (e) => `${ENTITIES[e.entity]?.[lang] ?? e.entity}${e.key && e.entity !== 'customer' ? ` #${e.key}` : ''} ${ACTIONS[e.action]?.[lang] ?? e.action}`,
    },
    {
      key: 'change',
      header: zh ? '内容' : 'Change',
      cell: (e) => {
        const what = e.field
          ? `${label(e.field, lang)}${colon(lang)}${valueText(e.field, e.old, lang)} → ${valueText(e.field, e.new, lang)}`
          : snapshotText(e.action === 'remove' || e.action === 'void' || e.action === 'purge' ? e.old : e.new, lang, e.entity);
        return e.reason ? `${what}${zh ? `（${e.reason}）` : ` (${e.reason})`}` : what;
      },
    },
  ];
}

/** A create, remove or void entry's snapshot in words: each field by its label; other text as it is. */
function snapshotText(v: string | null, lang: Lang, entity: string): string {
  if (v === null || !v.startsWith('{')) return v ?? '';
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(v) as Record<string, unknown>;
  } catch {
    return v;
  }
  return Object.entries(o)
    .filter(([k, x]) => !((k === 'is_decision_maker' || k === 'is_insider') && x === 0))
    .map(([k, x]) => (k === 'amount_fen' && typeof x === 'number' ? yuanText(x) : k === 'roles' && Array.isArray(x) ? x.join(lang === 'zh' ? '、' : ', ') : `${snapshotLabel(k, lang, entity)} ${snapshotValue(k, x, lang)}`))
    .join(lang === 'zh' ? '，' : ', ');
}

/** The fields of a visit's or order's snapshot, which the archive's labels do not name; a person's name is 姓名. */
const SNAPSHOT_LABELS: Record<string, { zh: string; en: string }> = {
  visited_at: { zh: '时间', en: 'at' },
  method: { zh: '方式', en: 'by' },
  handler: { zh: '经办人', en: 'handled by' },
  handler_role: { zh: '角色', en: 'as' },
  summary: { zh: '内容', en: 'summary' },
  key_point: { zh: '关键点', en: 'key point' },
  next_step: { zh: '下一步', en: 'next step' },
  next_date: { zh: '下次联系', en: 'next contact' },
  seq: { zh: '序号', en: 'no.' },
  note: { zh: '备注', en: 'note' },
  department: { zh: '部门', en: 'department' },
};

function snapshotLabel(k: string, lang: Lang, entity: string): string {
  if (k === 'name' && (entity === 'contact' || entity === 'user')) return lang === 'zh' ? '姓名' : 'name';
  return SNAPSHOT_LABELS[k]?.[lang] ?? label(k, lang);
}

function snapshotValue(k: string, x: unknown, lang: Lang): string {
  if (typeof x === 'string' && (k === 'visited_at' || k.endsWith('_at'))) return timeText(x);
  if (typeof x === 'string' && k === 'method') return enumLabel(VISIT_METHODS, x as VisitMethod, lang);
  if (typeof x === 'string' && k === 'handler_role') return enumLabel(ROLES, x as Role, lang);
  return valueText(k, x, lang);
}

export function logCsvColumns(): Column<LogEntry>[] {
  return (['id', 'recorded_at', 'date', 'operator', 'code', 'entity', 'key', 'action', 'field', 'old', 'new', 'reason'] as const).map((key) => ({ key }));
}
