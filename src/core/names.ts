// Normalising customer names so that the same company typed two ways is recognised as one (SPEC 2.7).

import { namePinyin } from './pinyin.js';

const BRACKETS: Record<string, string> = { '[': '(', ']': ')', '【': '(', '】': ')', '〔': '(', '〕': ')', '{': '(', '}': ')', '「': '(', '」': ')' };

/** Display form: trimmed, inner runs of spaces collapsed, full-width ASCII to half-width. */
export function cleanName(input: string): string {
  return input.normalize('NFKC').replace(/[\s\u3000]+/g, ' ').trim();
}

/**
 * The uniqueness key of a name: width-folded (NFKC turns （） into ()), all spaces removed,
 * every bracket style unified to (), Latin letters lower-cased.
 */
export function nameKey(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[[\]【】〔〕{}「」]/g, (c) => BRACKETS[c] ?? c)
    .toLowerCase();
}

/**
 * Every column a customer row derives from its name: the display form, the uniqueness key and what search
 * reads (pinyin and initials). Whatever writes or changes a name writes all four (the search index reads
 * the pinyin columns, which no trigger can compute).
 */
export function nameColumns(input: string): { name: string; name_key: string; name_pinyin: string; name_initials: string } {
  const name = cleanName(input);
  const { pinyin, initials } = namePinyin(name);
  return { name, name_key: nameKey(name), name_pinyin: pinyin, name_initials: initials };
}
