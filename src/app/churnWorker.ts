// Worker-thread entry: the churn report's at-risk ranking on a second read-only connection, while the
// main thread builds the rest. Always answers on its port and raises the flag, even on failure.

import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { openDb } from '../store/db.js';
import { runSideJob, type SideJob, type SideResult } from './churnSide.js';

const { job, port, flag } = workerData as { job: SideJob; port: MessagePort; flag: Int32Array };
let result: SideResult;
try {
  const db = openDb(job.file, { readonly: true });
  try {
    result = runSideJob(db, job);
  } finally {
    db.close();
  }
} catch (e) {
  result = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}
port.postMessage(result);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
parentPort?.close();
