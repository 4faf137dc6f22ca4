// kehu search TEXT (SPEC 2.8): customers found by code, name, pinyin, contact, phone digits, e-mail or
// address, best first, each with the field it was found by. Read-only.

import { InvalidValue, MissingValue } from '../core/errors.js';
import { bestReading, letterDigits, matchKind, type MatchField, type MatchKind, MIN_FRAGMENT, phoneDigits, type SearchTerms, searchTerms } from '../core/search.js';
import * as store from '../store/search.js';
import type { AppContext } from './context.js';
import { limitOf } from './validate.js';

/** One customer found (README "JSON contract": `kehu search --json` prints an array of these). */
export interface SearchHit {
  code: string;
  name: string;
  grade: string;
  status: string;
  owner: string | null;
  matched_field: MatchField;
  /** The value of that field as stored: the code, the name, the pinyin, the number, the address … */
  matched_value: string;
  match: MatchKind;
  /** The contact whose name, number or e-mail matched; null for the customer's own fields. */
  contact: string | null;
}

export interface SearchResult {
  text: string;
  hits: SearchHit[];
  /** More customers match than the limit let through. */
  more: boolean;
}

export const DEFAULT_SEARCH_LIMIT = 20;

export interface SearchInput {
  text?: string | undefined;
  limit?: string | undefined;
}

type Found = Omit<SearchHit, 'code' | 'name' | 'grade' | 'status' | 'owner'> & { customer: store.SearchCustomerRow };

/** A candidate of a field that matched in the index, checked against its row: the match, or undefined. */
type Check = (id: number) => Found | undefined;

function customerCheck(ctx: AppContext, field: MatchField, value: (c: store.SearchCustomerRow) => string | null, needle: string, searched = (v: string): string => v): Check {
  return (id) => {
    const customer = store.searchCustomer(ctx.db, id);
    const v = customer ? value(customer) : null;
    const kind = v === null ? undefined : matchKind(searched(v), needle);
    return kind && customer && v !== null ? { customer, matched_field: field, matched_value: v, match: kind, contact: null } : undefined;
  };
}

function contactCheck(ctx: AppContext, field: MatchField, value: (c: store.SearchContactRow) => string | null, needle: string, searched = (v: string): string => v): Check {
  return (id) => {
    const contact = store.searchContact(ctx.db, id);
    const v = contact ? value(contact) : null;
    const kind = v === null ? undefined : matchKind(searched(v), needle);
    const customer = kind && contact ? store.searchCustomer(ctx.db, contact.customer_id) : undefined;
    return kind && customer && contact && v !== null ? { customer, matched_field: field, matched_value: v, match: kind, contact: contact.name } : undefined;
  };
}

/**
 * The rows of one field whose index entry matches, checked against the row (the index may say more than
 * the row); `holds`: the text the store checks first, in the field's stored form.
 */
function* indexed(ctx: AppContext, field: store.SearchField, query: store.SearchQuery | undefined, check: Check, holds?: { text: string; atStart?: boolean }): Generator<Found> {
  if (query === undefined) return;
  for (const id of store.fieldMatches(ctx.db, field, query, holds)) {
    const found = check(id);
    if (found) yield found;
  }
}

/**
 * The ranked sources of hits, best first: the exact code (a former one too, or the stable part), a code
 * fragment, the exact name, a name prefix, a name fragment, a pinyin or initials prefix, a pinyin or
 * initials fragment, a contact's name, phone/fax/mobile digits, an e-mail, an address. Each is read only
 * as far as needed.
 */
function* ranked(ctx: AppContext, t: SearchTerms): Generator<Found> {
  const db = ctx.db;
  if (t.code) {
    const c = t.code.kind === 'full' ? store.searchCustomerByCode(db, t.code.code) : store.searchCustomerByRegionSerial(db, t.code.region, t.code.serial);
    if (c) yield { customer: c, matched_field: c.code === t.code.code || t.code.kind === 'stable' ? 'code' : 'former_code', matched_value: t.code.kind === 'full' ? t.code.code : c.code, match: 'exact', contact: null };
    else if (t.code.kind === 'full') {
      // A full code this customer never had (other grade or status letters): its stable part still names it.
      const s = store.searchCustomerByRegionSerial(db, t.code.region, t.code.serial);
      if (s) yield { customer: s, matched_field: 'code', matched_value: s.code, match: 'fragment', contact: null };
    }
  }
  const codeFragment = t.codeFragment;
  if (codeFragment !== undefined) {
    yield* indexed(ctx, 'code', store.trigramQuery(codeFragment), customerCheck(ctx, 'code', (c) => c.code, codeFragment, (v) => v.toLowerCase()), { text: codeFragment });
  }

  if (t.nameKey !== '') {
    const exact = store.searchCustomerByNameKey(db, t.nameKey);
    if (exact) yield { customer: exact, matched_field: 'name', matched_value: exact.name, match: 'exact', contact: null };
    for (const c of store.customersByNamePrefix(db, t.nameKey)) yield { customer: c, matched_field: 'name', matched_value: c.name, match: 'prefix', contact: null };
  }
  const chars = t.chars.join('');
  // A number of four digits or more, a code or a part of one with digits (粤GZ00, SHZ1916) is looked for
  // in numbers and codes, not inside names, contacts and addresses: every house number would be read for
  // it (15–40 ms at a million customers) to find none.
  const codeLike = t.code !== undefined || (t.codeFragment !== undefined && /\d/.test(t.codeFragment)) || (t.digits !== undefined && /^\d+$/.test(chars));
  const phrase = t.chars.length && !codeLike ? store.phraseQuery(t.chars.join(''), t.chars) : undefined;
  if (phrase) yield* indexed(ctx, 'name', phrase, customerCheck(ctx, 'name', (c) => c.name, chars, letterDigits));

  const py = t.pinyin;
  if (py !== undefined && py.length >= 2) {
    const pairs = [...py].slice(1).map((c, i) => py[i]! + c);
    // A name holding 市 … has two readings (core/pinyin.ts): the one matched is shown.
    const full = (c: store.SearchCustomerRow): string | null => (c.name_pinyin === null ? null : bestReading(c.name_pinyin, py));
    const initials = (c: store.SearchCustomerRow): string | null => (c.name_initials === null ? null : bestReading(c.name_initials, py));
    const startsWith = (check: Check): Check => (id) => {
      const f = check(id);
      return f && f.match !== 'fragment' ? f : undefined;
    };
    yield* indexed(ctx, 'pinyin', store.trigramQuery(`^${py}`), startsWith(customerCheck(ctx, 'pinyin', full, py)), { text: py, atStart: true });
    yield* indexed(ctx, 'initials', store.phraseQuery(py, pairs, { atStart: true }), startsWith(customerCheck(ctx, 'initials', initials, py)));
    if (py.length >= MIN_FRAGMENT) yield* indexed(ctx, 'pinyin', store.trigramQuery(py), customerCheck(ctx, 'pinyin', full, py), { text: py });
    yield* indexed(ctx, 'initials', store.phraseQuery(py, pairs), customerCheck(ctx, 'initials', initials, py));
  }

  if (phrase) {
    const name = contactCheck(ctx, 'contact', (c) => c.name, chars, letterDigits);
    yield* indexed(ctx, 'contact', store.phraseQuery(t.chars.join(''), t.chars, { atStart: true }), name);
    yield* indexed(ctx, 'contact', phrase, name);
  }
  const digits = t.digits;
  if (digits !== undefined) {
    const q = store.trigramQuery(digits);
    const holds = { text: digits };
    yield* indexed(ctx, 'phone', q, customerCheck(ctx, 'phone', (c) => c.phone, digits, phoneDigits), holds);
    yield* indexed(ctx, 'fax', q, customerCheck(ctx, 'fax', (c) => c.fax, digits, phoneDigits), holds);
    yield* indexed(ctx, 'contact_mobile', q, contactCheck(ctx, 'contact_mobile', (c) => c.mobile, digits, phoneDigits), holds);
    yield* indexed(ctx, 'contact_phone', q, contactCheck(ctx, 'contact_phone', (c) => c.phone, digits, phoneDigits), holds);
  }
  const email = t.email;
  if (email !== undefined) {
    const q = store.trigramQuery(email);
    const lower = (v: string): string => v.toLowerCase();
    yield* indexed(ctx, 'email', q, customerCheck(ctx, 'email', (c) => c.email, email, lower), { text: email });
    yield* indexed(ctx, 'contact_email', q, contactCheck(ctx, 'contact_email', (c) => c.email, email, lower), { text: email });
  }
  if (phrase) yield* indexed(ctx, 'address', phrase, customerCheck(ctx, 'address', (c) => c.address, chars, letterDigits));
}

/** A checked search: its terms and how many customers at most. */
export interface SearchRequest {
  terms: SearchTerms;
  limit: number;
}

/** Checks the text and the limit before any file is opened: an empty text is a usage error. */
export function searchRequest(input: SearchInput): SearchRequest {
  if (input.text === undefined) throw new MissingValue('TEXT');
  const terms = searchTerms(input.text);
  if (terms.text === '') throw new InvalidValue('TEXT', input.text, undefined, { zh: '给出要查找的名称、拼音、代码、电话号码、联系人或 E-mail', en: 'a name, pinyin, code, phone digits, contact or e-mail to look for' });
  return { terms, limit: limitOf(input.limit, DEFAULT_SEARCH_LIMIT) ?? Number.POSITIVE_INFINITY };
}

/** The best hits, one per customer, at most the limit. */
export function search(ctx: AppContext, request: SearchRequest): SearchResult {
  const r = searchStream(ctx, request);
  const hits = [...r.hits];
  return { text: r.text, hits, more: r.more() };
}

/** A search whose hits are found as they are read; `more()` tells, once they are read, whether the limit cut some off. */
export interface SearchStream {
  text: string;
  hits: Iterable<SearchHit>;
  more(): boolean;
}

/** The best hits one at a time, one per customer, at most the limit (kehu search writes each as it is found). */
export function searchStream(ctx: AppContext, { terms, limit }: SearchRequest): SearchStream {
  let more = false;
  function* hits(): Generator<SearchHit> {
    const seen = new Set<number>();
    for (const f of ranked(ctx, terms)) {
      if (seen.has(f.customer.id)) continue;
      if (seen.size === limit) {
        more = true;
        return;
      }
      seen.add(f.customer.id);
      const c = f.customer;
      yield { code: c.code, name: c.name, grade: c.grade, status: c.status, owner: c.owner, matched_field: f.matched_field, matched_value: f.matched_value, match: f.match, contact: f.contact };
    }
  }
  return { text: terms.text, hits: { [Symbol.iterator]: hits }, more: () => more };
}
