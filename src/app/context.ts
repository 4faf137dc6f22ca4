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
export function today(ctx: AppContext): string {
  return localDate(ctx.now);
}

export function timestamp(ctx: AppContext): string {
  return ctx.now.toISOString();
}
