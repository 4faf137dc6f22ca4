// The churn report's at-risk ranking on another core. On a large file it is the report's biggest
// single part (one revenue seek per candidate: 30,000 on the 1,000,000-customer bench file), about as
// long as all the rest less the 60-100 ms a worker thread takes to start; so it runs on a second,
// read-only connection in a worker thread while the caller builds the other parts. The caller stays
// synchronous: it starts the side job, does its own part, then waits on a shared flag. (Booting the
// worker earlier, while the CLI loads, was tried: the two threads then slow each other's start-up
// and the whole process is no faster.)

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { idleCutoff, lastActivity, lostDate } from '../core/churn.js';
import { addMonths, monthsBetween } from '../core/dates.js';
import { cooperatingIdleSince, type IdleCandidate } from '../store/churn.js';
import { type Db, targetOf } from '../store/db.js';

export interface SideJob {
  /** The SQLite file or the server's connection string (store/db.ts, targetOf). */
  file: string;
  /** First day of the month after the report month. */
  next: string;
  /** Last day of the report month. */
  end: string;
  riskMonths: number;
  /** How many at-risk customers to list (0: all). */
  limit: number;
}

/** A listed at-risk customer before its row is read: how long without an order, and when it will be lost. */
export interface AtRiskCandidate extends IdleCandidate {
  months: number;
  lost_on: string;
}

export interface AtRiskSummary {
  count: number;
  revenue_fen: number;
  /** The first `limit` by revenue (then the date they will be lost, then id). */
  listed: AtRiskCandidate[];
}

export type SideResult = { ok: true; atRisk: AtRiskSummary } | { ok: false; error: string };

type Done = Extract<SideResult, { ok: true }>;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Cooperating customers at the end of the report month with no order for `riskMonths` whole
 * calendar months or more: all counted and their revenue of the twelve months to the end of the
 * month summed; the first `limit` ranked by that revenue, then by the date they will be lost, then
 * by id. SQLite counts, sums and picks the top by revenue (with ties); the exact order is made here.
 */
export function atRiskSummary(db: Db, job: Pick<SideJob, 'next' | 'end' | 'riskMonths' | 'limit'>): AtRiskSummary {
  const idle = cooperatingIdleSince(db, job.next, addMonths(job.next, -12), idleCutoff(job.end, job.riskMonths), job.limit);
  const ranked = idle.top.map((r) => ({ ...r, lost_on: lostDate(r.last_order_date, r.since) }));
  ranked.sort((a, b) => b.revenue_fen - a.revenue_fen || cmp(a.lost_on, b.lost_on) || a.id - b.id);
  const listed = (job.limit > 0 ? ranked.slice(0, job.limit) : ranked).map((r) => ({
    ...r,
    months: monthsBetween(lastActivity(r.last_order_date, r.since), job.end),
  }));
  return { count: idle.count, revenue_fen: idle.revenue_fen, listed };
}

/** Below this many customers the work is too small to be worth a thread (60-100 ms to start one). */
const PARALLEL_FROM_CUSTOMERS = 50_000;

const WORKER = fileURLToPath(new URL('./churnWorker.js', import.meta.url));

/** The side job itself, on whichever connection runs it. */
export function runSideJob(db: Db, job: SideJob): Done {
  return { ok: true, atRisk: atRiskSummary(db, job) };
}

/**
 * Starts the side job; `wait()` returns its result. It runs on a worker thread when the file is
 * large (or KEHU_PARALLEL_REPORT=1 asks, as the tests do) and the compiled worker is there; else,
 * and if the worker fails, it runs on this connection when waited for.
 */
export function startSideJob(db: Db, job: SideJob): { wait(): Done; parallel: boolean } {
  const wanted =
    process.env.KEHU_PARALLEL_REPORT !== '0' &&
    fs.existsSync(WORKER) &&
    targetOf(db) !== undefined &&
    (process.env.KEHU_PARALLEL_REPORT === '1' || largestCustomerId(db) >= PARALLEL_FROM_CUSTOMERS);
  if (!wanted) return { wait: () => runSideJob(db, job), parallel: false };
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { workerData: { job, port: port2, flag }, transferList: [port2] });
  worker.unref();
  return {
    parallel: true,
    wait() {
      // The worker answers within the time the query takes; a minute means it never started.
      Atomics.wait(flag, 0, 0, 60_000);
      const message = receiveMessageOnPort(port1)?.message as SideResult | undefined;
      port1.close();
      void worker.terminate();
      if (message?.ok) return message;
      // Forced (the tests): a failing worker is an error, not a silent fallback.
      if (process.env.KEHU_PARALLEL_REPORT === '1') throw new Error(`churn-report worker failed: ${message?.error ?? 'no answer within 60 s'}`);
      return runSideJob(db, job);
    },
  };
}

function largestCustomerId(db: Db): number {
  return db.prepare('SELECT coalesce(max(id), 0) FROM customers').pluck().get() as number;
}
