// kehu purge (seed 002 §8.9; PIPL): erasing on request, in one transaction, with an audit row saying who, when
// and why. A whole record only once it is past retention (three years after its business was settled); a
// customer's contacts' personal data at any time, keeping the business record.

import { type Role } from '../core/enums.js';
import { DomainError, InvalidValue, MissingValue, UnknownUser, UsageError } from '../core/errors.js';
import { isPastRetention, purgeableFrom, settlementDay } from '../core/retention.js';
import { writeTx } from '../store/db.js';
import * as store from '../store/retention.js';
import { userByName } from '../store/users.js';
import { audit } from './audit.js';
import { type AppContext, today } from './context.js';
import { findCustomer } from './customers.js';
import { asOfDay, retentionCustomers } from './retention.js';
import { advanceTimelinesTx } from './timeline.js';
import { optionalText } from './validate.js';

/** Who may purge: a manager (销售经理, 市场经理, 总经理); erasing records is not a salesperson's call. */
export const PURGE_ROLES: readonly Role[] = ['sales-manager', 'market-manager', 'general-manager'];

/** A record with business, or settled less than three years ago: kept (§8.9). */
export class NotPastRetention extends DomainError {
  constructor(code: string, status: string, settledOn: string | null, purgeableOn: string | null) {
    super(
      'not_past_retention',
      settledOn === null
        ? `${code} has business (status ${status}); records with business are kept for ever`
        : `${code} was settled on ${settledOn} and is kept until ${purgeableOn}`,
      { code, status, settled_on: settledOn ?? undefined, purgeable_from: purgeableOn ?? undefined },
    );
  }
}

/** The operator (--as) may not purge: unknown, deactivated, or without a manager's role. */
export class PurgeNotAllowed extends DomainError {
  constructor(operator: string, why: 'deactivated' | 'role', since?: string) {
    super('purge_not_allowed', `${operator} may not purge (${why})`, { operator, why, since, roles: [...PURGE_ROLES] });
  }
}

/** A real purge not on a terminal without --yes (exit 2). */
export class PurgeNeedsYes extends UsageError {
  constructor() {
    super('purge_needs_yes', 'kehu purge needs --yes when not run on a terminal', { option: '--yes' });
  }
}

export interface PurgeInput {
  code?: string | undefined;
  due?: boolean | undefined;
  personalDataOnly?: boolean | undefined;
  reason?: string | undefined;
  dryRun?: boolean | undefined;
  asOf?: string | undefined;
}

export interface PurgedCustomer {
  code: string;
  name: string;
  status: string;
  /** 最后结清之日; null for a customer with business (status a or b). */
  settled_on: string | null;
  purge_due_since: string | null;
  /** Rows erased (or, in a dry run, to be erased) per table; for --personal-data-only, the contacts and log entries scrubbed. */
  rows: Record<string, number>;
}

export interface PurgeResult {
  /** record: the whole record; personal_data: the contacts' personal fields only. */
  mode: 'record' | 'personal_data';
  dry_run: boolean;
  as_of: string;
  /** The day recorded on the audit rows. */
  date: string;
  operator: string;
  reason: string | null;
  /** The contact fields a personal-data purge erases. */
  fields: string[];
  count: number;
  customers: PurgedCustomer[];
  /** The rows of every customer added up, per table. */
  totals: Record<string, number>;
}

/** The operator must be a known, active user with a manager's role. */
function assertMayPurge(ctx: AppContext): void {
  const user = userByName(ctx.db, ctx.operator);
  if (!user) throw new UnknownUser(ctx.operator);
  if (user.deactivated_on !== null && user.deactivated_on <= today(ctx)) throw new PurgeNotAllowed(ctx.operator, 'deactivated', user.deactivated_on);
  if (!user.roles.some((r) => PURGE_ROLES.includes(r))) throw new PurgeNotAllowed(ctx.operator, 'role');
}

/** Thrown inside a dry run's transaction to roll it back once the plan is made. */
class DryRunDone extends Error {}

/** The options checked before anything is read; returns the reason (null in a dry run without one) and the as-of day. */
export function purgeOptions(ctx: AppContext, input: PurgeInput): { reason: string | null; asOf: string } {
  const code = input.code?.trim() || undefined;
  if (code !== undefined && input.due) throw new InvalidValue('--due', code, undefined, { zh: '客户代码与 --due 只能二选一', en: 'either a CODE or --due, not both' });
  if (code === undefined && !input.due) throw new MissingValue('CODE or --due');
  const reason = optionalText(input.reason, '--reason', 500) ?? null;
  if (reason === null && !input.dryRun) throw new MissingValue('--reason');
  return { reason, asOf: asOfDay(ctx, input.asOf) };
}

/**
 * Purges what is asked, in one transaction: CODE (past retention, unless only its personal data) or every
 * customer past retention on the as-of day (--due). A dry run makes the same plan in a transaction it rolls
 * back (the timelines brought to today included), so it lists exactly what a purge would erase and the file
 * is left as it was.
 */
export function purge(ctx: AppContext, input: PurgeInput): PurgeResult {
  const { reason, asOf } = purgeOptions(ctx, input);
  const dryRun = input.dryRun ?? false;
  const mode = input.personalDataOnly ? 'personal_data' : 'record';
  const date = today(ctx);
  let customers: PurgedCustomer[] = [];

  const run = (): void => {
    advanceTimelinesTx(ctx);
    assertMayPurge(ctx);
    const targets = selectTargets(ctx, input, asOf, mode);
    customers = mode === 'record' ? purgeRecords(ctx, targets, reason, dryRun, date) : purgePersonalData(ctx, targets, reason, dryRun, date);
    if (dryRun) throw new DryRunDone();
  };
  try {
    writeTx(ctx.db, run);
  } catch (e) {
    if (!(e instanceof DryRunDone)) throw e;
  }
  const totals: Record<string, number> = {};
  for (const c of customers) for (const [t, n] of Object.entries(c.rows)) totals[t] = (totals[t] ?? 0) + n;
  return {
    mode, dry_run: dryRun, as_of: asOf, date, operator: ctx.operator, reason, fields: mode === 'personal_data' ? [...store.ERASED_CONTACT_COLUMNS] : [],
    count: customers.length, customers, totals,
  };
}

interface Target {
  id: number;
  code: string;
  name: string;
  status: string;
  settled_on: string | null;
  purge_due_since: string | null;
}

function selectTargets(ctx: AppContext, input: PurgeInput, asOf: string, mode: PurgeResult['mode']): Target[] {
  if (input.due) {
    return retentionCustomers(ctx, asOf).map((c) => ({ id: c.id, code: c.code, name: c.name, status: c.status, settled_on: c.settled_on, purge_due_since: c.purge_due_since }));
  }
  const c = findCustomer(ctx, input.code!);
  const row = store.settlementRow(ctx.db, c.id)!;
  const facts = { status: row.status, lastOrder: row.last_order_date, statusSince: row.status_since, lastVisit: row.last_visit };
  const settled = settlementDay(facts);
  const due = settled === null ? null : purgeableFrom(settled);
  if (mode === 'record' && !isPastRetention(facts, asOf)) throw new NotPastRetention(c.code, c.status, settled, due);
  return [{ id: c.id, code: c.code, name: c.name, status: c.status, settled_on: settled, purge_due_since: due }];
}

function purgeRecords(ctx: AppContext, targets: readonly Target[], reason: string | null, dryRun: boolean, date: string): PurgedCustomer[] {
  const tables = store.customerTables(ctx.db);
  const ids = targets.map((t) => t.id);
  const counts = store.customerRowCounts(ctx.db, tables, ids);
  const out = targets.map((t) => ({ code: t.code, name: t.name, status: t.status, settled_on: t.settled_on, purge_due_since: t.purge_due_since, rows: { customers: 1, ...counts.get(t.id)! } }));
  if (dryRun) return out;
  store.deleteCustomers(ctx.db, tables, ids);
  // The audit row keeps what was erased, not the personal data: code, name, status, settlement and counts.
  for (const c of out) {
    audit(ctx, {
      customerId: null, entity: 'customer', key: c.code, action: 'purge', date, reason,
      old: JSON.stringify({ code: c.code, name: c.name, status: c.status, settled_on: c.settled_on, rows: c.rows }),
    });
  }
  return out;
}

function purgePersonalData(ctx: AppContext, targets: readonly Target[], reason: string | null, dryRun: boolean, date: string): PurgedCustomer[] {
  return targets.map((t) => {
    const n = store.personalDataCounts(ctx.db, t.id);
    const rows: Record<string, number> = {};
    if (n.contacts) rows.contacts = n.contacts;
    if (n.audit_log) rows.audit_log = n.audit_log;
    if (!dryRun) {
      store.erasePersonalData(ctx.db, t.id);
      audit(ctx, { customerId: t.id, entity: 'customer', key: t.code, action: 'purge', date, reason, old: JSON.stringify({ personal_data: rows }) });
    }
    return { code: t.code, name: t.name, status: t.status, settled_on: t.settled_on, purge_due_since: t.purge_due_since, rows };
  });
}
