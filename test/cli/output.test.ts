import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitColumns, hiddenNote, type Palette, plainPalette, tableWidth, toRecordTable, toTable, wrapText } from '../../src/cli/output.js';
import { Writable } from 'node:stream';
import { writeRows } from '../../src/cli/stream.js';

/** The plain palette drawing for a terminal of `columns`. */
function screen(columns: number, lang: 'zh' | 'en' = 'zh'): Palette {
  return { ...plainPalette(), screen: { columns, lang } };
}

const lines = (s: string): string[] => s.trimEnd().split('\n');

describe('toTable', () => {
  it('draws a bordered table with a rule under the header and none between body rows', async () => {
    expect(await toTable(['编码', 'name'], [['Aa-粤GZ0001', 'x'], ['b', '广州甲'], ['', '']], plainPalette())).toBe(
      [
        '┌─────────────┬────────┐',
        '│ 编码        │ name   │',
        '├─────────────┼────────┤',
        '│ Aa-粤GZ0001 │ x      │',
        '│ b           │ 广州甲 │',
        '│             │        │',
        '└─────────────┴────────┘',
        '',
      ].join('\n'),
    );
  });

  it('splits a cell at \\n into lines of its row and measures full-width, emoji and colour codes by display width', async () => {
    const out = lines(await toTable(['h1', 'h2'], [['a\nbb', 'c'], ['😀e', '\u001b[1mB\u001b[22m'], ['é', 'ｅ'], ['（有限）公司', '¥12,345.67']], plainPalette()));
    expect(out[3]).toBe('│ a            │ c          │');
    expect(out[4]).toBe('│ bb           │            │');
    expect(new Set(out.map((l) => stringWidth(l))).size).toBe(1);
  });

  it('keeps every line of a long Chinese table the same display width', async () => {
    const body = Array.from({ length: 2_000 }, (_, i) => [`Aa-粤GZ${String(i).padStart(4, '0')}`, i % 3 ? '广州某某贸易有限公司' : 'Acme', i % 2 ? '价格' : '', `¥${i}.00`]);
    const out = lines(await toTable(['编码', '名称', '原因', '销售额'], body, plainPalette()));
    expect(out).toHaveLength(2_004);
    expect(new Set(out.map((l) => stringWidth(l))).size).toBe(1);
  });

  it('is unchanged by any window when it is not drawn for a terminal', async () => {
    const body = [['Aa-粤GZ0001', '广州某某贸易有限公司', '张敏', '2026-11-23', '一段很长很长的备注文字']];
    const out = lines(await toTable(['编码', '名称', '负责人', '日期', '备注'], body, plainPalette(), { priority: [undefined, undefined, 1, 2, 3] }));
    expect(stringWidth(out[0]!)).toBeGreaterThan(80);
  });

  it('drops the lowest priority first on a narrow terminal, names what it dropped, and keeps what fits', async () => {
    const head = ['编码', '名称', '负责人', '日期', '备注'];
    const body = [['Aa-粤GZ0001', '广州某某贸易有限公司', '张敏', '2026-11-23', '一段很长很长的备注文字']];
    const full = tableWidth([11, 20, 6, 10, 22]);
    expect(full).toBe(85);
    // At 80 the date (priority 1) goes and that is enough.
    const rows = lines(await toTable(head, body, screen(80), { priority: [undefined, undefined, 2, 1, 3] }));
    expect(rows[1]).toBe('│ 编码        │ 名称                 │ 负责人 │ 备注                   │');
    expect(rows.at(-1)).toBe('（已省略 1 列：日期；--wide 显示全部）');
    for (const l of rows) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    // At 60 the date, the owner and the note go; then the owner and the date fit again in the room the note left.
    const en = lines(await toTable(['Code', 'Name', 'Owner', 'Date', 'Note'], body, screen(60, 'en'), { priority: [undefined, undefined, 2, 1, 3] }));
    expect(en[1]).toBe('│ Code        │ Name                 │ Owner │ Date       │');
    expect(en.at(-1)).toBe('(1 column hidden: Note; --wide shows all)');
  });

  it('makes a row only as tall as its tallest kept cell: a dropped column of many lines adds no blank lines', async () => {
    const body = [['2', '昆明盛德插头科技有限公司', '2026-09 53.95\n2026-10 46\n2026-11 53.9', '销售经理、市场经理']];
    const out = lines(await toTable(['编号', '名称', '评审分数', '等待'], body, screen(60), { priority: [undefined, undefined, 1, 2] }));
    expect(out.filter((l) => l.startsWith('│'))).toHaveLength(2);
    expect(out.join('\n')).not.toContain('53.95');
  });

  it('keeps the priorities when rows are streamed into a table (writeRows)', async () => {
    const rows = [{ code: 'Cb-粤GZ0001', name: '广州市天河电子有限公司', owner: '李强', note: '很长的备注'.repeat(8) }];
    const columns = [{ key: 'code' }, { key: 'name' }, { key: 'owner', priority: 2 }, { key: 'note', priority: 1 }];
    let text = '';
    const out = new Writable({ write: (chunk, _e, done) => { text += String(chunk); done(); } });
    await writeRows(rows, columns, { format: 'table', lang: 'zh', pal: screen(60) }, { out });
    expect(text).toContain('李强');
    expect(text).not.toContain('很长的备注');
    expect(text).toContain('已省略 1 列');
  });

  it('turns into one block per record when the columns it must keep do not fit', async () => {
    const body = [
      ['Aa-粤GZ0001', '广州某某贸易有限公司', '张敏'],
      ['Cb-京BJ0002', '北京', ''],
    ];
    const out = await toTable(['编码', '名称', '负责人'], body, screen(30), { priority: [undefined, undefined, 1] });
    expect(out).toBe(['编码：    Aa-粤GZ0001', '名称：    广州某某贸易有限公司', '负责人：  张敏', '', '编码：    Cb-京BJ0002', '名称：    北京', ''].join('\n'));
  });

  it('wraps a long value in a block at the window without cutting a Chinese character', async () => {
    const note = '这是一段非常长的备注，说明客户的采购计划和付款方式，需要跨越好几行显示';
    const out = lines(await toTable(['Code', 'Note'], [['Aa-粤GZ0001', note]], screen(30, 'en')));
    for (const l of out) expect(stringWidth(l)).toBeLessThanOrEqual(30);
    expect(out.map((l) => l.slice(7)).join('')).toContain(note);
  });

  it('draws a key-value table too wide for the window as a record table', async () => {
    const out = await toTable(['Figure', 'Value'], [['Lost in 12 months without a salvage plan', '7'], ['Revenue', '¥2,070,995.46']], screen(20, 'en'), { keyValue: true });
    expect(lines(out)[0]).toBe('Lost in 12 months without a salvage plan  7');
  });
});

describe('fitColumns', () => {
  const _ = (widths: number[], priority: (number | undefined)[], columns: number): ReturnType<typeof fitColumns> => fitColumns(widths, priority, columns);
  it.each([
    // Fits: nothing dropped.
    [[10, 10, 10], [undefined, 1, 2], 40, { keep: [0, 1, 2], dropped: [] }],
    // The lowest priority goes first.
    [[10, 10, 10], [undefined, 1, 2], 30, { keep: [0, 2], dropped: [1] }],
    [[10, 10, 10], [undefined, 2, 1], 30, { keep: [0, 1], dropped: [2] }],
    // Ties: the rightmost goes first.
    [[10, 10, 10], [undefined, 1, 1], 30, { keep: [0, 1], dropped: [2] }],
    // A small column dropped before a wide one comes back when the wide one's going leaves room.
    [[10, 5, 30], [undefined, 1, 2], 30, { keep: [0, 1], dropped: [2] }],
    // Columns without a priority never go: when they do not fit, null (blocks).
    [[40, 40, 5], [undefined, undefined, 1], 60, null],
  ] as const)('%j %j in %i', (widths, priority, columns, expected) => {
    expect(_([...widths], [...priority], columns)).toEqual(expected);
  });
});

describe('wrapText', () => {
  const w = (s: string): number => stringWidth(s);
  it('breaks at spaces, or anywhere between characters, never inside a wide one', () => {
    expect(wrapText('the quick brown fox', 10, w)).toEqual(['the quick', 'brown fox']);
    expect(wrapText('一二三四五六七', 5, w)).toEqual(['一二', '三四', '五六', '七']);
    expect(wrapText('ab一二三', 5, w)).toEqual(['ab一', '二三']);
    expect(wrapText('line one\nline two', 40, w)).toEqual(['line one', 'line two']);
  });
  it('keeps colour codes whole and counts them as nothing', () => {
    const out = wrapText('\u001b[2m一二三四\u001b[22m', 4, w);
    expect(out.map(w)).toEqual([4, 4]);
    expect(out.join('')).toBe('\u001b[2m一二三四\u001b[22m');
  });
});

describe('toRecordTable', () => {
  it('is two aligned columns, indented, labels first, no rules, a blank line after, and wraps values at a terminal', async () => {
    expect(await toRecordTable([['客户代码', 'Aa-粤GZ0001'], ['备注', 'x'], ['传真', '']], plainPalette())).toBe('  客户代码  Aa-粤GZ0001\n  备注      x\n  传真\n\n');
    const out = lines(await toRecordTable([['Note', 'aaaa bbbb cccc dddd eeee']], screen(22)));
    expect(out).toEqual(['  Note  aaaa bbbb cccc', '        dddd eeee']);
    expect(await toRecordTable([], plainPalette())).toBe('');
  });
  it('says which columns it hid', () => {
    expect(hiddenNote(['等级', '状态'], 'zh')).toBe('（已省略 2 列：等级、状态；--wide 显示全部）');
    expect(hiddenNote(['Grade'], 'en')).toBe('(1 column hidden: Grade; --wide shows all)');
  });
});
