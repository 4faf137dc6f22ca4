// Use cases for users and their roles (who may approve what, SPEC 2.3).

import { type Role, ROLES } from '../core/enums.js';
import { DuplicateUser, MissingValue } from '../core/errors.js';
import { writeTx } from '../store/db.js';
import * as store from '../store/users.js';
import { audit } from './audit.js';
import { type AppContext, timestamp } from './context.js';
import { optionalEnum, parseEnum, requiredText } from './validate.js';

/** A user's name and roles checked (each role by its value or its Chinese label); writes nothing. */
export function validateUser(nameInput: string | undefined, roleInputs: readonly string[]): { name: string; roles: Role[] } {
  const name = requiredText(nameInput, 'NAME', 50);
  if (roleInputs.length === 0) throw new MissingValue('--role');
  return { name, roles: [...new Set(roleInputs.map((r) => parseEnum(ROLES, r)))] };
}

/** Records a validated user in the caller's transaction (add-user and imports); refuses a name in use. */
export function recordUser(ctx: AppContext, u: { name: string; roles: readonly Role[] }, createdAt = timestamp(ctx)): void {
  if (store.userByName(ctx.db, u.name)) throw new DuplicateUser(u.name);
  store.insertUser(ctx.db, u.name, u.roles, createdAt);
  audit(ctx, { customerId: null, entity: 'user', key: u.name, action: 'create', new: JSON.stringify({ roles: u.roles }) });
}

export function addUser(ctx: AppContext, nameInput: string | undefined, roleInputs: readonly string[]): store.UserRow {
  const u = validateUser(nameInput, roleInputs);
  writeTx(ctx.db, () => recordUser(ctx, u));
  return store.userByName(ctx.db, u.name)!;
}

export function listUsers(ctx: AppContext, roleInput?: string): store.UserRow[] {
  const role: Role | undefined = optionalEnum(ROLES, roleInput);
  return store.listUsers(ctx.db, role);
}
