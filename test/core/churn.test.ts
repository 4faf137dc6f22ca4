import { describe, expect, it } from 'vitest';
import { idleCutoff } from '../../src/core/churn.js';
import { addMonths, monthsBetween } from '../../src/core/dates.js';

/** Every calendar date from one ISO date to another. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

describe('monthsBetween and idleCutoff (the at-risk rule: no order for N whole calendar months)', () => {
  it('counts whole calendar months', () => {
    expect(monthsBetween('2026-06-30', '2026-10-31')).toBe(4);
    expect(monthsBetween('2026-07-01', '2026-10-31')).toBe(3);
    expect(monthsBetween('2026-06-30', '2026-10-29')).toBe(3);
    expect(monthsBetween('2025-12-31', '2026-02-28')).toBe(1);
    expect(monthsBetween('2026-10-31', '2026-10-31')).toBe(0);
  });

  it('the cutoff as text splits the dates exactly where the month count reaches N', () => {
    const ends = ['2026-10-31', '2026-02-28', '2024-02-29', '2026-11-30', '2026-03-31', '2026-01-31', '2026-07-15'];
    const candidates = days('2025-01-01', '2026-12-31');
    for (const end of ends) {
      for (let months = 1; months <= 5; months++) {
        const cutoff = idleCutoff(end, months);
        for (const d of candidates) expect(d <= cutoff, `${d} / ${end} / ${months} (${cutoff})`).toBe(monthsBetween(d, end) >= months);
      }
    }
    expect(idleCutoff('2026-10-31', 4)).toBe('2026-06-31');
    expect(idleCutoff(addMonths('2026-03-31', 0), 1)).toBe('2026-02-31');
  });
});
