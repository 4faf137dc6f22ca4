// Reports as pictures: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched) that a
// mail client shows and a printer prints. The page shell, escaping, tables and bar charts live here; each
// report turns its data into cards, charts and tables in src/cli/html/*.ts.

import { formatYuan, groupThousands } from '../core/money.js';
import type { Lang } from './i18n.js';

/** What every page's footer says: when it was made (business time zone), from which database, in which language. */
export interface HtmlContext {
  lang: Lang;
  /** `2026-11-23 07:30`, wall clock in `zone`. */
  generatedAt: string;
  zone: string;
  db: string;
}

/** Text made safe for an element or an attribute: customer names may hold < & > and quotes. */
export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Yuan as people read them: `¥1,234,567.89`. */
export function yuanText(n: number): string {
  return `¥${formatYuan(Math.round(n * 100), true)}`;
}

export function countText(n: number): string {
  return groupThousands(n);
}

export function rateText(r: number): string {
  return `${(r * 100).toFixed(1)}%`;
}

/** A figure at the top of the page. `tone` colours the value: bad news red, good news green. */
export interface Card {
  label: string;
  value: string;
  note?: string;
  tone?: 'bad' | 'good';
}

export function cards(list: readonly Card[]): string {
  const one = (c: Card): string =>
    `<div class="card${c.tone ? ` ${c.tone}` : ''}"><div class="card-label">${esc(c.label)}</div><div class="card-value">${esc(c.value)}</div>${c.note ? `<div class="card-note">${esc(c.note)}</div>` : ''}</div>`;
  return `<div class="cards">${list.map(one).join('')}</div>`;
}

/** A table cell: text, or a number shown right-aligned (amounts, counts, rates). */
export type Cell = string | { num: string };

export function num(text: string): Cell {
  return { num: text };
}

const DATE_LIKE = /^\d{4}-\d{2}(-\d{2})?( \d{2}:\d{2})?$/;

/** A table with a header that repeats on every printed page and rows that are never cut between pages; `compact` is only as wide as its text. */
export function table(head: readonly (string | { num: string })[], rows: readonly (readonly Cell[])[], empty: string, { compact = false }: { compact?: boolean } = {}): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const th = head.map((h) => (typeof h === 'string' ? `<th>${esc(h)}</th>` : `<th class="num">${esc(h.num)}</th>`)).join('');
  // Dates and times are never broken over lines.
  const td = (c: Cell): string => (typeof c === 'string' ? (DATE_LIKE.test(c) ? `<td class="nw">${esc(c)}</td>` : `<td>${esc(c)}</td>`) : `<td class="num">${esc(c.num)}</td>`);
  const body = rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n');
  return `<table${compact ? ' class="compact"' : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A point or a bar of a chart: the value drawn, the text written by it, and its label. */
export interface Bar {
  label: string;
  value: number;
  text: string;
  /** A second line under a column's label (the month's churn rate). */
  sub?: string;
}

/** A round top for an axis: 1, 2 or 5 times a power of ten, at least `max`. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Columns across the font's width: a CJK character about one em, others about half. */
function textWidth(s: string, px: number): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? px : px * 0.58;
  return w;
}

const f = (n: number): string => (Math.round(n * 10) / 10).toString();

/**
 * A vertical bar chart (the trend): a y axis with round ticks and its title, a bar per point with its value
 * above, the point's label (and `sub`) under it, and the x axis's title. Scales to the page's width.
 */
export function columnChart(points: readonly Bar[], opts: { yTitle: string; xTitle: string; title: string; highlightLast?: boolean }): string {
  const W = 1000;
  const H = 300;
  const left = 56;
  const right = 12;
  const top = 24;
  const bottom = 66;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const top_ = Math.max(0, ...points.map((p) => p.value));
  const integral = points.every((p) => Number.isInteger(p.value));
  // Counts get whole-number ticks: 0 2 4 6 8 10, never 2.5.
  const max = integral ? Math.max(1, niceMax(top_)) : niceMax(top_);
  const ticks = integral ? ([5, 4, 2, 1].find((t) => max % t === 0) ?? 1) : 4;
  const step = plotW / Math.max(1, points.length);
  const barW = Math.min(48, step * 0.62);
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (let i = 0; i <= ticks; i++) {
    const v = (max / ticks) * i;
    const yy = y(v);
    const label = Number.isInteger(v) ? groupThousands(v) : v.toFixed(1);
    parts.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${f(yy)}" y2="${f(yy)}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${f(yy + 4)}" text-anchor="end">${esc(label)}</text>`);
  }
  parts.push(`<text class="axis-title" transform="translate(14 ${f(top + plotH / 2)}) rotate(-90)" text-anchor="middle">${esc(opts.yTitle)}</text>`);
  points.forEach((p, i) => {
    const cx = left + step * i + step / 2;
    const h = p.value > 0 ? Math.max(2, (p.value / max) * plotH) : 0;
    const last = opts.highlightLast && i === points.length - 1;
    if (h > 0) parts.push(`<rect class="bar${last ? ' bar-hi' : ''}" x="${f(cx - barW / 2)}" y="${f(top + plotH - h)}" width="${f(barW)}" height="${f(h)}" rx="2"><title>${esc(`${p.label}: ${p.text}`)}</title></rect>`);
    parts.push(`<text class="value" x="${f(cx)}" y="${f(top + plotH - h - 5)}" text-anchor="middle">${esc(p.text)}</text>`);
    parts.push(`<text class="label" x="${f(cx)}" y="${f(top + plotH + 16)}" text-anchor="middle">${esc(p.label)}</text>`);
    if (p.sub !== undefined) parts.push(`<text class="sub" x="${f(cx)}" y="${f(top + plotH + 31)}" text-anchor="middle">${esc(p.sub)}</text>`);
  });
  parts.push(`<line class="axis" x1="${left}" x2="${W - right}" y1="${f(top + plotH)}" y2="${f(top + plotH)}"/>`);
  parts.push(`<text class="axis-title" x="${f(left + plotW / 2)}" y="${H - 8}" text-anchor="middle">${esc(opts.xTitle)}</text>`);
  return `<figure class="chart"><svg class="column-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(opts.title)}">${parts.join('')}</svg></figure>`;
}

/** A horizontal bar chart (a breakdown): a row per item, its label on the left, its bar and value to the right. */
export function barChart(items: readonly Bar[], opts: { title: string; empty: string; tone?: 'bad' }): string {
  if (items.length === 0) return `<div class="bar-block"><h3>${esc(opts.title)}</h3><p class="empty">${esc(opts.empty)}</p></div>`;
  const W = 500;
  const row = 26;
  const labelW = Math.min(190, Math.max(48, ...items.map((i) => textWidth(i.label, 13))) + 10);
  const textW = Math.max(40, ...items.map((i) => textWidth(i.text, 12))) + 10;
  const plotW = W - labelW - textW;
  const max = Math.max(0, ...items.map((i) => i.value)) || 1;
  const H = items.length * row + 6;
  const parts: string[] = [`<line class="axis" x1="${labelW}" x2="${labelW}" y1="0" y2="${H}"/>`];
  items.forEach((it, k) => {
    const yy = 3 + k * row;
    const w = it.value > 0 ? Math.max(2, (it.value / max) * plotW) : 0;
    parts.push(`<text class="label" x="${labelW - 8}" y="${f(yy + 17)}" text-anchor="end">${esc(it.label)}</text>`);
    if (w > 0) parts.push(`<rect class="bar${opts.tone === 'bad' ? ' bar-bad' : ''}" x="${labelW}" y="${f(yy + 4)}" width="${f(w)}" height="${row - 8}" rx="2"><title>${esc(`${it.label}: ${it.text}`)}</title></rect>`);
    parts.push(`<text class="value" x="${f(labelW + w + 6)}" y="${f(yy + 17)}">${esc(it.text)}</text>`);
  });
  return `<div class="bar-block"><h3>${esc(opts.title)}</h3><svg class="bar-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(opts.title)}">${parts.join('')}</svg></div>`;
}

/** A part of the page under its heading; `newPage` starts it on a new printed page. */
export function section(title: string, body: string, { note, newPage = false }: { note?: string; newPage?: boolean } = {}): string {
  return `<section${newPage ? ' class="new-page"' : ''}><h2>${esc(title)}</h2>${note ? `<p class="note">${esc(note)}</p>` : ''}${body}</section>`;
}

/** Charts side by side on a wide page, one under another on a narrow one or on paper. */
export function grid(blocks: readonly string[]): string {
  return `<div class="grid">${blocks.join('')}</div>`;
}

const FONTS = `"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif`;

const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f4f6f9;color:#1f2933;font-family:${FONTS};font-size:14px;line-height:1.55}
.page{max-width:1080px;margin:0 auto;padding:28px 32px 20px;background:#fff}
header{border-bottom:3px solid #1d4ed8;padding-bottom:12px;margin-bottom:20px}
h1{font-size:24px;margin:0 0 4px;font-weight:700;letter-spacing:.02em}
.subtitle{color:#52606d;margin:0}
h2{font-size:17px;margin:28px 0 10px;padding-left:10px;border-left:4px solid #1d4ed8}
h3{font-size:14px;margin:4px 0 6px;color:#323f4b}
.note{color:#616e7c;margin:-4px 0 10px;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
.card{border:1px solid #d9e2ec;border-radius:6px;padding:10px 14px;background:#f8fafc;break-inside:avoid}
.card-label{color:#52606d;font-size:12.5px}
.card-value{font-size:22px;font-weight:700;font-variant-numeric:tabular-nums;white-space:nowrap}
.card-note{color:#7b8794;font-size:12px}
.card.bad .card-value{color:#c62828}
.card.good .card-value{color:#2e7d32}
.chart{margin:0;break-inside:avoid}
svg{max-width:100%;height:auto;display:block}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:14px 28px}
.bar-block{break-inside:avoid}
svg text{font-family:${FONTS};fill:#323f4b}
svg .tick,svg .sub{font-size:11px;fill:#616e7c}
svg .label{font-size:12.5px}
svg .value{font-size:12px;font-weight:600}
svg .axis-title{font-size:12px;fill:#52606d}
svg .grid{stroke:#e4e7eb;stroke-width:1}
svg .axis{stroke:#9aa5b1;stroke-width:1}
svg .bar{fill:#3b6fd8}
svg .bar-hi,svg .bar-bad{fill:#d9534f}
table{border-collapse:collapse;width:100%;font-size:13px;margin:4px 0 8px}
th,td{padding:5px 8px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
th{background:#eef2f7;font-weight:600;color:#323f4b;border-bottom:2px solid #cbd2d9;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}
table.compact{width:auto;min-width:50%}
td.nw,td:first-child{white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.empty{color:#7b8794;font-style:italic}
footer{margin-top:32px;padding-top:10px;border-top:1px solid #d9e2ec;color:#7b8794;font-size:12px}
footer span{margin-right:18px;white-space:nowrap}
@page{size:A4;margin:14mm 12mm}
@media print{
body{background:#fff;font-size:12px}
.page{max-width:none;padding:0}
.new-page{break-before:page}
h2,h3{break-after:avoid}
tr,.card,.chart,.bar-block{break-inside:avoid}
thead{display:table-header-group}
.grid{display:block}
.bar-block{margin-bottom:10px}
.cards{grid-template-columns:repeat(4,1fr);gap:6px}
.card{padding:6px 10px}
.card-value{font-size:17px}
h2{margin-top:18px}
table{font-size:10px}
th,td{padding:3px 4px}
tbody tr:nth-child(even){background:none}
}
`;

/** The whole page: head, title and period, the summary cards, the sections, and the footer. */
export function page(hc: HtmlContext, p: { title: string; subtitle: string; cards: readonly Card[]; sections: readonly string[]; asOf: string }): string {
  const zh = hc.lang === 'zh';
  const footer = [
    `${zh ? '生成时间' : 'Generated'} ${hc.generatedAt}（${hc.zone}）`,
    `${zh ? '统计截至' : 'As of'} ${p.asOf}`,
    `${zh ? '数据库' : 'Database'} ${hc.db}`,
    'kehu',
  ];
  const footerText = zh ? footer : footer.map((s) => s.replace(/（(.*)）/, ' ($1)'));
  return `<!doctype html>
<html lang="${zh ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="page">
<header><h1>${esc(p.title)}</h1><p class="subtitle">${esc(p.subtitle)}</p></header>
${cards(p.cards)}
${p.sections.join('\n')}
<footer>${footerText.map((s) => `<span>${esc(s)}</span>`).join('')}</footer>
</div>
</body>
</html>
`;
}
