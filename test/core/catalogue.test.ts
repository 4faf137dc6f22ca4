import { describe, expect, it } from 'vitest';
import { CATALOGUE_CATEGORIES, catalogueCategory, categoryRank } from '../../src/core/catalogue.js';
import type { CustomerType, Grade, Status } from '../../src/core/enums.js';

// §8.7 with §3.1: one row per grade × status, the category of a customer of any other type and of a dealer.
const TABLE: [Grade, Status, string, string][] = [
  ['A', 'a', 'formal-vip', 'dealer'],
  ['A', 'b', 'potential-vip', 'potential-vip'],
  ['A', 'c', 'lost', 'lost'],
  ['A', 'd', 'invalid', 'invalid'],
  ['B', 'a', 'formal-key', 'dealer'],
  ['B', 'b', 'potential-key', 'potential-key'],
  ['B', 'c', 'lost', 'lost'],
  ['B', 'd', 'invalid', 'invalid'],
  ['C', 'a', 'general', 'dealer'],
  ['C', 'b', 'general', 'general'],
  ['C', 'c', 'lost', 'lost'],
  ['C', 'd', 'invalid', 'invalid'],
  ['X', 'a', 'image', 'dealer'],
  ['X', 'b', 'image', 'image'],
  ['X', 'c', 'lost', 'lost'],
  ['X', 'd', 'invalid', 'invalid'],
];

describe('catalogueCategory (客户检索目录, §8.7)', () => {
  const others: (CustomerType | null)[] = ['direct', 'oem', null];
  for (const [grade, status, other, dealer] of TABLE) {
    for (const type of others) {
      it(`${grade}${status} ${type ?? 'no type'} → ${other}`, () => expect(catalogueCategory(grade, status, type)).toBe(other));
    }
    it(`${grade}${status} dealer → ${dealer}`, () => expect(catalogueCategory(grade, status, 'dealer')).toBe(dealer));
  }

  it('puts every customer in exactly one category of the list', () => {
    const keys: string[] = CATALOGUE_CATEGORIES.map((c) => c.key);
    for (const [grade, status] of TABLE) for (const type of [...others, 'dealer' as const]) expect(keys).toContain(catalogueCategory(grade, status, type));
  });

  it('ranks the categories in §8.7 order with invalid customers last', () => {
    expect(CATALOGUE_CATEGORIES.map((c) => c.zh)).toEqual([
      '合作商档案', '正式VIP客户档案', '潜在VIP客户档案', '正式重点客户档案', '潜在重点客户档案', '一般客户档案', '形象客户档案', '流失客户档案', '无效客户（仅在客户总档）',
    ]);
    expect(CATALOGUE_CATEGORIES.map((c) => categoryRank(c.key))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
