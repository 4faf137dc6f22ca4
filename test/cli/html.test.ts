// The HTML building blocks: escaping, tables, charts (axes, bars, values) and the page shell.

import { describe, expect, it } from 'vitest';
import { barChart, columnChart, esc, num, page, table, yuanText } from '../../src/cli/html.js';

const hc = { lang: 'zh' as const, generatedAt: '2026-11-23 07:30', zone: 'Asia/Shanghai', db: '/srv/<kehu>.db' };

describe('html', () => {
  it('escapes markup and quotes in text and attributes', () => {
    expect(esc(`<b>甲&乙</b>"'`)).toBe('&lt;b&gt;甲&amp;乙&lt;/b&gt;&quot;&#39;');
    expect(esc(null)).toBe('');
    expect(esc(12)).toBe('12');
  });

  it('writes amounts with ¥ and grouped digits, numbers right-aligned in tables', () => {
    expect(yuanText(1234567.891)).toBe('¥1,234,567.89');
    const t = table(['名称', { num: '金额' }], [['<甲>', num(yuanText(1000))]], '无');
    expect(t).toContain('<th class="num">金额</th>');
    expect(t).toContain('<tr><td>&lt;甲&gt;</td><td class="num">¥1,000.00</td></tr>');
    expect(table(['a'], [], '无数据')).toBe('<p class="empty">无数据</p>');
  });

  it('draws a column per point, whole-number ticks for counts, no bar for zero', () => {
    const svg = columnChart(
      [
        { label: '2026-09', value: 3, text: '3', sub: '2.2%' },
        { label: '2026-10', value: 0, text: '0' },
        { label: '2026-11', value: 7, text: '7' },
      ],
      { title: 't', yTitle: '户数', xTitle: '月份' },
    );
    const ticks = [...svg.matchAll(/<text class="tick"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0', '2', '4', '6', '8', '10']);
    const heights = [...svg.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    expect(heights[1]! / heights[0]!).toBeCloseTo(7 / 3, 1);
    for (const s of ['2026-09', '2026-11', '2.2%', '户数', '月份', '>3<', '>7<']) expect(svg).toContain(s);
  });

  it('draws a horizontal bar per item, the longest for the largest, and says when there is none', () => {
    const svg = barChart(
      [
        { label: '张敏', value: 2, text: '2 户' },
        { label: '李娜 & <王>', value: 4, text: '4 户' },
      ],
      { title: '按负责人', empty: '无' },
    );
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[1]! / widths[0]!).toBeCloseTo(2, 1);
    expect(svg).toContain('李娜 &amp; &lt;王&gt;');
    expect(barChart([], { title: '按负责人', empty: '本月无流失' })).toContain('<p class="empty">本月无流失</p>');
  });

  it('builds a whole page: doctype, charset, language, title, cards, footer; nothing to run or fetch', () => {
    const html = page(hc, { title: '报告 <1>', subtitle: '期间', asOf: '2026-11-23', cards: [{ label: '流失', value: '4', tone: 'bad' }], sections: ['<section>x</section>'] });
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>报告 &lt;1&gt;</title>');
    expect(html).toContain('<div class="card bad"><div class="card-label">流失</div><div class="card-value">4</div></div>');
    expect(html).toContain('数据库 /srv/&lt;kehu&gt;.db');
    expect(html).not.toMatch(/<script|https?:|url\(/);
    expect(page({ ...hc, lang: 'en' }, { title: 'R', subtitle: '', asOf: 'd', cards: [], sections: [] })).toContain('<span>Generated 2026-11-23 07:30 (Asia/Shanghai)</span>');
  });
});
