// The archive's shared views (客户档案, SPEC 2.1 and 2.7): a customer and its contacts as every use case
// returns them, and finding a customer by any form of its code.

import { parseCode, PROVINCE_SHORT_NAMES, recordNumber, stableCode } from '../core/code.js';
import type { Grade, Status } from '../core/enums.js';
import { CustomerNotFound } from '../core/errors.js';
import * as store from '../store/customers.js';
import type { AppContext } from './context.js';

export interface ContactView extends store.ContactProfile {
  /** The contact's number, what kehu contact edit and remove take. */
  id: number;
  name: string;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  decision_maker: boolean;
  birthday: string | null;
  notes: string | null;
  /** 内线 (seed 000); its stage (1 认识 … 5 同盟) and the key decision maker's profile come from ContactProfile. */
  insider: boolean;
}

/** The documented JSON shape of a customer (README "JSON contract"). */
export interface CustomerView {
  code: string;
  stable_code: string;
  record_no: string;
  name: string;
  grade: Grade;
  status: Status;
  country: string;
  province: string | null;
  province_name: string | null;
  city: string | null;
  city_code: string | null;
  district: string | null;
  foreign_region: string | null;
  serial: number;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  fax: string | null;
  website: string | null;
  email: string | null;
  legal_rep: string | null;
  registered_capital: string | null;
  industry: string | null;
  nature: string | null;
  type: string | null;
  credit_rating: string | null;
  supplier_structure: string | null;
  source: string | null;
  main_products: string | null;
  years_in_business: number | null;
  owner: string | null;
  stage: number | null;
  notes: string | null;
  cooperating_since: string | null;
  last_order_date: string | null;
  lost_date: string | null;
  visit_count: number;
  created_on: string;
  created_by: string;
}

export function customerView(row: store.CustomerRow): CustomerView {
  return {
    code: row.code,
    stable_code: stableCode(row.region, row.serial),
    record_no: recordNumber(row.code),
    name: row.name,
    grade: row.grade,
    status: row.status,
    country: row.country,
    province: row.province,
    province_name: row.province ? (PROVINCE_SHORT_NAMES[row.province] ?? null) : null,
    city: row.city,
    city_code: row.city_code,
    district: row.district,
    foreign_region: row.foreign_region,
    serial: row.serial,
    address: row.address,
    postcode: row.postcode,
    phone: row.phone,
    fax: row.fax,
    website: row.website,
    email: row.email,
    legal_rep: row.legal_rep,
    registered_capital: row.registered_capital,
    industry: row.industry,
    nature: row.nature,
    type: row.type,
    credit_rating: row.credit_rating,
    supplier_structure: row.supplier_structure,
    source: row.source,
    main_products: row.main_products,
    years_in_business: row.years_in_business,
    owner: row.owner,
    stage: row.stage,
    notes: row.notes,
    cooperating_since: row.cooperating_since,
    last_order_date: row.last_order_date,
    lost_date: row.lost_date,
    visit_count: row.visit_count,
    created_on: row.created_on,
    created_by: row.created_by,
  };
}

/** A contact as shown; without personal data (PIPL, SPEC 2.7) its personal fields are null. */
export function contactView(c: store.ContactRow, withPersonalData = true): ContactView {
  const p = <V>(v: V): V | null => (withPersonalData ? v : null);
  return {
    id: c.id,
    name: c.name,
    title: c.title,
    mobile: p(c.mobile),
    phone: c.phone,
    email: c.email,
    wechat: p(c.wechat),
    decision_maker: c.is_decision_maker === 1,
    birthday: p(c.birthday),
    notes: p(c.notes),
    insider: withPersonalData ? c.is_insider === 1 : false,
    insider_stage: p(c.insider_stage),
    native_place: p(c.native_place),
    age: p(c.age),
    interests: p(c.interests),
    years_at_company: p(c.years_at_company),
    authority: p(c.authority),
    personality: p(c.personality),
    working_style: p(c.working_style),
    family: p(c.family),
  };
}

/** Finds a customer by its current code, a former code, or the stable part (`粤GZ0001`). */
export function findCustomer(ctx: AppContext, input: string): store.CustomerRow {
  const parsed = parseCode(input);
  // A full code is one the customer has or had (its code history); the stable part alone finds it always.
  const row =
    parsed.kind === 'full'
      ? store.customerByCode(ctx.db, parsed.code)
      : (store.customerByRegionSerial(ctx.db, parsed.region, parsed.serial) ?? store.customerByFormerPlace(ctx.db, parsed.region, parsed.serial));
  if (!row) {
    // A full code the customer never had by its facts (perhaps had before an order was voided): name the one it has.
    const same = parsed.kind === 'full' ? (store.customerByRegionSerial(ctx.db, parsed.region, parsed.serial) ?? store.customerByFormerPlace(ctx.db, parsed.region, parsed.serial)) : undefined;
    throw new CustomerNotFound(input.trim(), same?.code);
  }
  return row;
}

