// node bench/import.mjs [N]: times `kehu import customers` of an N-row, 20-column CSV against the
// sqlite3 command's `.import` of the same file into a plain table; prints wall time, rows/s and peak RSS.
// Needs `npm run build` first and the sqlite3 command (apt-get install -y sqlite3).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'kehu');
const N = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-import-bench-'));

const PLACES = [
  ['广东', '广州'], ['广东', '深圳'], ['广东', '佛山'], ['浙江', '温州'], ['浙江', '乐清'], ['江苏', '苏州'], ['四川', '成都'],
  ['北京', '朝阳区'], ['上海', '浦东新区'], ['福建', '厦门'], ['福建', '龙岩'], ['湖南', '长沙'], ['安徽', '滁州'], ['重庆', '渝中区'],
];
const HEADER = 'name,province,city,grade,status,type,source,address,postcode,phone,email,legal_rep,registered_capital,industry,nature,credit_rating,main_products,years_in_business,notes,created_on';

function generate(n, file) {
  const fd = fs.openSync(file, 'w');
  let buf = `${HEADER}\n`;
  for (let i = 1; i <= n; i++) {
    const [p, c] = PLACES[i % PLACES.length];
    buf += `测试客户${i}电子科技有限公司,${p},${c},${'ABC'[i % 3]},${'ab'[i % 2]},${['dealer', '直接用户', '配套'][i % 3]},exhibition,"${c}工业园${i}号, 3楼",${String(100000 + (i % 899999))},020-${String(10000000 + i).slice(-8)},sales${i}@example.com,张${i},500万,电子,民营,AA,"电源, 模块",${i % 40},导入测试,2025-0${(i % 9) + 1}-15\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

/** Runs a command under /usr/bin/time -v: wall seconds and peak resident memory in MiB. */
function measure(cmd, args, env = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  return { s, rss };
}

const csv = path.join(tmp, `customers-${N}.csv`);
let t = Date.now();
generate(N, csv);
console.log(`generated ${N} rows, ${(fs.statSync(csv).size / 1048576).toFixed(1)} MiB in ${((Date.now() - t) / 1000).toFixed(1)} s: ${csv}`);

const rows = [];
for (let run = 0; run < RUNS; run++) {
  const plain = path.join(tmp, `plain-${run}.db`);
  const cols = HEADER.split(',').map((c) => `${c} TEXT`).join(', ');
  spawnSync('sqlite3', [plain, 'PRAGMA journal_mode=WAL;', `CREATE TABLE t (${cols});`]);
  const sq = measure('sqlite3', [plain, '.mode csv', `.import --skip 1 ${csv} t`]);
  const db = path.join(tmp, `kehu-${run}.db`);
  const setup = spawnSync(process.execPath, [BIN, 'user', 'add', 'bench', '--role', 'assistant', '--db', db]);
  if (setup.status !== 0) throw new Error(String(setup.stderr));
  const kh = measure(process.execPath, [BIN, 'import', 'customers', csv, '--db', db, '--json'], { KEHU_USER: 'bench' });
  const n = spawnSync('sqlite3', [db, 'SELECT count(*) FROM customers']).stdout.toString().trim();
  if (Number(n) !== N) throw new Error(`kehu imported ${n} of ${N}`);
  rows.push({ sq, kh });
  console.log(
    `run ${run + 1}: sqlite3 .import ${sq.s.toFixed(2)} s (${Math.round(N / sq.s)} rows/s, ${sq.rss.toFixed(0)} MiB) | ` +
      `kehu import ${kh.s.toFixed(2)} s (${Math.round(N / kh.s)} rows/s, peak ${kh.rss.toFixed(0)} MiB) | ratio ${(kh.s / sq.s).toFixed(2)}×`,
  );
  for (const f of [plain, db]) for (const s of ['', '-wal', '-shm']) fs.rmSync(f + s, { force: true });
}
t = Date.now();
fs.rmSync(tmp, { recursive: true, force: true });
