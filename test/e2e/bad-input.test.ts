// Thirty-odd bad inputs through bin/kehu: each a clear message naming the value, a non-zero exit,
// and a database byte-identical before and after (a checksum of its whole logical content).

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpChecksum, kehu, tempDbPath, tempDir } from '../helpers.js';

describe('bad input changes nothing', () => {
  it('every case: clear message naming the value, non-zero exit, database unchanged', () => {
    const db = tempDbPath();
    for (const args of [
      ['user', 'add', '李强', '--role', 'business-manager'],
      ['add-customer', '广州市天河电子有限公司', '--province', '广东', '--city', '广州', '--status', 'a', '--date', '2026-01-05'],
      ['add-customer', '深圳乙电气有限公司', '--province', '广东', '--city', '深圳', '--date', '2026-01-05'],
      ['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-10-01'],
    ]) expect(kehu(args, { db }).status).toBe(0);
    const dir = tempDir();
    const badUtf8 = path.join(dir, 'bad.csv');
    fs.writeFileSync(badUtf8, Buffer.concat([Buffer.from('name,province,city\n'), Buffer.from([0xff, 0xfe, 0xfd, 0x41]), Buffer.from(',广东,广州\n')]));
    const truncatedXlsx = path.join(dir, 'truncated.xlsx');
    fs.writeFileSync(truncatedXlsx, Buffer.from('PK\u0003\u0004 this is not a whole zip'));
    const malformedJson = path.join(dir, 'bad.json');
    fs.writeFileSync(malformedJson, '[{"name": "甲", "province": "广东"');
    const long = '长'.repeat(10_000);
    const cases: [string[], RegExp][] = [
      [['add-customer', '新公司', '--province', '广东', '--city', '广洲'], /广洲/],
      [['add-customer', '新公司', '--province', '火星', '--city', '广州'], /火星/],
      [['add-customer', '广州市天河电子 有限公司', '--province', '广东', '--city', '广州'], /已存在/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--grade', 'Z'], /“Z”/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--status', 'x'], /“x”/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--type', 'retail'], /“retail”/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--source', 'tv'], /“tv”/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--date', '2026-02-30'], /“2026-02-30”/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--date', '2099-01-01'], /“2099-01-01”/],
      [['add-customer', '', '--province', '广东', '--city', '广州'], /NAME/],
      [['add-customer', long, '--province', '广东', '--city', '广州'], /NAME/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--mobile', '123', '--contact', '王'], /“123”/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--email', 'not-an-email'], /“not-an-email”/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--postcode', '12'], /“12”/],
      [['add-customer', '新公司', '--country', 'XX', '--city-code', 'ABC'], /“XX”/],
      [['add-customer', '新公司', '--province', '广东', '--city', '广州', '--owner', '无名氏'], /无名氏/],
      [['log-order', '粤GZ0001', '--amount', '-5'], /“-5”/],
      [['log-order', '粤GZ0001', '--amount', 'abc'], /“abc”/],
      [['log-order', '粤GZ0001', '--amount', '1.005'], /“1.005”/],
      [['log-order', '粤GZ0001', '--amount', '0'], /“0”/],
      [['log-order', '粤GZ9999', '--amount', '5'], /粤GZ9999/],
      [['log-order', 'hello', '--amount', '5'], /“hello”/],
      [['log-visit', '粤GZ0001', '--method', 'pigeon', '--summary', 'x'], /“pigeon”/],
      [['log-visit', '粤GZ0001', '--method', 'phone', '--summary', 'x', '--date', '2026-13-01'], /“2026-13-01”/],
      [['log-visit', '粤GZ0001', '--method', 'phone', '--summary', 'x', '--stage', '9', '--by', '李强'], /“9”/],
      [['set-status', '粤GZ0001', 'b', '--reason', 'x'], /a → b/],
      [['set-status', '粤SZ0001', 'c', '--reason-category', 'price'], /b → c/],
      [['set-status', '粤GZ0001', 'c', '--reason-category', 'weather'], /“weather”/],
      [['review-grade', '粤GZ0001', '--score', '101'], /101/],
      [['churn-report', '--month', '2026-13'], /“2026-13”/],
      [['list', '--sort', "name; DROP TABLE customers"], /DROP TABLE/],
      [['user', 'add', '赵雪', '--role', 'boss'], /“boss”/],
      [['import', 'customers', badUtf8, '--encoding', 'utf8'], /UTF-8|utf8|编码/i],
      [['import', 'customers', truncatedXlsx], /truncated\.xlsx|XLSX|xlsx/],
      [['import', 'customers', malformedJson], /bad\.json|JSON/],
    ];
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const before = dumpChecksum(db);
    for (const [args, message] of cases) {
      const r = kehu(args, { db });
      expect(r.status, args.join(' ').slice(0, 80)).not.toBe(0);
      expect(r.stdout, args.join(' ').slice(0, 80)).toBe('');
      expect(r.stderr, args.join(' ').slice(0, 80)).toMatch(message);
      expect(r.stderr).toMatch(/修正|Fix/);
    }
    expect(dumpChecksum(db)).toBe(before);
  }, 120_000);

  it('SQL-looking text is stored verbatim where it is a legal value', () => {
    const db = tempDbPath();
    const name = "Robert'); DROP TABLE customers;--";
    const r = kehu(['add-customer', name, '--province', '广东', '--city', '广州', '--notes', "1' OR '1'='1", '--json'], { db });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name, notes: "1' OR '1'='1" });
    expect(JSON.parse(kehu(['list', '--json'], { db }).stdout)).toHaveLength(1);
  });
});
