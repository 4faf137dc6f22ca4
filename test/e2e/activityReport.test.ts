// End to end: kehu report activity on a hand-built week (2026-W47, 16–22 November) of visits by a business
// manager (王磊), a 市场拓展 (李拓) and an assistant no quota applies to (张敏), every quota figure reproduced.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpChecksum, kehu, query, tempDbPath, tempDir } from '../helpers.js';

interface Line {
  quota: string;
  period: string;
  from: string;
  to: string;
  count: number;
  min: number;
  max: number | null;
  units_met: number;
  units: number;
  units_open: number;
  status: string;
  detail: { unit: string; count: number; status: string }[];
}
interface Report {
  period: { kind: string; label: string; from: string; to: string };
  as_of: string;
  people: { user: string; roles: string[]; met: number; not_met: number; open: number; quotas: Line[] }[];
}

const P = (n: number): string => `粤GZ${String(n).padStart(4, '0')}`;
const D1 = P(31);
const N4 = P(34);
const N3 = '粤SZ0001';

/**
 * P01–P25 are 王磊's potential customers, P26–P30 李拓's, all entered on 2 November; D1 is invalid. In W47
 * 王磊 enters N1 and N2 (Tuesday, 粤GZ0032–0033) and N3 (Wednesday, in 深圳; reassigned to 李拓 afterwards); 李拓 enters N4.
 */
function customersCsv(): string {
  const rows = ['name,province,city,status,owner,created_on'];
  for (let i = 1; i <= 30; i++) rows.push(`潜在客户${i}有限公司,广东,广州,b,${i <= 25 ? '王磊' : '李拓'},2026-11-02`);
  rows.push('无效客户有限公司,广东,广州,d,王磊,2026-11-02');
  rows.push('新客户一有限公司,广东,广州,b,王磊,2026-11-17');
  rows.push('新客户二有限公司,广东,广州,b,王磊,2026-11-17');
  rows.push('新客户四有限公司,广东,广州,b,李拓,2026-11-19');
  rows.push('新客户三有限公司,广东,深圳,b,王磊,2026-11-18');
  return rows.join('\n') + '\n';
}

function visitsCsv(): string {
  const rows = ['code,date,method,handler,summary,stage'];
  const v = (code: string, date: string, method: string, handler: string, stage = ''): number => rows.push(`${code},${date},${method},${handler},拜访,${stage}`);
  v(P(20), '2026-11-10T10:00', 'onsite', '王磊', '3'); // W46: P20 reached the intent stage before the week
  // 王磊, Monday: 15 valid customers by phone, P01 once more by e-mail, the invalid D1.
  for (let i = 1; i <= 15; i++) v(P(i), '2026-11-16T09:00', 'phone', '王磊');
  v(P(1), '2026-11-16T15:00', 'email', '王磊');
  v(D1, '2026-11-16T16:00', 'phone', '王磊');
  // Tuesday: 15 by phone, of which P15's is voided below.
  for (let i = 1; i <= 15; i++) v(P(i), '2026-11-17T09:00', 'phone', '王磊');
  // Wednesday: 10 onsite, P17 reaching stage 3 (an intent customer).
  for (let i = 16; i <= 25; i++) v(P(i), '2026-11-18T10:00', 'onsite', '王磊', i === 17 ? '3' : '');
  // Thursday: P16 orders (cooperating from then); a call to it.
  v(P(16), '2026-11-19T16:00', 'phone', '王磊');
  // Friday: P16 onsite (cooperating now), P18 and P19 onsite.
  for (const i of [16, 18, 19]) v(P(i), '2026-11-20T10:00', 'onsite', '王磊');
  // Saturday, not a work day: 15 calls.
  for (let i = 1; i <= 15; i++) v(P(i), '2026-11-21T10:00', 'phone', '王磊');
  // 李拓: Monday three calls and P26 onsite; Wednesday P26 (cooperating since Tuesday), P27 and P20 (stage 4:
  // not a first reaching of stage 3) onsite; Thursday N4 onsite.
  for (const i of [27, 28, 29]) v(P(i), '2026-11-16T11:00', 'phone', '李拓');
  v(P(26), '2026-11-16T14:00', 'onsite', '李拓');
  v(P(26), '2026-11-18T10:00', 'onsite', '李拓');
  v(P(27), '2026-11-18T11:00', 'onsite', '李拓');
  v(P(20), '2026-11-18T15:00', 'onsite', '李拓', '4');
  v(N4, '2026-11-19T10:00', 'onsite', '李拓');
  // 张敏 (assistant): calls that count for nobody.
  for (let i = 1; i <= 20; i++) v(P(i), '2026-11-16T10:00', 'phone', '张敏');
  return rows.join('\n') + '\n';
}

let db: string;
let dir: string;

function ok(args: string[], env?: NodeJS.ProcessEnv): string {
  const r = kehu(args, { db, ...(env ? { env } : {}) });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

function report(args: string[]): Report {
  return JSON.parse(ok(['report', 'activity', ...args, '--json'])) as Report;
}

/** Each quota of a person as [count, units_met, units, status]. */
function figures(r: Report, user: string): Record<string, [number, number, number, string]> {
  const p = r.people.find((x) => x.user === user);
  if (!p) throw new Error(`${user} not in the report`);
  return Object.fromEntries(p.quotas.map((l) => [l.quota, [l.count, l.units_met, l.units, l.status]]));
}

beforeAll(() => {
  db = tempDbPath();
  dir = tempDir();
  ok(['user', 'add', '王磊', '--role', 'business-manager']);
  ok(['user', 'add', '李拓', '--role', '市场拓展']);
  ok(['user', 'add', '张敏', '--role', 'assistant']);
  fs.writeFileSync(path.join(dir, 'customers.csv'), customersCsv());
  fs.writeFileSync(path.join(dir, 'visits.csv'), visitsCsv());
  expect(kehu(['import', 'customers', path.join(dir, 'customers.csv')], { db }).status).toBe(0);
  expect(kehu(['import', 'visits', path.join(dir, 'visits.csv')], { db }).status).toBe(0);
  ok(['log-order', P(16), '--amount', '5000000', '--date', '2026-11-19']);
  ok(['log-order', P(26), '--amount', '100000', '--date', '2026-11-17']);
  const [tuesday] = query<{ seq: number }>(db, "SELECT v.seq FROM visits v JOIN customers c ON c.id = v.customer_id WHERE c.code LIKE '%粤GZ0015' AND v.visited_at LIKE '2026-11-17%'");
  ok(['void', 'visit', P(15), String(tuesday!.seq), '--reason', '重复录入']);
  ok(['reassign', '--from', '王磊', '--to', '李拓', '--province', '广东', '--city', '深圳', '--reason', '调区域']);
}, 120_000);

describe('report activity on a hand-built week', () => {
  it('the data is as built: P16 and P26 cooperating, N3 now 李拓\'s, a voided visit', () => {
    expect(query(db, `SELECT code, owner, status FROM customers WHERE code LIKE '%${P(16)}' OR code LIKE '%${P(26)}' OR code LIKE '%${N3}' ORDER BY id`)).toEqual([
      { code: `Ca-${P(16)}`, owner: '王磊', status: 'a' },
      { code: `Ca-${P(26)}`, owner: '李拓', status: 'a' },
      { code: `Cb-${N3}`, owner: '李拓', status: 'b' },
    ]);
    expect(query(db, 'SELECT count(*) AS n FROM voided_visits')).toEqual([{ n: 1 }]);
  });

  it('--week: every figure of the business manager and the 市场拓展; the assistant is not in it', () => {
    const r = report(['--week', '2026-W47']);
    expect(r.period).toEqual({ kind: 'week', label: '2026-W47', from: '2026-11-16', to: '2026-11-22' });
    expect(r.as_of).toBe('2026-11-23');
    expect(r.people.map((p) => [p.user, p.roles])).toEqual([
      ['李拓', ['market-development']],
      ['王磊', ['business-manager']],
    ]);
    expect(figures(r, '王磊')).toEqual({
      // Mon 15 (P01 twice once, D1 invalid not), Tue 14 (the voided call gone), Wed 0, Thu 1 (P16, cooperating but valid), Fri 0; Saturday not a work day.
      'remote-contacts': [30, 1, 5, 'not_met'],
      // P01–P25, each potential on a day it was visited; P16 on Thursday and Friday no longer potential.
      'potential-visits': [25, 1, 1, 'met'],
      'potential-onsite-visits': [10, 1, 1, 'met'],
      // Wed 10, Fri 2 (P18, P19; P16 cooperating).
      'new-customer-visits': [12, 1, 5, 'not_met'],
      // N1, N2 and N3 (reassigned since, still credited to who owned it when entered).
      'new-customer-records': [3, 1, 1, 'met'],
      'intent-customers': [1, 1, 1, 'met'],
      // The month and quarter holding the week, to the as-of day.
      'new-customers': [1, 1, 1, 'met'],
      'new-customer-orders': [5000000, 1, 1, 'met'],
    });
    expect(figures(r, '李拓')).toEqual({
      'remote-contacts': [3, 0, 5, 'not_met'],
      // P26 (Monday only), P27, P28, P29, P20, N4.
      'potential-visits': [6, 0, 1, 'not_met'],
      'potential-onsite-visits': [4, 0, 1, 'not_met'],
      'new-customer-visits': [4, 0, 5, 'not_met'],
      // N4 only: N3 is 李拓's now but was 王磊's when entered.
      'new-customer-records': [1, 0, 1, 'not_met'],
      // P20 reached stage 3 the week before.
      'intent-customers': [0, 0, 1, 'not_met'],
      'new-customers': [1, 1, 1, 'met'],
      'new-customer-orders': [100000, 0, 1, 'open'],
    });
    const wang = r.people.find((p) => p.user === '王磊')!;
    expect([wang.met, wang.not_met, wang.open]).toEqual([6, 2, 0]);
    const remote = wang.quotas.find((l) => l.quota === 'remote-contacts')!;
    expect(remote.detail.map((d) => [d.unit, d.count, d.status])).toEqual([
      ['2026-11-16', 15, 'met'],
      ['2026-11-17', 14, 'not_met'],
      ['2026-11-18', 0, 'not_met'],
      ['2026-11-19', 1, 'not_met'],
      ['2026-11-20', 0, 'not_met'],
    ]);
    const records = wang.quotas.find((l) => l.quota === 'new-customer-records')!;
    expect([records.min, records.max, records.period, records.from, records.to]).toEqual([3, 5, '2026-W47', '2026-11-16', '2026-11-22']);
    const orders = wang.quotas.find((l) => l.quota === 'new-customer-orders')!;
    expect([orders.period, orders.from, orders.to, orders.min]).toEqual(['2026-Q4', '2026-10-01', '2026-11-23', 5000000]);
  });

  it('--day: the end-of-day spot check of one person (--by)', () => {
    const monday = report(['--day', '2026-11-16', '--by', '王磊']);
    expect(monday.people).toHaveLength(1);
    expect(figures(monday, '王磊')).toEqual({
      'remote-contacts': [15, 1, 1, 'met'],
      'potential-visits': [25, 1, 1, 'met'],
      'potential-onsite-visits': [10, 1, 1, 'met'],
      'new-customer-visits': [0, 0, 1, 'not_met'],
      'new-customer-records': [3, 1, 1, 'met'],
      'intent-customers': [1, 1, 1, 'met'],
      'new-customers': [1, 1, 1, 'met'],
      'new-customer-orders': [5000000, 1, 1, 'met'],
    });
    const wednesday = report(['--day', '2026-11-18', '--by', '王磊']);
    expect(figures(wednesday, '王磊')['new-customer-visits']).toEqual([10, 1, 1, 'met']);
    expect(figures(wednesday, '王磊')['remote-contacts']).toEqual([0, 0, 1, 'not_met']);
  });

  it('a day that is not a work day has no daily quota lines; weekly and longer ones stay', () => {
    const saturday = report(['--day', '2026-11-21', '--by', '王磊']);
    expect(Object.keys(figures(saturday, '王磊'))).toEqual(['potential-visits', 'potential-onsite-visits', 'new-customer-records', 'intent-customers', 'new-customers', 'new-customer-orders']);
  });

  it('the default is today, with today\'s units still to be judged by the end of the day', () => {
    const r = report([]);
    expect(r.period).toEqual({ kind: 'day', label: '2026-11-23', from: '2026-11-23', to: '2026-11-23' });
    // Today is judged (end-of-day check): nothing logged today is not met; this week's are open.
    expect(figures(r, '李拓')['remote-contacts']).toEqual([0, 0, 1, 'not_met']);
    expect(figures(r, '李拓')['potential-visits']).toEqual([0, 0, 1, 'open']);
  });

  it('--month: weekly quotas per ISO week starting in the month, later weeks open; --as-of moves the judging day', () => {
    const r = report(['--month', '2026-11', '--by', '李拓']);
    expect(figures(r, '李拓')['potential-visits']).toEqual([6, 0, 5, 'not_met']);
    const line = r.people[0]!.quotas.find((l) => l.quota === 'potential-visits')!;
    expect(line.detail.map((d) => [d.unit, d.count, d.status])).toEqual([
      ['2026-W45', 0, 'not_met'],
      ['2026-W46', 0, 'not_met'],
      ['2026-W47', 6, 'not_met'],
      ['2026-W48', 0, 'open'],
      ['2026-W49', 0, 'open'],
    ]);
    expect(line.units_open).toBe(2);
    expect(figures(r, '李拓')['remote-contacts']).toEqual([3, 0, 21, 'not_met']);
    expect(figures(r, '李拓')['new-customers']).toEqual([1, 1, 1, 'met']);
    // As of the Friday of W47 the week and what follows are open; the facts after it do not count.
    const early = report(['--week', '2026-W47', '--by', '王磊', '--as-of', '2026-11-18']);
    expect(figures(early, '王磊')['remote-contacts']).toEqual([29, 1, 5, 'not_met']);
    expect(figures(early, '王磊')['potential-visits']).toEqual([25, 1, 1, 'met']);
    expect(figures(early, '王磊')['new-customers']).toEqual([0, 0, 1, 'open']);
    expect(figures(early, '王磊')['intent-customers']).toEqual([1, 1, 1, 'met']);
  });

  it('a finished month and quarter without the figure are not met', () => {
    const r = report(['--day', '2026-09-30', '--by', '李拓']);
    expect(figures(r, '李拓')['new-customers']).toEqual([0, 0, 1, 'not_met']);
    expect(figures(r, '李拓')['new-customer-orders']).toEqual([0, 0, 1, 'not_met']);
  });

  it('the table: a section per person, within 80 columns, in Chinese and English', () => {
    const zh = ok(['report', 'activity', '--week', '2026-W47']);
    expect(zh.split('\n')[0]).toBe('活动指标周报 2026-W47（2026-11-16 — 2026-11-22，截至 2026-11-23）');
    expect(zh).toContain('王磊（商务经理）：达标 6，未达标 2，未结束 0');
    expect(zh).toContain('李拓（市场拓展）：达标 1，未达标 6，未结束 1');
    expect(zh).toContain('│ 远程拜访有效客户   │ 2026-W47 │ 30         │ ≥15/日         │ 未达标 1/5 │');
    expect(zh).toContain('│ 新客户资料卡       │ 2026-W47 │ 3          │ 3–5/周         │ 达标 1/1   │');
    expect(zh).toContain('│ 新客户货款回笼     │ 2026-Q4  │ ¥5,000,000 │ ≥¥5,000,000/季 │ 达标 1/1   │');
    expect(zh).not.toContain('张敏');
    const en = ok(['report', 'activity', '--week', '2026-W47', '--lang', 'en']);
    expect(en).toContain('王磊 (business manager): 6 met, 2 not met, 0 open');
    expect(en).toContain('李拓 (market development): 1 met, 6 not met, 1 open');
    const width = (s: string): number => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) && !/[─│┌┐└┘├┤┬┴┼—–…≥]/.test(ch) ? 2 : 1), 0);
    const month = ok(['report', 'activity', '--month', '2026-11', '--lang', 'en']);
    for (const text of [zh, en, month]) for (const line of text.split('\n').filter((l) => l.startsWith('│'))) expect(width(line)).toBeLessThanOrEqual(80);
  });

  it('--by someone no quota applies to, and an unknown --by', () => {
    expect(ok(['report', 'activity', '--week', '2026-W47', '--by', '张敏'])).toContain('张敏（销售助理）：达标 0，未达标 0，未结束 0\n没有适用的指标。');
    const r = kehu(['report', 'activity', '--by', '赵六'], { db });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('错误：未知用户“赵六”。修正：先用 kehu user add 赵六 --role <角色> 添加。\n');
  });

  it('CSV is one flat table; Markdown a section per person; --out writes the file its extension says', () => {
    const csv = ok(['report', 'activity', '--week', '2026-W47', '--format', 'csv']).split('\r\n');
    expect(csv[0]).toBe('person,quota,per,period,from,to,count,target,target_max,units_met,units,status');
    expect(csv).toContain('王磊,remote-contacts,day,2026-W47,2026-11-16,2026-11-20,30,15,,1,5,not_met');
    expect(csv).toContain('王磊,new-customer-records,week,2026-W47,2026-11-16,2026-11-22,3,3,5,1,1,met');
    expect(csv).toContain('李拓,new-customer-orders,quarter,2026-Q4,2026-10-01,2026-11-23,100000,5000000,,0,1,open');
    expect(csv.filter((l) => l !== '')).toHaveLength(1 + 16);
    const md = ok(['report', 'activity', '--week', '2026-W47', '--format', 'md']);
    expect(md).toContain('## 活动指标周报 2026-W47');
    expect(md).toContain('### 王磊（商务经理）：达标 6，未达标 2，未结束 0');
    expect(md).toContain('| 意向客户 | 2026-W47 | 1 | ≥1/周 | 达标 1/1 |');
    const out = path.join(dir, '活动-{period}.csv');
    expect(ok(['report', 'activity', '--week', '2026-W47', '--out', out])).toBe('');
    expect(fs.readFileSync(path.join(dir, '活动-2026-W47.csv'), 'utf8').split('\r\n')[0]).toBe('person,quota,per,period,from,to,count,target,target_max,units_met,units,status');
    ok(['report', 'activity', '--week', '2026-W47', '--out', path.join(dir, 'act-{week}.md')]);
    expect(fs.readFileSync(path.join(dir, 'act-2026-W47.md'), 'utf8')).toMatch(/2026-W47/);
    const json = path.join(dir, 'a.json');
    ok(['report', 'activity', '--week', '2026-W47', '--out', json]);
    expect((JSON.parse(fs.readFileSync(json, 'utf8')) as Report).people).toHaveLength(2);
  });

  it.each([
    [['--week', '2026-W54'], '错误：--week 的值“2026-W54”无效。修正：应为 YYYY-Www。'],
    [['--week', '2026-48'], '错误：--week 的值“2026-48”无效。修正：应为 YYYY-Www。'],
    [['--month', '2026-13'], '错误：--month 的值“2026-13”无效。修正：应为 YYYY-MM。'],
    [['--day', '2026-02-30'], '错误：--day 的值“2026-02-30”无效。修正：应为 YYYY-MM-DD。'],
    [['--as-of', 'tomorrow'], '错误：--as-of 的值“tomorrow”无效。修正：应为 YYYY-MM-DD。'],
    [['--as-of', '2026-11-24'], '错误：--as-of 的值“2026-11-24”无效。修正：不晚于今天（2026-11-23）。'],
    [['--week', '2026-W47', '--month', '2026-11'], '错误：--month 的值“2026-11”无效。修正：--day、--week、--month 只能给一个（已给出 --week）。'],
    [['--week', '2026-W49'], '错误：--week 的值“2026-W49”无效。修正：不晚于 --as-of（2026-11-23）。'],
    [['--month', '2026-12'], '错误：--month 的值“2026-12”无效。修正：不晚于 --as-of（2026-11-23）。'],
    [['--day', '2026-11-24'], '错误：--day 的值“2026-11-24”无效。修正：不晚于 --as-of（2026-11-23）。'],
    [['--week', '2026-W48', '--as-of', '2026-11-22'], '错误：--week 的值“2026-W48”无效。修正：不晚于 --as-of（2026-11-22）。'],
  ])('refuses %j with exit 2 and changes nothing', (args, message) => {
    const before = dumpChecksum(db);
    const r = kehu(['report', 'activity', ...args], { db });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
    expect(dumpChecksum(db)).toBe(before);
  });

  it('a bad quota file is refused naming the file, the entry and the fix; nothing is written', () => {
    const file = path.join(dir, 'bad-quotas.json');
    const shipped = JSON.parse(fs.readFileSync(new URL('../../data/quotas.json', import.meta.url), 'utf8')) as { quotas: Record<string, unknown>[] };
    shipped.quotas[1]!.roles = ['business-manager', 'intern'];
    fs.writeFileSync(file, JSON.stringify(shipped));
    const before = dumpChecksum(db);
    const r = kehu(['report', 'activity', '--quotas', file, '--out', path.join(dir, 'never.csv')], { db });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`错误：指标文件 ${file} 无效：quotas[2] potential-visits 的角色“intern”未知；修正：可用 assistant、business-manager、tech-support、sales-manager、market-manager、general-manager、market-development。\n`);
    expect(fs.existsSync(path.join(dir, 'never.csv'))).toBe(false);
    expect(dumpChecksum(db)).toBe(before);
    const en = kehu(['report', 'activity', '--quotas', file, '--lang', 'en', '--json'], { db });
    expect(JSON.parse(en.stderr)).toMatchObject({ error: 'invalid_quotas', source: file, entry: 'quotas[2] potential-visits', problem: 'unknown_role', value: 'intern', exit_code: 1 });
    fs.writeFileSync(file, '{ "quotas": [ ');
    expect(kehu(['report', 'activity', '--quotas', file], { db }).stderr).toMatch(/^错误：指标文件 .*bad-quotas\.json 无效：\(file\) 不是有效的 JSON/);
    expect(kehu(['report', 'activity', '--quotas', path.join(dir, 'missing.json'), '--lang', 'en'], { db }).stderr).toBe(`Error: Invalid quota file ${path.join(dir, 'missing.json')}: (file) cannot be read (ENOENT); fix: check the --quotas path.\n`);
  });

  it('--quotas: another file sets other targets, roles and work days', () => {
    const file = path.join(dir, 'quotas.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        work_days: [1, 2, 3, 4, 5, 6],
        quotas: [{ id: 'remote-contacts', per: 'day', min: 3, roles: ['市场拓展', 'assistant'], section: '§3.2', zh: '远程', en: 'remote' }],
      }),
    );
    const r = JSON.parse(ok(['report', 'activity', '--week', '2026-W47', '--quotas', file, '--json'])) as Report & { quotas_file: string; work_days: number[] };
    expect(r.quotas_file).toBe(file);
    expect(r.work_days).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.people.map((p) => p.user)).toEqual(['张敏', '李拓']);
    expect(figures(r, '李拓')).toEqual({ 'remote-contacts': [3, 1, 6, 'not_met'] });
    expect(figures(r, '张敏')).toEqual({ 'remote-contacts': [20, 1, 6, 'not_met'] });
  });

  it('someone deactivated answers for periods that began before they left, not for later ones (runs last: it deactivates 王磊)', () => {
    const r = kehu(['user', 'deactivate', '王磊', '--date', '2026-11-23'], { db });
    expect([r.status, r.stderr]).toEqual([0, '注意：王磊 仍负责 28 个客户；用 kehu reassign --from 王磊 --to <用户> 移交。\n']);
    expect(report(['--week', '2026-W47']).people.map((p) => p.user)).toEqual(['李拓', '王磊']);
    expect(report(['--week', '2026-W48']).people.map((p) => p.user)).toEqual(['李拓']);
    expect(report(['--week', '2026-W48', '--by', '王磊']).people.map((p) => p.user)).toEqual(['王磊']);
  });
});

describe('the role 市场拓展 (market-development)', () => {
  it('user add takes it by its value, Chinese name or short alias; user list shows it', () => {
    const file = tempDbPath();
    for (const [name, role] of [['甲', 'market-development'], ['乙', '市场拓展'], ['丙', '拓展']]) {
      const r = kehu(['user', 'add', name!, '--role', role!, '--json'], { db: file });
      expect(r.status).toBe(0);
      expect((JSON.parse(r.stdout) as { roles: string[] }).roles).toEqual(['market-development']);
    }
    expect(kehu(['user', 'list', '--role', '市场拓展', '--format', 'csv'], { db: file }).stdout.split('\r\n')[1]).toMatch(/^丙,market-development,/);
    expect(kehu(['user', 'list', '--lang', 'en'], { db: file }).stdout).toContain('market development');
    // It takes part in no §7 duty.
    const due = kehu(['due', '--role', 'market-development', '--json'], { db: file });
    expect(due.status).toBe(0);
    expect(JSON.parse(due.stdout)).toEqual([]);
  });

  it('is in the help texts', () => {
    expect(kehu(['user', 'add', '--help']).stdout).toContain('market-development');
    expect(kehu(['report', 'activity', '--help']).stdout).toContain('市场拓展');
  });
});

describe('the role in the whole archive', () => {
  it('export all → import all keeps a 市场拓展', () => {
    const from = tempDbPath();
    const to = tempDbPath();
    const archive = path.join(tempDir(), 'a.ndjson');
    expect(kehu(['user', 'add', '李拓', '--role', 'market-development', '--role', 'business-manager'], { db: from }).status).toBe(0);
    expect(kehu(['export', 'all', '--out', archive], { db: from }).status).toBe(0);
    const r = kehu(['import', 'all', archive], { db: to });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(query(to, 'SELECT "user", role FROM user_roles ORDER BY role')).toEqual([
      { user: '李拓', role: 'business-manager' },
      { user: '李拓', role: 'market-development' },
    ]);
  });
});
