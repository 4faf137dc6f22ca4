// kehu today (SPEC 2.9, issue 15): one person's agenda for a day — overdue duties, follow-ups that have come
// due and those escalated to the managers, materials to send within 24 hours, key contacts' birthdays,
// approvals waiting, lost customers without a salvage plan, customers at risk. Each group counted in full,
// listed up to a limit.

import {
  DEFAULT_ESCALATE_AFTER_DAYS,
  escalatedTo,
  escalationCutoff,
  followUpDaysOverdue,
  MATERIALS_SENDERS,
  materialsDueAt,
  materialsOverdueHours,
  SALVAGE_PLANNERS,
  upcomingBirthday,
} from '../core/agenda.js';
import { DEFAULT_RISK_MONTHS, idleCutoff, lastActivity, lostDate } from '../core/churn.js';
import { monthsBetween, parseDate } from '../core/dates.js';
import type { Role } from '../core/enums.js';
import { DomainError, InvalidValue, UnknownUser } from '../core/errors.js';
import { DUTIES_OF_ROLE, DUTIES_ON_EVERY_CUSTOMER, OWNER_DUTIES, type RequirementRole } from '../core/visits.js';
import * as store from '../store/agenda.js';
import { escalatedFollowUps, followUpsDueBy } from '../store/followUps.js';
import { userByName } from '../store/users.js';
import { type PendingApplication, pendingApprovals } from './approvals.js';
import { type AppContext, today, wallClock, zoneOf } from './context.js';
import { type DueEntry, dueEntries, type DueQuery, dueTop, sortDue } from './due.js';
import { limitOf, optionalInt, optionalText } from './validate.js';

/** A deactivated user has no agenda: their customers go to someone else (kehu reassign). */
export class AgendaUserDeactivated extends DomainError {
  constructor(name: string, since: string, option: string) {
    super('agenda_user_deactivated', `User "${name}" was deactivated on ${since} and has no agenda`, { name, since, option });
  }
}

export const DEFAULT_AGENDA_LIMIT = 20;

export interface Group<T> {
  /** How many there are in all. */
  count: number;
  /** The first `limit` of them. */
  items: T[];
}

export interface FollowUpItem {
  code: string;
  name: string;
  status: string;
  owner: string | null;
  /** The visit that set the follow-up (第 n 次拜访). */
  seq: number;
  visited_at: string;
  handler: string;
  next_step: string | null;
  next_date: string;
  days_overdue: number;
}

export interface EscalatedItem extends FollowUpItem {
  /** The manager roles it has reached: sales-manager after N days, market-manager too after 2N. */
  escalated_to: Role[];
}

export interface MaterialsItem {
  code: string;
  name: string;
  owner: string | null;
  seq: number;
  visited_at: string;
  handler: string;
  materials: string;
  due_at: string;
  /** Hours past the due time (negative: hours still left). */
  overdue_hours: number;
}

export interface BirthdayItem {
  code: string;
  name: string;
  contact: string;
  title: string | null;
  decision_maker: boolean;
  insider: boolean;
  birthday: string;
  date: string;
  days_until: number;
}

export interface LostItem {
  code: string;
  name: string;
  grade: string;
  owner: string | null;
  lost_date: string | null;
  last_order_date: string | null;
}

export interface AtRiskItem {
  code: string;
  name: string;
  grade: string;
  last_order_date: string | null;
  cooperating_since: string;
  months_without_order: number;
  /** The day it will count as lost with no order before (SPEC 2.2). */
  lost_on: string;
}

export interface ApprovalItem {
  id: number;
  code: string;
  name: string;
  kind: PendingApplication['kind'];
  from_grade: string;
  to_grade: string;
  applicant: string;
  applied_on: string;
  waiting_for: Role[];
}

export interface Agenda {
  user: string;
  roles: Role[];
  as_of: string;
  escalate_after: number;
  limit: number;
  /** Items in all the groups (complete counts). */
  total: number;
  overdue_duties: Group<DueEntry>;
  follow_ups: Group<FollowUpItem>;
  escalated: Group<EscalatedItem>;
  materials: Group<MaterialsItem>;
  birthdays: Group<BirthdayItem>;
  approvals: Group<ApprovalItem>;
  lost_without_plan: Group<LostItem>;
  at_risk: Group<AtRiskItem> & { months: number };
}

export interface AgendaInput {
  asOf?: string | undefined;
  for?: string | undefined;
  limit?: string | undefined;
  escalateAfter?: string | undefined;
}

function group<T>(all: T[], limit: number): Group<T> {
  return { count: all.length, items: limit > 0 ? all.slice(0, limit) : all };
}

/**
 * The duties U answers for: the owner's on U's customers, and those of U's roles that serve every customer, on
 * every customer. How many, and the first `limit` (0: all) most overdue.
 */
function overdueDuties(ctx: AppContext, name: string, roles: Role[], asOf: string, limit: number): Group<DueEntry> {
  const everywhere = [...new Set<RequirementRole>(roles.flatMap((r) => DUTIES_OF_ROLE[r]))].filter((r) => DUTIES_ON_EVERY_CUSTOMER.includes(r));
  const queries: DueQuery[] = [{ asOf, wanted: OWNER_DUTIES, owner: name }];
  if (everywhere.length) queries.unshift({ asOf, wanted: everywhere });
  if (limit === 0) {
    const all = sortDue(queries.flatMap((q) => dueEntries(ctx, q)));
    return { count: all.length, items: all };
  }
  // Each query's first `limit` hold the first `limit` of both.
  const parts = queries.map((q) => dueTop(ctx, q, limit));
  return { count: parts.reduce((n, p) => n + p.count, 0), items: sortDue(parts.flatMap((p) => p.entries)).slice(0, limit) };
}

/** The agenda of the operator, or of `--for USER`, as of a day. */
export function agenda(ctx: AppContext, input: AgendaInput): Agenda {
  const now = today(ctx);
  const asOf = input.asOf === undefined ? now : parseDate(input.asOf, '--as-of', zoneOf(ctx));
  if (asOf > now) throw new InvalidValue('--as-of', input.asOf!, undefined, { zh: `不晚于今天（${now}）`, en: `not after today (${now})` });
  const limit = limitOf(input.limit, DEFAULT_AGENDA_LIMIT) ?? 0;
  const after = optionalInt(input.escalateAfter, '--escalate-after', 1, 365) ?? DEFAULT_ESCALATE_AFTER_DAYS;
  const option = input.for === undefined ? '--as' : '--for';
  const name = optionalText(input.for, '--for', 50) ?? ctx.operator;
  const user = userByName(ctx.db, name);
  if (!user) throw new UnknownUser(name, input.for === undefined ? '--as' : undefined);
  if (user.deactivated_on !== null && user.deactivated_on <= asOf) throw new AgendaUserDeactivated(name, user.deactivated_on, option);
  const roles = user.roles;
  const holds = (r: readonly Role[]): boolean => roles.some((x) => r.includes(x));
  // The moment overdue hours are counted to: now, or the end of a past day.
  const moment = asOf === now ? wallClock(ctx) : `${asOf}T23:59`;

  const duties = overdueDuties(ctx, name, roles, asOf, limit);

  const toItem = (f: ReturnType<typeof followUpsDueBy>[number]): FollowUpItem => ({
    code: f.code, name: f.name, status: f.status, owner: f.owner, seq: f.seq, visited_at: f.visited_at, handler: f.handler,
    next_step: f.next_step, next_date: f.next_date, days_overdue: followUpDaysOverdue(f.next_date, asOf),
  });
  const followUps = followUpsDueBy(ctx.db, { today: asOf, through: asOf, owner: name }).map(toItem);

  const managerRoles = (['sales-manager', 'market-manager'] as const).filter((r) => roles.includes(r));
  let escalated: Group<EscalatedItem> = { count: 0, items: [] };
  if (managerRoles.length) {
    // The later cutoff of the user's manager roles: every follow-up past it has reached one of them.
    const through = managerRoles.map((r) => escalationCutoff(asOf, after, r)).sort().at(-1)!;
    const found = escalatedFollowUps(ctx.db, { through, notOwner: name, limit });
    escalated = { count: found.count, items: found.rows.map((f) => ({ ...toItem(f), escalated_to: escalatedTo(followUpDaysOverdue(f.next_date, asOf), after) })) };
  }

  const pending = store.pendingMaterials(ctx.db, { until: `${asOf}T23:59`, user: holds(MATERIALS_SENDERS) ? undefined : name, limit });
  const materials: Group<MaterialsItem> = {
    count: pending.count,
    items: pending.rows.map((m) => {
      const dueAt = materialsDueAt(m.visited_at);
      return { code: m.code, name: m.name, owner: m.owner, seq: m.seq, visited_at: m.visited_at, handler: m.handler, materials: m.materials, due_at: dueAt, overdue_hours: materialsOverdueHours(dueAt, moment) };
    }),
  };

  const birthdays: BirthdayItem[] = [];
  for (const k of store.keyContactsWithBirthday(ctx.db, name)) {
    const next = upcomingBirthday(k.birthday, asOf);
    if (next === null) continue;
    birthdays.push({
      code: k.code, name: k.name, contact: k.contact, title: k.title, decision_maker: k.is_decision_maker === 1, insider: k.is_insider === 1,
      birthday: k.birthday, date: next.date, days_until: next.days_until,
    });
  }
  birthdays.sort((a, b) => a.days_until - b.days_until || a.code.localeCompare(b.code) || a.contact.localeCompare(b.contact));

  const approvals: ApprovalItem[] = pendingApprovals(ctx, { user: name }).map((a) => ({
    id: a.id, code: a.code, name: a.name, kind: a.kind, from_grade: a.from_grade, to_grade: a.to_grade, applicant: a.applicant, applied_on: a.applied_on, waiting_for: a.waiting_for,
  }));

  const lost = store.lostWithoutPlan(ctx.db, { day: asOf, owner: holds(SALVAGE_PLANNERS) ? undefined : name, limit });

  const atRisk: AtRiskItem[] = store
    .idleCooperating(ctx.db, { owner: name, cutoff: idleCutoff(asOf, DEFAULT_RISK_MONTHS) })
    .map((c) => {
      const since = lastActivity(c.last_order_date, c.cooperating_since);
      return {
        code: c.code, name: c.name, grade: c.grade, last_order_date: c.last_order_date, cooperating_since: c.cooperating_since,
        months_without_order: monthsBetween(since, asOf), lost_on: lostDate(c.last_order_date, c.cooperating_since),
      };
    })
    .sort((a, b) => a.lost_on.localeCompare(b.lost_on) || a.code.localeCompare(b.code));

  const groups = {
    overdue_duties: duties,
    follow_ups: group(followUps, limit),
    escalated,
    materials,
    birthdays: group(birthdays, limit),
    approvals: group(approvals, limit),
    lost_without_plan: { count: lost.count, items: lost.rows },
    at_risk: { ...group(atRisk, limit), months: DEFAULT_RISK_MONTHS },
  };
  const total = Object.values(groups).reduce((s, g) => s + g.count, 0);
  return { user: name, roles, as_of: asOf, escalate_after: after, limit, total, ...groups };
}
