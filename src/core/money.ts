// Money: yuan in, integer fen stored (SPEC 2.5), exact to the fen without floating point.

import { InvalidValue } from './errors.js';

/** Parses a positive yuan amount with at most two decimals (`12345.67`, `12,345.67`, `¥88`) into fen. */
export function parseYuan(input: string, option = '--amount'): number {
  const text = input.normalize('NFKC').trim().replace(/^[¥￥]|元$/g, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) {
    const hint = /^-/.test(text)
      ? { zh: '给出大于 0 的金额', en: 'a positive amount' }
      : /^\d+\.\d{3,}$/.test(text)
        ? { zh: '最多两位小数（到分）', en: 'at most two decimals (fen)' }
        : { zh: '给出以元为单位的数字，如 12345.67', en: 'a number of yuan such as 12345.67' };
    throw new InvalidValue(option, input, undefined, hint);
  }
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen) || m[1]!.length > 13) throw new InvalidValue(option, input, undefined, { zh: '金额须小于 10,000,000,000,000 元', en: 'less than 10,000,000,000,000 yuan' });
  if (fen === 0) throw new InvalidValue(option, input, undefined, { zh: '给出大于 0 的金额', en: 'a positive amount' });
  return fen;
}

/**
 * Fen to yuan as a JSON number with at most two decimals: the double nearest the exact amount, the
 * same number as parsing `formatYuan(fen)` (IEEE division rounds the exact quotient correctly).
 */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** Fen to text: `12345.67`, or with grouping `12,345.67`. */
export function formatYuan(fen: number, group = false): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${group ? groupThousands(yuan) : String(yuan)}.${cents}`;
}

/**
 * A whole number with commas between groups of three digits (`1,234,567`). toLocaleString builds an
 * Intl formatter on every call (40 µs; 0.3 s for a long report) and even a kept one takes 5 µs.
 */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * An amount as people read it, in every table, Markdown page, message and prompt: `¥1,058,042.69`
 * (`-¥12.00` below zero). `cents: 'when-any'` drops `.00` for round targets (`≥¥5,000,000/季`).
 * CSV, JSON and spreadsheets keep plain numbers for scripts and re-import.
 */
export function yuanText(fen: number, { cents = 'always' }: { cents?: 'always' | 'when-any' } = {}): string {
  const text = formatYuan(Math.abs(fen), true);
  return `${fen < 0 ? '-' : ''}¥${cents === 'when-any' && fen % 100 === 0 ? text.slice(0, -3) : text}`;
}

/** The same from yuan as JSON carries them (a number with at most two decimals), to the fen. */
export function yuanTextOfYuan(yuan: number, options?: { cents?: 'always' | 'when-any' }): string {
  return yuanText(Math.round(yuan * 100), options);
}
