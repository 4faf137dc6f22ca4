// SQL for access grants (issue 17, seed 002 §8.8): a customer or a region given to a user beyond the
// customers they own or entered. A PostgreSQL server enforces them (pgSchema.ts, row-level security); a
// SQLite file keeps them as facts that travel with its archive.

import { type Db, isPostgres } from './db.js';

export interface GrantRow {
  id: number;
  grantee: string;
  /** The customer granted, by its code now; null for a region grant. */
  code: string | null;
  customer_id: number | null;
  name: string | null;
  /** The region granted (a code's region part or its start: 粤, 粤GZ, JP); null for a customer grant. */
  region: string | null;
  granted_by: string;
  date: string;
}

export function insertGrant(
  db: Db,
  g: { grantee: string; customer_id: number | null; region: string | null; granted_by: string; date: string; recorded_at: string },
): number {
  return Number(
    db
      .prepare('INSERT INTO access_grants(grantee, customer_id, region, granted_by, date, recorded_at) VALUES (@grantee, @customer_id, @region, @granted_by, @date, @recorded_at)')
      .run(g).lastInsertRowid,
  );
}

/** The grant of a customer or a region to a user, if there is one. */
export function findGrant(db: Db, grantee: string, target: { customer_id: number } | { region: string }): GrantRow | undefined {
  const where = 'customer_id' in target ? 'g.customer_id = @customer_id' : 'g.region = @region';
  return db.prepare(`${GRANT_SELECT} WHERE g.grantee = @grantee AND ${where}`).get({ grantee, ...target }) as GrantRow | undefined;
}

export function deleteGrant(db: Db, id: number): void {
  db.prepare('DELETE FROM access_grants WHERE id = ?').run(id);
}

const GRANT_SELECT = `SELECT g.id, g.grantee, c.code, g.customer_id, c.name, g.region, g.granted_by, g.date
  FROM access_grants g LEFT JOIN customers c ON c.id = g.customer_id`;

/** The grants the session may read (on a server: its own, or all for those who grant), one user's or all, by user then region or code. */
export function listGrants(db: Db, grantee?: string): GrantRow[] {
  const rows = grantee
    ? db.prepare(`${GRANT_SELECT} WHERE g.grantee = ? ORDER BY g.region IS NULL, g.region, c.code, g.id`).all(grantee)
    : db.prepare(`${GRANT_SELECT} ORDER BY g.grantee, g.region IS NULL, g.region, c.code, g.id`).all();
  // A customer the session cannot see (a server's row-level security) is still granted: keep the row, without its code.
  return rows as GrantRow[];
}

/**
 * Whether the session sees every customer: always on a file; on a server, an administrator, the general
 * manager or a role that bypasses row-level security (kehu_sees_all in pgSchema.ts). A session that sees
 * only some customers may bring those up to date but not mark the whole archive so.
 */
export function seesEverything(db: Db): boolean {
  if (!isPostgres(db)) return true;
  // Asked once per session: who logged in and their roles do not change while it is open.
  let all = seesAll.get(db);
  if (all === undefined) seesAll.set(db, (all = db.prepare('SELECT kehu_sees_all()').pluck().get() === 1));
  return all;
}

const seesAll = new WeakMap<Db, boolean>();

/**
 * Whether a customer the session may not see holds this name key (kehu_name_taken: the unique name would
 * tell anyway, a row at a time). Asked only by a session that sees some customers, once it did not find the
 * name among them; false on a file.
 */
export function nameTakenUnseen(db: Db, key: string): boolean {
  return !seesEverything(db) && db.prepare('SELECT kehu_name_taken(?)').pluck().get(key) === 1;
}
