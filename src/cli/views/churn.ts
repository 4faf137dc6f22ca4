// The renderers of kehu churn-report: its sections and cells in text, Markdown, CSV and XLSX.

import type { Breakdown, ChurnReport, TrendPoint } from '../../app/churn.js';
import { CUSTOMER_TYPES, enumLabel, GRADES, type Grade, type Lang, REASON_CATEGORIES, type ReasonCategory } from '../../core/enums.js';
import { PROVINCE_SHORT_NAMES } from '../../core/code.js';
import { groupThousands, yuanTextOfYuan } from '../../core/money.js';
import { type CellKind, dateValue, openXlsx, plainText, type SheetCell } from '../exportFormat.js';
import { writeStreamAtomic } from '../io.js';
import { type Format, type Palette, toCsv, toMarkdown, titleText, toTable } from '../output.js';

const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;

/** A horizontal bar chart of lost counts per month, the same text in the terminal and in Markdown. */
export function trendChart(trend: TrendPoint[], lang: Lang, width = 30): string {
  const max = Math.max(1, ...trend.map((t) => t.lost));
  const unit = lang === 'zh' ? '户' : '';
  return trend
    .map((t) => {
      const cells = t.lost === 0 ? 0 : Math.max(1, Math.round((t.lost / max) * width));
      return `${t.month} │${'█'.repeat(cells)}${' '.repeat(width - cells)} ${String(t.lost).padStart(3)}${unit}  ${pct(t.rate).padStart(6)}`;
    })
    .join('\n');
}

export function keyLabel(kind: keyof ChurnReport['breakdowns'], key: string, lang: Lang): string {
  if (key === '') return lang === 'zh' ? '（未填）' : '(none)';
  switch (kind) {
    case 'grade': return `${key} ${enumLabel(GRADES, key as Grade, lang)}`;
    case 'type': return enumLabel(CUSTOMER_TYPES, key as never, lang);
    case 'reason_category': return enumLabel(REASON_CATEGORIES, key as ReasonCategory, lang);
    case 'province': return PROVINCE_SHORT_NAMES[key] ?? key;
    case 'owner': return key;
  }
}

const region = (c: { province: string | null; city: string | null; country: string }): string => (c.province ? `${PROVINCE_SHORT_NAMES[c.province] ?? c.province} ${c.city ?? ''}`.trim() : `${c.country} ${c.city ?? ''}`.trim());

/** A report cell: its value and how it is typed, so that text shows ¥1,234.00 and 50.0% while CSV and XLSX keep numbers. */
export type ReportCell = { kind: CellKind; value: string | number };
/** `priority`: per column, which a narrow terminal drops first (output.ts Column.priority); none: kept. */
export type Section = { sheet: string; title: string; head: string[]; rows: ReportCell[][]; priority?: (number | undefined)[] };

const text = (value: string): ReportCell => ({ kind: 'text', value });
const amount = (value: number): ReportCell => ({ kind: 'amount', value });
const count = (value: number): ReportCell => ({ kind: 'integer', value });
const rate = (value: number): ReportCell => ({ kind: 'rate', value });
const day = (value: string | null): ReportCell => (value === null ? text('') : { kind: 'date', value });

/** A cell as the table and Markdown show it. */
function shown(c: ReportCell): string {
  switch (c.kind) {
    case 'amount':
      return yuanTextOfYuan(Number(c.value));
    case 'rate':
      return pct(Number(c.value));
    case 'text':
    case 'date':
    case 'datetime':
    case 'integer':
      return String(c.value);
  }
}

/** A cell as a spreadsheet holds it: amounts to the fen, dates as date cells. */
function sheetCell(c: ReportCell): SheetCell {
  if (c.kind === 'date' && typeof c.value === 'string') {
    const d = dateValue(c.value);
    return d ? { value: d, kind: 'date' } : { value: c.value, kind: 'text' };
  }
  if (c.kind === 'amount') return { value: Math.round(Number(c.value) * 100) / 100, kind: 'amount' };
  return { value: c.value, kind: c.kind };
}

/** " (the first 100 of 2,345; --limit 0 lists all)" when a list was cut, else nothing. */
function shownOf(shown: number, total: number, lang: Lang): string {
  if (shown >= total) return '';
  const n = groupThousands(total);
  return lang === 'zh' ? `（显示前 ${shown} 户，共 ${n} 户；--limit 0 列出全部）` : ` (the first ${shown} of ${n}; --limit 0 lists all)`;
}

export function reportTitle(r: ChurnReport, lang: Lang): string {
  return lang === 'zh' ? `流失客户统计分析报告 ${r.month}` : `Lost-customer report ${r.month}`;
}

/**
 * The summary figures. For the table and Markdown the month and its period are one line; files for
 * spreadsheets (data) give the period's first and last day and the as-of day as dates of their own.
 */
export function summaryRows(r: ChurnReport, lang: Lang, data: boolean): ReportCell[][] {
  const zh = lang === 'zh';
  const rows: [string, ReportCell][] = data
    ? [
        [zh ? '统计月份' : 'Month', text(r.month)],
        [zh ? '起始日期' : 'First day', day(r.period.start)],
        [zh ? '截止日期' : 'Last day', day(r.period.end)],
        [zh ? '统计时间' : 'As of', day(r.as_of)],
      ]
    : [[zh ? '统计月份' : 'Month', text(zh ? `${r.month}（${r.period.start} ~ ${r.period.end}）` : `${r.month} (${r.period.start} ~ ${r.period.end})`)]];
  rows.push(
    [zh ? '月初合作客户数' : 'Cooperating at start', count(r.base.count)],
    [zh ? '其近12个月销售额' : 'Their trailing-12-month revenue', amount(r.base.revenue)],
    [zh ? '本月流失客户数' : 'Lost this month', count(r.lost.count)],
    [zh ? '客户流失率' : 'Churn rate (count)', rate(r.lost.rate)],
    [zh ? '流失客户近12个月销售额' : 'Revenue of lost customers', amount(r.lost.revenue)],
    [zh ? '销售额流失率' : 'Revenue churn rate', rate(r.lost.revenue_rate)],
    [zh ? '本月挽回客户数' : 'Won back this month', count(r.won_back.length)],
    [zh ? '无挽救方案的流失客户（近12个月）' : 'Lost in 12 months without a salvage plan', count(r.no_salvage_plan.count)],
    [zh ? `流失风险（${r.at_risk.months}个月以上未订货）` : `At risk (no order ${r.at_risk.months}+ months)`, count(r.at_risk.count)],
    [zh ? '流失风险客户近12个月销售额' : 'Revenue of customers at risk', amount(r.at_risk.revenue)],
  );
  if (r.applied) rows.push([zh ? '本次自动记录的流失' : 'Automatic losses recorded now', count(r.applied.length)]);
  return rows.map(([k, v]) => [text(k), v]);
}

/** The report's sections after the summary, in the order every format shows them. */
export function sections(r: ChurnReport, lang: Lang): Section[] {
  const zh = lang === 'zh';
  const reason = (c: string | null): string => (c ? enumLabel(REASON_CATEGORIES, c as ReasonCategory, lang) : '');
  const tables: Section[] = [
    {
      sheet: zh ? '流失客户明细' : 'Lost',
      title: zh ? '流失客户明细' : 'Customers lost',
      head: zh ? ['客户代码', '单位名称', '等级', '地区', '负责人', '最后订货', '流失日期', '近12月销售额', '原因类别', '原因'] : ['Code', 'Name', 'Grade', 'Region', 'Owner', 'Last order', 'Lost on', 'Revenue 12m', 'Category', 'Reason'],
      rows: r.lost.customers.map((c) => [text(c.code), text(c.name), text(c.grade), text(region(c)), text(c.owner ?? ''), day(c.last_order_date), day(c.lost_date), amount(c.revenue), text(reason(c.reason_category)), text(c.reason ?? '')]),
      priority: [undefined, undefined, 2, 3, 5, 1, 6, 7, 8, 4],
    },
  ];
  const kinds: [keyof ChurnReport['breakdowns'], string, string][] = zh
    ? [['grade', '按等级', '按等级'], ['province', '按省份', '按省份'], ['type', '按客户类型', '按客户类型'], ['owner', '按负责人', '按负责人'], ['reason_category', '按流失原因', '按流失原因']]
    : [['grade', 'By grade', 'By grade'], ['province', 'By province', 'By province'], ['type', 'By customer type', 'By type'], ['owner', 'By owner', 'By owner'], ['reason_category', 'By reason', 'By reason']];
  for (const [k, title, sheet] of kinds) {
    const rows: Breakdown[] = r.breakdowns[k];
    tables.push({ sheet, title, head: zh ? ['分类', '流失数', '近12月销售额'] : ['Group', 'Lost', 'Revenue 12m'], rows: rows.map((b) => [text(keyLabel(k, b.key, lang)), count(b.count), amount(b.revenue)]) });
  }
  tables.push(
    {
      sheet: zh ? '本月挽回客户' : 'Won back',
      title: zh ? '本月挽回客户' : 'Won back this month',
      head: zh ? ['客户代码', '单位名称', '等级', '地区', '负责人', '挽回日期'] : ['Code', 'Name', 'Grade', 'Region', 'Owner', 'Won back on'],
      rows: r.won_back.map((c) => [text(c.code), text(c.name), text(c.grade), text(region(c)), text(c.owner ?? ''), day(c.date)]),
      priority: [undefined, undefined, 1, 2, 3, 4],
    },
    {
      sheet: zh ? '无挽救方案的流失客户' : 'No salvage plan',
      title:
        (zh ? '无挽救方案的流失客户（近12个月，§7.6.3，最近流失在前）' : 'Lost in the last 12 months without a salvage plan (§7.6.3), latest first') +
        shownOf(r.no_salvage_plan.customers.length, r.no_salvage_plan.count, lang),
      head: zh ? ['客户代码', '单位名称', '等级', '负责人', '最后订货', '流失日期', '流失前12月销售额'] : ['Code', 'Name', 'Grade', 'Owner', 'Last order', 'Lost on', 'Revenue 12m before'],
      rows: r.no_salvage_plan.customers.map((c) => [text(c.code), text(c.name), text(c.grade), text(c.owner ?? ''), day(c.last_order_date), day(c.lost_date), amount(c.revenue)]),
      priority: [undefined, undefined, 2, 3, 1, 4, 5],
    },
    {
      sheet: zh ? '流失风险客户' : 'At risk',
      title:
        (zh ? `流失风险客户（${r.at_risk.months}个月以上未订货，按销售额排序）` : `At risk: no order for ${r.at_risk.months}+ months, by revenue`) +
        shownOf(r.at_risk.customers.length, r.at_risk.count, lang),
      head: zh ? ['客户代码', '单位名称', '等级', '负责人', '最后订货', '未订货月数', '近12月销售额', '将计为流失'] : ['Code', 'Name', 'Grade', 'Owner', 'Last order', 'Months', 'Revenue 12m', 'Counts as lost on'],
      rows: r.at_risk.customers.map((c) => [text(c.code), text(c.name), text(c.grade), text(c.owner ?? ''), day(c.last_order_date), count(c.months_without_order), amount(c.revenue), day(c.lost_on)]),
      priority: [undefined, undefined, 2, 4, 1, 3, 6, 5],
    },
  );
  return tables;
}

/** Every section of a file for spreadsheets and scripts: the summary, the tables, then the 12-month trend. */
function dataSections(r: ChurnReport, lang: Lang): Section[] {
  const zh = lang === 'zh';
  return [
    { sheet: zh ? '概要' : 'Summary', title: reportTitle(r, lang), head: zh ? ['指标', '数值'] : ['Figure', 'Value'], rows: summaryRows(r, lang, true) },
    ...sections(r, lang),
    {
      sheet: zh ? '流失趋势' : 'Trend',
      title: zh ? '近12个月流失趋势' : '12-month trend',
      head: zh ? ['月份', '月初合作客户数', '流失客户数', '客户流失率'] : ['Month', 'Cooperating at start', 'Lost', 'Churn rate'],
      rows: r.trend.map((t) => [text(t.month), count(t.base), count(t.lost), rate(t.rate)]),
    },
  ];
}

/**
 * The report as CSV: each section is a block of its title on a line of its own, a header row naming its
 * columns, and its rows; an empty line separates the blocks. Amounts and rates are plain numbers
 * (21681887.27, 0.5), dates YYYY-MM-DD.
 */
function churnCsv(r: ChurnReport, lang: Lang): string {
  return dataSections(r, lang)
    .map((t) => toCsv([t.title], []) + toCsv(t.head, t.rows.map((row) => row.map((c) => plainText(sheetCell(c))))))
    .join('\r\n');
}

/** The report as an XLSX workbook: one sheet per section, with its title above a bold, frozen, filtered header. */
export async function writeChurnXlsx(r: ChurnReport, lang: Lang, file: string): Promise<void> {
  await writeStreamAtomic(file, async (stream, end) => {
    const book = await openXlsx(stream, end);
    for (const t of dataSections(r, lang)) await book.sheet({ name: t.sheet, title: t.title, head: t.head }, t.rows.map((row) => row.map(sheetCell)));
    await book.close();
  });
}

/** Renders the report; the structure is the same in every text format, JSON is the object as it is. */
export async function renderChurn(r: ChurnReport, format: Format, lang: Lang, pal: Palette): Promise<string> {
  const zh = lang === 'zh';
  if (format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (format === 'csv') return churnCsv(r, lang);
  const summary = summaryRows(r, lang, false).map((row) => row.map(shown));
  const tables = sections(r, lang).map((t) => ({ ...t, rows: t.rows.map((row) => row.map(shown)) }));
  const title = reportTitle(r, lang);
  const trendTitle = zh ? '近12个月流失趋势（户数、流失率）' : '12-month trend (lost, rate)';
  if (format === 'md') {
    let out = `# ${title}\n\n${zh ? '统计时间' : 'As of'}: ${r.as_of}\n\n${toMarkdown([zh ? '指标' : 'Figure', zh ? '数值' : 'Value'], summary)}`;
    for (const t of tables) out += `\n## ${t.title}\n\n${t.rows.length ? toMarkdown(t.head, t.rows) : `${zh ? '无' : 'None'}\n`}`;
    out += `\n## ${trendTitle}\n\n\`\`\`text\n${trendChart(r.trend, lang)}\n\`\`\`\n`;
    return out;
  }
  let out = `${pal.bold(title)}  ${pal.dim(`${zh ? '统计时间' : 'as of'} ${r.as_of}`)}\n`;
  out += await toTable([zh ? '指标' : 'Figure', zh ? '数值' : 'Value'], summary, pal, { keyValue: true });
  for (const t of tables) {
    out += `\n${await titleText(t.title, pal)}`;
    out += t.rows.length ? await toTable(t.head, t.rows, pal, { priority: t.priority }) : `${pal.dim(zh ? '无' : 'None')}\n`;
  }
  out += `\n${await titleText(trendTitle, pal)}${trendChart(r.trend, lang)}\n`;
  return out;
}
