// The archive categories of the customer catalogue (客户检索目录, seed 002 §8.6–§8.7): which of the nine
// files a customer's record is kept in, decided by its grade, status and customer type.

import type { CustomerType, Grade, Status } from './enums.js';

/**
 * The categories in §8.7's order. 客户总档 (the whole file) holds every customer and is not a category a
 * customer is sorted into; every other customer is in exactly one of these. Invalid customers (status d)
 * belong to no category of §8.7: they are kept in the whole file only, listed last under their own name.
 */
export const CATALOGUE_CATEGORIES = [
  { key: 'dealer', zh: '合作商档案', en: 'Dealers and agents' },
  { key: 'formal-vip', zh: '正式VIP客户档案', en: 'Formal VIP' },
  { key: 'potential-vip', zh: '潜在VIP客户档案', en: 'Potential VIP' },
  { key: 'formal-key', zh: '正式重点客户档案', en: 'Formal key' },
  { key: 'potential-key', zh: '潜在重点客户档案', en: 'Potential key' },
  { key: 'general', zh: '一般客户档案', en: 'General' },
  { key: 'image', zh: '形象客户档案', en: 'Image' },
  { key: 'lost', zh: '流失客户档案', en: 'Lost' },
  { key: 'invalid', zh: '无效客户（仅在客户总档）', en: 'Invalid (whole file only)' },
] as const;

export type CatalogueCategory = (typeof CATALOGUE_CATEGORIES)[number]['key'];

/** The whole file's name (客户总档): its count is every customer of the catalogue. */
export const WHOLE_FILE = { key: 'all', zh: '客户总档', en: 'Whole file' } as const;

/**
 * The one category a customer's record is filed under:
 * - 合作商档案: a cooperating (a) dealer or agent (§3.1: 签定经销、代理合作协议), whatever its grade;
 * - otherwise by grade and status: A a 正式VIP, A b 潜在VIP, B a 正式重点, B b 潜在重点, C 一般, X 形象;
 * - a lost customer (c) is in 流失客户档案 whatever its grade or type;
 * - an invalid one (d) only in the whole file.
 */
export function catalogueCategory(grade: Grade, status: Status, type: CustomerType | null): CatalogueCategory {
  switch (status) {
    case 'd':
      return 'invalid';
    case 'c':
      return 'lost';
    case 'a':
      if (type === 'dealer') return 'dealer';
      break;
    case 'b':
      break;
  }
  switch (grade) {
    case 'A':
      return status === 'a' ? 'formal-vip' : 'potential-vip';
    case 'B':
      return status === 'a' ? 'formal-key' : 'potential-key';
    case 'C':
      return 'general';
    case 'X':
      return 'image';
  }
}

/** A category's place in §8.7's order (for sorting). */
export function categoryRank(category: CatalogueCategory): number {
  return RANKS.get(category)!;
}

const RANKS: ReadonlyMap<CatalogueCategory, number> = new Map(CATALOGUE_CATEGORIES.map((c, i) => [c.key, i]));
