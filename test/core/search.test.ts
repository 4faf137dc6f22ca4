import { describe, expect, it } from 'vitest';
import { bestReading, letterDigits, matchKind, phoneDigits, searchTerms, searchText } from '../../src/core/search.js';

describe('searchTerms: what a search text can be', () => {
  it('a name fragment: its characters, its key; no pinyin, digits or e-mail', () => {
    expect(searchTerms(' 天河 ')).toMatchObject({ text: '天河', chars: ['天', '河'], nameKey: '天河', pinyin: undefined, digits: undefined, email: undefined, code: undefined, codeFragment: undefined });
  });

  const _ = (input: string, expected: Partial<ReturnType<typeof searchTerms>>): void => {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => expect(searchTerms(input)).toMatchObject(expected));
  };
  // Pinyin with or without spaces and apostrophes, any case; ü as v.
  _('gzth', { pinyin: 'gzth', codeFragment: 'gzth', email: 'gzth' });
  _('Guangzhou TianHe', { pinyin: 'guangzhoutianhe', digits: undefined, codeFragment: undefined });
  _('HEB', { pinyin: 'heb', codeFragment: 'heb' });
  _("xi'an", { pinyin: 'xian' });
  _('lüse', { pinyin: 'lvse' });
  _('th', { pinyin: 'th', codeFragment: undefined, email: undefined });
  _('SHZ1916', { pinyin: undefined, codeFragment: 'shz1916' });
  _('1234', { pinyin: undefined });
  // Phone digits whatever the spacing, dashes, brackets or +86; four digits at least.
  _('020-8888 1234', { digits: '02088881234', pinyin: undefined });
  _('(020) 8888-1234', { digits: '02088881234' });
  _('+86 138 0013 8000', { digits: '13800138000' });
  _('0086-13800138000', { digits: '13800138000' });
  _('8612345678', { digits: '8612345678' });
  _('123', { digits: undefined, codeFragment: '123' });
  _('8888', { digits: '8888', codeFragment: '8888' });
  // Codes, full or stable, and fragments of them; full-width and case folded.
  _('ba-粤gz0001', { code: { kind: 'full', grade: 'B', status: 'a', region: '粤GZ', serial: 1, code: 'Ba-粤GZ0001' }, codeFragment: 'ba-粤gz0001' });
  _('粤GZ 0001', { code: { kind: 'stable', region: '粤GZ', serial: 1, code: '粤GZ0001' }, codeFragment: '粤gz0001' });
  _('ＧＺ０００１', { codeFragment: 'gz0001', code: undefined });
  _('粤GZ', { codeFragment: '粤gz' });
  _('广州GZ', { codeFragment: undefined });
  // E-mail fragments.
  _('Sales@TianHe', { email: 'sales@tianhe', pinyin: undefined });
  _('zhang.wei@', { email: 'zhang.wei@' });
  // Punctuation is no character to look for.
  _('（天河）', { chars: ['天', '河'], nameKey: '(天河)' });
});

describe('comparing stored values', () => {
  it('bestReading picks the reading the text sits in best', () => {
    expect(bestReading('gzsthdz gzthdz', 'gzth')).toBe('gzthdz');
    expect(bestReading('gzsthdz gzthdz', 'gzs')).toBe('gzsthdz');
    expect(bestReading('gzsthdz gzthdz', 'hd')).toBe('gzsthdz');
    expect(bestReading('gzsthdz', 'xx')).toBe('gzsthdz');
  });
  it('letterDigits keeps letters and digits, lower case, width folded', () => expect(letterDigits('广州(天河) ＡＢＣ-1号')).toBe('广州天河abc1号'));
  it('phoneDigits keeps the digits of any way of writing a number', () => expect(phoneDigits('(020) 8888-1234 转 56')).toBe('0208888123456'));
  it('searchText folds width and spaces', () => expect(searchText('　天河　 电子 ')).toBe('天河 电子'));
  const _ = (value: string, needle: string, kind: ReturnType<typeof matchKind>): void => {
    it(`${needle} in ${value}: ${String(kind)}`, () => expect(matchKind(value, needle)).toBe(kind));
  };
  _('广州天河', '广州天河', 'exact');
  _('广州天河', '广州', 'prefix');
  _('广州天河', '天河', 'fragment');
  _('广州天河', '深圳', undefined);
  _('广州天河', '', undefined);
});
