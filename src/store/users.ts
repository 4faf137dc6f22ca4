// SQL for users and the roles they hold.

import type { Role } from '../core/enums.js';
import type { Db } from './db.js';

export interface UserRow {
  name: string;
  roles: Role[];
  created_at: string;
  /** The day the user was deactivated (kehu user deactivate); null while active. */
  deactivated_on: string | null;
}

export function insertUser(db: Db, name: string, roles: readonly Role[], createdAt: string): void {
  db.prepare('INSERT INTO users(name, created_at) VALUES (?, ?)').run(name, createdAt);
  const addRole = db.prepare('INSERT INTO user_roles(user, role) VALUES (?, ?)');
  for (const r of roles) addRole.run(name, r);
}

export function addRoles(db: Db, name: string, roles: readonly Role[]): void {
  const addRole = db.prepare('INSERT OR IGNORE INTO user_roles(user, role) VALUES (?, ?)');
  for (const r of roles) addRole.run(name, r);
}

function rowsToUsers(rows: { name: string; created_at: string; deactivated_on: string | null; roles: string | null }[]): UserRow[] {
  return rows.map((r) => ({
    name: r.name,
    created_at: r.created_at,
    roles: (r.roles ? r.roles.split(',') : []) as Role[],
    deactivated_on: r.deactivated_on,
  }));
}

const USER_SELECT = `SELECT u.name, u.created_at, u.deactivated_on, (SELECT group_concat(role, ',') FROM (SELECT role FROM user_roles WHERE user = u.name ORDER BY role)) AS roles FROM users u`;

export function userByName(db: Db, name: string): UserRow | undefined {
  return rowsToUsers(db.prepare(`${USER_SELECT} WHERE u.name = ?`).all(name) as never)[0];
}

export function listUsers(db: Db, role?: Role): UserRow[] {
  const rows = role
    ? db.prepare(`${USER_SELECT} WHERE EXISTS (SELECT 1 FROM user_roles r WHERE r.user = u.name AND r.role = ?) ORDER BY u.name`).all(role)
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
         UNION ALL SELECT max(date) FROM approvals WHERE approver = @name)`,
    )
    .pluck()
    .get({ name }) as string | null;
}

/** How many customers a user owns now. */
export function ownedCount(db: Db, name: string): number {
  return db.prepare('SELECT count(*) FROM customers WHERE owner = ?').pluck().get(name) as number;
}
