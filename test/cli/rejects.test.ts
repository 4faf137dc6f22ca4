// Rejected import rows as a person reads them (src/cli/views/importExport.ts): one line per problem, its rows
// as ranges; a single row reads as before.
import { describe, expect, it } from 'vitest';
import type { Reject } from '../../src/app/import.js';
import { rejectLine, rejectLines } from '../../src/cli/views/importExport.js';
import { InvalidValue } from '../../src/core/errors.js';

const reject = (line: number, value = '批发'): Reject => ({ line, column: 'type', value, error: new InvalidValue('--type', value) });

describe('rejectLines', () => {
  it('one row reads as rejectLine', () => {
    expect(rejectLines([reject(4)], 'zh')).toEqual([rejectLine(reject(4), 'zh')]);
    expect(rejectLines([reject(4)], 'en')).toEqual([rejectLine(reject(4), 'en')]);
  });

  it('groups rows by column, value and message, in the order of their first row, lines as ranges', () => {
    const rows = [reject(2), reject(3), reject(4, '零售'), reject(5), reject(9), reject(11), reject(12), reject(13)];
    const zh = rejectLines(rows, 'zh');
    expect(zh).toHaveLength(2);
    expect(zh[0]).toMatch(/^第 2–3、5、9、11–13 行（7 行），type“批发”：/);
    expect(zh[1]).toMatch(/^第 4 行，type“零售”：/);
    expect(rejectLines(rows, 'en')[0]).toMatch(/^lines 2–3, 5, 9, 11–13 \(7 rows\), type "批发": /);
  });

  it('names eight ranges, then says there are more; counts with grouped digits', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => reject(2 + i * 2));
    expect(rejectLines(rows, 'zh')[0]).toMatch(/^第 2、4、6、8、10、12、14、16 等行（1,200 行）/);
    expect(rejectLines(rows, 'en')[0]).toMatch(/^lines 2, 4, 6, 8, 10, 12, 14, 16, … \(1,200 rows\)/);
  });

  it('a row listed twice for the same problem counts once', () => {
    expect(rejectLines([reject(7), reject(7), reject(8)], 'zh')[0]).toMatch(/^第 7–8 行（2 行）/);
  });
});
