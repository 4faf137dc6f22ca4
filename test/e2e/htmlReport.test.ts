// Reports as HTML pages end to end: every report's page (--out FILE.html or --format html) holds the figures
// and rows of its JSON output, is self-contained (no script, nothing fetched) and escapes what users typed;
// commands without a page refuse html. Then a real browser: headless Chromium renders the demo's churn
// report to PNG and to a DOM, and the test checks the page's text and that the chart's bars are painted.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { kehu, tempDir } from '../helpers.js';

const dir = tempDir('kehu-html-');
const demo = path.join(dir, 'demo.db');
const ESCAPED_NAME = '<b>甲&乙</b>"贸易"有限公司';

function ok(args: string[], db = demo, env: NodeJS.ProcessEnv = {}): string {
  const r = kehu(args, { db, env });
  if (r.status !== 0) throw new Error(`kehu ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const yuan = (n: number): string => `¥${(Math.round(n * 100) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;
/** Text as the page writes it (escaped). */
const h = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** What every page must be: a whole document, in the language asked, with nothing to run or fetch. */
function expectSelfContained(html: string, lang: 'zh-CN' | 'en'): void {
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).toContain('<meta charset="utf-8">');
  expect(html).toContain(`<html lang="${lang}">`);
  expect(html).toMatch(/<title>[^<]+<\/title>/);
  expect(html).toContain('"Noto Sans CJK SC"');
  expect(html).toContain('@media print');
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/https?:/i);
  expect(html).not.toMatch(/\/\/[\w.-]/);
  expect(html).not.toMatch(/\b(src|href)\s*=|url\(|@import|<link|<img|<iframe/i);
  expect(html).toContain('<footer>');
}

/** The text of the <text> elements of the SVG charts, and the heights of their bars. */
function svgTexts(html: string): string[] {
  return [...html.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}
function rectHeights(html: string): number[] {
  return [...html.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
}

beforeAll(() => {
  ok(['demo']);
  // A customer whose name a browser would read as markup, to prove every text is escaped.
  ok(['add-customer', ESCAPED_NAME, '--province', '广东', '--city', '广州', '--owner', '张敏', '--date', '2026-10-05']);
}, 240_000);

describe('HTML reports', () => {
  it('churn-report --out r.html: the JSON figures as cards, the trend as columns, the breakdowns as bars, the lists as tables', () => {
    const j = JSON.parse(ok(['churn-report', '--json'])) as {
      month: string;
      period: { start: string; end: string };
      as_of: string;
      base: { count: number; revenue: number };
      lost: { count: number; revenue: number; rate: number; revenue_rate: number; customers: { code: string; name: string; revenue: number }[] };
      at_risk: { count: number; revenue: number; customers: { code: string; revenue: number }[] };
      no_salvage_plan: { count: number; customers: { code: string }[] };
      trend: { month: string; base: number; lost: number; rate: number }[];
      breakdowns: Record<string, { key: string; count: number; revenue: number }[]>;
    };
    const file = path.join(dir, 'churn-{month}.html');
    const r = kehu(['churn-report', '--out', file], { db: demo });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const html = fs.readFileSync(file.replace('{month}', j.month), 'utf8');
    expectSelfContained(html, 'zh-CN');
    expect(html).toContain(`<title>流失客户统计分析报告 ${j.month}</title>`);
    expect(html).toContain(`统计期间 ${j.period.start} ~ ${j.period.end}`);
    const card = (label: string, value: string): void => expect(html).toContain(`<div class="card-label">${h(label)}</div><div class="card-value">${value}</div>`);
    card('月初合作客户数', String(j.base.count));
    card('其近12个月销售额', yuan(j.base.revenue));
    card('本月流失客户数', String(j.lost.count));
    card('客户流失率', pct(j.lost.rate));
    card('流失客户近12个月销售额', yuan(j.lost.revenue));
    card('销售额流失率', pct(j.lost.revenue_rate));
    card('无挽救方案的流失客户（近12个月）', String(j.no_salvage_plan.count));
    card('流失客户近12个月销售额', yuan(j.lost.revenue));
    card('流失风险客户近12个月销售额', yuan(j.at_risk.revenue));
    // The trend: a column per month with its count above and its month and rate under; a bar for each month that lost any.
    const trendSvg = /<svg class="column-chart"[^]*?<\/svg>/.exec(html)![0];
    const texts = svgTexts(trendSvg);
    for (const t of j.trend) {
      expect(texts).toContain(t.month);
      expect(texts).toContain(pct(t.rate));
    }
    expect(texts.filter((t) => /^\d+$/.test(t)).slice(-j.trend.length)).toEqual(j.trend.map((t) => String(t.lost)));
    expect(rectHeights(trendSvg).filter((x) => x > 0)).toHaveLength(j.trend.filter((t) => t.lost > 0).length);
    expect(texts).toContain('流失客户数（户）');
    // Breakdowns: a bar chart each, with the count and revenue of every group.
    const barSvgs = [...html.matchAll(/<svg class="bar-chart"[^]*?<\/svg>/g)].map((m) => m[0]);
    expect(barSvgs).toHaveLength(5);
    for (const [k, rows] of Object.entries(j.breakdowns)) {
      for (const b of rows) expect(html, k).toContain(`${b.count} 户 · ${yuan(b.revenue)}`);
    }
    // The lists: each lost and at-risk customer with its revenue right-aligned.
    for (const c of j.lost.customers) {
      expect(html).toContain(`<td>${h(c.code)}</td><td>${h(c.name)}</td>`);
      expect(html).toContain(`<td class="num">${yuan(c.revenue)}</td>`);
    }
    for (const c of j.at_risk.customers) expect(html).toContain(`<td>${h(c.code)}</td>`);
    for (const c of j.no_salvage_plan.customers) expect(html).toContain(`<td>${h(c.code)}</td>`);
    expect(html).toMatch(/<footer><span>生成时间 2026-11-23 07:30（Asia\/Shanghai）<\/span><span>统计截至 2026-11-23<\/span><span>数据库 [^<]*demo\.db<\/span>/);
  });

  it('churn-report --format html --lang en: to stdout, in English', () => {
    const j = JSON.parse(ok(['churn-report', '--json'])) as { month: string; base: { count: number } };
    const html = ok(['churn-report', '--format', 'html', '--lang', 'en']);
    expectSelfContained(html, 'en');
    expect(html).toContain(`<title>Lost-customer report ${j.month}</title>`);
    expect(html).toContain(`<div class="card-label">Cooperating at start</div><div class="card-value">${j.base.count}</div>`);
    expect(html).toContain('12-month trend');
    expect(html).toContain('Generated 2026-11-23 07:30 (Asia/Shanghai)');
    expect(html).not.toContain('流失客户统计分析报告');
    expect(html).not.toContain('生成时间');
  });

  it('report potential-vip: the counts as cards and tables, the added and lost customers listed', () => {
    const j = JSON.parse(ok(['report', 'potential-vip', '--json'])) as {
      month: string;
      start_count: number;
      end_count: number;
      added_count: number;
      lost_count: number;
      by_owner: { owner: string | null; start: number; added: number; lost: number; end: number }[];
      added: { code: string; name: string }[];
      lost: { code: string; name: string }[];
    };
    const html = ok(['report', 'potential-vip', '--format', 'html']);
    expectSelfContained(html, 'zh-CN');
    expect(html).toContain(`<title>潜在VIP客户开发进度表 ${j.month}</title>`);
    expect(html).toContain(`<div class="card-label">月初潜在VIP</div><div class="card-value">${j.start_count}</div>`);
    expect(html).toContain(`<div class="card-label">月末潜在VIP</div><div class="card-value">${j.end_count}</div>`);
    expect(html).toContain(`<div class="card-label">本月新增</div><div class="card-value">${j.added_count}</div>`);
    expect(html).toContain(`<div class="card-label">本月减少</div><div class="card-value">${j.lost_count}</div>`);
    for (const g of j.by_owner) expect(html).toContain(`<tr><td>${h(g.owner ?? '（无负责人）')}</td><td class="num">${g.start}</td><td class="num">${g.added}</td><td class="num">${g.lost}</td><td class="num">${g.end}</td></tr>`);
    for (const c of [...j.added, ...j.lost]) expect(html).toContain(`<td>${h(c.code)}</td><td>${h(c.name)}</td>`);
    expect(rectHeights(html).some((x) => x > 0)).toBe(true);
  });

  it('report activity: a section per person with each quota, its count and its target', () => {
    const j = JSON.parse(ok(['report', 'activity', '--month', '2026-11', '--json'])) as {
      people: { user: string; met: number; not_met: number; open: number; quotas: { label_zh: string; count: number; measure: string; units_met: number; units: number }[] }[];
    };
    const file = path.join(dir, '活动-{period}.htm');
    ok(['report', 'activity', '--month', '2026-11', '--out', file]);
    const html = fs.readFileSync(file.replace('{period}', '2026-11'), 'utf8');
    expectSelfContained(html, 'zh-CN');
    expect(html).toContain('<title>活动指标月报 2026-11</title>');
    expect(j.people.length).toBeGreaterThan(0);
    const sum = (k: 'met' | 'not_met' | 'open'): number => j.people.reduce((a, p) => a + p[k], 0);
    expect(html).toContain(`<div class="card-label">达标</div><div class="card-value">${sum('met')}</div>`);
    expect(html).toContain(`<div class="card-label">未达标</div><div class="card-value">${sum('not_met')}</div>`);
    for (const p of j.people) {
      expect(html).toContain(`<h2>${h(p.user)}（`);
      for (const q of p.quotas) {
        const done = q.measure === 'customers' ? String(q.count) : `¥${Math.floor(q.count).toLocaleString('en-US')}`;
        expect(html).toContain(`<td>${h(q.label_zh)}</td>`);
        expect(html).toContain(`<td class="num">${done}`);
      }
    }
  });

  it('report follow-up: the customers by region, with the counts by region and owner as bars', () => {
    const j = JSON.parse(ok(['report', 'follow-up', '--week', '2026-W47', '--json'])) as {
      total: number;
      by_region: { count: number }[];
      by_owner: { owner: string | null; count: number }[];
      customers: { code: string; name: string; last_contact_summary: string }[];
    };
    const html = ok(['report', 'follow-up', '--week', '2026-W47', '--format', 'html']);
    expectSelfContained(html, 'zh-CN');
    expect(html).toContain(`<div class="card-value">${j.total}</div>`);
    expect(j.customers.length).toBeGreaterThan(0);
    for (const c of j.customers) expect(html).toContain(`<td>${h(c.code)}</td><td>${h(c.name)}</td>`);
    const bars = svgTexts(html);
    for (const o of j.by_owner) expect(bars).toContain(o.owner ?? '（无负责人）');
    expect(rectHeights(html).filter((x) => x > 0).length).toBe(j.by_region.filter((g) => g.count > 0).length + j.by_owner.filter((g) => g.count > 0).length);
  });

  it('report catalogue: every customer, names escaped, the counts by category', () => {
    const j = JSON.parse(ok(['report', 'catalogue', '--json'])) as { total: number; counts: { category: string; count: number }[]; customers: { code: string; name: string }[] };
    const html = ok(['report', 'catalogue', '--format', 'html']);
    expectSelfContained(html, 'zh-CN');
    expect(html).toContain(`<div class="card-label">客户总档</div><div class="card-value">${j.total}</div>`);
    for (const c of j.customers) expect(html).toContain(`<td>${h(c.code)}</td><td>${h(c.name)}</td>`);
    // The name a browser would read as markup is text on the page.
    expect(j.customers.some((c) => c.name === ESCAPED_NAME)).toBe(true);
    expect(html).toContain('&lt;b&gt;甲&amp;乙&lt;/b&gt;&quot;贸易&quot;有限公司');
    expect(html).not.toContain('<b>甲');
  });

  it('report retention: none on the demo day; years later the customers past retention are listed', () => {
    const html = ok(['report', 'retention', '--format', 'html']);
    expectSelfContained(html, 'zh-CN');
    expect(html).toContain('<div class="card-label">超过保管期限的客户</div><div class="card-value">0</div>');
    expect(html).toContain('没有超过保管期限的客户');
    // Another file, as the clock moves on the timelines advance.
    const later = path.join(dir, 'later.db');
    fs.copyFileSync(demo, later);
    const env = { KEHU_NOW: '2030-06-01T00:00:00Z' };
    const j = JSON.parse(ok(['report', 'retention', '--json'], later, env)) as { count: number; customers: { code: string; name: string; purge_due_since: string }[] };
    expect(j.count).toBeGreaterThan(0);
    const page = ok(['report', 'retention', '--format', 'html'], later, env);
    expect(page).toContain(`<div class="card-value">${j.count}</div>`);
    for (const c of j.customers) expect(page).toContain(`<td>${h(c.code)}</td><td>${h(c.name)}</td>`);
  });

  it('commands without a page refuse html, naming themselves and what they write (exit 2)', () => {
    const list = kehu(['list', '--format', 'html'], { db: demo });
    expect(list.status).toBe(2);
    expect(list.stdout).toBe('');
    expect(list.stderr).toContain('kehu list 不能输出 html 格式，它能输出：table、json、csv、md。');
    const before = kehu(['--format', 'html', 'list', '--lang', 'en'], { db: demo });
    expect(before.status).toBe(2);
    expect(before.stderr).toContain('kehu list cannot write html; it writes table, json, csv, md.');
    const exp = kehu(['export', 'customers', '--format', 'html'], { db: demo });
    expect(exp.status).toBe(2);
    expect(exp.stderr).toContain('kehu export 不能输出 html 格式，它能输出：csv、xlsx、json、ndjson。');
    const out = path.join(dir, 'agenda.html');
    const today = kehu(['today', '--out', out, '--lang', 'en'], { db: demo });
    expect(today.status).toBe(2);
    expect(today.stderr).toContain(`Invalid value "${out}" for --out`);
    expect(fs.existsSync(out)).toBe(false);
    // --json wins over --format, as everywhere.
    expect(kehu(['list', '--format', 'html', '--json'], { db: demo }).status).toBe(0);
    const jsonErr = kehu(['user', 'list', '--format', 'html', '--lang', 'en'], { db: demo });
    expect(jsonErr.status).toBe(2);
    expect(jsonErr.stderr).toContain('kehu user list cannot write html');
  });
});

// ───────────── a real browser ─────────────

const CHROMIUM = '/usr/bin/chromium';
const inCi = process.env.CI === 'true';

/** Runs Chromium headless on a file: its flags keep it off the network and away from the user's profile. */
function chromium(args: string[], timeoutMs = 90_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const profile = tempDir('kehu-chromium-');
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${profile}`];
  return new Promise((resolve, reject) => {
    const p = spawn(CHROMIUM, [...flags, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'zh_CN.UTF-8' } });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      fs.rmSync(profile, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

/** Decodes an 8-bit RGB or RGBA PNG (what Chromium writes) into its width, height and pixels. */
function decodePng(buf: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
      expect(data[12]).toBe(0);
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (line[x]! + pred) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

describe.skipIf(!fs.existsSync(CHROMIUM) && !inCi)('the demo churn report in headless Chromium', () => {
  it('renders the title, the figures and the chart: bars in the DOM, bar colours painted in the PNG', async () => {
    expect(fs.existsSync(CHROMIUM), `${CHROMIUM} (Debian's chromium; .ci/run installs it)`).toBe(true);
    const j = JSON.parse(ok(['churn-report', '--json'])) as { month: string; base: { count: number; revenue: number }; lost: { count: number }; trend: { month: string; lost: number }[] };
    const file = path.join(dir, 'r.html');
    ok(['churn-report', '--out', file]);
    const png = path.join(dir, 'out.png');
    const url = `file://${file}`;
    const [shot, dom] = await Promise.all([chromium([`--screenshot=${png}`, '--window-size=1200,2000', url]), chromium(['--dump-dom', url])]);
    expect(shot.code, shot.stderr).toBe(0);
    expect(dom.code, dom.stderr).toBe(0);

    // The DOM as the browser built it: the title, the figures, and the trend's bars with their heights.
    const d = dom.stdout;
    expect(d).toContain(`<title>流失客户统计分析报告 ${j.month}</title>`);
    expect(d).toContain(`<h1>流失客户统计分析报告 ${j.month}</h1>`);
    expect(d).toContain(`<div class="card-value">${j.base.count}</div>`);
    expect(d).toContain(`<div class="card-value">${yuan(j.base.revenue)}</div>`);
    const svg = /<svg class="column-chart"[^]*?<\/svg>/.exec(d)?.[0] ?? '';
    const heights = rectHeights(svg);
    expect(heights.filter((x) => x > 0)).toHaveLength(j.trend.filter((t) => t.lost > 0).length);
    expect(heights.length).toBeGreaterThan(3);
    for (const t of j.trend) expect(svg).toContain(`>${t.month}</text>`);

    // The picture: a 1200×2000 PNG, not blank, with the bars' blue and the report month's red painted in the
    // chart's area (the trend comes after the cards, in the upper half of the first screen).
    const img = decodePng(fs.readFileSync(png));
    expect([img.width, img.height]).toEqual([1200, 2000]);
    const colours = new Set<number>();
    let blue = 0;
    let red = 0;
    for (let i = 0; i < img.pixels.length; i += img.channels) {
      const [r, g, b] = [img.pixels[i]!, img.pixels[i + 1]!, img.pixels[i + 2]!];
      colours.add((r << 16) | (g << 8) | b);
      const y = Math.floor(i / img.channels / img.width);
      if (y < 1000 && Math.abs(r - 0x3b) < 8 && Math.abs(g - 0x6f) < 8 && Math.abs(b - 0xd8) < 8) blue++;
      if (y < 1000 && Math.abs(r - 0xd9) < 8 && Math.abs(g - 0x53) < 8 && Math.abs(b - 0x4f) < 8) red++;
    }
    expect(colours.size).toBeGreaterThan(50);
    expect(blue).toBeGreaterThan(2000);
    if (j.lost.count > 0) expect(red).toBeGreaterThan(500);
  }, 180_000);
});
