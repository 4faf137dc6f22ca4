// Contact rules (SPEC 2.4, seed 002 §7, seed 004): required contact frequency and the duplicate-contact window.

import { addMonths } from './dates.js';
import type { Grade, Role, VisitMethod } from './enums.js';

/** Hours within which a colleague's contact of the same customer is shown before logging another (seed 004). */
export const DEFAULT_DUPLICATE_WINDOW_HOURS = 72;

/**
 * Which roles a requirement is for; the assistant and tech support share one ("技术支持、助理"). `tech-support`
 * is the half-yearly technical support (§7.1.3, §7.3.3) and `review` the monthly review (§7.1.1, §7.3.1).
 */
export type RequirementRole = 'business-manager' | 'support' | 'sales-manager' | 'market-manager' | 'any' | 'tech-support' | 'review';

/** What kind of duty: a contact of the frequency table, the half-yearly technical support, the monthly review. */
export type Duty = 'contact' | 'tech-support' | 'review';

export interface ContactRequirement {
  role: RequirementRole;
  duty: Exclude<Duty, 'review'>;
  /** Roles whose contacts count for this requirement. */
  roles: readonly Role[];
  /** onsite: only 上门 counts; phone: a phone or video call counts, and so does an onsite visit; any: every method. */
  method: 'onsite' | 'phone' | 'any';
  months: number;
  /** Only the customer's owner's own visits count (§7.1.2, §7.3.2: 商务经理对自己所管理的客户). */
  ownerOnly: boolean;
}

/**
 * The roles whose duties a user of each role answers for (kehu due --role, kehu today): the assistant
 * writes the reviews (销售助理, §6.2), tech support gives the half-yearly technical support.
 */
export const DUTIES_OF_ROLE: Readonly<Record<Role, readonly RequirementRole[]>> = {
  'business-manager': ['business-manager', 'any'],
  'tech-support': ['support', 'any', 'tech-support'],
  assistant: ['support', 'any', 'review'],
  'sales-manager': ['sales-manager'],
  'market-manager': ['market-manager'],
  'general-manager': [],
  // 市场拓展 (seed 002 §2.1, §3.2, §6.2) has quotas (kehu report activity) but no §7 contact duty.
  'market-development': [],
};

/**
 * The duties that are not the owner's (kehu today): a customer has one owner, its business manager (§7.1.2
 * 自己所管理的), who answers for the business-manager and C/X ("any") duties of the customers they own; the
 * sales and market managers' visits, the monthly support call by tech support or an assistant, the
 * half-yearly technical support and the monthly review serve every customer, so every holder of those roles
 * sees them on every customer, and no duty is left on nobody's agenda.
 */
export const DUTIES_ON_EVERY_CUSTOMER: readonly RequirementRole[] = ['sales-manager', 'market-manager', 'support', 'tech-support', 'review'];

/** The owner's duties: on the agenda of the customer's owner, whatever roles the owner holds. */
export const OWNER_DUTIES: readonly RequirementRole[] = ['business-manager', 'any'];

/** Months within which a formal A or B customer gets technical support (§7.1.3, §7.3.3: 每半年). */
export const TECH_SUPPORT_MONTHS = 6;

const SUPPORT: readonly Role[] = ['tech-support', 'assistant'];

/** Any contact by someone in the tech-support role counts as technical support, whatever the method. */
const TECH_SUPPORT: ContactRequirement = { role: 'tech-support', duty: 'tech-support', roles: ['tech-support'], method: 'any', months: TECH_SUPPORT_MONTHS, ownerOnly: false };

/** §7.1.2 (formal A), §7.3.2 (formal B), §7.5 (C and X): for cooperating (status a) customers only. */
export function contactRequirements(grade: Grade): ContactRequirement[] {
  switch (grade) {
    case 'A':
      return [
        { role: 'business-manager', duty: 'contact', roles: ['business-manager'], method: 'onsite', months: 1, ownerOnly: true },
        { role: 'support', duty: 'contact', roles: SUPPORT, method: 'phone', months: 1, ownerOnly: false },
        { role: 'sales-manager', duty: 'contact', roles: ['sales-manager'], method: 'onsite', months: 3, ownerOnly: false },
        { role: 'market-manager', duty: 'contact', roles: ['market-manager'], method: 'onsite', months: 6, ownerOnly: false },
        TECH_SUPPORT,
      ];
    case 'B':
      return [
        { role: 'business-manager', duty: 'contact', roles: ['business-manager'], method: 'onsite', months: 1, ownerOnly: true },
        { role: 'support', duty: 'contact', roles: SUPPORT, method: 'phone', months: 1, ownerOnly: false },
        { role: 'sales-manager', duty: 'contact', roles: ['sales-manager'], method: 'onsite', months: 6, ownerOnly: false },
        { role: 'market-manager', duty: 'contact', roles: ['market-manager'], method: 'onsite', months: 12, ownerOnly: false },
        TECH_SUPPORT,
      ];
    case 'C':
    case 'X':
      return [{ role: 'any', duty: 'contact', roles: ['business-manager', 'tech-support', 'assistant'], method: 'phone', months: 1, ownerOnly: false }];
  }
}

export function methodCounts(requirement: ContactRequirement['method'], method: VisitMethod): boolean {
  if (requirement === 'any') return true;
  return requirement === 'onsite' ? method === 'onsite' : method === 'phone' || method === 'video' || method === 'onsite';
}

/**
 * The month whose review a formal A or B customer owes on a day (§7.1.1, §7.3.1), or null: last month when it
 * was formal A/B all of last month and has no review for it, else this month when it has none (due by the
 * month's end, not overdue yet).
 */
export function missingReviewMonth(input: { lastMonth: string; thisMonth: string; formalAllLastMonth: boolean; reviewedLastMonth: boolean; reviewedThisMonth: boolean }): string | null {
  if (input.formalAllLastMonth && !input.reviewedLastMonth) return input.lastMonth;
  return input.reviewedThisMonth ? null : input.thisMonth;
}

/** The date by which the next contact is due: the last one (or the start of the duty) plus the interval. */
export function nextContactDue(lastContact: string | null, dutyStart: string, months: number): string {
  const from = lastContact !== null && lastContact > dutyStart ? lastContact : dutyStart;
  return addMonths(from, months);
}
