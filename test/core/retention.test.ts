import { describe, expect, it } from 'vitest';
import type { Status } from '../../src/core/enums.js';
import { isPastRetention, isSettledStatus, purgeableFrom, RETENTION_MONTHS, settlementDay, type SettlementFacts } from '../../src/core/retention.js';

const facts = (status: Status, lastOrder: string | null, statusSince: string | null, lastVisit: string | null): SettlementFacts => ({ status, lastOrder, statusSince, lastVisit });

describe('settlementDay (最后结清之日, seed 002 §8.9)', () => {
  const _ = (f: SettlementFacts, want: string | null): [SettlementFacts, string | null] => [f, want];
  it.each([
    _(facts('c', '2022-03-10', '2022-09-10', '2022-01-05'), '2022-09-10'),
    _(facts('d', '2023-05-01', '2022-06-01', null), '2023-05-01'),
    _(facts('c', null, '2022-06-01', '2022-07-15'), '2022-07-15'),
    _(facts('d', null, '2021-01-01', null), '2021-01-01'),
    _(facts('c', null, null, null), null),
    // A customer with business has no settlement day: its record is kept for ever.
    _(facts('a', '2020-01-01', '2019-01-01', null), null),
    _(facts('b', null, '2019-01-01', '2019-02-01'), null),
  ])('%o → %s', (f, want) => {
    expect(settlementDay(f)).toBe(want);
  });

  it('only lost and invalid customers are settled', () => {
    expect((['a', 'b', 'c', 'd'] as const).map(isSettledStatus)).toEqual([false, false, true, true]);
  });
});

describe('purgeableFrom and isPastRetention (保管3年: 36 calendar months, purgeable the day after)', () => {
  it('is the day after the third anniversary, clamped at month ends', () => {
    expect(RETENTION_MONTHS).toBe(36);
    expect(purgeableFrom('2023-11-30')).toBe('2026-12-01');
    expect(purgeableFrom('2023-12-31')).toBe('2027-01-01');
    expect(purgeableFrom('2024-02-29')).toBe('2027-03-01');
    expect(purgeableFrom('2023-02-28')).toBe('2026-03-01');
  });

  const settled = '2023-06-15';
  const _ = (status: Status, asOf: string, want: boolean): [Status, string, boolean] => [status, asOf, want];
  it.each([
    // The boundary: a day before the third anniversary, the anniversary itself, the day after.
    _('c', '2026-06-14', false),
    _('c', '2026-06-15', false),
    _('c', '2026-06-16', true),
    _('d', '2026-06-14', false),
    _('d', '2026-06-15', false),
    _('d', '2026-06-16', true),
    _('c', '2030-01-01', true),
    // Cooperating and potential customers are never past retention, however old their last order.
    _('a', '2026-06-16', false),
    _('a', '2040-01-01', false),
    _('b', '2040-01-01', false),
  ])('status %s settled %s, as of %s → %s', (status, asOf, want) => {
    expect(isPastRetention(facts(status, settled, '2020-01-01', null), asOf)).toBe(want);
    // The settlement day may come from any of the three dates.
    expect(isPastRetention(facts(status, null, settled, '2021-01-01'), asOf)).toBe(want);
    expect(isPastRetention(facts(status, '2022-01-01', '2022-02-01', `${settled}`), asOf)).toBe(want);
  });

  it('a settlement on 29 February is kept to 28 February three years on', () => {
    const f = facts('c', '2024-02-29', '2023-01-01', null);
    expect(isPastRetention(f, '2027-02-28')).toBe(false);
    expect(isPastRetention(f, '2027-03-01')).toBe(true);
  });

  it('a lost customer with no dates at all is never purgeable', () => {
    expect(isPastRetention(facts('c', null, null, null), '2099-01-01')).toBe(false);
  });
});
