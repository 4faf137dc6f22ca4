// Place table behind customer codes (粤GZ0001): provinces, prefecture-level cities and their districts.
// Pure: the caller passes the parsed data/regions.json (see src/app/regions.ts and scripts/build-regions.mjs).

import { AmbiguousPlace, UnknownPlace, UnknownProvince } from './errors.js';

export type ProvinceKind = 'province' | 'municipality' | 'autonomous_region' | 'sar' | 'taiwan';
export type CityKind = 'prefecture' | 'municipality' | 'province_county' | 'sar';

export interface Province {
  /** GB/T 2260 province code, e.g. "44". */
  readonly code: string;
  /** Full name, e.g. 广东省, 内蒙古自治区, 香港特别行政区. */
  readonly name: string;
  /** Name without its suffix: 广东, 内蒙古, 香港. */
  readonly short: string;
  /** One-character abbreviation used in customer codes: 粤. */
  readonly abbr: string;
  /** Other accepted one-character names: 黔 for 贵州 … */
  readonly alternates: readonly string[];
  /** Pinyin of the short name without tones, lower case: guangdong (陕西 is shaanxi). */
  readonly pinyin: string;
  readonly kind: ProvinceKind;
}

export interface City {
  /** Code: 4 digits for a prefecture (4401), pp01 for a municipality, 6 digits for a county-level city
   *  administered by its province (429004 仙桃); 71xx for 台湾 and 8101/8201 for 香港/澳门 are synthetic. */
  readonly code: string;
  /** Abbreviation of the province: 粤. */
  readonly province: string;
  readonly name: string;
  /** Name without its administrative suffix (市, 地区, 盟, 自治州 with its ethnic names): 广州, 黔东南. */
  readonly short: string;
  /** Upper-case first letters of the short name's syllables: GZ, QDN. Not unique in a province (滁州/池州 CZ). */
  readonly initials: string;
  readonly pinyin: string;
  readonly kind: CityKind;
}

export interface District {
  readonly code: string;
  /** Code of the City it belongs to. */
  readonly city: string;
  readonly name: string;
  /** Name without 区/县/市/旗/自治县 …; a one-character remainder keeps its suffix (单县, 东区). */
  readonly short: string;
  readonly pinyin: string;
}

export interface RegionData {
  readonly source: string;
  readonly provinces: readonly Province[];
  readonly cities: readonly City[];
  readonly districts: readonly District[];
}

export interface PlaceResolution {
  province: Province;
  city: City;
  district?: District;
}

export interface RegionIndex {
  readonly source: string;
  readonly provinces: readonly Province[];
  /** Full name, short name, abbreviation, alternate or pinyin; throws UnknownProvince. */
  resolveProvince(input: string): Province;
  provinceByAbbr(abbr: string): Province | undefined;
  /**
   * A prefecture (广州市, 广州, guangzhou), a county/district (乐清, 乐清市, yueqing) or both (温州乐清, 温州市乐清市)
   * in `province`. Prefectures win over districts of the same name. Throws AmbiguousPlace or UnknownPlace.
   */
  resolvePlace(province: Province, input: string): PlaceResolution;
  citiesOf(abbr: string): City[];
  cityByCode(code: string): City | undefined;
  districtsOf(cityCode: string): District[];
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation

/** Trim, full-width → half-width (NFKC), drop spaces, apostrophes, dots and dashes, lower-case, ü → v. */
export function normalizeRegionInput(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/u:|ü/g, 'v')
    .replace(/[\s'’‘`·・.\-_]/g, '');
}

const isAscii = (s: string): boolean => /^[a-z]+$/.test(s);

// Suffixes tolerated at the end of a place typed with the "wrong" or a redundant suffix (乐清县, 黔东南州, yueqingshi).
const CJK_SUFFIXES = ['特别行政区', '自治州', '自治县', '自治旗', '地区', '林区', '新区', '市', '县', '区', '盟', '旗', '州', '镇', '乡'];
const PINYIN_SUFFIXES = ['zizhizhou', 'zizhixian', 'diqu', 'xian', 'meng', 'shi', 'qu'];

function withoutSuffix(s: string): string | undefined {
  const suffixes = isAscii(s) ? PINYIN_SUFFIXES : CJK_SUFFIXES;
  for (const suffix of suffixes) {
    if (s.endsWith(suffix) && s.length - suffix.length >= (isAscii(s) ? 2 : 1)) return s.slice(0, -suffix.length);
  }
  return undefined;
}

// Extra names for provinces (beyond full/short/abbr/alternates/pinyin).
const PROVINCE_ALIASES: Record<string, readonly string[]> = {
  蒙: ['内蒙', 'innermongolia', 'neimeng'],
  藏: ['tibet'],
  港: ['hongkong', 'hk'],
  澳: ['macau', 'macao'],
};
const PROVINCE_PINYIN_SUFFIXES = ['tebiexingzhengqu', 'zizhiqu', 'sheng', 'shi'];

function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function sharedChars(a: string, b: string): number {
  const set = new Set(b);
  let n = 0;
  for (const ch of new Set(a)) if (set.has(ch)) n++;
  return n;
}

/** How much `candidate` (a short name or a pinyin) looks like `input`: 0 = not at all. */
function similarity(input: string, candidateName: string, candidatePinyin: string): number {
  if (isAscii(input)) {
    const prefix = commonPrefix(input, candidatePinyin);
    const dist = levenshtein(input, candidatePinyin);
    const maxDist = Math.max(1, Math.floor(Math.min(input.length, candidatePinyin.length) / 3));
    let score = 0;
    if (prefix >= 2) score += prefix / Math.max(input.length, candidatePinyin.length) + 0.5;
    if (dist <= maxDist) score += 1 - dist / (maxDist + 1) + 0.5;
    return score;
  }
  const shared = sharedChars(input, candidateName);
  if (shared === 0) return 0;
  const dist = levenshtein(input, candidateName);
  return shared / Math.max([...input].length, [...candidateName].length) + (dist <= 1 ? 0.5 : 0) + (candidateName.startsWith(input[0] ?? '') ? 0.25 : 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Index

interface ProvincePlaces {
  cities: City[];
  /** name, short and pinyin of every city → cities */
  cityKeys: Map<string, City[]>;
  /** name, short and pinyin of every district → districts; built on the province's first lookup */
  districtKeys?: Map<string, District[]>;
}

function addKey<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

export function createRegionIndex(data: RegionData): RegionIndex {
  const provinces = data.provinces;
  const provinceKeys = new Map<string, Province>();
  const byAbbr = new Map<string, Province>();
  const citiesByCode = new Map<string, City>();
  const places = new Map<string, ProvincePlaces>();

  // Provinces and cities are indexed now; districts (nine in ten of the entries) when first needed, once:
  // districtsByCity on the first district lookup, a province's district keys on its first resolvePlace.
  for (const p of provinces) {
    byAbbr.set(p.abbr, p);
    places.set(p.abbr, { cities: [], cityKeys: new Map() });
    const keys = [p.name, p.short, p.abbr, ...p.alternates, p.pinyin, ...(PROVINCE_ALIASES[p.abbr] ?? [])];
    for (const k of keys) {
      const key = normalizeRegionInput(k);
      if (!provinceKeys.has(key)) provinceKeys.set(key, p);
    }
  }
  for (const c of data.cities) {
    citiesByCode.set(c.code, c);
    const pp = places.get(c.province);
    if (!pp) continue;
    pp.cities.push(c);
    addKey(pp.cityKeys, c.name, c);
    addKey(pp.cityKeys, c.short, c);
    addKey(pp.cityKeys, c.pinyin, c);
  }

  let districtsByCityMap: Map<string, District[]> | undefined;
  const districtsByCity = (): Map<string, District[]> => {
    if (!districtsByCityMap) {
      const map = new Map<string, District[]>();
      for (const d of data.districts) {
        const list = map.get(d.city);
        if (list) list.push(d);
        else map.set(d.city, [d]);
      }
      districtsByCityMap = map;
    }
    return districtsByCityMap;
  };
  const districtKeys = (pp: ProvincePlaces): Map<string, District[]> => {
    if (!pp.districtKeys) {
      const map = new Map<string, District[]>();
      const grouped = districtsByCity();
      for (const c of pp.cities) {
        for (const d of grouped.get(c.code) ?? []) {
          addKey(map, d.name, d);
          addKey(map, d.short, d);
          addKey(map, d.pinyin, d);
        }
      }
      pp.districtKeys = map;
    }
    return pp.districtKeys;
  };

  const placesOf = (p: Province): ProvincePlaces => {
    const pp = places.get(p.abbr);
    if (!pp) throw new UnknownProvince(p.name, []);
    return pp;
  };
  const cityOf = (d: District): City => {
    const c = citiesByCode.get(d.city);
    if (!c) throw new Error(`district ${d.code} has no city ${d.city}`);
    return c;
  };
  const districtLabel = (d: District): string => `${cityOf(d).name}${d.name}`;

  // --- provinces ---------------------------------------------------------------------------------------------

  function resolveProvince(input: string): Province {
    const n = normalizeRegionInput(input);
    const hit = provinceKeys.get(n);
    if (hit) return hit;
    if (isAscii(n)) {
      for (const suffix of PROVINCE_PINYIN_SUFFIXES) {
        if (n.endsWith(suffix) && n.length > suffix.length) {
          const p = provinceKeys.get(n.slice(0, -suffix.length));
          if (p) return p;
        }
      }
    } else {
      // 广东省 typed as 广东 省份 etc. are covered by the keys; accept a trailing 省/市/自治区 on a short name.
      const m = /^(.+?)(省|市|自治区|特别行政区)$/.exec(n);
      const p = m?.[1] ? provinceKeys.get(m[1]) : undefined;
      if (p) return p;
    }
    throw new UnknownProvince(input, provinceSuggestions(n));
  }

  function provinceSuggestions(n: string): string[] {
    if (!n) return [];
    const scored: Array<{ p: Province; score: number }> = [];
    for (const p of provinces) {
      let score = 0;
      if (isAscii(n)) score = similarity(n, p.short, p.pinyin);
      else score = Math.max(similarity(n, p.short, p.pinyin), similarity(n, p.name, p.pinyin) * 0.9);
      if (score > 0) scored.push({ p, score });
    }
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, 5).map((s) => s.p.short);
  }

  // --- places ------------------------------------------------------------------------------------------------

  /** Exact lookup of one normalised key in a province: a city first, then districts. */
  function lookup(province: Province, pp: ProvincePlaces, key: string, input: string): PlaceResolution | undefined {
    const cities = pp.cityKeys.get(key);
    if (cities && cities.length === 1 && cities[0]) return { province, city: cities[0] };
    if (cities && cities.length > 1) {
      throw new AmbiguousPlace(input, province.name, cities.map((c) => c.name));
    }
    const districts = districtKeys(pp).get(key);
    if (districts && districts.length === 1 && districts[0]) {
      return { province, city: cityOf(districts[0]), district: districts[0] };
    }
    if (districts && districts.length > 1) {
      throw new AmbiguousPlace(input, province.name, districts.map(districtLabel));
    }
    return undefined;
  }

  /** 温州乐清, 温州市乐清市, wenzhouyueqing: a city's name followed by one of its districts. */
  function lookupCombined(province: Province, pp: ProvincePlaces, n: string): PlaceResolution | undefined {
    const ascii = isAscii(n);
    for (const city of pp.cities) {
      const prefixes = ascii ? [city.pinyin, `${city.pinyin}shi`] : [city.name, city.short];
      for (const prefix of prefixes) {
        if (!n.startsWith(prefix) || n.length === prefix.length) continue;
        const rest = n.slice(prefix.length);
        for (const key of [rest, withoutSuffix(rest)]) {
          const district = key ? districtKeys(pp).get(key)?.find((d) => d.city === city.code) : undefined;
          if (district) return { province, city, district };
        }
      }
    }
    return undefined;
  }

  function resolveIn(province: Province, pp: ProvincePlaces, n: string, input: string): PlaceResolution | undefined {
    const exact = lookup(province, pp, n, input);
    if (exact) return exact;
    const combined = lookupCombined(province, pp, n);
    if (combined) return combined;
    const stripped = withoutSuffix(n);
    if (stripped) {
      const r = lookup(province, pp, stripped, input);
      if (r) return r;
    }
    return undefined;
  }

  function resolvePlace(province: Province, input: string): PlaceResolution {
    const pp = placesOf(province);
    const n = normalizeRegionInput(input);
    if (n) {
      const r = resolveIn(province, pp, n, input);
      if (r) return r;
      // A leading province name (广东省广州市天河区, zhejiangwenzhou) or the province itself (香港特别行政区).
      const provincePrefixes = isAscii(n) ? [province.pinyin] : [province.name, province.short];
      for (const prefix of provincePrefixes) {
        if (!n.startsWith(prefix)) continue;
        const rest = n.slice(prefix.length);
        if (rest === '' || rest === '省' || rest === 'sheng') {
          if (pp.cities.length === 1 && pp.cities[0]) return { province, city: pp.cities[0] };
          continue;
        }
        const r2 = resolveIn(province, pp, rest, input);
        if (r2) return r2;
      }
    }
    throw new UnknownPlace(input, province.name, placeSuggestions(province, pp, n));
  }

  function placeSuggestions(province: Province, pp: ProvincePlaces, n: string): string[] {
    if (!n) return [];
    const out: string[] = [];
    const push = (s: string): void => {
      if (!out.includes(s)) out.push(s);
    };
    // The same name in another province first: 乐清 (浙江).
    const keys = [n, withoutSuffix(n)].filter((k): k is string => !!k);
    let hints = 0;
    for (const other of provinces) {
      if (other === province || hints >= 3) continue;
      const op = places.get(other.abbr);
      if (!op) continue;
      for (const key of keys) {
        const names = [
          ...(op.cityKeys.get(key) ?? []).map((c) => c.short),
          ...(districtKeys(op).get(key) ?? []).map((d) => d.short),
        ];
        const first = names[0];
        if (first !== undefined) {
          push(`${first} (${other.short})`);
          hints++;
          break;
        }
      }
    }
    // Then places of this province that look alike.
    const scored: Array<{ label: string; score: number }> = [];
    for (const c of pp.cities) {
      const score = similarity(n, c.short, c.pinyin);
      if (score > 0) scored.push({ label: c.name, score: score + 0.01 });
    }
    for (const c of pp.cities) {
      for (const d of districtsByCity().get(c.code) ?? []) {
        const score = similarity(n, d.short, d.pinyin);
        if (score > 0) scored.push({ label: `${c.name}${d.name}`, score });
      }
    }
    scored.sort((a, b) => b.score - a.score);
    for (const s of scored) {
      if (out.length >= 5) break;
      push(s.label);
    }
    return out.slice(0, 5);
  }

  return {
    source: data.source,
    provinces,
    resolveProvince,
    provinceByAbbr: (abbr) => byAbbr.get(abbr.trim()),
    resolvePlace,
    citiesOf: (abbr) => [...(places.get(abbr.trim())?.cities ?? [])],
    cityByCode: (code) => citiesByCode.get(code),
    districtsOf: (cityCode) => [...(districtsByCity().get(cityCode) ?? [])],
  };
}
