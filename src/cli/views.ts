// How customers and users look in each format: the columns of listings and the sections of `show`.

import type { CustomerView } from '../app/customers.js';
import type { SearchHit, SearchResult, SearchStream } from '../app/search.js';
import type { RecentVisit, ShowResult } from '../app/showCustomer.js';
import type { TimelineWarning } from '../app/timeline.js';
import { CUSTOMER_TYPES, enumLabel, GRADES, type Grade, INSIDER_STAGES, type Lang, REASON_CATEGORIES, type ReasonCategory, type Role, ROLES, SOURCES, STAGES, type Stage, STATUSES, type Status, VISIT_METHODS } from '../core/enums.js';
import { DEFAULT_TIME_ZONE, timeText } from '../core/dates.js';
import { groupThousands, yuanTextOfYuan } from '../core/money.js';
import type { UserRow } from '../store/users.js';
import { label, t } from './i18n.js';
import { type Column, type RenderContext, renderRows, toCsv, toMarkdown, toRecordTable, toTable } from './output.js';
import { writeRows } from './stream.js';

export function gradeText(g: Grade, lang: Lang): string {
  return `${g} ${enumLabel(GRADES, g, lang)}`;
}

export function rolesText(roles: readonly Role[], lang: Lang): string {
  return roles.map((r) => enumLabel(ROLES, r, lang)).join(lang === 'zh' ? '、' : ', ');
}

export function statusText(s: Status, lang: Lang): string {
  return `${s} ${enumLabel(STATUSES, s, lang)}`;
}
export function stageText(n: number | null, lang: Lang): string {
  return n === null ? '' : `${n} ${enumLabel(STAGES, String(n) as Stage, lang)}`;
}

function place(c: CustomerView): string {
  if (c.country !== 'CN') return [c.country, c.city].filter(Boolean).join(' ');
  return [c.province_name, c.city, c.district].filter(Boolean).join(' ');
}

export function customerColumns(lang: Lang): Column<CustomerView>[] {
  return [
    { key: 'code' },
    { key: 'name' },
    // On a narrow terminal the columns the code already tells (grade, status, region) go first (README "Tables on a terminal").
    { key: 'grade', cell: (c) => gradeText(c.grade, lang), priority: 2 },
    { key: 'status', cell: (c) => statusText(c.status, lang), priority: 3 },
    { key: 'city', header: lang === 'zh' ? '地区' : 'Region', cell: place, priority: 5 },
    { key: 'owner', priority: 6 },
    { key: 'stage', cell: (c) => stageText(c.stage, lang), priority: 4 },
    { key: 'created_on', priority: 1 },
  ];
}

/** CSV keeps stored values (for scripts and re-import); tables and Markdown show labels. */
export function customerCsvColumns(): Column<CustomerView>[] {
  return (['code', 'name', 'grade', 'status', 'country', 'province', 'city', 'district', 'owner', 'type', 'source', 'stage', 'created_on'] as const).map(
    (key) => ({ key }),
  );
}

export async function renderCustomerList(rows: CustomerView[], rc: RenderContext): Promise<string> {
  const cols = rc.format === 'csv' ? customerCsvColumns() : customerColumns(rc.lang);
  const body = await renderRows(rows, cols, rc);
  if (rc.format === 'table') return body + `${rc.pal.dim(t('count', rc.lang, { n: rows.length }))}\n`;
  return body;
}

/** The customer list written as it is read (kehu list): the same text as renderCustomerList. */
export async function writeCustomerList(rows: Iterable<CustomerView>, rc: RenderContext, out?: NodeJS.WritableStream): Promise<number> {
  const cols = rc.format === 'csv' ? customerCsvColumns() : customerColumns(rc.lang);
  return writeRows(rows, cols, rc, { out, footer: (n) => `${rc.pal.dim(t('count', rc.lang, { n }))}\n` });
}

const ARCHIVE_FIELDS: (keyof CustomerView)[] = [
  'code', 'record_no', 'name', 'grade', 'status', 'province_name', 'city', 'district', 'foreign_region', 'address', 'postcode',
  'phone', 'fax', 'website', 'email', 'legal_rep', 'registered_capital', 'industry', 'nature', 'type', 'credit_rating',
  'supplier_structure', 'source', 'main_products', 'years_in_business', 'owner', 'stage', 'cooperating_since',
  'last_order_date', 'lost_date', 'visit_count', 'notes', 'created_on', 'created_by',
];

function fieldText(c: CustomerView, f: keyof CustomerView, lang: Lang): string {
  const v = c[f];
  if (v === null || v === undefined) return '';
  switch (f) {
    case 'grade': return gradeText(c.grade, lang);
    case 'status': return statusText(c.status, lang);
    case 'type': return enumLabel(CUSTOMER_TYPES, v as never, lang);
    case 'source': return enumLabel(SOURCES, v as never, lang);
    case 'stage': return stageText(c.stage, lang);
    default: return String(v);
  }
}

const PROFILE_FIELDS = ['wechat', 'native_place', 'age', 'interests', 'years_at_company', 'authority', 'personality', 'working_style', 'family', 'notes'] as const;

type ShowLike = Pick<ShowResult, 'customer' | 'contacts'> &
  Partial<Pick<ShowResult, 'code_history' | 'status_history' | 'grade_history' | 'materials_to_send' | 'recent_visits' | 'recent_orders' | 'totals' | 'salvage_plans'>>;

const CAUSES: Record<string, { zh: string; en: string }> = {
  created: { zh: '建档', en: 'created' },
  opening: { zh: '建档时所报状态', en: 'as entered' },
  first_order: { zh: '首次订货', en: 'first order' },
  win_back: { zh: '重新订货，挽回', en: 'won back by an order' },
  auto_loss: { zh: '六个月未订货', en: 'no order for 6 months' },
  decision: { zh: '决定', en: 'decision' },
  vip_unconfirmed: { zh: '正式VIP须总经理确认', en: 'a formal VIP needs the general manager' },
};

/** What caused a status or grade change, in words. */
export function causeText(cause: string | null, lang: Lang): string {
  return cause === null ? '' : (CAUSES[cause]?.[lang] ?? cause);
}

/** What a write did to facts recorded before it, in words: orders now dated while invalid, decisions the table does not list. */
export function timelineWarningsText(code: string, warnings: readonly TimelineWarning[], lang: Lang): string {
  const zh = lang === 'zh';
  return warnings
    .map((w) =>
      w.kind === 'order_on_invalid'
        ? zh
          ? `注意：${code} 于 ${w.date} 的订货现落在无效期（自 ${w.invalid_since} 起），不改变状态；请核对，或记录重新评估（set-status b）。`
          : `Note: the order of ${w.date} of ${code} now falls while it is invalid (since ${w.invalid_since}) and changes nothing; check it, or record the re-qualification (set-status b).`
        : zh
          ? `注意：${code} 于 ${w.date} 的决定现为 ${w.from} → ${w.to}（状态表未列出），该决定仍然有效；请核对。`
          : `Note: the decision of ${w.date} of ${code} is now ${w.from} → ${w.to}, a change the table does not list; it stands. Check it.`,
    )
    .join('\n');
}

function reasonText(category: string | null, lang: Lang): string {
  return category === null ? '' : enumLabel(REASON_CATEGORIES, category as ReasonCategory, lang);
}

/** The words of `show`'s sections that the field labels do not have. */
const SHOW_WORDS = {
  person: { zh: '姓名', en: 'Name' },
  field: { zh: '项目', en: 'Field' },
  value: { zh: '内容', en: 'Value' },
  recentVisits: { zh: '最近拜访', en: 'Recent visits' },
  recentOrders: { zh: '最近订货', en: 'Recent orders' },
  visit: { zh: '拜访', en: 'Visit' },
  when: { zh: '时间', en: 'When' },
  handler: { zh: '经办人', en: 'By' },
  what: { zh: '内容', en: 'What' },
  order: { zh: '订单', en: 'Order' },
  amount: { zh: '金额', en: 'Amount' },
  note: { zh: '备注', en: 'Note' },
  none: { zh: '无', en: 'none' },
} as const;

const w = (k: keyof typeof SHOW_WORDS, lang: Lang): string => SHOW_WORDS[k][lang];

/** How many salvage plans `show` lists, as many as visits and orders (app/showCustomer SHOW_RECENT; not imported, to keep the store out of views). */
const RECENT_PLANS = 5;

/** How many there are in all, after a section's title: `（共 23 条）`, ` (23 visits)`; `extra` adds a figure (the orders' total). */
export function totalText(total: number, unit: { zh: string; en: string }, lang: Lang, extra = ''): string {
  return lang === 'zh' ? `（共 ${groupThousands(total)} ${unit.zh}${extra ? `，${extra}` : ''}）` : ` (${groupThousands(total)} ${unit.en}${extra ? `, ${extra}` : ''})`;
}

/**
 * Where to see them all when a section lists only some, a line under its table (on a line of its own so
 * that the title fits 80 columns): `（kehu history Aa-粤GZ0001 --kind visit 查看全部）`; '' when all are listed.
 */
export function moreText(total: number, shown: number, command: string, lang: Lang): string {
  if (total <= shown) return '';
  return lang === 'zh' ? `（${command} 查看全部）` : `(see them all: ${command})`;
}

/** A visit in one cell: method, contact and what happened, then its key point, next step and materials on their own lines. */
function visitText(v: RecentVisit, lang: Lang): string {
  const zh = lang === 'zh';
  const method = enumLabel(VISIT_METHODS, v.method, lang);
  return [
    `${method}${v.contact ? ` ${v.contact}` : ''}${colon(lang)}${v.summary}`,
    v.key_point ? `${zh ? '关键点' : 'Key point'}${colon(lang)}${v.key_point}` : '',
    v.next_step ? `${zh ? '下一步' : 'Next'}${colon(lang)}${v.next_step}` : '',
    v.next_date ? `${zh ? '下次联系' : 'Next contact'}${colon(lang)}${v.next_date}` : '',
    v.materials ? `${zh ? '索取资料' : 'Materials'}${colon(lang)}${v.materials}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** One customer: JSON is the customer object with its contacts, latest visits and orders, and histories; text formats are sections. */
export async function renderCustomer(r: ShowLike, rc: RenderContext, { brief = false, all = false } = {}): Promise<string> {
  const { customer: c, lang } = { customer: r.customer, lang: rc.lang };
  const zh = lang === 'zh';
  if (rc.format === 'json') {
    const obj: Record<string, unknown> = { ...c, contacts: r.contacts };
    if (!brief) {
      obj.recent_visits = r.recent_visits ?? [];
      obj.recent_orders = r.recent_orders ?? [];
      obj.totals = r.totals ?? { visits: 0, orders: 0, order_amount: 0, salvage_plans: (r.salvage_plans ?? []).length };
      obj.code_history = r.code_history ?? [];
      obj.status_history = r.status_history ?? [];
      obj.grade_history = r.grade_history ?? [];
      obj.salvage_plans = r.salvage_plans ?? [];
      obj.materials_to_send = r.materials_to_send ?? [];
    }
    return JSON.stringify(obj, null, 2) + '\n';
  }
  const zone = rc.zone ?? DEFAULT_TIME_ZONE;
  // Empty fields are left out unless --all asks for every field.
  const pairs = ARCHIVE_FIELDS.filter((f) => (all || (c[f] !== null && c[f] !== '')) && !(f === 'visit_count' && brief)).map(
    (f) => [label(f, lang), fieldText(c, f, lang)] as const,
  );
  if (rc.format === 'csv') {
    return toCsv(['field', 'value'], ARCHIVE_FIELDS.map((f) => [f, c[f] === null ? '' : String(c[f])]));
  }
  const contactHead = ['#', w('person', lang), ...['title', 'mobile', 'phone', 'email', 'decision_maker', 'insider', 'birthday'].map((k) => label(k, lang))];
  const contactBody = r.contacts.map((x) => [
    String(x.id), x.name, x.title ?? '', x.mobile ?? '', x.phone ?? '', x.email ?? '', x.decision_maker ? t('yes', lang) : '',
    x.insider ? `${t('yes', lang)}${x.insider_stage ? ` ${enumLabel(INSIDER_STAGES, String(x.insider_stage) as never, lang)}` : ''}` : '', x.birthday ?? '',
  ]);
  // The insider's and the key decision maker's profile (seeds 000, 001): one record per contact that has one.
  const profiles = r.contacts
    .map((x) => ({ x, pairs: PROFILE_FIELDS.filter((f) => x[f] !== null && x[f] !== '').map((f) => [label(f, lang), String(x[f])] as const) }))
    .filter((p) => p.pairs.length > 0);
  const totals = r.totals ?? { visits: (r.recent_visits ?? []).length, orders: (r.recent_orders ?? []).length, order_amount: 0, salvage_plans: (r.salvage_plans ?? []).length };
  const visits = r.recent_visits ?? [];
  const visitsTitle = w('recentVisits', lang) + totalText(totals.visits, { zh: '条', en: totals.visits === 1 ? 'visit' : 'visits' }, lang);
  const visitsMore = moreText(totals.visits, visits.length, `kehu history ${c.code} --kind visit`, lang);
  const visitHead = [w('visit', lang), w('when', lang), w('handler', lang), w('what', lang)];
  const visitBody = visits.map((v) => [`#${v.seq}`, timeText(v.visited_at, zone), v.handler_role ? `${v.handler}${zh ? '（' : ' ('}${enumLabel(ROLES, v.handler_role as Role, lang) || v.handler_role}${zh ? '）' : ')'}` : v.handler, visitText(v, lang)]);
  const orders = r.recent_orders ?? [];
  const sum = zh ? `合计 ${yuanTextOfYuan(totals.order_amount)}` : `${yuanTextOfYuan(totals.order_amount)} in all`;
  const ordersTitle = w('recentOrders', lang) + totalText(totals.orders, { zh: '笔', en: totals.orders === 1 ? 'order' : 'orders' }, lang, sum);
  const ordersMore = moreText(totals.orders, orders.length, `kehu history ${c.code} --kind order`, lang);
  const orderHead = [w('order', lang), label('date', lang), w('amount', lang), w('note', lang), w('handler', lang)];
  const orderBody = orders.map((o) => [`#${o.id}`, o.date, yuanTextOfYuan(o.amount), o.note ?? '', o.recorded_by]);
  // Salvage plans newest first; the section is shown when there are some or the customer is lost.
  const plans = [...(r.salvage_plans ?? [])].reverse().slice(0, RECENT_PLANS);
  const showPlans = plans.length > 0 || c.status === 'c';
  const salvageTitle = t('salvage', lang) + totalText(totals.salvage_plans, { zh: '份', en: totals.salvage_plans === 1 ? 'plan' : 'plans' }, lang);
  const salvageMore = moreText(totals.salvage_plans, plans.length, `kehu show ${c.code} --json`, lang);
  const codeHead = ['code', 'valid_from', 'valid_to'].map((k) => label(k, lang));
  const codeBody = (r.code_history ?? []).map((h) => [h.code, h.valid_from, h.valid_to ?? '']);
  const statusHead = ['date', 'from_status', 'to_status', 'cause', 'reason_category', 'reason', 'operator'].map((k) => label(k, lang));
  const statusBody = (r.status_history ?? []).map((h) => [
    h.date,
    h.from_status ? statusText(h.from_status, lang) : '',
    statusText(h.to_status, lang),
    causeText(h.cause, lang),
    reasonText(h.reason_category, lang),
    h.reason ?? '',
    h.operator,
  ]);
  const gradeHead = ['date', 'from_grade', 'to_grade', 'cause', 'reason', 'operator'].map((k) => label(k, lang));
  const gradeBody = (r.grade_history ?? []).map((h) => [h.date, h.from_grade ? gradeText(h.from_grade as Grade, lang) : '', gradeText(h.to_grade as Grade, lang), causeText(h.cause, lang), h.reason ?? '', h.operator]);
  const salvageHead = ['date', 'operator', 'plan'].map((k) => label(k, lang));
  const salvageBody = plans.map((p) => [p.date, p.author, p.plan]);
  const materialsTitle = zh ? '待寄资料（24 小时内寄出）' : 'Materials to send (within 24 hours)';
  const materialsHead = zh ? ['拜访', '时间', '经办人', '资料', '应寄出'] : ['Visit', 'When', 'By', 'Materials', 'Due'];
  const materialsBody = (r.materials_to_send ?? []).map((m) => [`#${m.seq}`, timeText(m.visited_at, zone), m.handler, m.materials, timeText(m.due_at, zone)]);
  const none = `${colon(lang)}${w('none', lang)}`;
  if (rc.format === 'md') {
    const recordHead = [w('field', lang), w('value', lang)];
    let out = `## ${c.name} ${c.code}\n\n${toMarkdown(recordHead, pairs.map(([k, v]) => [k, v]))}`;
    if (r.contacts.length) out += `\n### ${t('contacts', lang)}\n\n${toMarkdown(contactHead, contactBody)}`;
    for (const p of profiles) out += `\n#### #${p.x.id} ${p.x.name}\n\n${toMarkdown(recordHead, p.pairs.map(([k, v]) => [k, v]))}`;
    if (!brief) {
      const more = (m: string): string => (m ? `\n${m}\n` : '');
      out += visitBody.length ? `\n### ${visitsTitle}\n\n${toMarkdown(visitHead, visitBody)}${more(visitsMore)}` : `\n${w('recentVisits', lang)}${none}\n`;
      out += orderBody.length ? `\n### ${ordersTitle}\n\n${toMarkdown(orderHead, orderBody)}${more(ordersMore)}` : `\n${w('recentOrders', lang)}${none}\n`;
      if (showPlans) out += salvageBody.length ? `\n### ${salvageTitle}\n\n${toMarkdown(salvageHead, salvageBody)}${more(salvageMore)}` : `\n${t('salvage', lang)}${none}\n`;
      out += `\n### ${t('codeHistory', lang)}\n\n${toMarkdown(codeHead, codeBody)}`;
      out += `\n### ${t('statusHistory', lang)}\n\n${toMarkdown(statusHead, statusBody)}`;
      if (gradeBody.length) out += `\n### ${t('gradeHistory', lang)}\n\n${toMarkdown(gradeHead, gradeBody)}`;
      if (materialsBody.length) out += `\n### ${materialsTitle}\n\n${toMarkdown(materialsHead, materialsBody)}`;
    }
    return out;
  }
  const pal = rc.pal;
  let out = `${pal.bold(brief ? `${t('customerAdded', lang)}: ${pal.green(c.code)} ${c.name}` : `${t('archive', lang)}: ${c.code} ${c.name}`)}\n`;
  out += await toRecordTable(pairs, pal);
  if (r.contacts.length) out += `${pal.bold(t('contacts', lang))}\n${await toTable(contactHead, contactBody, pal, { priority: [undefined, undefined, 5, 8, 6, 4, 7, 3, 2] })}`;
  for (const p of profiles) out += `${pal.bold(`#${p.x.id} ${p.x.name}`)}\n${await toRecordTable(p.pairs, pal)}`;
  if (!brief) {
    const more = (m: string): string => (m ? `${pal.dim(m)}\n` : '');
    out += visitBody.length ? `${pal.bold(visitsTitle)}\n${await toTable(visitHead, visitBody, pal, { priority: [undefined, undefined, 1, 2] })}${more(visitsMore)}` : `${pal.bold(w('recentVisits', lang))}${none}\n`;
    out += orderBody.length ? `${pal.bold(ordersTitle)}\n${await toTable(orderHead, orderBody, pal, { priority: [undefined, undefined, undefined, 2, 1] })}${more(ordersMore)}` : `${pal.bold(w('recentOrders', lang))}${none}\n`;
    if (showPlans) out += salvageBody.length ? `${pal.bold(salvageTitle)}\n${await toTable(salvageHead, salvageBody, pal, { priority: [undefined, 1, undefined] })}${more(salvageMore)}` : `${pal.bold(t('salvage', lang))}${none}\n`;
    out += `${pal.bold(t('codeHistory', lang))}\n${await toTable(codeHead, codeBody, pal)}`;
    out += `${pal.bold(t('statusHistory', lang))}\n${await toTable(statusHead, statusBody, pal, { priority: [undefined, 3, undefined, 4, 5, 2, 1] })}`;
    if (gradeBody.length) out += `${pal.bold(t('gradeHistory', lang))}\n${await toTable(gradeHead, gradeBody, pal, { priority: [undefined, 3, undefined, 4, 2, 1] })}`;
    if (materialsBody.length) out += `${pal.bold(materialsTitle)}\n${await toTable(materialsHead, materialsBody, pal, { priority: [undefined, 2, 1, undefined, 3] })}`;
  }
  return out;
}

/** Users as people read them: roles by label, when each was added on the business zone's clock (`2026-11-30 02:37`). */
export function userColumns(lang: Lang, zone: string = DEFAULT_TIME_ZONE): Column<UserRow>[] {
  return [
    { key: 'name', header: lang === 'zh' ? '用户' : 'User' },
    { key: 'roles', priority: 3, cell: (u) => u.roles.map((r) => enumLabel(ROLES, r, lang)).join(lang === 'zh' ? '、' : ', ') },
    { key: 'created_at', priority: 1, cell: (u) => timeText(u.created_at, zone) },
    { key: 'deactivated_on', priority: 2, header: lang === 'zh' ? '停用' : 'Deactivated', cell: (u) => (u.deactivated_on === null ? '' : `${lang === 'zh' ? '已停用' : 'deactivated'} ${u.deactivated_on}`) },
  ];
}

export async function renderUsers(rows: UserRow[], rc: RenderContext): Promise<string> {
  const cols: Column<UserRow>[] =
    rc.format === 'csv' ? [{ key: 'name' }, { key: 'roles', cell: (u) => u.roles.join(';') }, { key: 'created_at' }, { key: 'deactivated_on' }] : userColumns(rc.lang, rc.zone);
  return renderRows(rows, cols, rc);
}

/** The field a search hit was found by and how, in words: 单位名称（包含）, Name (contains). */
export function matchedText(h: Pick<SearchHit, 'matched_field' | 'match'>, lang: Lang): string {
  return lang === 'zh' ? `${label(h.matched_field, lang)}（${t(h.match, lang)}）` : `${label(h.matched_field, lang)} (${t(h.match, lang)})`;
}

/** A contact's number or e-mail is shown with whose it is. */
function matchedValue(h: SearchHit, lang: Lang): string {
  return h.contact === null || h.matched_field === 'contact' ? h.matched_value : `${h.contact}${lang === 'zh' ? '：' : ': '}${h.matched_value}`;
}

/** Search hits: JSON is the documented array; CSV keeps stored values; tables say when none or more matched. */
export async function renderSearch(r: SearchResult, rc: RenderContext): Promise<string> {
  const lang = rc.lang;
  if (rc.format === 'table' && r.hits.length === 0) return `${t('searchNone', lang, { text: r.text })}\n`;
  const body = await renderRows(r.hits, searchColumns(rc), rc);
  if (rc.format !== 'table') return body;
  return body + `${rc.pal.dim(r.more ? t('searchMore', lang, { n: r.hits.length }) : t('count', lang, { n: r.hits.length }))}\n`;
}

/** Search hits written as they are found (JSON, CSV, Markdown): the same text as renderSearch. */
export async function writeSearch(r: SearchStream, rc: RenderContext, out?: NodeJS.WritableStream): Promise<void> {
  await writeRows(r.hits, searchColumns(rc), rc, { out });
}

function searchColumns(rc: RenderContext): Column<SearchHit>[] {
  const lang = rc.lang;
  return rc.format === 'csv'
      ? (['code', 'name', 'grade', 'status', 'owner', 'matched_field', 'matched_value', 'match', 'contact'] as const).map((key) => ({ key }))
    : [
        { key: 'code' },
        { key: 'name' },
        { key: 'grade', cell: (h) => gradeText(h.grade as Grade, lang), priority: 1 },
        { key: 'status', cell: (h) => statusText(h.status as Status, lang), priority: 2 },
        { key: 'owner', priority: 3 },
        { key: 'matched_field', cell: (h) => matchedText(h, lang), priority: 4 },
        { key: 'matched_value', cell: (h) => matchedValue(h, lang), priority: 5 },
      ];
}

/** The colon after a label: full-width in Chinese text. */
export const colon = (lang: Lang): string => (lang === 'zh' ? '：' : ': ');

/**
 * A logged, edited or voided value in words (kehu edit, contact, void, log, history): enum fields by their
 * label, flags as yes/no, no value as a dash. A contact's field may come as `contact.FIELD`.
 */
export function valueText(field: string | null, v: unknown, lang: Lang): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  switch (field?.replace(/^contact\./, '') ?? '') {
    case 'status': return statusText(s as Status, lang);
    case 'type': return enumLabel(CUSTOMER_TYPES, s as never, lang);
    case 'source': return enumLabel(SOURCES, s as never, lang);
    case 'stage': return enumLabel(STAGES, s as never, lang);
    case 'insider_stage': return enumLabel(INSIDER_STAGES, s as never, lang);
    case 'is_decision_maker':
    case 'is_insider': return t(s === '1' ? 'yes' : 'no', lang);
    // A purge's rows per table: `visits 3, orders 2`.
    case 'rows':
    case 'personal_data':
      return typeof v === 'object' ? Object.entries(v as Record<string, unknown>).map(([k, n]) => `${k} ${String(n)}`).join(lang === 'zh' ? '，' : ', ') : s;
    default: return s;
  }
}
