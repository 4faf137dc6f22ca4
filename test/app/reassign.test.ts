// Use cases of a user leaving: which follow-ups are pending, when a deactivated user is refused, and a
// reassignment's transaction, against a real temp SQLite file.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addCustomer } from '../../src/app/addCustomer.js';
import { importRecords } from '../../src/app/import.js';
import { logVisit } from '../../src/app/logVisit.js';
import { reassign } from '../../src/app/reassign.js';
import { addUser, assertActive, assertActiveUser, deactivateUser } from '../../src/app/users.js';
import { dumpChecksum, query, refused, tempDir, testContext } from '../helpers.js';

let ctx: ReturnType<typeof testContext>;
afterEach(() => ctx?.db.close());

function setup(): void {
  ctx = testContext('2026-11-23T10:00:00+08:00');
  addUser(ctx, '张敏', ['assistant']);
  addUser(ctx, '王磊', ['business-manager']);
  addUser(ctx, '李强', ['business-manager']);
  addCustomer(ctx, { name: '广州天河电子', province: '广东', city: '广州', owner: '王磊', date: '2026-01-05' });
}

describe('assertActive: a deactivated user takes no new work', () => {
  const _ = (deactivatedOn: string | null, day: string | undefined, refusedAs: boolean): [string | null, string | undefined, boolean] => [deactivatedOn, day, refusedAs];
  it.each([
    _(null, undefined, false),
    _(null, '2026-11-23', false),
    _('2026-11-20', undefined, true), // owning a customer: a present fact
    _('2026-11-20', '2026-11-19', false), // a visit or approval from before they left
    _('2026-11-20', '2026-11-20', true),
    _('2026-11-20', '2026-11-23', true),
  ])('deactivated %s, work dated %s: refused %s', (deactivatedOn, day, refusedAs) => {
    const check = (): void => assertActive({ name: '王磊', deactivated_on: deactivatedOn }, '--by', 'handler', day);
    if (refusedAs) expect(refused(check, 'user_deactivated').params).toEqual({ name: '王磊', since: deactivatedOn, duty: 'handler', option: '--by' });
    else expect(check).not.toThrow();
  });

  it('assertActiveUser refuses an unknown or deactivated name, naming the option', () => {
    setup();
    expect(assertActiveUser(ctx, '王磊', '--owner').name).toBe('王磊');
    refused(() => assertActiveUser(ctx, '王五', '--owner'), 'unknown_user');
    deactivateUser(ctx, { name: '王磊' });
    expect(refused(() => assertActiveUser(ctx, '王磊', '--owner'), 'user_deactivated').params).toMatchObject({ since: '2026-11-23', option: '--owner', duty: 'owner' });
  });
});

describe('pending follow-ups', () => {
  // One customer's visits (date, next contact date) and the next dates still pending on 2026-11-23.
  const _ = (visits: [string, string | undefined][], pending: string[]): [[string, string | undefined][], string[]] => [visits, pending];
  it.each([
    _([['2026-11-01', undefined]], []),
    _([['2026-11-01', '2026-11-15']], ['2026-11-15']), // overdue, nobody called since
    _([['2026-11-01', '2026-11-15'], ['2026-11-16', undefined]], []), // overdue, kept by a later call
    _([['2026-11-01', '2026-11-23']], ['2026-11-23']), // due today
    _([['2026-11-01', '2026-12-10'], ['2026-11-05', undefined]], ['2026-12-10']), // still to come
    _([['2026-11-01', '2026-11-10'], ['2026-11-05', '2026-11-20']], ['2026-11-20']),
  ])('visits %j leave %j pending', (visits, pending) => {
    setup();
    for (const [date, nextDate] of visits) logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '电话', by: '王磊', date, nextDate, windowHours: '0' });
    const r = reassign(ctx, { from: '王磊', to: '李强', dryRun: true });
    expect(r.customers[0]!.follow_ups.map((f) => f.next_date)).toEqual(pending);
    expect(r.follow_ups).toBe(pending.length);
  });
});

describe('reassign', () => {
  it('moves in one transaction: a refusal leaves no customer moved', () => {
    setup();
    addCustomer(ctx, { name: '广州白云五金', province: '广东', city: '广州', owner: '王磊', date: '2026-01-05' });
    const before = dumpChecksum(ctx.file);
    deactivateUser(ctx, { name: '李强' });
    const afterDeactivation = dumpChecksum(ctx.file);
    expect(afterDeactivation).not.toBe(before);
    refused(() => reassign(ctx, { from: '王磊', to: '李强' }), 'user_deactivated');
    expect(dumpChecksum(ctx.file)).toBe(afterDeactivation);
    expect(query(ctx.file, 'SELECT DISTINCT owner FROM customers')).toEqual([{ owner: '王磊' }]);
  });

  it('refuses a --from that names no user (every owner is a user) as unknown_owner', () => {
    setup();
    expect(refused(() => reassign(ctx, { from: '老王', to: '李强' }), 'unknown_owner').params).toEqual({ name: '老王' });
  });
});

describe('imports and a deactivated user', () => {
  it('a visit handled by a deactivated user is imported when dated before the deactivation, refused after', async () => {
    setup();
    deactivateUser(ctx, { name: '王磊', date: '2026-11-20' });
    const csv = (date: string): string => `code,date,method,handler,summary\n粤GZ0001,${date},phone,王磊,电话\n`;
    const file = (name: string, text: string): string => {
      const f = path.join(tempDir(), name);
      fs.writeFileSync(f, text);
      return f;
    };
    const late = await importRecords(ctx, { kind: 'visits', file: file('late.csv', csv('2026-11-21')) });
    expect([late.committed, late.rejected, late.rejects[0]?.column, late.rejects[0]?.error.key]).toEqual([false, 1, 'handler', 'user_deactivated']);
    const ok = await importRecords(ctx, { kind: 'visits', file: file('early.csv', csv('2026-11-19')) });
    expect(ok.inserted).toBe(1);
  });
});
