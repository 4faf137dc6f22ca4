// Start-up (issue 16): `kehu log-visit` on a small file against a minimal script that opens the same file
// with better-sqlite3 and inserts one row, run alternately, median of BENCH_STARTUP_RUNS (default 15).
// Also times the unbundled build (node dist/cli/main.js, what bin/kehu ran before issue 16) in the same
// rounds, so before and after come from the same minutes of this shared machine.
// Run by `npm run bench`; alone: `npm run build && node bench/startup.mjs`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'kehu');
const UNBUNDLED = path.join(ROOT, 'dist', 'cli', 'main.js');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
const TARGET = 1.3;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-startup-'));
const env = { ...process.env, KEHU_NOW: process.env.KEHU_NOW ?? '2026-11-23T02:00:00Z', KEHU_USER: '张敏' };

// GNU time, when there, also gives the CPU time (user + system, to 10 ms): on a loaded machine the wall
// clock mostly measures waiting for a core, the CPU time what the process itself did.
const GNU_TIME = fs.existsSync('/usr/bin/time');
function timed(args) {
  const t = process.hrtime.bigint();
  const r = GNU_TIME
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], { env, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  const cpu = GNU_TIME ? r.stderr.trim().split('\n').pop().split(' ').reduce((a, b) => a + Number(b) * 1000, 0) : NaN;
  return { ms, cpu };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const small = path.join(tmp, 'small.db');
for (const args of [['user', 'add', '张敏', '--role', 'assistant'], ['add-customer', '广州甲', '--province', '广东', '--city', '广州', '--status', 'a']]) {
  spawnSync(process.execPath, [BIN, ...args, '--db', small], { env, encoding: 'utf8' });
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
const logVisit = ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', 'bench', '--window-hours', '0', '--db', small];
const runs = { minimal: [], bundled: [], unbundled: [] };
const load0 = os.loadavg()[0];
timed([BIN, ...logVisit]); // warm the page cache
for (let i = 0; i < RUNS; i++) {
  runs.minimal.push(timed([minimal, small]));
  runs.bundled.push(timed([BIN, ...logVisit]));
  if (fs.existsSync(UNBUNDLED)) runs.unbundled.push(timed([UNBUNDLED, ...logVisit]));
}
const med = (v, k) => (v.length ? median(v.map((x) => x[k])) : NaN);
const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { ms: med(v, 'ms'), cpu: med(v, 'cpu') }]));
const load = `${load0.toFixed(1)}–${os.loadavg()[0].toFixed(1)}`;
console.log(`Start-up: ${RUNS} alternating runs, median; load ${load}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log('| what | wall clock | ratio | CPU (user + sys) | ratio | target (wall clock) |');
console.log('|---|---|---|---|---|---|');
const cpuText = (v) => (Number.isNaN(v) ? '?' : `${v.toFixed(0)} ms`);
console.log(`| minimal better-sqlite3 open + insert | ${m.minimal.ms.toFixed(0)} ms | 1.00× | ${cpuText(m.minimal.cpu)} | 1.00× | |`);
const row = (label, v) => {
  const ratio = v.ms / m.minimal.ms;
  console.log(`| ${label} | ${v.ms.toFixed(0)} ms | ${ratio.toFixed(2)}× | ${cpuText(v.cpu)} | ${(v.cpu / m.minimal.cpu).toFixed(2)}× | ≤ ${TARGET}: ${ratio <= TARGET ? 'met' : 'NOT met'} |`);
};
row('`bin/kehu log-visit` (bundled, dist/bundle)', m.bundled);
if (runs.unbundled.length) row('`node dist/cli/main.js log-visit` (unbundled tsc output, as before)', m.unbundled);
fs.rmSync(tmp, { recursive: true, force: true });
