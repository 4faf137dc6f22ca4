// The latest visit and latest contacts kept per customer (schema 9): the triggers keep them equal to a
// recomputation from the visits whatever the order of writes, voids and edits; `kehu check` notices a
// difference; the SQL's phone-like methods are core's; the kept rows answer as the visits do.
import { afterEach, describe, expect, it } from 'vitest';
import { addCustomer } from '../../src/app/addCustomer.js';
import { compareDue, due, type DueEntry, dueEntries, dueStream, dueTop, sortDue } from '../../src/app/due.js';
import { logOrder } from '../../src/app/logOrder.js';
import { logVisit } from '../../src/app/logVisit.js';
import { addUser } from '../../src/app/users.js';
import { voidVisit } from '../../src/app/voidRecord.js';
import { type Grade, GRADES, type Role, ROLES, VISIT_METHODS } from '../../src/core/enums.js';
import { DUTIES_OF_ROLE, methodCounts } from '../../src/core/visits.js';
import { everyVisitBy, lastContacts } from '../../src/store/activity.js';
import { listValues } from '../../src/store/db.js';
import { openDb } from '../../src/store/db.js';
import { invariantViolations } from '../../src/store/maintenance.js';
import { escalatedFollowUps, followUpsDueBy } from '../../src/store/followUps.js';
import { intentFacts } from '../../src/store/quotas.js';
import { latestContactsSql, latestVisitSql, stageFirstSql } from '../../src/store/schema.js';
import { testContext } from '../helpers.js';

let ctx: ReturnType<typeof testContext>;
afterEach(() => ctx?.db.close());

const kept = (): { visits: unknown[]; contacts: unknown[]; stages: unknown[] } => ({
  visits: ctx.db.prepare('SELECT customer_id, visited_at, seq, next_date FROM visit_latest ORDER BY 1').all(),
  contacts: ctx.db.prepare('SELECT customer_id, role, last_onsite, last_phone, last_any FROM contact_latest ORDER BY 1, 2').all(),
  stages: ctx.db.prepare('SELECT customer_id, stage, visited_at, seq, handler FROM stage_first ORDER BY 1, 2').all(),
});
const recomputed = (): { visits: unknown[]; contacts: unknown[]; stages: unknown[] } => ({
  visits: ctx.db.prepare(`SELECT * FROM (${latestVisitSql('1 = 1')}) AS r ORDER BY 1`).all(),
  contacts: ctx.db.prepare(`SELECT * FROM (${latestContactsSql('1 = 1')}) AS r ORDER BY 1, 2`).all(),
  stages: ctx.db.prepare(`SELECT * FROM (${stageFirstSql('1 = 1')}) AS r ORDER BY 1, 2`).all(),
});

/** The intent customers as first written (issue 15): a visit at the stage with no earlier one at it, read from the visits. */
const intentFromVisits = (from: string, to: string, stage: number, persons: string[]): unknown[] =>
  ctx.db
    .prepare(
      `SELECT v.handler AS person, substr(v.visited_at, 1, 10) AS day, v.customer_id FROM visits v
       WHERE v.visited_at >= @from AND v.visited_at <= @last AND v.stage >= @stage AND v.handler IN (${listValues(ctx.db, '@persons')})
         AND NOT EXISTS (SELECT 1 FROM visits e WHERE e.customer_id = v.customer_id AND e.stage >= @stage
                         AND (e.visited_at < v.visited_at OR (e.visited_at = v.visited_at AND e.seq < v.seq)))
       ORDER BY day, customer_id`,
    )
    .all({ from, last: `${to}T99:99`, stage, persons: JSON.stringify(persons) });

/** A seeded shuffle, so a failure can be replayed. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function setup(status?: string): void {
  ctx = testContext('2026-11-23T10:00:00+08:00');
  addUser(ctx, '张敏', ['assistant']);
  addUser(ctx, '李强', ['business-manager']);
  addUser(ctx, '陈静', ['tech-support']);
  addUser(ctx, '刘洋', ['sales-manager']);
  for (const name of ['甲公司', '乙公司', '丙公司']) addCustomer(ctx, { name, province: '广东', city: '广州', owner: '李强', status });
}

describe('the latest visit and contacts kept per customer', () => {
  for (const seed of [1, 7, 42]) {
    it(`equal the recomputation after visits in any order, voids and edits (seed ${seed})`, () => {
      setup();
      const methods = VISIT_METHODS.members.map((m) => m.value);
      const people = ['张敏', '李强', '陈静', '刘洋'];
      const visits = Array.from({ length: 40 }, (_, i) => ({
        code: `粤GZ000${(i % 3) + 1}`,
        method: methods[i % methods.length]!,
        by: people[i % people.length]!,
        date: `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + ((i * 7) % 27)).padStart(2, '0')}${i % 4 === 0 ? '' : ` 1${i % 10}:30`}`,
        nextDate: i % 3 === 0 ? undefined : `2026-12-${String(1 + (i % 28)).padStart(2, '0')}`,
        stage: i % 6 === 0 ? undefined : String(((i * 7) % 5) + 1),
      }));
      for (const v of shuffled(visits, seed)) logVisit(ctx, { ...v, summary: '沟通' });
      expect(kept()).toEqual(recomputed());
      expect(kept().stages.length).toBeGreaterThan(6);
      // The intent customers read from the kept first visits are those the visits give, for every stage.
      const sortFacts = (rows: unknown[]): unknown[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      for (const stage of [1, 2, 3, 4, 5]) {
        expect(sortFacts(intentFacts(ctx.db, '2026-03-01', '2026-08-31', stage, people))).toEqual(sortFacts(intentFromVisits('2026-03-01', '2026-08-31', stage, people)));
      }
      expect(kept().visits).toHaveLength(3);
      // Voided visits leave the record; the latest rows follow (the latest one of a customer, and others).
      for (const seq of ['1', '2', '5']) voidVisit(ctx, { code: '粤GZ0001', seq, reason: '录错' });
      const latestOf2 = ctx.db.prepare("SELECT v.seq FROM visit_latest l JOIN customers c ON c.id = l.customer_id JOIN visits v ON v.customer_id = c.id AND v.seq = l.seq WHERE c.code LIKE '%粤GZ0002'").pluck().get() as number;
      voidVisit(ctx, { code: '粤GZ0002', seq: String(latestOf2), reason: '录错' });
      expect(kept()).toEqual(recomputed());
      // An edit of a visit's time, method, role or next date by any means is followed too.
      ctx.db.prepare("UPDATE visits SET visited_at = '2027-01-01T09:00', method = 'onsite', handler_role = 'sales-manager', next_date = NULL WHERE id = (SELECT min(id) FROM visits)").run();
      ctx.db.prepare("UPDATE visits SET handler_role = NULL WHERE id = (SELECT max(id) FROM visits)").run();
      expect(kept()).toEqual(recomputed());
      // A customer whose visits are all gone has no rows left.
      const third = ctx.db.prepare("SELECT id FROM customers WHERE name = '丙公司'").pluck().get() as number;
      ctx.db.prepare('DELETE FROM visits WHERE customer_id = ?').run(third);
      expect(kept()).toEqual(recomputed());
      expect(kept().visits).toHaveLength(2);
      for (const stage of [1, 3, 5]) expect(intentFacts(ctx.db, '2026-01-01', '2027-12-31', stage, people).length).toBe(intentFromVisits('2026-01-01', '2027-12-31', stage, people).length);
      expect(invariantViolations(ctx.db).filter((v) => v.check.endsWith('_latest'))).toEqual([]);
    });
  }

  it('a difference is what kehu check reports, per customer', () => {
    setup();
    logVisit(ctx, { code: '粤GZ0001', method: 'phone', summary: '电话', date: '2026-11-01' });
    logVisit(ctx, { code: '粤GZ0002', method: 'onsite', summary: '上门', date: '2026-11-02', by: '李强' });
    ctx.db.prepare("UPDATE contact_latest SET last_any = '2000-01-01' WHERE customer_id = (SELECT id FROM customers WHERE name = '甲公司')").run();
    ctx.db.prepare("UPDATE visit_latest SET next_date = '2030-01-01' WHERE customer_id = (SELECT id FROM customers WHERE name = '乙公司')").run();
    expect(invariantViolations(ctx.db).map((v) => [v.check, v.code])).toEqual([
      ['visit_latest', 'Cb-粤GZ0002'],
      ['contact_latest', 'Cb-粤GZ0001'],
    ]);
  });

  it('count a method as onsite and phone exactly as core does (methodCounts)', () => {
    setup();
    const methods = VISIT_METHODS.members.map((m) => m.value);
    methods.forEach((method, i) => logVisit(ctx, { code: '粤GZ0001', method, summary: method, date: `2026-11-${String(i + 1).padStart(2, '0')}` }));
    // One visit a day: the latest onsite / phone date is that of the last method that counts.
    const last = (req: 'onsite' | 'phone'): string | null => {
      const i = methods.map((m, k) => (methodCounts(req, m) ? k : -1)).reduce((a, b) => Math.max(a, b), -1);
      return i < 0 ? null : `2026-11-${String(i + 1).padStart(2, '0')}`;
    };
    const row = ctx.db.prepare("SELECT last_onsite, last_phone, last_any FROM contact_latest WHERE role = 'assistant'").get();
    expect(row).toEqual({ last_onsite: last('onsite'), last_phone: last('phone'), last_any: `2026-11-${String(methods.length).padStart(2, '0')}` });
    // And for each method alone.
    for (const method of methods) {
      ctx.db.exec('DELETE FROM visits');
      logVisit(ctx, { code: '粤GZ0001', method, summary: method, date: '2026-11-20' });
      const r = ctx.db.prepare('SELECT last_onsite, last_phone FROM contact_latest').get() as { last_onsite: string | null; last_phone: string | null };
      expect([method, r.last_onsite !== null, r.last_phone !== null]).toEqual([method, methodCounts('onsite', method), methodCounts('phone', method)]);
    }
  });

  it('answer lastContacts as the visits do: kept rows after the last visit, the visits before it', () => {
    setup('a');
    const roles = [['张敏', 'phone'], ['李强', 'onsite'], ['陈静', 'video'], ['刘洋', 'wechat']] as const;
    roles.forEach(([by, method], i) => {
      logVisit(ctx, { code: '粤GZ0001', method, by, summary: '联系', date: `2026-10-${String(i + 10).padStart(2, '0')} 09:00` });
      logVisit(ctx, { code: '粤GZ0002', method: 'phone', by, summary: '联系', date: `2026-09-${String(i + 10).padStart(2, '0')} 09:00` });
    });
    const until = '2026-11-23T23:59';
    expect(everyVisitBy(ctx.db, until)).toBe(true);
    const sort = (rows: ReturnType<typeof lastContacts>): unknown[] => [...rows].sort((a, b) => a.customer_id - b.customer_id || String(a.role).localeCompare(String(b.role)));
    const fromKept = sort(lastContacts(ctx.db, until));
    // A later visit elsewhere: up to `until` the visits themselves are read, and they say the same.
    logVisit(ctx, { code: '粤GZ0003', method: 'phone', summary: '联系', date: '2026-11-23 10:00' });
    const before = '2026-11-22T23:59';
    expect(everyVisitBy(ctx.db, before)).toBe(false);
    const fromVisits = sort(lastContacts(ctx.db, before));
    expect(fromVisits).toEqual(fromKept);
    expect(fromKept.length).toBe(8);
    expect(sort(lastContacts(ctx.db, before, {}, ['sales-manager']))).toEqual(fromKept.filter((r) => (r as { role: string }).role === 'sales-manager'));
  });
});

/** Cooperating B/C/X customers of two owners, entered on different days, some contacted, some with follow-ups overdue. */
function seedAgenda(): void {
  ctx = testContext('2026-11-23T10:00:00+08:00');
  addUser(ctx, '张敏', ['assistant']);
  addUser(ctx, '李强', ['business-manager']);
  addUser(ctx, '王磊', ['business-manager']);
  for (let i = 0; i < 24; i++) {
    const owner = i % 2 ? '李强' : '王磊';
    addCustomer(ctx, { name: `客户${i}贸易有限公司`, province: i % 3 ? '广东' : '浙江', city: i % 3 ? '广州' : '杭州', owner, status: 'a', grade: ['B', 'C', 'X'][i % 3], date: `2025-0${1 + (i % 9)}-01`, cooperatingSince: `2025-0${1 + (i % 9)}-01` });
  }
  const codes = ctx.db.prepare('SELECT code FROM customers ORDER BY id').pluck().all() as string[];
  codes.forEach((code, i) => logOrder(ctx, { code, amount: '1000', date: `2026-10-${String(1 + i).padStart(2, '0')}` }));
  codes.forEach((code, i) => {
    if (i % 4 === 0) return;
    logVisit(ctx, { code, method: i % 2 ? 'phone' : 'onsite', by: i % 3 ? '张敏' : '李强', summary: '回访', date: `2026-0${1 + (i % 9)}-1${i % 10}`, nextDate: `2026-1${i % 2}-0${1 + (i % 9)}` });
  });
}

describe('the agenda reads a count and the first few', () => {
  it('dueTop gives due’s count and its first n in due’s order; escalatedFollowUps those of followUpsDueBy', () => {
    seedAgenda();
    const all = sortDue(dueEntries(ctx, { asOf: '2026-11-23', wanted: ['support', 'review', 'any'] }));
    expect(all.length).toBeGreaterThan(10);
    for (const n of [1, 3, 7, all.length, all.length + 5]) {
      const top = dueTop(ctx, { asOf: '2026-11-23', wanted: ['support', 'review', 'any'] }, n);
      expect(top.count).toBe(all.length);
      expect(top.entries).toEqual(all.slice(0, n));
    }
    const through = '2026-11-19';
    const every = followUpsDueBy(ctx.db, { today: '2026-11-23', through }).filter((f) => f.owner !== '李强');
    expect(every.length).toBeGreaterThan(3);
    for (const n of [0, 1, 2, 5, every.length, every.length + 3]) {
      const found = escalatedFollowUps(ctx.db, { through, notOwner: '李强', limit: n });
      expect(found.count).toBe(every.length);
      expect(found.rows).toEqual(n === 0 ? every : every.slice(0, n));
    }
  });
});

describe('due streams its entries in its order', () => {
  it('equals every overdue duty sorted (sortDue), for every role, grade and owner', () => {
    seedAgenda();
    const queries: { role?: string; grade?: string; owner?: string }[] = [{}, { owner: '李强' }, { owner: '王磊', grade: 'B' }, ...GRADES.members.map((g) => ({ grade: g.value })), ...ROLES.members.map((r) => ({ role: r.value }))];
    for (const q of queries) {
      const role = q.role as Role | undefined;
      const expected = sortDue(dueEntries(ctx, { asOf: '2026-11-23', wanted: role ? DUTIES_OF_ROLE[role] : undefined, grade: q.grade as Grade | undefined, owner: q.owner, withCurrentReview: true }));
      expect([...dueStream(ctx, { asOf: '2026-11-23', ...q })], JSON.stringify(q)).toEqual(expected);
    }
    expect(due(ctx, { asOf: '2026-11-23' }).length).toBeGreaterThan(20);
  });

  it('reads one snapshot: a customer renamed by another process while the list is written shows its old name', () => {
    seedAgenda();
    const before = due(ctx, { asOf: '2026-11-23' });
    const it = dueStream(ctx, { asOf: '2026-11-23' })[Symbol.iterator]();
    const first = it.next();
    expect(first.value).toEqual(before[0]);
    const other = openDb(ctx.file);
    other.prepare("UPDATE customers SET name = name || '（改）'").run();
    other.close();
    const rest: DueEntry[] = [];
    for (let r = it.next(); !r.done; r = it.next()) rest.push(r.value);
    expect([first.value, ...rest]).toEqual(before);
    expect(ctx.db.inTransaction).toBe(false);
    expect(due(ctx, { asOf: '2026-11-23' })[0]!.name).toMatch(/（改）$/);
  });

  it('refuses an unknown owner or role before the first entry', () => {
    seedAgenda();
    expect(() => dueStream(ctx, { owner: '无此人' })).toThrow(/无此人/);
    expect(() => dueStream(ctx, { role: 'boss' })).toThrow(/boss/);
    expect(ctx.db.inTransaction).toBe(false);
  });
});

describe('sortDue', () => {
  it('ranks a long list’s codes once and orders it as compareDue does', () => {
    const provinces = ['粤GZ', '京BJ', '浙HZ', '沪SH', 'DEMUC'];
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      code: `${'ABCX'[i % 4]}${'abcd'[(i * 7) % 4]}-${provinces[(i * 3) % 5]}${String((i * 37) % 900).padStart(4, '0')}`,
      role: (['support', 'review', 'sales-manager', 'any'] as const)[(i * 5) % 4],
      days_overdue: (i * 13) % 40,
    })) as unknown as DueEntry[];
    expect(sortDue([...rows])).toEqual([...rows].sort(compareDue));
  });
});
