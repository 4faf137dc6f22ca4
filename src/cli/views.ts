// How customers and users look in each format: the columns of listings and the sections of `show`.

import type { CustomerView } from '../app/customers.js';
import type { SearchHit, SearchResult, SearchStream } from '../app/search.js';
import type { ShowResult } from '../app/showCustomer.js';
import type { TimelineWarning } from '../app/timeline.js';
import { CUSTOMER_TYPES, enumLabel, GRADES, type Grade, INSIDER_STAGES, type Lang, REASON_CATEGORIES, type ReasonCategory, type Role, ROLES, SOURCES, STAGES, type Stage, STATUSES, type Status } from '../core/enums.js';
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
    { key: 'grade', cell: (c) => gradeText(c.grade, lang) },
    { key: 'status', cell: (c) => statusText(c.status, lang) },
    { key: 'city', header: lang === 'zh' ? '地区' : 'Region', cell: place },
    { key: 'owner' },
    { key: 'stage', cell: (c) => stageText(c.stage, lang) },
    { key: 'created_on' },
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
  Partial<Pick<ShowResult, 'code_history' | 'status_history' | 'grade_history' | 'materials_to_send'>> & { salvage_plans?: { plan: string; author: string; date: string }[] };

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

/** One customer: JSON is the customer object with its contacts and histories; text formats are sections. */
export async function renderCustomer(r: ShowLike, rc: RenderContext, { brief = false } = {}): Promise<string> {
  const { customer: c, lang } = { customer: r.customer, lang: rc.lang };
  if (rc.format === 'json') {
    const obj: Record<string, unknown> = { ...c, contacts: r.contacts };
    if (!brief) {
      obj.code_history = r.code_history ?? [];
      obj.status_history = r.status_history ?? [];
      obj.grade_history = r.grade_history ?? [];
      obj.salvage_plans = r.salvage_plans ?? [];
      obj.materials_to_send = r.materials_to_send ?? [];
    }
    return JSON.stringify(obj, null, 2) + '\n';
  }
  const pairs = ARCHIVE_FIELDS.filter((f) => c[f] !== null && c[f] !== '' && !(f === 'visit_count' && brief)).map(
    (f) => [label(f, lang), fieldText(c, f, lang)] as const,
  );
  if (rc.format === 'csv') {
    return toCsv(['field', 'value'], ARCHIVE_FIELDS.map((f) => [f, c[f] === null ? '' : String(c[f])]));
  }
  const contactHead = ['#', 'name', 'title', 'mobile', 'phone', 'email', 'decision_maker', 'insider', 'birthday'].map((k) => label(k, lang));
  const contactBody = r.contacts.map((x) => [
    String(x.id), x.name, x.title ?? '', x.mobile ?? '', x.phone ?? '', x.email ?? '', x.decision_maker ? t('yes', lang) : '',
    x.insider ? `${t('yes', lang)}${x.insider_stage ? ` ${enumLabel(INSIDER_STAGES, String(x.insider_stage) as never, lang)}` : ''}` : '', x.birthday ?? '',
  ]);
  // The insider's and the key decision maker's profile (seeds 000, 001): one record per contact that has one.
  const profiles = r.contacts
    .map((x) => ({ x, pairs: PROFILE_FIELDS.filter((f) => x[f] !== null && x[f] !== '').map((f) => [label(f, lang), String(x[f])] as const) }))
    .filter((p) => p.pairs.length > 0);
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
  const salvageBody = (r.salvage_plans ?? []).map((p) => [p.date, p.author, p.plan]);
  const materialsTitle = lang === 'zh' ? '待寄资料（24 小时内寄出）' : 'Materials to send (within 24 hours)';
  const materialsHead = lang === 'zh' ? ['拜访', '时间', '经办人', '资料', '应寄出'] : ['Visit', 'When', 'By', 'Materials', 'Due'];
  const materialsBody = (r.materials_to_send ?? []).map((m) => [`#${m.seq}`, m.visited_at.replace('T', ' '), m.handler, m.materials, m.due_at.replace('T', ' ')]);
  if (rc.format === 'md') {
    let out = `## ${c.name} ${c.code}\n\n${toMarkdown([label('name', lang), ''], pairs.map(([k, v]) => [k, v]))}`;
    if (r.contacts.length) out += `\n### ${t('contacts', lang)}\n\n${toMarkdown(contactHead, contactBody)}`;
    for (const p of profiles) out += `\n#### #${p.x.id} ${p.x.name}\n\n${toMarkdown([label('name', lang), ''], p.pairs.map(([k, v]) => [k, v]))}`;
    if (!brief) {
      out += `\n### ${t('codeHistory', lang)}\n\n${toMarkdown(codeHead, codeBody)}`;
      out += `\n### ${t('statusHistory', lang)}\n\n${toMarkdown(statusHead, statusBody)}`;
      if (gradeBody.length) out += `\n### ${t('gradeHistory', lang)}\n\n${toMarkdown(gradeHead, gradeBody)}`;
      if (r.salvage_plans?.length) out += `\n### ${t('salvage', lang)}\n\n${toMarkdown(salvageHead, salvageBody)}`;
      if (materialsBody.length) out += `\n### ${materialsTitle}\n\n${toMarkdown(materialsHead, materialsBody)}`;
    }
    return out;
  }
  const pal = rc.pal;
  let out = `${pal.bold(brief ? `${t('customerAdded', lang)}: ${pal.green(c.code)} ${c.name}` : `${t('archive', lang)}: ${c.code} ${c.name}`)}\n`;
  out += await toRecordTable(pairs, pal);
  if (r.contacts.length) out += `${pal.bold(t('contacts', lang))}\n${await toTable(contactHead, contactBody, pal)}`;
  for (const p of profiles) out += `${pal.bold(`#${p.x.id} ${p.x.name}`)}\n${await toRecordTable(p.pairs, pal)}`;
  if (!brief) {
    out += `${pal.bold(t('codeHistory', lang))}\n${await toTable(codeHead, codeBody, pal)}`;
    out += `${pal.bold(t('statusHistory', lang))}\n${await toTable(statusHead, statusBody, pal)}`;
    if (gradeBody.length) out += `${pal.bold(t('gradeHistory', lang))}\n${await toTable(gradeHead, gradeBody, pal)}`;
    if (r.salvage_plans?.length) out += `${pal.bold(t('salvage', lang))}\n${await toTable(salvageHead, salvageBody, pal)}`;
    if (materialsBody.length) out += `${pal.bold(materialsTitle)}\n${await toTable(materialsHead, materialsBody, pal)}`;
  }
  return out;
}

export function userColumns(lang: Lang): Column<UserRow>[] {
  return [
    { key: 'name', header: lang === 'zh' ? '用户' : 'User' },
    { key: 'roles', cell: (u) => u.roles.map((r) => enumLabel(ROLES, r, lang)).join(lang === 'zh' ? '、' : ', ') },
    { key: 'created_at' },
    { key: 'deactivated_on', header: lang === 'zh' ? '停用' : 'Deactivated', cell: (u) => (u.deactivated_on === null ? '' : `${lang === 'zh' ? '已停用' : 'deactivated'} ${u.deactivated_on}`) },
  ];
}

export async function renderUsers(rows: UserRow[], rc: RenderContext): Promise<string> {
  const cols: Column<UserRow>[] =
    rc.format === 'csv' ? [{ key: 'name' }, { key: 'roles', cell: (u) => u.roles.join(';') }, { key: 'created_at' }, { key: 'deactivated_on' }] : userColumns(rc.lang);
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
        { key: 'grade', cell: (h) => gradeText(h.grade as Grade, lang) },
        { key: 'status', cell: (h) => statusText(h.status as Status, lang) },
        { key: 'owner' },
        { key: 'matched_field', cell: (h) => matchedText(h, lang) },
        { key: 'matched_value', cell: (h) => matchedValue(h, lang) },
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
