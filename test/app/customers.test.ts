import { afterEach, describe, expect, it } from 'vitest';
import { addCustomer } from '../../src/app/addCustomer.js';
import { findCustomer } from '../../src/app/customers.js';
import { listCustomers } from '../../src/app/listCustomers.js';
import { showCustomer } from '../../src/app/showCustomer.js';
import { addUser, listUsers } from '../../src/app/users.js';
import { logOrder } from '../../src/app/logOrder.js';
import { dumpChecksum, query, refused, testContext } from '../helpers.js';

let ctx: ReturnType<typeof testContext>;
afterEach(() => ctx?.db.close());

describe('addCustomer', () => {
  it('codes a new Guangzhou customer Cb-粤GZ0001 and the next one 0002', () => {
    ctx = testContext();
    const a = addCustomer(ctx, { name: '广州市天河电子有限公司', province: '广东', city: '广州' });
    expect(a.customer.code).toBe('Cb-粤GZ0001');
    expect(a.customer).toMatchObject({ grade: 'C', status: 'b', province: '粤', city: '广州市', city_code: 'GZ', serial: 1, created_on: '2026-11-23', created_by: '张敏' });
    const b = addCustomer(ctx, { name: '广州番禺五金厂', province: '粤', city: '番禺' });
    expect(b.customer.code).toBe('Cb-粤GZ0002');
    expect(b.customer.district).toBe('番禺区');
  });

  it('keeps the grade and status letters and writes the first status history row', () => {
    ctx = testContext();
    addUser(ctx, '孙伟', ['general-manager']);
    // A formal VIP entered by the general manager: the entry is the confirmation.
    const r = addCustomer({ ...ctx, operator: '孙伟' }, { name: '厦门VIP', province: '福建', city: '厦门', grade: 'A', status: 'a', date: '2026-09-05' });
    expect(r.customer.code).toBe('Aa-闽XM0001');
    expect(r.vip_unconfirmed).toBe(false);
    expect(r.customer.cooperating_since).toBe('2026-09-05');
    const show = showCustomer(ctx, 'Aa-闽XM0001');
    expect(show.status_history).toEqual([{ from_status: null, to_status: 'a', date: '2026-09-05', cause: 'created', operator: '孙伟', reason_category: null, reason: null }]);
    expect(show.code_history).toEqual([{ code: 'Aa-闽XM0001', valid_from: '2026-09-05', valid_to: null }]);
  });

  it('a formal VIP entered by anyone else is a key customer until the general manager confirms it (SPEC 2.3)', () => {
    ctx = testContext();
    const r = addCustomer(ctx, { name: '厦门VIP', province: '福建', city: '厦门', grade: 'A', status: 'a', date: '2026-09-05' });
    expect(r).toMatchObject({ vip_unconfirmed: true, customer: { code: 'Ba-闽XM0001', grade: 'B' } });
    expect(showCustomer(ctx, 'Ba-闽XM0001').grade_history).toEqual([
      { date: '2026-09-05', from_grade: 'A', to_grade: 'B', cause: 'vip_unconfirmed', operator: 'kehu', application_id: null, reason: null },
    ]);
    // A potential VIP is A without the general manager.
    expect(addCustomer(ctx, { name: '潜在VIP', province: '福建', city: '厦门', grade: 'A' }).customer.code).toBe('Ab-闽XM0002');
  });

  it('a customer entered as cooperating or lost keeps when it began and when it was lost', () => {
    ctx = testContext();
    const lost = addCustomer(ctx, { name: '老客户', province: '福建', city: '厦门', status: 'c', cooperatingSince: '2025-09-01', lostDate: '2025-12-25', date: '2026-01-10' });
    expect(lost.customer).toMatchObject({ code: 'Cc-闽XM0001', cooperating_since: '2025-09-01', lost_date: '2025-12-25', created_on: '2026-01-10' });
    expect(showCustomer(ctx, '闽XM0001').status_history.map((h) => [h.date, h.from_status, h.to_status, h.cause])).toEqual([
      ['2025-09-01', null, 'a', 'created'],
      ['2025-12-25', 'a', 'c', 'opening'],
    ]);
    refused(() => addCustomer(ctx, { name: '丙', province: '福建', city: '厦门', status: 'b', lostDate: '2025-12-25' }), 'invalid_value');
    refused(() => addCustomer(ctx, { name: '丙', province: '福建', city: '厦门', status: 'c', cooperatingSince: '2025-12-25', lostDate: '2025-12-01' }), 'invalid_value');
  });

  it('resolves a county to its prefecture and keeps the district (乐清 → 浙WZ, 都江堰 → 川CD, 单县 → 鲁HZ)', () => {
    ctx = testContext();
    expect(addCustomer(ctx, { name: '甲', province: '浙江', city: '乐清' }).customer).toMatchObject({ code: 'Cb-浙WZ0001', city: '温州市', district: '乐清市' });
    expect(addCustomer(ctx, { name: '乙', province: '四川', city: '都江堰' }).customer).toMatchObject({ code: 'Cb-川CD0001', district: '都江堰市' });
    expect(addCustomer(ctx, { name: '丙', province: '山东', city: '单县' }).customer).toMatchObject({ code: 'Cb-鲁HZ0001', city: '菏泽市' });
  });

  it('municipalities use their own initials and keep the district', () => {
    ctx = testContext();
    expect(addCustomer(ctx, { name: '甲', province: '北京', city: '朝阳' }).customer).toMatchObject({ code: 'Cb-京BJ0001', district: '朝阳区' });
    expect(addCustomer(ctx, { name: '乙', province: '重庆' }).customer.code).toBe('Cb-渝CQ0001');
    expect(addCustomer(ctx, { name: '丙', province: '上海市', city: '浦东新区' }).customer.code).toBe('Cb-沪SH0001');
  });

  it('two cities with the same initials share one sequence (滁州, 池州 → 皖CZ)', () => {
    ctx = testContext();
    expect(addCustomer(ctx, { name: '滁州甲', province: '安徽', city: '滁州' }).customer.code).toBe('Cb-皖CZ0001');
    expect(addCustomer(ctx, { name: '池州乙', province: '安徽', city: '池州' }).customer.code).toBe('Cb-皖CZ0002');
  });

  it('never reuses a serial, even after the customer row is deleted', () => {
    ctx = testContext();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州' });
    ctx.db.prepare('DELETE FROM customers').run();
    expect(addCustomer(ctx, { name: '乙', province: '广东', city: '广州' }).customer.code).toBe('Cb-粤GZ0002');
  });

  it('grows to five digits past 9999', () => {
    ctx = testContext();
    ctx.db.prepare("INSERT INTO region_counters(region, last_serial) VALUES ('粤SZ', 9999)").run();
    expect(addCustomer(ctx, { name: '深圳甲', province: '广东', city: '深圳' }).customer.code).toBe('Cb-粤SZ10000');
  });

  it('foreign customers: ISO country + region abbreviation', () => {
    ctx = testContext();
    expect(addCustomer(ctx, { name: 'Osaka Trading', country: 'jp', city: 'Osaka', cityCode: 'osa' }).customer).toMatchObject({ code: 'Cb-JPOSA0001', country: 'JP', province: null });
    refused(() => addCustomer(ctx, { name: 'X', country: 'XX', cityCode: 'ABC' }), 'invalid_value');
    refused(() => addCustomer(ctx, { name: 'Y', country: 'DE' }), 'missing_value');
  });

  it('accepts an unknown place only with explicit initials, and refuses initials that contradict the table', () => {
    ctx = testContext();
    refused(() => addCustomer(ctx, { name: '甲', province: '广东', city: '新设市' }), 'unknown_place');
    expect(addCustomer(ctx, { name: '甲', province: '广东', city: '新设市', cityCode: 'xs' }).customer).toMatchObject({ code: 'Cb-粤XS0001', city: '新设市' });
    const e = refused(() => addCustomer(ctx, { name: '乙', province: '广东', city: '广州', cityCode: 'GU' }), 'invalid_value');
    expect(e.params.allowed).toEqual(['GZ']);
  });

  it('stores every archive field and contacts', () => {
    ctx = testContext();
    addUser(ctx, '李强', ['business-manager']);
    const r = addCustomer(ctx, {
      name: '乐清正泰配套厂', province: '浙', city: '乐清', grade: 'B', status: 'b', type: '配套客户', source: '展览会', owner: '李强', stage: '2',
      address: '乐清市柳市镇', postcode: '325604', phone: '0577-61234567', fax: '0577-61234568', website: 'www.example.cn', email: 'info@example.cn',
      legalRep: '南存辉', registeredCapital: '500万', industry: '低压电器', nature: '民营', creditRating: 'AA', supplierStructure: '三家供应商',
      mainProducts: '断路器', yearsInBusiness: '12', notes: '展会认识',
      contacts: [
        { name: '王伟', title: '采购经理', mobile: '138 0013 8000', decisionMaker: true, birthday: '1980-05-06', email: 'ww@example.cn' },
        { name: '李娜', phone: '0577-61234569' },
      ],
    });
    expect(r.customer).toMatchObject({ code: 'Bb-浙WZ0001', type: 'oem', source: 'exhibition', owner: '李强', stage: 2, years_in_business: 12, postcode: '325604', legal_rep: '南存辉' });
    const none = { wechat: null, insider: false, insider_stage: null, native_place: null, age: null, interests: null, years_at_company: null, authority: null, personality: null, working_style: null, family: null };
    expect(r.contacts).toEqual([
      { id: 1, name: '王伟', title: '采购经理', mobile: '13800138000', phone: null, email: 'ww@example.cn', decision_maker: true, birthday: '1980-05-06', notes: null, ...none },
      { id: 2, name: '李娜', title: null, mobile: null, phone: '0577-61234569', email: null, decision_maker: false, birthday: null, notes: null, ...none },
    ]);
  });

  it('every refusal leaves the database unchanged', () => {
    ctx = testContext();
    addCustomer(ctx, { name: '广州市天河电子（集团）有限公司', province: '广东', city: '广州' });
    const before = dumpChecksum(ctx.file);
    const cases: [Parameters<typeof addCustomer>[1], string][] = [
      [{ name: '广州市天河电子(集团) 有限公司', province: '广东', city: '广州' }, 'duplicate_customer'],
      [{ name: '新', province: '广东省会', city: '广州' }, 'unknown_province'],
      [{ name: '新', province: '广东', city: '杭州' }, 'unknown_place'],
      [{ name: '新', province: '广东', city: '广州', grade: 'Z' }, 'invalid_value'],
      [{ name: '新', province: '广东', city: '广州', status: 'e' }, 'invalid_value'],
      [{ name: '新', province: '广东', city: '广州', type: 'retail' }, 'invalid_value'],
      [{ name: '新', province: '广东', city: '广州', owner: '无名氏' }, 'unknown_user'],
      [{ name: '新', province: '广东', city: '广州', date: '2026-02-30' }, 'invalid_value'],
      [{ name: '新', province: '广东', city: '广州', date: '2027-01-01' }, 'invalid_value'],
      [{ name: '新', province: '广东', city: '广州', postcode: '12345' }, 'invalid_value'],
      [{ name: '新', province: '广东', city: '广州', contacts: [{ name: '王', mobile: '123' }] }, 'invalid_value'],
      [{ name: '新', province: '广东', city: '广州', stage: '6' }, 'invalid_value'],
      [{ name: '', province: '广东', city: '广州' }, 'missing_value'],
      [{ name: '长'.repeat(10_000), province: '广东', city: '广州' }, 'invalid_value'],
      [{ name: '新' }, 'missing_value'],
    ];
    for (const [input, key] of cases) refused(() => addCustomer(ctx, input), key);
    expect(dumpChecksum(ctx.file)).toBe(before);
  });

  it('suggests the other province when the city is elsewhere', () => {
    ctx = testContext();
    const e = refused(() => addCustomer(ctx, { name: '新', province: '广东', city: '乐清' }), 'unknown_place');
    expect(String((e.params.suggestions as string[])[0])).toContain('浙江');
  });

  it('stores SQL-looking text verbatim', () => {
    ctx = testContext();
    const name = "Robert'); DROP TABLE customers;--";
    expect(addCustomer(ctx, { name, province: '广东', city: '广州' }).customer.name).toBe(name);
    expect(query(ctx.file, 'SELECT count(*) AS n FROM customers')[0]).toEqual({ n: 1 });
  });
});

describe('findCustomer', () => {
  it('finds by full code, any case and spacing, stable part, and former codes', () => {
    ctx = testContext();
    addCustomer(ctx, { name: '甲', province: '广东', city: '广州', date: '2026-01-01' });
    const id = findCustomer(ctx, 'Cb-粤GZ0001').id;
    for (const form of ['cb-粤gz0001', 'C b -粤GZ 0001', '粤GZ0001', '粤gz 0001', 'Ｃｂ－粤ＧＺ０００１']) expect(findCustomer(ctx, form).id).toBe(id);
    logOrder(ctx, { code: '粤GZ0001', amount: '100', date: '2026-03-01' });
    logOrder(ctx, { code: '粤GZ0001', amount: '100', date: '2026-08-01' });
    expect(findCustomer(ctx, 'Ca-粤GZ0001').id).toBe(id);
    expect(findCustomer(ctx, 'Cb-粤GZ0001').id).toBe(id); // former code
    expect(showCustomer(ctx, '粤GZ0001').code_history).toEqual([
      { code: 'Cb-粤GZ0001', valid_from: '2026-01-01', valid_to: '2026-03-01' },
      { code: 'Ca-粤GZ0001', valid_from: '2026-03-01', valid_to: null },
    ]);
    refused(() => findCustomer(ctx, 'Aa-粤GZ0001'), 'customer_not_found'); // never its code
    refused(() => findCustomer(ctx, '粤GZ0002'), 'customer_not_found');
    refused(() => findCustomer(ctx, 'hello'), 'invalid_code');
  });
});

describe('listCustomers', () => {
  it('filters by grade, status, province, city, owner, stage and sorts', () => {
    ctx = testContext();
    addUser(ctx, '李强', ['business-manager']);
    addUser(ctx, '孙伟', ['general-manager']);
    addCustomer({ ...ctx, operator: '孙伟' }, { name: '广州甲', province: '广东', city: '广州', grade: 'A', status: 'a', owner: '李强', date: '2026-01-02' });
    for (const date of ['2026-06-01', '2026-11-01']) logOrder(ctx, { code: '粤GZ0001', amount: '100', date });
    addCustomer(ctx, { name: '深圳乙', province: '广东', city: '深圳', grade: 'B', stage: '3', date: '2026-01-01' });
    addCustomer(ctx, { name: '乐清丙', province: '浙江', city: '乐清', date: '2026-01-03' });
    addCustomer(ctx, { name: '温州丁', province: '浙江', city: '温州', date: '2026-01-04' });
    const codes = (input: Parameters<typeof listCustomers>[1]): string[] => listCustomers(ctx, input).map((c) => c.code);
    expect(codes({})).toEqual(['Cb-浙WZ0001', 'Cb-浙WZ0002', 'Aa-粤GZ0001', 'Bb-粤SZ0001']); // by region part, then serial
    expect(codes({ grade: 'A' })).toEqual(['Aa-粤GZ0001']);
    expect(codes({ status: 'b', province: '粤' })).toEqual(['Bb-粤SZ0001']);
    expect(codes({ province: '浙江', city: '温州' })).toEqual(['Cb-浙WZ0001', 'Cb-浙WZ0002']);
    expect(codes({ province: '浙江', city: '乐清' })).toEqual(['Cb-浙WZ0001']);
    expect(codes({ owner: '李强' })).toEqual(['Aa-粤GZ0001']);
    expect(codes({ stage: '3' })).toEqual(['Bb-粤SZ0001']);
    expect(codes({ sort: 'created', desc: true, limit: '2' })).toEqual(['Cb-浙WZ0002', 'Cb-浙WZ0001']);
    expect(codes({ name: '乐清' })).toEqual(['Cb-浙WZ0001']);
    refused(() => listCustomers(ctx, { sort: 'name; DROP TABLE customers' }), 'invalid_value');
    refused(() => listCustomers(ctx, { city: '广州' }), 'missing_value');
  });
});

describe('users', () => {
  it('adds users with roles and lists them, refusing duplicates and unknown roles', () => {
    ctx = testContext();
    addUser(ctx, '刘洋', ['sales-manager']);
    addUser(ctx, '张敏', ['assistant', '技术支持']);
    expect(listUsers(ctx).map((u) => [u.name, u.roles])).toEqual([
      ['刘洋', ['sales-manager']],
      ['张敏', ['assistant', 'tech-support']],
    ]);
    expect(listUsers(ctx, 'sales-manager').map((u) => u.name)).toEqual(['刘洋']);
    refused(() => addUser(ctx, '刘洋', ['assistant']), 'duplicate_user');
    refused(() => addUser(ctx, '赵雪', ['boss']), 'invalid_value');
    refused(() => addUser(ctx, '赵雪', []), 'missing_value');
  });
});
