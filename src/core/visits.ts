// Contact rules (SPEC 2.4, seed 002 §7, seed 004): required contact frequency and the duplicate-contact window.

import { addMonths } from './dates.js';
import type { Grade, Role, VisitMethod } from './enums.js';

/** Hours within which a colleague's contact of the same customer is shown before logging another (seed 004). */
export const DEFAULT_DUPLICATE_WINDOW_HOURS = 72;

/** Which roles a requirement is for; the assistant and tech support share one ("技术支持、助理"). */
export type RequirementRole = 'business-manager' | 'support' | 'sales-manager' | 'market-manager' | 'any';

export interface ContactRequirement {
  role: RequirementRole;
  /** Roles whose contacts count for this requirement. */
  roles: readonly Role[];
  /** onsite: only 上门 counts; phone: a phone or video call counts, and so does an onsite visit. */
  method: 'onsite' | 'phone';
  months: number;
}

const SUPPORT: readonly Role[] = ['tech-support', 'assistant'];

/** §7.1.2 (formal A), §7.3.2 (formal B), §7.5 (C and X): for cooperating (status a) customers only. */
export function contactRequirements(grade: Grade): ContactRequirement[] {
  switch (grade) {
    case 'A':
      return [
        { role: 'business-manager', roles: ['business-manager'], method: 'onsite', months: 1 },
        { role: 'support', roles: SUPPORT, method: 'phone', months: 1 },
        { role: 'sales-manager', roles: ['sales-manager'], method: 'onsite', months: 3 },
        { role: 'market-manager', roles: ['market-manager'], method: 'onsite', months: 6 },
      ];
    case 'B':
      return [
        { role: 'business-manager', roles: ['business-manager'], method: 'onsite', months: 1 },
        { role: 'support', roles: SUPPORT, method: 'phone', months: 1 },
        { role: 'sales-manager', roles: ['sales-manager'], method: 'onsite', months: 6 },
        { role: 'market-manager', roles: ['market-manager'], method: 'onsite', months: 12 },
      ];
    case 'C':
    case 'X':
      return [{ role: 'any', roles: ['business-manager', 'tech-support', 'assistant'], method: 'phone', months: 1 }];
  }
}

export function methodCounts(requirement: ContactRequirement['method'], method: VisitMethod): boolean {
  return requirement === 'onsite' ? method === 'onsite' : method === 'phone' || method === 'video' || method === 'onsite';
}

/** The date by which the next contact is due: the last one (or the start of the duty) plus the interval. */
export function nextContactDue(lastContact: string | null, dutyStart: string, months: number): string {
  const from = lastContact !== null && lastContact > dutyStart ? lastContact : dutyStart;
  return addMonths(from, months);
}
