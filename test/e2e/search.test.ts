// End to end: kehu search as a child process, on customers written by add-customer, changed by plain SQL,
// and carried through export all → import all.

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyDatabase, dumpChecksum, kehu, rawDb, tempDbPath, tempDir } from '../helpers.js';

let fixture: string;

/** A copy of the fixture to change. */
function copy(): string {
  return copyDatabase(fixture);
}

interface Hit {
  code: string;
  matched_field: string;
  matched_value: string;
  match: string;
  contact: string | null;
}

function json(args: string[], db: string): Hit[] {
  const r = kehu(['search', ...args, '--json'], { db });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Hit[];
}

const codes = (hits: Hit[]): string[] => hits.map((h) => `${h.code} ${h.matched_field}`);

beforeAll(() => {
  fixture = tempDbPath();
  const add = (args: string[]): void => {
    const r = kehu(['add-customer', ...args, '--date', '2026-01-05'], { db: fixture });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  };
  add([
    '广州天河电子有限公司', '--province', '广东', '--city', '广州', '--phone', '020-8888 1234', '--email', 'sales@tianhe.com', '--address', '广州市天河区中山大道 1 号',
    '--contact', '王伟,mobile=138-0013-8000,email=wangwei@tianhe.cn',
  ]);
  add(['天河贸易有限公司', '--province', '广东', '--city', '广州']);
  add(['深圳天河科技有限公司', '--province', '广东', '--city', '深圳']);
  add(['长沙重工机械有限公司', '--province', '湖南', '--city', '长沙', '--contact', '张天河']);
});

describe('kehu search', () => {
  it('finds by pinyin initials (gzth) and prints a table with the field that matched', () => {
    const r = kehu(['search', 'gzth'], { db: fixture });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Cb-粤GZ0001');
    expect(r.stdout).toContain('广州天河电子有限公司');
    expect(r.stdout).toContain('拼音首字母（开头）');
    expect(r.stdout).toContain('gzthdzyxgs');
    expect(r.stdout).toContain('共 1 条');
  });

  it('finds by full pinyin, with or without spaces, as a prefix or a fragment', () => {
    expect(json(['guangzhoutianhe'], fixture)).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'pinyin', match: 'prefix' })]);
    expect(codes(json(['guangzhou', 'tianhe'], fixture))).toEqual(['Cb-粤GZ0001 pinyin']);
    expect(codes(json(['tianhe'], fixture))).toEqual(['Cb-粤GZ0002 pinyin', 'Cb-粤GZ0001 pinyin', 'Cb-粤SZ0001 pinyin']);
    expect(codes(json(['changsha'], fixture))).toEqual(['Cb-湘CS0001 pinyin']);
  });

  it('finds by phone digits with and without dashes and spaces, and by a mobile with +86', () => {
    for (const q of ['020-8888-1234', '88881234', '020 8888 1234']) {
      expect(json([q], fixture), q).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'phone', matched_value: '020-8888 1234' })]);
    }
    expect(json(['+86 138 0013 8000'], fixture)).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'contact_mobile', matched_value: '13800138000', contact: '王伟' })]);
  });

  it('finds by a code fragment, a contact name, an e-mail and an address', () => {
    expect(json(['GZ0001'], fixture)).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'code', match: 'fragment' })]);
    expect(json(['王伟'], fixture)).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'contact', matched_value: '王伟', contact: '王伟' })]);
    expect(json(['sales@tianhe'], fixture)).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'email', matched_value: 'sales@tianhe.com' })]);
    expect(json(['中山大道'], fixture)).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'address' })]);
  });

  it('ranks: name prefix, name fragments, then a contact; each customer once', () => {
    expect(codes(json(['天河'], fixture))).toEqual(['Cb-粤GZ0002 name', 'Cb-粤GZ0001 name', 'Cb-粤SZ0001 name', 'Cb-湘CS0001 contact']);
  });

  it('--json is an array of the documented objects', () => {
    const [hit] = json(['粤GZ0002'], fixture);
    expect(hit).toEqual({ code: 'Cb-粤GZ0002', name: '天河贸易有限公司', grade: 'C', status: 'b', owner: null, matched_field: 'code', matched_value: 'Cb-粤GZ0002', match: 'exact', contact: null });
  });

  it('--limit, English labels, CSV', () => {
    const r = kehu(['search', '天河', '--limit', '1', '--lang', 'en'], { db: fixture });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Matched');
    expect(r.stdout).toContain('Name (prefix)');
    expect(r.stdout).toContain('The first 1 shown; more customers match: raise --limit to see them.');
    const csv = kehu(['search', 'tianhe', '--format', 'csv'], { db: fixture }).stdout.split('\r\n');
    expect(csv[0]).toBe('code,name,grade,status,owner,matched_field,matched_value,match,contact');
    expect(csv[1]).toBe('Cb-粤GZ0002,天河贸易有限公司,C,b,,pinyin,tianhemaoyiyouxiangongsi,prefix,');
  });

  it('no hits: a message and exit 0; JSON an empty array', () => {
    const r = kehu(['search', '不存在的公司'], { db: fixture });
    expect(r).toEqual({ status: 0, stdout: '没有与“不存在的公司”相符的客户。\n', stderr: '' });
    expect(kehu(['search', 'nothing-like-it', '--json'], { db: fixture }).stdout).toBe('[]\n');
  });

  it('an empty or missing text is a usage error naming it and the fix', () => {
    const blank = kehu(['search', '   '], { db: fixture });
    expect(blank.status).toBe(2);
    expect(blank.stderr).toMatch(/^错误：TEXT 的值“ {3}”无效。修正：给出要查找的名称、拼音、代码、电话号码、联系人或 E-mail。\n$/);
    const missing = kehu(['search', '--lang', 'en'], { db: fixture });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('Error: Missing TEXT. Fix: give TEXT on the command line (no prompts without a terminal).\n');
  });

  it('reads only: creates no missing database and changes nothing in an existing one', () => {
    const dir = tempDir();
    const missing = path.join(dir, 'none.db');
    const r = kehu(['search', '天河'], { db: missing });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`数据库 ${missing} 不存在`);
    expect(fs.existsSync(missing)).toBe(false);
    const db = copy();
    const before = dumpChecksum(db);
    expect(kehu(['search', '天河'], { db }).status).toBe(0);
    expect(dumpChecksum(db)).toBe(before);
  });

  it('a name changed by plain SQL is found by the new name and not the old; a deleted contact is no longer found', () => {
    const db = copy();
    const raw = rawDb(db);
    raw.exec("UPDATE customers SET name = '广州珠江电子有限公司', name_key = '广州珠江电子有限公司' WHERE code = 'Cb-粤GZ0001'");
    raw.exec("DELETE FROM contacts WHERE name = '王伟'");
    raw.close();
    expect(codes(json(['珠江'], db))).toEqual(['Cb-粤GZ0001 name']);
    expect(codes(json(['天河电子'], db))).toEqual([]);
    expect(json(['王伟'], db)).toEqual([]);
    expect(json(['13800138000'], db)).toEqual([]);
  });

  it('export all → import all: the copy finds the same customers, pinyin included', () => {
    const dir = tempDir();
    const archive = path.join(dir, 'all.ndjson');
    expect(kehu(['export', 'all', '--out', archive, '--with-personal-data'], { db: fixture }).status).toBe(0);
    const target = path.join(dir, 'copy.db');
    const r = kehu(['import', 'all', archive], { db: target });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const q of [['gzth'], ['天河'], ['王伟'], ['138-0013-8000'], ['粤GZ'], ['sales@tianhe']]) expect(json(q, target), q.join(' ')).toEqual(json(q, fixture));
  });
});
