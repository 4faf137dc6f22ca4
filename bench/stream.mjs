// node bench/stream.mjs: the listings that stream (issue 16) on the 1,000,000-customer bench file — `list
// --status c` as JSON, CSV, Markdown and a table, `history` of the customer with the most orders, `search`
// and `due` — each the built bin/kehu as a child process writing into a pipe (`| wc -c`, as a script reads
// it), under GNU time: wall seconds and peak resident memory. Uses the file bench/run.mjs keeps (generated
// when missing; BENCH_DB or BENCH_CUSTOMERS choose another); KEHU_BIN runs another build (a checkout of
// main, for the figures before). Needs `npm run build` first and /usr/bin/time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { BENCH_NOW, generate } from './generate.mjs';

// The generated file's "today": a new day would first record that day's losses, once, inside the timing.
process.env.KEHU_NOW ??= BENCH_NOW;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = process.env.KEHU_BIN ?? path.join(ROOT, 'bin', 'kehu');
const BIG = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_STREAM_RUNS ?? 3);
const CEILING_MIB = 150;

if (!fs.existsSync('/usr/bin/time')) {
  console.log('Streaming listings: skipped (needs GNU time: apt-get install -y time)');
  process.exit(0);
}

const big = process.env.BENCH_DB ?? path.join(os.tmpdir(), `kehu-bench-${BIG}.db`);
if (!fs.existsSync(big)) {
  const t = Date.now();
  const c = generate(big, { customers: BIG, orders: BIG * 5 });
  console.error(`generated ${JSON.stringify(c)} in ${((Date.now() - t) / 1000).toFixed(0)} s (kept at ${big})`);
}
// Once, untimed: a file from an older kehu is migrated by the first command that opens it.
const first = spawnSync(process.execPath, [BIN, 'list', '--limit', '1', '--db', big], { encoding: 'utf8' });
if (first.status !== 0) throw new Error(`opening ${big} failed: ${first.stderr}`);

// The customer with the most orders (a long history), read-only.
const raw = new Database(big, { readonly: true });
const busiest = raw.prepare('SELECT c.code, count(*) AS n FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY o.customer_id ORDER BY n DESC LIMIT 1').get();
const lost = raw.prepare("SELECT count(*) FROM customers WHERE status = 'c'").pluck().get();
raw.close();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-stream-bench-'));
const timeFile = path.join(tmp, 'time');
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** One run: kehu's stdout into `wc -c`; its wall seconds, peak RSS in MiB and bytes written. */
function run(args) {
  const cmd = `/usr/bin/time -f '%M %e' -o ${q(timeFile)} ${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')} --db ${q(big)} | wc -c`;
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', env: { ...process.env, KEHU_LANG: 'zh' } });
  const time = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop();
  if (r.status !== 0 || /exited with non-zero/.test(fs.readFileSync(timeFile, 'utf8'))) throw new Error(`kehu ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  const [kb, seconds] = time.split(' ').map(Number);
  return { mib: kb / 1024, seconds, bytes: Number(r.stdout.trim()) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
console.log(`kehu: ${BIN}; ${BIG.toLocaleString('en-US')} customers, ${lost.toLocaleString('en-US')} lost (c); median of ${RUNS} runs, into a pipe\n`);
console.log(`| command | time | peak RSS | output | ≤ ${CEILING_MIB} MiB |`);
console.log('|---|---|---|---|---|');
const cases = [
  ['list --status c --json', ['list', '--status', 'c', '--json']],
  ['list --status c --format csv', ['list', '--status', 'c', '--format', 'csv']],
  ['list --status c --format md', ['list', '--status', 'c', '--format', 'md']],
  ['list --status c (table)', ['list', '--status', 'c']],
  ['list --json (all customers)', ['list', '--json']],
  [`history ${busiest.code} --json (${busiest.n} orders)`, ['history', busiest.code, '--json']],
  ['search 粤GZ --limit 10000 --json', ['search', '粤GZ', '--limit', '10000', '--json']],
  ['due --as-of 2026-11-23 --json', ['due', '--as-of', '2026-11-23', '--json']],
];
// BENCH_STREAM_ONLY=history,search: only the cases whose label holds one of these.
const only = process.env.BENCH_STREAM_ONLY?.split(',');
try {
  for (const [label, args] of cases) {
    if (only && !only.some((o) => label.includes(o))) continue;
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(run(args));
    const s = median(runs.map((r) => r.seconds));
    const m = median(runs.map((r) => r.mib));
    const bytes = runs[0].bytes;
    console.log(`| \`${label}\` | ${s.toFixed(1)} s | ${m.toFixed(0)} MiB | ${(bytes / 2 ** 20).toFixed(1)} MiB | ${m <= CEILING_MIB ? 'yes' : 'no'} |`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
