// node bench/migrate.mjs [N] [M]: the one-time migration of a file from before facts and timelines were
// separated (schema 3) to schema 4, timed at N customers and M orders. The schema-3 file is written the
// way the previous kehu wrote it (status history rows by hand, losses recorded by cron), from the same
// seeded generator the benchmarks used then; then `openDb` migrates it: decisions extracted, every
// timeline recomputed, indexes built.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { seededRandom } from './generate.mjs';
import { openDb } from '../dist/store/db.js';
import { MIGRATIONS } from '../dist/store/schema.js';

export function schemaThreeFile(file, { customers = 1_000_000, orders = 5_000_000, visits = 0, seed = 42 } = {}) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS.slice(0, 3)) {
    if (typeof m === 'string') db.exec(m);
    else m(db);
  }
  db.pragma('user_version = 3');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  const rnd = seededRandom(seed);
  const day = (base, plus) => new Date(Date.UTC(2024, 0, 1) + (base + plus) * 86_400_000).toISOString().slice(0, 10);
  const regions = ['粤GZ', '粤SZ', '浙HZ', '苏SZ', '京BJ', '沪SH', '闽XM', '川CD', '鲁QD', '鄂WH'];
  const provinces = regions.map((r) => r[0]);
  const insC = db.prepare(`INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, province, city, type, owner, cooperating_since, last_order_date, lost_date, created_on, created_by, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 'bench', '2026-11-01')`);
  const insH = db.prepare('INSERT INTO status_history(customer_id, from_status, to_status, date, operator, reason_category, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insO = db.prepare("INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (?, ?, ?, 'bench', '2026-11-01')");
  const insV = db.prepare("INSERT INTO visits(customer_id, seq, visited_at, method, handler, handler_role, summary, recorded_by, recorded_at) VALUES (?, ?, ?, ?, 'bench', ?, 'x', 'bench', '2026-11-01')");
  const serials = new Map();
  // Only cooperating and lost customers (about 68 %) have orders; spread the requested total over them.
  const perOrdering = orders / (customers * 0.68);
  db.transaction(() => {
    for (let id = 1; id <= customers; id++) {
      const ri = id % regions.length;
      const region = regions[ri];
      const serial = (serials.get(region) ?? 0) + 1;
      serials.set(region, serial);
      const created = Math.floor(rnd() * 600);
      const grade = ['A', 'B', 'C', 'C', 'C', 'X'][Math.floor(rnd() * 6)];
      const r = rnd();
      const status = r < 0.55 ? 'a' : r < 0.8 ? 'b' : r < 0.93 ? 'c' : 'd';
      let coopSince = null;
      let last = null;
      let lost = null;
      const hist = [[null, 'b', day(created, 0)]];
      if (status === 'a' || status === 'c') {
        coopSince = day(created, 10);
        hist.push(['b', 'a', coopSince]);
        // Cooperating customers ordered recently (about one in ten has stalled 4–6 months);
        // lost ones stopped ordering and were lost six months after their last order.
        const today = 1057; // 2026-11-23 in days after 2024-01-01
        const lastDay = status === 'a' ? today - (rnd() < 0.1 ? 120 + Math.floor(rnd() * 55) : Math.floor(rnd() * 100)) : created + 10 + Math.floor(rnd() * Math.max(1, today - 200 - created - 10));
        const first = created + 10;
        const n = 1 + Math.floor(rnd() * (2 * perOrdering - 1) + 0.5);
        const span = Math.max(0, lastDay - first);
        const dates = [lastDay];
        for (let k = 1; k < n; k++) dates.push(first + Math.floor(rnd() * span));
        for (const d of dates) insO.run(id, day(Math.max(first, d), 0), 10000 + Math.floor(rnd() * 10_000_000));
        last = day(lastDay < first ? first : lastDay, 0);
        if (status === 'c') {
          const d = new Date(`${last}T00:00:00Z`);
          d.setUTCMonth(d.getUTCMonth() + 6);
          lost = d.toISOString().slice(0, 10);
          hist.push(['a', 'c', lost, 'no-order-6m']);
        }
      }
      for (let k = 0; k < visits; k++) insV.run(id, k + 1, `${day(created, Math.floor(rnd() * 400))}T10:00`, rnd() < 0.5 ? 'phone' : 'onsite', ['business-manager', 'assistant', 'sales-manager'][k % 3]);
      const code = `${grade}${status}-${region}${String(serial).padStart(4, '0')}`;
      insC.run(id, code, region, serial, grade, status, `客户${id}有限公司`, `客户${id}有限公司`, provinces[ri], '某市', ['dealer', 'direct', 'oem'][id % 3], coopSince, last, lost, day(created, 0));
      for (const [f, t, d, cat] of hist) insH.run(id, f, t, d, 'bench', cat ?? null, '2026-11-01');
      if (visits) db.prepare('UPDATE customers SET visit_count = ? WHERE id = ?').run(visits, id);
    }
    for (const [region, serial] of serials) db.prepare('INSERT INTO region_counters(region, last_serial) VALUES (?, ?)').run(region, serial);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [n = '1000000', m = '5000000', file = `/tmp/kehu-schema3-${n}.db`] = process.argv.slice(2);
  // The schema-3 file takes minutes to write at a million customers: kept, and reused when it is there;
  // the migration runs on a copy.
  let t = Date.now();
  const probe = fs.existsSync(file) ? new Database(file, { readonly: true }) : null;
  const reuse = probe?.pragma('user_version', { simple: true }) === 3;
  probe?.close();
  if (reuse) console.log(`schema-3 file ${file} reused`);
  else {
    schemaThreeFile(file, { customers: Number(n), orders: Number(m) });
    console.log(`schema-3 file of ${Number(n).toLocaleString('en-US')} customers written in ${((Date.now() - t) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB)`);
  }
  const copy = `${file}.migrated`;
  for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(file, copy);
  t = Date.now();
  let lap = t;
  const db = openDb(copy, {
    onMigrationPhase: (phase) => {
      console.log(`  ${phase}: ${((Date.now() - lap) / 1000).toFixed(1)} s`);
      lap = Date.now();
    },
  });
  const took = (Date.now() - t) / 1000;
  const counts = db.prepare('SELECT (SELECT count(*) FROM customers) c, (SELECT count(*) FROM status_decisions) d, (SELECT count(*) FROM status_history) h, (SELECT count(*) FROM code_history) k').get();
  db.close();
  console.log(`migrated to schema ${MIGRATIONS.length} in ${took.toFixed(1)} s: ${JSON.stringify(counts)} (peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`);
}
