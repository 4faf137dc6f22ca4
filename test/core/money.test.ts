import { describe, expect, it } from 'vitest';
import { InvalidValue } from '../../src/core/errors.js';
import { fenToYuan, formatYuan, groupThousands, parseYuan, yuanText, yuanTextOfYuan } from '../../src/core/money.js';

describe('parseYuan: yuan in, exact integer fen out', () => {
  const ok = (input: string, fen: number): void => {
    it(`${input} → ${fen} fen`, () => expect(parseYuan(input)).toBe(fen));
  };
  ok('12345.67', 1234567);
  ok('0.1', 10);
  ok('0.01', 1);
  ok('100', 10000);
  ok('1,234,567.89', 123456789);
  ok('¥88', 8800);
  ok('88元', 8800);
  ok('１２.５', 1250);
  ok('0.29', 29); // 0.29 * 100 is 28.999… in floating point
  ok('1.005'.slice(0, 4), 100);
  for (const bad of ['12.345', '0', '0.00', '-5', '-0.01', 'abc', '1e5', '12,34.5', '.5', '5.', '99999999999999', 'NaN']) {
    it(`refuses ${bad}`, () => expect(() => parseYuan(bad)).toThrow(InvalidValue));
  }
});

describe('fen back to yuan', () => {
  it('keeps two decimals exactly', () => {
    expect(fenToYuan(1234567)).toBe(12345.67);
    expect(fenToYuan(29)).toBe(0.29);
    expect(formatYuan(123456789, true)).toBe('1,234,567.89');
    expect(formatYuan(5)).toBe('0.05');
  });

  it('gives the number its two-decimal text parses to, for every fen amount tried', () => {
    const amounts = [0, 1, 7, 10, 99, 100, 101, 12345, 1999999, 2 ** 40 + 3, 2 ** 53 - 1, -5, -123456];
    for (let f = 0; f < 200_000; f += 7) amounts.push(f, f * 1009 + 3);
    for (const fen of amounts) expect(fenToYuan(fen)).toBe(Number(formatYuan(fen)));
    expect(formatYuan(-123456789, true)).toBe('-1,234,567.89');
    const intl = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    // Intl formats the double, which is exact only below about 2^53 / 100 yuan; formatYuan is exact throughout.
    for (const fen of amounts.filter((f) => Math.abs(f) < 1e15)) expect(formatYuan(fen, true)).toBe(intl.format(fen / 100));
    for (const n of [0, 7, 999, 1000, 12345, 1234567, 96890, 2 ** 53 - 1]) expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('yuanText: every amount people read', () => {
  const cases: [number, string][] = [
    [6364467, '¥63,644.67'],
    [105804269, '¥1,058,042.69'],
    [5, '¥0.05'],
    [0, '¥0.00'],
    [-1200, '-¥12.00'],
  ];
  for (const [fen, text] of cases) it(`${fen} fen → ${text}`, () => expect(yuanText(fen)).toBe(text));
  it('drops .00 only when asked (round targets) and keeps fen when there are some', () => {
    expect(yuanText(500000000, { cents: 'when-any' })).toBe('¥5,000,000');
    expect(yuanText(500000001, { cents: 'when-any' })).toBe('¥5,000,000.01');
  });
  it('from yuan as JSON carries them, to the fen', () => {
    expect(yuanTextOfYuan(63644.67)).toBe('¥63,644.67');
    expect(yuanTextOfYuan(0.29)).toBe('¥0.29');
    expect(yuanTextOfYuan(1058042.69)).toBe('¥1,058,042.69');
  });
});
