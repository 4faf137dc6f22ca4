// Team mode (issue 17): kehu on a PostgreSQL server, where each person connects as their own role. Who acts is
// the server's session user, acting for another needs the kehu_admin role, approvals need membership of the
// approving role — through kehu and through psql alike — and writers from many processes and roles take turns.
// Runs in the postgres project only (vitest.config.ts); the SQLite project has no identities to test.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
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
    // The managers, each as themselves, approve in turn; the last approval changes the grade and the code.
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
