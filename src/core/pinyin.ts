// The pinyin of a customer's name (拼音, SPEC 2.8): the full reading and the initials that search matches,
// read in context by pinyin-pro (长沙 chang, 重庆 chong, 厦门 xia, 银行 hang) with place names as the
// place table reads them (乐清 yue, 花都 du).

import { createRequire } from 'node:module';

/** What search stores of a name: its reading and initials, lower-case a–z and 0–9 only (ü as v). */
export interface NamePinyin {
  /** 广州天河电子有限公司 → guangzhoutianhedianziyouxiangongsi (with 市 …, two readings: see namePinyin) */
  pinyin: string;
  /** 广州天河电子有限公司 → gzthdzyxgs; a Latin letter or digit is its own initial (TCL科技 → tclkj). */
  initials: string;
}

type PinyinFn = (text: string, options: { toneType: 'none'; type: 'array'; v: boolean }) => string[];

let library: PinyinFn | undefined;

/**
 * pinyin-pro, loaded on the first name read (about 0.2 s with its dictionary): only the commands that
 * write a name pay for it. Synchronously, because write transactions are synchronous (better-sqlite3).
 */
function pinyinPro(): PinyinFn {
  if (!library) library = (createRequire(import.meta.url)('pinyin-pro') as { pinyin: PinyinFn }).pinyin;
  return library;
}

/**
 * Place names whose place reading pinyin-pro does not give on the name alone, from data/regions.json (its
 * reviewed readings, scripts/region-overrides.json); test/core/pinyin.test.ts derives the list again from
 * the data and fails when it drifts. A company name usually begins with its city or district.
 */
export const PLACE_READINGS: Readonly<Record<string, string>> = {
  阿图什: 'a tu shi', 蚌山: 'beng shan', 曾都: 'zeng du', 昌都: 'chang du', 称多: 'chen duo', 大埔: 'da bu', 大城: 'da cheng',
  大箐山: 'da qing shan', 单县: 'shan xian', 宕昌: 'tan chang', 都安: 'du an', 都昌: 'du chang', 都兰: 'du lan', 都匀: 'du yun',
  繁峙: 'fan shi', 丰都: 'feng du', 洪洞: 'hong tong', 花都: 'hua du', 黄陂: 'huang pi', 珲春: 'hun chun', 江都: 'jiang du',
  浚县: 'xun xian', 喀什: 'ka shi', 康巴什: 'kang ba shi', 克什克腾: 'ke shi ke teng', 昆都仑: 'kun du lun', 乐都: 'le du',
  乐陵: 'lao ling', 乐清: 'yue qing', 乐亭: 'lao ting', 莲都: 'lian du', 六合: 'lu he', 泌阳: 'bi yang', 民乐: 'min le',
  闵行: 'min hang', 牟定: 'mou ding', 穆棱: 'mu ling', 宁都: 'ning du', 郫都: 'pi du', 秦都: 'qin du', 三都: 'san du',
  商都: 'shang du', 歙县: 'she xian', 什邡: 'shi fang', 绥棱: 'sui ling', 塔什库尔干: 'ta shi ku er gan', 覃塘: 'tan tang',
  万柏林: 'wan bai lin', 望都: 'wang du', 尉犁: 'yu li', 蔚县: 'yu xian', 魏都: 'wei du', 涡阳: 'guo yang', 乌什: 'wu shi',
  吴堡: 'wu bu', 武都: 'wu du', 襄都: 'xiang du', 新都: 'xin du', 信都: 'xin du', 盐都: 'yan du', 尧都: 'yao du', 宜都: 'yi du',
  殷都: 'yin du', 于都: 'yu du', 筠连: 'jun lian', 召陵: 'shao ling',
};

/** The place names by their first character, longest first. */
const PLACES = new Map<string, { chars: string[]; syllables: string[] }[]>();
for (const [name, reading] of Object.entries(PLACE_READINGS)) {
  const chars = [...name];
  const list = PLACES.get(chars[0]!) ?? [];
  list.push({ chars, syllables: reading.split(' ') });
  list.sort((a, b) => b.chars.length - a.chars.length);
  PLACES.set(chars[0]!, list);
}

/** Each character's syllable, in context, with the place readings laid over wherever a place name occurs. */
export function syllablesOf(name: string): string[] {
  const chars = [...name];
  const syllables = pinyinPro()(name, { toneType: 'none', type: 'array', v: true });
  // One syllable per character is what pinyin-pro gives; anything else is left as it reads it.
  if (syllables.length !== chars.length) return syllables;
  for (let i = 0; i < chars.length; i++) {
    const place = PLACES.get(chars[i]!)?.find((p) => p.chars.every((c, k) => chars[i + k] === c));
    if (!place) continue;
    place.syllables.forEach((s, k) => (syllables[i + k] = s));
    i += place.chars.length - 1;
  }
  return syllables;
}

const NOT_SEARCHED = /[^a-z0-9]/g;

/** Administrative suffixes people leave out when they type a name: 广州市天河 is typed gzth as often as gzsth. */
const SUFFIXES = new Set(['省', '市', '区', '县']);

/**
 * The reading and initials search stores for a name (the customer row's name_pinyin and name_initials). A
 * name holding 省 市 区 or 县 is read a second time without them, after a space: 广州市天河电子 →
 * guangzhoushitianhedianzi guangzhoutianhedianzi, gzsthdz gzthdz.
 */
export function namePinyin(name: string): NamePinyin {
  const chars = [...name.normalize('NFKC')];
  const syllables = syllablesOf(chars.join(''));
  const read = (keep: (i: number) => boolean): NamePinyin => {
    let pinyin = '';
    let initials = '';
    syllables.forEach((s, i) => {
      if (!keep(i)) return;
      const t = s.toLowerCase().replace(NOT_SEARCHED, '');
      pinyin += t;
      initials += t.slice(0, 1);
    });
    return { pinyin, initials };
  };
  const all = read(() => true);
  // The second reading only where each syllable is one character's (what pinyin-pro gives for names).
  if (syllables.length !== chars.length || !chars.some((c) => SUFFIXES.has(c))) return all;
  const short = read((i) => !SUFFIXES.has(chars[i]!));
  return { pinyin: `${all.pinyin} ${short.pinyin}`.trim(), initials: `${all.initials} ${short.initials}`.trim() };
}
