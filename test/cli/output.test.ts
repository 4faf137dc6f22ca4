import Table from 'cli-table3';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { plainPalette, toTable } from '../../src/cli/output.js';

/** What cli-table3 draws with the options the table renderer used to pass it. */
function cliTable3(head: string[], body: string[][]): string {
  const t = new Table({ head, style: { head: [], border: [] }, wordWrap: false, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const r of body) t.push([...r]);
  return t.toString() + '\n';
}

describe('toTable', () => {
  it('draws what cli-table3 drew: Chinese, full-width, emoji, empty cells, lines split at \\n, colour codes', async () => {
    const cases: [string[], string[][]][] = [
      [['编码', 'name'], [['Aa-粤GZ0001', 'x'], ['b', '广州甲'], ['', '']]],
      [['a', 'b'], []],
      [['h1', 'h2'], [['a\nbb', 'c'], ['😀e', '\u001b[1mB\u001b[22m'], ['é', 'ｅ'], ['（有限）公司', '¥12,345.67']]],
      [['客户', '原因'], [['甲', '价格太高\n交期长'], ['乙丙丁戊己庚辛', '']]],
    ];
    for (const [head, body] of cases) expect(await toTable(head, body, plainPalette())).toBe(cliTable3(head, body));
  });

  it('keeps every line of a long Chinese table the same display width', async () => {
    const body = Array.from({ length: 2_000 }, (_, i) => [`Aa-粤GZ${String(i).padStart(4, '0')}`, i % 3 ? '广州某某贸易有限公司' : 'Acme', i % 2 ? '价格' : '', `¥${i}.00`]);
    const lines = (await toTable(['编码', '名称', '原因', '销售额'], body, plainPalette())).trimEnd().split('\n');
    expect(lines).toHaveLength(2_003);
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
  });
});
