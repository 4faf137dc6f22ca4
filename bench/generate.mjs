// Builds a large kehu database for benchmarks: N customers and M orders, seeded so runs are comparable.
// Facts are written in bulk (customers, orders, and the decisions that make some customers invalid),
// then every timeline is derived by the same function the schema migration uses (recomputeAll), timed.
import fs from 'node:fs';
import { nameColumns } from '../dist/core/names.js';
import { openDb } from '../dist/store/db.js';
import { deferSearchIndex } from '../dist/store/search.js';
import { recomputeAll } from '../dist/store/timeline.js';

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same data, so runs are comparable. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The day the generated file is "today": its timelines are computed as of it, and the bench pins KEHU_NOW to it. */
export const BENCH_TODAY = '2026-11-23';
export const BENCH_NOW = '2026-11-23T02:00:00Z';

export function generate(file, { customers = 1_000_000, orders = 5_000_000, visits = 0, seed = 42 } = {}) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = openDb(file);
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF'); // rows are written child-first here; the generator keeps them consistent
  // The search index is built once at the end, not through its triggers row by row.
  const restoreSearch = deferSearchIndex(db);
  const rnd = seededRandom(seed);
  const day = (base, plus) => new Date(Date.UTC(2024, 0, 1) + (base + plus) * 86_400_000).toISOString().slice(0, 10);
  const regions = ['粤GZ', '粤SZ', '浙HZ', '苏SZ', '京BJ', '沪SH', '闽XM', '川CD', '鲁QD', '鄂WH'];
  const provinces = regions.map((r) => r[0]);
  // The row says what the customer was entered as; code, status and dates are the timeline's to fill.
  const insC = db.prepare(`INSERT INTO customers(id, code, region, serial, grade, status, opening_grade, name, name_key, name_pinyin, name_initials, province, city, type, owner, created_on, created_by, updated_at)
    VALUES (?, ?, ?, ?, ?, 'b', ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'bench', '2026-11-01')`);
  const insD = db.prepare("INSERT INTO status_decisions(customer_id, date, to_status, kind, reason_category, reason, operator, recorded_at) VALUES (?, ?, 'd', 'manual', 'no-need', '无需求', 'bench', '2026-11-01')");
  const insO = db.prepare("INSERT INTO orders(customer_id, date, amount_fen, recorded_by, recorded_at) VALUES (?, ?, ?, 'bench', '2026-11-01')");
  const insV = db.prepare("INSERT INTO visits(customer_id, seq, visited_at, method, handler, handler_role, summary, recorded_by, recorded_at) VALUES (?, ?, ?, ?, 'bench', ?, 'x', 'bench', '2026-11-01')");
  const serials = new Map();
  // Only cooperating and lost customers (about 68 %) have orders; about this many each.
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
      if (status === 'a' || status === 'c') {
        // Cooperating customers ordered recently (about one in ten has stalled 4–6 months); lost ones
        // stopped ordering long enough ago that six months without an order made them lost.
        const today = 1057; // 2026-11-23 in days after 2024-01-01
        const lastDay = status === 'a' ? today - (rnd() < 0.1 ? 120 + Math.floor(rnd() * 55) : Math.floor(rnd() * 100)) : created + 10 + Math.floor(rnd() * Math.max(1, today - 200 - created - 10));
        // From the first order to the last, an order every 20 to 170 days (mean gap set by the orders
        // asked for): no gap reaches six months, so a customer is lost only when its orders stop.
        const first = created + 10;
        const last = Math.max(first, lastDay);
        const meanGap = Math.min(90, Math.max(30, (last - first) / Math.max(1, perOrdering - 1)));
        let d = first;
        for (;;) {
          insO.run(id, day(d, 0), 10000 + Math.floor(rnd() * 10_000_000));
          const next = d + 20 + Math.floor(rnd() * (2 * meanGap - 40));
          if (next > last) break;
          d = next;
        }
        // The last order on its day, unless one came less than 20 days before.
        if (last - d >= 20) insO.run(id, day(last, 0), 10000 + Math.floor(rnd() * 10_000_000));
      }
      if (status === 'd') insD.run(id, day(created, 5));
      for (let k = 0; k < visits; k++) insV.run(id, k + 1, `${day(created, Math.floor(rnd() * 400))}T10:00`, rnd() < 0.5 ? 'phone' : 'onsite', ['business-manager', 'assistant', 'sales-manager'][k % 3]);
      const code = `${grade}b-${region}${String(serial).padStart(4, '0')}`;
      const n = nameColumns(`客户${id}有限公司`);
      insC.run(id, code, region, serial, grade, grade, n.name, n.name_key, n.name_pinyin, n.name_initials, provinces[ri], '某市', ['dealer', 'direct', 'oem'][id % 3], day(created, 0));
      if (visits) db.prepare('UPDATE customers SET visit_count = ? WHERE id = ?').run(visits, id);
    }
    for (const [region, serial] of serials) db.prepare('INSERT INTO region_counters(region, last_serial) VALUES (?, ?)').run(region, serial);
  })();
  // Every timeline from its facts, as the migration does it: derived tables empty, their secondary
  // indexes built after, one transaction.
  const t = Date.now();
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('status_history', 'code_history')").all();
  db.transaction(() => {
    for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
    recomputeAll(db, BENCH_TODAY, { fresh: true });
    for (const i of indexes) db.exec(i.sql);
    restoreSearch();
    db.prepare("INSERT INTO meta(key, value) VALUES ('timeline_as_of', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(BENCH_TODAY);
  })();
  const recomputeSeconds = (Date.now() - t) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  const counts = db.prepare('SELECT (SELECT count(*) FROM customers) c, (SELECT count(*) FROM orders) o, (SELECT count(*) FROM status_history) h').get();
  db.close();
  return { ...counts, recompute_s: recomputeSeconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file = '/tmp/kehu-bench.db', n = '1000000', m = '5000000'] = process.argv.slice(2);
  const t = Date.now();
  console.log(generate(file, { customers: Number(n), orders: Number(m) }), `${((Date.now() - t) / 1000).toFixed(1)} s`);
}
