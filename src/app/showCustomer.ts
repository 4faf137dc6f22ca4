// kehu show (客户档案): one customer's archive, contacts, its latest visits and orders, salvage plans, code history and status history.

import { materialsDueAt } from '../core/agenda.js';
import { fenToYuan } from '../core/money.js';
import * as act from '../store/activity.js';
import { type SalvagePlanRow, salvagePlansOf } from '../store/churn.js';
import * as store from '../store/customers.js';
import type { AppContext } from './context.js';
import { type ContactView, contactView, type CustomerView, customerView, findCustomer } from './customers.js';

/** How many visits and orders `show` lists; the rest are a `kehu history` away. */
export const SHOW_RECENT = 5;

/** A visit as show lists it: the stored visit's own fields (store VisitRow), without who recorded it. */
export type RecentVisit = Pick<
  act.VisitRow,
  'seq' | 'visited_at' | 'method' | 'handler' | 'handler_role' | 'contact' | 'summary' | 'key_point' | 'next_step' | 'next_date' | 'stage' | 'materials'
>;

export interface RecentOrder {
  id: number;
  date: string;
  /** Yuan, at most two decimals. */
  amount: number;
  note: string | null;
  recorded_by: string;
}

export interface ShowResult {
  customer: CustomerView;
  contacts: ContactView[];
  /** The newest visits and orders (at most SHOW_RECENT each, newest first); voided ones are not listed. */
  recent_visits: RecentVisit[];
  recent_orders: RecentOrder[];
  /** How many there are in all (voided ones not counted), and the orders' total in yuan. */
  totals: { visits: number; orders: number; order_amount: number; salvage_plans: number };
  /** Every salvage plan (挽救方案), oldest first. */
  salvage_plans: SalvagePlanRow[];
  code_history: store.CodeHistoryRow[];
  status_history: store.StatusHistoryRow[];
  /** Grade changes (the grade it was created with is not a change). */
  grade_history: act.GradeHistoryRow[];
  /** Materials asked for on its visits and not sent yet (seed 002 §5), with the time each is due. */
  materials_to_send: { seq: number; visited_at: string; handler: string; materials: string; due_at: string }[];
}

export function showCustomer(ctx: AppContext, code: string): ShowResult {
  const row = findCustomer(ctx, code);
  // Counts and LIMITed seeks on (customer_id, …) indexes: a customer with thousands of visits costs the same.
  const orders = act.orderTotalsOf(ctx.db, row.id);
  const plans = salvagePlansOf(ctx.db, row.id);
  return {
    customer: customerView(row),
    contacts: store.contactsOf(ctx.db, row.id).map((c) => contactView(c)),
    recent_visits: act.recentVisitsOf(ctx.db, row.id, SHOW_RECENT).map((v) => ({
      seq: v.seq, visited_at: v.visited_at, method: v.method, handler: v.handler, handler_role: v.handler_role, contact: v.contact, summary: v.summary,
      key_point: v.key_point, next_step: v.next_step, next_date: v.next_date, stage: v.stage, materials: v.materials,
    })),
    recent_orders: act.recentOrdersOf(ctx.db, row.id, SHOW_RECENT).map((o) => ({ id: o.id, date: o.date, amount: fenToYuan(o.amount_fen), note: o.note, recorded_by: o.recorded_by })),
    totals: { visits: act.visitCountOf(ctx.db, row.id), orders: orders.count, order_amount: fenToYuan(orders.amount_fen), salvage_plans: plans.length },
    salvage_plans: plans,
    code_history: store.codeHistoryOf(ctx.db, row.id),
    status_history: store.statusHistoryOf(ctx.db, row.id),
    grade_history: act.gradeHistoryOf(ctx.db, row.id),
    materials_to_send: act
      .pendingMaterialsOf(ctx.db, row.id)
      .map((v) => ({ seq: v.seq, visited_at: v.visited_at, handler: v.handler, materials: v.materials!, due_at: materialsDueAt(v.visited_at) })),
  };
}
