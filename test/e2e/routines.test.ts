// kehu report follow-up (客户跟进单) and kehu report catalogue (客户检索目录) end to end: hand-built files, the
// built binary, every format, --out, bad periods. The clock is E2E_NOW: Monday 2026-11-23 in Beijing.

import fs from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpChecksum, kehu, tempDbPath, tempDir } from '../helpers.js';

function ok(args: string[], db: string): string {
  const r = kehu(args, { db });
  if (r.status !== 0) throw new Error(`kehu ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function customer(db: string, name: string, ...args: string[]): string {
  return (JSON.parse(ok(['add-customer', name, ...args, '--json'], db)) as { code: string }).code;
}

interface FollowUpJson {
  week: string;
  start_date: string;
  end_date: string;
  as_of: string;
  owner: string | null;
  total: number;
  by_region: { region: string; province: string; province_name: string; city: string; count: number }[];
  by_owner: { owner: string; count: number }[];
  customers: Record<string, unknown>[];
}

describe('report follow-up (客户跟进单)', () => {
  const db = tempDbPath();
  const codes: Record<string, string> = {};
  beforeAll(() => {
    for (const [name, role] of [['李娜', 'business-manager'], ['王强', 'business-manager'], ['张敏', 'assistant']]) ok(['user', 'add', name!, '--role', role!], db);
    const add = (key: string, name: string, city: string, owner: string, province = '广东'): void => {
      codes[key] = customer(db, name, '--province', province, '--city', city, '--owner', owner, '--date', '2026-10-01');
    };
    add('gz1', '广州甲', '广州', '李娜');
    add('gz2', '广州乙', '广州', '王强');
    add('bj', '北京丙', '北京', '李娜', '北京');
    add('sz', '深圳丁', '深圳', '王强');
    add('invalid', '广州无效', '广州', '李娜');
    add('ordered', '广州已订货', '广州', '李娜');
    add('voided', '广州作废', '广州', '王强');
    add('later', '广州后无效', '广州', '王强');
    const visit = (key: string, date: string, ...more: string[]): void => {
      ok(['log-visit', codes[key]!, '--date', date, '--summary', `${key} ${date}`, ...more], db);
    };
    // gz1: one contact the week before, two in the week; the last gives no stage, so the stage is the earlier one's.
    visit('gz1', '2026-11-10T09:00', '--method', 'phone', '--by', '李娜');
    visit('gz1', '2026-11-17T10:00', '--method', 'phone', '--by', '李娜', '--stage', '2', '--next-step', '寄样品', '--next-date', '2026-11-19');
    visit('gz1', '2026-11-19T15:30', '--method', 'onsite', '--by', '李娜', '--contact', '王经理', '--key-point', '关注价格', '--next-step', '报价', '--next-date', '2026-11-26');
    visit('gz2', '2026-11-18T11:00', '--method', 'wechat', '--by', '王强', '--stage', '3');
    visit('bj', '2026-11-20T14:00', '--method', 'phone', '--by', '张敏');
    // Out: contacted only the week before.
    visit('sz', '2026-11-12T10:00', '--method', 'phone', '--by', '王强');
    // Out: invalid by the end of the day of its last contact.
    visit('invalid', '2026-11-18T10:00', '--method', 'phone', '--by', '李娜');
    ok(['set-status', codes.invalid!, 'd', '--reason-category', 'no-need', '--reason', '无需求', '--date', '2026-11-18'], db);
    // Out: its first order came before its last contact of the week.
    visit('ordered', '2026-11-16T10:00', '--method', 'phone', '--by', '李娜');
    ok(['log-order', codes.ordered!, '--amount', '5000', '--date', '2026-11-18'], db);
    visit('ordered', '2026-11-20T10:00', '--method', 'onsite', '--by', '李娜');
    // Out: its only contact of the week was voided.
    visit('voided', '2026-11-17T10:00', '--method', 'phone', '--by', '王强');
    ok(['void', 'visit', codes.voided!, '1', '--reason', '记错客户'], db);
    // In: potential on the day of its last contact; it was found invalid the day after.
    visit('later', '2026-11-21T10:00', '--method', 'email', '--by', '王强');
    ok(['set-status', codes.later!, 'd', '--reason-category', 'not-qualified', '--reason', '不符合', '--date', '2026-11-22'], db);
  });

  it('lists exactly the valid potential customers contacted in the week, by region then owner then code', () => {
    const r = JSON.parse(ok(['report', 'follow-up', '--week', '2026-W47', '--json'], db)) as FollowUpJson;
    expect(r).toMatchObject({ week: '2026-W47', start_date: '2026-11-16', end_date: '2026-11-22', as_of: '2026-11-23', owner: null, total: 4 });
    // 京 before 粤 (GB/T 2260 order); in 广州, 李娜 before 王强; 王强's two by code.
    expect(r.customers.map((c) => c.code)).toEqual([codes.bj, codes.gz1, codes.gz2, codes.later]);
    expect(r.by_region).toEqual([
      { region: '京BJ', province: '京', province_name: '北京', city: '北京市', count: 1 },
      { region: '粤GZ', province: '粤', province_name: '广东', city: '广州市', count: 3 },
    ]);
    expect(r.by_owner).toEqual([{ owner: '李娜', count: 2 }, { owner: '王强', count: 2 }]);
    expect(r.customers[1]).toEqual({
      code: codes.gz1,
      name: '广州甲',
      region: '粤GZ',
      province: '粤',
      province_name: '广东',
      city: '广州市',
      owner: '李娜',
      contacts: 2,
      last_contact_seq: 3,
      last_contact_at: '2026-11-19T15:30',
      last_contact_method: 'onsite',
      last_contact_handler: '李娜',
      last_contact_person: '王经理',
      last_contact_summary: 'gz1 2026-11-19T15:30',
      last_contact_key_point: '关注价格',
      stage: 2,
      next_step: '报价',
      next_date: '2026-11-26',
    });
    expect(r.customers[2]).toMatchObject({ code: codes.gz2, contacts: 1, last_contact_method: 'wechat', stage: 3, next_step: null, next_date: null });
  });

  it('--owner keeps one owner’s customers; an unknown owner is refused', () => {
    const r = JSON.parse(ok(['report', 'follow-up', '--week', '2026-W47', '--owner', '李娜', '--json'], db)) as FollowUpJson;
    expect(r.owner).toBe('李娜');
    expect(r.customers.map((c) => c.code)).toEqual([codes.bj, codes.gz1]);
    expect(r.by_owner).toEqual([{ owner: '李娜', count: 2 }]);
    const bad = kehu(['report', 'follow-up', '--week', '2026-W47', '--owner', '无名'], { db });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('无名');
    expect(bad.stdout).toBe('');
  });

  it('--as-of cuts a week short: contacts after it do not count, and the status is that of the last one before it', () => {
    const r = JSON.parse(ok(['report', 'follow-up', '--week', '2026-W47', '--as-of', '2026-11-19', '--json'], db)) as FollowUpJson;
    expect(r).toMatchObject({ start_date: '2026-11-16', end_date: '2026-11-19', as_of: '2026-11-19' });
    // bj (11-20) and later (11-21) are not contacted yet; ordered was potential on 11-16, its last contact so far.
    expect(r.customers.map((c) => [c.code, c.contacts, c.last_contact_seq])).toEqual([
      [codes.gz1, 2, 3],
      [codes.ordered, 1, 1],
      [codes.gz2, 1, 1],
    ]);
  });

  it('defaults to the week of today, and says when nobody was contacted', () => {
    const r = kehu(['report', 'follow-up'], { db });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('客户跟进单 2026-W48\n2026-11-23 — 2026-11-23，有效潜在客户 0 个\n本周没有联系过的有效潜在客户。\n');
  });

  it('table: group headers by region and owner, each customer’s fields on lines that fit 80 columns', () => {
    const out = ok(['report', 'follow-up', '--week', '2026-W47'], db);
    expect(out).toContain('客户跟进单 2026-W47\n2026-11-16 — 2026-11-22，有效潜在客户 4 个\n');
    const lines = out.split('\n');
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    const at = (s: string): number => lines.findIndex((l) => l === s);
    expect(at('北京 北京市 (京BJ)')).toBeGreaterThan(0);
    expect(at('广东 广州市 (粤GZ)')).toBeGreaterThan(at('北京 北京市 (京BJ)'));
    const gz = at('广东 广州市 (粤GZ)');
    expect(lines.slice(gz + 1, gz + 10)).toEqual([
      '  负责人：李娜',
      `    ${codes.gz1} 广州甲  本周联系 2 次`,
      '      最后联系：2026-11-19 15:30 上门 李娜（联系人 王经理）（第 3 次）',
      '      具体情况：gz1 2026-11-19T15:30',
      '      关键点：关注价格',
      '      开发阶段：2 样品提供/信息收集',
      '      下一步：报价',
      '      下次联系：2026-11-26',
      '  负责人：王强',
    ]);
    const en = ok(['report', 'follow-up', '--week', '2026-W47', '--lang', 'en'], db);
    expect(en).toContain('2026-11-16 — 2026-11-22: 4 valid potential customers\n');
    expect(en).toContain('      Last contact: 2026-11-19 15:30 onsite 李娜 (with 王经理) (#3)\n');
  });

  it('csv: one flat row per customer with the documented keys', () => {
    const csv = ok(['report', 'follow-up', '--week', '2026-W47', '--format', 'csv'], db).trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'code,name,region,province,province_name,city,owner,contacts,last_contact_seq,last_contact_at,last_contact_method,last_contact_handler,last_contact_person,last_contact_summary,last_contact_key_point,stage,next_step,next_date',
    );
    expect(csv).toHaveLength(5);
    expect(csv[2]).toBe(`${codes.gz1},广州甲,粤GZ,粤,广东,广州市,李娜,2,3,2026-11-19T15:30,onsite,李娜,王经理,gz1 2026-11-19T15:30,关注价格,2,报价,2026-11-26`);
  });

  it('md: summary tables, then a section per region and owner', () => {
    const md = ok(['report', 'follow-up', '--week', '2026-W47', '--format', 'md'], db);
    expect(md.startsWith('## 客户跟进单 2026-W47\n')).toBe(true);
    expect(md).toContain('| 地区 | 客户数 |\n| --- | --- |\n| 北京 北京市 (京BJ) | 1 |\n| 广东 广州市 (粤GZ) | 3 |\n');
    expect(md).toContain('| 负责人 | 客户数 |\n| --- | --- |\n| 李娜 | 2 |\n| 王强 | 2 |\n');
    const sections = md.split('\n').filter((l) => l.startsWith('### ') || l.startsWith('#### '));
    expect(sections).toEqual(['### 按地区', '### 按负责人', '### 北京 北京市 (京BJ)', '#### 负责人：李娜', '### 广东 广州市 (粤GZ)', '#### 负责人：李娜', '#### 负责人：王强']);
    expect(md).toContain(`| ${codes.gz1} | 广州甲 | 2 | 2026-11-19 15:30 上门 李娜 | gz1 2026-11-19T15:30 | 关注价格 | 2 样品提供/信息收集 | 报价 | 2026-11-26 |`);
  });

  it('--out writes the file named by the week, in the format of its extension', () => {
    const dir = tempDir();
    const r = kehu(['report', 'follow-up', '--week', '2026-W47', '--out', path.join(dir, '跟进单-{week}.csv')], { db });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const file = path.join(dir, '跟进单-2026-W47.csv');
    expect(fs.readFileSync(file, 'utf8')).toBe(ok(['report', 'follow-up', '--week', '2026-W47', '--format', 'csv'], db));
    const json = path.join(dir, 'w.json');
    expect(kehu(['report', 'follow-up', '--week', '2026-W47', '--out', json], { db }).status).toBe(0);
    expect((JSON.parse(fs.readFileSync(json, 'utf8')) as FollowUpJson).total).toBe(4);
  });

  it('refuses a bad or future --week with exit 2, a message naming it, nothing written', () => {
    const before = dumpChecksum(db);
    const dir = tempDir();
    for (const [week, hint] of [['2026-W60', /YYYY-Www/], ['2026-47', /YYYY-Www/], ['2026-W49', /2026-W48/]] as const) {
      const r = kehu(['report', 'follow-up', '--week', week, '--out', path.join(dir, 'x-{week}.md')], { db });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--week 的值“${week}”无效`);
      expect(r.stderr).toMatch(hint);
      expect(r.stdout).toBe('');
    }
    const future = kehu(['report', 'follow-up', '--as-of', '2026-12-01'], { db });
    expect(future.status).toBe(2);
    expect(future.stderr).toContain('--as-of');
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(dumpChecksum(db)).toBe(before);
  });

  it('has --help with a description and examples', () => {
    const r = kehu(['report', 'follow-up', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('客户跟进单');
    expect(r.stdout).toContain('示例：');
    expect(r.stdout).toContain('--week');
    expect(r.stdout).toContain('--out');
  });
});

interface CatalogueJson {
  month: string;
  date: string;
  as_of: string;
  total: number;
  counts: { category: string; count: number }[];
  customers: { category: string; code: string; name: string; grade: string; status: string; province: string; city: string; type: string | null; owner: string | null; phone: string | null; contact: string | null; contact_phone: string | null }[];
}

describe('report catalogue (客户检索目录)', () => {
  const db = tempDbPath();
  const c: Record<string, string> = {};
  beforeAll(() => {
    for (const [name, role] of [['张敏', 'assistant'], ['李娜', 'business-manager'], ['王总', 'general-manager'], ['刘洋', 'sales-manager'], ['孙伟', 'market-manager']]) ok(['user', 'add', name!, '--role', role!], db);
    const add = (key: string, name: string, province: string, city: string, ...more: string[]): void => {
      c[key] = customer(db, name, '--province', province, '--city', city, '--date', '2026-09-01', ...more);
    };
    add('dealer', '广州经销', '广东', '广州', '--status', 'a', '--type', 'dealer', '--owner', '李娜', '--phone', '020-88886666', '--contact', '陈总');
    add('vip', '福州VIP', '福建', '福州', '--grade', 'A', '--status', 'a', '--as', '王总');
    // Two contacts: the decision maker, entered second, is the one the catalogue shows; a mobile is never shown.
    ok(['contact', 'add', c.vip!, '李秘书', '--phone', '0591-1111', '--mobile', '13800000001'], db);
    ok(['contact', 'add', c.vip!, '张董', '--phone', '0591-2222', '--mobile', '13800000002', '--decision-maker'], db);
    add('pvip', '福州潜VIP', '福建', '福州', '--grade', 'A');
    add('key', '北京重点', '北京', '北京', '--grade', 'B', '--status', 'a', '--type', 'direct');
    add('pkey', '广州潜重点', '广东', '广州', '--grade', 'B');
    add('gen2', '广州一般二', '广东', '广州');
    add('moved', '广州迁址', '广东', '广州');
    add('genbj', '北京一般', '北京', '北京', '--type', 'oem');
    add('image', '深圳形象', '广东', '深圳', '--grade', 'X');
    add('lost', '广州流失', '广东', '广州', '--status', 'c', '--grade', 'B');
    add('invalid', '广州无效', '广东', '广州', '--status', 'd');
    // After October: pkey is reviewed down to C, moved gets a place in 深圳, a customer is entered.
    ok(['review-grade', c.pkey!, '--score', '50', '--month', '2026-11', '--date', '2026-11-10'], db);
    ok(['edit', c.moved!, '--city', '深圳', '--date', '2026-11-15'], db);
    c.november = customer(db, '广州新客户', '--province', '广东', '--city', '广州', '--date', '2026-11-05');
  });

  it('lists October in category → region → code order, with the month’s grades and codes and exact counts', () => {
    const r = JSON.parse(ok(['report', 'catalogue', '--month', '2026-10', '--json'], db)) as CatalogueJson;
    expect(r).toMatchObject({ month: '2026-10', date: '2026-10-31', as_of: '2026-11-23', total: 11 });
    expect(r.counts).toEqual([
      { category: 'dealer', count: 1 },
      { category: 'formal-vip', count: 1 },
      { category: 'potential-vip', count: 1 },
      { category: 'formal-key', count: 1 },
      { category: 'potential-key', count: 1 },
      { category: 'general', count: 3 },
      { category: 'image', count: 1 },
      { category: 'lost', count: 1 },
      { category: 'invalid', count: 1 },
    ]);
    expect(r.customers.map((x) => [x.category, x.code])).toEqual([
      ['dealer', 'Ca-粤GZ0001'],
      ['formal-vip', 'Aa-闽FZ0001'],
      ['potential-vip', 'Ab-闽FZ0002'],
      ['formal-key', 'Ba-京BJ0001'],
      // Reviewed down to C in November: still 潜在重点 in October, under its October code.
      ['potential-key', 'Bb-粤GZ0002'],
      // 京 before 粤; in 粤GZ by serial; the moved customer (粤GZ0004, 粤SZ0002 from November) under its October code.
      ['general', 'Cb-京BJ0002'],
      ['general', 'Cb-粤GZ0003'],
      ['general', 'Cb-粤GZ0004'],
      ['image', 'Xb-粤SZ0001'],
      ['lost', 'Bc-粤GZ0005'],
      ['invalid', 'Cd-粤GZ0006'],
    ]);
    expect(r.customers[0]).toEqual({
      category: 'dealer',
      code: 'Ca-粤GZ0001',
      name: '广州经销',
      grade: 'C',
      status: 'a',
      province: '粤',
      province_name: '广东',
      city: '广州市',
      type: 'dealer',
      owner: '李娜',
      phone: '020-88886666',
      contact: '陈总',
      contact_phone: null,
    });
    expect(r.customers.map((x) => x.name)).not.toContain('广州新客户');
    expect(r.customers[1]).toMatchObject({ code: 'Aa-闽FZ0001', contact: '张董', contact_phone: '0591-2222', phone: null });
    expect(JSON.stringify(r)).not.toContain('1380000000');
  });

  it('November (the running month) stands on today: the new grade, the new code, the new customer', () => {
    const r = JSON.parse(ok(['report', 'catalogue', '--json'], db)) as CatalogueJson;
    expect(r).toMatchObject({ month: '2026-11', date: '2026-11-23', total: 12 });
    expect(r.counts.find((x) => x.category === 'potential-key')!.count).toBe(0);
    expect(r.counts.find((x) => x.category === 'general')!.count).toBe(5);
    expect(r.customers.filter((x) => x.category === 'general').map((x) => x.code)).toEqual(['Cb-京BJ0002', 'Cb-粤GZ0002', 'Cb-粤GZ0003', 'Cb-粤GZ0007', 'Cb-粤SZ0002']);
    expect(c.november).toBe('Cb-粤GZ0007');
  });

  it('a past month does not change when later events are recorded', () => {
    const before = ok(['report', 'catalogue', '--month', '2026-10', '--format', 'csv'], db);
    const past = ok(['report', 'catalogue', '--month', '2026-10', '--as-of', '2026-11-01', '--format', 'csv'], db);
    expect(past).toBe(before);
  });

  it('table: the counts first (with the whole file), then a table per category', () => {
    const out = ok(['report', 'catalogue', '--month', '2026-10'], db);
    expect(out.startsWith('客户检索目录 2026-10\n截至 2026-10-31，客户总档 11 个\n')).toBe(true);
    expect(out).toMatch(/│ 客户总档 +│ 11 +│/);
    expect(out).toMatch(/│ 一般客户档案 +│ 3 +│/);
    const heads = out.split('\n').filter((l) => /^[^│┌└].*（\d+）$/.test(l));
    expect(heads).toEqual(['合作商档案（1）', '正式VIP客户档案（1）', '潜在VIP客户档案（1）', '正式重点客户档案（1）', '潜在重点客户档案（1）', '一般客户档案（3）', '形象客户档案（1）', '流失客户档案（1）', '无效客户（仅在客户总档）（1）']);
    expect(out).toMatch(/│ Ca-粤GZ0001 │ 广州经销 +│ 广东 广州市 │ 经销商\/代理商 │ 李娜 +│ 陈总 +│\n│ +│ +│ +│ +│ +│ 020-88886666 │/);
    const en = ok(['report', 'catalogue', '--month', '2026-10', '--lang', 'en'], db);
    expect(en).toContain('As of 2026-10-31: 11 customers in the whole file\n');
    expect(en).toContain('Dealers and agents (1)');
  });

  it('csv: one row per customer with its category key and name', () => {
    const csv = ok(['report', 'catalogue', '--month', '2026-10', '--format', 'csv'], db).trimEnd().split('\r\n');
    expect(csv[0]).toBe('category,category_name,code,name,grade,status,province,province_name,city,type,owner,phone,contact,contact_phone');
    expect(csv).toHaveLength(12);
    expect(csv[1]).toBe('dealer,合作商档案,Ca-粤GZ0001,广州经销,C,a,粤,广东,广州市,dealer,李娜,020-88886666,陈总,');
    expect(csv[11]).toBe('invalid,无效客户（仅在客户总档）,Cd-粤GZ0006,广州无效,C,d,粤,广东,广州市,,,,,');
  });

  it('md: a counts table, then a section per category that has customers', () => {
    const md = ok(['report', 'catalogue', '--month', '2026-10', '--format', 'md'], db);
    expect(md.startsWith('## 客户检索目录 2026-10\n\n截至 2026-10-31，客户总档 11 个\n\n| 类别 | 客户数 |\n| --- | --- |\n| 客户总档 | 11 |\n| 合作商档案 | 1 |\n')).toBe(true);
    expect(md.split('\n').filter((l) => l.startsWith('### '))).toHaveLength(9);
    expect(md).toContain('| Ca-粤GZ0001 | 广州经销 | 广东 广州市 | 经销商/代理商 | 李娜 | 陈总 020-88886666 |');
  });

  it('--out writes the file named by the month', () => {
    const dir = tempDir();
    const r = kehu(['report', 'catalogue', '--month', '2026-10', '--out', path.join(dir, '目录-{month}.md')], { db });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(path.join(dir, '目录-2026-10.md'), 'utf8')).toBe(ok(['report', 'catalogue', '--month', '2026-10', '--format', 'md'], db));
  });

  it('refuses a bad or future --month with exit 2, a message naming it, nothing written', () => {
    const before = dumpChecksum(db);
    const dir = tempDir();
    for (const [month, hint] of [['2026-13', /YYYY-MM/], ['10/2026', /YYYY-MM/], ['2026-12', /2026-11/]] as const) {
      const r = kehu(['report', 'catalogue', '--month', month, '--out', path.join(dir, 'x-{month}.csv')], { db });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--month 的值“${month}”无效`);
      expect(r.stderr).toMatch(hint);
      expect(r.stdout).toBe('');
    }
    const json = kehu(['report', 'catalogue', '--month', '2026-13', '--json'], { db });
    expect(JSON.parse(json.stderr)).toMatchObject({ error: 'invalid_value', exit_code: 2 });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(dumpChecksum(db)).toBe(before);
  });

  it('has --help with a description and examples', () => {
    const r = kehu(['report', 'catalogue', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('客户检索目录');
    expect(r.stdout).toContain('示例：');
    expect(r.stdout).toContain('--month');
  });
});
