// Normalising customer names so that the same company typed two ways is recognised as one (SPEC 2.7).

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
