import { describe, expect, it } from 'vitest';
import { compareRegions, compareStableParts, formatCode, formatSerial, parseCode, recordNumber, regionRanks, stableCode, storedCodeParts } from '../../src/core/code.js';
import { InvalidCode } from '../../src/core/errors.js';

describe('formatCode', () => {
  const _ = (grade: 'A' | 'B' | 'C' | 'X', status: 'a' | 'b' | 'c' | 'd', region: string, serial: number, code: string): void => {
    it(`${code}`, () => expect(formatCode(grade, status, region, serial)).toBe(code));
  };
  _('A', 'a', '粤GZ', 1, 'Aa-粤GZ0001');
  _('C', 'b', '粤GZ', 1, 'Cb-粤GZ0001');
  _('B', 'c', '闽LY', 42, 'Bc-闽LY0042');
  _('X', 'd', '黑HEB', 9999, 'Xd-黑HEB9999');
  _('C', 'b', '皖CZ', 10000, 'Cb-皖CZ10000');
  _('C', 'b', 'JPOSA', 1, 'Cb-JPOSA0001');
  it('pads serials to four digits and grows past 9999', () => {
    expect(formatSerial(7)).toBe('0007');
    expect(formatSerial(12345)).toBe('12345');
    expect(stableCode('粤GZ', 3)).toBe('粤GZ0003');
  });
  it('record number is the code + KF', () => expect(recordNumber('Aa-粤GZ0001')).toBe('Aa-粤GZ0001KF'));
});

describe('parseCode', () => {
  const full = (input: string, code: string): void => {
    it(`full: ${JSON.stringify(input)} → ${code}`, () => {
      const p = parseCode(input);
      expect(p.kind).toBe('full');
      expect(p.code).toBe(code);
    });
  };
  full('Aa-粤GZ0001', 'Aa-粤GZ0001');
  full('A a -粤GZ 0001', 'Aa-粤GZ0001'); // as the seed prints it
  full('aa-粤gz0001', 'Aa-粤GZ0001');
  full('Ａａ－粤ＧＺ０００１', 'Aa-粤GZ0001'); // full-width forms
  full('Cb粤GZ0001', 'Cb-粤GZ0001');
  full(' Xd-黑HEB0012 ', 'Xd-黑HEB0012');
  full('Cb-jposa0001', 'Cb-JPOSA0001');
  full('Bc—闽LY10000', 'Bc-闽LY10000');
  const stable = (input: string, code: string, region: string, serial: number): void => {
    it(`stable: ${JSON.stringify(input)} → ${code}`, () => {
      const p = parseCode(input);
      expect(p).toMatchObject({ kind: 'stable', code, region, serial });
    });
  };
  stable('粤GZ0001', '粤GZ0001', '粤GZ', 1);
  stable('粤 gz 0001', '粤GZ0001', '粤GZ', 1);
  stable('皖CZ12345', '皖CZ12345', '皖CZ', 12345);
  stable('JPOSA0001', 'JPOSA0001', 'JPOSA', 1);
  const bad = (input: string): void => {
    it(`refuses ${JSON.stringify(input)}`, () => expect(() => parseCode(input)).toThrow(InvalidCode));
  };
  bad('');
  bad('广州');
  bad('Aa-粤GZ001'); // fewer than four digits
  bad('Aa-粤0001'); // no city initials
  bad('Aa-X粤GZ0001');
  bad('粤GZ0000');
  bad("'; DROP TABLE customers; --");
});

describe('region order (§8.6 地区) and stored codes', () => {
  it('orders regions by province in GB/T 2260 order, then city initials, foreign regions last', () => {
    const regions = ['粤SZ', 'JPOSA', '京BJ', '粤GZ', '沪SH', '皖CZ', 'DEBER', '闽XM', '粤DG'];
    expect([...regions].sort(compareRegions)).toEqual(['京BJ', '沪SH', '皖CZ', '闽XM', '粤DG', '粤GZ', '粤SZ', 'DEBER', 'JPOSA']);
    expect([...regionRanks(regions)].sort((a, b) => a[1] - b[1]).map(([r]) => r)).toEqual(['京BJ', '沪SH', '皖CZ', '闽XM', '粤DG', '粤GZ', '粤SZ', 'DEBER', 'JPOSA']);
  });

  it('orders stable parts by region, then serial as a number', () => {
    const codes = [{ region: '粤GZ', serial: 10000 }, { region: '粤GZ', serial: 2 }, { region: '京BJ', serial: 9 }];
    expect([...codes].sort(compareStableParts)).toEqual([{ region: '京BJ', serial: 9 }, { region: '粤GZ', serial: 2 }, { region: '粤GZ', serial: 10000 }]);
  });

  const _ = (code: string, parts: ReturnType<typeof storedCodeParts>): void => {
    it(`stored code ${code}`, () => expect(storedCodeParts(code)).toEqual(parts));
  };
  _('Cb-粤GZ0001', { grade: 'C', status: 'b', region: '粤GZ', serial: 1 });
  _('Aa-黑HEB12345', { grade: 'A', status: 'a', region: '黑HEB', serial: 12345 });
  _('Xd-JPOSA0042', { grade: 'X', status: 'd', region: 'JPOSA', serial: 42 });
  _('cb 粤gz 0001', { grade: 'C', status: 'b', region: '粤GZ', serial: 1 });
  it('refuses a stable part alone or text that is no code', () => {
    expect(() => storedCodeParts('粤GZ0001')).toThrow(InvalidCode);
    expect(() => storedCodeParts('hello')).toThrow(InvalidCode);
  });
});
