// The lost-customer report (流失客户统计分析报告) as an HTML page: the summary as cards, the 12-month trend as
// columns, each breakdown as bars, the lists as tables. The same figures and rows as the other formats.

import type { ChurnReport } from '../../app/churn.js';
import { keyLabel, type ReportCell, reportTitle, sections, summaryRows } from '../views/churn.js';
import { type Bar, barChart, type Card, type Cell, columnChart, countText, grid, type HtmlContext, num, page, rateText, section, table, yuanText } from '../html.js';

/** A report cell on the page: numbers right-aligned (¥ and grouped digits), text as it is. */
export function htmlCell(c: ReportCell): Cell {
  switch (c.kind) {
    case 'amount':
      return num(yuanText(Number(c.value)));
    case 'rate':
      return num(rateText(Number(c.value)));
    case 'integer':
      return num(countText(Number(c.value)));
    case 'text':
    case 'date':
    case 'datetime':
      return String(c.value);
  }
}

const NUMERIC = new Set(['amount', 'rate', 'integer']);

export function churnHtml(r: ChurnReport, hc: HtmlContext): string {
  const lang = hc.lang;
  const zh = lang === 'zh';
  const summary = summaryRows(r, lang, false).slice(1);
  const bad = new Set([2, 3, 4, 5]);
  const cards: Card[] = summary.map((row, i) => {
    const value = htmlCell(row[1]!);
    const card: Card = { label: String(row[0]!.value), value: typeof value === 'string' ? value : value.num };
    if (bad.has(i) && r.lost.count > 0) card.tone = 'bad';
    if (i === 6 && r.won_back.length > 0) card.tone = 'good';
    return card;
  });
  const trend: Bar[] = r.trend.map((t) => ({ label: t.month, value: t.lost, text: countText(t.lost), sub: rateText(t.rate) }));
  const trendTitle = zh ? '近12个月流失趋势' : '12-month trend';
  const trendBody =
    columnChart(trend, { title: trendTitle, yTitle: zh ? '流失客户数（户）' : 'Customers lost', xTitle: zh ? '月份（第二行：客户流失率）' : 'Month (second line: churn rate)', highlightLast: true }) +
    table(
      [zh ? '月份' : 'Month', { num: zh ? '月初合作客户数' : 'Cooperating at start' }, { num: zh ? '流失客户数' : 'Lost' }, { num: zh ? '客户流失率' : 'Churn rate' }],
      r.trend.map((t) => [t.month, num(countText(t.base)), num(countText(t.lost)), num(rateText(t.rate))]),
      zh ? '无' : 'None',
      { compact: true },
    );
  const kinds: [keyof ChurnReport['breakdowns'], string][] = zh
    ? [['grade', '按等级'], ['province', '按省份'], ['type', '按客户类型'], ['owner', '按负责人'], ['reason_category', '按流失原因']]
    : [['grade', 'By grade'], ['province', 'By province'], ['type', 'By customer type'], ['owner', 'By owner'], ['reason_category', 'By reason']];
  const charts = kinds.map(([k, title]) =>
    barChart(
      r.breakdowns[k].map((b) => ({ label: keyLabel(k, b.key, lang), value: b.count, text: zh ? `${countText(b.count)} 户 · ${yuanText(b.revenue)}` : `${countText(b.count)} · ${yuanText(b.revenue)}` })),
      { title, empty: zh ? '本月无流失' : 'Nobody lost this month', tone: 'bad' },
    ),
  );
  const lists = sections(r, lang);
  // The lists: lost customers, then (after the breakdowns, drawn as charts) won back, no salvage plan, at risk.
  const listSections = [lists[0]!, ...lists.slice(1 + kinds.length)].map((t, i) => {
    const kindsOf = t.rows[0]?.map((c) => c.kind) ?? [];
    const head = t.head.map((h, j) => (NUMERIC.has(kindsOf[j] ?? '') ? { num: h } : h));
    return section(t.title, table(head, t.rows.map((row) => row.map(htmlCell)), zh ? '无' : 'None'), { newPage: i === 0 });
  });
  return page(hc, {
    title: reportTitle(r, lang),
    subtitle: zh ? `统计期间 ${r.period.start} ~ ${r.period.end}，统计截至 ${r.as_of}` : `Period ${r.period.start} to ${r.period.end}, as of ${r.as_of}`,
    asOf: r.as_of,
    cards,
    sections: [
      section(trendTitle, trendBody, { note: zh ? '每月流失客户数；红色为本报告月份。' : 'Customers lost each month; the report month in red.' }),
      section(zh ? '本月流失分布（户数 · 近12个月销售额）' : 'Lost this month by group (customers · revenue 12m)', grid(charts)),
      ...listSections,
    ],
  });
}
