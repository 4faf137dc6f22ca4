// What every use case receives: the open database, who is acting, and what time it is.

import { localDate } from '../core/dates.js';
import type { Db } from '../store/db.js';

export interface AppContext {
  db: Db;
  /** The operator recorded on every write (`--as` / KEHU_USER / the OS user). */
  operator: string;
  /** The caller's clock; use cases never read the system clock themselves. */
  now: Date;
}

/** Today's calendar date in the caller's clock. */
// Formatted once per clock value: a bulk import asks for them on every row.
const formatted = new WeakMap<Date, { time: number; today: string; timestamp: string }>();

function clockOf(ctx: AppContext): { today: string; timestamp: string } {
  const time = ctx.now.getTime();
  let f = formatted.get(ctx.now);
  if (f === undefined || f.time !== time) {
    f = { time, today: localDate(ctx.now), timestamp: ctx.now.toISOString() };
    formatted.set(ctx.now, f);
  }
  return f;
}

export function today(ctx: AppContext): string {
  return clockOf(ctx).today;
}

export function timestamp(ctx: AppContext): string {
  return clockOf(ctx).timestamp;
}
