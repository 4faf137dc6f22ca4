// Input checks shared by use cases: enum values, dates not in the future, text length, contact fields.

import { parseDate } from '../core/dates.js';
import { type EnumDef, enumValues, matchEnum } from '../core/enums.js';
import { InvalidValue, MissingValue } from '../core/errors.js';
import { type AppContext, today, zoneOf } from './context.js';

export function parseEnum<V extends string>(def: EnumDef<V>, input: string, option = def.option): V {
  const v = matchEnum(def, input);
  if (v === undefined) throw new InvalidValue(option, input, enumValues(def));
  return v;
}

export function optionalEnum<V extends string>(def: EnumDef<V>, input: string | undefined, option = def.option): V | undefined {
  if (input === undefined || input.trim() === '') return undefined;
  return parseEnum(def, input, option);
}

/** A write's date: today when absent; a date-time's day in the business time zone; an impossible or future date is refused. */
export function writeDate(ctx: AppContext, input: string | undefined, option = '--date'): string {
  const now = today(ctx);
  if (input === undefined) return now;
  const d = parseDate(input, option, zoneOf(ctx));
  if (d > now) throw new InvalidValue(option, input, undefined, { zh: `不晚于今天（${now}）`, en: `not after today (${now})` });
  return d;
}

/** Trims text; empty becomes undefined; longer than max is refused naming the option. */
export function optionalText(input: string | undefined, option: string, max = 500): string | undefined {
  if (input === undefined) return undefined;
  const t = input.normalize('NFC').trim();
  if (t === '') return undefined;
  // Code points never outnumber UTF-16 units: count them only when the quick length says it may be too long.
  if (t.length > max && [...t].length > max) throw new InvalidValue(option, `${[...t].slice(0, 20).join('')}…`, undefined, { zh: `最多 ${max} 个字`, en: `at most ${max} characters` });
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(t)) throw new InvalidValue(option, t, undefined, { zh: '不能含控制字符', en: 'no control characters' });
  return t;
}

export function requiredText(input: string | undefined, option: string, max = 500): string {
  const t = optionalText(input, option, max);
  if (t === undefined) throw new MissingValue(option);
  return t;
}

export function optionalPhone(input: string | undefined, option: string): string | undefined {
  const t = optionalText(input, option, 40)?.normalize('NFKC');
  if (t === undefined) return undefined;
  if (!/^\+?[0-9][0-9 ()-]{3,30}(?:(?:ext\.?|转|x)\s*\d{1,6})?$/i.test(t)) {
    throw new InvalidValue(option, t, undefined, { zh: '只用数字、空格、+、- 和 ()', en: 'digits, spaces, +, - and ()' });
  }
  return t;
}

export function optionalMobile(input: string | undefined, option: string): string | undefined {
  const t = optionalText(input, option, 40)?.normalize('NFKC');
  if (t === undefined) return undefined;
  const digits = t.replace(/[\s-]/g, '');
  if (/^(?:\+?86)?1[3-9]\d{9}$/.test(digits)) return digits.replace(/^\+?86/, '');
  if (/^\+\d{6,15}$/.test(digits)) return digits;
  throw new InvalidValue(option, t, undefined, { zh: '11 位手机号（1xxxxxxxxxx）或 +国家代码的号码', en: '11-digit mobile number (1xxxxxxxxxx) or +country number' });
}

export function optionalEmail(input: string | undefined, option: string): string | undefined {
  const t = optionalText(input, option, 254)?.normalize('NFKC');
  if (t === undefined) return undefined;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) throw new InvalidValue(option, t, undefined, 'name@example.com');
  return t;
}

/**
 * The one parser of --limit: a whole number, 0 or more. 0 means all (undefined); absent means the command's
 * default (`fallback`; undefined: all).
 */
export function limitOf(input: string | undefined, fallback?: number): number | undefined {
  if (input === undefined) return fallback;
  const t = input.normalize('NFKC').trim();
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) throw new InvalidValue('--limit', input, undefined, { zh: '0 或更大的整数（0：全部列出）', en: 'a whole number, 0 or more (0 lists all)' });
  const n = Number(t);
  return n === 0 ? undefined : n;
}

export function optionalInt(input: string | undefined, option: string, min: number, max: number): number | undefined {
  if (input === undefined || input.trim() === '') return undefined;
  const t = input.normalize('NFKC').trim();
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) throw new InvalidValue(option, input, undefined, { zh: `给出 ${min}–${max} 的整数`, en: `a whole number ${min}–${max}` });
  return Number(t);
}
