// What every use case receives: the open database, who is acting, what time it is and in which time zone.

import { DEFAULT_TIME_ZONE, zonedDateTime } from '../core/dates.js';
import type { Db } from '../store/db.js';

export interface AppContext {
  db: Db;
  /** The operator recorded on every write (`--as` / KEHU_USER / the OS user). */
  operator: string;
  /** The caller's clock; use cases never read the system clock themselves. */
  now: Date;
  /** The business time zone (KEHU_TZ): what today is and the wall clock of visits; Asia/Shanghai when absent. */
  timeZone?: string;
}

// Formatted once per clock value: a bulk import asks for them on every row.
const formatted = new WeakMap<Date, { time: number; zone: string; wall: string; timestamp: string }>();

function clockOf(ctx: AppContext): { wall: string; timestamp: string } {
  const time = ctx.now.getTime();
  const zone = zoneOf(ctx);
  let f = formatted.get(ctx.now);
  if (f === undefined || f.time !== time || f.zone !== zone) {
    f = { time, zone, wall: zonedDateTime(ctx.now, zone), timestamp: ctx.now.toISOString() };
    formatted.set(ctx.now, f);
  }
  return f;
}

export function zoneOf(ctx: AppContext): string {
  return ctx.timeZone ?? DEFAULT_TIME_ZONE;
}

/** Today's calendar date in the business time zone. */
export function today(ctx: AppContext): string {
  return clockOf(ctx).wall.slice(0, 10);
}

/** The business time zone's wall clock now, to the minute: `2026-12-01T07:30`. */
export function wallClock(ctx: AppContext): string {
  return clockOf(ctx).wall;
}

/** The instant, for recorded_at columns (UTC). */
export function timestamp(ctx: AppContext): string {
  return clockOf(ctx).timestamp;
}
