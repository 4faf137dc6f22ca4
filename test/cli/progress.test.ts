// The progress line's wording (src/cli/progress.ts): pure, checked without a terminal.

import { describe, expect, it } from 'vitest';
import { displayWidth, formatDuration, importedLine, progressBar, progressLine, tookText } from '../../src/cli/progress.js';

describe('progressLine', () => {
  it('with a known total: bar, percentage, rows of total, rows per second and time left', () => {
    expect(progressLine(50_000, 200_000, 5_000, 'zh')).toBe(`${'█'.repeat(6)}${'░'.repeat(18)}  25% 50,000/200,000 行 · 10,000 行/秒 · 剩余约 15 秒`);
    expect(progressLine(50_000, 200_000, 5_000, 'en')).toBe(`${'█'.repeat(6)}${'░'.repeat(18)}  25% 50,000/200,000 rows · 10,000 rows/s · about 15s left`);
  });

  it('with the share of the input read (an import): percentage and time left from it, rows and rate from the rows', () => {
    expect(progressLine(20_000, undefined, 4_000, 'zh', 0.4)).toBe(`${'█'.repeat(9)}${'░'.repeat(15)}  40% 20,000 行 · 5,000 行/秒 · 剩余约 6 秒`);
    expect(progressLine(20_000, undefined, 4_000, 'en', 0.4)).toBe(`${'█'.repeat(9)}${'░'.repeat(15)}  40% 20,000 rows · 5,000 rows/s · about 6s left`);
    // Never 100 % before the end, and a long wait in minutes.
    expect(progressLine(5_000, undefined, 1_000, 'en', 1)).toMatch(/ 99% 5,000 rows/);
    expect(progressLine(5_000, undefined, 60_000, 'zh', 0.25)).toContain('剩余约 3 分 00 秒');
  });

  it('without either: rows and rate only', () => {
    expect(progressLine(12_345, undefined, 1_000, 'zh')).toBe('已处理 12,345 行 · 12,345 行/秒');
    expect(progressLine(12_345, undefined, 1_000, 'en')).toBe('12,345 rows · 12,345 rows/s');
  });

  it('closing lines: grouped digits and seconds to one decimal', () => {
    expect(importedLine(200_000, 7.08, 'zh')).toBe('已导入 200,000 行，用时 7.1 秒');
    expect(importedLine(200_000, 7.08, 'en')).toBe('Imported 200,000 rows in 7.1 s');
    expect(importedLine(1, 0.04, 'en', true)).toBe('Checked 1 row (dry run, nothing written) in 0.0 s');
    expect(tookText(12.6, 'zh')).toBe('，用时 12.6 秒');
    expect(formatDuration(3725, 'en')).toBe('1h 02m');
  });

  it('draws nothing when the stream is not a terminal', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const bar = progressBar('zh', { stream });
    bar.tick(5_000, 0.5);
    bar.phase('正在提交…');
    bar.done();
    expect(bar.shown).toBe(false);
    expect(written).toEqual([]);
  });

  it('on a terminal: redraws in place at most four times a second, the phase replaces the bar, done clears the line', () => {
    const written: string[] = [];
    const stream = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    let now = 1_000_000;
    const bar = progressBar('en', { stream, total: 10_000, now: () => now });
    bar.tick(1_000);
    now += 100;
    bar.tick(2_000); // too soon: not drawn
    now += 200;
    bar.tick(3_000);
    bar.phase('Committing…');
    bar.done();
    expect(written).toEqual([
      `\r${progressLine(1_000, 10_000, 0, 'en')}\u001b[K`,
      `\r${progressLine(3_000, 10_000, 300, 'en')}\u001b[K`,
      '\rCommitting…\u001b[K',
      '\r\u001b[K',
    ]);
    expect(bar.seconds()).toBeCloseTo(0.3);
  });
});

describe('progressLine in a narrow terminal', () => {
  it('shortens the bar so the line never wraps, and drops it when there is no room', () => {
    const wide = progressLine(20_000, undefined, 4_000, 'zh', 0.4, 120);
    expect(wide).toBe(progressLine(20_000, undefined, 4_000, 'zh', 0.4));
    const narrow = progressLine(20_000, undefined, 4_000, 'zh', 0.4, 60);
    expect(displayWidth(narrow)).toBeLessThanOrEqual(59);
    expect(narrow).toMatch(/^█+░+ {2}40% 20,000 行 · 5,000 行\/秒 · 剩余约 6 秒$/);
    expect(progressLine(20_000, undefined, 4_000, 'en', 0.4, 40)).toBe('40% 20,000 rows · 5,000 rows/s · about 6s left');
    expect(displayWidth('已导入 200,000 行')).toBe(17);
  });
});
