// The error message catalogue (src/cli/i18n.ts) in both languages: Chinese messages carry no English phrase,
// English ones no Chinese outside parentheses and quotes and no full-width punctuation.
//
// The rule, kept simple: in Chinese, after taking out `kehu …` command lines, flags and the parameters, no two
// lower-case English words stand side by side (names such as CSV, JSON, E-mail, UTF-8 and single values such as
// csv|xlsx or sales-manager are fine). In English, Chinese appears only inside ( ) or quotes: domain terms and
// values such as (广东, 粤) or “单位名称”.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorParams } from '../../src/core/errors.js';
import { errorMessage, t } from '../../src/cli/i18n.js';
import { ROOT } from '../helpers.js';

const SRC = path.join(ROOT, 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}
const FILES = sources(SRC).map((f) => ({ file: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }));

/** Every error key kehu throws: the DomainError subclasses' keys and any DomainError made directly. */
const KEYS = [...new Set(FILES.flatMap(({ text }) => [...text.matchAll(/(?:super|new DomainError|new UsageError)\(\s*'([a-z_]+)'/g)].map((m) => m[1]!)))].sort();

const LISTS = new Set(['suggestions', 'candidates', 'allowed', 'missing', 'names', 'ids', 'holds', 'waiting', 'roles']);
const PROBLEMS = [
  ...['not_json', 'not_object', 'unknown_key', 'no_quotas', 'unknown_id', 'duplicate_id', 'unknown_period', 'bad_min', 'bad_min_amount', 'max_below_min', 'no_roles', 'unknown_role', 'missing_label', 'bad_work_days'],
  ...['bad_intent_stage', 'bad_new_customer_months', 'unreadable', 'empty', 'not_archive', 'cut_off', 'header_count', 'end_count', 'row_refused', 'row_width'],
];
/** Parameter values that take each branch of the wording (duty, problem, why …); everything else is the value X. */
const VARIANTS: Record<string, unknown>[] = [
  {},
  ...['handler', 'approver', 'owner'].map((duty) => ({ duty })),
  { option: '--as' },
  { current: undefined },
  { settled_on: undefined },
  ...['deactivated', 'missing_reference', 'duplicate', 'invalid_value'].map((why) => ({ why })),
  { what: 'visit' },
  { what: 'order' },
  { attempt: 'send-materials' },
  { status: 'approved' },
  { hint: undefined, hint_zh: undefined },
  { hint: 'YYYY-MM-DD', hint_zh: undefined },
  { allowed: undefined },
  ...PROBLEMS.map((problem) => ({ problem })),
];

function params(overrides: Record<string, unknown>): ErrorParams {
  return new Proxy({}, {
    get: (_t, k: string) => (k in overrides ? overrides[k] : LISTS.has(k) ? ['X', 'Y'] : 'X'),
    has: (_t, k: string) => (k in overrides ? overrides[k] !== undefined : true),
  });
}

function messages(lang: 'zh' | 'en'): { key: string; text: string }[] {
  return KEYS.flatMap((key) => [...new Set(VARIANTS.map((v) => errorMessage(new DomainError(key, `ENGLISH FALLBACK ${key}`, params(v)), lang)))].map((text) => ({ key, text })));
}

const CJK = /[\p{Script=Han}]/u;
const FULL_WIDTH = /[：（），。；、！？“”‘’【】《》]/;

/** A Chinese message with the code in it taken out: `kehu …` command lines, flags, placeholders. */
function zhProse(text: string): string {
  return text
    .replace(/kehu[ -~]*/g, ' ')
    .replace(/--[a-z-]+/g, ' ')
    .replace(/<[^>]*>/g, ' ');
}

/** An English message with ( … ) groups and quoted values taken out. */
function enProse(text: string): string {
  let s = text.replace(/"[^"]*"/g, '""').replace(/“[^”]*”/g, '""');
  for (let prev = ''; prev !== s; ) [prev, s] = [s, s.replace(/\([^()]*\)/g, '()')];
  return s;
}

describe('the error message catalogue', () => {
  it('finds the error keys kehu throws', () => {
    expect(KEYS.length).toBeGreaterThanOrEqual(50);
    expect(KEYS).toContain('invalid_value');
  });

  it('the rules catch what issue 16 found, and let codes, flags and names through', () => {
    expect(/\b[a-z]{2,} [a-z]{2,}\b/.test(zhProse('--date 的值“X”无效。修正：应为 not in the future (now X)。'))).toBe(true);
    expect(/\b[a-z]{2,} [a-z]{2,}\b/.test(zhProse('修正：用 kehu user add 王伟 --role <角色> 添加，或用 --encoding gbk 或在 Excel 中另存为“CSV UTF-8”。'))).toBe(false);
    expect(CJK.test(enProse('Unknown province "广冬". Fix: give the full name (广东, 粤).'))).toBe(false);
    expect(FULL_WIDTH.test(enProse('Month: 2026-10（2026-10-01 ~ 2026-10-31）'))).toBe(true);
  });

  it('every key has its own wording in both languages (none falls back to the English of the code)', () => {
    const fallback = KEYS.filter((key) => ['zh', 'en'].some((lang) => errorMessage(new DomainError(key, `ENGLISH FALLBACK ${key}`, params({})), lang as 'zh' | 'en').startsWith('ENGLISH FALLBACK')));
    expect(fallback).toEqual([]);
  });

  it('no Chinese message holds an English phrase', () => {
    const bad = messages('zh').filter(({ text }) => /\b[a-z]{2,} [a-z]{2,}\b/.test(zhProse(text)));
    expect(bad.map(({ key, text }) => `${key}: ${text}`)).toEqual([]);
  });

  it('no English message holds Chinese outside parentheses and quotes, nor full-width punctuation', () => {
    const bad = messages('en').filter(({ text }) => CJK.test(enProse(text)) || FULL_WIDTH.test(enProse(text)));
    expect(bad.map(({ key, text }) => `${key}: ${text}`)).toEqual([]);
  });

  it('the short texts (t) are Chinese in Chinese and ASCII in English', () => {
    for (const key of ['error', 'none', 'count', 'cancelled', 'searchMore'] as const) {
      expect(t(key, 'zh', { n: 1, text: 'x' })).toMatch(CJK);
      expect(t(key, 'en', { n: 1, text: 'x' })).not.toMatch(new RegExp(`${CJK.source}|${FULL_WIDTH.source}`, 'u'));
    }
  });

  it('an InvalidValue hint with English words is a {zh, en} pair, not an English string the Chinese message would carry', () => {
    const bad = FILES.flatMap(({ file, text }) =>
      [...text.matchAll(/new InvalidValue\(([^;]*?)\);/g)]
        .map((m) => /,\s*(['`])((?:(?!\1).)*)\1\s*$/.exec(m[1]!)?.[2])
        .filter((hint): hint is string => hint !== undefined && /[a-z]{2,} [a-z]{2,}/i.test(hint))
        .map((hint) => `${file}: ${hint}`),
    );
    expect(bad).toEqual([]);
  });
});
