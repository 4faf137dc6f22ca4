// The other reports as HTML pages (potential VIP, activity, follow-up, catalogue, retention): each report's
// figures as cards, what it counts by group as bar charts, its lists as tables — the data of its JSON output.

import type { ActivityReport } from '../../app/activityReport.js';
import type { CatalogueReport } from '../../app/catalogue.js';
import type { FollowUpReport } from '../../app/followUpReport.js';
import type { PotentialVipReport } from '../../app/potentialVip.js';
import type { RetentionReport } from '../../app/retention.js';
import { CUSTOMER_TYPES, enumLabel, type Lang, ROLES } from '../../core/enums.js';
import { figureText, STATUS_TEXT, targetText } from '../views/activityReport.js';
import { timeText } from '../../core/dates.js';
import { categoryName, methodText, placeText } from '../views/routines.js';
import { barChart, type Card, type Cell, columnChart, countText, grid, type HtmlContext, num, page, section, table } from '../html.js';
import { stageText, statusText } from '../views.js';

const none = (lang: Lang): string => (lang === 'zh' ? '无' : 'None');
const nobody = (lang: Lang): string => (lang === 'zh' ? '（无负责人）' : '(no owner)');
const stageOf = (n: number | null, lang: Lang): string => (n === null ? (lang === 'zh' ? '未知' : 'unknown') : stageText(n, lang));

// ───────────── 潜在VIP客户开发进度表 ─────────────

export function potentialVipHtml(r: PotentialVipReport, hc: HtmlContext): string {
  const lang = hc.lang;
  const zh = lang === 'zh';
  const title = zh ? `潜在VIP客户开发进度表 ${r.month}` : `Potential VIP progress ${r.month}`;
  const heads = (label: string): (string | { num: string })[] => [label, { num: zh ? '月初' : 'Start' }, { num: zh ? '新增' : 'Added' }, { num: zh ? '减少' : 'Lost' }, { num: zh ? '月末' : 'End' }];
  const countRow = (label: string, g: { start: number; added: number; lost: number; end: number }): Cell[] => [label, num(countText(g.start)), num(countText(g.added)), num(countText(g.lost)), num(countText(g.end))];
  const listHead = zh ? ['客户代码', '单位名称', '负责人', '开发阶段'] : ['Code', 'Name', 'Owner', 'Stage'];
  const listRows = (list: PotentialVipReport['added']): Cell[][] => list.map((c) => [c.code, c.name, c.owner ?? '', stageOf(c.stage, lang)]);
  const flow = columnChart(
    [
      { label: zh ? '月初' : 'Start', value: r.start_count, text: countText(r.start_count) },
      { label: zh ? '新增' : 'Added', value: r.added_count, text: r.added_count > 0 ? `+${countText(r.added_count)}` : '0' },
      { label: zh ? '减少' : 'Lost', value: r.lost_count, text: r.lost_count > 0 ? `−${countText(r.lost_count)}` : '0' },
      { label: zh ? '月末' : 'End', value: r.end_count, text: countText(r.end_count) },
    ],
    { title: zh ? '本月变化' : 'This month', yTitle: zh ? '客户数' : 'Customers', xTitle: `${r.start_date} ~ ${r.end_date}` },
  );
  const cards: Card[] = [
    { label: zh ? '月初潜在VIP' : 'At start', value: countText(r.start_count), note: r.start_date },
    { label: zh ? '本月新增' : 'Added', value: countText(r.added_count), ...(r.added_count > 0 ? { tone: 'good' as const } : {}) },
    { label: zh ? '本月减少' : 'Lost', value: countText(r.lost_count), ...(r.lost_count > 0 ? { tone: 'bad' as const } : {}) },
    { label: zh ? '月末潜在VIP' : 'At end', value: countText(r.end_count), note: r.end_date },
  ];
  return page(hc, {
    title,
    subtitle: zh ? `统计期间 ${r.start_date} ~ ${r.end_date}` : `Period ${r.start_date} to ${r.end_date}`,
    asOf: r.end_date,
    cards,
    sections: [
      section(zh ? '本月变化' : 'This month', flow),
      section(
        zh ? '分布（月末客户数）' : 'By group (at the end of the month)',
        grid([
          barChart(r.by_owner.map((g) => ({ label: g.owner ?? nobody(lang), value: g.end, text: countText(g.end) })), { title: zh ? '按负责人' : 'By owner', empty: none(lang) }),
          barChart(r.by_stage.map((g) => ({ label: stageOf(g.stage, lang), value: g.end, text: countText(g.end) })), { title: zh ? '按开发阶段' : 'By development stage', empty: none(lang) }),
        ]),
      ),
      section(zh ? '按负责人' : 'By owner', table(heads(zh ? '负责人' : 'Owner'), r.by_owner.map((g) => countRow(g.owner ?? nobody(lang), g)), none(lang), { compact: true }), { newPage: true }),
      section(zh ? '按开发阶段' : 'By development stage', table(heads(zh ? '开发阶段' : 'Stage'), r.by_stage.map((g) => countRow(stageOf(g.stage, lang), g)), none(lang), { compact: true })),
      section(zh ? '本月新增' : 'Added this month', table(listHead, listRows(r.added), none(lang))),
      section(zh ? '本月减少' : 'Lost this month', table(listHead, listRows(r.lost), none(lang))),
    ],
  });
}

// ───────────── 活动指标 ─────────────

export function activityHtml(r: ActivityReport, hc: HtmlContext): string {
  const lang = hc.lang;
  const zh = lang === 'zh';
  const p = r.period;
  const kind = zh ? { day: '日报', week: '周报', month: '月报' }[p.kind] : { day: 'day', week: 'week', month: 'month' }[p.kind];
  const span = p.from === p.to ? p.from : `${p.from} ~ ${p.to}`;
  const title = zh ? `活动指标${kind} ${p.label}` : `Activity against quotas, ${kind} ${p.label}`;
  const sum = (k: 'met' | 'not_met' | 'open'): number => r.people.reduce((a, x) => a + x[k], 0);
  const cards: Card[] = [
    { label: zh ? '人员' : 'People', value: countText(r.people.length) },
    { label: zh ? '达标' : 'Met', value: countText(sum('met')), ...(sum('met') > 0 ? { tone: 'good' as const } : {}) },
    { label: zh ? '未达标' : 'Not met', value: countText(sum('not_met')), ...(sum('not_met') > 0 ? { tone: 'bad' as const } : {}) },
    { label: zh ? '未结束' : 'Open', value: countText(sum('open')) },
  ];
  const roles = (x: ActivityReport['people'][number]): string => x.roles.map((ro) => enumLabel(ROLES, ro, lang)).join(zh ? '、' : ', ');
  const chart = barChart(
    r.people.map((x) => ({ label: x.user, value: x.met, text: zh ? `达标 ${x.met} / ${x.quotas.length}` : `${x.met} of ${x.quotas.length} met` })),
    { title: zh ? '各人达标指标数' : 'Quotas met per person', empty: zh ? '没有适用指标的人员' : 'Nobody holds a role a quota applies to' },
  );
  const head = [zh ? '指标' : 'Quota', zh ? '期间' : 'Period', { num: zh ? '完成' : 'Done' }, { num: zh ? '目标' : 'Target' }, zh ? '结果' : 'Result'];
  const people = r.people.map((x, i) =>
    section(
      zh ? `${x.user}（${roles(x)}）` : `${x.user} (${roles(x)})`,
      table(head, x.quotas.map((l) => [zh ? l.label_zh : l.label_en, l.period, num(figureText(l.count, l)), num(targetText(l, lang)), `${STATUS_TEXT[l.status][lang]} ${l.units_met}/${l.units}`]), zh ? '没有适用的指标' : 'No quota applies'),
      { note: zh ? `达标 ${x.met}，未达标 ${x.not_met}，未结束 ${x.open}` : `${x.met} met, ${x.not_met} not met, ${x.open} open`, newPage: i === 0 },
    ),
  );
  return page(hc, {
    title,
    subtitle: zh ? `统计期间 ${span}，截至 ${r.as_of}` : `Period ${span}, as of ${r.as_of}`,
    asOf: r.as_of,
    cards,
    sections: [section(zh ? '达标情况' : 'Quotas met', chart), ...people],
  });
}

// ───────────── 客户跟进单 ─────────────

export function followUpHtml(r: FollowUpReport, hc: HtmlContext): string {
  const lang = hc.lang;
  const zh = lang === 'zh';
  const title = zh ? `客户跟进单 ${r.week}` : `Customer follow-up list ${r.week}`;
  const regionLabel = (g: { region: string; province_name: string | null; city: string | null }): string => `${placeText(g) || g.region} (${g.region})`;
  const cards: Card[] = [
    { label: zh ? '本周联系的有效潜在客户' : 'Valid potential customers contacted', value: countText(r.total) },
    { label: zh ? '地区' : 'Regions', value: countText(r.by_region.length) },
    { label: zh ? '负责人' : 'Owners', value: countText(r.by_owner.length) },
    { label: zh ? '本周联系次数' : 'Contacts this week', value: countText(r.customers.reduce((a, c) => a + c.contacts, 0)) },
  ];
  const head = zh
    ? ['客户代码', '单位名称', '负责人', { num: '本周联系' }, '最后联系', '具体情况', '关键点', '开发阶段', '下一步', '下次联系']
    : ['Code', 'Name', 'Owner', { num: 'Contacts' }, 'Last contact', 'What happened', 'Key point', 'Stage', 'Next step', 'Next contact'];
  const regions: { label: string; rows: Cell[][] }[] = [];
  for (const c of r.customers) {
    const label = regionLabel(c);
    if (regions[regions.length - 1]?.label !== label) regions.push({ label, rows: [] });
    const who = c.last_contact_person === null ? c.last_contact_handler : `${c.last_contact_handler}${zh ? `（联系人 ${c.last_contact_person}）` : ` (with ${c.last_contact_person})`}`;
    regions[regions.length - 1]!.rows.push([
      c.code,
      c.name,
      c.owner ?? nobody(lang),
      num(countText(c.contacts)),
      `${timeText(c.last_contact_at)} ${methodText(c.last_contact_method, lang)} ${who}`,
      c.last_contact_summary,
      c.last_contact_key_point ?? '',
      stageText(c.stage, lang),
      c.next_step ?? '',
      c.next_date ?? '',
    ]);
  }
  return page(hc, {
    title,
    subtitle: zh ? `${r.start_date} ~ ${r.end_date}${r.owner === null ? '' : `，负责人 ${r.owner}`}，截至 ${r.as_of}` : `${r.start_date} to ${r.end_date}${r.owner === null ? '' : `, owner ${r.owner}`}, as of ${r.as_of}`,
    asOf: r.as_of,
    cards,
    sections: [
      section(
        zh ? '分布（客户数）' : 'By group (customers)',
        grid([
          barChart(r.by_region.map((g) => ({ label: regionLabel(g), value: g.count, text: countText(g.count) })), { title: zh ? '按地区' : 'By region', empty: none(lang) }),
          barChart(r.by_owner.map((g) => ({ label: g.owner ?? nobody(lang), value: g.count, text: countText(g.count) })), { title: zh ? '按负责人' : 'By owner', empty: none(lang) }),
        ]),
      ),
      ...(regions.length === 0
        ? [section(zh ? '客户' : 'Customers', `<p class="empty">${zh ? '本周没有联系过的有效潜在客户。' : 'No valid potential customer was contacted this week.'}</p>`)]
        : regions.map((g, i) => section(g.label, table(head, g.rows, none(lang)), { newPage: i === 0 }))),
    ],
  });
}

// ───────────── 客户检索目录 ─────────────

export function catalogueHtml(r: CatalogueReport, hc: HtmlContext): string {
  const lang = hc.lang;
  const zh = lang === 'zh';
  const title = zh ? `客户检索目录 ${r.month}` : `Customer catalogue ${r.month}`;
  const cards: Card[] = [{ label: categoryName('all', lang), value: countText(r.total) }, ...r.counts.map((c) => ({ label: categoryName(c.category, lang), value: countText(c.count) }))];
  const head = zh ? ['客户代码', '单位名称', '地区', '类型', '负责人', '联系人', '电话'] : ['Code', 'Name', 'Region', 'Type', 'Owner', 'Contact', 'Phone'];
  const lists = r.counts
    .filter((c) => c.count > 0)
    .map((count, i) =>
      section(
        zh ? `${categoryName(count.category, lang)}（${countText(count.count)}）` : `${categoryName(count.category, lang)} (${countText(count.count)})`,
        table(
          head,
          r.customers
            .filter((c) => c.category === count.category)
            .map((c) => [c.code, c.name, placeText(c), c.type === null ? '' : enumLabel(CUSTOMER_TYPES, c.type, lang), c.owner ?? '', c.contact ?? '', c.phone ?? c.contact_phone ?? '']),
          none(lang),
        ),
        { newPage: i === 0 },
      ),
    );
  return page(hc, {
    title,
    subtitle: zh ? `截至 ${r.date}，客户总档 ${countText(r.total)} 个` : `As of ${r.date}: ${countText(r.total)} customers in the whole file`,
    asOf: r.as_of,
    cards,
    sections: [
      section(
        zh ? '按类别' : 'By category',
        barChart(r.counts.map((c) => ({ label: categoryName(c.category, lang), value: c.count, text: countText(c.count) })), { title: zh ? '客户数' : 'Customers', empty: none(lang) }),
      ),
      ...lists,
    ],
  });
}

// ───────────── 客户档案保管期满 ─────────────

export function retentionHtml(r: RetentionReport, hc: HtmlContext): string {
  const lang = hc.lang;
  const zh = lang === 'zh';
  const title = zh ? `客户档案保管期满 ${r.as_of}` : `Records past retention ${r.as_of}`;
  const withData = r.customers.filter((c) => c.personal_data).length;
  const byStatus = new Map<string, number>();
  for (const c of r.customers) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
  const cards: Card[] = [
    { label: zh ? '超过保管期限的客户' : 'Customers past retention', value: countText(r.count), ...(r.count > 0 ? { tone: 'bad' as const } : {}) },
    { label: zh ? '仍存个人信息' : 'Still holding personal data', value: countText(withData), ...(withData > 0 ? { tone: 'bad' as const } : {}) },
    { label: zh ? '保管期限' : 'Retention', value: zh ? `${r.retention_months} 个月` : `${r.retention_months} months` },
  ];
  const head = zh
    ? ['客户代码', '单位名称', '状态', '结清日', '最后订货', '最后联系', '可清除自', '负责人', '仍存个人信息']
    : ['Code', 'Name', 'Status', 'Settled on', 'Last order', 'Last visit', 'Purgeable from', 'Owner', 'Personal data held'];
  const yes = (v: boolean): string => (zh ? (v ? '是' : '否') : v ? 'yes' : 'no');
  const rows: Cell[][] = r.customers.map((c) => [c.code, c.name, statusText(c.status, lang), c.settled_on, c.last_order ?? '—', c.last_visit ?? '—', c.purge_due_since, c.owner ?? '', yes(c.personal_data)]);
  return page(hc, {
    title,
    subtitle: zh ? `流失或无效、结清满 ${r.retention_months} 个月的客户（§8.9），截至 ${r.as_of}` : `Lost or invalid customers settled more than ${r.retention_months} months ago (§8.9), as of ${r.as_of}`,
    asOf: r.as_of,
    cards,
    sections: [
      section(
        zh ? '按状态' : 'By status',
        barChart([...byStatus].map(([s, n]) => ({ label: statusText(s as never, lang), value: n, text: countText(n) })), { title: zh ? '客户数' : 'Customers', empty: zh ? '没有超过保管期限的客户' : 'No customer is past retention' }),
      ),
      section(zh ? '客户' : 'Customers', table(head, rows, zh ? '没有超过保管期限的客户' : 'No customer is past retention'), {
        note: r.count === 0 ? undefined : zh ? '可用 kehu purge 代码 或 kehu purge --due 清除。' : 'Purge with kehu purge CODE or kehu purge --due.',
      }),
    ],
  });
}
