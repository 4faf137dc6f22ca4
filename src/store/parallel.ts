// The churn report's second half on another core: on a large file the base (trailing revenue), the
// trend and the no-salvage-plan count take as long as the other lists, so the two halves run at once
// on two read connections. The caller stays
// synchronous: it starts the side job, does its own part, then waits on a shared flag.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { cooperatingSummary, lostWithoutSalvage, monthlyTransitionCounts } from './churn.js';
import type { Db } from './db.js';

export interface SideJob {
  file: string;
  start: string;
  next: string;
  yearBefore: string;
  trendFrom: string;
  end: string;
  limit: number;
}

export type SideResult =
  | {
      ok: true;
      base: { count: number; revenue_fen: number };
      counts: ReturnType<typeof monthlyTransitionCounts>;
      noSalvage: ReturnType<typeof lostWithoutSalvage>;
    }
  | { ok: false; error: string };

type Done = Extract<SideResult, { ok: true }>;

/** Below this many customers the work is too small to be worth a thread (about 40 ms to start one). */
const PARALLEL_FROM_CUSTOMERS = 50_000;

const WORKER = fileURLToPath(new URL('./churnWorker.js', import.meta.url));

/** The side job itself, on whichever connection runs it. */
export function runSideJob(db: Db, job: SideJob): Done {
  return {
    ok: true,
    base: cooperatingSummary(db, job.start, job.yearBefore),
    counts: monthlyTransitionCounts(db, job.trendFrom, job.end),
    noSalvage: lostWithoutSalvage(db, job.next, job.yearBefore, job.limit),
  };
}

/**
 * Starts the side job; `wait()` returns its result. It runs on a worker thread when the file
 * is large (or KEHU_PARALLEL_REPORT=1 asks, as the tests do) and the compiled worker is there; else,
 * and if the worker fails, it runs on this connection when waited for.
 */
export function startSideJob(db: Db, job: SideJob): { wait(): Done; parallel: boolean } {
  const wanted = process.env.KEHU_PARALLEL_REPORT === '1' || (process.env.KEHU_PARALLEL_REPORT !== '0' && largestCustomerId(db) >= PARALLEL_FROM_CUSTOMERS);
  if (!wanted || db.memory || !fs.existsSync(WORKER)) return { wait: () => runSideJob(db, job), parallel: false };
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
