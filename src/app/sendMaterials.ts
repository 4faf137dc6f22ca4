// kehu send-materials (seed 002 §5: 需邮寄、传真、E-mail产品介绍、产品目录或其它资料的，助理在24小时内安排寄出):
// records that the materials a customer asked for on a visit went out, by whom, when and how.

import { materialsDueAt, materialsOverdueHours } from '../core/agenda.js';
import { parseDateTime } from '../core/dates.js';
import { VISIT_METHODS, type VisitMethod } from '../core/enums.js';
import { DomainError, InvalidValue, UnknownUser } from '../core/errors.js';
import * as act from '../store/activity.js';
import { markMaterialsSent } from '../store/agenda.js';
import { userByName } from '../store/users.js';
import { writeTx } from '../store/db.js';
import { audit } from './audit.js';
import { type AppContext, wallClock, zoneOf } from './context.js';
import { findCustomer } from './customers.js';
import { assertActive } from './users.js';
import { optionalEnum, optionalText } from './validate.js';
import { AlreadyVoided, VisitNotFound } from './voidRecord.js';

export class NoMaterialsRequested extends DomainError {
  constructor(code: string, seq: number) {
    super('no_materials_requested', `${code} visit ${seq} records no request for materials`, { code, seq });
  }
}

export class MaterialsAlreadySent extends DomainError {
  constructor(code: string, seq: number, at: string, by: string) {
    super('materials_already_sent', `${code} visit ${seq}: the materials went out on ${at} (${by})`, { code, seq, at, by });
  }
}

export interface SendMaterialsResult {
  code: string;
  name: string;
  seq: number;
  visited_at: string;
  materials: string;
  due_at: string;
  sent_at: string;
  sent_by: string;
  method: VisitMethod | null;
  note: string | null;
  /** Hours after the due time it went out (0 or less: within the 24 hours). */
  hours_late: number;
}

function seqOf(input: string): number {
  const t = input.normalize('NFKC').trim().replace(/^#/, '');
  if (!/^\d+$/.test(t) || Number(t) < 1) throw new InvalidValue('SEQ', input, undefined, { zh: '给出从 1 起的拜访编号（kehu history 客户代码 --kind visit 查看）', en: 'a visit number from 1 (kehu history CODE --kind visit)' });
  return Number(t);
}

/** Records the dispatch of a visit's requested materials, with an audit row, in one transaction. */
export function sendMaterials(
  ctx: AppContext,
  input: { code: string; seq: string; date?: string | undefined; method?: string | undefined; note?: string | undefined },
): SendMaterialsResult {
  const seq = seqOf(input.seq);
  const now = wallClock(ctx);
  const sentAt = input.date === undefined ? now : parseDateTime(input.date, '--date', zoneOf(ctx));
  if (sentAt.slice(0, 10) > now.slice(0, 10) || (sentAt.length > 10 && sentAt > now)) throw new InvalidValue('--date', input.date!, undefined, { zh: `不能是将来（现在是 ${now}）`, en: `not in the future (now ${now})` });
  const method = optionalEnum(VISIT_METHODS, input.method) ?? null;
  const note = optionalText(input.note, '--note', 500) ?? null;
  return writeTx(ctx.db, () => {
    // The sender is the operator: a known user, active on the day the materials went out.
    const sender = userByName(ctx.db, ctx.operator);
    if (!sender) throw new UnknownUser(ctx.operator, '--as');
    assertActive(sender, '--as', 'handler', sentAt.slice(0, 10));
    const c = findCustomer(ctx, input.code);
    const v = act.visitBySeq(ctx.db, c.id, seq);
    if (!v) {
      const done = act.voidedVisitBySeq(ctx.db, c.id, seq);
      if (done) throw new AlreadyVoided('visit', `${c.code} #${seq}`, done.voided_by, done.voided_on, done.void_reason, 'send-materials');
      throw new VisitNotFound(c.code, seq, c.visit_count);
    }
    if (v.materials === null) throw new NoMaterialsRequested(c.code, seq);
    if (v.materials_sent_at !== null) throw new MaterialsAlreadySent(c.code, seq, v.materials_sent_at, v.materials_sent_by ?? '');
    if (sentAt < v.visited_at.slice(0, sentAt.length)) throw new InvalidValue('--date', input.date!, undefined, { zh: `不早于拜访时间（${v.visited_at}）`, en: `on or after the visit (${v.visited_at})` });
    markMaterialsSent(ctx.db, v.id, { at: sentAt, by: ctx.operator, method, note });
    audit(ctx, {
      customerId: c.id,
      entity: 'visit',
      key: seq,
      action: 'edit',
      field: 'materials_sent_at',
      old: null,
      new: sentAt,
      reason: [method, note].filter((x) => x !== null).join(': ') || null,
      date: sentAt.slice(0, 10),
    });
    const dueAt = materialsDueAt(v.visited_at);
    return {
      code: c.code,
      name: c.name,
      seq,
      visited_at: v.visited_at,
      materials: v.materials,
      due_at: dueAt,
      sent_at: sentAt,
      sent_by: ctx.operator,
      method,
      note,
      hours_late: materialsOverdueHours(dueAt, sentAt),
    };
  });
}
