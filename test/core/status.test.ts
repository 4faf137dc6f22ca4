import { describe, expect, it } from 'vitest';
import type { Status } from '../../src/core/enums.js';
import { InvalidTransition, MissingValue } from '../../src/core/errors.js';
import { allowedTargets, assertTransition } from '../../src/core/status.js';

const ALL: Status[] = ['a', 'b', 'c', 'd'];
const ALLOWED: Record<Status, Status[]> = { a: ['c'], b: ['a', 'd'], c: ['a', 'd'], d: ['b'] };

describe('status transitions (SPEC 2.2)', () => {
  for (const from of ALL) {
    for (const to of ALL) {
      const ok = ALLOWED[from].includes(to);
      it(`${from} → ${to} is ${ok ? 'allowed' : 'refused'}`, () => {
        const reason = { category: 'other' as const, text: 'why' };
        if (ok) expect(assertTransition(from, to, reason).to).toBe(to);
        else {
          expect(() => assertTransition(from, to, reason)).toThrow(InvalidTransition);
          try {
            assertTransition(from, to, reason);
          } catch (e) {
            expect((e as InvalidTransition).params.allowed).toEqual(ALLOWED[from]);
          }
        }
      });
    }
  }
  it('names the allowed targets', () => expect(allowedTargets('b')).toEqual(['a', 'd']));
  it('a → c needs a reason category', () => expect(() => assertTransition('a', 'c', { text: 'x' })).toThrow(MissingValue));
  it('b → d needs a reason', () => expect(() => assertTransition('b', 'd', {})).toThrow(MissingValue));
  it('d → b needs a reason', () => expect(() => assertTransition('d', 'b', {})).toThrow(MissingValue));
  it('b → a needs nothing', () => expect(assertTransition('b', 'a').requires).toBe('none'));
});
