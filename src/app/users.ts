// Use cases for users and their roles (who may approve what, SPEC 2.3).

import { type Role, ROLES } from '../core/enums.js';
import { DuplicateUser, MissingValue } from '../core/errors.js';
import { writeTx } from '../store/db.js';
import * as store from '../store/users.js';
import { type AppContext, timestamp } from './context.js';
import { optionalEnum, parseEnum, requiredText } from './validate.js';

export function addUser(ctx: AppContext, nameInput: string | undefined, roleInputs: readonly string[]): store.UserRow {
  const name = requiredText(nameInput, 'NAME', 50);
  if (roleInputs.length === 0) throw new MissingValue('--role');
  const roles = [...new Set(roleInputs.map((r) => parseEnum(ROLES, r)))];
  writeTx(ctx.db, () => {
    if (store.userByName(ctx.db, name)) throw new DuplicateUser(name);
    store.insertUser(ctx.db, name, roles, timestamp(ctx));
  });
  return store.userByName(ctx.db, name)!;
}

export function listUsers(ctx: AppContext, roleInput?: string): store.UserRow[] {
  const role: Role | undefined = optionalEnum(ROLES, roleInput);
  return store.listUsers(ctx.db, role);
}
