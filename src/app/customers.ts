// Use cases of the archive (客户档案, SPEC 2.1 and 2.7): add a customer, find one by any code, list, show.

import { domesticRegion, foreignRegion, formatCode, parseCode, PROVINCE_SHORT_NAMES, recordNumber, stableCode } from '../core/code.js';
import { isCountryCode } from '../core/countries.js';
import { parseDate } from '../core/dates.js';
import { CUSTOMER_TYPES, type Grade, GRADES, SOURCES, STAGES, type Status, STATUSES } from '../core/enums.js';
import { CustomerNotFound, DomainError, DuplicateCustomer, InvalidValue, MissingValue, UnknownUser } from '../core/errors.js';
import { cleanName, nameKey } from '../core/names.js';
import type { PlaceResolution } from '../core/regions.js';
import * as store from '../store/customers.js';
import { writeTx } from '../store/db.js';
import { userByName } from '../store/users.js';
import { type AppContext, timestamp } from './context.js';
import { loadRegionIndex } from './regions.js';
import {
  optionalEmail,
  optionalEnum,
  optionalInt,
  optionalMobile,
  optionalPhone,
  optionalText,
  requiredText,
  writeDate,
} from './validate.js';

export interface ContactInput {
  name?: string | undefined;
  title?: string | undefined;
  mobile?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  decisionMaker?: boolean | undefined;
  birthday?: string | undefined;
  notes?: string | undefined;
}

/** Raw strings as a command or an import row gives them; the use case validates every one. */
export interface AddCustomerInput {
  name?: string | undefined;
  province?: string | undefined;
  city?: string | undefined;
  district?: string | undefined;
  cityCode?: string | undefined;
  country?: string | undefined;
  grade?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
  source?: string | undefined;
  owner?: string | undefined;
  stage?: string | undefined;
  address?: string | undefined;
  postcode?: string | undefined;
  phone?: string | undefined;
  fax?: string | undefined;
  website?: string | undefined;
  email?: string | undefined;
  legalRep?: string | undefined;
  registeredCapital?: string | undefined;
  industry?: string | undefined;
  nature?: string | undefined;
  creditRating?: string | undefined;
  supplierStructure?: string | undefined;
  mainProducts?: string | undefined;
  yearsInBusiness?: string | undefined;
  notes?: string | undefined;
  contacts?: ContactInput[] | undefined;
  date?: string | undefined;
}

export interface ContactView {
  name: string;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  decision_maker: boolean;
  birthday: string | null;
  notes: string | null;
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

export function contactView(c: store.ContactRow, withPersonalData = true): ContactView {
  return {
    name: c.name,
    title: c.title,
    mobile: withPersonalData ? c.mobile : null,
    phone: c.phone,
    email: c.email,
    decision_maker: c.is_decision_maker === 1,
    birthday: withPersonalData ? c.birthday : null,
    notes: withPersonalData ? c.notes : null,
  };
}

/** Finds a customer by its current code, a former code, or the stable part (`粤GZ0001`). */
export function findCustomer(ctx: AppContext, input: string): store.CustomerRow {
  const parsed = parseCode(input);
  const row =
    parsed.kind === 'full'
      ? store.customerByCode(ctx.db, parsed.code)
      : store.customerByRegionSerial(ctx.db, parsed.region, parsed.serial);
  if (!row) throw new CustomerNotFound(input.trim());
  return row;
}

export interface Placement {
  region: string;
  country: string;
  province: string | null;
  city: string | null;
  cityCode: string | null;
  district: string | null;
  foreignRegion: string | null;
}

const NON_FOREIGN: Record<string, string> = { CN: '', HK: '港', MO: '澳', TW: '台' };

function normaliseInitials(input: string, option: string, min: number): string {
  const t = input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (!new RegExp(`^[A-Z]{${min},8}$`).test(t)) throw new InvalidValue(option, input, undefined, `${min}–8 letters A–Z`);
  return t;
}

/** Works out the region part of the code from province/city (or country/region) input. */
export function placeCustomer(input: Pick<AddCustomerInput, 'province' | 'city' | 'district' | 'cityCode' | 'country'>): Placement {
  const country = input.country?.normalize('NFKC').trim().toUpperCase();
  if (country !== undefined && country !== '' && !(country in NON_FOREIGN)) {
    if (!/^[A-Z]{2}$/.test(country) || !isCountryCode(country)) {
      throw new InvalidValue('--country', input.country!, undefined, 'ISO 3166-1 alpha-2 code such as JP, US, DE');
    }
    if (input.cityCode === undefined) throw new MissingValue('--city-code');
    const abbr = normaliseInitials(input.cityCode, '--city-code', 2);
    return {
      region: foreignRegion(country, abbr),
      country,
      province: null,
      city: optionalText(input.city, '--city', 100) ?? null,
      cityCode: abbr,
      district: null,
      foreignRegion: abbr,
    };
  }
  const regions = loadRegionIndex();
  const provinceInput = input.province ?? (country ? NON_FOREIGN[country] : undefined);
  if (provinceInput === undefined || provinceInput.trim() === '') throw new MissingValue('--province');
  const province = regions.resolveProvince(provinceInput);
  const explicit = input.cityCode !== undefined && input.cityCode.trim() !== '' ? normaliseInitials(input.cityCode, '--city-code', 1) : undefined;
  let place: PlaceResolution | undefined;
  const cityText = input.city?.trim();
  if (cityText) {
    try {
      const withDistrict = input.district?.trim() ? `${cityText}${input.district.trim()}` : cityText;
      place = regions.resolvePlace(province, withDistrict);
    } catch (e) {
      // An unknown name is accepted only when the user gives the initials themselves (--city-code).
      if (!(explicit && e instanceof DomainError && e.key === 'unknown_place')) throw e;
    }
  } else {
    const only = regions.citiesOf(province.abbr);
    if (only.length === 1) place = { province, city: only[0]! };
    else throw new MissingValue('--city');
  }
  if (place) {
    if (explicit && explicit !== place.city.initials) {
      throw new InvalidValue('--city-code', input.cityCode!, [place.city.initials], `${place.city.name} is ${province.abbr}${place.city.initials}`);
    }
    return {
      region: domesticRegion(province.abbr, place.city.initials),
      country: 'CN',
      province: province.abbr,
      city: place.city.name,
      cityCode: place.city.initials,
      district: place.district?.name ?? optionalText(input.district, '--district', 50) ?? null,
      foreignRegion: null,
    };
  }
  return {
    region: domesticRegion(province.abbr, explicit!),
    country: 'CN',
    province: province.abbr,
    city: requiredText(cityText, '--city', 50),
    cityCode: explicit!,
    district: optionalText(input.district, '--district', 50) ?? null,
    foreignRegion: null,
  };
}

function validateContact(c: ContactInput, i: number): Omit<store.ContactRow, 'id' | 'customer_id'> {
  const at = (opt: string): string => (i === 0 ? opt : `${opt} (#${i + 1})`);
  let birthday = optionalText(c.birthday, at('--birthday'), 10);
  if (birthday !== undefined) {
    birthday = birthday.normalize('NFKC');
    if (/^\d{2}-\d{2}$/.test(birthday)) parseDate(`2000-${birthday}`, at('--birthday'));
    else birthday = parseDate(birthday, at('--birthday'));
  }
  return {
    name: requiredText(c.name, at('--contact'), 50),
    title: optionalText(c.title, at('--title'), 100) ?? null,
    mobile: optionalMobile(c.mobile, at('--mobile')) ?? null,
    phone: optionalPhone(c.phone, at('--contact-phone')) ?? null,
    email: optionalEmail(c.email, at('--contact-email')) ?? null,
    is_decision_maker: c.decisionMaker ? 1 : 0,
    birthday: birthday ?? null,
    notes: optionalText(c.notes, at('--contact-notes'), 1000) ?? null,
  };
}

export interface AddCustomerResult {
  customer: CustomerView;
  contacts: ContactView[];
}

/** A customer input that passed every check: the row's fields (without code and serial), place and contacts. */
export interface ValidatedCustomer {
  name: string;
  key: string;
  place: Placement;
  grade: Grade;
  status: Status;
  date: string;
  owner: string | undefined;
  contacts: Omit<store.ContactRow, 'id' | 'customer_id'>[];
  fields: Omit<store.NewCustomerRow, 'code' | 'region' | 'serial'>;
}

/**
 * Validates one customer input with the same rules for add-customer and imports; writes nothing.
 * `place` lets a bulk caller cache placeCustomer per distinct place.
 */
export function validateCustomer(
  ctx: AppContext,
  input: AddCustomerInput,
  place: (i: AddCustomerInput) => Placement = placeCustomer,
  defaults: { grade?: Grade; status?: Status } = {},
): ValidatedCustomer {
  const rawName = requiredText(input.name, 'NAME', 200);
  const name = cleanName(rawName);
  const key = nameKey(name);
  const placement = place(input);
  const grade = optionalEnum(GRADES, input.grade) ?? defaults.grade ?? 'C';
  const status = optionalEnum(STATUSES, input.status) ?? defaults.status ?? 'b';
  const stageText = optionalEnum(STAGES, input.stage);
  if (stageText !== undefined && status !== 'b') {
    throw new InvalidValue('--stage', input.stage!, undefined, 'development stages apply to potential (b) customers');
  }
  const date = writeDate(ctx, input.date);
  const postcode = optionalText(input.postcode, '--postcode', 12)?.normalize('NFKC');
  if (postcode !== undefined && placement.country === 'CN' && !/^\d{6}$/.test(postcode)) {
    throw new InvalidValue('--postcode', postcode, undefined, '6 digits');
  }
  const website = optionalText(input.website, '--website', 200);
  if (website !== undefined && !/^(https?:\/\/)?[^\s/]+\.[^\s]+$/i.test(website)) {
    throw new InvalidValue('--website', website, undefined, 'www.example.com');
  }
  const owner = optionalText(input.owner, '--owner', 50);
  const contacts = (input.contacts ?? []).map(validateContact);
  const fields = {
    name,
    name_key: key,
    country: placement.country,
    province: placement.province,
    city: placement.city,
    city_code: placement.cityCode,
    district: placement.district,
    foreign_region: placement.foreignRegion,
    grade,
    status,
    address: optionalText(input.address, '--address', 200) ?? null,
    postcode: postcode ?? null,
    phone: optionalPhone(input.phone, '--phone') ?? null,
    fax: optionalPhone(input.fax, '--fax') ?? null,
    website: website ?? null,
    email: optionalEmail(input.email, '--email') ?? null,
    legal_rep: optionalText(input.legalRep, '--legal-rep', 50) ?? null,
    registered_capital: optionalText(input.registeredCapital, '--registered-capital', 50) ?? null,
    industry: optionalText(input.industry, '--industry', 100) ?? null,
    nature: optionalText(input.nature, '--nature', 100) ?? null,
    type: optionalEnum(CUSTOMER_TYPES, input.type) ?? null,
    credit_rating: optionalText(input.creditRating, '--credit-rating', 20) ?? null,
    supplier_structure: optionalText(input.supplierStructure, '--supplier-structure', 500) ?? null,
    source: optionalEnum(SOURCES, input.source) ?? null,
    main_products: optionalText(input.mainProducts, '--main-products', 500) ?? null,
    years_in_business: optionalInt(input.yearsInBusiness, '--years', 0, 500) ?? null,
    owner: owner ?? null,
    stage: stageText === undefined ? null : Number(stageText),
    notes: optionalText(input.notes, '--notes', 2000) ?? null,
    cooperating_since: status === 'a' ? date : null,
    lost_date: status === 'c' ? date : null,
    created_on: date,
    created_by: ctx.operator,
    updated_at: timestamp(ctx),
  };
  return { name, key, place: placement, grade, status, date, owner, contacts, fields };
}

/** Validates everything first, then writes customer, code, contacts and status history in one transaction. */
export function addCustomer(ctx: AppContext, input: AddCustomerInput): AddCustomerResult {
  const v = validateCustomer(ctx, input);
  const id = writeTx(ctx.db, () => {
    const existing = store.customerByNameKey(ctx.db, v.key);
    if (existing) throw new DuplicateCustomer(v.name, existing.code, existing.name);
    if (v.owner !== undefined && !userByName(ctx.db, v.owner)) throw new UnknownUser(v.owner);
    const serial = store.nextRegionSerial(ctx.db, v.place.region);
    const code = formatCode(v.grade, v.status, v.place.region, serial);
    const customerId = store.insertCustomer(ctx.db, { ...v.fields, code, region: v.place.region, serial });
    store.insertCodeHistory(ctx.db, customerId, code, v.date);
    for (const c of v.contacts) store.insertContact(ctx.db, customerId, c);
    store.insertStatusHistory(ctx.db, {
      customer_id: customerId,
      from_status: null,
      to_status: v.status,
      date: v.date,
      operator: ctx.operator,
      reason_category: null,
      reason: null,
      recorded_at: v.fields.updated_at,
    });
    return customerId;
  });
  const row = store.customerById(ctx.db, id)!;
  return { customer: customerView(row), contacts: store.contactsOf(ctx.db, id).map((c) => contactView(c)) };
}

export interface ListInput {
  grade?: string | undefined;
  status?: string | undefined;
  province?: string | undefined;
  city?: string | undefined;
  owner?: string | undefined;
  stage?: string | undefined;
  type?: string | undefined;
  source?: string | undefined;
  name?: string | undefined;
  sort?: string | undefined;
  desc?: boolean | undefined;
  limit?: string | undefined;
}

export function listCustomers(ctx: AppContext, input: ListInput): CustomerView[] {
  const filter: store.CustomerFilter = {
    grade: optionalEnum(GRADES, input.grade),
    status: optionalEnum(STATUSES, input.status),
    owner: optionalText(input.owner, '--owner', 50),
    type: optionalEnum(CUSTOMER_TYPES, input.type),
    source: optionalEnum(SOURCES, input.source),
    stage: optionalEnum(STAGES, input.stage) === undefined ? undefined : Number(input.stage),
    nameContains: input.name?.trim() ? nameKey(input.name) : undefined,
  };
  if (input.province?.trim() || input.city?.trim()) {
    if (!input.province?.trim()) throw new MissingValue('--province');
    const regions = loadRegionIndex();
    const province = regions.resolveProvince(input.province);
    filter.province = province.abbr;
    if (input.city?.trim()) {
      const place = regions.resolvePlace(province, input.city);
      filter.city = place.city.name;
      if (place.district) filter.district = place.district.name;
    }
  }
  const sortKeys = Object.keys(store.SORT_COLUMNS);
  const sort = input.sort ?? 'code';
  if (!sortKeys.includes(sort)) throw new InvalidValue('--sort', sort, sortKeys);
  const limit = optionalInt(input.limit, '--limit', 1, 10_000_000);
  return store.listCustomers(ctx.db, filter, sort as store.SortKey, input.desc ?? false, limit).map(customerView);
}

export interface ShowResult {
  customer: CustomerView;
  contacts: ContactView[];
  code_history: store.CodeHistoryRow[];
  status_history: Omit<store.StatusHistoryRow, 'id'>[];
}

export function showCustomer(ctx: AppContext, code: string): ShowResult {
  const row = findCustomer(ctx, code);
  return {
    customer: customerView(row),
    contacts: store.contactsOf(ctx.db, row.id).map((c) => contactView(c)),
    code_history: store.codeHistoryOf(ctx.db, row.id),
    status_history: store.statusHistoryOf(ctx.db, row.id).map(({ id: _id, ...rest }) => rest),
  };
}
