// kehu due (客情维护, SPEC 2.4 / seed 002 §7): the required contacts of cooperating customers that are overdue.

import { daysBetween, parseDate } from '../core/dates.js';
import { type Grade, GRADES, type Role, ROLES } from '../core/enums.js';
import { contactRequirements, nextContactDue, type RequirementRole } from '../core/visits.js';
import * as act from '../store/activity.js';
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
  method: 'onsite' | 'phone';
  every_months: number;
  last_contact: string | null;
  due_date: string;
  days_overdue: number;
}

// Every role, so a role added to ROLES must say which §7 duties it has (the compiler checks).
const ROLE_FILTER: Record<Role, RequirementRole[]> = {
  'business-manager': ['business-manager', 'any'],
  'tech-support': ['support', 'any'],
  assistant: ['support', 'any'],
  'sales-manager': ['sales-manager'],
  'market-manager': ['market-manager'],
  'general-manager': [],
  'market-development': [],
};

/** Overdue required contacts of cooperating customers as of a date (§7 frequency table), most overdue first. */
export function due(ctx: AppContext, input: { asOf?: string | undefined; role?: string | undefined; owner?: string | undefined; grade?: string | undefined }): DueEntry[] {
  const asOf = input.asOf === undefined ? today(ctx) : parseDate(input.asOf, '--as-of', zoneOf(ctx));
  const role = optionalEnum(ROLES, input.role);
  const gradeValue = optionalEnum(GRADES, input.grade);
  const customers = act.cooperatingCustomers(ctx.db, { grade: gradeValue, owner: optionalText(input.owner, '--owner', 50) });
  const contacts = new Map<number, act.LastContactRow[]>();
  for (const r of act.lastContacts(ctx.db, `${asOf}T23:59`)) {
    const list = contacts.get(r.customer_id);
    if (list) list.push(r);
    else contacts.set(r.customer_id, [r]);
  }
  const wanted = role ? ROLE_FILTER[role] : undefined;
  const out: DueEntry[] = [];
  for (const c of customers) {
    const list = contacts.get(c.id) ?? [];
    const dutyStart = c.cooperating_since ?? c.created_on;
    for (const req of contactRequirements(c.grade as Grade)) {
      if (wanted && !wanted.includes(req.role)) continue;
      let last: string | null = null;
      for (const r of list) {
        if (r.role === null || !req.roles.includes(r.role as Role)) continue;
        const at = req.method === 'onsite' ? r.last_onsite : r.last_phone;
        if (at !== null && (last === null || at > last)) last = at;
      }
      const dueDate = nextContactDue(last === null ? null : last.slice(0, 10), dutyStart, req.months);
      if (dueDate >= asOf) continue;
      out.push({
        code: c.code,
        name: c.name,
        grade: c.grade as Grade,
        owner: c.owner,
        province: c.province,
        city: c.city,
        role: req.role,
        method: req.method,
        every_months: req.months,
        last_contact: last,
        due_date: dueDate,
        days_overdue: daysBetween(dueDate, asOf),
      });
    }
  }
  out.sort((a, b) => b.days_overdue - a.days_overdue || a.code.localeCompare(b.code));
  return out;
}
