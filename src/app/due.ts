// kehu due (客情维护, SPEC 2.4 / 2.9, seed 002 §7): the required contacts of cooperating customers that are
// overdue, the half-yearly technical support of formal A and B customers, and their monthly review.

import { daysBetween, monthEnd, monthOf, monthStart, parseDate, previousMonth } from '../core/dates.js';
import { type Grade, GRADES, type Role, ROLES } from '../core/enums.js';
import { UnknownUser } from '../core/errors.js';
import { type ContactRequirement, contactRequirements, type Duty, DUTIES_OF_ROLE, missingReviewMonth, nextContactDue, type RequirementRole } from '../core/visits.js';
import * as act from '../store/activity.js';
import { readSnapshot } from '../store/db.js';
import { userByName } from '../store/users.js';
import { type AppContext, today, zoneOf } from './context.js';
import { optionalEnum, optionalText } from './validate.js';

export interface DueEntry {
  code: string;
  name: string;
  grade: Grade;
  owner: string | null;
  province: string | null;
  city: string | null;
  role: RequirementRole;
  /** onsite / phone (the frequency table), any (technical support: any contact), review (the monthly review). */
  method: 'onsite' | 'phone' | 'any' | 'review';
  every_months: number;
  /** The last contact that counts (date-time), or for a review the day of the latest one; null: never. */
  last_contact: string | null;
  due_date: string;
  /** Days past the due date; 0 for this month's review, due by the month's end. */
  days_overdue: number;
  duty: Duty;
}

export interface DueQuery {
  asOf: string;
  /** Requirement roles to list (all when absent). */
  wanted?: readonly RequirementRole[] | undefined;
  owner?: string | undefined;
  grade?: Grade | undefined;
  /** Include this month's missing review, due by the month's end (due lists it; the agenda only what is overdue). */
  withCurrentReview?: boolean;
}

/** The overdue duties of cooperating customers as of a day (store reads, core decides), in no particular order. */
export function dueEntries(ctx: AppContext, q: DueQuery): DueEntry[] {
  const out: DueEntry[] = [];
  scanDue(ctx, q, (c, duty) => out.push(entryOf(c, duty)));
  return out;
}

/**
 * How many duties are overdue and the first `limit` of them in `sortDue`'s order (the agenda shows a few of
 * thousands): an entry is made only when it is among the first so far.
 */
export function dueTop(ctx: AppContext, q: DueQuery, limit: number): { count: number; entries: DueEntry[] } {
  const kept: DueEntry[] = [];
  let count = 0;
  scanDue(ctx, q, (c, duty) => {
    count++;
    if (kept.length >= limit && compareDue({ days_overdue: duty.days_overdue, code: c.code, role: duty.role }, kept[kept.length - 1]!) >= 0) return;
    const e = entryOf(c, duty);
    let i = kept.length;
    while (i > 0 && compareDue(e, kept[i - 1]!) < 0) i--;
    kept.splice(i, 0, e);
    if (kept.length > limit) kept.pop();
  });
  return { count, entries: kept };
}

/** A duty found overdue: the entry's own fields. */
type DueDuty = Omit<DueEntry, 'code' | 'name' | 'grade' | 'owner' | 'province' | 'city'>;
/** Called once per overdue duty; `duty` is the scan's own object, reused: copy what is kept (entryOf). */
type DueAdd = (c: act.DueCustomerRow, duty: Readonly<DueDuty>) => void;

function entryOf(c: Pick<act.DueCustomerRow, 'code' | 'name' | 'grade' | 'owner' | 'province' | 'city'>, d: Readonly<DueDuty>): DueEntry {
  return {
    code: c.code, name: c.name, grade: c.grade as Grade, owner: c.owner, province: c.province, city: c.city,
    role: d.role, method: d.method, every_months: d.every_months, last_contact: d.last_contact, due_date: d.due_date, days_overdue: d.days_overdue, duty: d.duty,
  };
}

function scanDue(ctx: AppContext, q: DueQuery, add: DueAdd): void {
  const duty: DueDuty = { role: 'review', method: 'review', every_months: 1, last_contact: null, due_date: '', days_overdue: 0, duty: 'review' };
  const { asOf, wanted } = q;
  const until = `${asOf}T23:59`;
  // Once per grade, not per customer (tens of thousands of them).
  const byGrade = new Map<Grade, ContactRequirement[]>();
  const requirements = (g: Grade): ContactRequirement[] => {
    let list = byGrade.get(g);
    if (!list) byGrade.set(g, (list = contactRequirements(g).filter((r) => !wanted || wanted.includes(r.role))));
    return list;
  };
  // Only the grades that owe a duty asked for, and the visits of the roles whose contacts count for them.
  const grades = GRADES.members.map((m) => m.value).filter((g) => (q.grade === undefined || g === q.grade) && requirements(g).length > 0);
  const roles = [...new Set(grades.flatMap((g) => requirements(g).filter((r) => !r.ownerOnly).flatMap((r) => r.roles)))];
  const ownerOnly = grades.some((g) => requirements(g).some((r) => r.ownerOnly));
  const filter = { grades, owner: q.owner };
  const contacts = new Map<number, act.LastContactRow[]>();
  for (const r of grades.length && roles.length ? act.lastContacts(ctx.db, until, filter, wanted ? roles : undefined) : []) {
    const list = contacts.get(r.customer_id);
    if (list) list.push(r);
    else contacts.set(r.customer_id, [r]);
  }
  const ownOnsite = ownerOnly && grades.length ? act.ownerOnsiteVisits(ctx.db, until, filter) : new Map<number, string>();
  // The customers as read (not held): add() must not use the connection.
  for (const c of grades.length ? act.cooperatingCustomers(ctx.db, filter) : []) {
    const list = contacts.get(c.id) ?? [];
    const dutyStart = c.cooperating_since ?? c.created_on;
    for (const req of requirements(c.grade as Grade)) {
      let last: string | null = null;
      if (req.ownerOnly) last = ownOnsite.get(c.id) ?? null;
      else {
        for (const r of list) {
          if (r.role === null || !req.roles.includes(r.role as Role)) continue;
          const at = req.method === 'onsite' ? r.last_onsite : req.method === 'phone' ? r.last_phone : r.last_any;
          if (at !== null && (last === null || at > last)) last = at;
        }
      }
      const dueDate = nextContactDue(last === null ? null : last.slice(0, 10), dutyStart, req.months);
      if (dueDate >= asOf) continue;
      duty.role = req.role;
      duty.method = req.method;
      duty.every_months = req.months;
      duty.last_contact = last;
      duty.due_date = dueDate;
      duty.days_overdue = daysBetween(dueDate, asOf);
      duty.duty = req.duty;
      add(c, duty);
    }
  }
  if ((!wanted || wanted.includes('review')) && (q.grade === undefined || q.grade === 'A' || q.grade === 'B')) {
    const thisMonth = monthOf(asOf);
    const lastMonth = previousMonth(thisMonth);
    for (const s of act.reviewStates(ctx.db, { lastMonth, thisMonth, lastStart: monthStart(lastMonth), lastEnd: monthEnd(lastMonth), owner: q.owner, grade: q.grade })) {
      const month = missingReviewMonth({
        lastMonth,
        thisMonth,
        formalAllLastMonth: s.formal_all_last === 1,
        reviewedLastMonth: s.reviewed_last === 1,
        reviewedThisMonth: s.reviewed_this === 1,
      });
      if (month === null) continue;
      const dueDate = monthEnd(month);
      if (dueDate >= asOf && !q.withCurrentReview) continue;
      duty.role = 'review';
      duty.method = 'review';
      duty.every_months = 1;
      duty.last_contact = s.last_review;
      duty.due_date = dueDate;
      duty.days_overdue = Math.max(0, daysBetween(dueDate, asOf));
      duty.duty = 'review';
      add(s, duty);
    }
  }
}

/** How due orders codes and roles (the default locale's collation, as localeCompare): one comparison for every path. */
const textOrder = new Intl.Collator().compare;

/** Most overdue first, then by code and duty role. */
export function compareDue(a: Pick<DueEntry, 'days_overdue' | 'code' | 'role'>, b: Pick<DueEntry, 'days_overdue' | 'code' | 'role'>): number {
  return b.days_overdue - a.days_overdue || textOrder(a.code, b.code) || textOrder(a.role, b.role);
}

/**
 * In compareDue's order. A long list has few distinct day counts, so codes are compared again and again:
 * each distinct code is ranked once (by the same comparison), then rows compare by rank.
 */
export function sortDue(rows: DueEntry[]): DueEntry[] {
  if (rows.length < 1000) return rows.sort(compareDue);
  const rank = rankOf(rows.map((r) => r.code));
  return rows.sort((a, b) => b.days_overdue - a.days_overdue || rank.get(a.code)! - rank.get(b.code)! || textOrder(a.role, b.role));
}

export interface DueInput {
  asOf?: string | undefined;
  role?: string | undefined;
  owner?: string | undefined;
  grade?: string | undefined;
}

function dueQuery(ctx: AppContext, input: DueInput): DueQuery {
  const asOf = input.asOf === undefined ? today(ctx) : parseDate(input.asOf, '--as-of', zoneOf(ctx));
  const role = optionalEnum(ROLES, input.role);
  const grade = optionalEnum(GRADES, input.grade);
  const owner = optionalText(input.owner, '--owner', 50);
  // An unknown owner is a typo, not an owner with nothing due (as report follow-up --owner).
  if (owner !== undefined && !userByName(ctx.db, owner)) throw new UnknownUser(owner);
  return { asOf, wanted: role ? DUTIES_OF_ROLE[role] : undefined, owner, grade, withCurrentReview: true };
}

/** Overdue required contacts, technical support and reviews of cooperating customers as of a date, most overdue first. */
export function due(ctx: AppContext, input: DueInput): DueEntry[] {
  return [...dueStream(ctx, input)];
}

/**
 * `due`'s entries in its order, made as they are written (issue 16: listings stream). The order needs every
 * duty's days overdue, which the rules compute, so the scan keeps each overdue duty as a few numbers (its
 * customer, days, duty kind, dates) and each customer's fields once (the repeated ones as indices), sorts the
 * numbers and makes the entries in order: about a third of the memory of the entries themselves. The scan's
 * reads share one snapshot. Input errors are thrown before the first entry.
 */
export function dueStream(ctx: AppContext, input: DueInput): Iterable<DueEntry> {
  const q = dueQuery(ctx, input);
  return readSnapshot(ctx.db, () => {
    const duties = new DutyLog();
    scanDue(ctx, q, (c, d) => duties.add(c, d));
    return duties.entries();
  });
}

/** Growable column of 32-bit integers. */
class IntColumn {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const more = new Int32Array(this.data.length * 2);
      more.set(this.data);
      this.data = more;
    }
    this.data[this.length++] = v;
  }
}

/** Distinct values, each stored once and named by its index. */
class Interned<T> {
  readonly values: T[] = [];
  private readonly index = new Map<T, number>();
  of(v: T): number {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.index.set(v, i);
      this.values.push(v);
    }
    return i;
  }
}

type DueCustomer = Pick<DueEntry, 'code' | 'name' | 'grade' | 'owner' | 'province' | 'city'>;

/** Overdue duties as numbers and shared strings, sorted as `sortDue` sorts entries (stable: ties keep the scan's order). */
class DutyLog {
  /** Per customer met: its code and name, and its grade, owner, province and city as one interned key. */
  private readonly customerIndex = new Map<number, number>();
  private readonly codes: string[] = [];
  private readonly names: string[] = [];
  private readonly customerRest = new IntColumn();
  private readonly rests = new Interned<string>();
  /** Per duty: its customer (index above), days overdue, kind (role, method, months, duty), dates. */
  private readonly customer = new IntColumn();
  private readonly days = new IntColumn();
  private readonly kind = new IntColumn();
  private readonly dueDate = new IntColumn();
  private readonly lastContact: (string | null)[] = [];
  private readonly kinds = new Interned<string>();
  private readonly dates = new Interned<string>();

  add(c: act.DueCustomerRow, d: Readonly<DueDuty>): void {
    let ci = this.customerIndex.get(c.id);
    if (ci === undefined) {
      ci = this.codes.length;
      this.customerIndex.set(c.id, ci);
      this.codes.push(c.code);
      this.names.push(c.name);
      this.customerRest.push(this.rests.of(JSON.stringify([c.grade, c.owner, c.province, c.city])));
    }
    this.customer.push(ci);
    this.days.push(d.days_overdue);
    this.kind.push(this.kinds.of(JSON.stringify([d.role, d.method, d.every_months, d.duty])));
    this.dueDate.push(this.dates.of(d.due_date));
    this.lastContact.push(d.last_contact);
  }

  /** The duties' indices in compareDue's order: days overdue (most first), code, role, then as scanned. */
  private order(): Uint32Array {
    const n = this.customer.length;
    // Each code ranked once (codes are unique), as sortDue does.
    const byCode = Uint32Array.from(this.codes.keys()).sort((a, b) => textOrder(this.codes[a]!, this.codes[b]!));
    const rank = new Int32Array(this.codes.length);
    byCode.forEach((ci, r) => (rank[ci] = r));
    const kindRoles = this.kinds.values.map((k) => (JSON.parse(k) as [string])[0]);
    const roleRank = rankOf(kindRoles);
    const kindRole = Int32Array.from(kindRoles, (role) => roleRank.get(role)!);
    const days = this.days.data;
    const customer = this.customer.data;
    const kind = this.kind.data;
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    return idx.sort((a, b) => days[b]! - days[a]! || rank[customer[a]!]! - rank[customer[b]!]! || kindRole[kind[a]!]! - kindRole[kind[b]!]! || a - b);
  }

  *entries(): Generator<DueEntry> {
    const order = this.order();
    const kinds = this.kinds.values.map((k) => JSON.parse(k) as [RequirementRole, DueEntry['method'], number, Duty]);
    const rests = this.rests.values.map((r) => JSON.parse(r) as [Grade, string | null, string | null, string | null]);
    for (const i of order) {
      const ci = this.customer.data[i]!;
      const [grade, owner, province, city] = rests[this.customerRest.data[ci]!]!;
      const c: DueCustomer = { code: this.codes[ci]!, name: this.names[ci]!, grade, owner, province, city };
      const [role, method, every_months, duty] = kinds[this.kind.data[i]!]!;
      yield entryOf(c, { role, method, every_months, last_contact: this.lastContact[i]!, due_date: this.dates.values[this.dueDate.data[i]!]!, days_overdue: this.days.data[i]!, duty });
    }
  }
}

/** Each distinct string's place in textOrder. */
function rankOf(values: readonly string[]): Map<string, number> {
  return new Map([...new Set(values)].sort(textOrder).map((v, i) => [v, i]));
}
