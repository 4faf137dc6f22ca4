import { describe, expect, it } from 'vitest';
import { CUSTOMER_TYPES, GRADES, matchEnum, STATUSES, VISIT_METHODS } from '../../src/core/enums.js';

describe('matchEnum', () => {
  it('takes stored values, English and Chinese labels and aliases, in any case and full width', () => {
    expect(['A', 'a', 'VIP', 'vip', 'VIP客户', 'A级', 'Ａ', ' a '].map((s) => matchEnum(GRADES, s))).toEqual(Array(8).fill('A'));
    expect(['dealer', 'DEALER', '经销商'].map((s) => matchEnum(CUSTOMER_TYPES, s))).toEqual(['dealer', 'dealer', 'dealer']);
    expect(['上门', '面访', 'Onsite'].map((s) => matchEnum(VISIT_METHODS, s))).toEqual(['onsite', 'onsite', 'onsite']);
    expect(matchEnum(STATUSES, 'a')).toBe('a');
  });

  it('returns undefined for anything else', () => {
    for (const s of ['', 'AA', 'vip客', 'Z', '经销']) expect(matchEnum(GRADES, s)).toBeUndefined();
  });
});
