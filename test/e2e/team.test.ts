// Team mode (issue 17): kehu on a PostgreSQL server, where each person connects as their own role. Who acts is
// the server's session user, acting for another needs the kehu_admin role, approvals need membership of the
// approving role — through kehu and through psql alike — and writers from many processes and roles take turns.
// Runs in the postgres project only (vitest.config.ts); the SQLite project has no identities to test.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRANT_ROLES, REGION_ROLES, SEES_ALL_ROLES } from '../../src/core/access.js';
import { enumValues, ROLES } from '../../src/core/enums.js';
import { BIN, E2E_NOW, ENGINE, kehu, pgAdmin, pgUrl, query, tempPgDatabase } from '../helpers.js';

/** The connection string of the same database as another role (trust authentication on the test cluster). */
function as(url: string, user: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  return u.toString();
}

/** kehu connected as `user` (its own role): no --as and no KEHU_USER, as a person at their desk. */
function kehuAs(user: string, db: string, args: string[]): ReturnType<typeof kehu> {
  return kehu(args, { db: as(db, user), env: { KEHU_USER: '' } });
}

/** psql as `user` on the database: what a person sees who skips kehu. */
function psql(user: string, db: string, sql: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('psql', [as(db, user), '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function run(args: string[], db: string, env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, KEHU_DB: db, KEHU_NOW: E2E_NOW, LANG: 'zh_CN.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stderr, stdout }));
  });
}

/** A team database: the superuser (an administrator) adds the users, each with a login role of their name. */
function team(): string {
  const db = tempPgDatabase();
  for (const [name, role] of [
    ['张敏', 'assistant'],
    ['王磊', 'business-manager'],
    ['李强', 'business-manager'],
    ['陈静', 'tech-support'],
    ['刘洋', 'sales-manager'],
    ['赵雪', 'market-manager'],
    ['孙伟', 'general-manager'],
  ] as const) {
    const r = kehu(['user', 'add', name, '--role', role], { db });
    expect(r.status, r.stderr).toBe(0);
  }
  return db;
}

describe.skipIf(ENGINE !== 'postgres')('team mode on PostgreSQL', () => {
  it('user add creates a login role holding the kehu role, in the same transaction as the user', () => {
    const db = team();
    // Roles are the cluster's: other tests' databases may have granted these people more roles.
    const roles = pgAdmin(
      `SELECT r.rolname, r.rolcanlogin, pg_has_role(r.rolname, CASE r.rolname WHEN '刘洋' THEN 'kehu_sales_manager' ELSE 'kehu_assistant' END, 'MEMBER') AS granted
       FROM pg_roles r WHERE r.rolname IN ('张敏', '刘洋') ORDER BY 1`,
    );
    expect(roles).toEqual([
      { rolname: '刘洋', rolcanlogin: 1, granted: 1 },
      { rolname: '张敏', rolcanlogin: 1, granted: 1 },
    ]);
    // A user kehu refuses (a duplicate) gets no grant from it: a new person, refused, leaves no role behind.
    const name = `新人${crypto.randomBytes(3).toString('hex')}`;
    expect(kehu(['user', 'add', name, '--role', 'assistant'], { db }).status).toBe(0);
    expect(kehu(['user', 'add', name, '--role', 'sales-manager'], { db }).status).toBe(1);
    expect(pgAdmin(`SELECT pg_has_role('${name}', 'kehu_sales_manager', 'MEMBER') AS granted`)).toEqual([{ granted: 0 }]);
  });

  it('an administrator with CREATEROLE who owns the database sets kehu up (README): the first command makes them kehu_admin; they add users', () => {
    const admin = `kehuadmin_${crypto.randomBytes(4).toString('hex')}`;
    const name = `kehu_t_${crypto.randomBytes(6).toString('hex')}`;
    pgAdmin(`CREATE ROLE ${admin} LOGIN CREATEROLE`);
    pgAdmin(`CREATE DATABASE ${name} OWNER ${admin}`);
    const db = pgUrl(name, admin);
    const first = kehu(['user', 'add', '孙伟', '--role', '总经理'], { db, env: { KEHU_USER: '' } });
    expect(first.status, first.stderr).toBe(0);
    expect(pgAdmin(`SELECT pg_has_role('${admin}', 'kehu_admin', 'MEMBER') AS admin`)).toEqual([{ admin: 1 }]);
    expect(kehu(['user', 'add', '张敏', '--role', '销售助理'], { db, env: { KEHU_USER: '' } }).status).toBe(0);
    // The administrator may act for another; what they write is recorded as that user's.
    expect(kehu(['add-customer', '广州甲', '--province', '广东', '--city', '广州', '--as', '张敏'], { db }).status).toBe(0);
    expect(query(as(db, admin), 'SELECT created_by FROM customers')).toEqual([{ created_by: '张敏' }]);
    // The people they added connect as themselves and work.
    const mine = kehuAs('张敏', db, ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '首次联系']);
    expect(mine.status, mine.stderr).toBe(0);
    expect(query(db, 'SELECT handler, recorded_by FROM visits')).toEqual([{ handler: '张敏', recorded_by: '张敏' }]);
  });

  it('the operator recorded is the session user, whatever KEHU_USER says, and --as is refused without kehu_admin', () => {
    const db = team();
    const added = kehuAs('王磊', db, ['add-customer', '广州甲', '--province', '广东', '--city', '广州']);
    expect(added.status, added.stderr).toBe(0);
    expect(query(db, 'SELECT created_by FROM customers')).toEqual([{ created_by: '王磊' }]);
    const before = query(db, 'SELECT count(*) AS n FROM audit_log');
    // An assistant acting as the general manager: refused before anything is read or written.
    const r = kehu(['add-customer', '广州乙', '--province', '广东', '--city', '广州', '--as', '孙伟'], { db: as(db, '张敏'), env: { KEHU_USER: '' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('错误：以 张敏 的身份连接服务器，不能以 孙伟 的身份操作（--as 或 KEHU_USER）。修正：去掉 --as 与 KEHU_USER，以自己的身份操作；代他人操作需要管理员（kehu_admin 角色）。\n');
    const env = kehu(['add-customer', '广州乙', '--province', '广东', '--city', '广州', '--json'], { db: as(db, '张敏'), env: { KEHU_USER: '孙伟' } });
    expect(JSON.parse(env.stderr)).toMatchObject({ error: 'as_refused', exit_code: 1, session: '张敏', named: '孙伟' });
    expect(query(db, 'SELECT count(*) AS n FROM audit_log')).toEqual(before);
    expect(query(db, 'SELECT name FROM customers ORDER BY id')).toEqual([{ name: '广州甲' }]);
    // Naming oneself is no impersonation.
    expect(kehu(['add-customer', '广州乙', '--province', '广东', '--city', '广州', '--as', '张敏'], { db: as(db, '张敏') }).status).toBe(0);
    // An administrator (kehu_admin) may act for another user.
    pgAdmin('GRANT kehu_admin TO "刘洋"');
    try {
      expect(kehu(['add-customer', '广州丙', '--province', '广东', '--city', '广州', '--as', '孙伟'], { db: as(db, '刘洋') }).status).toBe(0);
    } finally {
      pgAdmin('REVOKE kehu_admin FROM "刘洋"');
    }
    expect(query(db, 'SELECT name, created_by FROM customers ORDER BY id')).toEqual([
      { name: '广州甲', created_by: '王磊' },
      { name: '广州乙', created_by: '张敏' },
      { name: '广州丙', created_by: '孙伟' },
    ]);
  });

  it('an approval needs a member of the approving role: an assistant is refused by kehu and by the server through psql', () => {
    const db = team();
    expect(kehu(['add-customer', '广州甲', '--province', '广东', '--city', '广州', '--status', 'a'], { db }).status).toBe(0);
    expect(kehu(['review-grade', '粤GZ0001', '--score', '86'], { db }).status).toBe(0);
    const r = kehuAs('张敏', db, ['approve', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^错误：张敏 不能审批申请 #1/);
    // psql as the assistant, writing the approval kehu refused: the server refuses it too.
    const sneak = psql('张敏', db, "INSERT INTO approvals(application_id, approver, role, decision, date) VALUES (1, '张敏', 'general-manager', 'approve', '2026-11-23')");
    expect(sneak.status).not.toBe(0);
    expect(sneak.stderr).toMatch(/张敏 is not a member of kehu_general_manager/);
    // Nor may one record an approval in a colleague's name.
    const forged = psql('刘洋', db, "INSERT INTO approvals(application_id, approver, role, decision, date) VALUES (1, '孙伟', 'general-manager', 'approve', '2026-11-23')");
    expect(forged.status).not.toBe(0);
    expect(forged.stderr).toMatch(/approval by 孙伟 recorded by session user 刘洋/);
    expect(query(db, 'SELECT count(*) AS n FROM approvals')).toEqual([{ n: 0 }]);
    // The managers, each as themselves, approve in turn; the last approval changes the grade and the code. The
    // sales and market managers see the customer through the regions they answer for (§8.8).
    expect(kehu(['grant', '--region', '粤GZ', '刘洋', '--as', '孙伟'], { db }).status).toBe(0);
    expect(kehu(['grant', '--region', '粤', '赵雪', '--as', '孙伟'], { db }).status).toBe(0);
    for (const who of ['刘洋', '赵雪', '孙伟']) {
      const a = kehuAs(who, db, ['approve', '1']);
      expect(a.status, a.stderr).toBe(0);
    }
    expect(query(db, 'SELECT approver, role FROM approvals ORDER BY id')).toEqual([
      { approver: '刘洋', role: 'sales-manager' },
      { approver: '赵雪', role: 'market-manager' },
      { approver: '孙伟', role: 'general-manager' },
    ]);
    expect(query(db, 'SELECT code FROM customers')).toEqual([{ code: 'Aa-粤GZ0001' }]);
  });

  it('visibility (§8.8): each sees their own, granted and regional customers, through kehu and through psql alike', () => {
    // Names of their own: roles are the cluster's, and another test's grant of a manager's role would widen them.
    const tag = crypto.randomBytes(3).toString('hex');
    const [bm1, bm2, asst, tech, sales, market, gm] = ['王', '李', '张', '陈', '刘', '赵', '孙'].map((n) => `${n}${tag}`) as [string, string, string, string, string, string, string];
    const db = tempPgDatabase();
    for (const [name, role] of [[bm1, 'business-manager'], [bm2, 'business-manager'], [asst, 'assistant'], [tech, 'tech-support'], [sales, 'sales-manager'], [market, 'market-manager'], [gm, 'general-manager']]) {
      expect(kehu(['user', 'add', name!, '--role', role!], { db }).status).toBe(0);
    }
    const add = (user: string, args: string[]): string => {
      const r = kehuAs(user, db, ['add-customer', ...args, '--json']);
      expect(r.status, r.stderr).toBe(0);
      // The stable part (粤GZ0001): the grade and status letters change with the orders below.
      return (JSON.parse(r.stdout) as { code: string }).code.slice(3);
    };
    const gz = add(bm1, ['广州甲', '--province', '广东', '--city', '广州', '--owner', bm1]);
    const sz = add(bm2, ['深圳乙', '--province', '广东', '--city', '深圳', '--owner', bm2]);
    // Entered by the assistant for a business manager: both see it.
    const hz = add(asst, ['杭州丙', '--province', '浙江', '--city', '杭州', '--owner', bm2]);
    const codes = (user: string): string[] => {
      const r = kehuAs(user, db, ['list', '--json']);
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { code: string }[]).map((c) => c.code.slice(3)).sort();
    };
    const seen = (user: string, sql = 'SELECT substr(code, 4) FROM customers'): string[] => {
      const r = psql(user, db, sql);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter(Boolean).sort();
    };
    expect(codes(bm1)).toEqual([gz]);
    expect(seen(bm1)).toEqual([gz]);
    // Roles are the cluster's: a general manager of another kehu database on the server is a business manager here.
    pgAdmin(`GRANT kehu_general_manager TO "${bm1}"`);
    try {
      expect(codes(bm1)).toEqual([gz]);
      expect(seen(bm1)).toEqual([gz]);
    } finally {
      pgAdmin(`REVOKE kehu_general_manager FROM "${bm1}"`);
    }
    expect(codes(bm2)).toEqual([sz, hz].sort());
    expect(seen(bm2)).toEqual([sz, hz].sort());
    expect(codes(asst)).toEqual([hz]);
    expect(seen(asst)).toEqual([hz]);
    expect(codes(tech)).toEqual([]);
    expect(codes(gm)).toEqual([gz, sz, hz].sort());
    expect(seen(gm)).toEqual([gz, sz, hz].sort());

    // A business manager cannot see another's customer: not by its code, not its visits, not through psql.
    expect(kehuAs(bm2, db, ['log-visit', sz, '--method', 'phone', '--summary', '报价', '--yes']).status).toBe(0);
    const show = kehuAs(bm1, db, ['show', sz]);
    expect(show.status).toBe(1);
    expect(show.stderr).toMatch(/找不到客户/);
    expect(kehuAs(bm1, db, ['history', sz]).status).toBe(1);
    expect(seen(bm1, 'SELECT count(*) FROM visits')).toEqual(['0']);
    expect(seen(bm1, 'SELECT count(*) FROM audit_log WHERE customer_id IS NOT NULL')).toEqual(['1']);
    // Nor write to it past kehu.
    const [{ id: szId }] = query<{ id: number }>(db, 'SELECT id FROM customers WHERE substr(code, 4) = ?', sz) as [{ id: number }];
    const sneak = psql(bm1, db, `INSERT INTO orders(id, customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (99, ${szId}, '2026-11-20', 100, '${bm1}', 'x')`);
    expect(sneak.status).not.toBe(0);
    expect(sneak.stderr).toMatch(/row-level security/);
    expect(psql(bm1, db, `UPDATE customers SET owner = '${bm1}' WHERE id = ${szId}`).stdout).toBe('UPDATE 0\n');
    expect(query(db, 'SELECT owner FROM customers WHERE id = ?', szId)).toEqual([{ owner: bm2 }]);

    // Visits and orders are numbered after every row, seen or not: a business manager's next ones follow the others'.
    expect(kehu(['log-order', sz, '--amount', '100', '--date', '2026-11-20'], { db }).status).toBe(0);
    const visit = kehuAs(bm1, db, ['log-visit', gz, '--method', 'phone', '--summary', '问候', '--yes']);
    expect(visit.status, visit.stderr).toBe(0);
    const order = kehuAs(bm1, db, ['log-order', gz, '--amount', '200', '--date', '2026-11-21']);
    expect(order.status, order.stderr).toBe(0);
    expect(query(db, 'SELECT v.id, substr(c.code, 4) AS code FROM visits v JOIN customers c ON c.id = v.customer_id ORDER BY v.id')).toEqual([
      { id: 1, code: sz },
      { id: 2, code: gz },
    ]);
    expect(query(db, 'SELECT o.id, substr(c.code, 4) AS code FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.id')).toEqual([
      { id: 1, code: sz },
      { id: 2, code: gz },
    ]);
    // Grants: only a market or general manager gives them, the market manager only what they see.
    const refused = kehuAs(bm2, db, ['grant', sz, tech]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/无权授权或收回查阅权限/);
    expect(kehuAs(market, db, ['grant', sz, tech]).status).toBe(1);
    const selfGrant = psql(bm1, db, `INSERT INTO access_grants(grantee, customer_id, granted_by, date, recorded_at) VALUES ('${bm1}', ${szId}, '${bm1}', '2026-11-22', 'x')`);
    expect(selfGrant.status).not.toBe(0);
    expect(selfGrant.stderr).toMatch(/row-level security/);
    const given = kehuAs(gm, db, ['grant', sz, tech, '--json']);
    expect(given.status, given.stderr).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({ action: 'grant', user: tech, code: `Ca-${sz}`, by: gm });
    expect(codes(tech)).toEqual([sz]);
    expect(seen(tech)).toEqual([sz]);
    // The market manager reads every grant, but not a customer they do not see: it is marked, not named.
    const listed = kehuAs(market, db, ['grants']);
    expect(listed.stdout).toMatch(new RegExp(`${tech}\\s*│\\s*│ （无权查阅） │\\s*│ ${gm}`));
    expect(listed.stdout).not.toContain('深圳乙');
    expect(seen(tech, 'SELECT count(*) FROM visits')).toEqual(['1']);
    expect(kehuAs(tech, db, ['log-visit', sz, '--method', 'phone', '--summary', '技术答疑', '--yes']).status).toBe(0);
    // A region: the sales manager sees every customer of 粤GZ, not 粤SZ; the market manager all of 粤.
    expect(codes(sales)).toEqual([]);
    expect(kehuAs(gm, db, ['grant', '--region', '粤GZ', sales]).status).toBe(0);
    expect(kehuAs(gm, db, ['grant', '--region', '粤', market]).status).toBe(0);
    expect(codes(sales)).toEqual([gz]);
    expect(seen(sales)).toEqual([gz]);
    expect(codes(market)).toEqual([gz, sz].sort());
    // Now the market manager sees it, they may grant it, and take back the general manager's grant.
    expect(kehuAs(market, db, ['grant', gz, tech]).status).toBe(0);
    expect(codes(tech)).toEqual([gz, sz].sort());
    expect(kehuAs(market, db, ['revoke', sz, tech]).status).toBe(0);
    expect(codes(tech)).toEqual([gz]);
    expect(seen(tech)).toEqual([gz]);
    expect(seen(tech, 'SELECT DISTINCT substr(c.code, 4) FROM visits v JOIN customers c ON c.id = v.customer_id')).toEqual([gz]);
    // The grants themselves: each reads their own; those who grant read all.
    expect(seen(tech, 'SELECT grantee FROM access_grants')).toEqual([tech]);
    expect(seen(bm1, 'SELECT grantee FROM access_grants')).toEqual([]);
    const all = kehuAs(market, db, ['grants', '--json']);
    expect((JSON.parse(all.stdout) as { grantee: string; code: string | null; region: string | null }[]).map((g) => [g.grantee, g.code?.slice(3) ?? g.region])).toEqual([
      [sales, '粤GZ'],
      [market, '粤'],
      [tech, gz],
    ].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)));
    expect(query(db, "SELECT operator, action, field, old_value, new_value FROM audit_log WHERE action IN ('grant', 'revoke') ORDER BY id")).toEqual([
      { operator: gm, action: 'grant', field: 'access', old_value: null, new_value: tech },
      { operator: gm, action: 'grant', field: 'region', old_value: null, new_value: '粤GZ' },
      { operator: gm, action: 'grant', field: 'region', old_value: null, new_value: '粤' },
      { operator: market, action: 'grant', field: 'access', old_value: null, new_value: tech },
      { operator: market, action: 'revoke', field: 'access', old_value: tech, new_value: null },
    ]);
    expect(kehu(['check'], { db }).status).toBe(0);
    // A check by a person who sees only some customers would find totals that do not add up: refused, with who may run it.
    const partial = kehuAs(bm1, db, ['check']);
    expect(partial.status).toBe(1);
    expect(partial.stderr).toBe(`错误：${bm1} 只能查阅部分客户，kehu check 需要能查阅全部客户的会话（否则各项合计对不上）。修正：由管理员或总经理运行 kehu check。\n`);
    expect(kehuAs(gm, db, ['check']).status).toBe(0);
  });

  it('the server and kehu agree on who sees all and who grants (core/access.ts), role by role', () => {
    const tag = crypto.randomBytes(3).toString('hex');
    const db = tempPgDatabase();
    const owner = `业务${tag}`;
    expect(kehu(['user', 'add', owner, '--role', 'business-manager'], { db }).status).toBe(0);
    expect(kehuAs(owner, db, ['add-customer', '广州甲', '--province', '广东', '--city', '广州']).status).toBe(0);
    const people = enumValues(ROLES).map((role, i) => ({ role, name: `人${i}${tag}` }));
    for (const p of people) expect(kehu(['user', 'add', p.name, '--role', p.role], { db }).status).toBe(0);
    // The market manager sees customers through a region.
    const gm = people.find((q) => SEES_ALL_ROLES.includes(q.role))!.name;
    for (const p of people.filter((q) => REGION_ROLES.includes(q.role))) expect(kehu(['grant', '--region', '粤', p.name, '--as', gm], { db }).status).toBe(0);
    for (const p of people) {
      const server = psql(p.name, db, 'SELECT kehu_sees_all(), kehu_may_grant()').stdout.trim();
      // kehu: a granter who sees the customer is told its owner sees it already; anyone else may not grant.
      const r = kehuAs(p.name, db, ['grant', '粤GZ0001', owner, '--json']);
      const error = (JSON.parse(r.stderr) as { error: string }).error;
      expect({ role: p.role, server, error }).toEqual({
        role: p.role,
        server: `${SEES_ALL_ROLES.includes(p.role) ? 't' : 'f'}|${GRANT_ROLES.includes(p.role) ? 't' : 'f'}`,
        error: GRANT_ROLES.includes(p.role) ? 'already_granted' : 'grant_not_allowed',
      });
    }
  });

  it('a name taken by a customer one may not see is refused by its name, without its code: add-customer, edit, import', () => {
    const tag = crypto.randomBytes(3).toString('hex');
    const [bm1, bm2] = [`王${tag}`, `李${tag}`];
    const db = tempPgDatabase();
    for (const u of [bm1, bm2]) expect(kehu(['user', 'add', u, '--role', 'business-manager'], { db }).status).toBe(0);
    expect(kehuAs(bm2, db, ['add-customer', '深圳乙', '--province', '广东', '--city', '深圳']).status).toBe(0);
    expect(kehuAs(bm1, db, ['add-customer', '广州甲', '--province', '广东', '--city', '广州']).status).toBe(0);
    const message = '错误：单位名称“深圳乙”已有客户档案，但你无权查阅（§8.8），未做改动。修正：请市场经理或总经理用 kehu grant 授权你查阅该客户，不要重复建档。\n';
    const before = query(db, 'SELECT id, name, created_by FROM customers ORDER BY id');
    const added = kehuAs(bm1, db, ['add-customer', '深圳乙', '--province', '广东', '--city', '深圳']);
    expect([added.status, added.stderr]).toEqual([1, message]);
    const renamed = kehuAs(bm1, db, ['edit', '粤GZ0001', '--name', '深圳乙']);
    expect([renamed.status, renamed.stderr]).toEqual([1, message]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-team-'));
    const file = path.join(dir, 'customers.csv');
    fs.writeFileSync(file, '单位名称,省份,城市\n佛山丙,广东,佛山\n深圳乙,广东,深圳\n');
    const imported = kehuAs(bm1, db, ['import', 'customers', file, '--json']);
    expect(imported.status).toBe(1);
    expect(JSON.parse(imported.stderr)).toMatchObject({ error: 'import_rejected', rejected: 1 });
    const rejects = path.join(dir, 'rejects.csv');
    expect(kehuAs(bm1, db, ['import', 'customers', file, '--rejects', rejects]).status).toBe(1);
    expect(fs.readFileSync(rejects, 'utf8')).toContain('3,单位名称,深圳乙,duplicate_customer_hidden,');
    expect(query(db, 'SELECT id, name, created_by FROM customers ORDER BY id')).toEqual(before);
    // Nothing about the customer itself comes out: not its code.
    expect(added.stderr + renamed.stderr).not.toContain('粤SZ0001');
  });

  it('a session that sees only some customers brings those to the day, and leaves the archive\'s day to one that sees all', () => {
    const tag = crypto.randomBytes(3).toString('hex');
    const [bm, gm] = [`王${tag}`, `孙${tag}`];
    const db = tempPgDatabase();
    expect(kehu(['user', 'add', bm, '--role', 'business-manager'], { db }).status).toBe(0);
    expect(kehu(['user', 'add', gm, '--role', 'general-manager'], { db }).status).toBe(0);
    for (const [name, owner] of [['广州甲', bm], ['广州乙', gm]]) {
      expect(kehu(['add-customer', name!, '--province', '广东', '--city', '广州', '--owner', owner!, '--status', 'a', '--date', '2026-11-02'], { db }).status).toBe(0);
    }
    const asOf = (): unknown => query(db, "SELECT value FROM meta WHERE key = 'timeline_as_of'")[0];
    const before = asOf();
    // Six months without an order later: the business manager's customer is lost for them, the other is not touched.
    const later = { db: as(db, bm), env: { KEHU_USER: '', KEHU_NOW: '2027-06-01T02:00:00Z' } };
    const mine = kehu(['list', '--json'], later);
    expect(mine.status, mine.stderr).toBe(0);
    expect((JSON.parse(mine.stdout) as { status: string }[]).map((c) => c.status)).toEqual(['c']);
    expect(query(db, 'SELECT status, lost_date FROM customers ORDER BY serial')).toEqual([
      { status: 'c', lost_date: '2027-05-02' },
      { status: 'a', lost_date: null },
    ]);
    expect(asOf()).toEqual(before);
    // The general manager's session brings everyone to the day and marks it.
    expect(kehu(['list'], { db: as(db, gm), env: { KEHU_USER: '', KEHU_NOW: '2027-06-01T02:00:00Z' } }).status).toBe(0);
    expect(query(db, 'SELECT status, lost_date FROM customers ORDER BY serial')).toEqual([
      { status: 'c', lost_date: '2027-05-02' },
      { status: 'c', lost_date: '2027-05-02' },
    ]);
    expect(asOf()).toEqual({ value: '2027-06-01' });
    expect(kehu(['check'], { db, env: { KEHU_NOW: '2027-06-01T02:00:00Z' } }).status).toBe(0);
  });

  it('an import by a person whose rows row-level security checks goes in without COPY, and they see what they entered', () => {
    const tag = crypto.randomBytes(3).toString('hex');
    const asst = `张${tag}`;
    const db = tempPgDatabase();
    expect(kehu(['user', 'add', asst, '--role', 'assistant'], { db }).status).toBe(0);
    expect(kehu(['add-customer', '别人的客户', '--province', '广东', '--city', '广州'], { db }).status).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-team-'));
    const file = path.join(dir, 'customers.csv');
    fs.writeFileSync(file, ['单位名称,省份,城市', ...Array.from({ length: 30 }, (_, i) => `导入${i}号有限公司,广东,深圳`)].join('\n') + '\n');
    const r = kehuAs(asst, db, ['import', 'customers', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(query(db, 'SELECT created_by, count(*) AS n FROM customers GROUP BY 1 ORDER BY 1')).toEqual([
      { created_by: asst, n: 30 },
      { created_by: '张敏', n: 1 },
    ]);
    const mine = kehuAs(asst, db, ['list', '--json']);
    expect((JSON.parse(mine.stdout) as unknown[]).length).toBe(30);
    expect(kehu(['check'], { db }).status).toBe(0);
  });

  it('8 processes as four roles adding 25 customers each in one city get serials 1..200; 8 × 25 visits get numbers 1..200', async () => {
    const db = team();
    const people = ['张敏', '王磊', '陈静', '刘洋'];
    const adders = Array.from({ length: 8 }, async (_, w) => {
      const errors: string[] = [];
      for (let i = 0; i < 25; i++) {
        const r = await run(['add-customer', `并发${w}-${i}号有限公司`, '--province', '广东', '--city', '广州'], as(db, people[w % 4]!));
        if (r.status !== 0) errors.push(r.stderr);
      }
      return errors;
    });
    expect((await Promise.all(adders)).flat()).toEqual([]);
    expect(query<{ serial: number }>(db, "SELECT serial FROM customers WHERE region = '粤GZ' ORDER BY serial").map((r) => r.serial)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(query(db, 'SELECT created_by, count(*) AS n FROM customers GROUP BY created_by ORDER BY created_by')).toEqual(
      [...people].sort().map((p) => ({ created_by: p, n: 50 })),
    );
    // Each sees the customer the visits go to: whoever entered it, and the others by a grant.
    const creator = query<{ created_by: string }>(db, "SELECT created_by FROM customers WHERE region = '粤GZ' AND serial = 1")[0]!.created_by;
    for (const p of people.filter((p) => p !== creator)) expect(kehu(['grant', '粤GZ0001', p, '--as', '孙伟'], { db }).status).toBe(0);
    const visitors = Array.from({ length: 8 }, async (_, w) => {
      const errors: string[] = [];
      for (let i = 0; i < 25; i++) {
        const r = await run(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', `第${w}-${i}次`, '--yes'], as(db, people[w % 4]!));
        if (r.status !== 0) errors.push(r.stderr);
      }
      return errors;
    });
    expect((await Promise.all(visitors)).flat()).toEqual([]);
    expect(query<{ seq: number }>(db, "SELECT seq FROM visits v JOIN customers c ON c.id = v.customer_id WHERE c.serial = 1 AND c.region = '粤GZ' ORDER BY seq").map((r) => r.seq)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    expect(kehu(['check'], { db }).status).toBe(0);
  }, 300_000);
});
