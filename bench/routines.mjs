// node bench/routines.mjs: the daily and weekly routines (issue 15) on a sales team's file of 100,000
// customers and 1,000,000 visits (bench/team.mjs, kept at /tmp/kehu-team-bench.db; BENCH_TEAM_DB to choose),
// after `npm run build`. Each use case is timed in-process (the database already open, as a long-lived
// caller would have it): every run timed, the median with the fastest and slowest; then the whole
// `kehu` process once per command for comparison. A benchmark, not a test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BENCH_NOW } from './generate.mjs';
import { generateTeam } from './team.mjs';
import { openDb } from '../dist/store/db.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'kehu');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const file = process.env.BENCH_TEAM_DB ?? path.join(os.tmpdir(), 'kehu-team-bench.db');
process.env.KEHU_NOW ??= BENCH_NOW;

if (!fs.existsSync(file)) {
  const t = performance.now();
  const counts = generateTeam(file);
  console.error(`generated ${JSON.stringify(counts)} in ${((performance.now() - t) / 1000).toFixed(0)} s (kept at ${file})`);
}
// Once: a file from an older kehu is migrated by the first open.
openDb(file).close();

const db = openDb(file);
const ctx = (operator = '销售经理1') => ({ db, operator, now: new Date(BENCH_NOW) });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The cases: a label, the in-process call, and the same as a kehu command line. */
const cases = [];
const app = async (m) => import(`../dist/app/${m}.js`);
const { activityReport } = await app('activityReport');
const { followUpReport } = await app('followUpReport');
const { catalogueReport } = await app('catalogue');
const { retentionReport } = await app('retention');
const { due } = await app('due');
const { agenda } = await app('today');
cases.push(['`today` for a business manager (商务1, 4,000 customers)', () => agenda(ctx('商务1'), {}), ['today', '--as', '商务1']]);
cases.push(['`today` for a sales manager (销售经理1: every customer\'s escalations and lost without a plan)', () => agenda(ctx('销售经理1'), {}), ['today', '--as', '销售经理1']]);
cases.push(['`today` for an assistant (助理1: every material request)', () => agenda(ctx('助理1'), {}), ['today', '--as', '助理1']]);
cases.push(['`report activity --month 2026-10` (all 31 people with quotas)', () => activityReport(ctx(), { month: '2026-10' }), ['report', 'activity', '--month', '2026-10']]);
cases.push(['`report activity --week 2026-W47`', () => activityReport(ctx(), { week: '2026-W47' }), ['report', 'activity', '--week', '2026-W47']]);
cases.push(['`report activity --day 2026-11-20`', () => activityReport(ctx(), { day: '2026-11-20' }), ['report', 'activity', '--day', '2026-11-20']]);
cases.push(['`report follow-up --week 2026-W47`', () => followUpReport(ctx(), { week: '2026-W47' }), ['report', 'follow-up', '--week', '2026-W47']]);
cases.push(['`report catalogue --month 2026-10` (100,000 rows)', () => catalogueReport(ctx(), { month: '2026-10' }), ['report', 'catalogue', '--month', '2026-10']]);
cases.push(['`report retention`', () => retentionReport(ctx(), {}), ['report', 'retention']]);
cases.push(['`due` (every overdue duty)', () => due(ctx(), {}), ['due']]);

const counts = db.prepare('SELECT (SELECT count(*) FROM customers) c, (SELECT count(*) FROM visits) v, (SELECT count(*) FROM orders) o').get();
console.log(`Routines on ${counts.c.toLocaleString('en-US')} customers, ${counts.v.toLocaleString('en-US')} visits, ${counts.o.toLocaleString('en-US')} orders (${path.basename(file)}); ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(1)}\n`);
console.log('| use case | in-process (median of ' + RUNS + ', range) | whole `kehu` process, `--json` |');
console.log('|---|---|---|');
for (const [label, run, args] of cases) {
  run(); // warm: statements prepared, pages cached
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args, '--db', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const whole = performance.now() - t;
  if (r.status !== 0) throw new Error(`kehu ${args.join(' ')} failed: ${r.stderr}`);
  console.log(`| ${label} | ${median(times).toFixed(0)} ms (${sorted[0].toFixed(0)}–${sorted[RUNS - 1].toFixed(0)}) | ${whole.toFixed(0)} ms |`);
}
db.close();
