// Opening a database for a command: the file, who acts, the clock and the business time zone, and the
// stored timelines brought to today so that every command sees today's statuses (SPEC 2.2).

import { checkTimeZone, DEFAULT_TIME_ZONE } from '../core/dates.js';
import { DatabaseBusy, openDb } from '../store/db.js';
import type { AppContext } from './context.js';
import { advanceTimelines } from './timeline.js';

export interface SessionOptions {
  file: string;
  operator: string;
  now: Date;
  /** KEHU_TZ; Asia/Shanghai when absent. */
  timeZone?: string | undefined;
  busyTimeoutMs?: number;
  /** Refuse a file that does not exist instead of creating it (commands that only read). */
  mustExist?: boolean;
  /** Bring the stored timelines to today on opening (default). The churn report does it itself, to list what it recorded. */
  advance?: boolean;
}

/**
 * Opens (creating and migrating if needed) the database and, once a day, records what the new day
 * changed. That is tried without waiting: if another process holds the write lock (a long import), the
 * command goes on, and the next write — that process's own included — brings the timelines to today.
 */
export function openSession(o: SessionOptions): AppContext {
  const timeZone = checkTimeZone(o.timeZone?.trim() || DEFAULT_TIME_ZONE);
  const busy = o.busyTimeoutMs ?? 5000;
  const db = openDb(o.file, { busyTimeoutMs: busy, mustExist: o.mustExist ?? false });
  const ctx: AppContext = { db, operator: o.operator, now: o.now, timeZone };
  if (o.advance !== false) {
    db.pragma('busy_timeout = 200');
    try {
      advanceTimelines(ctx);
    } catch (e) {
      if (!(e instanceof DatabaseBusy)) {
        db.close();
        throw e;
      }
    } finally {
      if (db.open) db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busy))}`);
    }
  }
  return ctx;
}
