import { describe, expect, it } from 'vitest';
import { cleanName, nameKey } from '../../src/core/names.js';

describe('nameKey makes one company typed two ways one key', () => {
  const same = (a: string, b: string): void => {
    it(`${a} ≡ ${b}`, () => expect(nameKey(a)).toBe(nameKey(b)));
  };
  same('广州市天河电子（集团）有限公司', '广州市天河电子(集团)有限公司');
  same('广州市天河电子 有限公司', '广州市天河电子有限公司');
  same('广州市天河电子【集团】有限公司', '广州市天河电子(集团)有限公司');
  same('ＡＢＣ电子有限公司', 'abc电子有限公司');
  same('　ABC　电子 ', 'ABC电子');
  it('keeps different names apart', () => expect(nameKey('天河电子')).not.toBe(nameKey('天河电器')));
  it('cleans display names', () => expect(cleanName('  广州（天河）  电子 ')).toBe('广州(天河) 电子'));
});
