// The quota rules: the file's validation, counting a person's facts, units and judging (core/quotas.ts).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import {
  type ContactFact,
  contactFactsOf,
  dayPeriod,
  emptyFacts,
  factSpan,
  isNewCustomerOn,
  judge,
  judgeQuota,
  monthPeriod,
  type PersonFacts,
  type Quota,
  type QuotaConfig,
  quotaCount,
  quotasFor,
  statusOn,
  unitsIn,
  validateQuotaConfig,
  weekPeriod,
} from '../../src/core/quotas.js';

const SHIPPED = JSON.parse(readFileSync(new URL('../../data/quotas.json', import.meta.url), 'utf8')) as Record<string, unknown> & { quotas: Record<string, unknown>[] };
const config = validateQuotaConfig(SHIPPED, 'data/quotas.json');
const quota = (id: string): Quota => config.quotas.find((q) => q.id === id)!;

/** The problem a file is refused for: [entry, problem, value]. */
function problem(raw: unknown): [string, string, string] {
  try {
    validateQuotaConfig(raw, 'q.json');
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const p = (e as DomainError).params;
    expect((e as DomainError).key).toBe('invalid_quotas');
    expect(p.source).toBe('q.json');
    return [String(p.entry), String(p.problem), String(p.value)];
  }
  throw new Error('accepted');
}

const withQuota = (changes: Record<string, unknown>, index = 0): unknown => ({ ...SHIPPED, quotas: SHIPPED.quotas.map((q, i) => (i === index ? { ...q, ...changes } : q)) });

describe('the shipped quota file', () => {
  it('holds the seeds\' eight quotas for 商务经理 and 市场拓展, with the defaults for work days, intent stage and new customers', () => {
    expect(config.workDays).toEqual([1, 2, 3, 4, 5]);
    expect(config.intentStage).toBe(3);
    expect(config.newCustomerMonths).toBe(12);
    expect(config.quotas.map((q) => [q.id, q.per, q.min, q.max])).toEqual([
      ['remote-contacts', 'day', 15, null],
      ['potential-visits', 'week', 25, null],
      ['potential-onsite-visits', 'week', 10, null],
      ['new-customer-visits', 'day', 3, null],
      ['new-customer-records', 'week', 3, 5],
      ['intent-customers', 'week', 1, null],
      ['new-customers', 'month', 1, null],
      ['new-customer-orders', 'quarter', 500_000_000, null],
    ]);
    for (const q of config.quotas) expect(q.roles).toEqual(['business-manager', 'market-development']);
    expect(quotasFor(config, ['assistant'])).toEqual([]);
    expect(quotasFor(config, ['market-development'])).toHaveLength(8);
  });

  it('takes defaults for the global settings and Chinese role names', () => {
    const c = validateQuotaConfig({ quotas: [{ id: 'remote-contacts', per: 'week', min: 50, roles: ['商务经理', '拓展'], section: '§3.2', zh: '远程', en: 'remote' }] }, 'q.json');
    expect(c).toEqual({ workDays: [1, 2, 3, 4, 5], intentStage: 3, newCustomerMonths: 12, quotas: [{ id: 'remote-contacts', per: 'week', min: 50, max: null, roles: ['business-manager', 'market-development'], section: '§3.2', zh: '远程', en: 'remote' }] });
  });

  it.each([
    ['not an object', [], ['(file)', 'not_object', '']],
    ['an unknown top-level key', { ...SHIPPED, workdays: [1] }, ['workdays', 'unknown_key', 'workdays']],
    ['no quotas list', { work_days: [1] }, ['quotas', 'no_quotas', '']],
    ['an unknown id', withQuota({ id: 'calls' }), ['quotas[1]', 'unknown_id', 'calls']],
    ['a duplicate id', withQuota({ id: 'remote-contacts' }, 3), ['quotas[4] remote-contacts', 'duplicate_id', 'remote-contacts']],
    ['an unknown period', withQuota({ per: 'fortnight' }), ['quotas[1] remote-contacts', 'unknown_period', 'fortnight']],
    ['an unknown role', withQuota({ roles: ['business-manager', 'intern'] }), ['quotas[1] remote-contacts', 'unknown_role', 'intern']],
    ['no roles', withQuota({ roles: [] }), ['quotas[1] remote-contacts', 'no_roles', '[]']],
    ['a negative minimum', withQuota({ min: -1 }), ['quotas[1] remote-contacts', 'bad_min', '-1']],
    ['a fractional count', withQuota({ min: 2.5 }), ['quotas[1] remote-contacts', 'bad_min', '2.5']],
    ['a max below the min', withQuota({ min: 5, max: 3 }, 4), ['quotas[5] new-customer-records', 'max_below_min', '3']],
    ['an amount with three decimals', withQuota({ min: 1.005 }, 7), ['quotas[8] new-customer-orders', 'bad_min_amount', '1.005']],
    ['a missing label', withQuota({ zh: ' ' }), ['quotas[1] remote-contacts', 'missing_label', 'zh']],
    ['an unknown quota key', withQuota({ minimum: 3 }), ['quotas[1] remote-contacts', 'unknown_key', 'minimum']],
    ['work days out of range', { ...SHIPPED, work_days: [1, 8] }, ['work_days', 'bad_work_days', '[1,8]']],
    ['work days repeated', { ...SHIPPED, work_days: [1, 1] }, ['work_days', 'bad_work_days', '[1,1]']],
    ['an intent stage outside 1–5', { ...SHIPPED, intent_stage: 6 }, ['intent_stage', 'bad_intent_stage', '6']],
    ['new-customer months of 0', { ...SHIPPED, new_customer_months: 0 }, ['new_customer_months', 'bad_new_customer_months', '0']],
  ])('refuses %s, naming the entry', (_name, raw, expected) => {
    expect(problem(raw)).toEqual(expected);
  });

  it('reads yuan amounts to the fen', () => {
    const c = validateQuotaConfig(withQuota({ min: 1234.56 }, 7), 'q.json');
    expect(c.quotas[7]!.min).toBe(123_456);
  });
});

describe('status on a day and contact facts', () => {
  const changes = [
    { date: '2026-11-25', seq: 2, from: 'b' },
    { date: '2026-11-27', seq: 3, from: 'a' },
  ];
  it.each([
    ['2026-11-24', 'b'],
    ['2026-11-25', 'a'],
    ['2026-11-26', 'a'],
    ['2026-11-27', 'd'],
  ])('replays back from the current status: on %s it was %s', (day, status) => {
    expect(statusOn(changes, 'd', day)).toBe(status);
  });
  it('is null before the customer was entered, and the current status without later changes', () => {
    expect(statusOn([{ date: '2026-11-20', seq: 1, from: null }], 'b', '2026-11-19')).toBeNull();
    expect(statusOn(undefined, 'b', '2026-11-19')).toBe('b');
  });

  it('makes one fact per person, day and customer, remote or onsite if any contact was', () => {
    const v = (person: string, day: string, customerId: number, method: string) => [person, day, customerId, method, 'b'] as const;
    const facts = contactFactsOf(
      [v('王', '2026-11-23', 1, 'phone'), v('王', '2026-11-23', 1, 'onsite'), v('李', '2026-11-23', 1, 'email'), v('王', '2026-11-23', 2, 'other'), v('王', '2026-11-24', 1, 'wechat')],
      new Map([[2, [{ date: '2026-11-24', seq: 2, from: 'd' }]]]),
    );
    expect(facts.get('王')).toEqual([
      { day: '2026-11-23', customerId: 1, remote: true, onsite: true, status: 'b' },
      { day: '2026-11-23', customerId: 2, remote: false, onsite: false, status: 'd' },
      { day: '2026-11-24', customerId: 1, remote: true, onsite: false, status: 'b' },
    ]);
    expect(facts.get('李')).toEqual([{ day: '2026-11-23', customerId: 1, remote: true, onsite: false, status: 'b' }]);
  });
});

describe('counting', () => {
  const c = (day: string, customerId: number, remote: boolean, onsite: boolean, status: string | null): ContactFact => ({ day, customerId, remote, onsite, status });
  const facts: PersonFacts = {
    ...emptyFacts(),
    contacts: [
      c('2026-11-23', 1, true, false, 'b'),
      c('2026-11-23', 2, true, false, 'd'), // invalid that day: no remote contact
      c('2026-11-23', 3, false, true, 'b'),
      c('2026-11-23', 4, false, false, null), // before it was entered
      c('2026-11-24', 1, false, true, 'b'),
      c('2026-11-24', 5, true, false, 'a'),
      c('2026-11-25', 3, false, true, 'a'), // cooperating by then
    ],
    records: [{ day: '2026-11-23', customerId: 7 }, { day: '2026-11-30', customerId: 8 }],
    intents: [{ day: '2026-11-24', customerId: 1 }],
    firstOrders: [{ day: '2026-11-02', customerId: 9 }],
    orders: [
      { day: '2026-10-05', customerId: 9, amountFen: 100, firstOrder: '2025-10-06' }, // the last day it is new
      { day: '2026-10-06', customerId: 9, amountFen: 200, firstOrder: '2025-10-06' }, // 12 months on: no longer new
      { day: '2026-11-02', customerId: 10, amountFen: 400, firstOrder: '2026-11-02' },
    ],
  };
  const count = (id: Quota['id'], from: string, to: string): number => quotaCount(id, facts, from, to, config);

  it.each([
    ['remote-contacts', '2026-11-23', '2026-11-23', 1],
    ['remote-contacts', '2026-11-23', '2026-11-29', 2],
    ['potential-visits', '2026-11-23', '2026-11-23', 2],
    ['potential-visits', '2026-11-23', '2026-11-29', 2],
    ['potential-visits', '2026-11-25', '2026-11-25', 0],
    ['potential-onsite-visits', '2026-11-23', '2026-11-29', 2],
    ['new-customer-visits', '2026-11-24', '2026-11-24', 1],
    ['new-customer-records', '2026-11-23', '2026-11-29', 1],
    ['intent-customers', '2026-11-23', '2026-11-29', 1],
    ['new-customers', '2026-11-01', '2026-11-30', 1],
    ['new-customer-orders', '2026-10-01', '2026-12-31', 500],
  ] as const)('%s from %s to %s counts %i', (id, from, to, n) => {
    expect(count(id, from, to)).toBe(n);
  });

  it('a customer is new for new_customer_months after its first order', () => {
    expect(isNewCustomerOn('2026-02-28', '2027-02-27', 12)).toBe(true);
    expect(isNewCustomerOn('2026-02-28', '2027-02-28', 12)).toBe(false);
    expect(isNewCustomerOn('2026-02-28', '2026-02-27', 12)).toBe(false);
  });
});

describe('units and judging', () => {
  it('takes the work days of a period for a daily quota, the weeks starting in it for a weekly one', () => {
    expect(unitsIn('day', weekPeriod('2026-W48'), [1, 2, 3, 4, 5]).map((u) => u.label)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    expect(unitsIn('day', weekPeriod('2026-W48'), [1, 2, 3, 4, 5, 6]).map((u) => u.label)).toHaveLength(6);
    expect(unitsIn('week', monthPeriod('2026-11'), [1, 2, 3, 4, 5]).map((u) => [u.label, u.from, u.to])).toEqual([
      ['2026-W45', '2026-11-02', '2026-11-08'],
      ['2026-W46', '2026-11-09', '2026-11-15'],
      ['2026-W47', '2026-11-16', '2026-11-22'],
      ['2026-W48', '2026-11-23', '2026-11-29'],
      ['2026-W49', '2026-11-30', '2026-12-06'],
    ]);
    expect(unitsIn('day', dayPeriod('2026-11-28'), [1, 2, 3, 4, 5])).toEqual([]);
  });

  it.each([
    [15, 15, '2026-11-23', '2026-11-23', 'met'],
    [14, 15, '2026-11-23', '2026-11-23', 'not_met'],
    [14, 15, '2026-11-24', '2026-11-23', 'open'],
    [3, 3, '2026-11-29', '2026-11-23', 'met'],
  ] as const)('%i against %i, unit ending %s, as of %s: %s', (n, min, end, asOf, status) => {
    expect(judge(n, min, end, asOf)).toBe(status);
  });

  const daily: PersonFacts = {
    ...emptyFacts(),
    contacts: ['2026-11-23', '2026-11-24', '2026-11-24', '2026-11-25', '2026-11-28'].map((day, i) => ({ day, customerId: i, remote: false, onsite: true, status: 'b' })),
  };
  const newVisits = { ...quota('new-customer-visits'), min: 1 };

  it('judges a daily quota in a week per work day: the total, units met, later days open', () => {
    const line = judgeQuota(newVisits, daily, weekPeriod('2026-W48'), '2026-11-26', config)!;
    expect([line.count, line.unitsMet, line.units, line.unitsOpen, line.status, line.from, line.to]).toEqual([4, 3, 5, 1, 'not_met', '2026-11-23', '2026-11-26']);
    expect(line.detail.map((d) => [d.label, d.count, d.status])).toEqual([
      ['2026-11-23', 1, 'met'],
      ['2026-11-24', 2, 'met'],
      ['2026-11-25', 1, 'met'],
      ['2026-11-26', 0, 'not_met'],
      ['2026-11-27', 0, 'open'],
    ]);
    // The Saturday visit counts for no day.
    const asOfWednesday = judgeQuota(newVisits, daily, weekPeriod('2026-W48'), '2026-11-25', config)!;
    expect([asOfWednesday.count, asOfWednesday.unitsMet, asOfWednesday.unitsOpen, asOfWednesday.status]).toEqual([4, 3, 2, 'open']);
  });

  it('leaves a daily quota out on a day that is not a work day', () => {
    expect(judgeQuota(newVisits, daily, dayPeriod('2026-11-28'), '2026-11-30', config)).toBeNull();
  });

  it('shows a longer quota for the unit holding the period, to the as-of day: open until it is over', () => {
    const facts: PersonFacts = { ...emptyFacts(), firstOrders: [{ day: '2026-11-25', customerId: 1 }] };
    const q = quota('new-customers');
    const before = judgeQuota(q, facts, dayPeriod('2026-11-23'), '2026-11-24', config)!;
    expect([before.period, before.from, before.to, before.count, before.status]).toEqual(['2026-11', '2026-11-01', '2026-11-24', 0, 'open']);
    expect(judgeQuota(q, facts, dayPeriod('2026-11-23'), '2026-11-25', config)!.status).toBe('met');
    const october = judgeQuota(q, facts, dayPeriod('2026-10-15'), '2026-11-30', config)!;
    expect([october.period, october.from, october.to, october.count, october.status]).toEqual(['2026-10', '2026-10-01', '2026-10-31', 0, 'not_met']);
    const none: PersonFacts = emptyFacts();
    expect(judgeQuota(q, none, weekPeriod('2026-W48'), '2026-12-01', config)!.status).toBe('not_met');
    expect(judgeQuota(q, none, monthPeriod('2026-11'), '2026-11-30', config)!.status).toBe('not_met');
    expect(judgeQuota(q, none, monthPeriod('2026-11'), '2026-11-29', config)!.status).toBe('open');
  });

  it('reads only the days the quotas need, never past the as-of day', () => {
    const c: QuotaConfig = config;
    expect(factSpan(monthPeriod('2026-11'), c, '2026-11-30', ['remote-contacts', 'potential-visits'])).toEqual({ from: '2026-11-02', to: '2026-11-30' });
    expect(factSpan(monthPeriod('2026-11'), c, '2026-12-31', ['potential-visits'])).toEqual({ from: '2026-11-02', to: '2026-12-06' });
    expect(factSpan(dayPeriod('2026-11-24'), c, '2026-11-30', ['new-customer-orders'])).toEqual({ from: '2026-10-01', to: '2026-11-30' });
    expect(factSpan(dayPeriod('2026-11-28'), c, '2026-11-30', ['remote-contacts'])).toBeNull();
    expect(factSpan(weekPeriod('2026-W49'), c, '2026-11-30', ['remote-contacts'])).toEqual({ from: '2026-11-30', to: '2026-11-30' });
  });
});
