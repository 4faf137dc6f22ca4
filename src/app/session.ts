// Opening a database for a command: the file, who acts, the clock and the business time zone, and the
// stored timelines brought to today so that every command sees today's statuses (SPEC 2.2).

import { checkTimeZone, DEFAULT_TIME_ZONE } from '../core/dates.js';
import { ActingAsRefused } from '../core/errors.js';
import { DatabaseBusy, type Db, openDb, setBusyTimeout } from '../store/db.js';
import { serverIdentity } from '../store/users.js';
import type { AppContext } from './context.js';
import { advanceTimelines } from './timeline.js';

export interface SessionOptions {
  file: string;
  /** Who acts: `--as`, KEHU_USER or the OS user. On a server the session's own role decides (see openSession). */
  operator: string;
  /** Whether the operator was named (--as or KEHU_USER) rather than taken from the OS. */
  operatorNamed?: boolean;
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
/**
 * Who the writes are recorded as. A SQLite file has no identities: the operator given. On a server
 * (PostgreSQL) the session's own role is the operator; naming another (--as, KEHU_USER) is refused unless
 * the role is an administrator's.
 */
function operatorOf(db: Db, o: SessionOptions): string {
  const identity = serverIdentity(db);
  if (!identity) return o.operator;
  if (!o.operatorNamed || o.operator === identity.user) return identity.user;
  if (!identity.admin) throw new ActingAsRefused(identity.user, o.operator);
  return o.operator;
}

export function openSession(o: SessionOptions): AppContext {
  const timeZone = checkTimeZone(o.timeZone?.trim() || DEFAULT_TIME_ZONE);
  const busy = o.busyTimeoutMs ?? 5000;
  const db = openDb(o.file, { busyTimeoutMs: busy, mustExist: o.mustExist ?? false });
  let operator: string;
  try {
    operator = operatorOf(db, o);
  } catch (e) {
    db.close();
    throw e;
  }
  const ctx: AppContext = { db, operator, now: o.now, timeZone };
  if (o.advance !== false) {
    setBusyTimeout(db, 200);
    try {
      advanceTimelines(ctx);
    } catch (e) {
      if (!(e instanceof DatabaseBusy)) {
        db.close();
        throw e;
      }
    } finally {
      if (db.open) setBusyTimeout(db, busy);
    }
  }
  return ctx;
}
