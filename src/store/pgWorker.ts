// The PostgreSQL connection's thread (store/pg.ts): node-postgres is asynchronous and kehu's store is
// synchronous, so the connection lives here and the calling thread waits on a shared flag for each answer.
// One client, one session: transactions and session settings hold across calls, in the order sent.

import { workerData, type MessagePort } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export interface PgRequest {
  sql: string;
  params?: unknown[];
  /** Rows as arrays (pluck and raw) instead of objects. */
  array?: boolean;
  /** For `COPY … FROM STDIN` (sql): the data, in COPY's text format. */
  copyData?: string;
  /** A single statement run again and again: prepared once on the server under this name. */
  name?: string;
}

export type PgReply =
  | { ok: true; rows: unknown[]; rowCount: number; columns: string[]; inTransaction: boolean }
  | { ok: false; inTransaction: boolean; error: { message: string; code?: string; detail?: string; hint?: string; constraint?: string; where?: string } };

const { url, port, flag, connectTimeoutMs } = workerData as { url: string; port: MessagePort; flag: Int32Array; connectTimeoutMs: number };

// Results as SQLite gives them: 64-bit integers (counts, sums, ids) and numerics as numbers, booleans as 1 and 0.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.BOOL, (v) => (v === 't' ? 1 : 0));

const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, application_name: 'kehu' });
let lost: Error | undefined;
client.on('error', (e) => {
  lost = e;
});
const connected = client.connect().then(
  () => undefined,
  (e: unknown) => e as Error,
);

/** After each statement: is the session inside a transaction (the server's ready-for-query status, T or E)? */
function inTransaction(): boolean {
  const status = client.getTransactionStatus() as string | null;
  return status === 'T' || status === 'E';
}

function answer(reply: PgReply): void {
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function failure(e: unknown): PgReply {
  const x = e as { message?: string; code?: string; detail?: string; hint?: string; constraint?: string; where?: string };
  return {
    ok: false,
    inTransaction: inTransaction(),
    error: { message: String(x?.message ?? e), code: x?.code, detail: x?.detail, hint: x?.hint, constraint: x?.constraint, where: x?.where },
  };
}

port.on('message', (req: PgRequest | { close: true }) => {
  void (async () => {
    if ('close' in req) {
      await client.end().catch(() => undefined);
      answer({ ok: true, rows: [], rowCount: 0, columns: [], inTransaction: false });
      port.close();
      return;
    }
    try {
      const refused = await connected;
      if (refused) throw refused;
      if (lost) throw lost;
      if (req.copyData !== undefined) {
        const stream = client.query(copyFrom(req.sql));
        await pipeline(Readable.from([Buffer.from(req.copyData, 'utf8')]), stream);
        answer({ ok: true, rows: [], rowCount: Number(stream.rowCount ?? 0), columns: [], inTransaction: inTransaction() });
        return;
      }
      const config = { text: req.sql, values: req.params ?? [], ...(req.name ? { name: req.name } : {}), ...(req.array ? { rowMode: 'array' as const } : {}) };
      const r = (await client.query(config as pg.QueryConfig)) as pg.QueryResult | pg.QueryResult[];
      // A text of several statements (exec, sent without parameters) answers with one result each: the last counts.
      const last = Array.isArray(r) ? r[r.length - 1] : r;
      answer({
        ok: true,
        rows: last?.rows ?? [],
        rowCount: last?.rowCount ?? 0,
        columns: (last?.fields ?? []).map((f: pg.FieldDef) => f.name),
        inTransaction: inTransaction(),
      });
    } catch (e) {
      // node-postgres rejects a refused statement on the server's error, before its ready-for-query message
      // gives the session's new status (an aborted transaction, or none). An empty statement is sent only after
      // that message: once it is answered, the status is the refused one's (no ROLLBACK is missed or sent twice).
      if (!lost && (e as { severity?: string }).severity !== undefined) await client.query('').catch(() => undefined);
      answer(failure(e));
    }
  })();
});
