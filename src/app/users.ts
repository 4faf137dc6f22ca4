// Use cases for users and their roles (who may approve what, SPEC 2.3).

import { type Role, ROLES } from '../core/enums.js';
import { AlreadyDeactivated, DuplicateUser, InvalidValue, MissingValue, UnknownUser, UserDeactivated, type UserDuty } from '../core/errors.js';
import { writeTx } from '../store/db.js';
import * as store from '../store/users.js';
import { audit } from './audit.js';
import { type AppContext, timestamp } from './context.js';
import { optionalEnum, parseEnum, requiredText, writeDate } from './validate.js';

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

/**
 * Refuses a deactivated user for new work (SPEC 2.8). Without `day` (owning a customer: a present fact)
 * any deactivation refuses; with the day of a dated fact (a visit, an approval) only a deactivation on or
 * before it does, so work done before they left can still be entered late, as every fact can.
 */
export function assertActive(user: { name: string; deactivated_on: string | null }, option: string, duty: UserDuty = 'owner', day?: string): void {
  const since = user.deactivated_on;
  if (since !== null && (day === undefined || day >= since)) throw new UserDeactivated(user.name, since, duty, option);
}

/**
 * A known, active user to make the owner of customers (add-customer --owner, edit --owner, reassign --to):
 * an unknown name or a deactivated user is refused naming `option`.
 */
export function assertActiveUser(ctx: AppContext, name: string, option: string): store.UserRow {
  const user = store.userByName(ctx.db, name);
  if (!user) throw new UnknownUser(name);
  assertActive(user, option);
  return user;
}

export interface DeactivateResult extends store.UserRow {
  /** Customers the user still owns: move them with kehu reassign --from. */
  owned_customers: number;
}

/**
 * kehu user deactivate: from `--date` (today when absent) the user is refused as a new owner, handler or
 * approver; their visits, approvals and customers stay as they are. The day may not come before their
 * last recorded visit or approval, which would leave work on record after they left.
 */
export function deactivateUser(ctx: AppContext, input: { name?: string | undefined; date?: string | undefined }): DeactivateResult {
  const name = requiredText(input.name, 'USER', 50);
  const date = writeDate(ctx, input.date);
  writeTx(ctx.db, () => {
    const user = store.userByName(ctx.db, name);
    if (!user) throw new UnknownUser(name);
    if (user.deactivated_on !== null) throw new AlreadyDeactivated(name, user.deactivated_on);
    const last = store.lastWorkDay(ctx.db, name);
    if (last !== null && date < last) throw new InvalidValue('--date', input.date ?? date, undefined, { zh: `不早于 ${last}，即 ${name} 最后一次记录拜访或审批的日期`, en: `on or after ${last}, the day of the last visit or approval ${name} recorded` });
    store.setDeactivated(ctx.db, name, date);
    audit(ctx, { customerId: null, entity: 'user', key: name, action: 'deactivate', field: 'deactivated_on', old: null, new: date, date });
  });
  return { ...store.userByName(ctx.db, name)!, owned_customers: store.ownedCount(ctx.db, name) };
}
