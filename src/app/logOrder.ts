// kehu log-order (订货, SPEC 2.5): an order in yuan, stored exactly in fen. The order is a fact; what it
// does to the status (a first order, a win-back, a loss moved or removed) follows from the timeline.

import { MissingValue } from '../core/errors.js';
import { parseYuan } from '../core/money.js';
import type { AppContext } from './context.js';
import { findCustomer } from './customers.js';
import { type OrderResult, recordOrder, type ValidatedOrder } from './record.js';
import { factTx } from './timeline.js';
import { optionalText, writeDate } from './validate.js';

export type { OrderResult, ValidatedOrder };

/** Checks an order's amount, date and note; writes nothing. */
export function validateOrder(ctx: AppContext, input: { amount?: string | undefined; date?: string | undefined; note?: string | undefined }): ValidatedOrder {
  if (input.amount === undefined || input.amount.trim() === '') throw new MissingValue('--amount');
  const fen = parseYuan(input.amount);
  const date = writeDate(ctx, input.date);
  const note = optionalText(input.note, '--note', 1000) ?? null;
  return { fen, date, note };
}

/** Logs an order: a first order makes a potential customer cooperating, an order from a lost one wins it back. */
export function logOrder(ctx: AppContext, input: { code: string; amount?: string | undefined; date?: string | undefined; note?: string | undefined }): OrderResult {
  const order = validateOrder(ctx, input);
  return factTx(ctx, () => recordOrder(ctx, findCustomer(ctx, input.code), order));
}
