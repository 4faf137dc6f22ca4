// kehu reject (SPEC 2.3): a dated rejection in a role the rejecter holds; one rejection decides the application.

import { type DecisionResult, checkStep } from './applications.js';
import type { AppContext } from './context.js';
import * as store from '../store/grades.js';
import { factTx } from './timeline.js';
import { requiredText } from './validate.js';

export function reject(ctx: AppContext, input: { id: string; reason?: string | undefined; role?: string | undefined; date?: string | undefined }): DecisionResult {
  const reason = requiredText(input.reason, '--reason', 1000);
  return factTx(ctx, () => {
    const { app, customer: c, role, date, waiting } = checkStep(ctx, input.id, input.role, input.date);
    store.insertApproval(ctx.db, { application_id: app.id, approver: ctx.operator, role, decision: 'reject', note: reason, date });
    store.decideApplication(ctx.db, app.id, 'rejected', date);
    return {
      id: app.id, code: c.code, former_code: c.code, name: c.name, kind: app.kind, from_grade: app.from_grade, to_grade: app.to_grade,
      decision: 'reject', approver: ctx.operator, role, note: reason, date, status: 'rejected', waiting_for: waiting.filter((r) => r !== role),
    };
  });
}
