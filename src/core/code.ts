// Customer codes (客户代码, SPEC 2.1): build, parse and normalise `Cb-粤GZ0001`.

import type { Grade, Status } from './enums.js';
import { InvalidCode } from './errors.js';

/** The 34 official one-character province abbreviations with the short name each stands for. */
export const PROVINCE_SHORT_NAMES: Readonly<Record<string, string>> = {
  京: '北京', 津: '天津', 冀: '河北', 晋: '山西', 蒙: '内蒙古', 辽: '辽宁', 吉: '吉林', 黑: '黑龙江', 沪: '上海',
  苏: '江苏', 浙: '浙江', 皖: '安徽', 闽: '福建', 赣: '江西', 鲁: '山东', 豫: '河南', 鄂: '湖北', 湘: '湖南',
  粤: '广东', 桂: '广西', 琼: '海南', 渝: '重庆', 川: '四川', 贵: '贵州', 云: '云南', 藏: '西藏', 陕: '陕西',
  甘: '甘肃', 青: '青海', 宁: '宁夏', 新: '新疆', 港: '香港', 澳: '澳门', 台: '台湾',
};
export const PROVINCE_ABBRS: readonly string[] = Object.keys(PROVINCE_SHORT_NAMES);

const ABBR_SET: ReadonlySet<string> = new Set(PROVINCE_ABBRS);

/** The serial is zero-padded to at least four digits and grows to five past 9999. */
export function formatSerial(serial: number): string {
  return String(serial).padStart(4, '0');
}

/** The part of a code that never changes: region and serial, e.g. `粤GZ0001`. */
export function stableCode(region: string, serial: number): string {
  return `${region}${formatSerial(serial)}`;
}

export function formatCode(grade: Grade, status: Status, region: string, serial: number): string {
  return `${grade}${status}-${stableCode(region, serial)}`;
}

/** Domestic region part: province abbreviation + city initials (`粤GZ`). */
export function domesticRegion(provinceAbbr: string, cityInitials: string): string {
  return `${provinceAbbr}${cityInitials.toUpperCase()}`;
}

/** Foreign region part: ISO 3166-1 alpha-2 country + the user's English region abbreviation (`JPOSA`). */
export function foreignRegion(country: string, regionAbbr: string): string {
  return `${country.toUpperCase()}${regionAbbr.toUpperCase()}`;
}

export type ParsedCode =
  | { kind: 'full'; grade: Grade; status: Status; region: string; serial: number; code: string }
  | { kind: 'stable'; region: string; serial: number; code: string };

/** Full-width forms to half-width, every kind of space and dash variant removed or unified. */
export function normaliseCodeText(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[‐‑‒–—―−－]/g, '-');
}

const FULL = /^([ABCXabcx])([ABCDabcd])-?(.+)$/;

function parseRegionSerial(text: string): { region: string; serial: number } | undefined {
  const m = /^(.+?)(\d{4,})$/.exec(text);
  if (!m) return undefined;
  const head = m[1]!;
  const digits = m[2]!;
  const first = head[0]!;
  let region: string;
  if (ABBR_SET.has(first)) {
    const initials = head.slice(1).toUpperCase();
    if (!/^[A-Z]{1,8}$/.test(initials)) return undefined;
    region = first + initials;
  } else {
    const upper = head.toUpperCase();
    if (!/^[A-Z]{2}[A-Z]{1,8}$/.test(upper)) return undefined;
    region = upper;
  }
  const serial = Number(digits);
  if (!Number.isSafeInteger(serial) || serial < 1) return undefined;
  return { region, serial };
}

/**
 * Parses any accepted form of a customer code: the full code (`Cb-粤GZ0001`, `cb 粤gz 0001`,
 * `A a -粤GZ 0001`), or the stable part alone (`粤GZ0001`). Throws InvalidCode otherwise.
 */
export function parseCode(input: string): ParsedCode {
  const text = normaliseCodeText(input);
  const full = FULL.exec(text);
  if (full) {
    const rs = parseRegionSerial(full[3]!);
    // "Ab粤GZ0001" without the dash is accepted; "AB0001"-like foreign stable parts are not full codes.
    if (rs && (text.includes('-') || ABBR_SET.has(full[3]![0]!))) {
      const grade = full[1]!.toUpperCase() as Grade;
      const status = full[2]!.toLowerCase() as Status;
      return { kind: 'full', grade, status, ...rs, code: formatCode(grade, status, rs.region, rs.serial) };
    }
  }
  const rs = parseRegionSerial(text);
  if (rs) return { kind: 'stable', ...rs, code: stableCode(rs.region, rs.serial) };
  throw new InvalidCode(input);
}

const STORED = /^([ABCX])([abcd])-(\D+)(\d{4,})$/;

/**
 * The parts of a code as kehu stores it (canonical: `Cb-粤GZ0001`), without the normalising of user input
 * (reports read a hundred thousand at a time); anything else goes through parseCode.
 */
export function storedCodeParts(code: string): { grade: Grade; status: Status; region: string; serial: number } {
  const m = STORED.exec(code);
  if (m) return { grade: m[1] as Grade, status: m[2] as Status, region: m[3]!, serial: Number(m[4]) };
  const p = parseCode(code);
  if (p.kind !== 'full') throw new InvalidCode(code);
  return { grade: p.grade, status: p.status, region: p.region, serial: p.serial };
}

/** The record number of a customer's development record (客户开发记录表, §3.3): code + `KF`. */
export function recordNumber(code: string): string {
  return `${code}KF`;
}

const PROVINCE_ORDER: ReadonlyMap<string, number> = new Map(PROVINCE_ABBRS.map((abbr, i) => [abbr, i]));

/**
 * The order of code regions (the archive's 地区 order, §8.6): domestic regions by province in the
 * official GB/T 2260 order of the abbreviations (京 津 冀 … 台), then by city initials; foreign regions
 * (country + region letters) after them, alphabetically.
 */
export function compareRegions(a: string, b: string): number {
  if (a === b) return 0;
  const pa = PROVINCE_ORDER.get(a[0]!) ?? PROVINCE_ABBRS.length;
  const pb = PROVINCE_ORDER.get(b[0]!) ?? PROVINCE_ABBRS.length;
  if (pa !== pb) return pa - pb;
  const ra = pa < PROVINCE_ABBRS.length ? a.slice(1) : a;
  const rb = pb < PROVINCE_ABBRS.length ? b.slice(1) : b;
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

/** Each region's place in region order, for sorting many codes by a number instead of comparing strings. */
export function regionRanks(regions: Iterable<string>): Map<string, number> {
  return new Map([...new Set(regions)].sort(compareRegions).map((r, i) => [r, i]));
}

/** Codes in ascending order of their stable part (§8.6 代码由小到大): region order, then serial. */
export function compareStableParts(a: { region: string; serial: number }, b: { region: string; serial: number }): number {
  return compareRegions(a.region, b.region) || a.serial - b.serial;
}
