// node bench/postgres.mjs: the server engine beside SQLite (issue 17). Needs `npm run build` and Debian's
// postgresql package; starts a throw-away cluster on loopback (scripts/pg-cluster.sh) unless BENCH_PG gives a
// superuser connection string. Prints, each beside the SQLite figure:
//   - `kehu log-visit` as a whole process over loopback (median of BENCH_RUNS, alternating);
//   - `kehu import customers` of BENCH_PG_IMPORT rows (default 10,000; COPY every 5,000);
//   - moving a generated file of BENCH_PG_CUSTOMERS customers (default 100,000, five orders each; BENCH_DB names
//     another file) in (`export all` → `import all`, COPY) and the churn report on it;
//   - `kehu import orders` and `import visits` of BENCH_PG_ACTIVITY rows (default 10,000) into it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'kehu');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const IMPORT_ROWS = Number(process.env.BENCH_PG_IMPORT ?? 10_000);
const CUSTOMERS = Number(process.env.BENCH_PG_CUSTOMERS ?? 100_000);
const BIG = process.env.BENCH_DB ?? path.join(os.tmpdir(), `kehu-bench-${CUSTOMERS}.db`);
process.env.KEHU_NOW ??= '2026-11-23T02:00:00Z';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-pg-bench-'));

let admin = process.env.BENCH_PG;
let stop = () => {};
if (!admin) {
  const dir = path.join(tmp, 'cluster');
  admin = execFileSync('bash', [path.join(ROOT, 'scripts', 'pg-cluster.sh'), 'start', dir, '56999'], { encoding: 'utf8' }).trim();
  stop = () => execFileSync('bash', [path.join(ROOT, 'scripts', 'pg-cluster.sh'), 'stop', dir], { stdio: 'ignore' });
}
const psql = (sql) => execFileSync('psql', [admin, '-X', '-q', '-At', '-c', sql], { encoding: 'utf8', env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } }).trim();
function database(name, template) {
  psql(`DROP DATABASE IF EXISTS ${name}`);
  psql(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

function run(args, env = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, KEHU_USER: '张敏', ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`kehu ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (what, lite, pg, unit = 'ms') =>
  console.log(`| ${what} | ${unit === 'ms' ? `${lite.toFixed(0)} ms` : lite} | ${unit === 'ms' ? `${pg.toFixed(0)} ms` : pg} | ${unit === 'ms' ? `${(pg / lite).toFixed(2)}×` : ''} |`);

try {
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; server: ${psql('SELECT version()').split(' on ')[0]}, loopback\n`);
  console.log('| what | SQLite | PostgreSQL | ratio |\n|---|---|---|---|');

  // log-visit, a whole process each, alternating.
  const lite = path.join(tmp, 'small.db');
  const pg = database('kehu_bench_small');
  for (const db of [lite, pg]) {
    run(['user', 'add', '张敏', '--role', 'assistant', '--db', db]);
    run(['add-customer', '广州甲', '--province', '广东', '--city', '广州', '--status', 'a', '--db', db]);
  }
  const visit = (db) => run(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', 'bench', '--window-hours', '0', '--db', db]);
  const tl = [];
  const tp = [];
  for (let i = 0; i < RUNS; i++) {
    tl.push(visit(lite));
    tp.push(visit(pg));
  }
  row(`\`kehu log-visit\`, whole process (median of ${RUNS})`, median(tl), median(tp));

  // import customers: the same CSV into each.
  const csv = path.join(tmp, 'customers.csv');
  const places = [['广东', '广州'], ['广东', '深圳'], ['浙江', '温州'], ['江苏', '苏州'], ['四川', '成都']];
  let text = 'name,province,city,grade,status,phone,email\n';
  for (let i = 1; i <= IMPORT_ROWS; i++) text += `测试客户${i}电子科技有限公司,${places[i % 5][0]},${places[i % 5][1]},${'ABC'[i % 3]},${'ab'[i % 2]},020-${String(10000000 + i).slice(-8)},s${i}@example.com\n`;
  fs.writeFileSync(csv, text);
  const liteImport = path.join(tmp, 'import.db');
  const pgImport = database('kehu_bench_import');
  row(`\`kehu import customers\`, ${IMPORT_ROWS.toLocaleString('en-US')} rows`, run(['import', 'customers', csv, '--db', liteImport]), run(['import', 'customers', csv, '--db', pgImport]));

  if (!fs.existsSync(BIG)) {
    const { generate } = await import('./generate.mjs');
    generate(BIG, { customers: CUSTOMERS, orders: CUSTOMERS * 5 });
  }
  {
    const archive = path.join(tmp, 'big.ndjson');
    const exported = run(['export', 'all', '--with-personal-data', '--out', archive, '--db', BIG]);
    const bigPg = database('kehu_bench_big');
    const loaded = run(['import', 'all', archive, '--db', bigPg]);
    const again = path.join(tmp, 'big-again.db');
    const loadedLite = run(['import', 'all', archive, '--db', again]);
    fs.rmSync(again, { force: true });
    console.log(`| \`export all\` of ${path.basename(BIG)} (${(fs.statSync(archive).size / 2 ** 20).toFixed(0)} MiB) | ${exported.toFixed(0)} ms | | |`);
    row('`import all` of it (PostgreSQL: COPY)', loadedLite, loaded);
    const churn = ['churn-report', '--month', '2026-10', '--as-of', '2026-11-23', '--json'];
    run([...churn, '--db', BIG]);
    run([...churn, '--db', bigPg]);
    const cl = [];
    const cp = [];
    for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
      cl.push(run([...churn, '--db', BIG]));
      cp.push(run([...churn, '--db', bigPg]));
    }
    row(`\`churn-report --month 2026-10 --json\` on it (median of ${cl.length})`, median(cl), median(cp));

    // import orders and visits: BENCH_PG_ACTIVITY rows each, for customers of the big file that may take them
    // (cooperating or potential), into a fresh copy of it on each engine.
    const n = Number(process.env.BENCH_PG_ACTIVITY ?? 10_000);
    const codes = execFileSync(
      process.execPath,
      ['-e', `const D=require('better-sqlite3');const db=new D(${JSON.stringify(BIG)},{readonly:true});process.stdout.write(db.prepare("SELECT substr(code, 4) FROM customers WHERE status IN ('a','b') ORDER BY id LIMIT ${n}").pluck().all().join(' '))`],
      { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 28 },
    ).split(' ');
    const day = (i) => `2026-11-${String(1 + (i % 20)).padStart(2, '0')}`;
    let orders = 'code,date,amount,note\n';
    let visits = 'code,date,method,handler,summary\n';
    for (let i = 0; i < n; i++) {
      const code = codes[(i * 7919) % codes.length];
      orders += `${code},${day(i)},${100 + i},bench${i}\n`;
      visits += `${code},${day(i)} 10:${String(i % 60).padStart(2, '0')},phone,张敏,bench${i}\n`;
    }
    fs.writeFileSync(path.join(tmp, 'orders.csv'), orders);
    fs.writeFileSync(path.join(tmp, 'visits.csv'), visits);
    for (const kind of ['orders', 'visits']) {
      const lite = path.join(tmp, `big-${kind}.db`);
      fs.copyFileSync(BIG, lite);
      run(['user', 'add', '张敏', '--role', 'assistant', '--db', lite]);
      const pgCopy = database(`kehu_bench_big_${kind}`, 'kehu_bench_big');
      run(['user', 'add', '张敏', '--role', 'assistant', '--db', pgCopy]);
      row(`\`kehu import ${kind}\`, ${n.toLocaleString('en-US')} rows into it`, run(['import', kind, path.join(tmp, `${kind}.csv`), '--db', lite]), run(['import', kind, path.join(tmp, `${kind}.csv`), '--db', pgCopy]));
      fs.rmSync(lite, { force: true });
    }
  }
} finally {
  stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
