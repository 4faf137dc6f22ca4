// kehu add-customer (新建客户档案, SPEC 2.1 and 2.7): validate a customer, place it (the region part of its
// code), and record it through the one write path imports share.

import { domesticRegion, foreignRegion } from '../core/code.js';
import { isCountryCode } from '../core/countries.js';
import { parseDate } from '../core/dates.js';
import { CUSTOMER_TYPES, type Grade, GRADES, INSIDER_STAGES, SOURCES, STAGES, type Status, STATUSES } from '../core/enums.js';
import { DomainError, DuplicateCustomer, HiddenDuplicateCustomer, InvalidValue, MissingValue } from '../core/errors.js';
import { nameTakenUnseen } from '../store/grants.js';
import { nameColumns } from '../core/names.js';
import type { PlaceResolution } from '../core/regions.js';
import * as store from '../store/customers.js';
import { CONTACT_FIELDS, type ContactFields } from '../store/customers.js';
import { type AppContext, timestamp } from './context.js';
import { assertActiveUser } from './users.js';
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
  wechat?: string | undefined;
  /** 内线 (seed 000). */
  insider?: boolean | undefined;
  insiderStage?: string | undefined;
  // The key decision maker's profile (seed 001).
  nativePlace?: string | undefined;
  age?: string | undefined;
  interests?: string | undefined;
  yearsAtCompany?: string | undefined;
  authority?: string | undefined;
  personality?: string | undefined;
  workingStyle?: string | undefined;
  family?: string | undefined;
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
  if (!new RegExp(`^[A-Z]{${min},8}$`).test(t)) throw new InvalidValue(option, input, undefined, { zh: `${min}–8 个字母 A–Z`, en: `${min}–8 letters A–Z` });
  return t;
}

/** Works out the region part of the code from province/city (or country/region) input. */
export function placeCustomer(input: Pick<AddCustomerInput, 'province' | 'city' | 'district' | 'cityCode' | 'country'>): Placement {
  const country = input.country?.normalize('NFKC').trim().toUpperCase();
  if (country !== undefined && country !== '' && !(country in NON_FOREIGN)) {
    if (!/^[A-Z]{2}$/.test(country) || !isCountryCode(country)) {
      throw new InvalidValue('--country', input.country!, undefined, { zh: '给出 ISO 3166-1 两字母国家代码，如 JP、US、DE', en: 'ISO 3166-1 alpha-2 code such as JP, US, DE' });
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
      throw new InvalidValue('--city-code', input.cityCode!, [place.city.initials], { zh: `${place.city.name}的缩写是 ${province.abbr}${place.city.initials}`, en: `${place.city.name} is ${province.abbr}${place.city.initials}` });
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

type ContactFieldCheck = (raw: string | boolean, option: string) => unknown;
const text = (max: number): ContactFieldCheck => (raw, option) => optionalText(String(raw), option, max) ?? null;
const flag: ContactFieldCheck = (raw) => (raw === true || raw === 'true' || raw === '1' ? 1 : 0);

/** Each contact input: its option, the column it fills and its check (a contact's fields have one home). */
const CONTACT_INPUTS: Record<Exclude<keyof ContactInput, 'name'>, { option: string; column: keyof ContactFields; check: ContactFieldCheck }> = {
  title: { option: '--title', column: 'title', check: text(100) },
  mobile: { option: '--mobile', column: 'mobile', check: (raw, o) => optionalMobile(String(raw), o) ?? null },
  phone: { option: '--contact-phone', column: 'phone', check: (raw, o) => optionalPhone(String(raw), o) ?? null },
  email: { option: '--contact-email', column: 'email', check: (raw, o) => optionalEmail(String(raw), o) ?? null },
  wechat: { option: '--wechat', column: 'wechat', check: text(50) },
  decisionMaker: { option: '--decision-maker', column: 'is_decision_maker', check: flag },
  birthday: { option: '--birthday', column: 'birthday', check: (raw, o) => validBirthday(String(raw), o) },
  notes: { option: '--contact-notes', column: 'notes', check: text(1000) },
  insider: { option: '--insider', column: 'is_insider', check: flag },
  insiderStage: { option: '--insider-stage', column: 'insider_stage', check: (raw, o) => optionalStage(String(raw), o) },
  nativePlace: { option: '--native-place', column: 'native_place', check: text(50) },
  age: { option: '--age', column: 'age', check: (raw, o) => optionalInt(String(raw), o, 16, 100) ?? null },
  interests: { option: '--interests', column: 'interests', check: text(200) },
  yearsAtCompany: { option: '--years-at-company', column: 'years_at_company', check: (raw, o) => optionalInt(String(raw), o, 0, 70) ?? null },
  authority: { option: '--authority', column: 'authority', check: text(200) },
  personality: { option: '--personality', column: 'personality', check: text(200) },
  workingStyle: { option: '--working-style', column: 'working_style', check: text(200) },
  family: { option: '--family', column: 'family', check: text(200) },
};

function validBirthday(raw: string, option: string): string | null {
  let birthday = optionalText(raw, option, 10);
  if (birthday === undefined) return null;
  birthday = birthday.normalize('NFKC');
  if (/^\d{2}-\d{2}$/.test(birthday)) parseDate(`2000-${birthday}`, option);
  else birthday = parseDate(birthday, option);
  return birthday;
}

function optionalStage(raw: string, option: string): number | null {
  const v = optionalEnum(INSIDER_STAGES, raw, option);
  return v === undefined ? null : Number(v);
}

/**
 * The contact fields an input gives, checked (an edit's changes): options named with the contact's
 * number when there are several (`--mobile (#2)`). A name given must not be empty.
 */
export function validateContactChanges(c: ContactInput, i = 0, options: Partial<Record<keyof ContactInput, string>> = {}): Partial<ContactFields> {
  const at = (opt: string): string => (i === 0 ? opt : `${opt} (#${i + 1})`);
  const out: Partial<ContactFields> = {};
  if (c.name !== undefined) out.name = requiredText(c.name, at(options.name ?? '--contact'), 50);
  for (const [key, spec] of Object.entries(CONTACT_INPUTS)) {
    const raw = c[key as keyof ContactInput];
    if (raw === undefined) continue;
    (out as Record<string, unknown>)[spec.column] = spec.check(raw, at(options[key as keyof ContactInput] ?? spec.option));
  }
  if (out.insider_stage !== undefined && out.insider_stage !== null && out.is_insider === undefined) out.is_insider = 1;
  return out;
}

/** A new contact: its name required, every other field checked or empty. */
export function validateContact(c: ContactInput, i: number, options: Partial<Record<keyof ContactInput, string>> = {}): ContactFields {
  const given = validateContactChanges({ ...c, name: c.name ?? '' }, i, options);
  const out = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, null])) as Record<string, unknown>;
  Object.assign(out, { is_decision_maker: 0, is_insider: 0 }, given);
  return out as unknown as ContactFields;
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
  contacts: ContactFields[];
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
    throw new InvalidValue('--cooperating-since', input.cooperatingSince!, undefined, { zh: '只能与 --status a 或 c 一起使用', en: 'only with --status a or c' });
  }
  if (lostDate !== null && status !== 'c') throw new InvalidValue('--lost-date', input.lostDate!, undefined, { zh: '只能与 --status c 一起使用', en: 'only with --status c' });
  const invalidSince = input.invalidSince?.trim() ? writeDate(ctx, input.invalidSince, '--invalid-since') : null;
  if (invalidSince !== null && status !== 'd') throw new InvalidValue('--invalid-since', input.invalidSince!, undefined, { zh: '只能与 --status d 一起使用', en: 'only with --status d' });
  if (invalidSince !== null && invalidSince < date) throw new InvalidValue('--invalid-since', input.invalidSince!, undefined, { zh: `不早于建档日期（${date}）`, en: `on or after the creation day (${date})` });
  if (lostDate !== null && cooperatingSince !== null && lostDate <= cooperatingSince) {
    throw new InvalidValue('--lost-date', input.lostDate!, undefined, { zh: `晚于合作起始日（${cooperatingSince}）`, en: `after the cooperation start (${cooperatingSince})` });
  }
  const postcode = optionalText(input.postcode, '--postcode', 12)?.normalize('NFKC');
  if (postcode !== undefined && placement.country === 'CN' && !/^\d{6}$/.test(postcode)) {
    throw new InvalidValue('--postcode', postcode, undefined, { zh: '6 位数字', en: '6 digits' });
  }
  const website = optionalText(input.website, '--website', 200);
  if (website !== undefined && !/^(https?:\/\/)?[^\s/]+\.[^\s]+$/i.test(website)) {
    throw new InvalidValue('--website', website, undefined, 'www.example.com');
  }
  const owner = optionalText(input.owner, '--owner', 50);
  const contacts = (input.contacts ?? []).map((c, i) => validateContact(c, i));
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
    if (nameTakenUnseen(ctx.db, v.key)) throw new HiddenDuplicateCustomer(v.name);
    if (v.owner !== undefined) assertActiveUser(ctx, v.owner, '--owner');
    return recordCustomer(ctx, v).id;
  });
  const row = store.customerById(ctx.db, id)!;
  return {
    customer: customerView(row),
    contacts: store.contactsOf(ctx.db, id).map((c) => contactView(c)),
    vip_unconfirmed: v.grade === 'A' && row.grade !== 'A',
  };
}
