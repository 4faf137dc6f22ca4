// End to end: correcting the record through bin/kehu (issue 14): edit, contacts, void, log, check.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpChecksum, kehu, query, rawDb, tempDbPath, tempDir } from '../helpers.js';

function setup(): string {
  const db = tempDbPath();
  for (const args of [
    ['user', 'add', '张敏', '--role', 'assistant'],
    ['user', 'add', '李强', '--role', 'business-manager'],
    ['add-customer', '广州市天河电子有限公司', '--province', '广东', '--city', '广州', '--date', '2025-01-05', '--phone', '020-1234567', '--contact', '王伟,title=采购经理,mobile=13800138000'],
    ['add-customer', '深圳南山精密有限公司', '--province', '广东', '--city', '深圳', '--date', '2025-01-06'],
  ]) expect(kehu(args, { db }).status, args.join(' ')).toBe(0);
  return db;
}

const json = <T>(r: { stdout: string; status: number | null; stderr: string }): T => {
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe('kehu edit', () => {
  it('an edit shows in show, in log and in history with the old value', () => {
    const db = setup();
    const r = kehu(['edit', '粤GZ0001', '--phone', '020-7654321', '--owner', '李强', '--reason', '电话变更'], { db });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('电话：020-1234567 → 020-7654321');
    expect(r.stdout).toContain('负责人：— → 李强');
    const show = json<{ phone: string; owner: string }>(kehu(['show', '粤GZ0001', '--json'], { db }));
    expect([show.phone, show.owner]).toEqual(['020-7654321', '李强']);
    const log = json<{ action: string; field: string | null; old: string | null; new: string | null; operator: string; reason: string | null }[]>(kehu(['log', '粤GZ0001', '--json'], { db }));
    expect(log.filter((e) => e.action === 'edit').map((e) => [e.field, e.old, e.new, e.operator, e.reason])).toEqual([
      ['owner', null, '李强', '张敏', '电话变更'],
      ['phone', '020-1234567', '020-7654321', '张敏', '电话变更'],
    ]);
    const hist = kehu(['history', '粤GZ0001', '--kind', 'edit'], { db });
    expect(hist.stdout).toContain('电话：020-1234567 → 020-7654321（电话变更）');
    expect(kehu(['history', '粤GZ0001', '--kind', 'edit', '--lang', 'en'], { db }).stdout).toContain('Phone: 020-1234567 → 020-7654321 (电话变更)');
    expect(kehu(['check'], { db }).status).toBe(0);
  });

  it('the name keeps the duplicate rule; an unknown owner, an unknown field or no field are refused and change nothing', () => {
    const db = setup();
    const before = dumpChecksum(db);
    const dup = kehu(['edit', '粤GZ0001', '--name', '深圳南山精密有限公司'], { db });
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain('Cb-粤SZ0001');
    const owner = kehu(['edit', '粤GZ0001', '--owner', '王五'], { db });
    expect([owner.status, owner.stderr]).toEqual([1, expect.stringContaining('未知用户“王五”') as string]);
    const field = kehu(['edit', '粤GZ0001', '--colour', 'red'], { db });
    expect(field.status).toBe(2);
    expect(field.stderr).toContain('--colour');
    const none = kehu(['edit', '粤GZ0001'], { db });
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining('kehu edit --help') as string]);
    const bad = kehu(['edit', '粤GZ0001', '--postcode', '12'], { db });
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining('--postcode') as string]);
    expect(kehu(['edit', '粤GZ9999', '--phone', '1'], { db }).status).toBe(1);
    expect(dumpChecksum(db)).toBe(before);
  });

  it('a corrected city gives a new code in the right region from that day; the old code still finds the customer', () => {
    const db = setup();
    const r = json<{ code: string; former_code: string; moved: { from: string; to: string } }>(
      kehu(['edit', 'Cb-粤GZ0001', '--city', '深圳', '--date', '2026-11-20', '--reason', '建档时城市填错', '--json'], { db }),
    );
    // 粤SZ0001 is taken by the other customer: the next serial of 粤SZ.
    expect(r.moved).toEqual({ from: 'Cb-粤GZ0001', to: 'Cb-粤SZ0002' });
    for (const code of ['Cb-粤GZ0001', '粤GZ0001', 'Cb-粤SZ0002', '粤SZ0002']) {
      expect(json<{ name: string }>(kehu(['show', code, '--json'], { db })).name, code).toBe('广州市天河电子有限公司');
    }
    const show = json<{ city: string; code_history: { code: string; valid_from: string; valid_to: string | null }[] }>(kehu(['show', '粤SZ0002', '--json'], { db }));
    expect(show.city).toBe('深圳市');
    expect(show.code_history).toEqual([
      { code: 'Cb-粤GZ0001', valid_from: '2025-01-05', valid_to: '2026-11-20' },
      { code: 'Cb-粤SZ0002', valid_from: '2026-11-20', valid_to: null },
    ]);
    // The region's serials are never reused: the next Guangzhou customer is 0002, the next Shenzhen one 0003.
    expect(json<{ code: string }>(kehu(['add-customer', '广州甲公司', '--province', '广东', '--city', '广州', '--json'], { db })).code).toBe('Cb-粤GZ0002');
    expect(json<{ code: string }>(kehu(['add-customer', '深圳乙公司', '--province', '广东', '--city', '深圳', '--json'], { db })).code).toBe('Cb-粤SZ0003');
    expect(kehu(['check'], { db }).status).toBe(0);
  });
});

describe('kehu contact', () => {
  it('adds, edits and removes a contact; an insider\'s stage moves; a removed contact stays in the log', () => {
    const db = setup();
    const added = json<{ contact: { id: number; insider: boolean; insider_stage: number } }>(
      kehu(['contact', 'add', '粤GZ0001', '陈静', '--title', '仓库主管', '--insider', '--insider-stage', '认识', '--native-place', '湖南', '--interests', '钓鱼', '--json'], { db }),
    );
    expect([added.contact.insider, added.contact.insider_stage]).toEqual([true, 1]);
    const moved = kehu(['contact', 'edit', '粤GZ0001', '陈静', '--insider-stage', '信赖', '--mobile', '13900139000'], { db });
    expect(moved.status, moved.stderr).toBe(0);
    expect(moved.stdout).toContain('内线阶段：认识 → 信赖');
    expect(kehu(['contact', 'edit', '粤GZ0001', `#${added.contact.id}`, '--insider-stage', '5', '--lang', 'en'], { db }).stdout).toContain('Insider stage: trust → ally');
    const removed = kehu(['contact', 'remove', '粤GZ0001', '王伟', '--reason', '已离职'], { db });
    expect(removed.status, removed.stderr).toBe(0);
    const show = json<{ contacts: { name: string; mobile: string; insider_stage: number; native_place: string; interests: string }[] }>(kehu(['show', '粤GZ0001', '--json'], { db }));
    expect(show.contacts.map((c) => [c.name, c.mobile, c.insider_stage, c.native_place, c.interests])).toEqual([['陈静', '13900139000', 5, '湖南', '钓鱼']]);
    const text = kehu(['show', '粤GZ0001'], { db }).stdout;
    expect(text).toContain('同盟');
    expect(text).toContain('籍贯');
    const log = json<{ entity: string; action: string; field: string | null; old: string | null; new: string | null; reason: string | null }[]>(kehu(['log', '粤GZ0001', '--json'], { db }));
    const stages = log.filter((e) => e.field === 'insider_stage').map((e) => [e.old, e.new]);
    expect(stages).toEqual([['1', '4'], ['4', '5']]);
    const gone = log.find((e) => e.entity === 'contact' && e.action === 'remove')!;
    expect(JSON.parse(gone.old!)).toMatchObject({ name: '王伟', title: '采购经理', mobile: '13800138000' });
    expect(gone.reason).toBe('已离职');
    expect(kehu(['history', '粤GZ0001', '--kind', 'edit'], { db }).stdout).toContain('删除联系人 王伟（已离职）');
  });

  it('refuses an unknown contact and a bad stage, naming the contacts it has, and changes nothing', () => {
    const db = setup();
    const before = dumpChecksum(db);
    const r = kehu(['contact', 'edit', '粤GZ0001', '赵六', '--title', '经理'], { db });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('没有联系人“赵六”');
    expect(r.stderr).toContain('王伟');
    const stage = kehu(['contact', 'edit', '粤GZ0001', '王伟', '--insider-stage', '朋友'], { db });
    expect([stage.status, stage.stderr]).toEqual([2, expect.stringContaining('--insider-stage') as string]);
    expect(kehu(['contact', 'remove', '粤GZ0001', '#99'], { db }).status).toBe(1);
    expect(dumpChecksum(db)).toBe(before);
  });

  it('exports the profile only with --with-personal-data, and reads it back', () => {
    const db = setup();
    expect(kehu(['contact', 'add', '粤GZ0001', '陈静', '--insider', '--insider-stage', '约会', '--family', '已婚', '--wechat', 'chenjing88'], { db }).status).toBe(0);
    const dir = tempDir();
    const plain = path.join(dir, 'plain.csv');
    const personal = path.join(dir, 'personal.csv');
    expect(kehu(['export', 'customers', '--out', plain], { db }).status).toBe(0);
    expect(kehu(['export', 'customers', '--out', personal, '--with-personal-data'], { db }).status).toBe(0);
    const p = fs.readFileSync(plain, 'utf8');
    expect(p).not.toContain('chenjing88');
    expect(p).not.toContain('已婚');
    const q = fs.readFileSync(personal, 'utf8');
    for (const s of ['chenjing88', '已婚', '约会', '内线阶段', '家庭情况']) expect(q).toContain(s);
    const copy = tempDbPath();
    for (const args of [['user', 'add', '张敏', '--role', 'assistant'], ['user', 'add', '李强', '--role', 'business-manager']]) kehu(args, { db: copy });
    const imp = kehu(['import', 'customers', personal], { db: copy });
    expect(imp.status, imp.stderr).toBe(0);
    const back = json<{ contacts: { name: string; wechat: string; family: string; insider: boolean; insider_stage: number }[] }>(kehu(['show', '粤GZ0001', '--json'], { db: copy }));
    expect(back.contacts.find((c) => c.name === '陈静')).toMatchObject({ wechat: 'chenjing88', family: '已婚', insider: true, insider_stage: 2 });
  });
});

describe('kehu void', () => {
  it('a voided visit keeps its number, the next visit gets the next one, and history strikes it out', () => {
    const db = setup();
    for (const i of [1, 2]) expect(kehu(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', `第${i}次`, '--date', `2026-11-0${i}T10:00`], { db }).status).toBe(0);
    const v = kehu(['void', 'visit', '粤GZ0001', '2', '--reason', '记错客户'], { db });
    expect(v.status, v.stderr).toBe(0);
    const next = json<{ seq: number }>(kehu(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '第三次', '--json'], { db }));
    expect(next.seq).toBe(3);
    const h = json<{ entries: { kind: string; seq: number | null; voided: { by: string; reason: string } | null }[] }>(kehu(['history', '粤GZ0001', '--kind', 'visit', '--json'], { db }));
    expect(h.entries.map((e) => [e.seq, e.voided?.reason ?? null])).toEqual([[3, null], [2, '记错客户'], [1, null]]);
    expect(kehu(['history', '粤GZ0001', '--kind', 'visit'], { db }).stdout).toContain('【已作废：张敏 2026-11-23，记错客户】');
    expect(query(db, 'SELECT count(*) AS n FROM visits')[0]).toEqual({ n: 2 });
    const twice = kehu(['void', 'visit', '粤GZ0001', '2', '--reason', 'x'], { db });
    expect([twice.status, twice.stderr]).toEqual([1, expect.stringContaining('已于 2026-11-23 由 张敏 作废') as string]);
    const missing = kehu(['void', 'visit', '粤GZ0001', '9', '--reason', 'x'], { db });
    expect([missing.status, missing.stderr]).toEqual([1, expect.stringContaining('没有第 9 次拜访（已编到第 3 次）') as string]);
    expect(kehu(['void', 'visit', '粤GZ0001', '1'], { db }).status).toBe(2);
    expect(kehu(['check'], { db }).status).toBe(0);
  });

  it("a voided order moves the first-order date and the loss, and the churn reports change accordingly", () => {
    const db = setup();
    const o1 = json<{ id: number }>(kehu(['log-order', '粤GZ0001', '--amount', '1000', '--date', '2025-03-10', '--json'], { db }));
    expect(kehu(['log-order', '粤GZ0001', '--amount', '800', '--date', '2025-04-20'], { db }).status).toBe(0);
    const lostIn = (month: string): string[] =>
      json<{ lost: { customers: { name: string }[] } }>(kehu(['churn-report', '--month', month, '--json'], { db })).lost.customers.map((c) => c.name);
    expect(lostIn('2025-09')).toEqual([]);
    expect(lostIn('2025-10')).toEqual(['广州市天河电子有限公司']);
    const before = json<{ cooperating_since: string; lost_date: string }>(kehu(['show', '粤GZ0001', '--json'], { db }));
    expect([before.cooperating_since, before.lost_date]).toEqual(['2025-03-10', '2025-10-20']);
    // Void the later order: the first order stays, the loss comes six months after it.
    const later = query(db, 'SELECT id FROM orders WHERE date = ?', '2025-04-20')[0] as { id: number };
    const r = json<{ before: { lost_date: string }; after: { lost_date: string } }>(kehu(['void', 'order', String(later.id), '--reason', '重复录入', '--json'], { db }));
    expect([r.before.lost_date, r.after.lost_date]).toEqual(['2025-10-20', '2025-09-10']);
    expect(lostIn('2025-09')).toEqual(['广州市天河电子有限公司']);
    expect(lostIn('2025-10')).toEqual([]);
    // Void the first order too: the customer never cooperated, so it was never lost.
    const first = json<{ before: { cooperating_since: string }; after: { cooperating_since: string | null } }>(
      kehu(['void', 'order', 'Cc-粤GZ0001', String(o1.id), '--reason', '录错客户', '--json'], { db }),
    );
    expect([first.before.cooperating_since, first.after.cooperating_since]).toEqual(['2025-03-10', null]);
    const after = json<{ status: string; cooperating_since: string | null; lost_date: string | null }>(kehu(['show', '粤GZ0001', '--json'], { db }));
    expect(after).toMatchObject({ status: 'b', cooperating_since: null, lost_date: null });
    expect(lostIn('2025-09')).toEqual([]);
    const h = json<{ entries: { kind: string; order_id: number | null; voided: unknown }[] }>(kehu(['history', '粤GZ0001', '--kind', 'order', '--json'], { db }));
    expect(h.entries.every((e) => e.voided !== null)).toBe(true);
    // A new order never takes a voided order's id.
    const o3 = json<{ id: number }>(kehu(['log-order', '粤GZ0001', '--amount', '5', '--json'], { db }));
    expect(o3.id).toBeGreaterThan(later.id);
    expect(kehu(['check'], { db }).status).toBe(0);
  });

  it('refuses an order voided twice, one of another customer, an unknown one, and changes nothing', () => {
    const db = setup();
    const o = json<{ id: number }>(kehu(['log-order', '粤GZ0001', '--amount', '1000', '--date', '2025-03-10', '--json'], { db }));
    expect(kehu(['void', 'order', String(o.id), '--reason', '重复'], { db }).status).toBe(0);
    const o2 = json<{ id: number }>(kehu(['log-order', '粤GZ0001', '--amount', '10', '--date', '2025-03-11', '--json'], { db }));
    const before = dumpChecksum(db);
    const twice = kehu(['void', 'order', String(o.id), '--reason', '重复'], { db });
    expect([twice.status, twice.stderr]).toEqual([1, expect.stringContaining('不能再次作废') as string]);
    const other = kehu(['void', 'order', '粤SZ0001', String(o2.id), '--reason', 'x'], { db });
    expect([other.status, other.stderr]).toEqual([1, expect.stringContaining('不属于 Cb-粤SZ0001') as string]);
    const unknown = kehu(['void', 'order', '999', '--reason', 'x', '--lang', 'en'], { db });
    expect([unknown.status, unknown.stderr]).toEqual([1, expect.stringContaining('No order #999') as string]);
    expect(kehu(['void', 'order', 'abc', '--reason', 'x'], { db }).status).toBe(2);
    expect(dumpChecksum(db)).toBe(before);
  });
});

describe('kehu log and check', () => {
  it('filters by operator and by day, and check finds a value changed behind the log\'s back', () => {
    const db = setup();
    expect(kehu(['edit', '粤GZ0001', '--fax', '020-1111111'], { db, env: { KEHU_USER: '李强' } }).status).toBe(0);
    const byLi = json<{ operator: string }[]>(kehu(['log', '--by', '李强', '--json'], { db }));
    expect(byLi.length).toBe(1);
    expect(json<unknown[]>(kehu(['log', '--since', '2025-01-06', '--until', '2025-01-06', '--json'], { db })).length).toBe(1);
    expect(kehu(['log', '--since', '2025-13-01'], { db }).status).toBe(2);
    expect(kehu(['check'], { db }).status).toBe(0);
    const raw = rawDb(db);
    raw.prepare("UPDATE customers SET fax = '000' WHERE code = 'Cb-粤GZ0001'").run();
    raw.close();
    const c = kehu(['check'], { db });
    expect(c.status).toBe(1);
    expect(c.stdout + c.stderr).toContain('fax');
  });

  it('export all and import all carry the log, the voided records, the moves and the profiles', () => {
    const db = setup();
    kehu(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '电话', '--date', '2026-11-01'], { db });
    kehu(['void', 'visit', '粤GZ0001', '1', '--reason', '记错'], { db });
    kehu(['edit', '粤GZ0001', '--city', '佛山', '--reason', '填错'], { db });
    kehu(['contact', 'add', '粤FS0001', '陈静', '--insider', '--insider-stage', '3'], { db });
    const dir = tempDir();
    const file = path.join(dir, 'all.ndjson');
    expect(kehu(['export', 'all', '--out', file, '--with-personal-data'], { db }).status).toBe(0);
    const copy = tempDbPath();
    const r = kehu(['import', 'all', file], { db: copy });
    expect(r.status, r.stderr).toBe(0);
    for (const code of ['粤GZ0001', '粤FS0001']) expect(kehu(['show', code, '--json'], { db: copy }).stdout).toBe(kehu(['show', code, '--json'], { db }).stdout);
    expect(kehu(['history', '粤FS0001', '--json'], { db: copy }).stdout).toBe(kehu(['history', '粤FS0001', '--json'], { db }).stdout);
    expect(kehu(['log', '--json'], { db: copy }).stdout).toBe(kehu(['log', '--json'], { db }).stdout);
    expect(kehu(['check'], { db: copy }).status).toBe(0);
    expect(json<{ seq: number }>(kehu(['log-visit', '粤FS0001', '--method', 'phone', '--summary', '再次', '--json'], { db: copy })).seq).toBe(2);
  });
});
