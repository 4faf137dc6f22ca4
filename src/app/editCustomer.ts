// kehu edit (SPEC 2.1, issue 14): correct a customer's archive fields. Every field is checked by the rules
// add-customer uses (the same validateCustomer, given the current values with the changes over them), the
// name keeps the duplicate rule, a new owner must be an active user, and each change is logged with its
// old and new value. A corrected province or city that puts the customer in another region gives it a
// new code in the right region from the edit's day (a new serial there; serials are never reused) and its
// old codes keep finding it: the move is a dated fact of its timeline (region_moves).

import { DuplicateCustomer, HiddenDuplicateCustomer, UsageError } from '../core/errors.js';
import { nameTakenUnseen } from '../store/grants.js';
import type { AuditedCustomerField } from '../store/audit.js';
import * as store from '../store/customers.js';
import { insertRegionMove } from '../store/customers.js';
import { audit } from './audit.js';
import { type AddCustomerInput, placeCustomer, type Placement, validateCustomer } from './addCustomer.js';
import { timestamp } from './context.js';
import type { AppContext } from './context.js';
import { type CustomerView, customerView, findCustomer } from './customers.js';
import { recordCustomerEdit } from './record.js';
import { assertActiveUser } from './users.js';
import { factTx, refreshTimeline } from './timeline.js';
import { writeDate } from './validate.js';

/** The archive fields `kehu edit` changes: the input each comes from and the column it fills. */
export const EDITABLE: Record<Exclude<keyof AddCustomerInput, 'contacts' | 'date' | 'grade' | 'status' | 'cooperatingSince' | 'lostDate' | 'invalidSince'>, AuditedCustomerField | 'place'> = {
  name: 'name',
  province: 'place',
  city: 'place',
  district: 'place',
  cityCode: 'place',
  country: 'place',
  type: 'type',
  source: 'source',
  owner: 'owner',
  stage: 'stage',
  address: 'address',
  postcode: 'postcode',
  phone: 'phone',
  fax: 'fax',
  website: 'website',
  email: 'email',
  legalRep: 'legal_rep',
  registeredCapital: 'registered_capital',
  industry: 'industry',
  nature: 'nature',
  creditRating: 'credit_rating',
  supplierStructure: 'supplier_structure',
  mainProducts: 'main_products',
  yearsInBusiness: 'years_in_business',
  notes: 'notes',
};

export type EditInput = Partial<Record<keyof typeof EDITABLE, string>> & { code: string; date?: string | undefined; reason?: string | undefined };

export class NothingToEdit extends UsageError {
  constructor(code: string) {
    super('nothing_to_edit', `Nothing to change for ${code}`, { code });
  }
}

export interface EditResult {
  code: string;
  former_code: string;
  name: string;
  date: string;
  changes: { field: string; old: unknown; new: unknown }[];
  /** Set when the place moved the customer to another region: its code there from `date`. */
  moved: { from: string; to: string } | null;
  customer: CustomerView;
}

/** The current row as add-customer input (each EDITABLE field from its column), so the same checks run on the whole archive after the change. */
function inputOf(c: store.CustomerRow): AddCustomerInput {
  const row = c as unknown as Record<string, string | number | null>;
  const input: AddCustomerInput = { country: c.country };
  for (const [key, column] of Object.entries(EDITABLE) as [keyof typeof EDITABLE, AuditedCustomerField | 'place'][]) {
    const v = column === 'place' ? null : row[column];
    if (v !== null && v !== undefined) input[key] = String(v);
  }
  for (const [key, column] of [['province', 'province'], ['city', 'city'], ['district', 'district'], ['cityCode', 'city_code']] as const) {
    if (c[column] !== null) input[key] = c[column];
  }
  return input;
}

function placementOf(c: store.CustomerRow): Placement {
  return { region: c.region, country: c.country, province: c.province, city: c.city, cityCode: c.city_code, district: c.district, foreignRegion: c.foreign_region };
}

export function editCustomer(ctx: AppContext, input: EditInput): EditResult {
  const given = (Object.keys(EDITABLE) as (keyof typeof EDITABLE)[]).filter((k) => input[k] !== undefined);
  if (given.length === 0) throw new NothingToEdit(input.code);
  const date = writeDate(ctx, input.date);
  return factTx(ctx, () => {
    const c = findCustomer(ctx, input.code);
    const merged: AddCustomerInput = { ...inputOf(c), grade: c.grade, status: 'b', date };
    for (const k of given) merged[k] = input[k];
    const placeGiven = given.some((k) => EDITABLE[k] === 'place');
    if (placeGiven) {
      // A new province without a city asks for the city again (unless the province has only one).
      if (input.province !== undefined && input.city === undefined) merged.city = undefined;
      if (input.province !== undefined || input.city !== undefined) {
        if (input.district === undefined) merged.district = undefined;
        if (input.cityCode === undefined) merged.cityCode = undefined;
      }
      if (input.country !== undefined && input.province === undefined && ['CN', 'HK', 'MO', 'TW'].includes(input.country.trim().toUpperCase()) === false) merged.province = undefined;
    }
    const v = validateCustomer(ctx, merged, placeGiven ? placeCustomer : () => placementOf(c));
    const fields = v.fields as unknown as Record<string, unknown>;
    const changes: Partial<Record<AuditedCustomerField, unknown>> = {};
    for (const k of given) {
      if (EDITABLE[k] === 'place') continue;
      const col = EDITABLE[k];
      changes[col] = fields[col];
    }
    if (placeGiven) for (const col of ['country', 'province', 'city', 'city_code', 'district', 'foreign_region'] as const) changes[col] = fields[col];
    if (changes.name !== undefined && v.key !== c.name_key) {
      const other = store.customerByNameKey(ctx.db, v.key);
      if (other && other.id !== c.id) throw new DuplicateCustomer(v.name, other.code, other.name);
      if (!other && nameTakenUnseen(ctx.db, v.key)) throw new HiddenDuplicateCustomer(v.name);
    }
    if (changes.owner !== undefined && changes.owner !== null && changes.owner !== c.owner) assertActiveUser(ctx, changes.owner as string, '--owner');
    const before = { ...c } as Record<string, unknown>;
    const changed = recordCustomerEdit(ctx, c, changes, { date, reason: input.reason ?? null });
    let moved: EditResult['moved'] = null;
    let code = c.code;
    if (placeGiven && v.place.region !== c.region) {
      const serials = new store.RegionSerials(ctx.db);
      const serial = serials.next(v.place.region);
      serials.flush();
      insertRegionMove(ctx.db, { customer_id: c.id, date, from_region: c.region, from_serial: c.serial, region: v.place.region, serial, operator: ctx.operator, recorded_at: timestamp(ctx) });
      code = refreshTimeline(ctx, c.id).code;
      audit(ctx, { customerId: c.id, entity: 'customer', key: code, action: 'move', field: 'code', old: c.code, new: code, date, reason: input.reason ?? null });
      moved = { from: c.code, to: code };
    }
    const row = store.customerById(ctx.db, c.id)!;
    return {
      code: row.code,
      former_code: c.code,
      name: row.name,
      date,
      changes: changed.map((f) => ({ field: f, old: before[f] ?? null, new: (row as unknown as Record<string, unknown>)[f] ?? null })),
      moved,
      customer: customerView(row),
    };
  });
}
