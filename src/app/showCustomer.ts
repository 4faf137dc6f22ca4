// kehu show (客户档案): one customer's archive, contacts, code history and status history.

import { materialsDueAt } from '../core/agenda.js';
import * as act from '../store/activity.js';
import * as store from '../store/customers.js';
import type { AppContext } from './context.js';
import { type ContactView, contactView, type CustomerView, customerView, findCustomer } from './customers.js';

export interface ShowResult {
  customer: CustomerView;
  contacts: ContactView[];
  code_history: store.CodeHistoryRow[];
  status_history: store.StatusHistoryRow[];
  /** Grade changes (the grade it was created with is not a change). */
  grade_history: act.GradeHistoryRow[];
  /** Materials asked for on its visits and not sent yet (seed 002 §5), with the time each is due. */
  materials_to_send: { seq: number; visited_at: string; handler: string; materials: string; due_at: string }[];
}

export function showCustomer(ctx: AppContext, code: string): ShowResult {
  const row = findCustomer(ctx, code);
  return {
    customer: customerView(row),
    contacts: store.contactsOf(ctx.db, row.id).map((c) => contactView(c)),
    code_history: store.codeHistoryOf(ctx.db, row.id),
    status_history: store.statusHistoryOf(ctx.db, row.id),
    grade_history: act.gradeHistoryOf(ctx.db, row.id),
    materials_to_send: act
      .visitsOf(ctx.db, row.id)
      .filter((v) => v.materials !== null && v.materials_sent_at === null)
      .map((v) => ({ seq: v.seq, visited_at: v.visited_at, handler: v.handler, materials: v.materials!, due_at: materialsDueAt(v.visited_at) })),
  };
}
