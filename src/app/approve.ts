// kehu approve (SPEC 2.3): a dated approval in a role the approver holds; the last required approval
// decides the application, and the grade changes from that day in the customer's timeline.

import { type DecisionResult, checkStep } from './applications.js';
import { audit } from './audit.js';
import type { AppContext } from './context.js';
import * as store from '../store/grades.js';
import { factTx, refreshTimeline } from './timeline.js';
import { optionalText } from './validate.js';

export function approve(ctx: AppContext, input: { id: string; note?: string | undefined; role?: string | undefined; date?: string | undefined }): DecisionResult {
  const note = optionalText(input.note, '--note', 1000) ?? null;
  return factTx(ctx, () => {
    const { app, customer: c, role, date, lastDay, required, waiting } = checkStep(ctx, input.id, input.role, input.date);
    store.insertApproval(ctx.db, { application_id: app.id, approver: ctx.operator, role, decision: 'approve', note, date });
    store.setRequiredRoles(ctx.db, app.id, required);
    const left = waiting.filter((r) => r !== role);
    let code = c.code;
    if (left.length === 0) {
      store.decideApplication(ctx.db, app.id, 'approved', lastDay);
      code = refreshTimeline(ctx, c.id).code;
      audit(ctx, { customerId: c.id, entity: 'customer', action: 'grade', field: 'grade', old: app.from_grade, new: app.to_grade, reason: `#${app.id}`, date: lastDay });
    }
    return {
      id: app.id, code, former_code: c.code, name: c.name, kind: app.kind, from_grade: app.from_grade, to_grade: app.to_grade,
      decision: 'approve', approver: ctx.operator, role, note, date, status: left.length === 0 ? 'approved' : 'pending', waiting_for: left,
    };
  });
}
