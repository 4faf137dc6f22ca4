// node bench/export-memory.mjs: `kehu export customers` of the 1,000,000-customer bench file to CSV and to
// XLSX, each a child process under GNU time: wall seconds, peak resident memory, file size, against the
// 200 MB ceiling of SPEC 4 (exports stream). Uses the file bench/run.mjs keeps (generated when missing;
// BENCH_DB or BENCH_CUSTOMERS choose another). Needs `npm run build` first and /usr/bin/time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_NOW, generate } from './generate.mjs';

// The generated file's "today": a new day would first record that day's losses, once, inside the timing.
process.env.KEHU_NOW ??= BENCH_NOW;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'kehu');
const BIG = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const CEILING_MIB = 200;
const FORMATS = (process.env.BENCH_EXPORT_FORMATS ?? 'csv,xlsx').split(',');

if (!fs.existsSync('/usr/bin/time')) {
  console.log('Export memory: skipped (needs GNU time: apt-get install -y time)');
  process.exit(0);
}

const big = process.env.BENCH_DB ?? path.join(os.tmpdir(), `kehu-bench-${BIG}.db`);
if (!fs.existsSync(big)) {
  const t = Date.now();
  const c = generate(big, { customers: BIG, orders: BIG * 5 });
  console.error(`generated ${JSON.stringify(c)} in ${((Date.now() - t) / 1000).toFixed(0)} s (kept at ${big})`);
}
// Once, untimed: a file from an older kehu is migrated by the first command that opens it.
const first = spawnSync(process.execPath, [BIN, 'churn-report', '--month', '2026-10', '--db', big, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
if (first.status !== 0) throw new Error(`opening ${big} failed: ${first.stderr}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-export-bench-'));
console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
console.log(`\n| \`kehu export customers --out FILE\`, ${BIG.toLocaleString('en-US')} customers | time | peak RSS | file | ceiling ${CEILING_MIB} MiB |`);
console.log('|---|---|---|---|---|');
try {
  for (const format of FORMATS) {
    const out = path.join(tmp, `customers.${format}`);
    // Chinese headers and labels (the default language), as an office user gets the file.
    const args = ['-f', '%M %e', process.execPath, BIN, 'export', 'customers', '--out', out, '--db', big, '--lang', 'zh'];
    const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`export to ${format} failed: ${r.stderr.slice(-2000)}`);
    const lines = r.stderr.trim().split('\n');
    const [kb, seconds] = lines.pop().split(' ').map(Number);
    const mib = kb / 1024;
    const size = fs.statSync(out).size / 2 ** 20;
    console.log(`| ${format.toUpperCase()} | ${seconds.toFixed(1)} s | ${mib.toFixed(0)} MiB | ${size.toFixed(0)} MiB | ${mib < CEILING_MIB ? 'met' : 'NOT met'} |`);
    console.error(`  (kehu said: ${lines.at(-1)})`);
    fs.rmSync(out, { force: true });
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
