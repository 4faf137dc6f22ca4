// kehu designate-image (形象客户, X; SPEC 2.3): a dated application to make a customer an image customer.
// Sales and market managers approve; leaving formal VIP needs the general manager too.

import { AlreadyImage, ApplicationPending } from '../core/errors.js';
import { approversFor } from '../core/grade.js';
import { gradeOn, statusOn } from '../core/timeline.js';
import * as store from '../store/grades.js';
import { type ApplicationSummary, openApplication } from './applications.js';
import type { AppContext } from './context.js';
import { findCustomer } from './customers.js';
import { computeTimeline, factTx } from './timeline.js';
import { writeDate } from './validate.js';

export interface DesignationResult {
  code: string;
  name: string;
  date: string;
  application: ApplicationSummary;
}

/** Opens an application to make a customer an image customer (形象客户, X), by its grade and status on the day. */
export function designateImage(ctx: AppContext, input: { code: string; date?: string | undefined }): DesignationResult {
  const date = writeDate(ctx, input.date);
  return factTx(ctx, () => {
    const c = findCustomer(ctx, input.code);
    const t = computeTimeline(ctx, c.id);
    const grade = gradeOn(t, date);
    if (grade === 'X') throw new AlreadyImage(c.code);
    const pending = store.pendingApplicationOf(ctx.db, c.id);
    if (pending) throw new ApplicationPending(c.code, pending.id);
    const application = openApplication(ctx, c, 'designate', grade, 'X', approversFor(grade, 'X', statusOn(t, date)), null, date);
    return { code: c.code, name: c.name, date, application };
  });
}
