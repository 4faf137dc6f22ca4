// Searching customers (kehu search, SPEC 2.8): what a search text can be — a code or part of one, a name or
// part of one, pinyin or initials, phone digits, an e-mail — and how a stored value is compared with it.

import { type ParsedCode, parseCode, PROVINCE_ABBRS } from './code.js';
import { nameKey } from './names.js';

/** The field a customer was found by (documented JSON values of `matched_field`). */
export type MatchField =
  | 'code'
  | 'former_code'
  | 'name'
  | 'pinyin'
  | 'initials'
  | 'contact'
  | 'phone'
  | 'fax'
  | 'contact_mobile'
  | 'contact_phone'
  | 'email'
  | 'contact_email'
  | 'address';

/** How the text matched the field: all of it, its beginning, or somewhere inside. */
export type MatchKind = 'exact' | 'prefix' | 'fragment';

/** The forms of one search text that each kind of field is searched with. */
export interface SearchTerms {
  /** The text as given, width-folded, trimmed, inner spaces collapsed. */
  text: string;
  /** The text is a customer code in a form `show` accepts (full, former or stable part). */
  code: ParsedCode | undefined;
  /** Lower case without spaces, 3+ characters that can all occur in a code (letters, digits, -, province abbreviations; letters alone at most 5). */
  codeFragment: string | undefined;
  /** The name's uniqueness key (core/names.ts nameKey), for the exact name and name prefixes. */
  nameKey: string;
  /** The letters and digits of the text, lower case, one per character: how names, contacts and addresses are indexed. */
  chars: string[];
  /** Latin letters only (spaces and apostrophes dropped, ü as v), lower case: pinyin or initials. */
  pinyin: string | undefined;
  /** The digits of a phone number or a part of one (spaces, dashes, brackets and a leading +86 dropped), 4 or more. */
  digits: string | undefined;
  /** Lower case without spaces, 3+ characters that can occur in an e-mail address. */
  email: string | undefined;
}

/** The shortest digit run searched in phone numbers: fewer digits match too much to be a search. */
export const MIN_PHONE_DIGITS = 4;
/** Trigram matching needs three characters (codes, full pinyin inside a name's reading, phones, e-mails). */
export const MIN_FRAGMENT = 3;

const PROVINCE_CHARS = new Set(PROVINCE_ABBRS);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Width-folded, trimmed, every run of spaces (ideographic ones too) made one space. */
export function searchText(input: string): string {
  return input.normalize('NFKC').replace(/[\s\u3000]+/g, ' ').trim();
}

/** The letters and digits of a text, lower case: what the words index holds of names, contacts and addresses. */
export function letterDigits(value: string): string {
  let out = '';
  for (const c of value.normalize('NFKC').toLowerCase()) if (LETTER_OR_DIGIT.test(c)) out += c;
  return out;
}

/** The digits of a phone or fax number as stored (020-8888 1234, (020) 88881234 转 12, +86 …). */
export function phoneDigits(value: string): string {
  return value.normalize('NFKC').replace(/\D/g, '');
}

/** Letters alone longer than this are no part of a code (its letters are two, a dash, then region initials), but pinyin. */
const MAX_CODE_LETTERS = 5;

function codeFragmentOf(text: string): string | undefined {
  const t = text.replace(/ /g, '').replace(/[‐‑‒–—―−－]/g, '-').toLowerCase();
  const length = [...t].length;
  if (length < MIN_FRAGMENT) return undefined;
  for (const c of t) if (!/[a-z0-9-]/.test(c) && !PROVINCE_CHARS.has(c)) return undefined;
  if (/^[a-z]+$/.test(t) && length > MAX_CODE_LETTERS) return undefined;
  return t;
}

function pinyinOf(text: string): string | undefined {
  const t = text.toLowerCase().replace(/ü|u:/g, 'v');
  // Letters only: with digits it is a code (SHZ1916) far more often than a reading (3M中国, 3mzhongguo).
  if (!/^[a-z][a-z '’]*$/.test(t)) return undefined;
  return t.replace(/[ '’]/g, '');
}

function digitsOf(text: string): string | undefined {
  if (!/^\+?[\d\s().-]+$/.test(text)) return undefined;
  // An international prefix written as such (+86, 0086) is not part of a number as stored.
  const d = text.replace(/^(?:\+|00)86(?=[\s().-]*\d)/, '').replace(/\D/g, '');
  return d.length >= MIN_PHONE_DIGITS ? d : undefined;
}

function emailOf(text: string): string | undefined {
  const t = text.toLowerCase();
  return /^[a-z0-9._%+@-]+$/.test(t) && t.length >= MIN_FRAGMENT ? t : undefined;
}

function codeOf(text: string): ParsedCode | undefined {
  try {
    return parseCode(text);
  } catch {
    return undefined;
  }
}

/** Every form a search text is looked for in; a form that cannot match its kind of field is undefined. */
export function searchTerms(input: string): SearchTerms {
  const text = searchText(input);
  return {
    text,
    code: codeOf(text),
    codeFragment: codeFragmentOf(text),
    nameKey: nameKey(text),
    chars: [...letterDigits(text)],
    pinyin: pinyinOf(text),
    digits: digitsOf(text),
    email: emailOf(text),
  };
}

/** How `needle` (already in the field's searched form) sits in `value`: exact, prefix, fragment, or not at all. */
export function matchKind(value: string, needle: string): MatchKind | undefined {
  const at = value.indexOf(needle);
  if (at < 0 || needle === '') return undefined;
  if (at === 0) return value.length === needle.length ? 'exact' : 'prefix';
  return 'fragment';
}

const KIND_ORDER: Record<MatchKind, number> = { exact: 0, prefix: 1, fragment: 2 };

/**
 * Of a name's readings (name_pinyin or name_initials: one, or two after a space when the name holds 市 …),
 * the one the needle sits in best: exact, then at its start, then anywhere; the first when none.
 */
export function bestReading(readings: string, needle: string): string {
  let best: string | undefined;
  let rank = 3;
  for (const r of readings.split(' ')) {
    const k = matchKind(r, needle);
    if (k !== undefined && KIND_ORDER[k] < rank) [best, rank] = [r, KIND_ORDER[k]];
  }
  return best ?? readings.split(' ')[0]!;
}
