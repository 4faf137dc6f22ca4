// Worker-thread entry: the churn report's at-risk ranking on a second read-only connection, while the
// main thread builds the rest. Boots before its job is known, waits for it on the shared flag, and
// always answers on its port and raises the flag, even on failure.

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { openDb } from '../store/db.js';
import { FLAG, runSideJob, type SideJob, type SideResult } from './churnSide.js';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
// Wakes for the job, or for being told there is none (the process may also just end).
Atomics.wait(flag, 0, FLAG.waiting);
const job = Atomics.load(flag, 0) === FLAG.job ? (receiveMessageOnPort(port)?.message as SideJob | undefined) : undefined;
if (job) {
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
  Atomics.store(flag, 0, FLAG.done);
  Atomics.notify(flag, 0);
}
port.close();
parentPort?.close();
