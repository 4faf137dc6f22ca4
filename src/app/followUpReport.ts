// kehu report follow-up (客户跟进单, seed 002 §3.4, §6.1): the valid potential customers contacted in a week,
// with their last contact, stage and next step, grouped by region and owner, for the Saturday hand-over.

import { PROVINCE_SHORT_NAMES, regionRanks, storedCodeParts } from '../core/code.js';
import { addDays, isoWeekOf, parseWeek, weekEnd, weekStart } from '../core/dates.js';
import { InvalidValue, UnknownUser } from '../core/errors.js';
import * as store from '../store/routines.js';
import { userByName } from '../store/users.js';
import type { AppContext } from './context.js';
import { optionalText, writeDate } from './validate.js';

export interface FollowUpCustomer {
  code: string;
  name: string;
  /** The code's region part (粤GZ): the order of the regions. */
  region: string;
  /** The province abbreviation as stored (粤) and its short name (广东); null for a foreign customer. */
  province: string | null;
  province_name: string | null;
  city: string | null;
  owner: string | null;
  /** Standing contacts (any method) in the week, up to the as-of day. */
  contacts: number;
  last_contact_seq: number;
  last_contact_at: string;
  last_contact_method: string;
  last_contact_handler: string;
  last_contact_person: string | null;
  last_contact_summary: string;
  last_contact_key_point: string | null;
  stage: number | null;
  next_step: string | null;
  next_date: string | null;
}

export interface FollowUpReport {
  week: string;
  start_date: string;
  /** The week's Sunday, or the as-of day while the week is still running. */
  end_date: string;
  as_of: string;
  owner: string | null;
  total: number;
  by_region: { region: string; province: string | null; province_name: string | null; city: string | null; count: number }[];
  by_owner: { owner: string | null; count: number }[];
  /** In region order (province, city), then owner, then code. */
  customers: FollowUpCustomer[];
}

/** Plain code-point order with nothing (no owner, no city) last: the same on every machine. */
export function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The report's week and its last day: the week asked for (default the as-of day's), never one after it. */
export function followUpPeriod(week: string | undefined, asOf: string): { week: string; start: string; end: string } {
  const current = isoWeekOf(asOf);
  const w = week === undefined ? current : parseWeek(week);
  if (w > current) throw new InvalidValue('--week', week!, undefined, { zh: `不晚于 --as-of 所在的周（${current}）`, en: `not after the week of --as-of (${current})` });
  const end = weekEnd(w);
  return { week: w, start: weekStart(w), end: end < asOf ? end : asOf };
}

/**
 * The customers contacted in the week (a voided contact does not count) that were potential (status b) at
 * the end of the day of their last contact that week: neither invalid nor cooperating yet. Each with the
 * number of contacts that week, the last one, the development stage after it and the next step it set.
 */
export function followUpReport(ctx: AppContext, input: { week?: string | undefined; owner?: string | undefined; asOf?: string | undefined }): FollowUpReport {
  const asOf = writeDate(ctx, input.asOf, '--as-of');
  const period = followUpPeriod(input.week, asOf);
  const owner = optionalText(input.owner, '--owner', 50) ?? null;
  if (owner !== null && !userByName(ctx.db, owner)) throw new UnknownUser(owner);
  const potential = new Map<number, { contacts: number; code: string; region: string; serial: number }>();
  const lastContacts: { customer_id: number; seq: number }[] = [];
  for (const r of store.contactedIn(ctx.db, period.start, addDays(period.end, 1), owner)) {
    const code = storedCodeParts(r.code);
    if (code.status !== 'b') continue;
    potential.set(r.customer_id, { contacts: r.contacts, code: r.code, region: code.region, serial: code.serial });
    lastContacts.push({ customer_id: r.customer_id, seq: r.seq });
  }
  const customers: (FollowUpCustomer & { serial: number })[] = [];
  for (const r of store.contactDetails(ctx.db, lastContacts)) {
    const p = potential.get(r.customer_id)!;
    customers.push({
      code: p.code,
      name: r.name,
      region: p.region,
      serial: p.serial,
      province: r.province,
      province_name: r.province === null ? null : (PROVINCE_SHORT_NAMES[r.province] ?? null),
      city: r.city,
      owner: r.owner,
      contacts: p.contacts,
      last_contact_seq: r.seq,
      last_contact_at: r.visited_at,
      last_contact_method: r.method,
      last_contact_handler: r.handler,
      last_contact_person: r.contact,
      last_contact_summary: r.summary,
      last_contact_key_point: r.key_point,
      stage: r.stage,
      next_step: r.next_step,
      next_date: r.next_date,
    });
  }
  const regions = regionRanks(customers.map((c) => c.region));
  customers.sort((a, b) => regions.get(a.region)! - regions.get(b.region)! || compareText(a.city, b.city) || compareText(a.owner, b.owner) || a.serial - b.serial);
  const byRegion: FollowUpReport['by_region'] = [];
  for (const c of customers) {
    const last = byRegion[byRegion.length - 1];
    if (last && last.region === c.region && last.city === c.city) last.count++;
    else byRegion.push({ region: c.region, province: c.province, province_name: c.province_name, city: c.city, count: 1 });
  }
  const owners = new Map<string | null, number>();
  for (const c of customers) owners.set(c.owner, (owners.get(c.owner) ?? 0) + 1);
  return {
    week: period.week,
    start_date: period.start,
    end_date: period.end,
    as_of: asOf,
    owner,
    total: customers.length,
    by_region: byRegion,
    by_owner: [...owners].map(([o, count]) => ({ owner: o, count })).sort((a, b) => compareText(a.owner, b.owner)),
    customers: customers.map(({ serial: _serial, ...c }) => c),
  };
}
