// node bench/search.mjs [N]: kehu search at N customers (default 1,000,000), in-process, after `npm run build`.
// 1. The migration that adds the search index, timed by phase, on a copy of the churn benchmark's file
//    (BENCH_DB, default /tmp/kehu-bench-N.db, never changed itself), and the index's size on disk.
// 2. Search times on a file made for it (kept at /tmp/kehu-search-bench-N.db): N customers with
//    generated company names, phones, faxes, e-mails and addresses, 1.2 contacts each on average. Each kind
//    of query is asked for 7 different values drawn from the data, each run 5 times: the median of the
//    per-value medians, and the slowest value.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { search, searchRequest } from '../dist/app/search.js';
import { nameColumns } from '../dist/core/names.js';
import { openDb } from '../dist/store/db.js';
import { deferSearchIndex, SEARCH_INDEXES } from '../dist/store/search.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? process.env.BENCH_CUSTOMERS ?? 1_000_000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function indexSize(db) {
  const rows = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name GLOB 'search_*' GROUP BY name").all();
  return rows.reduce((s, r) => s + r.bytes, 0);
}

// ── 1. the migration on a copy of the benchmark file ──
const big = process.env.BENCH_DB ?? path.join(os.tmpdir(), `kehu-bench-${N}.db`);
if (fs.existsSync(big)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-search-migrate-'));
  const copy = path.join(dir, 'copy.db');
  fs.copyFileSync(big, copy);
  for (const s of ['-wal', '-shm']) if (fs.existsSync(big + s)) fs.copyFileSync(big + s, copy + s);
  const before = fs.statSync(copy).size;
  const phases = [];
  let t = performance.now();
  const t0 = t;
  const db = openDb(copy, {
    onMigrationPhase: (name) => {
      phases.push(`${name} ${((performance.now() - t) / 1000).toFixed(1)} s`);
      t = performance.now();
    },
  });
  const total = (performance.now() - t0) / 1000;
  const customers = db.prepare('SELECT count(*) FROM customers').pluck().get();
  console.log(`Migration of ${path.basename(big)} (${customers.toLocaleString('en-US')} customers) to schema ${db.pragma('user_version', { simple: true })}: ${total.toFixed(1)} s (${phases.join(', ') || 'already current'})`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`Search index: ${mib(indexSize(db))} (file ${mib(before)} → ${mib(fs.statSync(copy).size)})`);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
} else {
  console.log(`Migration: skipped (no ${big}; npm run bench generates it)`);
}

// ── 2. a file with names, numbers and contacts to search ──
let seed = 7;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let x = Math.imul(seed ^ (seed >>> 15), seed | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const digits = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

function generate(file) {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
  const regions = JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'regions.json'), 'utf8'));
  const cities = regions.cities.filter((c) => c.province !== '港' && c.province !== '澳' && c.province !== '台');
  const districts = regions.districts.map((d) => d.short).filter((s) => [...s].length >= 2);
  const BRAND = [...'华金鑫盛德信达兴宏泰恒昌隆祥瑞丰源通利安永福顺发明光辉伟志诚远东方南北中天海宇新美嘉佳亿万创联合众科迪威力强博宝鸿鹏飞龙凤云峰山川江湖河林森石银铜玉晶星月阳春秋绿蓝红青紫翔腾跃振兆凯盈益康健乐和平正仁义智忠廉勤精工艺巧锦绣辰汇聚广大雅致锐'];
  const INDUSTRY = ['电子', '科技', '机械', '贸易', '化工', '建材', '五金', '电器', '塑料', '包装', '印刷', '纺织', '服装', '食品', '医药', '物流', '软件', '信息技术', '电气', '自动化设备', '精密模具', '汽车配件', '照明', '光电', '新材料', '环保科技', '能源', '实业', '工贸', '进出口', '网络科技', '仪器仪表', '电源', '线缆', '家具', '陶瓷', '通信', '生物科技'];
  const SUFFIX = ['有限公司', '有限公司', '有限公司', '股份有限公司', '有限责任公司', '厂', '集团有限公司', '商行'];
  const SURNAME = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
  const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉飞鹏辉建国红梅鑫波斌宇浩凯健俊帆帅旭宁龙林欣雪婷琳晨阳佳怡子轩梓涵一诺然泽'];
  const ROAD = ['人民', '中山', '解放', '建设', '新华', '和平', '胜利', '朝阳', '青年', '光明', '文化', '东风', '长江', '黄河', '工业', '科技', '创业', '发展', '振兴'];
  const db = openDb(file);
  db.pragma('synchronous = OFF');
  const insC = db.prepare(`INSERT INTO customers(id, code, region, serial, grade, status, opening_grade, name, name_key, name_pinyin, name_initials, province, city, phone, fax, email, address, created_on, created_by, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-05', 'bench', '2026-11-01')`);
  const insH = db.prepare("INSERT INTO code_history(customer_id, code, valid_from) VALUES (?, ?, '2026-01-05')");
  const insK = db.prepare('INSERT INTO contacts(customer_id, name, mobile, phone, email) VALUES (?, ?, ?, ?, ?)');
  const serials = new Map();
  const used = new Set();
  let pinyinMs = 0;
  const t0 = performance.now();
  db.exec('BEGIN');
  const restore = deferSearchIndex(db);
  for (let id = 1; id <= N; id++) {
    const city = pick(cities);
    let name;
    do {
      const r = rnd();
      const place = r < 0.6 ? city.short : r < 0.7 ? pick(districts) : '';
      name = `${place}${r < 0.6 && rnd() < 0.3 ? '市' : ''}${pick(BRAND)}${pick(BRAND)}${rnd() < 0.2 ? pick(BRAND) : ''}${pick(INDUSTRY)}${pick(SUFFIX)}`;
    } while (used.has(name));
    used.add(name);
    const t = performance.now();
    const n = nameColumns(name);
    pinyinMs += performance.now() - t;
    const region = `${city.province}${city.initials}`;
    const serial = (serials.get(region) ?? 0) + 1;
    serials.set(region, serial);
    const [grade, status] = [pick(['A', 'B', 'C', 'C', 'C', 'X']), pick(['a', 'a', 'b', 'c', 'd'])];
    const code = `${grade}${status}-${region}${String(serial).padStart(4, '0')}`;
    const area = `0${pick(['20', '755', '571', '512', '10', '21', '592', '28', '532', '27', '731', '577'])}`;
    insC.run(
      id, code, region, serial, grade, status, grade, n.name, n.name_key, n.name_pinyin, n.name_initials, city.province, city.name,
      rnd() < 0.8 ? `${area}-${digits(4)} ${digits(4)}` : null,
      rnd() < 0.3 ? `${area}-${digits(8)}` : null,
      rnd() < 0.5 ? `${pick(['sales', 'info', 'service', 'market'])}@${n.name_pinyin.slice(0, 8)}${Math.floor(rnd() * 100)}.com` : null,
      rnd() < 0.7 ? `${city.name}${pick(districts)}${pick(ROAD)}${pick(['路', '大道', '街'])}${1 + Math.floor(rnd() * 999)}号` : null,
    );
    insH.run(id, code);
    const contacts = rnd() < 0.6 ? 1 : rnd() < 0.5 ? 2 : 0;
    for (let k = 0; k < contacts; k++) {
      insK.run(id, pick(SURNAME) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : ''), `1${pick(['38', '39', '58', '86', '35', '77'])}${digits(8)}`, rnd() < 0.3 ? `${area}-${digits(8)}` : null, rnd() < 0.3 ? `${digits(8)}@qq.com` : null);
    }
  }
  for (const [region, serial] of serials) db.prepare('INSERT INTO region_counters(region, last_serial) VALUES (?, ?)').run(region, serial);
  const rows = performance.now();
  restore();
  const indexed = performance.now();
  db.exec('COMMIT');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  const contacts = db.prepare('SELECT count(*) FROM contacts').pluck().get();
  console.log(
    `Generated ${file}: ${N.toLocaleString('en-US')} customers, ${contacts.toLocaleString('en-US')} contacts; rows ${((rows - t0) / 1000).toFixed(0)} s ` +
      `(pinyin ${(pinyinMs / 1000).toFixed(1)} s, ${((pinyinMs / N) * 1000).toFixed(1)} µs a name), search index built in bulk ${((indexed - rows) / 1000).toFixed(1)} s, ${mib(indexSize(db))}`,
  );
  db.close();
}

const file = process.env.BENCH_SEARCH_DB ?? path.join(os.tmpdir(), `kehu-search-bench-${N}.db`);
if (!fs.existsSync(file)) generate(file);
const db = openDb(file);
const ctx = { db, operator: 'bench', now: new Date('2026-11-23T02:00:00Z') };

// Query values drawn from rows spread over the file, the same ones on every run.
seed = 99;
const sample = (sql, k = 7) => {
  const top = db.prepare('SELECT max(id) FROM customers').pluck().get();
  const out = [];
  for (let i = 0; out.length < k && i < k * 20; i++) {
    const v = db.prepare(sql).pluck().get(1 + Math.floor(rnd() * top));
    if (v !== undefined && v !== null) out.push(v);
  }
  return out;
};
const middle = (s, len) => {
  const cs = [...s];
  const at = Math.floor(cs.length / 3);
  return cs.slice(at, at + len).join('');
};
const only = process.env.BENCH_KINDS;
const kinds = [
  ['pinyin initials (prefix, 4 letters)', sample('SELECT substr(name_initials, 1, 4) FROM customers WHERE id >= ? LIMIT 1')],
  ['pinyin initials (fragment, 3 letters)', sample('SELECT substr(name_initials, 3, 3) FROM customers WHERE id >= ? LIMIT 1')],
  ['full pinyin (prefix, 12 letters)', sample('SELECT substr(name_pinyin, 1, 12) FROM customers WHERE id >= ? LIMIT 1')],
  ['full pinyin (fragment, 8 letters)', sample('SELECT substr(name_pinyin, 7, 8) FROM customers WHERE id >= ? LIMIT 1')],
  ['name fragment (2 characters)', sample('SELECT name FROM customers WHERE id >= ? LIMIT 1').map((n) => middle(n, 2))],
  ['name fragment (4 characters)', sample('SELECT name FROM customers WHERE id >= ? LIMIT 1').map((n) => middle(n, 4))],
  ['phone digits, last 8 with a dash', sample("SELECT substr(replace(replace(phone, '-', ''), ' ', ''), -8) FROM customers WHERE id >= ? AND phone IS NOT NULL LIMIT 1").map((d) => `${d.slice(0, 4)}-${d.slice(4)}`)],
  ['mobile, 11 digits with spaces', sample('SELECT mobile FROM contacts WHERE customer_id >= ? LIMIT 1').map((m) => `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`)],
  ['code fragment (region + serial)', sample('SELECT substr(code, 5) FROM customers WHERE id >= ? LIMIT 1')],
  ['code fragment (serial digits)', sample('SELECT substr(code, -4) FROM customers WHERE id >= ? LIMIT 1')],
  ['full code', sample('SELECT code FROM customers WHERE id >= ? LIMIT 1')],
  ['contact name', sample('SELECT name FROM contacts WHERE customer_id >= ? LIMIT 1')],
  ['e-mail fragment', sample('SELECT substr(email, 1, 12) FROM customers WHERE id >= ? AND email IS NOT NULL LIMIT 1')],
  ['address fragment (4 characters)', sample('SELECT address FROM customers WHERE id >= ? AND address IS NOT NULL LIMIT 1').map((a) => middle(a, 4))],
  ['one common character (华, 电, 司, 号, 路, 王, 张)', ['华', '电', '司', '号', '路', '王', '张']],
  ['nothing found (name, pinyin, digits, code)', ['量子纠缠研究所', 'zzqqxx', 'qiongzhuoxue', '99999999', '粤ZZ9999', 'nobody@nowhere', '矗']],
];
console.log(`\nkehu search in-process on ${path.basename(file)} (limit 20, every tier; 5 runs a value):\n`);
console.log('| query kind | median | slowest value | example |');
console.log('|---|---|---|---|');
for (const [label, values] of kinds.filter(([l]) => !only || l.includes(only))) {
  const perValue = values.map((v) => {
    const req = searchRequest({ text: v });
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      search(ctx, req);
      times.push(performance.now() - t);
    }
    return { v, ms: median(times) };
  });
  const slowest = perValue.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(`| ${label} | ${median(perValue.map((p) => p.ms)).toFixed(1)} ms | ${slowest.ms.toFixed(1)} ms (${slowest.v}) | ${values[0]} |`);
}
console.log(`\nSearch index on this file: ${mib(indexSize(db))} (${SEARCH_INDEXES.join(', ')})`);
db.close();
