// kehu grant / revoke / grants (issue 17, seed 002 §8.8: 业务经理只能查阅自己负责的客户档案; 销售经理以上可以查阅所
// 管辖区域或行业的档案): who sees a customer beyond its owner and whoever entered it. A market manager, the
// general manager or an administrator gives a user one customer (kehu grant CODE USER), or a sales or market
// manager a region (kehu grant --region 粤GZ USER), and takes it back (kehu revoke). Each is a fact with who
// gave it and when, in the audit log too; a PostgreSQL server enforces them with row-level security.

import { GRANT_ROLES, REGION_ROLES } from '../core/access.js';
import { isCountryCode } from '../core/countries.js';
import { DomainError, InvalidValue, MissingValue, UnknownUser } from '../core/errors.js';
import * as store from '../store/grants.js';
import { userByName } from '../store/users.js';
import { audit } from './audit.js';
import { type AppContext, timestamp, today } from './context.js';
import { findCustomer } from './customers.js';
import { loadRegionIndex } from './regions.js';
import { factTx } from './timeline.js';
import { assertActive } from './users.js';
import { requiredText } from './validate.js';

/** The operator (--as, or the server's session user) may not grant or revoke. */
export class GrantNotAllowed extends DomainError {
  constructor(operator: string, why: 'deactivated' | 'role', since?: string) {
    super('grant_not_allowed', `${operator} may not grant or revoke access (${why})`, { operator, why, since, roles: [...GRANT_ROLES] });
  }
}

/** The user already sees the customer or region: granted before, or the customer's owner or creator. */
export class AlreadyGranted extends DomainError {
  constructor(user: string, target: string, why: 'grant' | 'owner' | 'creator') {
    super('already_granted', `${user} already sees ${target} (${why})`, { user, target, why });
  }
}

/** kehu revoke of a grant that was never given (or already taken back). */
export class GrantNotFound extends DomainError {
  constructor(user: string, target: string) {
    super('grant_not_found', `${target} is not granted to ${user}`, { user, target });
  }
}

/** A region given to someone who is not a sales or market manager. */
export class RegionNeedsManager extends DomainError {
  constructor(user: string, region: string) {
    super('region_needs_manager', `${user} holds no manager's role to be given region ${region}`, { user, region, roles: [...REGION_ROLES] });
  }
}

export interface AccessInput {
  /** A customer (its code, a former code or the stable part), or undefined with `region`. */
  code?: string | undefined;
  region?: string | undefined;
  user?: string | undefined;
}

export interface AccessResult {
  action: 'grant' | 'revoke';
  user: string;
  code: string | null;
  name: string | null;
  region: string | null;
  by: string;
  date: string;
}

/**
 * A region as a customer code writes it, or its start: a province's abbreviation with or without a city's
 * initials (粤, 粤GZ), or a country's two letters with or without a region's (JP, JPOSA).
 */
export function parseRegion(input: string): string {
  const v = input.trim().toUpperCase();
  const m = /^(\p{Script=Han})([A-Z]{0,6})$/u.exec(v);
  if (m) {
    if (loadRegionIndex().provinceByAbbr(m[1]!)) return v;
  } else if (/^[A-Z]{2}[A-Z]{0,6}$/.test(v) && isCountryCode(v.slice(0, 2)) && v.slice(0, 2) !== 'CN') {
    return v;
  }
  throw new InvalidValue('--region', input, undefined, {
    zh: '区域写作客户代码中的区域部分或其开头：省份简称（粤）、省份简称加城市字母（粤GZ），或国家代码（JP、JPOSA）',
    en: "a region as customer codes write it, or its start: a province's abbreviation (粤), with a city's letters (粤GZ), or a country code (JP, JPOSA)",
  });
}

/** The operator must be a known, active user holding a role that grants. */
function assertMayGrant(ctx: AppContext): void {
  const user = userByName(ctx.db, ctx.operator);
  if (!user) throw new UnknownUser(ctx.operator);
  if (user.deactivated_on !== null && user.deactivated_on <= today(ctx)) throw new GrantNotAllowed(ctx.operator, 'deactivated', user.deactivated_on);
  if (!user.roles.some((r) => GRANT_ROLES.includes(r))) throw new GrantNotAllowed(ctx.operator, 'role');
}

function target(input: AccessInput): { code: string } | { region: string } {
  const code = input.code?.trim() || undefined;
  if (code !== undefined && input.region !== undefined) {
    throw new InvalidValue('--region', input.region, undefined, { zh: '客户代码与 --region 只能二选一', en: 'either a CODE or --region, not both' });
  }
  if (input.region !== undefined) return { region: parseRegion(input.region) };
  if (code === undefined) throw new MissingValue('CODE or --region');
  return { code };
}

/** Gives a user a customer or a region, in one transaction with its audit entry. */
export function grantAccess(ctx: AppContext, input: AccessInput): AccessResult {
  const what = target(input);
  const name = requiredText(input.user, 'USER', 50);
  return factTx(ctx, () => {
    assertMayGrant(ctx);
    const user = userByName(ctx.db, name);
    if (!user) throw new UnknownUser(name);
    assertActive(user, 'USER');
    const date = today(ctx);
    const base = { action: 'grant' as const, user: name, by: ctx.operator, date };
    if ('region' in what) {
      if (!user.roles.some((r) => REGION_ROLES.includes(r))) throw new RegionNeedsManager(name, what.region);
      if (store.findGrant(ctx.db, name, { region: what.region })) throw new AlreadyGranted(name, what.region, 'grant');
      store.insertGrant(ctx.db, { grantee: name, customer_id: null, region: what.region, granted_by: ctx.operator, date, recorded_at: timestamp(ctx) });
      audit(ctx, { customerId: null, entity: 'user', key: name, action: 'grant', field: 'region', new: what.region });
      return { ...base, code: null, name: null, region: what.region };
    }
    const c = findCustomer(ctx, what.code);
    if (c.owner === name) throw new AlreadyGranted(name, c.code, 'owner');
    if (c.created_by === name) throw new AlreadyGranted(name, c.code, 'creator');
    if (store.findGrant(ctx.db, name, { customer_id: c.id })) throw new AlreadyGranted(name, c.code, 'grant');
    store.insertGrant(ctx.db, { grantee: name, customer_id: c.id, region: null, granted_by: ctx.operator, date, recorded_at: timestamp(ctx) });
    audit(ctx, { customerId: c.id, entity: 'customer', key: c.code, action: 'grant', field: 'access', new: name });
    return { ...base, code: c.code, name: c.name, region: null };
  });
}

/** Takes back a grant, in one transaction with its audit entry; the grant's row goes, the log keeps it. */
export function revokeAccess(ctx: AppContext, input: AccessInput): AccessResult {
  const what = target(input);
  const name = requiredText(input.user, 'USER', 50);
  return factTx(ctx, () => {
    assertMayGrant(ctx);
    if (!userByName(ctx.db, name)) throw new UnknownUser(name);
    const date = today(ctx);
    const base = { action: 'revoke' as const, user: name, by: ctx.operator, date };
    if ('region' in what) {
      const g = store.findGrant(ctx.db, name, { region: what.region });
      if (!g) throw new GrantNotFound(name, what.region);
      store.deleteGrant(ctx.db, g.id);
      audit(ctx, { customerId: null, entity: 'user', key: name, action: 'revoke', field: 'region', old: what.region });
      return { ...base, code: null, name: null, region: what.region };
    }
    const c = findCustomer(ctx, what.code);
    const g = store.findGrant(ctx.db, name, { customer_id: c.id });
    if (!g) throw new GrantNotFound(name, c.code);
    store.deleteGrant(ctx.db, g.id);
    audit(ctx, { customerId: c.id, entity: 'customer', key: c.code, action: 'revoke', field: 'access', old: name });
    return { ...base, code: c.code, name: c.name, region: null };
  });
}

export type { GrantRow } from '../store/grants.js';

/** The grants in force, one user's or everyone's (on a server: those the session may read). */
export function listAccess(ctx: AppContext, user?: string): store.GrantRow[] {
  const name = user?.trim() || undefined;
  if (name !== undefined && !userByName(ctx.db, name)) throw new UnknownUser(name);
  return store.listGrants(ctx.db, name);
}
