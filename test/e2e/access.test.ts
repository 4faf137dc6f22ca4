// End to end: kehu grant / revoke / grants (seed 002 §8.8) through bin/kehu on either engine: who may give
// access, to whom, what is refused with which message and nothing written, the audit log, and the grants
// travelling with the archive. What the server then shows each person is in team.test.ts.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpChecksum, kehu, query, tempDbPath, tempDir } from '../helpers.js';

/** Eight people of the six roles and three customers entered by 张敏: 王磊's in 广州 and 深圳, 李强's in 杭州. */
function setup(): string {
  const db = tempDbPath();
  for (const args of [
    ['user', 'add', '王磊', '--role', 'business-manager'],
    ['user', 'add', '李强', '--role', 'business-manager'],
    ['user', 'add', '陈静', '--role', 'tech-support'],
    ['user', 'add', '刘洋', '--role', 'sales-manager'],
    ['user', 'add', '赵雪', '--role', 'market-manager'],
    ['user', 'add', '孙伟', '--role', 'general-manager'],
    ['user', 'add', '周婷', '--role', 'assistant'],
    // Who enters the customers (KEHU_USER of the tests).
    ['user', 'add', '张敏', '--role', 'assistant'],
    ['add-customer', '广州天河电子有限公司', '--province', '广东', '--city', '广州', '--owner', '王磊'],
    ['add-customer', '深圳南山科技有限公司', '--province', '广东', '--city', '深圳', '--owner', '王磊'],
    ['add-customer', '杭州西湖机电有限公司', '--province', '浙江', '--city', '杭州', '--owner', '李强'],
  ]) expect(kehu(args, { db }).status, args.join(' ')).toBe(0);
  return db;
}

function grants(db: string): unknown[] {
  return query(db, 'SELECT grantee, customer_id, region, granted_by, date FROM access_grants ORDER BY id');
}

describe('kehu grant / revoke / grants', () => {
  it('a market or general manager grants a customer or a region; each is a fact with its audit entry; revoke takes it back', () => {
    const db = setup();
    const r = kehu(['grant', 'Cb-粤GZ0001', '陈静', '--as', '赵雪'], { db });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('已授权 陈静 查阅：Cb-粤GZ0001 广州天河电子有限公司\n');
    const region = kehu(['grant', '--region', '粤gz', '刘洋', '--as', '孙伟', '--json'], { db });
    expect(region.status, region.stderr).toBe(0);
    expect(JSON.parse(region.stdout)).toEqual({ action: 'grant', user: '刘洋', code: null, name: null, region: '粤GZ', by: '孙伟', date: '2026-11-23' });
    // A market manager may hold a whole province; the stable part of a code names the customer too.
    expect(kehu(['grant', '--region', '浙', '赵雪', '--as', '孙伟'], { db }).status).toBe(0);
    expect(kehu(['grant', '浙HZ0001', '陈静', '--as', '赵雪', '--lang', 'en'], { db }).stdout).toBe('陈静 may now see: Cb-浙HZ0001 杭州西湖机电有限公司\n');
    expect(grants(db)).toEqual([
      { grantee: '陈静', customer_id: 1, region: null, granted_by: '赵雪', date: '2026-11-23' },
      { grantee: '刘洋', customer_id: null, region: '粤GZ', granted_by: '孙伟', date: '2026-11-23' },
      { grantee: '赵雪', customer_id: null, region: '浙', granted_by: '孙伟', date: '2026-11-23' },
      { grantee: '陈静', customer_id: 3, region: null, granted_by: '赵雪', date: '2026-11-23' },
    ]);

    const list = kehu(['grants', '--json'], { db });
    expect((JSON.parse(list.stdout) as { grantee: string; code: string | null; region: string | null }[]).map((g) => [g.grantee, g.region ?? g.code])).toEqual([
      ['刘洋', '粤GZ'],
      ['赵雪', '浙'],
      ['陈静', 'Cb-浙HZ0001'],
      ['陈静', 'Cb-粤GZ0001'],
    ].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)));
    const table = kehu(['grants', '陈静'], { db });
    expect(table.stdout).toMatch(/用户.*区域.*客户代码.*单位名称.*授权人.*日期/);
    expect(table.stdout).toMatch(/陈静.*Cb-粤GZ0001.*广州天河电子有限公司.*赵雪.*2026-11-23/);
    expect(kehu(['grants', '周婷'], { db }).stdout).toBe('没有授权。\n');
    expect(kehu(['grants', '周婷', '--lang', 'en'], { db }).stdout).toBe('No grants.\n');

    const back = kehu(['revoke', '粤GZ0001', '陈静', '--as', '赵雪'], { db });
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toBe('已收回 陈静 的查阅权限：Cb-粤GZ0001 广州天河电子有限公司\n');
    expect(kehu(['revoke', '--region', '粤GZ', '刘洋', '--as', '孙伟'], { db }).status).toBe(0);
    expect(grants(db)).toEqual([
      { grantee: '赵雪', customer_id: null, region: '浙', granted_by: '孙伟', date: '2026-11-23' },
      { grantee: '陈静', customer_id: 3, region: null, granted_by: '赵雪', date: '2026-11-23' },
    ]);
    expect(query(db, "SELECT operator, customer_id, entity, entity_key, action, field, old_value, new_value FROM audit_log WHERE action IN ('grant', 'revoke') ORDER BY id")).toEqual([
      { operator: '赵雪', customer_id: 1, entity: 'customer', entity_key: 'Cb-粤GZ0001', action: 'grant', field: 'access', old_value: null, new_value: '陈静' },
      { operator: '孙伟', customer_id: null, entity: 'user', entity_key: '刘洋', action: 'grant', field: 'region', old_value: null, new_value: '粤GZ' },
      { operator: '孙伟', customer_id: null, entity: 'user', entity_key: '赵雪', action: 'grant', field: 'region', old_value: null, new_value: '浙' },
      { operator: '赵雪', customer_id: 3, entity: 'customer', entity_key: 'Cb-浙HZ0001', action: 'grant', field: 'access', old_value: null, new_value: '陈静' },
      { operator: '赵雪', customer_id: 1, entity: 'customer', entity_key: 'Cb-粤GZ0001', action: 'revoke', field: 'access', old_value: '陈静', new_value: null },
      { operator: '孙伟', customer_id: null, entity: 'user', entity_key: '刘洋', action: 'revoke', field: 'region', old_value: '粤GZ', new_value: null },
    ]);
    const log = kehu(['log', '粤GZ0001'], { db, env: { COLUMNS: '200' } });
    expect(log.stdout).toMatch(/赵雪.*授权查阅.*查阅授权：— → 陈静/);
    expect(log.stdout).toMatch(/赵雪.*收回查阅.*查阅授权：陈静 → —/);
    expect(kehu(['check'], { db }).status).toBe(0);
  });

  it('refuses, with the value and the fix and nothing written: the wrong granter, a grantee who already sees it, a region for a non-manager, bad arguments', () => {
    const db = setup();
    expect(kehu(['grant', '粤GZ0001', '陈静', '--as', '赵雪'], { db }).status).toBe(0);
    expect(kehu(['user', 'deactivate', '周婷'], { db }).status).toBe(0);
    const before = dumpChecksum(db);
    const cases: [string[], number, string][] = [
      [['grant', '粤SZ0001', '陈静', '--as', '王磊'], 1, '错误：用户“王磊”无权授权或收回查阅权限：需要 市场经理、总经理 之一。修正：由市场经理或总经理执行（文件上用 --as）。\n'],
      [['grant', '粤GZ0001', '陈静', '--as', '赵雪'], 1, '错误：陈静 已能查阅 Cb-粤GZ0001（已获授权），未做改动。修正：无需再授权；用 kehu grants 陈静 查看其授权。\n'],
      [['grant', '粤GZ0001', '王磊', '--as', '赵雪'], 1, '错误：王磊 已能查阅 Cb-粤GZ0001（是该客户的负责人），未做改动。修正：无需再授权；用 kehu grants 王磊 查看其授权。\n'],
      [['grant', '粤GZ0001', '张敏', '--as', '赵雪'], 1, '错误：张敏 已能查阅 Cb-粤GZ0001（录入了该客户），未做改动。修正：无需再授权；用 kehu grants 张敏 查看其授权。\n'],
      [['grant', '--region', '粤', '陈静', '--as', '孙伟'], 1, '错误：区域 粤 只能授权给 销售经理、市场经理，陈静 不具备这些角色（§8.8：销售经理以上查阅所管辖区域的档案）。修正：授权单个客户（kehu grant 代码 陈静），或先为其加上经理角色（kehu import users）。\n'],
      [['grant', '--region', 'XX', '刘洋', '--as', '孙伟'], 2, '--region'],
      [['grant', '--region', '粤', '刘洋', '--as', '孙伟', '粤GZ0001'], 2, '--region'],
      [['grant', '粤GZ0001', '--as', '孙伟'], 2, 'USER'],
      [['grant', '--as', '孙伟'], 2, 'CODE'],
      [['grant', '粤GZ0009', '陈静', '--as', '孙伟'], 1, '粤GZ0009'],
      [['grant', '粤SZ0001', '无名氏', '--as', '孙伟'], 1, '无名氏'],
      [['grant', '粤SZ0001', '周婷', '--as', '孙伟'], 1, '已于 2026-11-23 停用'],
      [['revoke', '粤SZ0001', '陈静', '--as', '孙伟'], 1, '错误：Cb-粤SZ0001 并未授权给 陈静，未做改动。修正：用 kehu grants 陈静 查看其授权。\n'],
      [['revoke', '粤GZ0001', '陈静', '--as', '刘洋'], 1, '无权授权或收回查阅权限'],
      [['grants', '无名氏'], 1, '无名氏'],
    ];
    for (const [args, status, message] of cases) {
      const r = kehu(args, { db });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(status);
      if (message.endsWith('\n')) expect(r.stderr).toBe(message);
      else expect(r.stderr).toContain(message);
    }
    expect(dumpChecksum(db)).toBe(before);
    const en = kehu(['grant', '粤SZ0001', '陈静', '--as', '王磊', '--lang', 'en', '--json'], { db });
    expect(JSON.parse(en.stderr)).toMatchObject({ error: 'grant_not_allowed', exit_code: 1, operator: '王磊', why: 'role', roles: ['market-manager', 'general-manager'] });
  });

  it('grants travel with the archive, and an archive of version 3 (without them) still loads', () => {
    const db = setup();
    expect(kehu(['grant', '粤GZ0001', '陈静', '--as', '赵雪'], { db }).status).toBe(0);
    expect(kehu(['grant', '--region', '粤GZ', '刘洋', '--as', '孙伟'], { db }).status).toBe(0);
    const dir = tempDir();
    const file = path.join(dir, 'all.ndjson');
    expect(kehu(['export', 'all', '--out', file], { db }).status).toBe(0);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ version: 4, tables: { access_grants: 2 } });
    const copy = tempDbPath();
    const loaded = kehu(['import', 'all', file], { db: copy });
    expect(loaded.status, loaded.stderr).toBe(0);
    expect(grants(copy)).toEqual(grants(db));
    expect(kehu(['grants', '--json'], { db: copy }).stdout).toBe(kehu(['grants', '--json'], { db }).stdout);

    // The same archive as version 3 wrote it: no access_grants table.
    const start = lines.findIndex((l) => l.startsWith('{"table":"access_grants"'));
    const header = JSON.parse(lines[0]!) as { version: number; tables: Record<string, number> };
    header.version = 3;
    delete header.tables.access_grants;
    const end = JSON.parse(lines.at(-1)!) as { rows: number };
    end.rows -= 2;
    const v3 = [JSON.stringify(header), ...lines.slice(1, start), ...lines.slice(start + 3, -1), JSON.stringify(end)];
    const old = path.join(dir, 'v3.ndjson');
    fs.writeFileSync(old, v3.join('\n') + '\n');
    const older = tempDbPath();
    const r = kehu(['import', 'all', old], { db: older });
    expect(r.status, r.stderr).toBe(0);
    expect(grants(older)).toEqual([]);
    expect(query(older, 'SELECT count(*) AS n FROM customers')).toEqual([{ n: 3 }]);
  });
});
