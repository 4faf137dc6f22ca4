// End to end: the built bin/kehu as a child process, checking stdout, stderr, exit code and the database after.

import fs from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { dumpChecksum, kehu, query, ROOT, setSchemaVersion, tempDbPath, tempDir } from '../helpers.js';

const GZ = ['add-customer', '广州市天河电子有限公司', '--province', '广东', '--city', '广州'];

describe('add-customer', () => {
  it('prints the new customer with code Cb-粤GZ0001', () => {
    const db = tempDbPath();
    const r = kehu(GZ, { db });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Cb-粤GZ0001');
    expect(r.stdout).toContain('广州市天河电子有限公司');
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour without a terminal
    expect(query(db, 'SELECT code, name, grade, status, created_by FROM customers')).toEqual([
      { code: 'Cb-粤GZ0001', name: '广州市天河电子有限公司', grade: 'C', status: 'b', created_by: '张敏' },
    ]);
  });

  it('--json gives the documented object', () => {
    const db = tempDbPath();
    const r = kehu([...GZ, '--json', '--contact', '王伟,title=采购经理,mobile=13800138000,decision', '--date', '2026-01-05'], { db });
    expect(r.status).toBe(0);
    const obj = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(obj).toMatchObject({
      code: 'Cb-粤GZ0001', stable_code: '粤GZ0001', record_no: 'Cb-粤GZ0001KF', name: '广州市天河电子有限公司', grade: 'C', status: 'b',
      country: 'CN', province: '粤', province_name: '广东', city: '广州市', city_code: 'GZ', district: null, serial: 1, created_on: '2026-01-05',
      contacts: [{ name: '王伟', title: '采购经理', mobile: '13800138000', decision_maker: true }],
    });
    for (const key of Object.keys(obj)) expect(key).toMatch(/^[a-z_]+$/);
  });

  it('options work before the command name too, and --db wins over KEHU_DB', () => {
    const db = tempDbPath();
    const other = tempDbPath();
    const r = kehu(['--db', db, '--json', ...GZ], { db: other });
    expect(r.status).toBe(0);
    expect(query(db, 'SELECT count(*) AS n FROM customers')).toEqual([{ n: 1 }]);
    expect(fs.existsSync(other)).toBe(false);
  });

  it('creates a new database and its folder owner-only', () => {
    const dir = path.join(tempDir(), 'nested', 'deeper');
    const db = path.join(dir, 'k.db');
    expect(kehu(GZ, { db }).status).toBe(0);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  const bad: [string, string[], number, RegExp][] = [
    ['unknown city with suggestions', ['add-customer', '新公司', '--province', '广东', '--city', '广洲'], 1, /“广洲”不是广东省的已知地市或区县.*广州/],
    ['city of another province', ['add-customer', '新公司', '--province', '广东', '--city', '乐清'], 1, /乐清.*浙江/],
    ['unknown province', ['add-customer', '新公司', '--province', '广冬', '--city', '广州'], 1, /未知省份“广冬”/],
    ['duplicate name after normalising brackets and spaces', ['add-customer', '广州市天河电子 有限公司', '--province', '广东', '--city', '广州'], 1, /已存在：Cb-粤GZ0001/],
    ['bad grade', [...GZ.slice(0, 1), '新公司', ...GZ.slice(2), '--grade', 'Z'], 2, /--grade 的值“Z”无效.*A、B、C、X/],
    ['bad type', [...GZ.slice(0, 1), '新公司', ...GZ.slice(2), '--type', 'retail'], 2, /--type 的值“retail”无效.*dealer、direct、oem/],
    ['missing province without a terminal', ['add-customer', '新公司', '--city', '广州'], 2, /缺少 --province/],
    ['missing name without a terminal', ['add-customer', '--province', '广东', '--city', '广州'], 2, /缺少 NAME/],
    ['impossible date', [...GZ.slice(0, 1), '新公司', ...GZ.slice(2), '--date', '2026-02-30'], 2, /--date 的值“2026-02-30”无效/],
    ['unknown owner', [...GZ.slice(0, 1), '新公司', ...GZ.slice(2), '--owner', '无名氏'], 1, /未知用户“无名氏”.*kehu user add/],
    ['unknown option', [...GZ, '--colour', 'red'], 2, /^错误：未知选项 '--colour'\n$/],
  ];
  for (const [what, args, code, message] of bad) {
    it(`refuses ${what}: exit ${code}, message on stderr, database unchanged`, () => {
      const db = tempDbPath();
      expect(kehu(GZ, { db }).status).toBe(0);
      const before = dumpChecksum(db);
      const r = kehu(args, { db });
      expect(r.status).toBe(code);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(dumpChecksum(db)).toBe(before);
    });
  }

  it('errors are a JSON object on stderr with --json, and English with --lang en', () => {
    const db = tempDbPath();
    const r = kehu(['add-customer', '新公司', '--province', '广东', '--city', '广洲', '--json'], { db });
    expect(r.status).toBe(1);
    const err = JSON.parse(r.stderr) as Record<string, unknown>;
    expect(err).toMatchObject({ error: 'unknown_place', input: '广洲', exit_code: 1 });
    expect(err.suggestions).toContain('广州市');
    const en = kehu(['add-customer', '新公司', '--province', '广东', '--city', '广洲', '--lang', 'en'], { db });
    expect(en.stderr).toMatch(/^Error: "广洲" is not a known city or county in 广东省\. Did you mean: .*广州/);
    const envEn = kehu(['add-customer', '新公司', '--province', '广东', '--city', '广洲'], { db, env: { KEHU_LANG: 'en' } });
    expect(envEn.stderr).toMatch(/^Error: /);
  });
});

describe('list and show', () => {
  function seeded(): string {
    const db = tempDbPath();
    for (const args of [
      ['user', 'add', '李强', '--role', 'business-manager'],
      ['user', 'add', '孙伟', '--role', 'general-manager'],
      // A formal VIP: entered by the general manager, and ordering (six months without an order would make it lost).
      ['add-customer', '广州甲电子有限公司', '--province', '广东', '--city', '广州', '--grade', 'A', '--status', 'a', '--owner', '李强', '--date', '2026-01-02', '--as', '孙伟'],
      ['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-06-01'],
      ['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-11-01'],
      ['add-customer', '深圳乙电气有限公司', '--province', '粤', '--city', 'shenzhen', '--grade', 'B', '--stage', '3', '--date', '2026-01-01'],
      ['add-customer', '乐清丙开关厂', '--province', '浙江省', '--city', '乐清市', '--contact', '王伟', '--mobile', '13800138000', '--title', '厂长'],
    ]) expect(kehu(args, { db }).status).toBe(0);
    return db;
  }

  it('lists as an aligned table, JSON, CSV and Markdown, with filters', () => {
    const db = seeded();
    const table = kehu(['list'], { db });
    expect(table.status).toBe(0);
    const lines = table.stdout.split('\n').filter((l) => /^[┌│├└]/.test(l));
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1); // Chinese text keeps the columns aligned
    expect(table.stdout).toContain('A VIP客户');
    expect(table.stdout).toContain('共 3 条');
    const json = JSON.parse(kehu(['list', '--json', '--grade', 'A'], { db }).stdout) as { code: string; owner: string }[];
    expect(json.map((c) => [c.code, c.owner])).toEqual([['Aa-粤GZ0001', '李强']]);
    const csv = kehu(['list', '--format', 'csv', '--province', '广东'], { db }).stdout;
    expect(csv.split('\r\n')[0]).toBe('code,name,grade,status,country,province,city,district,owner,type,source,stage,created_on');
    expect(csv.split('\r\n').slice(1, 3)).toEqual(['Aa-粤GZ0001,广州甲电子有限公司,A,a,CN,粤,广州市,,李强,,,,2026-01-02', 'Bb-粤SZ0001,深圳乙电气有限公司,B,b,CN,粤,深圳市,,,,,3,2026-01-01']);
    const md = kehu(['list', '--format', 'md', '--status', 'b', '--sort', 'created', '--desc'], { db, env: { LANG: 'en_US.UTF-8' } }).stdout;
    expect(md.split('\n')[0]).toBe('| Code | Name | Grade | Status | Region | Owner | Stage | Created |');
    expect(md.split('\n')[2]).toMatch(/^\| Cb-浙WZ0001 \| 乐清丙开关厂 \|/);
    expect(kehu(['list', '--sort', 'bogus'], { db }).status).toBe(2);
  });

  it('shows one customer by any code form, with contacts and histories', () => {
    const db = seeded();
    const r = kehu(['show', '浙wz 0001', '--json'], { db });
    expect(r.status).toBe(0);
    const c = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(c).toMatchObject({ code: 'Cb-浙WZ0001', city: '温州市', district: '乐清市', contacts: [{ name: '王伟', title: '厂长', mobile: '13800138000' }] });
    expect(c.code_history).toEqual([{ code: 'Cb-浙WZ0001', valid_from: expect.any(String), valid_to: null }]);
    expect(c.status_history).toEqual([expect.objectContaining({ from_status: null, to_status: 'b', operator: '张敏' })]);
    const table = kehu(['show', 'Cb-浙WZ0001'], { db });
    expect(table.stdout).toContain('客户档案: Cb-浙WZ0001 乐清丙开关厂');
    expect(table.stdout).toContain('开发记录编号');
    expect(table.stdout).toContain('Cb-浙WZ0001KF');
    const missing = kehu(['show', '浙WZ0009'], { db });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/找不到客户“浙WZ0009”/);
  });
});

describe('user', () => {
  it('adds and lists users with roles; refuses an unknown role with exit 2', () => {
    const db = tempDbPath();
    expect(kehu(['user', 'add', '刘洋', '--role', 'sales-manager'], { db }).status).toBe(0);
    expect(kehu(['user', 'add', '张敏', '--role', 'assistant', '--role', 'tech-support'], { db }).status).toBe(0);
    const list = JSON.parse(kehu(['user', 'list', '--json'], { db }).stdout) as { name: string; roles: string[] }[];
    expect(list.map((u) => [u.name, u.roles])).toEqual([['刘洋', ['sales-manager']], ['张敏', ['assistant', 'tech-support']]]);
    const bad = kehu(['user', 'add', '赵雪', '--role', 'boss'], { db });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--role 的值“boss”无效.*sales-manager/);
    expect(kehu(['user', 'add', '刘洋', '--role', 'assistant'], { db }).status).toBe(1);
  });
});

describe('global behaviour', () => {
  it('every command has --help with an example', () => {
    for (const cmd of [['add-customer'], ['list'], ['show'], ['user', 'add'], ['user', 'list'], ['demo']]) {
      const r = kehu([...cmd, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/示例：/);
      expect(r.stdout).toContain('--db');
    }
  });

  it('the default database lives in the install folder, whatever the working directory', () => {
    const r = kehu(['user', 'list', '--json'], { cwd: '/', env: { KEHU_DB: '' } });
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(ROOT, 'data', 'kehu.db'))).toBe(true);
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(kehu(['--version']).stdout.trim()).toBe(pkg.version);
  });

  it('a database from a newer kehu is refused with a clear message and left alone', () => {
    const db = tempDbPath();
    expect(kehu(['user', 'list'], { db }).status).toBe(0);
    query(db, 'SELECT 1'); // file exists
    setSchemaVersion(db, 99);
    const r = kehu(['list'], { db });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/结构版本 99.*升级 kehu/);
  });
});

describe('demo', () => {
  it('builds a few hundred customers across grades, statuses and provinces, and can be run again', () => {
    const db = tempDbPath();
    const r = kehu(['demo'], { db });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('示例数据库已建好');
    expect(r.stdout).toContain('kehu show');
    const counts = query<{ grade: string; status: string; n: number }>(db, 'SELECT grade, status, count(*) AS n FROM customers GROUP BY 1, 2');
    expect(new Set(counts.map((c) => c.grade))).toEqual(new Set(['A', 'B', 'C', 'X']));
    expect(new Set(counts.map((c) => c.status))).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(counts.reduce((s, c) => s + c.n, 0)).toBe(302);
    expect(query<{ n: number }>(db, 'SELECT count(DISTINCT province) AS n FROM customers')[0]!.n).toBeGreaterThan(20);
    expect(query<{ n: number }>(db, 'SELECT count(*) AS n FROM contacts')[0]!.n).toBeGreaterThan(300);
    const again = kehu(['demo', '--json'], { db });
    expect(again.status).toBe(0);
    expect((JSON.parse(again.stdout) as { customers: number }).customers).toBe(302);
  });

  it('refuses to overwrite a database holding real customers', () => {
    const db = tempDbPath();
    expect(kehu(GZ, { db }).status).toBe(0);
    const before = dumpChecksum(db);
    const r = kehu(['demo'], { db });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/kehu demo/);
    expect(dumpChecksum(db)).toBe(before);
  });
});
