// kehu report catalogue (客户检索目录, seed 002 §8.6–§8.7): every customer by archive category, region and
// code, as the archive stood at the end of a month, with the count of each category.

import { CATALOGUE_CATEGORIES, type CatalogueCategory, catalogueCategory, categoryRank } from '../core/catalogue.js';
import { PROVINCE_SHORT_NAMES, regionRanks, storedCodeParts } from '../core/code.js';
import { monthEnd, monthOf, parseMonth } from '../core/dates.js';
import type { CustomerType, Grade, Status } from '../core/enums.js';
import { InvalidValue } from '../core/errors.js';
import * as store from '../store/routines.js';
import type { AppContext } from './context.js';
import { writeDate } from './validate.js';

export interface CatalogueEntry {
  category: CatalogueCategory;
  code: string;
  name: string;
  grade: Grade;
  status: Status;
  /** The province abbreviation as stored (粤) and its short name (广东); null for a foreign customer. */
  province: string | null;
  province_name: string | null;
  city: string | null;
  type: CustomerType | null;
  owner: string | null;
  phone: string | null;
  contact: string | null;
  contact_phone: string | null;
}

export interface CatalogueReport {
  month: string;
  /** The day the catalogue stands on: the month's last day, or the as-of day in the current month. */
  date: string;
  as_of: string;
  /** 客户总档: every customer entered by `date`. */
  total: number;
  /** Each category of §8.7 in order (invalid last), with its count, zeros included. */
  counts: { category: CatalogueCategory; count: number }[];
  /** In category order, then region, then code (stable part ascending). */
  customers: CatalogueEntry[];
}

/** The catalogue's month and day: the month asked for (default the as-of day's), never one after it. */
export function cataloguePeriod(month: string | undefined, asOf: string): { month: string; date: string } {
  const current = monthOf(asOf);
  const m = month === undefined ? current : parseMonth(month);
  if (m > current) throw new InvalidValue('--month', month!, undefined, { zh: `不晚于 --as-of 所在的月份（${current}）`, en: `not after the month of --as-of (${current})` });
  const end = monthEnd(m);
  return { month: m, date: end < asOf ? end : asOf };
}

/**
 * The catalogue as of the end of a month: grade, status and code from the derived code history of that
 * day, so recording later events never changes a past month's catalogue; customers entered after it are
 * not in it. Archive fields (name, place, type, owner, phone, contact) are the current ones: they are not dated.
 */
export function catalogueReport(ctx: AppContext, input: { month?: string | undefined; asOf?: string | undefined }): CatalogueReport {
  const asOf = writeDate(ctx, input.asOf, '--as-of');
  const period = cataloguePeriod(input.month, asOf);
  const entries: CatalogueEntry[] = [];
  // The sort key of each entry as numbers (a hundred thousand string comparisons cost more than the query):
  // its category's rank, its region's place in region order (regions are few: ranked once each), its serial.
  const rank: number[] = [];
  const region: number[] = [];
  const serial: number[] = [];
  const regionIds = new Map<string, number>();
  for (const [code, name, province, city, type, owner, phone, contact, contactPhone] of store.catalogueOn(ctx.db, period.date)) {
    const p = storedCodeParts(code);
    const category = catalogueCategory(p.grade, p.status, type);
    entries.push({
      category,
      code,
      name,
      grade: p.grade,
      status: p.status,
      province,
      province_name: province === null ? null : (PROVINCE_SHORT_NAMES[province] ?? null),
      city,
      type,
      owner,
      phone,
      contact,
      contact_phone: contactPhone,
    });
    rank.push(categoryRank(category));
    let id = regionIds.get(p.region);
    if (id === undefined) regionIds.set(p.region, (id = regionIds.size));
    region.push(id);
    serial.push(p.serial);
  }
  const regionOrder = regionRanks(regionIds.keys());
  const placeOf = new Uint32Array(regionIds.size);
  for (const [r, id] of regionIds) placeOf[id] = regionOrder.get(r)!;
  const order = new Uint32Array(entries.length).map((_, i) => i);
  order.sort((a, b) => rank[a]! - rank[b]! || placeOf[region[a]!]! - placeOf[region[b]!]! || serial[a]! - serial[b]!);
  const counts = CATALOGUE_CATEGORIES.map((c) => ({ category: c.key, count: 0 }));
  for (const r of rank) counts[r]!.count++;
  return {
    month: period.month,
    date: period.date,
    as_of: asOf,
    total: entries.length,
    counts,
    customers: Array.from(order, (i) => entries[i]!),
  };
}
