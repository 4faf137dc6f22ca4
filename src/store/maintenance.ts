// SQL for keeping the file healthy: integrity checks, the store's own invariants, consistent backups.

import { deferFactIndexes, FACT_TABLE_NAMES, FACT_TABLES, factLoader, factRows, finishLoad } from './archive.js';
import { beginImmediate, commit, rollback } from './bulk.js';
import { beginRead, type Db, isPostgres, openDb, sqlite } from './db.js';
import { getMeta } from './meta.js';
import { TIMELINE_AS_OF } from './timeline.js';
import { latestContactsSql, latestVisitSql, stageFirstSql } from './schema.js';

export function integrityCheck(db: Db): string[] {
  // A PostgreSQL server keeps its own files consistent (write-ahead log, page checksums): no file to check here.
  if (isPostgres(db)) return ['ok'];
  return (sqlite(db).pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
}

export interface InvariantViolation {
  check: string;
  code: string;
  detail: string;
}

/** The store's own rules: serials within counters, gap-free visit numbers, codes matching grade and status, kept totals. */
export function invariantViolations(db: Db): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  for (const r of db
    .prepare(
      // Voided visits keep their numbers: the numbers run 1..counter over those that stand and those voided.
      `SELECT c.code, c.visit_count, count(v.seq) AS n, coalesce(max(v.seq), 0) AS top
       FROM customers c LEFT JOIN (SELECT customer_id, seq FROM visits UNION ALL SELECT customer_id, seq FROM voided_visits) v ON v.customer_id = c.id GROUP BY c.id
       HAVING count(v.seq) <> c.visit_count OR coalesce(max(v.seq), 0) <> c.visit_count`,
    )
    .all() as { code: string; visit_count: number; n: number; top: number }[]) {
    out.push({ check: 'visit_numbers', code: r.code, detail: `${r.n} visits numbered up to ${r.top}, counter ${r.visit_count}` });
  }
  for (const r of db
    .prepare(
      `SELECT code, grade, status, region, serial FROM customers
       WHERE code <> grade || status || '-' || region || CASE WHEN serial < 10000 THEN substr('000' || CAST(serial AS TEXT), length(CAST(serial AS TEXT))) ELSE CAST(serial AS TEXT) END`,
    )
    .all() as { code: string; grade: string; status: string; region: string; serial: number }[]) {
    out.push({ check: 'code_letters', code: r.code, detail: `grade ${r.grade}, status ${r.status}, region ${r.region}, serial ${r.serial}` });
  }
  for (const r of db
    .prepare(
      `SELECT c.code, c.region, c.serial, rc.last_serial FROM customers c LEFT JOIN region_counters rc ON rc.region = c.region
       WHERE rc.last_serial IS NULL OR c.serial > rc.last_serial`,
    )
    .all() as { code: string; region: string; serial: number; last_serial: number | null }[]) {
    out.push({ check: 'serial_counter', code: r.code, detail: `serial ${r.serial} above the ${r.region} counter ${r.last_serial ?? 'missing'}` });
  }
  for (const r of db
    .prepare(`SELECT c.code FROM customers c WHERE NOT EXISTS (SELECT 1 FROM code_history h WHERE h.code = c.code AND h.customer_id = c.id AND h.valid_to IS NULL)`)
    .all() as { code: string }[]) {
    out.push({ check: 'code_history', code: r.code, detail: 'current code missing from the code history' });
  }
  // Code intervals: each starts where the one before ended, none runs backwards, only the last is open.
  // Judged over the code history alone; only the broken rows are joined to their customer.
  for (const r of db
    .prepare(
      `SELECT c.code, x.former, x.valid_from, x.valid_to, x.next_from, x.next_code FROM (
         SELECT customer_id, code AS former, valid_from, valid_to,
                lead(valid_from) OVER w AS next_from, lead(code) OVER w AS next_code
         FROM code_history WINDOW w AS (PARTITION BY customer_id ORDER BY valid_from, id)) x
       JOIN customers c ON c.id = x.customer_id
       WHERE (x.valid_to IS NOT NULL AND x.valid_to <= x.valid_from)
          OR (x.next_from IS NULL AND x.valid_to IS NOT NULL)
          OR (x.next_from IS NOT NULL AND (x.valid_to IS NULL OR x.valid_to <> x.next_from OR x.next_code = x.former))`,
    )
    .all() as { code: string; former: string; valid_from: string; valid_to: string | null; next_from: string | null; next_code: string | null }[]) {
    out.push({ check: 'code_intervals', code: r.code, detail: `${r.former} ${r.valid_from} → ${r.valid_to ?? '…'}, next ${r.next_code ?? '—'} from ${r.next_from ?? '—'}` });
  }
  // No formal VIP without the general manager (SPEC 2.3): entered as A by one, or its A approved by one.
  for (const r of db
    .prepare(
      `SELECT c.code FROM customers c WHERE c.grade = 'A' AND c.status = 'a' AND c.opening_confirmed_by IS NULL
         AND NOT EXISTS (SELECT 1 FROM applications a JOIN approvals p ON p.application_id = a.id
                         WHERE a.customer_id = c.id AND a.status = 'approved' AND a.to_grade = 'A' AND p.role = 'general-manager' AND p.decision = 'approve')`,
    )
    .all() as { code: string }[]) {
    out.push({ check: 'formal_vip', code: r.code, detail: 'a formal VIP (Aa) with no general manager approval on record' });
  }
  // The totals the churn report reads instead of the orders (kept by triggers, schema 2 and 3).
  const totals = (kept: string, actual: string): { k: string; kept: number; actual: number }[] =>
    db
      .prepare(
        `SELECT k, sum(kept) AS kept, sum(actual) AS actual FROM (SELECT k, fen AS kept, 0 AS actual FROM (${kept}) AS a UNION ALL SELECT k, 0, fen FROM (${actual}) AS b) AS t
         GROUP BY k HAVING sum(kept) <> sum(actual) ORDER BY k`,
      )
      .all() as { k: string; kept: number; actual: number }[];
  for (const r of totals(
    "SELECT month AS k, amount_fen AS fen FROM order_months UNION ALL SELECT month || ' orders', orders FROM order_months",
    "SELECT substr(date, 1, 7) AS k, sum(amount_fen) AS fen FROM orders GROUP BY 1 UNION ALL SELECT substr(date, 1, 7) || ' orders', count(*) FROM orders GROUP BY 1",
  )) {
    out.push({ check: 'order_months', code: r.k, detail: `kept ${r.kept}, the orders add up to ${r.actual}` });
  }
  for (const r of totals(
    "SELECT lost_month || ' ' || order_month AS k, amount_fen AS fen FROM lost_order_months",
    `SELECT coalesce(substr(c.lost_date, 1, 7), '') || ' ' || substr(o.date, 1, 7) AS k, sum(o.amount_fen) AS fen
     FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.status = 'c' GROUP BY 1`,
  )) {
    out.push({ check: 'lost_order_months', code: r.k, detail: `kept ${r.kept} fen, the lost customers' orders add up to ${r.actual}` });
  }
  // Each customer's latest visit and latest contacts by role (kept by triggers, schema 9) against the visits.
  const differ = (kept: string, actual: string): { customer_id: number }[] =>
    db.prepare(`SELECT customer_id FROM (SELECT * FROM (${kept}) AS a EXCEPT SELECT * FROM (${actual}) AS b) AS x UNION SELECT customer_id FROM (SELECT * FROM (${actual}) AS b EXCEPT SELECT * FROM (${kept}) AS a) AS y ORDER BY 1`).all() as {
      customer_id: number;
    }[];
  const codeOf = db.prepare('SELECT code FROM customers WHERE id = ?').pluck();
  for (const r of differ('SELECT customer_id, visited_at, seq, next_date FROM visit_latest', latestVisitSql('1 = 1'))) {
    out.push({ check: 'visit_latest', code: (codeOf.get(r.customer_id) as string | undefined) ?? `#${r.customer_id}`, detail: 'the latest visit kept differs from the visits' });
  }
  for (const r of differ('SELECT customer_id, role, last_onsite, last_phone, last_any FROM contact_latest', latestContactsSql('1 = 1'))) {
    out.push({ check: 'contact_latest', code: (codeOf.get(r.customer_id) as string | undefined) ?? `#${r.customer_id}`, detail: 'the latest contacts kept differ from the visits' });
  }
  for (const r of differ('SELECT customer_id, stage, visited_at, seq, handler FROM stage_first', stageFirstSql('1 = 1'))) {
    out.push({ check: 'stage_first', code: (codeOf.get(r.customer_id) as string | undefined) ?? `#${r.customer_id}`, detail: 'the first visits at each stage kept differ from the visits' });
  }
  return out;
}

/** A consistent snapshot of the whole database into a new file, while other processes keep writing. */
export function vacuumInto(db: Db, file: string): void {
  if (isPostgres(db)) {
    copyIntoFile(db, file);
    return;
  }
  db.prepare('VACUUM INTO ?').run(file);
}

/**
 * A server's database as a new SQLite file: every fact table's rows read in one snapshot (repeatable read)
 * and written in one transaction, then the derived data recomputed as of the same day, as a loaded archive's.
 */
function copyIntoFile(db: Db, file: string): void {
  const copy = openDb(file);
  try {
    beginImmediate(copy);
    beginRead(db);
    try {
      const restore = deferFactIndexes(copy);
      for (const table of FACT_TABLE_NAMES) {
        const load = factLoader(copy, table, FACT_TABLES[table]);
        for (const row of factRows(db, table)) load.add(row, 0);
        load.flush();
      }
      restore();
      const asOf = getMeta(db, TIMELINE_AS_OF);
      if (asOf !== undefined) finishLoad(copy, asOf);
      commit(copy);
    } finally {
      if (db.inTransaction) db.exec('COMMIT');
      rollback(copy);
    }
  } finally {
    copy.close();
  }
}
