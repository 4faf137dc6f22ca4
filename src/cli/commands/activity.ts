// kehu log-visit, history, due, log-order, set-status: the contact log, orders and the status lifecycle.

import type { Command } from 'commander';
import type { DueEntry } from '../../app/due.js';
import type { HistoryEntry, HistoryResult, HistoryStream } from '../../app/history.js';
import type { VisitInput, VisitWarning } from '../../app/logVisit.js';
import { enumLabel, type Lang, REASON_CATEGORIES, type ReasonCategory, ROLES, type Role, type Status, VISIT_METHODS, type VisitMethod } from '../../core/enums.js';
import { appContext, commonOf, isInteractive, langOf, renderContext, withCommon } from '../common.js';
import { writeErr, writeOut } from '../io.js';
import { emitReport, withOut } from '../reportOut.js';
import { type Column, type Palette, type RenderContext, renderRows } from '../output.js';
import { label } from '../i18n.js';
import { yuanText, yuanTextOfYuan } from '../../core/money.js';
import { causeText, colon, statusText, timelineWarningsText, valueText } from '../views.js';
import { timeText } from '../../core/dates.js';

function methodText(m: string | null, lang: Lang): string {
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
    const { due } = await import('../../app/due.js');
    const rows = due(await appContext(common), o);
    if (common.out !== undefined) {
      await emitReport(common, common.out, (rc) => renderDue(rows, rc));
      return;
    }
    // Sorted by days overdue, which the rules compute (not SQL), so the entries are collected; the text is written as it is made.
    const rc = await renderContext(common);
    const { writeRows } = await import('../stream.js');
    await writeRows(rows, dueColumns(rc), rc);
  });
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
