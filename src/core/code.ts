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

/** The record number of a customer's development record (客户开发记录表, §3.3): code + `KF`. */
export function recordNumber(code: string): string {
  return `${code}KF`;
}
