// kehu demo: builds a realistic sample database through the same use cases users run.

import { addDays, addMonths, daysBetween } from '../core/dates.js';
import type { Grade, Role, Source, Status } from '../core/enums.js';
import { DomainError } from '../core/errors.js';
import { FACT_TABLE_NAMES, factCounts, factFingerprint } from '../store/archive.js';
import { type Db, emptyDemoDatabase, openDb, openExisting, writeTx } from '../store/db.js';
import { grantLoginRoles } from '../store/users.js';
import { countByGradeStatus, countByProvince, countCustomers, countRows, getMeta, setMeta } from '../store/meta.js';
import { archiveLines, holdings, importArchive } from './archive.js';
import type { AppContext } from './context.js';
import { today } from './context.js';
import { addCustomer } from './addCustomer.js';
import { churnReport, type ChurnReport } from './churn.js';
import type { CustomerView } from './customers.js';
import { demoReviews } from './demoReviews.js';
import { due, type DueEntry } from './due.js';
import { history, type HistoryResult } from './history.js';
import { listCustomers } from './listCustomers.js';
import { logOrder } from './logOrder.js';
import { logVisit } from './logVisit.js';
import { loadRegionIndex } from './regions.js';
import { addSalvagePlan } from './salvage.js';
import { addContact } from './contact.js';
import { type Agenda, agenda } from './today.js';
import { setStatus } from './setStatus.js';
import { showCustomer, type ShowResult } from './showCustomer.js';
import { addUser } from './users.js';

export class DemoRefused extends DomainError {
  /** `holds`: what the file holds that the demo did not write, as `table:holds|added|removed|changed|unverified:N` items. */
  constructor(file: string, holds: string[]) {
    super('demo_refused', `${file} holds data kehu demo did not create: ${holds.join(', ')}`, { file, holds });
  }
}

/** The meta key holding the fingerprint of the facts kehu demo wrote (store/archive.ts factFingerprint). */
const DEMO_FACTS = 'demo_facts';

/**
 * What a file holds that kehu demo did not write (empty: nothing, it may be rebuilt).
 * A demo file is compared with the fingerprint of the facts the demo wrote: a row added, changed or
 * removed in any fact table counts; its derived rows (brought to each new day) do not.
 */
function foreignData(db: Db): string[] {
  const isDemo = getMeta(db, 'demo') !== undefined;
  if (!isDemo) return holdings(factCounts(db));
  const recorded = getMeta(db, DEMO_FACTS);
  // A demo from before fingerprints: nothing proves it holds only the demo's data.
  if (recorded === undefined) return holdings(factCounts(db)).map((h) => h.replace(':holds:', ':unverified:'));
  const then = JSON.parse(recorded) as Partial<ReturnType<typeof factFingerprint>>;
  const now = factFingerprint(db);
  const out: string[] = [];
  for (const t of FACT_TABLE_NAMES) {
    const a = then[t];
    const b = now[t];
    if (a && a.sha256 === b.sha256) continue;
    const was = a?.rows ?? 0;
    out.push(b.rows > was ? `${t}:added:${b.rows - was}` : b.rows < was ? `${t}:removed:${was - b.rows}` : `${t}:changed:${b.rows}`);
  }
  // Roles, serial counters and the audit log change with users, customers and every other record: named only when nothing else changed.
  const main = out.filter((x) => !/^(user_roles|region_counters|audit_log):/.test(x));
  return main.length ? main : out;
}

/** A small seeded generator, so the same day gives the same demo. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_USERS: readonly { name: string; roles: Role[] }[] = [
  { name: '张敏', roles: ['assistant'] },
  { name: '周婷', roles: ['assistant'] },
  { name: '李强', roles: ['business-manager'] },
  { name: '王磊', roles: ['business-manager'] },
  { name: '黄晓东', roles: ['business-manager'] },
  { name: '陈静', roles: ['tech-support'] },
  { name: '刘洋', roles: ['sales-manager'] },
  { name: '赵雪', roles: ['market-manager'] },
  { name: '孙伟', roles: ['general-manager'] },
];
const OWNERS = ['李强', '王磊', '黄晓东', '张敏', '周婷'];

/** Where demo customers are, weighted towards the manufacturing provinces; county-level places show districts. */
const PLACES: readonly [string, string, number][] = [
  ['广东', '广州', 14], ['广东', '深圳', 14], ['广东', '东莞', 9], ['广东', '佛山', 8], ['广东', '顺德', 3], ['广东', '中山', 4],
  ['福建', '厦门', 6], ['福建', '福州', 5], ['福建', '泉州', 4], ['福建', '龙岩', 2], ['浙江', '杭州', 8], ['浙江', '宁波', 6],
  ['浙江', '温州', 4], ['浙江', '乐清', 3], ['浙江', '义乌', 3], ['浙江', '台州', 3], ['浙江', '丽水', 2], ['江苏', '苏州', 8], ['江苏', '昆山', 3],
  ['江苏', '南京', 5], ['江苏', '无锡', 4], ['上海', '浦东新区', 7], ['上海', '闵行', 4], ['北京', '朝阳', 5], ['北京', '海淀', 4],
  ['天津', '滨海新区', 3], ['重庆', '渝北', 3], ['山东', '青岛', 5], ['山东', '济南', 4], ['山东', '单县', 1], ['四川', '成都', 6],
  ['四川', '都江堰', 1], ['四川', '乐山', 2], ['湖南', '长沙', 5], ['湖北', '武汉', 5], ['河南', '郑州', 4], ['安徽', '合肥', 4],
  ['安徽', '六安', 2], ['安徽', '蚌埠', 2], ['安徽', '亳州', 1], ['安徽', '滁州', 1], ['安徽', '池州', 1], ['辽宁', '沈阳', 3],
  ['辽宁', '朝阳', 1], ['吉林', '长春', 2], ['黑龙江', '哈尔滨', 3], ['陕西', '西安', 4], ['海南', '儋州', 1], ['贵州', '黔东南', 1],
  ['广西', '南宁', 2], ['云南', '昆明', 2], ['河北', '石家庄', 3], ['山西', '太原', 2], ['江西', '南昌', 2], ['新疆', '乌鲁木齐', 1],
];

const TRADE = ['华', '新', '宏', '泰', '鑫', '恒', '盛', '达', '隆', '信', '安', '利', '丰', '通', '德', '博', '瑞', '祥', '永', '金', '宇', '创', '凯', '源'];
const LINES = [
  ['电子', '电子科技'], ['电气', '电力设备'], ['五金', '五金制品'], ['通信', '通信工程'], ['石化', '石油化工'], ['建筑', '建筑工程'],
  ['机电', '机电设备'], ['线缆', '电线电缆'], ['照明', '照明电器'], ['自动化', '工业自动化'], ['矿业', '矿山机械'], ['插头', '电器配件'],
];
const SUFFIX = ['有限公司', '股份有限公司', '贸易有限公司', '实业有限公司', '科技有限公司'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建华', '国强', '志刚', '海燕', '晓明', '丽娟'];
const TITLES = ['采购经理', '总经理', '技术部主管', '采购员', '副总经理', '工程部经理', '财务经理', '董事长'];

export interface DemoSummary {
  db: string;
  customers: number;
  users: number;
  by_grade_status: { grade: string; status: string; n: number }[];
  by_province: { province: string; n: number }[];
  visits: number;
  orders: number;
  sample: CustomerView[];
  showcase: ShowResult;
  showcase_history: HistoryResult;
  due: DueEntry[];
  churn: ChurnReport;
  /** The business manager's morning agenda (kehu today --as 李强). */
  today: Agenda;
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

function weighted<T>(rnd: () => number, xs: readonly (readonly [T, number])[]): T {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [x, w] of xs) {
    r -= w;
    if (r < 0) return x;
  }
  return xs[xs.length - 1]![0];
}

const daysBefore = (date: string, days: number): string => addDays(date, -days);
const daysAfter = addDays;

const VISIT_TOPICS = ['介绍新产品', '询问样品反馈', '报价跟进', '了解库存和订货计划', '催收上月货款', '技术问题解答', '中秋礼品问候', '年度合作洽谈', '投诉处理回访', '竞品情况了解'];
const SALVAGE = ['销售经理上门拜访，了解流失原因', '提供季度返点方案', '技术支持上门解决质量问题', '调整交期，优先排产', '总经理出面恢复合作关系'];
const KEY_POINTS = ['预算已批', '对价格敏感', '竞争对手在接触', '下季度有新项目', '决策人换了', '要求缩短交期'];
const HANDLERS: readonly [string, 'phone' | 'onsite'][] = [['李强', 'onsite'], ['王磊', 'onsite'], ['黄晓东', 'phone'], ['张敏', 'phone'], ['周婷', 'phone'], ['陈静', 'phone'], ['刘洋', 'onsite'], ['赵雪', 'onsite']];

/**
 * Gives one demo customer 18 months of life through the real use cases, in date order: visits,
 * a first order (b → a), repeat orders, and for the lost ones the orders stop (and some are
 * declared lost with a reason); invalid ones are disqualified with a reason.
 */
function simulate(ctx: AppContext, rnd: () => number, code: string, target: Status, grade: Grade, created: string, day: string): void {
  type Event = { date: string; run: () => void };
  const events: Event[] = [];
  const start = created > daysBefore(day, 540) ? created : daysBefore(day, 540);
  const span = Math.max(1, daysBetween(start, day));
  const visitCount = { A: 16, B: 9, C: 4, X: 3 }[grade] + Math.floor(rnd() * 4);
  let stage = 1;
  for (let i = 0; i < visitCount; i++) {
    const date = daysAfter(start, Math.floor(rnd() * span));
    const [by, method] = pick(rnd, HANDLERS);
    const hour = String(9 + Math.floor(rnd() * 8)).padStart(2, '0');
    events.push({
      date,
      run: () => {
        const status = showCustomer(ctx, code).customer.status;
        const next = status === 'b' && stage < 5 && rnd() < 0.4 ? ++stage : undefined;
        logVisit(ctx, {
          code, method, by, summary: pick(rnd, VISIT_TOPICS), date: date === day ? date : `${date}T${hour}:${pick(rnd, ['00', '15', '30', '45'])}`,
          keyPoint: rnd() < 0.3 ? pick(rnd, KEY_POINTS) : undefined, nextDate: rnd() < 0.4 ? daysAfter(date, 14) : undefined,
          stage: next === undefined ? undefined : String(next), windowHours: '0',
        });
      },
    });
  }
  if (target === 'a' || target === 'c') {
    const first = daysAfter(created, 10 + Math.floor(rnd() * 50));
    // Cooperating customers order until recently (a few stall: the at-risk ones); lost ones stopped long ago.
    const stopBefore = target === 'a' ? (rnd() < 0.12 ? 125 + Math.floor(rnd() * 50) : Math.floor(rnd() * 40)) : 185 + Math.floor(rnd() * 300);
    const last = daysBefore(day, stopBefore);
    let date = first < last ? first : last;
    if (date < created) date = created;
    const orderDates: string[] = [date];
    while (true) {
      date = daysAfter(date, 20 + Math.floor(rnd() * 60));
      if (date > last) break;
      orderDates.push(date);
    }
    const scale = { A: 200_000, B: 60_000, C: 15_000, X: 8_000 }[grade];
    for (const d of orderDates) {
      const amount = ((scale * (0.3 + rnd())) | 0) + (Math.floor(rnd() * 100) / 100);
      events.push({ date: d, run: () => void logOrder(ctx, { code, amount: amount.toFixed(2), date: d, note: rnd() < 0.2 ? '常规补货' : undefined }) });
    }
    if (target === 'c' && rnd() < 0.5) {
      const lostOn = daysAfter(orderDates.at(-1)!, 40 + Math.floor(rnd() * 100));
      const category = pick(rnd, ['price', 'quality', 'delivery', 'service', 'competitor', 'customer-business', 'personnel'] as const);
      events.push({ date: lostOn, run: () => void setStatus(ctx, { code, status: 'c', reasonCategory: category, reason: '客户明确终止合作', date: lostOn }) });
    }
  } else if (target === 'd') {
    const on = daysAfter(created, 5 + Math.floor(rnd() * 60));
    events.push({ date: on > day ? day : on, run: () => void setStatus(ctx, { code, status: 'd', reasonCategory: pick(rnd, ['no-need', 'not-qualified'] as const), reason: '经评估无合作可能', date: on > day ? day : on }) });
  }
  events.sort((a, b) => a.date.localeCompare(b.date));
  for (const e of events) e.run();
}

/** Whose agenda the tour shows: a business manager, whose customers give every kind of item. */
export const DEMO_AGENDA_USER = '李强';

/**
 * Today's work for the agenda (kehu today), through the same use cases: on a potential customer of 李强 a
 * follow-up set for today, materials asked for yesterday and not sent yet, and its decision maker's
 * birthday in three days; on one of 王磊's customers a follow-up eight days overdue with no visit since,
 * so it has escalated to the sales and the market manager.
 */
function demoAgenda(ctx: AppContext, day: string): void {
  const latestVisit = (code: string): string => history(ctx, { code, kind: 'visit', limit: '1' }).entries[0]?.at.slice(0, 10) ?? '';
  const mine = listCustomers(ctx, { owner: DEMO_AGENDA_USER, status: 'b' })[0];
  if (mine) {
    logVisit(ctx, { code: mine.code, method: 'phone', by: DEMO_AGENDA_USER, summary: '介绍新产品，客户有兴趣', date: `${daysBefore(day, 7)}T10:30`, nextStep: '电话确认样品需求', nextDate: day, windowHours: '0' });
    logVisit(ctx, { code: mine.code, method: 'phone', by: DEMO_AGENDA_USER, summary: '客户要产品资料', date: `${daysBefore(day, 1)}T15:00`, materials: '产品目录、报价单', windowHours: '0' });
    addContact(ctx, mine.code, { name: '林国强', title: '总经理', decisionMaker: true, birthday: daysAfter(day, 3).slice(5), date: daysBefore(day, 1) });
  }
  const overdueOn = daysBefore(day, 8);
  const theirs = listCustomers(ctx, { owner: '王磊', status: 'b' }).find((c) => latestVisit(c.code) < daysBefore(day, 10));
  if (theirs) {
    logVisit(ctx, { code: theirs.code, method: 'onsite', by: '王磊', summary: '上门演示，客户要求再报价', date: `${daysBefore(day, 10)}T14:00`, nextStep: '发送正式报价', nextDate: overdueOn, windowHours: '0' });
  }
}

/** Writes the demo's facts through the same use cases users run: users, customers with 18 months of visits and orders, plans, reviews, the agenda. */
function writeDemoFacts(admin: AppContext, count: number): void {
  const day = today(admin);
  for (const u of DEMO_USERS) addUser(admin, u.name, u.roles);
  const rnd = seededRandom(Number(day.replace(/-/g, '')));
  const regions = loadRegionIndex();
  const names = new Set<string>();
  let made = 0;
  while (made < count) {
    const [provinceName, cityName] = weighted(rnd, PLACES.map(([p, c, w]) => [[p, c] as const, w] as const));
    const place = regions.resolvePlace(regions.resolveProvince(provinceName), cityName);
    const [line, industry] = pick(rnd, LINES);
    const cityShort = place.district && !/区$/.test(place.district.name) ? place.district.short : place.city.short;
    const name = `${cityShort}${pick(rnd, TRADE)}${pick(rnd, TRADE)}${line}${pick(rnd, SUFFIX)}`;
    if (names.has(name)) continue;
    names.add(name);
    const grade = weighted<Grade>(rnd, [['A', 8], ['B', 20], ['C', 64], ['X', 8]]);
    const created = daysBefore(day, Math.floor(rnd() * 1000) + 30);
    let status = weighted<Status>(rnd, [['a', 46], ['b', 34], ['c', 12], ['d', 8]]);
    // A customer lost for want of orders must have been ordering long enough ago.
    if (status === 'c' && created > daysBefore(day, 400)) status = 'b';
    const contacts = Array.from({ length: 1 + Math.floor(rnd() * 2.4) }, (_, i) => ({
      name: `${pick(rnd, [...SURNAMES])}${pick(rnd, GIVEN)}`,
      title: pick(rnd, TITLES),
      mobile: `1${pick(rnd, ['35', '38', '39', '58', '86', '88'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`,
      decisionMaker: i === 0 && rnd() < 0.6,
      birthday: rnd() < 0.3 ? addMonths('1975-01-15', Math.floor(rnd() * 300)) : undefined,
    }));
    // VIPs are entered by the general manager, whose entry confirms them (SPEC 2.3: no formal VIP without).
    const added = addCustomer(
      { ...admin, operator: grade === 'A' ? '孙伟' : pick(rnd, ['张敏', '周婷']) },
      {
        name,
        province: provinceName,
        city: cityName,
        grade,
        status: 'b',
        type: weighted(rnd, [['dealer', 45], ['direct', 35], ['oem', 20]] as const),
        source: weighted<Source>(rnd, [['phone', 35], ['visit', 25], ['inbound', 15], ['exhibition', 20], ['other', 5]]),
        owner: pick(rnd, OWNERS),
        stage: '1',
        industry,
        address: `${place.city.name}${place.district?.name ?? ''}${pick(rnd, ['工业大道', '科技路', '人民路', '建设路', '开发区'])}${1 + Math.floor(rnd() * 300)}号`,
        phone: `0${String(Math.floor(rnd() * 1e3)).padStart(3, '1')}-${String(Math.floor(rnd() * 1e8)).padStart(8, '6')}`,
        legalRep: `${pick(rnd, [...SURNAMES])}${pick(rnd, GIVEN)}`,
        registeredCapital: `${pick(rnd, [50, 100, 200, 500, 1000, 3000, 5000])}万元`,
        creditRating: pick(rnd, ['AAA', 'AA', 'A', 'B']),
        mainProducts: industry,
        yearsInBusiness: String(1 + Math.floor(rnd() * 25)),
        contacts,
        date: created,
      },
    );
    simulate(admin, rnd, added.customer.stable_code, status, grade, created, day);
    made++;
  }
  for (const [name, country, city, code] of [
    ['Osaka Denki Trading K.K.', 'JP', 'Osaka', 'OSA'],
    ['Müller Elektrotechnik GmbH', 'DE', 'München', 'MUC'],
  ] as const) {
    addCustomer(admin, { name, country, city, cityCode: code, grade: 'C', status: 'b', type: 'dealer', owner: '黄晓东', contacts: [], date: daysBefore(day, 200) });
  }
  // The sales manager has drawn up salvage plans (挽救方案) for some of the lost customers.
  for (const lost of listCustomers(admin, { status: 'c' })) {
    if (rnd() < 0.4) addSalvagePlan({ ...admin, operator: '刘洋' }, { code: lost.code, plan: pick(rnd, SALVAGE), date: lost.lost_date ?? day });
  }
  // Eight months of grade reviews (客户资格评审表), with applications waiting for approval.
  demoReviews(admin, rnd, day);
  demoAgenda(admin, day);
}

/**
 * Rebuilds the demo database at `file`: refuses a file holding real data, replaces an earlier demo.
 * `now` fixes every date, so the same day always gives the same data.
 */
export async function buildDemo(file: string, now: Date, count = 300): Promise<DemoSummary> {
  const existing = openExisting(file);
  if (existing) {
    let foreign: string[];
    let isDemo: boolean;
    try {
      foreign = foreignData(existing);
      isDemo = getMeta(existing, 'demo') !== undefined;
    } finally {
      existing.close();
    }
    if (foreign.length) throw new DemoRefused(file, foreign);
    if (isDemo) emptyDemoDatabase(file);
  }
  const db = openDb(file);
  try {
    writeTx(db, () => setMeta(db, 'demo', now.toISOString()));
    const admin: AppContext = { db, operator: '张敏', now };
    // The demo's thousands of small writes are made in memory through the use cases, then loaded the way
    // kehu import all loads an archive (on a server by COPY: there each statement is a round trip). On a server
    // its users become login roles.
    const local = openDb(':memory:');
    try {
      writeDemoFacts({ ...admin, db: local }, count);
      const lines = archiveLines({ ...admin, db: local }, { personal: true });
      await importArchive(admin, 'kehu demo', (function* () {
        for (const chunk of lines) yield* chunk.split('\n');
      })());
    } finally {
      local.close();
    }
    writeTx(db, () => {
      for (const u of DEMO_USERS) grantLoginRoles(db, u.name, u.roles);
    });
    writeTx(db, () => setMeta(db, DEMO_FACTS, JSON.stringify(factFingerprint(db))));
    const all = listCustomers(admin, {});
    const showcase = all.find((c) => c.grade === 'A' && c.status === 'a') ?? all[0]!;
    return {
      db: file,
      customers: countCustomers(db),
      users: DEMO_USERS.length,
      by_grade_status: countByGradeStatus(db),
      by_province: countByProvince(db).slice(0, 10),
      sample: listCustomers(admin, { sort: 'created', desc: true, limit: '10' }),
      visits: countRows(db, 'visits'),
      orders: countRows(db, 'orders'),
      showcase: showCustomer(admin, showcase.code),
      showcase_history: history(admin, { code: showcase.code, limit: '8' }),
      due: due(admin, {}),
      churn: churnReport(admin, {}),
      today: agenda(admin, { for: DEMO_AGENDA_USER, limit: '5' }),
    };
  } finally {
    db.close();
  }
}
