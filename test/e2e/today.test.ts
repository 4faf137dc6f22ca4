// End to end: kehu today (the morning agenda), escalation, materials and send-materials, and the completed
// due rules (the owner's own visits, half-yearly technical support, the monthly review), on hand-built files.
// The clock is E2E_NOW: 2026-11-23 07:30 in Beijing.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { breathe, dumpChecksum, kehu, query, tempDbPath, tempDir } from '../helpers.js';

interface Group<T> {
  count: number;
  items: T[];
}
interface AgendaJson {
  user: string;
  roles: string[];
  as_of: string;
  escalate_after: number;
  limit: number;
  total: number;
  overdue_duties: Group<{ code: string; role: string; duty: string; days_overdue: number }>;
  follow_ups: Group<{ code: string; seq: number; next_date: string; days_overdue: number; owner: string }>;
  escalated: Group<{ code: string; owner: string; next_date: string; days_overdue: number; escalated_to: string[] }>;
  materials: Group<{ code: string; seq: number; materials: string; due_at: string; overdue_hours: number }>;
  birthdays: Group<{ code: string; contact: string; date: string; days_until: number; decision_maker: boolean; insider: boolean }>;
  approvals: Group<{ id: number; code: string; waiting_for: string[] }>;
  lost_without_plan: Group<{ code: string; lost_date: string }>;
  at_risk: Group<{ code: string; months_without_order: number; lost_on: string }> & { months: number };
}

function ok(db: string, args: string[]): string {
  const r = kehu(args, { db });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/**
 * 李强 (business manager) owns: 粤GZ0001, a potential customer with a follow-up set for 11-16 and three
 * contacts (a decision maker born on 11-26, a plain contact born on 11-24, an insider born on 12-05);
 * 粤GZ0002, potential, with an upgrade application waiting; 粤FS0001, lost on 2026-07-10 with no plan;
 * 粤DG0001, cooperating, last order 2026-07-15 (at risk); 粤DG0002, cooperating, last order 2026-08-01.
 * 王磊 owns 粤SZ0001, where 李强 logged two requests for materials.
 */
function agendaFile(): string {
  const db = tempDbPath();
  for (const [name, role] of [
    ['张敏', 'assistant'], ['李强', 'business-manager'], ['王磊', 'business-manager'], ['陈静', 'tech-support'], ['刘洋', 'sales-manager'],
    ['赵雪', 'market-manager'], ['孙伟', 'general-manager'], ['老周', 'business-manager'],
  ]) ok(db, ['user', 'add', name!, '--role', role!]);
  ok(db, ['user', 'deactivate', '老周', '--date', '2026-11-01']);
  const add = (name: string, city: string, extra: string[]): void => void ok(db, ['add-customer', name, '--province', '广东', '--city', city, ...extra]);
  add('广州天河电子有限公司', '广州', ['--owner', '李强', '--date', '2026-10-01']);
  add('广州白云机电有限公司', '广州', ['--owner', '李强', '--date', '2026-10-01']);
  add('深圳南山通信有限公司', '深圳', ['--owner', '王磊', '--date', '2026-10-01']);
  add('佛山顺德电器有限公司', '佛山', ['--owner', '李强', '--status', 'a', '--date', '2025-12-01']);
  add('东莞长安五金有限公司', '东莞', ['--owner', '李强', '--status', 'a', '--date', '2026-01-01']);
  add('东莞虎门线缆有限公司', '东莞', ['--owner', '李强', '--status', 'a', '--date', '2026-01-01']);
  ok(db, ['log-order', '粤FS0001', '--amount', '5000', '--date', '2026-01-10']);
  ok(db, ['log-order', '粤DG0001', '--amount', '8000', '--date', '2026-07-15']);
  ok(db, ['log-order', '粤DG0002', '--amount', '8000', '--date', '2026-08-01']);
  ok(db, ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '介绍产品', '--by', '李强', '--date', '2026-11-13T10:00', '--next-date', '2026-11-16', '--next-step', '寄样品']);
  ok(db, ['contact', 'add', '粤GZ0001', '王总', '--decision-maker', '--birthday', '11-26']);
  ok(db, ['contact', 'add', '粤GZ0001', '小李', '--birthday', '1990-11-24']);
  ok(db, ['contact', 'add', '粤GZ0001', '陈工', '--insider', '--birthday', '1985-12-05']);
  ok(db, ['log-visit', '粤SZ0001', '--method', 'phone', '--summary', '要目录', '--by', '李强', '--date', '2026-11-20T10:00', '--materials', '产品目录']);
  ok(db, ['log-visit', '粤SZ0001', '--method', 'phone', '--summary', '要报价单', '--by', '李强', '--date', '2026-11-22T15:00', '--materials', '报价单', '--window-hours', '0']);
  ok(db, ['review-grade', '粤GZ0002', '--score', '85', '--month', '2026-11']);
  return db;
}

const today = (db: string, args: string[]): AgendaJson => JSON.parse(ok(db, ['today', '--json', ...args])) as AgendaJson;

describe('kehu today', () => {
  it("shows the business manager's follow-up due, birthdays in 7 days, materials within 24 h, the lost customer without a plan and the one at risk", () => {
    const db = agendaFile();
    const a = today(db, ['--as', '李强']);
    expect(Object.keys(a)).toEqual(['user', 'roles', 'as_of', 'escalate_after', 'limit', 'total', 'overdue_duties', 'follow_ups', 'escalated', 'materials', 'birthdays', 'approvals', 'lost_without_plan', 'at_risk']);
    expect([a.user, a.roles, a.as_of, a.escalate_after, a.limit]).toEqual(['李强', ['business-manager'], '2026-11-23', 3, 20]);
    expect(a.follow_ups.items.map((f) => [f.code, f.seq, f.next_date, f.days_overdue, f.owner])).toEqual([['Cb-粤GZ0001', 1, '2026-11-16', 7, '李强']]);
    expect(Object.keys(a.follow_ups.items[0]!)).toEqual(['code', 'name', 'status', 'owner', 'seq', 'visited_at', 'handler', 'next_step', 'next_date', 'days_overdue']);
    expect(a.escalated).toEqual({ count: 0, items: [] });
    // The decision maker in 3 days and the insider's birthday in 12 days: only the first; the plain contact never.
    expect(a.birthdays.items.map((b) => [b.code, b.contact, b.date, b.days_until, b.decision_maker, b.insider])).toEqual([['Cb-粤GZ0001', '王总', '2026-11-26', 3, true, false]]);
    // 李强 handled both visits of 王磊's customer: one request 45 h overdue, one due at 15:00 today.
    expect(a.materials.items.map((m) => [m.code, m.seq, m.materials, m.due_at, m.overdue_hours])).toEqual([
      ['Cb-粤SZ0001', 1, '产品目录', '2026-11-21T10:00', 45],
      ['Cb-粤SZ0001', 2, '报价单', '2026-11-23T15:00', -8],
    ]);
    expect(a.approvals).toEqual({ count: 0, items: [] });
    expect(a.lost_without_plan.items.map((l) => [l.code, l.lost_date])).toEqual([['Cc-粤FS0001', '2026-07-10']]);
    expect(a.at_risk.months).toBe(4);
    expect(a.at_risk.items.map((r) => [r.code, r.months_without_order, r.lost_on])).toEqual([['Ca-粤DG0001', 4, '2027-01-15']]);
    expect(a.total).toBe(Object.values(a).reduce((s: number, g) => s + (typeof g === 'object' && g !== null && 'count' in g ? (g as Group<unknown>).count : 0), 0));
  });

  it('a follow-up overdue by more than N days reaches every sales manager, after more than 2N every market manager, marked with the owner', () => {
    const db = agendaFile();
    const esc = (user: string, asOf: string, extra: string[] = []): [string, string, number, string[]][] =>
      today(db, ['--as', user, '--as-of', asOf, ...extra]).escalated.items.map((e) => [e.code, e.owner, e.days_overdue, e.escalated_to]);
    // Due on its day on the owner's agenda only.
    expect(today(db, ['--as', '李强', '--as-of', '2026-11-16']).follow_ups.items.map((f) => [f.code, f.days_overdue])).toEqual([['Cb-粤GZ0001', 0]]);
    expect(esc('刘洋', '2026-11-19')).toEqual([]);
    expect(esc('刘洋', '2026-11-20')).toEqual([['Cb-粤GZ0001', '李强', 4, ['sales-manager']]]);
    expect(esc('赵雪', '2026-11-22')).toEqual([]);
    expect(esc('赵雪', '2026-11-23')).toEqual([['Cb-粤GZ0001', '李强', 7, ['sales-manager', 'market-manager']]]);
    expect(esc('刘洋', '2026-11-23')).toEqual([['Cb-粤GZ0001', '李强', 7, ['sales-manager', 'market-manager']]]);
    // --escalate-after 5: the sales manager after 5 days, the market manager after 10.
    expect(esc('刘洋', '2026-11-21', ['--escalate-after', '5'])).toEqual([]);
    expect(esc('刘洋', '2026-11-22', ['--escalate-after', '5'])).toEqual([['Cb-粤GZ0001', '李强', 6, ['sales-manager']]]);
    expect(esc('赵雪', '2026-11-23', ['--escalate-after', '5'])).toEqual([]);
    // The business managers and the assistant never see it escalated; a later visit keeps it.
    expect(esc('王磊', '2026-11-23')).toEqual([]);
    ok(db, ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '样品已寄', '--by', '李强', '--date', '2026-11-23T07:00']);
    expect(esc('刘洋', '2026-11-23')).toEqual([]);
    expect(today(db, ['--as', '李强']).follow_ups.count).toBe(0);
  });

  it('applications waiting for the role the user holds, gone once they gave theirs', () => {
    const db = agendaFile();
    const waiting = (user: string): [string, string[]][] => today(db, ['--as', user]).approvals.items.map((p) => [p.code, p.waiting_for]);
    expect(waiting('刘洋')).toEqual([['Cb-粤GZ0002', ['sales-manager', 'market-manager']]]);
    expect(waiting('赵雪')).toEqual([['Cb-粤GZ0002', ['sales-manager', 'market-manager']]]);
    expect(waiting('孙伟')).toEqual([]);
    ok(db, ['approve', '1', '--as', '刘洋']);
    expect(waiting('刘洋')).toEqual([]);
    expect(waiting('赵雪')).toEqual([['Cb-粤GZ0002', ['market-manager']]]);
  });

  it('materials: the assistant sees every request, tech support none of others\'; send-materials takes it off, with an audit row', () => {
    const db = agendaFile();
    expect(today(db, ['--as', '张敏']).materials.items.map((m) => [m.code, m.seq])).toEqual([['Cb-粤SZ0001', 1], ['Cb-粤SZ0001', 2]]);
    expect(today(db, ['--as', '王磊']).materials.count).toBe(2);
    expect(today(db, ['--as', '陈静']).materials.count).toBe(0);
    const sent = JSON.parse(ok(db, ['send-materials', '粤SZ0001', '1', '--method', 'email', '--note', 'PDF 目录', '--date', '2026-11-23T07:00', '--json'])) as Record<string, unknown>;
    expect(sent).toEqual({
      code: 'Cb-粤SZ0001', name: '深圳南山通信有限公司', seq: 1, visited_at: '2026-11-20T10:00', materials: '产品目录', due_at: '2026-11-21T10:00',
      sent_at: '2026-11-23T07:00', sent_by: '张敏', method: 'email', note: 'PDF 目录', hours_late: 45,
    });
    expect(today(db, ['--as', '张敏']).materials.items.map((m) => m.seq)).toEqual([2]);
    expect(ok(db, ['send-materials', '粤SZ0001', '2', '--method', 'letter'])).toBe('已记录寄出资料：Cb-粤SZ0001 第 2 次拜访索取的“报价单”，2026-11-23 07:30 由 张敏 信函寄出，在 24 小时内\n');
    expect(today(db, ['--as', '张敏']).materials.count).toBe(0);
    expect(query(db, "SELECT operator, entity, entity_key, action, field, new_value, reason FROM audit_log WHERE field = 'materials_sent_at' ORDER BY id")).toEqual([
      { operator: '张敏', entity: 'visit', entity_key: '1', action: 'edit', field: 'materials_sent_at', new_value: '2026-11-23T07:00', reason: 'email: PDF 目录' },
      { operator: '张敏', entity: 'visit', entity_key: '2', action: 'edit', field: 'materials_sent_at', new_value: '2026-11-23T07:30', reason: 'letter' },
    ]);
    // history and show carry the request and its dispatch.
    const h = JSON.parse(ok(db, ['history', '粤SZ0001', '--json', '--kind', 'visit'])) as { entries: { seq: number; materials: string; materials_sent: { at: string; by: string; method: string } }[] };
    expect(h.entries.map((e) => [e.seq, e.materials, e.materials_sent?.method])).toEqual([[2, '报价单', 'letter'], [1, '产品目录', 'email']]);
    expect(ok(db, ['history', '粤SZ0001'])).toContain('索取资料：产品目录（2026-11-23 07:00 由 张敏 电子邮件寄出，PDF 目录）');
  });

  it('send-materials refuses an unknown visit, a visit with no request, one already sent, a date before the visit; nothing changes', () => {
    const db = agendaFile();
    ok(db, ['send-materials', '粤SZ0001', '1']);
    let before = dumpChecksum(db);
    const refuse = (args: string[], status: number, message: RegExp): void => {
      const r = kehu(['send-materials', ...args], { db });
      expect(r.status).toBe(status);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    };
    refuse(['粤SZ0001', '9'], 1, /^错误：Cb-粤SZ0001 没有第 9 次拜访（已编到第 2 次）。修正：/);
    refuse(['粤GZ0001', '1'], 1, /^错误：Cb-粤GZ0001 第 1 次拜访没有记录客户索取资料。修正：.*--materials/);
    refuse(['粤SZ0001', '1'], 1, /^错误：Cb-粤SZ0001 第 1 次拜访索取的资料已于 2026-11-23 07:30 由 张敏 寄出，不能重复记录。/);
    refuse(['粤SZ0001', '2', '--date', '2026-11-22T14:00'], 2, /--date 的值“2026-11-22T14:00”无效.*不早于拜访时间（2026-11-22T15:00）/);
    refuse(['粤SZ0001', '2', '--method', 'pigeon'], 2, /--method/);
    refuse(['粤SZ0001', 'x'], 2, /SEQ/);
    refuse(['粤XX9999', '1'], 1, /找不到客户/);
    refuse(['粤SZ0001', '2', '--as', '老周'], 1, /老周/); // deactivated on 2026-11-01
    refuse(['粤SZ0001', '2', '--as', '无名氏'], 1, /无名氏/);
    const en = kehu(['send-materials', '粤SZ0001', '1', '--lang', 'en', '--json'], { db });
    expect(JSON.parse(en.stderr)).toMatchObject({ error: 'materials_already_sent', exit_code: 1, code: 'Cb-粤SZ0001', seq: 1 });
    expect(dumpChecksum(db)).toBe(before);
    // A voided visit's request: its own message, not void's "cannot be voided twice".
    ok(db, ['log-visit', '粤SZ0001', '--method', 'phone', '--summary', '记错', '--materials', '样本', '--by', '张敏', '--window-hours', '0']);
    ok(db, ['void', 'visit', '粤SZ0001', '3', '--reason', '记错客户']);
    before = dumpChecksum(db);
    refuse(['粤SZ0001', '3'], 1, /^错误：拜访 Cb-粤SZ0001 #3 已于 \S+ 由 张敏 作废（记错客户），作废的拜访不记录寄出资料。修正：/);
    expect(dumpChecksum(db)).toBe(before);
  });

  it('--for shows someone else\'s agenda; an unknown or deactivated user is refused; --limit lists fewer, counts stay whole', () => {
    const db = agendaFile();
    const a = today(db, ['--as', '刘洋', '--for', '李强']);
    expect(a.user).toBe('李强');
    expect(a.follow_ups.count).toBe(1);
    expect(today(db, ['--as', '李强', '--limit', '1']).materials).toMatchObject({ count: 2, items: [{ seq: 1 }] });
    expect(today(db, ['--as', '李强', '--limit', '0']).materials.items).toHaveLength(2);
    const gone = kehu(['today', '--for', '老周'], { db });
    expect(gone.status).toBe(1);
    expect(gone.stderr).toBe('错误：用户“老周”已于 2026-11-01 停用，没有今日待办（--for）。修正：用 kehu reassign --from 老周 --to <在职用户> 移交其客户，或用 --for 查看在职用户的待办。\n');
    const unknown = kehu(['today', '--as', '无名'], { db });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/未知用户“无名”（操作人，来自 --as、KEHU_USER 或登录名）。修正：用 --as 用户名 或环境变量 KEHU_USER 指明你是谁/);
    const unknownFor = kehu(['today', '--for', '无名'], { db });
    expect([unknownFor.status, unknownFor.stderr]).toEqual([1, '错误：未知用户“无名”。修正：先用 kehu user add 无名 --role <角色> 添加。\n']);
    for (const bad of [['--limit', 'x'], ['--escalate-after', '0'], ['--as-of', '2026-11-24'], ['--as-of', '2026-02-30']]) {
      const r = kehu(['today', '--as', '李强', ...bad], { db });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(bad[0]!);
    }
  });

  it('prints plain text when piped: a header line per group with its count, no colour; Markdown and CSV too; an empty agenda says so', () => {
    const db = agendaFile();
    const text = ok(db, ['today', '--as', '李强']);
    expect(text).not.toMatch(/\x1b\[/);
    expect(text.split('\n')[0]).toMatch(/^李强（商务经理）2026-11-23 的待办：共 \d+ 项$/);
    for (const head of ['2. 到期的跟进（下次联系日期已到）（1）', '3. 升级提醒：逾期超过 3 天的跟进（0）', '4. 待寄资料（24 小时内寄出）（2）', '5. 关键联系人生日（7 天内）（1）', '6. 待我审批的申请（0）', '7. 尚无挽救方案的流失客户（1）', '8. 流失风险客户（4 个月以上未订货）（1）']) {
      expect(text).toContain(`\n${head}\n`);
    }
    expect(text).toMatch(/Cb-粤SZ0001.*产品目录.*2026-11-21 10:00.*已逾期 45 小时/);
    expect(text).toMatch(/Cb-粤GZ0001.*王总.*决策人.*2026-11-26.*3 天/);
    const en = ok(db, ['today', '--as', '刘洋', '--lang', 'en']);
    expect(en).toContain('3. Escalated: follow-ups overdue by more than 3 days (1)');
    expect(en).toMatch(/Cb-粤GZ0001.*李强.*2026-11-16.*7 d.*sales manager, market manager/);
    const md = ok(db, ['today', '--as', '李强', '--format', 'md']);
    expect(md).toMatch(/^## 李强（商务经理）2026-11-23 的待办/);
    expect(md).toContain('### 4. 待寄资料（24 小时内寄出）（2）\n\n| 客户代码 |');
    const csv = ok(db, ['today', '--as', '李强', '--format', 'csv']).split('\r\n');
    expect(csv[0]).toBe('group,code,name,owner,what,date,days');
    expect(csv).toContain('follow_ups,Cb-粤GZ0001,广州天河电子有限公司,李强,寄样品,2026-11-16,7');
    expect(ok(db, ['today', '--as', '陈静'])).toBe('陈静（技术支持）2026-11-23 的待办：共 0 项\n\n今天没有待办事项，一切按计划进行。\n');
    expect(ok(db, ['today', '--as', '陈静', '--lang', 'en'])).toContain('Nothing to do today');
  });

  it('lost customers without a plan: all of them for the sales manager, gone once a plan is written; --out writes the file', () => {
    const db = agendaFile();
    expect(today(db, ['--as', '刘洋']).lost_without_plan.items.map((l) => l.code)).toEqual(['Cc-粤FS0001']);
    expect(today(db, ['--as', '王磊']).lost_without_plan.count).toBe(0);
    ok(db, ['salvage', '粤FS0001', '--plan', '销售经理上门', '--as', '刘洋']);
    expect(today(db, ['--as', '刘洋']).lost_without_plan.count).toBe(0);
    expect(today(db, ['--as', '李强']).lost_without_plan.count).toBe(0);
    const dir = `${tempDir()}/`;
    expect(ok(db, ['today', '--as', '李强', '--out', `${dir}待办-{user}-{date}.md`])).toBe('');
    expect(fs.readFileSync(`${dir}待办-李强-2026-11-23.md`, 'utf8')).toMatch(/^## 李强（商务经理）2026-11-23 的待办/);
  });
});

/**
 * 粤DG0001: a formal B customer of 李强's, cooperating since 2026-03-01 (its first order), never reviewed; 王磊
 * (another business manager) visited it onsite on 2026-11-10.
 */
function dueFile(): string {
  const db = tempDbPath();
  for (const [name, role] of [['张敏', 'assistant'], ['李强', 'business-manager'], ['王磊', 'business-manager'], ['陈静', 'tech-support'], ['刘洋', 'sales-manager']]) {
    ok(db, ['user', 'add', name!, '--role', role!]);
  }
  ok(db, ['add-customer', '东莞长安五金有限公司', '--province', '广东', '--city', '东莞', '--grade', 'B', '--owner', '李强', '--date', '2026-02-01']);
  for (const d of ['2026-03-01', '2026-06-01', '2026-09-01', '2026-11-01']) ok(db, ['log-order', '粤DG0001', '--amount', '9000', '--date', d]);
  ok(db, ['log-visit', '粤DG0001', '--method', 'onsite', '--summary', '半年上门', '--by', '刘洋', '--date', '2026-11-05', '--window-hours', '0']);
  ok(db, ['log-visit', '粤DG0001', '--method', 'onsite', '--summary', '顺路拜访', '--by', '王磊', '--date', '2026-11-10', '--window-hours', '0']);
  ok(db, ['log-visit', '粤DG0001', '--method', 'phone', '--summary', '电话回访', '--by', '张敏', '--date', '2026-11-11', '--window-hours', '0']);
  return db;
}

type DueRow = { code: string; duty: string; role: string; method: string; last_contact: string | null; due_date: string; days_overdue: number };
const dueRows = (db: string, args: string[] = []): [string, string, string, string | null, string, number][] =>
  (JSON.parse(ok(db, ['due', '--as-of', '2026-11-23', '--json', ...args])) as DueRow[]).map((d) => [d.duty, d.role, d.method, d.last_contact, d.due_date, d.days_overdue]);

describe('due completed (§7.1.1, §7.1.2, §7.1.3, §7.3.1, §7.3.3)', () => {
  it("the business manager's monthly visit counts only when the owner made it; the half-yearly tech support; last month's missing review", () => {
    const db = dueFile();
    expect(dueRows(db)).toEqual([
      ['contact', 'business-manager', 'onsite', null, '2026-04-01', 236],
      ['tech-support', 'tech-support', 'any', null, '2026-09-01', 83],
      ['review', 'review', 'review', null, '2026-10-31', 23],
    ]);
    const keys = Object.keys((JSON.parse(ok(db, ['due', '--as-of', '2026-11-23', '--json'])) as object[])[0]!);
    expect(keys).toEqual(['code', 'name', 'grade', 'owner', 'province', 'city', 'role', 'method', 'every_months', 'last_contact', 'due_date', 'days_overdue', 'duty']);
    // The owner's own onsite visit, an e-mail from tech support (any method counts) and October's review.
    ok(db, ['log-visit', '粤DG0001', '--method', 'onsite', '--summary', '月度上门', '--by', '李强', '--date', '2026-11-20', '--window-hours', '0']);
    ok(db, ['log-visit', '粤DG0001', '--method', 'email', '--summary', '技术资料解答', '--by', '陈静', '--date', '2026-11-21', '--window-hours', '0']);
    ok(db, ['review-grade', '粤DG0001', '--score', '70', '--month', '2026-10']);
    // November's review is now the one owed: due by the month's end, not overdue.
    expect(dueRows(db)).toEqual([['review', 'review', 'review', '2026-10-31', '2026-11-30', 0]]);
    expect(ok(db, ['due', '--as-of', '2026-11-23'])).toMatch(/Ba-粤DG0001.*销售助理（评审）.*月度评审.*2026-11-30.*月底前/);
    ok(db, ['review-grade', '粤DG0001', '--score', '72', '--month', '2026-11']);
    expect(dueRows(db)).toEqual([]);
  });

  it('--role filters: tech support gets the tech support, the assistant the review, the business manager neither', () => {
    const db = dueFile();
    expect(dueRows(db, ['--role', 'tech-support']).map((r) => r[0])).toEqual(['tech-support']);
    expect(dueRows(db, ['--role', 'assistant']).map((r) => r[0])).toEqual(['review']);
    expect(dueRows(db, ['--role', 'business-manager']).map((r) => [r[0], r[1]])).toEqual([['contact', 'business-manager']]);
    expect(dueRows(db, ['--role', 'sales-manager'])).toEqual([]);
    expect(dueRows(db, ['--grade', 'C'])).toEqual([]);
    expect(ok(db, ['due', '--as-of', '2026-11-23', '--role', 'tech-support'])).toMatch(/Ba-粤DG0001.*技术支持.*每 6 月技术支持.*从未.*2026-09-01.*83/);
  });

  it('a customer formal B only since the middle of last month owes this month\'s review, not last month\'s', () => {
    const db = tempDbPath();
    ok(db, ['user', 'add', '李强', '--role', 'business-manager']);
    ok(db, ['add-customer', '东莞虎门线缆有限公司', '--province', '广东', '--city', '东莞', '--grade', 'B', '--owner', '李强', '--date', '2026-09-01']);
    ok(db, ['log-order', '粤DG0001', '--amount', '9000', '--date', '2026-10-15']);
    expect(dueRows(db, ['--role', 'assistant']).filter((r) => r[0] === 'review')).toEqual([['review', 'review', 'review', null, '2026-11-30', 0]]);
    // Its agenda lists only what is overdue: this month's review is not yet.
    const a = JSON.parse(ok(db, ['today', '--as', '李强', '--json'])) as AgendaJson;
    expect(a.overdue_duties.items.map((d) => d.duty)).not.toContain('review');
  });

  it("the agenda's overdue duties: the owner's on their own customers, tech support's and the assistant's on every customer", () => {
    const db = dueFile();
    ok(db, ['edit', '粤DG0001', '--owner', '张敏']);
    const duties = (user: string): string[] => (JSON.parse(ok(db, ['today', '--as', user, '--json'])) as AgendaJson).overdue_duties.items.map((d) => `${d.code} ${d.role}`);
    // The business manager's visit is the owner's duty, whatever the owner's roles: 李强 no longer owns it, 张敏 does.
    expect(duties('李强')).toEqual([]);
    // The review and the technical support serve every customer, whoever owns it (nobody's agenda left without them).
    expect(duties('张敏').sort()).toEqual(['Ba-粤DG0001 business-manager', 'Ba-粤DG0001 review']);
    expect(duties('陈静')).toEqual(['Ba-粤DG0001 tech-support']);
    // Every overdue duty due lists is on someone's agenda (this month's review, due by the month's end, is not overdue).
    const dueRoles = (JSON.parse(ok(db, ['due', '--json'])) as { code: string; role: string; days_overdue: number }[]).filter((d) => d.days_overdue > 0).map((d) => `${d.code} ${d.role}`);
    expect(new Set([...duties('张敏'), ...duties('陈静'), ...duties('李强')])).toEqual(new Set(dueRoles));
  });
});

describe('materials columns: export all / import all, per-kind visits export and import, voided visits', () => {
  it('a request, its dispatch and a voided visit with a request come back the same; check passes', async () => {
    const db = agendaFile();
    ok(db, ['send-materials', '粤SZ0001', '1', '--method', 'email', '--note', 'PDF', '--date', '2026-11-22T09:00']);
    ok(db, ['log-visit', '粤GZ0002', '--method', 'phone', '--summary', '记错了', '--by', '李强', '--date', '2026-11-22T11:00', '--materials', '样品']);
    ok(db, ['void', 'visit', '粤GZ0002', '1', '--reason', '记错客户']);
    const materials = 'SELECT customer_id, seq, materials, materials_sent_at, materials_sent_by, materials_method, materials_note FROM';
    expect(query(db, `${materials} voided_visits`)).toEqual([{ customer_id: 2, seq: 1, materials: '样品', materials_sent_at: null, materials_sent_by: null, materials_method: null, materials_note: null }]);
    const dir = `${tempDir()}/`;
    expect(kehu(['export', 'all', '--out', `${dir}all.ndjson`], { db }).status).toBe(0);
    const copy = tempDbPath();
    expect(kehu(['import', 'all', `${dir}all.ndjson`], { db: copy }).status).toBe(0);
    for (const table of ['visits', 'voided_visits']) expect(query(copy, `${materials} ${table} ORDER BY id`), table).toEqual(query(db, `${materials} ${table} ORDER BY id`));
    expect(today(copy, ['--as', '张敏']).materials.items.map((m) => m.seq)).toEqual([2]);
    expect(kehu(['check'], { db: copy }).status).toBe(0);
    await breathe();
    // Per kind: the visits file carries the request and its dispatch, and reads back the same.
    expect(kehu(['export', 'visits', '--out', `${dir}visits.csv`, '--with-personal-data'], { db }).status).toBe(0);
    const header = fs.readFileSync(`${dir}visits.csv`, 'utf8').split('\r\n')[0];
    expect(header).toContain('索取资料,资料寄出时间,资料寄出人,资料寄出方式,资料寄出备注');
    const fresh = tempDbPath();
    expect(kehu(['export', 'users', '--out', `${dir}users.csv`, '--with-personal-data'], { db }).status).toBe(0);
    expect(kehu(['export', 'customers', '--out', `${dir}customers.csv`, '--with-personal-data'], { db }).status).toBe(0);
    expect(kehu(['import', 'users', `${dir}users.csv`], { db: fresh }).status).toBe(0);
    expect(kehu(['import', 'customers', `${dir}customers.csv`], { db: fresh }).status).toBe(0);
    expect(kehu(['import', 'visits', `${dir}visits.csv`], { db: fresh }).status).toBe(0);
    const cols = 'c.code, v.seq, v.materials, v.materials_sent_at, v.materials_sent_by, v.materials_method, v.materials_note';
    const sql = `SELECT ${cols} FROM visits v JOIN customers c ON c.id = v.customer_id WHERE v.materials IS NOT NULL ORDER BY c.code, v.seq`;
    expect(query(fresh, sql)).toEqual(query(db, sql));
    expect(query(fresh, sql)).toEqual([
      { code: 'Cb-粤SZ0001', seq: 1, materials: '产品目录', materials_sent_at: '2026-11-22T09:00', materials_sent_by: '张敏', materials_method: 'email', materials_note: 'PDF' },
      { code: 'Cb-粤SZ0001', seq: 2, materials: '报价单', materials_sent_at: null, materials_sent_by: null, materials_method: null, materials_note: null },
    ]);
  });
});

describe('help and the demo tour', () => {
  it('today and send-materials have --help with examples; log-visit documents --materials', () => {
    for (const cmd of [['today'], ['send-materials']]) {
      const r = kehu([...cmd, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/示例：/);
      expect(r.stdout).toContain('--db');
    }
    expect(kehu(['today', '--help']).stdout).toContain('--escalate-after');
    expect(kehu(['log-visit', '--help']).stdout).toContain('--materials');
  });

  it("the demo's morning: a due follow-up, materials, a birthday for 李强; an escalated follow-up and approvals for the sales manager", () => {
    const db = tempDbPath();
    const tour = kehu(['demo'], { db });
    expect(tour.status).toBe(0);
    expect(tour.stdout).toContain('李强的今日待办（kehu today --as 李强 --limit 5）');
    expect(tour.stdout).toMatch(/李强（商务经理）\d{4}-\d{2}-\d{2} 的待办：共 \d+ 项/);
    expect(tour.stdout).toContain('kehu today --as 刘洋');
    const liqiang = today(db, ['--as', '李强', '--limit', '0']);
    expect(liqiang.follow_ups.items.some((f) => f.next_date === '2026-11-23' && f.days_overdue === 0)).toBe(true);
    expect(liqiang.materials.items.map((m) => m.materials)).toContain('产品目录、报价单');
    expect(liqiang.birthdays.items.map((b) => [b.contact, b.days_until])).toContainEqual(['林国强', 3]);
    const manager = today(db, ['--as', '刘洋', '--limit', '0']);
    expect(manager.escalated.items.some((e) => e.owner === '王磊' && e.next_date === '2026-11-15' && e.escalated_to.includes('market-manager'))).toBe(true);
    expect(manager.approvals.count).toBeGreaterThan(0);
  }, 180_000);
});
