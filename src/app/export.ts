// Export of customers, visits and orders as flat records whose columns the import reads back.

import type { Role } from '../core/enums.js';
import { inRoleOrder } from '../core/grade.js';
import { fenToYuan } from '../core/money.js';
import * as bulk from '../store/bulk.js';
import type { AppContext } from './context.js';

export type ExportKind = 'customers' | 'visits' | 'orders' | 'users';
export type ExportValue = string | number | null;

export interface ExportTable {
  columns: string[];
  rows: Iterable<Record<string, ExportValue>>;
}

const CUSTOMER_COLUMNS = [
  'code', 'name', 'grade', 'status', 'country', 'province', 'city', 'district', 'city_code', 'address', 'postcode',
  'phone', 'fax', 'website', 'email', 'legal_rep', 'registered_capital', 'industry', 'nature', 'type', 'credit_rating',
  'supplier_structure', 'source', 'main_products', 'years_in_business', 'owner', 'stage', 'notes', 'created_on', 'created_by',
  'cooperating_since', 'last_order_date', 'lost_date', 'invalid_since', 'contact', 'title', 'contact_phone', 'contact_email', 'decision_maker',
] as const;
/**
 * Customers are written one row per contact, every row with the customer's fields, in the order the
 * contacts were entered (a customer without contacts has one row with the contact columns empty); the
 * import reads consecutive rows of the same code as that customer's further contacts.
 * Contacts' personal data (PIPL, SPEC 2.7): exported only with --with-personal-data.
 */
const PERSONAL_COLUMNS = [
  'mobile', 'birthday', 'contact_notes', 'wechat', 'insider', 'insider_stage', 'native_place', 'age', 'interests', 'years_at_company', 'authority',
  'personality', 'working_style', 'family',
] as const;

function* customerRows(ctx: AppContext, personal: boolean): Generator<Record<string, ExportValue>> {
  for (const c of bulk.iterateCustomers(ctx.db)) {
    const row: Record<string, ExportValue> = {};
    for (const k of CUSTOMER_COLUMNS) row[k] = (c as unknown as Record<string, ExportValue>)[k] ?? null;
    // Foreign customers keep their region abbreviation in city_code, as add-customer takes it.
    row.city_code = c.city_code ?? c.foreign_region;
    row.contact = c.contact_name;
    row.title = c.contact_title;
    row.contact_phone = c.contact_phone;
    row.contact_email = c.contact_email;
    row.decision_maker = c.contact_name === null ? null : c.contact_decision_maker ? 'yes' : 'no';
    if (personal) {
      row.mobile = c.contact_mobile;
      row.birthday = c.contact_birthday;
      row.contact_notes = c.contact_notes;
      row.wechat = c.contact_wechat;
      row.insider = c.contact_name === null ? null : c.contact_insider ? 'yes' : 'no';
      row.insider_stage = c.contact_insider_stage;
      row.native_place = c.contact_native_place;
      row.age = c.contact_age;
      row.interests = c.contact_interests;
      row.years_at_company = c.contact_years_at_company;
      row.authority = c.contact_authority;
      row.personality = c.contact_personality;
      row.working_style = c.contact_working_style;
      row.family = c.contact_family;
    }
    yield row;
  }
}

function* visitRows(ctx: AppContext): Generator<Record<string, ExportValue>> {
  for (const v of bulk.iterateVisits(ctx.db)) {
    yield {
      code: v.code,
      seq: v.seq,
      date: v.visited_at,
      method: v.method,
      handler: v.handler,
      role: v.handler_role,
      contact: v.contact,
      summary: v.summary,
      key_point: v.key_point,
      next_step: v.next_step,
      next_date: v.next_date,
      stage: v.stage,
      materials: v.materials,
      materials_sent_at: v.materials_sent_at,
      materials_sent_by: v.materials_sent_by,
      materials_method: v.materials_method,
      materials_note: v.materials_note,
    };
  }
}

function* orderRows(ctx: AppContext): Generator<Record<string, ExportValue>> {
  for (const o of bulk.iterateOrders(ctx.db)) {
    yield { code: o.code, date: o.date, amount: fenToYuan(o.amount_fen), note: o.note, recorded_by: o.recorded_by };
  }
}

/** Users in the order they were added, each with its roles (stored values joined by ';'). */
function* userRows(ctx: AppContext): Generator<Record<string, ExportValue>> {
  for (const u of bulk.iterateUsers(ctx.db)) yield { name: u.name, roles: inRoleOrder(u.roles as Role[]).join(';'), created_at: u.created_at };
}

/** The rows of an export, streamed from the database in code order. */
export function exportTable(ctx: AppContext, kind: ExportKind, opts: { withPersonalData?: boolean | undefined } = {}): ExportTable {
  if (kind === 'customers') {
    const personal = opts.withPersonalData ?? false;
    return { columns: [...CUSTOMER_COLUMNS, ...(personal ? PERSONAL_COLUMNS : [])], rows: customerRows(ctx, personal) };
  }
  if (kind === 'users') return { columns: ['name', 'roles', 'created_at'], rows: userRows(ctx) };
  if (kind === 'visits') {
    return {
      columns: ['code', 'seq', 'date', 'method', 'handler', 'role', 'contact', 'summary', 'key_point', 'next_step', 'next_date', 'stage', 'materials', 'materials_sent_at', 'materials_sent_by', 'materials_method', 'materials_note'],
      rows: visitRows(ctx),
    };
  }
  return { columns: ['code', 'date', 'amount', 'note', 'recorded_by'], rows: orderRows(ctx) };
}
