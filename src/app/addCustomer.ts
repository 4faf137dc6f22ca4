// kehu add-customer (新建客户档案, SPEC 2.1 and 2.7): validate a customer, place it (the region part of its
// code), and record it through the one write path imports share.

import { domesticRegion, foreignRegion } from '../core/code.js';
import { isCountryCode } from '../core/countries.js';
import { parseDate } from '../core/dates.js';
import { CUSTOMER_TYPES, type Grade, GRADES, SOURCES, STAGES, type Status, STATUSES } from '../core/enums.js';
import { DomainError, DuplicateCustomer, InvalidValue, MissingValue, UnknownUser } from '../core/errors.js';
import { nameColumns } from '../core/names.js';
import type { PlaceResolution } from '../core/regions.js';
import * as store from '../store/customers.js';
import { userByName } from '../store/users.js';
import { type AppContext, timestamp } from './context.js';
import { type ContactView, contactView, type CustomerView, customerView } from './customers.js';
import { recordCustomer } from './record.js';
import { loadRegionIndex } from './regions.js';
import { factTx } from './timeline.js';
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
  /** For a customer entered as cooperating or lost: since when it cooperated (default the archive date). */
  cooperatingSince?: string | undefined;
  /** For a customer entered as lost: the day it was lost (default the archive date). */
  lostDate?: string | undefined;
  /** The day an invalid (d) customer was disqualified (imports of existing customers); the creation day when absent. */
  invalidSince?: string | undefined;
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

export function validateContact(c: ContactInput, i: number): Omit<store.ContactRow, 'id' | 'customer_id'> {
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

/** A customer input that passed every check: the row's fields (without code and serial), place and contacts. */
export interface ValidatedCustomer {
  name: string;
  key: string;
  place: Placement;
  grade: Grade;
  status: Status;
  date: string;
  owner: string | undefined;
  /** What the status it was entered with says about the past: cooperation start and lost date, when given. */
  opening: { cooperatingSince: string | null; lostDate: string | null; invalidSince: string | null };
  contacts: Omit<store.ContactRow, 'id' | 'customer_id'>[];
  /** The row's archive fields; the code, region and serial, and what the timeline derives, are written with it. */
  fields: Omit<store.NewCustomerRow, 'code' | 'region' | 'serial' | 'cooperating_since' | 'last_order_date' | 'previous_order_date' | 'lost_date'>;
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
  const named = nameColumns(requiredText(input.name, 'NAME', 200));
  const { name, name_key: key } = named;
  const placement = place(input);
  const grade = optionalEnum(GRADES, input.grade) ?? defaults.grade ?? 'C';
  const status = optionalEnum(STATUSES, input.status) ?? defaults.status ?? 'b';
  // The development stage reached (1–5), kept when the customer goes on to cooperate: any status may carry it.
  const stageText = optionalEnum(STAGES, input.stage);
  const date = writeDate(ctx, input.date);
  const cooperatingSince = input.cooperatingSince?.trim() ? writeDate(ctx, input.cooperatingSince, '--cooperating-since') : null;
  const lostDate = input.lostDate?.trim() ? writeDate(ctx, input.lostDate, '--lost-date') : null;
  if (cooperatingSince !== null && status !== 'a' && status !== 'c') {
    throw new InvalidValue('--cooperating-since', input.cooperatingSince!, undefined, 'only with --status a or c');
  }
  if (lostDate !== null && status !== 'c') throw new InvalidValue('--lost-date', input.lostDate!, undefined, 'only with --status c');
  const invalidSince = input.invalidSince?.trim() ? writeDate(ctx, input.invalidSince, '--invalid-since') : null;
  if (invalidSince !== null && status !== 'd') throw new InvalidValue('--invalid-since', input.invalidSince!, undefined, 'only with --status d');
  if (invalidSince !== null && invalidSince < date) throw new InvalidValue('--invalid-since', input.invalidSince!, undefined, `on or after the creation day (${date})`);
  if (lostDate !== null && cooperatingSince !== null && lostDate <= cooperatingSince) {
    throw new InvalidValue('--lost-date', input.lostDate!, undefined, `after the cooperation start (${cooperatingSince})`);
  }
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
  // Written out, not spread: a spread literal of this size is built slowly and lands in a slow object shape.
  const fields = {
    name,
    name_key: key,
    name_pinyin: named.name_pinyin,
    name_initials: named.name_initials,
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
    opening_grade: grade,
    opening_confirmed_by: null,
    created_on: date,
    created_by: ctx.operator,
    updated_at: timestamp(ctx),
  };
  return { name, key, place: placement, grade, status, date, owner, opening: { cooperatingSince, lostDate, invalidSince }, contacts, fields };
}

export interface AddCustomerResult {
  customer: CustomerView;
  contacts: ContactView[];
  /** Set when a formal VIP was asked for without a general manager to confirm it (SPEC 2.3): entered as B. */
  vip_unconfirmed: boolean;
}

/** Validates everything first, then records the customer, its contacts and its timeline in one transaction. */
export function addCustomer(ctx: AppContext, input: AddCustomerInput): AddCustomerResult {
  const v = validateCustomer(ctx, input);
  const id = factTx(ctx, () => {
    const existing = store.customerByNameKey(ctx.db, v.key);
    if (existing) throw new DuplicateCustomer(v.name, existing.code, existing.name);
    if (v.owner !== undefined && !userByName(ctx.db, v.owner)) throw new UnknownUser(v.owner);
    return recordCustomer(ctx, v).id;
  });
  const row = store.customerById(ctx.db, id)!;
  return {
    customer: customerView(row),
    contacts: store.contactsOf(ctx.db, id).map((c) => contactView(c)),
    vip_unconfirmed: v.grade === 'A' && row.grade !== 'A',
  };
}
