// Where commands write: data to stdout (or --out), chatter and warnings to stderr.

import type * as ChildProcess from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OutUnwritable } from '../core/errors.js';

let pagerAllowed = true;

/** --no-pager turns paging off for the run (common.ts screenPalette). */
export function allowPager(on: boolean): void {
  pagerAllowed = on;
}

/** Data to standard output: through the pager when it is a terminal and the text is taller than the window. */
export function writeOut(text: string): void {
  if (pagerAllowed && process.stdout.isTTY && lineCount(text) >= (process.stdout.rows || 24) && page(text, process.env)) return;
  process.stdout.write(text);
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') || text === '' ? n : n + 1;
}

/**
 * Shows text through $PAGER (default `less -FRX`; `PAGER=` or `PAGER=cat` prints directly) and waits for
 * it; a pager quit early (q) is not an error. False when there is no pager to run, so the caller prints.
 */
export function page(text: string, env: NodeJS.ProcessEnv): boolean {
  const pager = env.PAGER === undefined ? undefined : env.PAGER.trim();
  if (pager === '' || pager === 'cat') return false;
  const options = { input: text, stdio: ['pipe', 'inherit', 'inherit'] as ('pipe' | 'inherit')[], env: { LESS: 'FRX', ...env }, maxBuffer: 1024 };
  // Ctrl-C belongs to the pager while it runs (less uses it to stop a search), not to kehu.
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  try {
    // Loaded only to page: node:child_process brings net, dgram and streams, which most commands never use.
    const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof ChildProcess;
    const r = pager === undefined ? spawnSync('less', ['-FRX'], options) : spawnSync(pager, { ...options, shell: true });
    // No less on this machine: print directly.
    return !(r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT');
  } finally {
    process.off('SIGINT', ignore);
  }
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** The temporary file an atomic write of `file` goes through: hidden, in the same folder, named by process. */
function tempBeside(file: string): string {
  const target = path.resolve(file);
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
}

/** Writes a file atomically: a temporary file in the same folder, then rename; folders are created. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = tempBeside(file);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Streams output to the file `out` atomically (a temporary file beside it, renamed once complete; removed
 * on failure, and an unwritable place named with the fix), or to standard output when `out` is absent.
 * `write` gets the stream and whether it must end it (never standard output).
 */
export async function writeStreamAtomic(
  out: string | undefined,
  write: (stream: NodeJS.WritableStream, end: boolean) => Promise<void>,
  { mode }: { mode?: number } = {},
): Promise<void> {
  if (out === undefined) return write(process.stdout, false);
  const target = path.resolve(out);
  const tmp = tempBeside(target);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await write(fs.createWriteStream(tmp, mode === undefined ? {} : { mode }), true);
    fs.renameSync(tmp, target);
  } catch (e) {
    removeQuietly(tmp);
    throw outError(e, out);
  }
}

const CANNOT_OPEN = new Set(['ENOENT', 'ENOTDIR', 'EEXIST', 'EISDIR', 'EACCES', 'EPERM', 'EROFS']);

/** An error opening an --out file, as a message naming the file and the fix; any other error as it is. */
export function outError(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !CANNOT_OPEN.has(code)) return e;
  return new OutUnwritable(file, code);
}

/** Removes a temporary file after a failure, which may have come before the file or its folder existed. */
export function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing was written there.
  }
}

