// The renderers of kehu report follow-up (客户跟进单) and report catalogue (客户检索目录).

import type { CatalogueEntry, CatalogueReport } from '../../app/catalogue.js';
import type { FollowUpCustomer, FollowUpReport } from '../../app/followUpReport.js';
import { CATALOGUE_CATEGORIES, type CatalogueCategory, WHOLE_FILE } from '../../core/catalogue.js';
import { CUSTOMER_TYPES, enumLabel, type Lang, VISIT_METHODS, type VisitMethod } from '../../core/enums.js';
import { type Column, type RenderContext, renderRows, toCsv } from '../output.js';
import { stageText } from '../views.js';
import { timeText } from '../../core/dates.js';

export function placeText(c: { province_name: string | null; city: string | null }): string {
  return [c.province_name, c.city].filter(Boolean).join(' ');
}

function ownerText(owner: string | null, lang: Lang): string {
  return owner ?? (lang === 'zh' ? '（无负责人）' : '(no owner)');
}

export function methodText(m: string, lang: Lang): string {
  return enumLabel(VISIT_METHODS, m as VisitMethod, lang);
}

const FOLLOW_UP_KEYS = [
  'code', 'name', 'region', 'province', 'province_name', 'city', 'owner', 'contacts', 'last_contact_seq', 'last_contact_at', 'last_contact_method',
  'last_contact_handler', 'last_contact_person', 'last_contact_summary', 'last_contact_key_point', 'stage', 'next_step', 'next_date',
] as const;

/** One customer of the follow-up list as indented lines, each field on its own line so it reads at 80 columns. */
function followUpLines(c: FollowUpCustomer, rc: RenderContext): string[] {
  const zh = rc.lang === 'zh';
  const sep = zh ? '：' : ': ';
  const field = (zhLabel: string, enLabel: string, v: string | null): string[] => (v === null || v === '' ? [] : [`      ${zh ? zhLabel : enLabel}${sep}${v}`]);
  const who = c.last_contact_person === null ? c.last_contact_handler : zh ? `${c.last_contact_handler}（联系人 ${c.last_contact_person}）` : `${c.last_contact_handler} (with ${c.last_contact_person})`;
  return [
    `    ${rc.pal.bold(c.code)} ${c.name}  ${zh ? `本周联系 ${c.contacts} 次` : `${c.contacts} contact${c.contacts === 1 ? '' : 's'} this week`}`,
    ...field('最后联系', 'Last contact', `${timeText(c.last_contact_at)} ${methodText(c.last_contact_method, rc.lang)} ${who}${zh ? `（第 ${c.last_contact_seq} 次）` : ` (#${c.last_contact_seq})`}`),
    ...field('具体情况', 'What happened', c.last_contact_summary),
    ...field('关键点', 'Key point', c.last_contact_key_point),
    ...field('开发阶段', 'Stage', stageText(c.stage, rc.lang)),
    ...field('下一步', 'Next step', c.next_step),
    ...field('下次联系', 'Next contact', c.next_date),
  ];
}

/** Groups consecutive customers by region (and city), then by owner: the list is sorted that way. */
function followUpGroups(customers: readonly FollowUpCustomer[]): { region: FollowUpCustomer; owners: { owner: string | null; customers: FollowUpCustomer[] }[] }[] {
  const out: { region: FollowUpCustomer; owners: { owner: string | null; customers: FollowUpCustomer[] }[] }[] = [];
  for (const c of customers) {
    let g = out[out.length - 1];
    if (!g || g.region.region !== c.region || g.region.city !== c.city) out.push((g = { region: c, owners: [] }));
    let o = g.owners[g.owners.length - 1];
    if (!o || o.owner !== c.owner) g.owners.push((o = { owner: c.owner, customers: [] }));
    o.customers.push(c);
  }
  return out;
}

export async function renderFollowUp(r: FollowUpReport, rc: RenderContext): Promise<string> {
  const zh = rc.lang === 'zh';
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (rc.format === 'csv') return toCsv(FOLLOW_UP_KEYS, r.customers.map((c) => FOLLOW_UP_KEYS.map((k) => (c[k] === null ? '' : String(c[k])))));
  const md = rc.format === 'md';
  const title = zh ? `客户跟进单 ${r.week}` : `Customer follow-up list ${r.week}`;
  const period = `${r.start_date} — ${r.end_date}`;
  const summary = zh
    ? `${period}，有效潜在客户 ${r.total} 个${r.owner === null ? '' : `（负责人 ${r.owner}）`}`
    : `${period}: ${r.total} valid potential customer${r.total === 1 ? '' : 's'}${r.owner === null ? '' : ` (owner ${r.owner})`}`;
  const regionRows = r.by_region.map((g) => ({ label: `${placeText(g) || g.region} (${g.region})`, count: g.count }));
  const ownerRows = r.by_owner.map((g) => ({ label: ownerText(g.owner, rc.lang), count: g.count }));
  const countCols = (label: string): Column<{ label: string; count: number }>[] => [
    { key: 'label', header: label },
    { key: 'count', header: zh ? '客户数' : 'Customers' },
  ];
  const head = (s: string): string => (md ? `## ${s}\n\n` : `${rc.pal.bold(s)}\n`);
  const sub = (s: string): string => (md ? `\n### ${s}\n\n` : `\n${rc.pal.bold(s)}\n`);
  let out = head(title) + summary + '\n';
  if (r.total === 0) return out + (zh ? '本周没有联系过的有效潜在客户。\n' : 'No valid potential customer was contacted this week.\n');
  out += sub(zh ? '按地区' : 'By region') + (await renderRows(regionRows, countCols(zh ? '地区' : 'Region'), rc));
  out += sub(zh ? '按负责人' : 'By owner') + (await renderRows(ownerRows, countCols(zh ? '负责人' : 'Owner'), rc));
  const groups = followUpGroups(r.customers);
  if (md) {
    const cols: Column<FollowUpCustomer>[] = [
      { key: 'code', header: zh ? '客户代码' : 'Code' },
      { key: 'name', header: zh ? '单位名称' : 'Name' },
      { key: 'contacts', header: zh ? '本周联系' : 'Contacts' },
      { key: 'last_contact_at', header: zh ? '最后联系' : 'Last contact', cell: (c) => `${timeText(c.last_contact_at)} ${methodText(c.last_contact_method, rc.lang)} ${c.last_contact_handler}` },
      { key: 'last_contact_summary', header: zh ? '具体情况' : 'What happened' },
      { key: 'last_contact_key_point', header: zh ? '关键点' : 'Key point' },
      { key: 'stage', header: zh ? '开发阶段' : 'Stage', cell: (c) => stageText(c.stage, rc.lang) },
      { key: 'next_step', header: zh ? '下一步' : 'Next step' },
      { key: 'next_date', header: zh ? '下次联系' : 'Next contact' },
    ];
    for (const g of groups) {
      out += `\n### ${placeText(g.region) || g.region.region} (${g.region.region})\n`;
      for (const o of g.owners) out += `\n#### ${zh ? '负责人' : 'Owner'}：${ownerText(o.owner, rc.lang)}\n\n` + (await renderRows(o.customers, cols, rc));
    }
    return out;
  }
  for (const g of groups) {
    out += `\n${rc.pal.bold(`${placeText(g.region) || g.region.region} (${g.region.region})`)}\n`;
    for (const o of g.owners) {
      out += `  ${zh ? '负责人：' : 'Owner: '}${ownerText(o.owner, rc.lang)}\n`;
      for (const c of o.customers) out += followUpLines(c, rc).join('\n') + '\n';
    }
  }
  return out;
}

export function categoryName(category: CatalogueCategory | 'all', lang: Lang): string {
  if (category === 'all') return WHOLE_FILE[lang];
  return CATALOGUE_CATEGORIES.find((c) => c.key === category)![lang];
}

const CATALOGUE_KEYS = ['category', 'code', 'name', 'grade', 'status', 'province', 'province_name', 'city', 'type', 'owner', 'phone', 'contact', 'contact_phone'] as const;

export async function renderCatalogue(r: CatalogueReport, rc: RenderContext): Promise<string> {
  const zh = rc.lang === 'zh';
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (rc.format === 'csv') {
    const head = [...CATALOGUE_KEYS.slice(0, 1), 'category_name', ...CATALOGUE_KEYS.slice(1)];
    return toCsv(head, r.customers.map((c) => [c.category, categoryName(c.category, rc.lang), ...CATALOGUE_KEYS.slice(1).map((k) => (c[k] === null ? '' : String(c[k])))]));
  }
  const md = rc.format === 'md';
  const title = zh ? `客户检索目录 ${r.month}` : `Customer catalogue ${r.month}`;
  const summary = zh ? `截至 ${r.date}，客户总档 ${r.total} 个` : `As of ${r.date}: ${r.total} customer${r.total === 1 ? '' : 's'} in the whole file`;
  const countRows = [{ label: categoryName('all', rc.lang), count: r.total }, ...r.counts.map((c) => ({ label: categoryName(c.category, rc.lang), count: c.count }))];
  let out = (md ? `## ${title}\n\n` : `${rc.pal.bold(title)}\n`) + summary + '\n\n';
  out += await renderRows(countRows, [{ key: 'label', header: zh ? '类别' : 'Category' }, { key: 'count', header: zh ? '客户数' : 'Customers' }], rc);
  const cols: Column<CatalogueEntry>[] = [
    { key: 'code', header: zh ? '客户代码' : 'Code' },
    { key: 'name', header: zh ? '单位名称' : 'Name' },
    { key: 'place', priority: 3, header: zh ? '地区' : 'Region', cell: (c) => placeText(c) },
    { key: 'type', priority: 1, header: zh ? '类型' : 'Type', cell: (c) => (c.type === null ? '' : enumLabel(CUSTOMER_TYPES, c.type, rc.lang)) },
    { key: 'owner', priority: 2, header: zh ? '负责人' : 'Owner' },
    {
      key: 'contact',
      priority: 4,
      header: zh ? '联系人/电话' : 'Contact/phone',
      cell: (c) => [c.contact, c.phone ?? c.contact_phone].filter(Boolean).join(md ? ' ' : '\n'),
    },
  ];
  for (const count of r.counts) {
    if (count.count === 0) continue;
    const rows = r.customers.filter((c) => c.category === count.category);
    const name = rc.lang === 'zh' ? `${categoryName(count.category, rc.lang)}（${count.count}）` : `${categoryName(count.category, rc.lang)} (${count.count})`;
    out += (md ? `\n### ${name}\n\n` : `\n${rc.pal.bold(name)}\n`) + (await renderRows(rows, cols, rc));
  }
  return out;
}
