// kehu void visit|order (issue 14): a mistake is voided, never deleted. The record moves to the voided
// ones with who voided it, when and why; history shows it struck out. A voided visit keeps its number (the
// next visit still gets the next one); a voided order leaves every figure, and the customer's timeline is
// recomputed from the orders that stand (first order, loss and win-back move with it).

import type { Status } from '../core/enums.js';
import { DomainError, InvalidValue, MissingValue } from '../core/errors.js';
import { fenToYuan } from '../core/money.js';
import * as act from '../store/activity.js';
import { customerById } from '../store/customers.js';
import { audit } from './audit.js';
import { type AppContext, timestamp } from './context.js';
import { findCustomer } from './customers.js';
import { updateStage } from './logVisit.js';
import { factTx, refreshTimeline, type TimelineWarning, warningsOf } from './timeline.js';
import { optionalText, writeDate } from './validate.js';

export class VisitNotFound extends DomainError {
  constructor(code: string, seq: number, last: number) {
    super('visit_not_found', `${code} has no visit ${seq}`, { code, seq, last });
  }
}

export class OrderNotFound extends DomainError {
  constructor(id: string) {
    super('order_not_found', `No order ${id}`, { id });
  }
}

export class AlreadyVoided extends DomainError {
  /** `attempt`: what was being done to the voided record (void it again, or record its materials as sent). */
  constructor(what: 'visit' | 'order', ref: string, by: string, on: string, reason: string, attempt: 'void' | 'send-materials' = 'void') {
    super('already_voided', `${what} ${ref} was voided by ${by} on ${on}`, { what, ref, by, on, reason, attempt });
  }
}

export class OrderOfAnotherCustomer extends DomainError {
  constructor(id: number, given: string, owner: string) {
    super('order_of_another_customer', `Order ${id} is not ${given}'s but ${owner}'s`, { id, given, owner });
  }
}

export interface VoidResult {
  what: 'visit' | 'order';
  code: string;
  former_code: string;
  name: string;
  /** The visit's number or the order's id. */
  ref: number;
  voided_on: string;
  voided_by: string;
  reason: string;
  visit?: { seq: number; visited_at: string; handler: string; summary: string };
  order?: { id: number; date: string; amount: number; amount_fen: number; note: string | null };
  /** An order's void: the customer's status and first and last order before and after. */
  before?: { status: Status; cooperating_since: string | null; last_order_date: string | null; lost_date: string | null };
  after?: { status: Status; cooperating_since: string | null; last_order_date: string | null; lost_date: string | null };
  warnings: TimelineWarning[];
}

function reasonOf(input: string | undefined): string {
  const reason = optionalText(input, '--reason', 500);
  if (reason === undefined) throw new MissingValue('--reason');
  return reason;
}

function positive(input: string, option: string): number {
  const t = input.normalize('NFKC').trim().replace(/^#/, '');
  if (!/^\d+$/.test(t) || Number(t) < 1) throw new InvalidValue(option, input, undefined, { zh: '给出从 1 起的整数', en: 'a whole number from 1' });
  return Number(t);
}

export function voidVisit(ctx: AppContext, input: { code: string; seq: string; reason?: string | undefined; date?: string | undefined }): VoidResult {
  const seq = positive(input.seq, 'SEQ');
  const reason = reasonOf(input.reason);
  const date = writeDate(ctx, input.date);
  return factTx(ctx, () => {
    const c = findCustomer(ctx, input.code);
    const v = act.visitBySeq(ctx.db, c.id, seq);
    if (!v) {
      const done = act.voidedVisitBySeq(ctx.db, c.id, seq);
      if (done) throw new AlreadyVoided('visit', `${c.code} #${seq}`, done.voided_by, done.voided_on, done.void_reason);
      throw new VisitNotFound(c.code, seq, c.visit_count);
    }
    const facts = { voided_on: date, voided_by: ctx.operator, void_reason: reason, voided_at: timestamp(ctx) };
    act.voidVisit(ctx.db, v.id, facts);
    audit(ctx, { customerId: c.id, entity: 'visit', key: seq, action: 'void', old: `${v.visited_at} ${v.handler}: ${v.summary}`, reason, date });
    // The stage is that of the latest visit giving one; with none left, the stage stays as it was.
    if (v.stage !== null) {
      const latest = act.latestStage(ctx.db, c.id);
      if (latest !== null) updateStage(ctx, c, latest, seq);
    }
    return {
      what: 'visit', code: c.code, former_code: c.code, name: c.name, ref: seq, voided_on: date, voided_by: ctx.operator, reason,
      visit: { seq, visited_at: v.visited_at, handler: v.handler, summary: v.summary }, warnings: [],
    };
  });
}

export function voidOrder(ctx: AppContext, input: { id: string; code?: string | undefined; reason?: string | undefined; date?: string | undefined }): VoidResult {
  const id = positive(input.id, 'ID');
  const reason = reasonOf(input.reason);
  const date = writeDate(ctx, input.date);
  return factTx(ctx, () => {
    const given = input.code === undefined ? undefined : findCustomer(ctx, input.code);
    const o = act.orderById(ctx.db, id);
    if (!o) {
      const done = act.voidedOrderById(ctx.db, id);
      if (done && (!given || given.id === done.customer_id)) throw new AlreadyVoided('order', `#${id}`, done.voided_by, done.voided_on, done.void_reason);
      if (done && given) throw new OrderOfAnotherCustomer(id, given.code, customerById(ctx.db, done.customer_id)!.code);
      throw new OrderNotFound(input.id.trim());
    }
    const c = customerById(ctx.db, o.customer_id)!;
    if (given && given.id !== c.id) throw new OrderOfAnotherCustomer(id, given.code, c.code);
    const before = { status: c.status, cooperating_since: c.cooperating_since, last_order_date: c.last_order_date, lost_date: c.lost_date };
    act.voidOrder(ctx.db, id, { voided_on: date, voided_by: ctx.operator, void_reason: reason, voided_at: timestamp(ctx) });
    audit(ctx, { customerId: c.id, entity: 'order', key: id, action: 'void', old: JSON.stringify({ date: o.date, amount_fen: o.amount_fen, note: o.note ?? undefined }), reason, date });
    const t = refreshTimeline(ctx, c.id);
    if (t.status !== c.status) audit(ctx, { customerId: c.id, entity: 'customer', action: 'status', field: 'status', old: c.status, new: t.status, reason: `order ${id} voided`, date });
    return {
      what: 'order', code: t.code, former_code: c.code, name: c.name, ref: id, voided_on: date, voided_by: ctx.operator, reason,
      order: { id, date: o.date, amount: fenToYuan(o.amount_fen), amount_fen: o.amount_fen, note: o.note },
      before,
      after: { status: t.status, cooperating_since: t.cooperatingSince, last_order_date: t.lastOrder, lost_date: t.lostDate },
      warnings: warningsOf(t),
    };
  });
}
