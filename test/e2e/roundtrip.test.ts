// End to end: each kind of export read back by import into a database with the same users gives the same
// rows — every contact, statuses and their dates, stages, who entered a customer, visits with their numbers.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/app/demo.js';
import { breathe, kehu, query, tempDbPath, tempDir } from '../helpers.js';

function withUsers(db: string): void {
  for (const u of DEMO_USERS) expect(kehu(['user', 'add', u.name, ...u.roles.flatMap((r) => ['--role', r])], { db }).status).toBe(0);
}

describe('per-kind exports round-trip', () => {
  let original: string;
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    original = path.join(dir, 'demo.db');
    expect(kehu(['demo'], { db: original }).status).toBe(0);
  }, 60_000);

  for (const [lang, ext] of [['zh', 'csv'], ['en', 'csv'], ['zh', 'xlsx'], ['en', 'ndjson']] as const) {
    it(`users, customers, visits and orders as ${ext} (${lang}) come back as the same rows`, async () => {
      const copy = tempDbPath();
      const files: Record<string, string> = {};
      for (const kind of ['users', 'customers', 'visits', 'orders']) {
        files[kind] = path.join(dir, `${kind}-${lang}.${ext}`);
        const r = kehu(['export', kind, '--out', files[kind], '--with-personal-data', '--lang', lang], { db: original });
        expect(r.status, r.stderr).toBe(0);
        // Personal data goes into a file only its owner reads.
        expect(fs.statSync(files[kind]).mode & 0o777).toBe(0o600);
        await breathe();
      }
      for (const kind of ['users', 'customers', 'visits', 'orders']) {
        const r = kehu(['import', kind, files[kind]!, '--lang', lang], { db: copy });
        expect(r.stderr, kind).toBe('');
        expect(r.status).toBe(0);
        await breathe();
      }
      for (const kind of ['users', 'customers', 'visits', 'orders']) {
        const again = path.join(dir, `${kind}-${lang}-again.${ext}`);
        expect(kehu(['export', kind, '--out', again, '--with-personal-data', '--lang', lang], { db: copy }).status).toBe(0);
        await breathe();
        if (ext === 'xlsx') {
          const ExcelJS = (await import('exceljs')).default;
          const read = async (f: string): Promise<unknown[]> => {
            const wb = new ExcelJS.Workbook();
            await wb.xlsx.readFile(f);
            const out: unknown[] = [];
            wb.worksheets[0]!.eachRow((row) => out.push(row.values));
            return out;
          };
          expect(await read(again), kind).toEqual(await read(files[kind]!));
        } else {
          expect(fs.readFileSync(again, 'utf8'), kind).toBe(fs.readFileSync(files[kind]!, 'utf8'));
        }
      }
      // Every contact, with its personal data; every customer's code, status and dates.
      expect(query(copy, 'SELECT count(*) AS n FROM contacts')).toEqual(query(original, 'SELECT count(*) AS n FROM contacts'));
      const cols = 'code, name, status, grade, stage, cooperating_since, last_order_date, lost_date, created_on, created_by, owner, visit_count';
      expect(query(copy, `SELECT ${cols} FROM customers ORDER BY code`)).toEqual(query(original, `SELECT ${cols} FROM customers ORDER BY code`));
      expect(kehu(['check'], { db: copy }).status).toBe(0);
    }, 120_000);
  }

  it('users and their roles round-trip, in Chinese and English; an existing user is refused, skipped or given the roles it lacks', () => {
    for (const lang of ['zh', 'en'] as const) {
      const f = path.join(dir, `users-${lang}.csv`);
      const r = kehu(['export', 'users', '--out', f, '--lang', lang], { db: original });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(lang === 'zh' ? `已导出 9 行用户到 ${f}\n` : `Exported 9 users to ${f}\n`);
      const lines = fs.readFileSync(f, 'utf8').split('\n');
      expect(lines[0]).toBe(lang === 'zh' ? '姓名,角色,创建时间' : 'name,roles,created_at');
      expect(lines.some((l) => l.startsWith(lang === 'zh' ? '孙伟,总经理,' : '孙伟,general-manager,'))).toBe(true);
      const copy = tempDbPath();
      const i = kehu(['import', 'users', f], { db: copy });
      expect(i.stderr).toBe('');
      expect(i.stdout).toBe('导入完成：9 行，新增 9，更新 0，跳过 0\n');
      const again = path.join(dir, `users-${lang}-again.csv`);
      expect(kehu(['export', 'users', '--out', again, '--lang', lang], { db: copy }).status).toBe(0);
      expect(fs.readFileSync(again, 'utf8')).toBe(fs.readFileSync(f, 'utf8'));
      expect(query(copy, 'SELECT "user", role FROM user_roles ORDER BY "user", role')).toEqual(query(original, 'SELECT "user", role FROM user_roles ORDER BY "user", role'));
    }
    const db = tempDbPath();
    const f = path.join(dir, 'users-more.csv');
    fs.writeFileSync(f, '姓名,角色\n张敏,销售助理\n刘洋,销售经理、市场经理\n');
    expect(kehu(['import', 'users', f], { db }).status).toBe(0);
    const dup = kehu(['import', 'users', f, '--lang', 'en'], { db });
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain('line 2, 姓名 "张敏": User "张敏" already exists');
    expect(kehu(['import', 'users', f, '--on-duplicate', 'skip'], { db }).stdout).toBe('导入完成：2 行，新增 0，更新 0，跳过 2\n');
    fs.writeFileSync(f, 'name,roles\n刘洋,general-manager\n');
    expect(kehu(['import', 'users', f, '--on-duplicate', 'update'], { db }).stdout).toBe('导入完成：1 行，新增 0，更新 1，跳过 0\n');
    expect(query(db, `SELECT role FROM user_roles WHERE "user" = '刘洋' ORDER BY role`)).toEqual([{ role: 'general-manager' }, { role: 'market-manager' }, { role: 'sales-manager' }]);
    fs.writeFileSync(f, 'name,roles\n新人,厨师\n');
    const bad = kehu(['import', 'users', f, '--lang', 'en'], { db });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('line 2, roles "厨师"');
  });

  it('reads further contacts from the rows after a customer, validates them, and refuses a code repeated later', () => {
    const db = tempDbPath();
    withUsers(db);
    const f = path.join(dir, 'contacts.csv');
    fs.writeFileSync(
      f,
      [
        '客户代码,单位名称,省份,城市,客户状态,开发阶段,联系人,手机,决策人',
        'Cb-粤GZ0007,广州天河电子,广东,广州,潜在客户,3,王经理,13800138000,是',
        'Cb-粤GZ0007,广州天河电子,广东,广州,潜在客户,3,李工,13900139000,否',
        ',深圳南山科技,广东,深圳,合作客户,5,陈总,,',
        ',深圳南山科技,广东,深圳,合作客户,5,赵会计,,',
      ].join('\n'),
    );
    const r = kehu(['import', 'customers', f], { db });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('导入完成：4 行，新增 2，更新 0，跳过 0；另有 2 行是前一客户的其他联系人\n');
    expect(query(db, 'SELECT c.code, k.name, k.mobile, k.is_decision_maker FROM contacts k JOIN customers c ON c.id = k.customer_id ORDER BY k.id')).toEqual([
      { code: 'Cb-粤GZ0007', name: '王经理', mobile: '13800138000', is_decision_maker: 1 },
      { code: 'Cb-粤GZ0007', name: '李工', mobile: '13900139000', is_decision_maker: 0 },
      { code: 'Ca-粤SZ0001', name: '陈总', mobile: null, is_decision_maker: 0 },
      { code: 'Ca-粤SZ0001', name: '赵会计', mobile: null, is_decision_maker: 0 },
    ]);
    // A stage is the stage reached: a cooperating customer keeps it.
    expect(query(db, "SELECT stage FROM customers WHERE name = '深圳南山科技'")).toEqual([{ stage: 5 }]);
    // The new serial in 广州 comes after the one the code took.
    expect(JSON.parse(kehu(['add-customer', '广州新客户', '--province', '广东', '--city', '广州', '--json'], { db }).stdout)).toMatchObject({ code: 'Cb-粤GZ0008' });

    const bad = path.join(dir, 'bad-contacts.csv');
    fs.writeFileSync(bad, ['code,name,province,city,contact,mobile', 'Cb-粤FS0001,佛山一厂,广东,佛山,甲,13800138000', 'Cb-粤FS0001,佛山一厂,广东,佛山,乙,123', 'Cb-粤FS0002,佛山二厂,广东,佛山,丙,', 'Cb-粤FS0001,佛山一厂,广东,佛山,丁,'].join('\n'));
    const before = query(db, 'SELECT count(*) AS n FROM contacts');
    const e = kehu(['import', 'customers', bad, '--lang', 'en'], { db });
    expect(e.status).toBe(1);
    expect(e.stderr).toContain('line 3, mobile "123"');
    expect(e.stderr).toContain('line 5, code "Cb-粤FS0001"');
    expect(query(db, 'SELECT count(*) AS n FROM contacts')).toEqual(before);
  });

  it('keeps who entered a customer (a VIP the general manager entered stays confirmed) and when an invalid one was disqualified', () => {
    const db = tempDbPath();
    withUsers(db);
    const f = path.join(dir, 'vip.csv');
    fs.writeFileSync(
      f,
      [
        'name,province,city,grade,status,cooperating_since,created_on,created_by,invalid_since',
        '广州大客户,广东,广州,A,a,2026-10-01,2025-01-10,孙伟,',
        '广州另一客户,广东,广州,A,a,2026-10-01,2025-01-10,张敏,',
        '广州无效客户,广东,广州,C,d,,2025-01-10,周婷,2025-06-30',
      ].join('\n'),
    );
    const r = kehu(['import', 'customers', f], { db });
    expect(r.stderr).toBe('');
    expect(query(db, 'SELECT name, code, created_by FROM customers ORDER BY id')).toEqual([
      { name: '广州大客户', code: 'Aa-粤GZ0001', created_by: '孙伟' },
      { name: '广州另一客户', code: 'Ba-粤GZ0002', created_by: '张敏' },
      { name: '广州无效客户', code: 'Cd-粤GZ0003', created_by: '周婷' },
    ]);
    expect(query(db, "SELECT date FROM status_decisions WHERE to_status = 'd'")).toEqual([{ date: '2025-06-30' }]);
    // A creator no kehu user is named (an entry made as the OS user) is kept as written, and confirms nothing.
    const unknown = path.join(dir, 'unknown.csv');
    fs.writeFileSync(unknown, 'name,province,city,grade,status,cooperating_since,created_by\n某客户,广东,广州,A,a,2026-10-01,root\n');
    expect(kehu(['import', 'customers', unknown], { db }).status).toBe(0);
    expect(query(db, "SELECT code, created_by FROM customers WHERE name = '某客户'")).toEqual([{ code: 'Ba-粤GZ0004', created_by: 'root' }]);
  });
});
