// kehu show (客户档案): one customer's archive, contacts, code history and status history.

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
}

export function showCustomer(ctx: AppContext, code: string): ShowResult {
  const row = findCustomer(ctx, code);
  return {
    customer: customerView(row),
    contacts: store.contactsOf(ctx.db, row.id).map((c) => contactView(c)),
    code_history: store.codeHistoryOf(ctx.db, row.id),
    status_history: store.statusHistoryOf(ctx.db, row.id),
    grade_history: act.gradeHistoryOf(ctx.db, row.id),
  };
}
