// npm run bench: whole-process timings measured side by side (alternating, median of N), and
// report times on generated data. A benchmark, not a test: it prints figures for BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_NOW, generate } from './generate.mjs';

// Every kehu run sees the generated files' "today": the first command of a new day would otherwise record
// that day's losses, once, and be timed doing it.
process.env.KEHU_NOW ??= BENCH_NOW;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'kehu');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BIG = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-bench-'));

function timed(cmd, args, env = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}
/** Peak resident memory of a command in MiB, from GNU time when it is there. */
function peakMiB(cmd, args, env = {}) {
  if (!fs.existsSync('/usr/bin/time')) return null;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const kb = Number(r.stderr.trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : null;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs A and B alternately RUNS times each; returns their medians and the ratio. */
function pair(name, a, b, target) {
  const ta = [];
  const tb = [];
  for (let i = 0; i < RUNS; i++) {
    ta.push(a());
    tb.push(b());
  }
  const ma = median(ta);
  const mb = median(tb);
  const ratio = mb / ma;
  console.log(`| ${name} | ${ma.toFixed(0)} ms | ${mb.toFixed(0)} ms | ${ratio.toFixed(2)}× | ${target} | ${ratio <= Number(target.replace(/[^0-9.]/g, '')) ? 'met' : 'NOT met'} |`);
}

console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
console.log(`Runs per figure: ${RUNS}, alternating, median\n`);
console.log('| what | baseline | kehu | ratio | target | |');
console.log('|---|---|---|---|---|---|');

pair('`kehu --version` vs `node -e 0`', () => timed(process.execPath, ['-e', '0']), () => timed(process.execPath, [BIN, '--version']), '≤ 1.3');

// log-visit against a minimal script opening the same database with better-sqlite3 and inserting one row.
const small = path.join(tmp, 'small.db');
for (const args of [['user', 'add', '张敏', '--role', 'assistant'], ['add-customer', '广州甲', '--province', '广东', '--city', '广州', '--status', 'a']]) {
  spawnSync(process.execPath, [BIN, ...args, '--db', small], { encoding: 'utf8' });
}
const minimal = path.join(tmp, 'minimal.mjs');
fs.writeFileSync(
  minimal,
  `import Database from '${path.join(ROOT, 'node_modules', 'better-sqlite3', 'lib', 'index.js')}';
const db = new Database(process.argv[2]);
db.pragma('busy_timeout = 5000'); db.pragma('journal_mode = WAL');
db.prepare("INSERT INTO meta(key, value) VALUES ('bench', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(Date.now()));
db.close();\n`,
);
pair(
  '`kehu log-order` vs a minimal better-sqlite3 insert',
  () => timed(process.execPath, [minimal, small]),
  () => timed(process.execPath, [BIN, 'log-order', '粤GZ0001', '--amount', '100', '--db', small], { KEHU_USER: '张敏' }),
  '≤ 1.5',
);
pair(
  '`kehu log-visit` vs a minimal better-sqlite3 insert',
  () => timed(process.execPath, [minimal, small]),
  () => timed(process.execPath, [BIN, 'log-visit', '粤GZ0001', '--method', 'phone', '--summary', 'bench', '--window-hours', '0', '--db', small], { KEHU_USER: '张敏' }),
  '≤ 1.5',
);

// Start-up (issue 16): log-visit bundled and unbundled against the minimal insert, more runs (bench/startup.mjs).
console.log('');
spawnSync(process.execPath, [path.join(ROOT, 'bench', 'startup.mjs')], { stdio: 'inherit' });

// Reports on generated data: every run timed, the median with the fastest and slowest (this VM's
// timings swing by a third from run to run).
function report(label, file, args, runs = Math.max(3, Math.floor(RUNS / 2)), output = ['--json']) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(timed(process.execPath, [BIN, ...args, '--db', file, ...output]));
  const mem = peakMiB(process.execPath, [BIN, ...args, '--db', file, ...output]);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `| ${label} | ${median(times).toFixed(0)} ms median of ${runs} (${sorted[0].toFixed(0)}–${sorted[runs - 1].toFixed(0)}; whole process) | peak ${mem === null ? '?' : mem.toFixed(0)} MiB |`,
  );
}
console.log('\n| report | time | memory |\n|---|---|---|');
const dueDb = path.join(tmp, 'due-100k.db');
let t = Date.now();
const dueCounts = generate(dueDb, { customers: 100_000, orders: 500_000, visits: 6 });
console.error(`generated ${JSON.stringify(dueCounts)} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
report('`due --as-of 2026-11-23` on 100,000 customers (600,000 visits)', dueDb, ['due', '--as-of', '2026-11-23']);
fs.rmSync(dueDb, { force: true });

const big = process.env.BENCH_DB ?? path.join(os.tmpdir(), `kehu-bench-${BIG}.db`);
if (!fs.existsSync(big)) {
  t = Date.now();
  const c = generate(big, { customers: BIG, orders: BIG * 5 });
  console.error(`generated ${JSON.stringify(c)} in ${((Date.now() - t) / 1000).toFixed(0)} s (kept at ${big})`);
}
// Search (bench/search.mjs): the migration that adds the search index, timed on a copy of this file before
// the churn report below migrates the file itself, and search times on a file with names, numbers and contacts.
console.log('\nSearch (bench/search.mjs):');
spawnSync(process.execPath, [path.join(ROOT, 'bench', 'search.mjs'), String(BIG)], { stdio: 'inherit', env: { ...process.env, BENCH_DB: big } });
console.log('\n| report | time | memory |\n|---|---|---|');
// Once first: a file from an older kehu is migrated by the first command that opens it.
timed(process.execPath, [BIN, 'churn-report', '--month', '2026-10', '--db', big, '--json']);
const churnArgs = ['churn-report', '--month', '2026-10', '--as-of', '2026-11-23'];
report(`\`churn-report --month 2026-10 --json\` on ${BIG.toLocaleString('en-US')} customers, ~${(BIG * 5).toLocaleString('en-US')} orders`, big, churnArgs, Math.max(5, RUNS * 2));
// As cron runs it (a Markdown file), and as a terminal gets it (the table, here into a pipe).
report('the same, `--out report.md`', big, churnArgs, Math.max(3, RUNS), ['--out', path.join(tmp, 'report.md')]);
report('the same, table', big, churnArgs, Math.max(3, RUNS), ['--format', 'table']);
fs.rmSync(tmp, { recursive: true, force: true });

// Bulk import against sqlite3's own .import (bench/import.mjs), when the sqlite3 command is installed.
if (spawnSync('sqlite3', ['-version']).status === 0) {
  console.log('\nBulk import (bench/import.mjs):');
  for (const rows of (process.env.BENCH_IMPORT_ROWS ?? '100000').split(',')) spawnSync(process.execPath, [path.join(ROOT, 'bench', 'import.mjs'), rows], { stdio: 'inherit' });
  console.log('\nThe SQLite side alone, no parsing or validation (bench/import-floor.mjs):');
  for (const rows of (process.env.BENCH_IMPORT_ROWS ?? '100000').split(',')) spawnSync(process.execPath, [path.join(ROOT, 'bench', 'import-floor.mjs'), rows], { stdio: 'inherit' });
} else {
  console.log('\nBulk import: skipped (install the sqlite3 command: apt-get install -y sqlite3)');
}

// The daily and weekly routines on a sales team's file (bench/routines.mjs): today, report activity, follow-up,
// catalogue, retention, due, in-process and as a whole process.
console.log('\nRoutines (bench/routines.mjs):');
spawnSync(process.execPath, [path.join(ROOT, 'bench', 'routines.mjs')], { stdio: 'inherit' });

// Exports stream: peak memory of a 1,000,000-customer export to CSV and to XLSX (bench/export-memory.mjs).
console.log('\nExport memory (bench/export-memory.mjs):');
spawnSync(process.execPath, [path.join(ROOT, 'bench', 'export-memory.mjs')], { stdio: 'inherit', env: { ...process.env, BENCH_DB: big } });

// Listings stream (issue 16): list, history, search and due on the same file, time and peak memory (bench/stream.mjs).
console.log('\nStreaming listings (bench/stream.mjs):');
spawnSync(process.execPath, [path.join(ROOT, 'bench', 'stream.mjs')], { stdio: 'inherit', env: { ...process.env, BENCH_DB: big } });

// The server engine beside SQLite (issue 17, bench/postgres.mjs): log-visit over loopback, an import, moving a
// generated file in and its churn report, where Debian's postgresql package is installed.
console.log('\nPostgreSQL beside SQLite (bench/postgres.mjs):');
if (process.env.BENCH_PG || fs.existsSync('/usr/lib/postgresql')) spawnSync(process.execPath, [path.join(ROOT, 'bench', 'postgres.mjs')], { stdio: 'inherit' });
else console.log('skipped: install the postgresql package (apt-get install -y postgresql)');
