// SQL for the meta table (facts about the database file) and whole-file counts.

import type { Db } from './db.js';

export function getMeta(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function countCustomers(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
}

export interface GradeStatusCount {
  grade: string;
  status: string;
  n: number;
}

export function countByGradeStatus(db: Db): GradeStatusCount[] {
  return db.prepare('SELECT grade, status, count(*) AS n FROM customers GROUP BY grade, status ORDER BY grade, status').all() as GradeStatusCount[];
}

export function countByProvince(db: Db): { province: string; n: number }[] {
  return db
    .prepare("SELECT coalesce(province, country) AS province, count(*) AS n FROM customers GROUP BY 1 ORDER BY n DESC, 1")
    .all() as { province: string; n: number }[];
}

/** Rows of the customers export: one per contact, one for each customer without any. */
export function countCustomerRows(db: Db): number {
  return db
    .prepare('SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM contacts) - (SELECT count(DISTINCT customer_id) FROM contacts)')
    .pluck()
    .get() as number;
}

const COUNTABLE = { visits: 'visits', orders: 'orders', contacts: 'contacts', users: 'users' } as const;

/** Row count of one of a fixed set of tables (the name never comes from user input). */
export function countRows(db: Db, table: keyof typeof COUNTABLE): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${COUNTABLE[table]}`).get() as { n: number }).n;
}
