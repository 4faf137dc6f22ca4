// kehu salvage (挽救方案, §7.6.3): a dated salvage plan for a lost customer, and a customer's plans.

import { DomainError } from '../core/errors.js';
import { statusOn } from '../core/timeline.js';
import * as store from '../store/churn.js';
import { type AppContext, timestamp } from './context.js';
import { findCustomer } from './customers.js';
import { computeTimeline, factTx } from './timeline.js';
import { requiredText, writeDate } from './validate.js';

export class NotLost extends DomainError {
  constructor(code: string, status: string) {
    super('not_lost', `Customer ${code} is not lost (status ${status}); salvage plans are for lost customers`, { code, status });
  }
}

export interface SalvageResult {
  id: number;
  code: string;
  name: string;
  plan: string;
  author: string;
  date: string;
}

/** Records a salvage plan (挽救方案) with its author for a lost customer. */
export function addSalvagePlan(ctx: AppContext, input: { code: string; plan?: string | undefined; date?: string | undefined }): SalvageResult {
  const plan = requiredText(input.plan, '--plan', 4000);
  const date = writeDate(ctx, input.date);
  return factTx(ctx, () => {
    const c = findCustomer(ctx, input.code);
    // Lost on the plan's day: a plan may be dated back to when the customer was lost.
    const then = statusOn(computeTimeline(ctx, c.id), date);
    if (then !== 'c') throw new NotLost(c.code, then);
    const id = store.insertSalvagePlan(ctx.db, { customer_id: c.id, plan, author: ctx.operator, date, recorded_at: timestamp(ctx) });
    return { id, code: c.code, name: c.name, plan, author: ctx.operator, date };
  });
}

export function salvagePlans(ctx: AppContext, code: string): store.SalvagePlanRow[] {
  return store.salvagePlansOf(ctx.db, findCustomer(ctx, code).id);
}
