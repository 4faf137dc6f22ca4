import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { nameColumns } from '../../src/core/names.js';
import { namePinyin, PLACE_READINGS } from '../../src/core/pinyin.js';
import type { RegionData } from '../../src/core/regions.js';
import { ROOT } from '../helpers.js';

describe('namePinyin reads company names in context', () => {
  const _ = (name: string, pinyin: string, initials: string): void => {
    it(`${name} → ${pinyin} / ${initials}`, () => expect(namePinyin(name)).toEqual({ pinyin, initials }));
  };
  _('广州天河电子', 'guangzhoutianhedianzi', 'gzthdz');
  // Polyphones of place names and common words (SPEC 2.1 gives the place readings).
  _('长沙重工机械有限公司', 'changshazhonggongjixieyouxiangongsi', 'cszgjxyxgs');
  _('重庆长安汽车', 'chongqingchanganqiche', 'cqcaqc');
  _('厦门银行', 'xiamenyinhang', 'xmyh');
  _('长春一汽', 'changchunyiqi', 'ccyq');
  // Place names read as the place table reads them, where pinyin-pro alone would not.
  // A name with 省 市 区 县 is read a second time without them: people type gzth for 广州市天河.
  _('乐清市正泰电器', 'yueqingshizhengtaidianqi yueqingzhengtaidianqi', 'yqsztdq yqztdq');
  _('广州市花都区新华电子', 'guangzhoushihuaduquxinhuadianzi guangzhouhuaduxinhuadianzi', 'gzshdqxhdz gzhdxhdz');
  _('单县化工', 'shanxianhuagong shanhuagong', 'sxhg shg');
  _('音乐器材', 'yinyueqicai', 'yyqc');
  // ü as v; Latin letters and digits are their own initials; punctuation and spaces are dropped.
  _('绿色能源', 'lvsenengyuan', 'lsny');
  _('TCL科技', 'tclkeji', 'tclkj');
  _('ABC电子（深圳）有限公司', 'abcdianzishenzhenyouxiangongsi', 'abcdzszyxgs');
  _('3M 中国', '3mzhongguo', '3mzg');

  it('nameColumns gives the display form, the key and the pinyin from one input', () => {
    expect(nameColumns('  广州（天河）  电子 ')).toEqual({ name: '广州(天河) 电子', name_key: '广州(天河)电子', name_pinyin: 'guangzhoutianhedianzi', name_initials: 'gzthdz' });
  });
});

describe('PLACE_READINGS', () => {
  it('is every place of data/regions.json (two characters or more) whose reading pinyin-pro gets wrong on the name alone', () => {
    const { pinyin } = createRequire(import.meta.url)('pinyin-pro') as { pinyin: (t: string, o: object) => string[] };
    const data = JSON.parse(fs.readFileSync(`${ROOT}/data/regions.json`, 'utf8')) as RegionData;
    const py = { toneType: 'none', type: 'array', v: true };
    const expected: Record<string, string> = {};
    for (const p of [...data.provinces, ...data.cities, ...data.districts]) {
      if ([...p.short].length < 2 || pinyin(p.short, py).join('') === p.pinyin) continue;
      // The place table keeps the reading without spaces: split it into one syllable per character.
      const chars = [...p.short];
      const options = chars.map((c) => [...new Set(pinyin(c, { ...py, multiple: true }))]);
      const split = (i: number, rest: string): string[] | undefined => {
        if (i === chars.length) return rest === '' ? [] : undefined;
        for (const s of options[i]!) {
          const tail = rest.startsWith(s) ? split(i + 1, rest.slice(s.length)) : undefined;
          if (tail) return [s, ...tail];
        }
        return undefined;
      };
      const syllables = split(0, p.pinyin);
      // 陕西 shaanxi is a spelling, not a reading; 芎林 qiong is a reading pinyin-pro does not know.
      if (syllables) expected[p.short] = syllables.join(' ');
    }
    expect(PLACE_READINGS).toEqual(expected);
  });
});
