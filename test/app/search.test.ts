import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCustomer } from '../../src/app/addCustomer.js';
import { logOrder } from '../../src/app/logOrder.js';
import { search, type SearchHit, searchRequest } from '../../src/app/search.js';
import { refused, testContext } from '../helpers.js';

let ctx: ReturnType<typeof testContext>;
afterEach(() => ctx?.db.close());

/** Six customers whose names, pinyin, contacts, numbers and addresses overlap on purpose. */
beforeEach(() => {
  ctx = testContext();
  addCustomer(ctx, {
    name: '广州天河电子有限公司', province: '广东', city: '广州', date: '2026-01-05', phone: '020-8888 1234', fax: '020-8888 1235', email: 'Sales@TianHe.com', address: '广州市天河区中山大道 1 号',
    contacts: [{ name: '王伟', mobile: '13800138000', email: 'wangwei@tianhe.cn' }, { name: '李娜', phone: '020 3333-4444' }],
  }); // 粤GZ0001
  addCustomer(ctx, { name: '天河贸易有限公司', province: '广东', city: '广州' }); // 粤GZ0002
  addCustomer(ctx, { name: '深圳天河科技有限公司', province: '广东', city: '深圳' }); // 粤SZ0001
  addCustomer(ctx, { name: '长沙重工机械有限公司', province: '湖南', city: '长沙', contacts: [{ name: '张天河' }] }); // 湘CS0001
  addCustomer(ctx, { name: '天河', province: '广东', city: '广州' }); // 粤GZ0003
  addCustomer(ctx, { name: '北京某某公司', province: '北京', city: '朝阳区', address: '北京市天河街 8 号' }); // 京BJ0001
});

const find = (text: string, limit?: string): SearchHit[] => search(ctx, searchRequest({ text, limit })).hits;
const brief = (hits: SearchHit[]): string[] => hits.map((h) => `${h.code} ${h.matched_field} ${h.match}`);

describe('kehu search ranks', () => {
  it('exact name, name prefix, name fragment, then a contact, then an address', () => {
    expect(brief(find('天河'))).toEqual([
      'Cb-粤GZ0003 name exact',
      'Cb-粤GZ0002 name prefix',
      'Cb-粤GZ0001 name fragment',
      'Cb-粤SZ0001 name fragment',
      'Cb-湘CS0001 contact fragment',
      'Cb-京BJ0001 address fragment',
    ]);
  });

  it('the exact code, then codes holding the text', () => {
    expect(brief(find('粤GZ0001'))).toEqual(['Cb-粤GZ0001 code exact']);
    expect(brief(find('cb-粤gz0001'))).toEqual(['Cb-粤GZ0001 code exact']);
    expect(brief(find('GZ0001'))).toEqual(['Cb-粤GZ0001 code fragment']);
    expect(brief(find('粤GZ'))).toEqual(['Cb-粤GZ0001 code fragment', 'Cb-粤GZ0002 code fragment', 'Cb-粤GZ0003 code fragment']);
    expect(brief(find('0001'))).toEqual(['Cb-粤GZ0001 code fragment', 'Cb-粤SZ0001 code fragment', 'Cb-湘CS0001 code fragment', 'Cb-京BJ0001 code fragment']);
  });

  it('a former code finds the customer under its current one', () => {
    logOrder(ctx, { code: '粤GZ0001', amount: '100', date: '2026-11-01' });
    expect(find('Cb-粤GZ0001')).toEqual([expect.objectContaining({ code: 'Ca-粤GZ0001', matched_field: 'former_code', matched_value: 'Cb-粤GZ0001', match: 'exact' })]);
    expect(brief(find('Ca-粤GZ0001'))).toEqual(['Ca-粤GZ0001 code exact']);
    // Letters it never had: the stable part still names it.
    expect(brief(find('Xd-粤GZ0001'))).toEqual(['Ca-粤GZ0001 code fragment']);
  });

  it('full pinyin and initials: beginnings before fragments', () => {
    expect(brief(find('gzth'))).toEqual(['Cb-粤GZ0001 initials prefix']);
    expect(find('guangzhoutianhe')).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'pinyin', matched_value: 'guangzhoutianhedianziyouxiangongsi', match: 'prefix' })]);
    expect(brief(find('guang zhou tian he'))).toEqual(['Cb-粤GZ0001 pinyin prefix']);
    expect(brief(find('tianhe'))).toEqual(['Cb-粤GZ0002 pinyin prefix', 'Cb-粤GZ0003 pinyin exact', 'Cb-粤GZ0001 pinyin fragment', 'Cb-粤SZ0001 pinyin fragment']);
    expect(brief(find('th'))).toEqual(['Cb-粤GZ0002 initials prefix', 'Cb-粤GZ0003 initials exact', 'Cb-粤GZ0001 initials fragment', 'Cb-粤SZ0001 initials fragment']);
    // 市 and 区 may be typed or left out, in initials and in full pinyin.
    addCustomer(ctx, { name: '佛山市南海区天河五金厂', province: '广东', city: '佛山' });
    expect(find('fsnhth')).toEqual([expect.objectContaining({ code: 'Cb-粤FS0001', matched_field: 'initials', matched_value: 'fsnhthwjc', match: 'prefix' })]);
    expect(brief(find('fssnhqth'))).toEqual(['Cb-粤FS0001 initials prefix']);
    expect(brief(find('foshannanhai'))).toEqual(['Cb-粤FS0001 pinyin prefix']);
    // 长沙 is changsha, 重工 zhonggong.
    expect(brief(find('changsha'))).toEqual(['Cb-湘CS0001 pinyin prefix']);
    expect(brief(find('cszg'))).toEqual(['Cb-湘CS0001 initials prefix']);
  });

  it('phone, fax and mobile digits whatever the spacing, dashes, brackets or +86', () => {
    for (const q of ['88881234', '020-8888-1234', '(020)88881234', '8888 1234']) expect(find(q), q).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'phone', matched_value: '020-8888 1234' })]);
    expect(find('8888-1235')).toEqual([expect.objectContaining({ matched_field: 'fax', matched_value: '020-8888 1235' })]);
    for (const q of ['13800138000', '+86 138-0013-8000', '0013 8000']) {
      expect(find(q), q).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'contact_mobile', matched_value: '13800138000', contact: '王伟' })]);
    }
    expect(find('33334444')).toEqual([expect.objectContaining({ matched_field: 'contact_phone', contact: '李娜' })]);
    // Fewer than four digits are no phone search.
    expect(find('888')).toEqual([]);
  });

  it('contacts by name, e-mails of customers and contacts, addresses', () => {
    expect(find('王伟')).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'contact', matched_value: '王伟', match: 'exact', contact: '王伟' })]);
    expect(find('sales@tianhe')).toEqual([expect.objectContaining({ matched_field: 'email', matched_value: 'Sales@TianHe.com', match: 'prefix' })]);
    expect(find('wangwei@')).toEqual([expect.objectContaining({ matched_field: 'contact_email', contact: '王伟' })]);
    expect(find('中山大道')).toEqual([expect.objectContaining({ code: 'Cb-粤GZ0001', matched_field: 'address', matched_value: '广州市天河区中山大道 1 号' })]);
  });

  it('one hit per customer, at its best field; the limit, and whether more match', () => {
    const r = search(ctx, searchRequest({ text: '天河', limit: '2' }));
    expect(brief(r.hits)).toEqual(['Cb-粤GZ0003 name exact', 'Cb-粤GZ0002 name prefix']);
    expect(r.more).toBe(true);
    expect(search(ctx, searchRequest({ text: '天河', limit: '6' })).more).toBe(false);
    expect(find('不存在的公司')).toEqual([]);
  });

  it('refuses an empty text, a missing one and a bad limit', () => {
    refused(() => searchRequest({ text: '   ' }), 'invalid_value');
    refused(() => searchRequest({ text: undefined }), 'missing_value');
    refused(() => searchRequest({ text: '天河', limit: '-1' }), 'invalid_value');
    refused(() => searchRequest({ text: '天河', limit: 'all' }), 'invalid_value');
    // 0 is all, as everywhere.
    expect(searchRequest({ text: '天河', limit: '0' }).limit).toBe(Number.POSITIVE_INFINITY);
  });

  it('finds a renamed customer by its new name and pinyin, not the old (the write path stores the new pinyin)', () => {
    ctx.db.exec(`UPDATE customers SET name = '广州珠江电子有限公司', name_key = '广州珠江电子有限公司', name_pinyin = 'guangzhouzhujiangdianziyouxiangongsi', name_initials = 'gzzjdzyxgs' WHERE code = 'Cb-粤GZ0001'`);
    expect(brief(find('珠江'))).toEqual(['Cb-粤GZ0001 name fragment']);
    expect(brief(find('gzzj'))).toEqual(['Cb-粤GZ0001 initials prefix']);
    expect(brief(find('天河电子'))).toEqual([]);
    expect(brief(find('gzth'))).toEqual([]);
  });
});
