// SQL for users and the roles they hold.

import type { Role } from '../core/enums.js';
import { type Db, isPostgres } from './db.js';
import { pgRoleOf } from './pgSchema.js';

export interface UserRow {
  name: string;
  roles: Role[];
  created_at: string;
  /** The day the user was deactivated (kehu user deactivate); null while active. */
  deactivated_on: string | null;
}

export function insertUser(db: Db, name: string, roles: readonly Role[], createdAt: string): void {
  db.prepare('INSERT INTO users(name, created_at) VALUES (?, ?)').run(name, createdAt);
  const addRole = db.prepare('INSERT INTO user_roles("user", role) VALUES (?, ?)');
  for (const r of roles) addRole.run(name, r);
  grantLoginRoles(db, name, roles);
}

export function addRoles(db: Db, name: string, roles: readonly Role[]): void {
  const addRole = db.prepare('INSERT INTO user_roles("user", role) VALUES (?, ?) ON CONFLICT DO NOTHING');
  for (const r of roles) addRole.run(name, r);
  grantLoginRoles(db, name, roles);
}

/**
 * On PostgreSQL a kehu user is a login role of the same name holding the roles of their kehu roles
 * (pgSchema.ts PG_ROLES): created if missing (the server's roles are shared by its databases), in the caller's
 * transaction. Needs CREATEROLE: without it the server refuses and nothing is written. A SQLite file has no
 * identities.
 */
export function grantLoginRoles(db: Db, name: string, roles: readonly Role[]): void {
  if (!isPostgres(db)) return;
  const exists = db.prepare('SELECT 1 FROM pg_roles WHERE rolname = ?').pluck().get(name) !== undefined;
  if (!exists) db.exec(`CREATE ROLE ${quoteIdent(name)} LOGIN`);
  for (const r of roles) db.exec(`GRANT ${pgRoleOf(r)} TO ${quoteIdent(name)}`);
}

/** A name as a PostgreSQL identifier. */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Who the server says the session is (PostgreSQL): its role, and whether it is a kehu administrator. A SQLite file has no identities: undefined. */
export function serverIdentity(db: Db): { user: string; admin: boolean } | undefined {
  if (!isPostgres(db)) return undefined;
  const [user, admin] = db.prepare('SELECT session_user, kehu_is_admin()').raw().get() as [string, number];
  return { user, admin: admin === 1 };
}

function rowsToUsers(rows: { name: string; created_at: string; deactivated_on: string | null; roles: string | null }[]): UserRow[] {
  return rows.map((r) => ({
    name: r.name,
    created_at: r.created_at,
    roles: (r.roles ? r.roles.split(',') : []) as Role[],
    deactivated_on: r.deactivated_on,
  }));
}

const USER_SELECT = `SELECT u.name, u.created_at, u.deactivated_on, (SELECT string_agg(role, ',' ORDER BY role) FROM user_roles WHERE "user" = u.name) AS roles FROM users u`;

export function userByName(db: Db, name: string): UserRow | undefined {
  return rowsToUsers(db.prepare(`${USER_SELECT} WHERE u.name = ?`).all(name) as never)[0];
}

export function listUsers(db: Db, role?: Role): UserRow[] {
  const rows = role
    ? db.prepare(`${USER_SELECT} WHERE EXISTS (SELECT 1 FROM user_roles r WHERE r."user" = u.name AND r.role = ?) ORDER BY u.name`).all(role)
    : db.prepare(`${USER_SELECT} ORDER BY u.name`).all();
  return rowsToUsers(rows as never);
}

export function setDeactivated(db: Db, name: string, day: string): void {
  db.prepare('UPDATE users SET deactivated_on = ? WHERE name = ?').run(day, name);
}

/** The last day a user's own work is on record: a visit they handled or an approval or rejection they gave (null: none). */
export function lastWorkDay(db: Db, name: string): string | null {
  return db
    .prepare(
      `SELECT max(day) FROM (
         SELECT max(substr(visited_at, 1, 10)) AS day FROM visits WHERE handler = @name
         UNION ALL SELECT max(date) FROM approvals WHERE approver = @name) AS w`,
    )
    .pluck()
    .get({ name }) as string | null;
}

/** How many customers a user owns now. */
export function ownedCount(db: Db, name: string): number {
  return db.prepare('SELECT count(*) FROM customers WHERE owner = ?').pluck().get(name) as number;
}
