// End to end: a business manager leaves (seed 004: 区域主管跳槽，客户也随之而去) — kehu user deactivate and
// kehu reassign through bin/kehu: what moves, what the audit log keeps, what a deactivated user is refused.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpChecksum, ENGINE, kehu, query, tempDbPath } from '../helpers.js';

/**
 * 王磊 (business manager, leaving) owns five customers: two B potential in Guangdong (广州, 深圳), one C
 * potential in Guangdong, one B potential in Fujian and one B cooperating in Guangdong; 李强 owns one B
 * potential in Guangdong. Today is 2026-11-23.
 */
function setup(): string {
  const db = tempDbPath();
  const orders = ['code,date,amount', ...['2026-06-05', '2026-10-05'].map((d) => `粤GZ0003,${d},100`)].join('\n');
  for (const args of [
    ['user', 'add', '张敏', '--role', 'assistant'],
    ['user', 'add', '王磊', '--role', 'business-manager'],
    ['user', 'add', '李强', '--role', 'business-manager'],
    ['user', 'add', '赵刚', '--role', 'business-manager'],
    ['add-customer', '广州天河电子有限公司', '--province', '广东', '--city', '广州', '--grade', 'B', '--owner', '王磊', '--date', '2026-01-05'],
    ['add-customer', '深圳南山科技有限公司', '--province', '广东', '--city', '深圳', '--grade', 'B', '--owner', '王磊', '--date', '2026-01-05'],
    ['add-customer', '广州白云五金厂', '--province', '广东', '--city', '广州', '--grade', 'C', '--owner', '王磊', '--date', '2026-01-05'],
    ['add-customer', '福州鼓楼贸易有限公司', '--province', '福建', '--city', '福州', '--grade', 'B', '--owner', '王磊', '--date', '2026-01-05'],
    ['add-customer', '广州番禺机电有限公司', '--province', '广东', '--city', '广州', '--grade', 'B', '--status', 'a', '--owner', '王磊', '--date', '2026-06-01'],
    ['add-customer', '珠海香洲电器有限公司', '--province', '广东', '--city', '珠海', '--grade', 'B', '--owner', '李强', '--date', '2026-01-05'],
    // 广州天河: an overdue follow-up nobody kept; 深圳南山: one still to come; 福州: one kept by a later call.
    ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '询价', '--by', '王磊', '--date', '2026-11-01', '--next-date', '2026-11-15'],
    ['log-visit', '粤SZ0001', '--method', 'onsite', '--summary', '送样', '--by', '王磊', '--date', '2026-11-10', '--next-date', '2026-12-01'],
    ['log-visit', '闽FZ0001', '--method', 'phone', '--summary', '约见', '--by', '王磊', '--date', '2026-11-01', '--next-date', '2026-11-05'],
    ['log-visit', '闽FZ0001', '--method', 'phone', '--summary', '已见面', '--by', '王磊', '--date', '2026-11-06'],
  ]) expect(kehu(args, { db }).status, args.join(' ')).toBe(0);
  expect(kehu(['import', 'orders', '-'], { db, input: orders }).status).toBe(0);
  return db;
}


function owners(db: string): Record<string, string | null> {
  return Object.fromEntries(query<{ name: string; owner: string | null }>(db, 'SELECT name, owner FROM customers ORDER BY id').map((r) => [r.name, r.owner]));
}

interface ReassignJson {
  from: string;
  to: string;
  date: string;
  dry_run: boolean;
  reason: string | null;
  customers: { code: string; name: string; grade: string; status: string; follow_ups: { seq: number; next_date: string; handler: string; overdue: boolean }[] }[];
  follow_ups: number;
}

describe('kehu reassign', () => {
  it('--dry-run lists what would move, says nothing changed, and leaves the file byte-identical', () => {
    const db = setup();
    // The file's bytes; on PostgreSQL, the database's content.
    const untouched = (): string => (ENGINE === 'postgres' ? dumpChecksum(db) : fs.readFileSync(db).toString('base64'));
    const bytes = untouched();
    const before = dumpChecksum(db);
    const r = kehu(['reassign', '--from', '王磊', '--to', '李强', '--dry-run'], { db });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Bb-粤GZ0001 │ 广州天河电子有限公司 │ B 重点客户 │ b 潜在客户');
    expect(r.stdout).toContain('2026-11-15（逾期）');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('试运行：将移交 5 个客户及其 2 条待跟进：王磊 → 李强；未做任何改动。');
    const json = JSON.parse(kehu(['reassign', '--from', '王磊', '--to', '李强', '--dry-run', '--json'], { db }).stdout) as ReassignJson;
    expect(json.dry_run).toBe(true);
    expect(json.customers.map((c) => c.code)).toEqual(['Bb-粤GZ0001', 'Cb-粤GZ0002', 'Ba-粤GZ0003', 'Bb-粤SZ0001', 'Bb-闽FZ0001']);
    expect(json.follow_ups).toBe(2);
    expect(dumpChecksum(db)).toBe(before);
    expect(untouched()).toBe(bytes);
    expect(owners(db)['广州天河电子有限公司']).toBe('王磊');
  });

  it('moves exactly the customers the combined filters match, one audit row each with the old and new owner', () => {
    const db = setup();
    const r = kehu(['reassign', '--from', '王磊', '--to', '李强', '--grade', 'B', '--province', '广东', '--status', 'b', '--reason', '离职', '--json'], { db });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as ReassignJson;
    expect(out).toMatchObject({ from: '王磊', to: '李强', date: '2026-11-23', dry_run: false, reason: '离职', follow_ups: 2 });
    expect(out.customers.map((c) => [c.code, c.name, c.grade, c.status])).toEqual([
      ['Bb-粤GZ0001', '广州天河电子有限公司', 'B', 'b'],
      ['Bb-粤SZ0001', '深圳南山科技有限公司', 'B', 'b'],
    ]);
    expect(out.customers.map((c) => c.follow_ups.map((f) => [f.seq, f.next_date, f.handler, f.overdue]))).toEqual([[[1, '2026-11-15', '王磊', true]], [[1, '2026-12-01', '王磊', false]]]);
    expect(owners(db)).toEqual({
      广州天河电子有限公司: '李强',
      深圳南山科技有限公司: '李强',
      广州白云五金厂: '王磊',
      福州鼓楼贸易有限公司: '王磊',
      广州番禺机电有限公司: '王磊',
      珠海香洲电器有限公司: '李强',
    });
    expect(
      query(db, "SELECT c.name, a.date, a.operator, a.field, a.old_value, a.new_value, a.reason FROM audit_log a JOIN customers c ON c.id = a.customer_id WHERE a.action = 'reassign' ORDER BY a.id"),
    ).toEqual([
      { name: '广州天河电子有限公司', date: '2026-11-23', operator: '张敏', field: 'owner', old_value: '王磊', new_value: '李强', reason: '离职' },
      { name: '深圳南山科技有限公司', date: '2026-11-23', operator: '张敏', field: 'owner', old_value: '王磊', new_value: '李强', reason: '离职' },
    ]);
    // The visits keep who made them; the record stays consistent with its log.
    expect(query(db, 'SELECT DISTINCT handler FROM visits')).toEqual([{ handler: '王磊' }]);
    expect(kehu(['check'], { db }).status).toBe(0);
  });

  it('says how many moved, in Chinese and English, with --date and --as recorded', () => {
    const db = setup();
    const zh = kehu(['reassign', '--from', '王磊', '--to', '李强', '--province', '福建', '--date', '2026-11-20', '--as', '赵刚'], { db });
    expect(zh.status).toBe(0);
    expect(zh.stdout.trimEnd().split('\n').at(-1)).toBe('已移交 1 个客户：王磊 → 李强（2026-11-20）。');
    const en = kehu(['reassign', '--from', '王磊', '--to', '赵刚', '--grade', 'C', '--lang', 'en'], { db });
    expect(en.stdout.trimEnd().split('\n').at(-1)).toBe('Moved 1 customer from 王磊 to 赵刚 (2026-11-23).');
    expect(query(db, "SELECT date, operator, new_value FROM audit_log WHERE action = 'reassign' ORDER BY id")).toEqual([
      { date: '2026-11-20', operator: '赵刚', new_value: '李强' },
      { date: '2026-11-23', operator: '张敏', new_value: '赵刚' },
    ]);
  });

  it('with no matching customer says 0 and exits 0', () => {
    const db = setup();
    const before = dumpChecksum(db);
    const r = kehu(['reassign', '--from', '王磊', '--to', '李强', '--grade', 'X'], { db });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('已移交 0 个客户：王磊 → 李强（2026-11-23）。\n');
    expect(JSON.parse(kehu(['reassign', '--from', '赵刚', '--to', '李强', '--json'], { db }).stdout)).toMatchObject({ customers: [], follow_ups: 0 });
    expect(dumpChecksum(db)).toBe(before);
  });

  it("the moved customers' duties and follow-ups are the new owner's: due --owner and list --owner follow", () => {
    const db = setup();
    const dueOf = (owner: string): string[] => (JSON.parse(kehu(['due', '--owner', owner, '--json'], { db }).stdout) as { code: string }[]).map((d) => d.code);
    expect(dueOf('王磊')).toContain('Ba-粤GZ0003');
    expect(dueOf('李强')).not.toContain('Ba-粤GZ0003');
    expect(kehu(['reassign', '--from', '王磊', '--to', '李强', '--status', 'a'], { db }).status).toBe(0);
    expect(dueOf('王磊')).toEqual([]);
    expect(dueOf('李强')).toContain('Ba-粤GZ0003');
    // Everything else of 王磊's, follow-ups included, moves to 赵刚.
    const rest = JSON.parse(kehu(['reassign', '--from', '王磊', '--to', '赵刚', '--json'], { db }).stdout) as ReassignJson;
    expect(rest.customers.map((c) => c.code)).toEqual(['Bb-粤GZ0001', 'Cb-粤GZ0002', 'Bb-粤SZ0001', 'Bb-闽FZ0001']);
    expect(rest.follow_ups).toBe(2);
    const list = JSON.parse(kehu(['list', '--owner', '赵刚', '--json'], { db }).stdout) as { code: string }[];
    expect(list.map((c) => c.code)).toEqual(['Bb-粤GZ0001', 'Cb-粤GZ0002', 'Bb-粤SZ0001', 'Bb-闽FZ0001']);
    expect(JSON.parse(kehu(['list', '--owner', '王磊', '--json'], { db }).stdout)).toEqual([]);
  });

  it('refuses bad input with the value and the fix, a non-zero exit, and nothing changed', () => {
    const db = setup();
    expect(kehu(['user', 'deactivate', '赵刚'], { db }).status).toBe(0);
    const before = dumpChecksum(db);
    const cases: [string[], number, RegExp][] = [
      [['--from', '王磊', '--to', '王磊'], 2, /--from 与 --to 是同一个人（王磊）.*修正：--to 给出另一位在职用户/],
      [['--from', '王五', '--to', '李强'], 1, /没有名为“王五”的用户（--from）。修正：用 kehu user list 查看/],
      [['--from', '王磊', '--to', '王五'], 1, /未知用户“王五”。修正：先用 kehu user add 王五/],
      [['--from', '王磊', '--to', '赵刚'], 1, /用户“赵刚”已于 2026-11-23 停用，不能再负责客户（--to）。修正：改为在职用户/],
      [['--from', '王磊', '--to', '李强', '--grade', 'Z'], 2, /--grade 的值“Z”无效。修正：可用值：A、B、C、X/],
      [['--from', '王磊', '--to', '李强', '--status', 'x'], 2, /--status 的值“x”无效。修正：可用值：a、b、c、d/],
      [['--from', '王磊', '--to', '李强', '--province', '火星'], 1, /未知省份“火星”。修正/],
      [['--from', '王磊', '--to', '李强', '--province', '广东', '--city', '广洲'], 1, /“广洲”不是广东省的已知地市或区县/],
      [['--from', '王磊', '--to', '李强', '--date', '2099-01-01'], 2, /--date 的值“2099-01-01”无效/],
      [['--from', '王磊', '--to', '李强', '--date', '2026-02-30'], 2, /--date 的值“2026-02-30”无效/],
      [['--to', '李强'], 2, /缺少 --from/],
      [['--from', '王磊'], 2, /缺少 --to/],
    ];
    for (const [args, exit, message] of cases) {
      const r = kehu(['reassign', ...args], { db });
      expect(r.status, args.join(' ')).toBe(exit);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout).toBe('');
    }
    const json = kehu(['reassign', '--from', '王磊', '--to', '赵刚', '--json', '--lang', 'en'], { db });
    expect(JSON.parse(json.stderr)).toEqual({
      error: 'user_deactivated',
      message: 'User "赵刚" was deactivated on 2026-11-23 and can no longer own customers (--to). Fix: give an active user (see kehu user list).',
      exit_code: 1,
      name: '赵刚',
      since: '2026-11-23',
      duty: 'owner',
      option: '--to',
    });
    expect(dumpChecksum(db)).toBe(before);
  });

  it('has --help with examples', () => {
    for (const cmd of [['reassign'], ['user', 'deactivate']]) {
      const r = kehu([...cmd, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/示例：\n {2}\$ kehu/);
      expect(r.stdout).toContain('--date');
    }
  });
});

describe('kehu user deactivate', () => {
  it('keeps the history and marks the user in user list; the audit log has the day', () => {
    const db = setup();
    const r = kehu(['user', 'deactivate', '王磊'], { db });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('已停用用户：王磊（自 2026-11-23 起）\n');
    expect(r.stderr).toBe('注意：王磊 仍负责 5 个客户；用 kehu reassign --from 王磊 --to <用户> 移交。\n');
    const users = JSON.parse(kehu(['user', 'list', '--json'], { db }).stdout) as { name: string; deactivated_on: string | null }[];
    expect(users.map((u) => [u.name, u.deactivated_on])).toEqual([['张敏', null], ['李强', null], ['王磊', '2026-11-23'], ['赵刚', null]]);
    expect(kehu(['user', 'list'], { db }).stdout).toMatch(/王磊 +│ 商务经理 │ [^│]+│ 已停用 2026-11-23 │/);
    expect(kehu(['user', 'list', '--lang', 'en'], { db }).stdout).toMatch(/王磊 +│ business manager │ [^│]+│ deactivated 2026-11-23 │/);
    expect(query(db, "SELECT entity, entity_key, action, field, old_value, new_value, date FROM audit_log WHERE entity = 'user' AND action = 'deactivate'")).toEqual([
      { entity: 'user', entity_key: '王磊', action: 'deactivate', field: 'deactivated_on', old_value: null, new_value: '2026-11-23', date: '2026-11-23' },
    ]);
    // Their customers, visits and ownership stay as recorded.
    expect(JSON.parse(kehu(['list', '--owner', '王磊', '--json'], { db }).stdout)).toHaveLength(5);
    const hist = JSON.parse(kehu(['history', '粤GZ0001', '--json'], { db }).stdout) as { entries: { kind: string; who: string }[] };
    expect(hist.entries.filter((e) => e.kind === 'visit').map((e) => e.who)).toEqual(['王磊']);
    expect((JSON.parse(kehu(['show', '粤GZ0001', '--json'], { db }).stdout) as { owner: string }).owner).toBe('王磊');
    // The usual next step: the departed owner's customers move, a deactivated --from is the normal case.
    const moved = JSON.parse(kehu(['reassign', '--from', '王磊', '--to', '李强', '--json'], { db }).stdout) as ReassignJson;
    expect(moved.customers).toHaveLength(5);
  });

  it('refuses the user as a new owner, handler or approver; work dated before the deactivation is still taken', () => {
    const db = setup();
    expect(kehu(['user', 'add', '刘洋', '--role', 'sales-manager'], { db }).status).toBe(0);
    expect(kehu(['user', 'add', '赵雪', '--role', 'market-manager'], { db }).status).toBe(0);
    // 广州番禺 (B cooperating) reviewed at 90 → an A application waiting for sales, market and general manager.
    expect(kehu(['review-grade', '粤GZ0003', '--score', '90', '--month', '2026-10', '--date', '2026-11-02'], { db }).status).toBe(0);
    expect(kehu(['user', 'deactivate', '王磊', '--date', '2026-11-20'], { db }).status).toBe(0);
    expect(kehu(['user', 'deactivate', '刘洋', '--date', '2026-11-20'], { db }).status).toBe(0);
    const before = dumpChecksum(db);
    const cases: [string[], RegExp][] = [
      [['add-customer', '新客户有限公司', '--province', '广东', '--city', '广州', '--owner', '王磊'], /用户“王磊”已于 2026-11-20 停用，不能再负责客户（--owner）/],
      [['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '回访', '--by', '王磊'], /用户“王磊”已于 2026-11-20 停用，不能再作为经办人记录拜访（--by）。修正：--by 改为在职的经办人；停用前的拜访可用早于 2026-11-20 的 --date 补录/],
      [['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '回访', '--as', '王磊', '--date', '2026-11-20'], /已于 2026-11-20 停用.*（--as）/],
      [['approve', '1', '--as', '刘洋'], /用户“刘洋”已于 2026-11-20 停用，不能再审批（--as）/],
      [['reject', '1', '--as', '刘洋', '--reason', '不同意'], /不能再审批（--as）/],
      [['user', 'deactivate', '王磊'], /用户“王磊”已于 2026-11-20 停用，不能再次停用/],
      [['user', 'deactivate', '王五'], /未知用户“王五”/],
    ];
    for (const [args, message] of cases) {
      const r = kehu(args, { db });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    const imported = kehu(['import', 'customers', '-'], { db, input: '单位名称,省份,城市,负责人\n新客户有限公司,广东,广州,王磊\n' });
    expect(imported.status).toBe(1);
    expect(imported.stderr).toMatch(/王磊.*已于 2026-11-20 停用/);
    expect(dumpChecksum(db)).toBe(before);
    // An import that leaves an existing customer's owner as it is: not new work, taken.
    const update = kehu(['import', 'customers', '-', '--on-duplicate', 'update'], { db, input: '单位名称,省份,城市,负责人,地址\n广州天河电子有限公司,广东,广州,王磊,天河路1号\n' });
    expect(update.status, update.stderr).toBe(0);
    // Work from before they left is still entered late: a visit and an approval dated before 2026-11-20.
    expect(kehu(['log-visit', '粤GZ0001', '--method', 'onsite', '--summary', '补录', '--by', '王磊', '--date', '2026-11-19'], { db }).status).toBe(0);
    const approved = kehu(['approve', '1', '--as', '刘洋', '--date', '2026-11-19', '--json'], { db });
    expect(approved.status, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ approver: '刘洋', role: 'sales-manager', date: '2026-11-19' });
  });

  it('refuses a deactivation day in the future or before their last recorded work', () => {
    const db = setup();
    const before = dumpChecksum(db);
    const future = kehu(['user', 'deactivate', '王磊', '--date', '2026-12-01'], { db });
    expect(future.status).toBe(2);
    expect(future.stderr).toMatch(/--date 的值“2026-12-01”无效/);
    const early = kehu(['user', 'deactivate', '王磊', '--date', '2026-11-01', '--lang', 'en'], { db });
    expect(early.status).toBe(2);
    expect(early.stderr).toBe('Error: Invalid value "2026-11-01" for --date. Fix: expected on or after 2026-11-10, the day of the last visit or approval 王磊 recorded.\n');
    expect(dumpChecksum(db)).toBe(before);
    expect(kehu(['user', 'deactivate', '王磊', '--date', '2026-11-10', '--json'], { db }).stdout).toMatch(/"deactivated_on": "2026-11-10"[\s\S]*"owned_customers": 5/);
  });
});
