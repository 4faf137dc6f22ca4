// The progress bar of long work (imports, big exports) on stderr, shown only when stderr is a terminal.

import stringWidth from 'string-width';
import { groupThousands } from '../core/money.js';
import type { Lang } from './i18n.js';

export interface Progress {
  /**
   * Reports the rows done so far and, when the total is unknown but the share of the input read is (an
   * import reads a file of known size), that share from 0 to 1. Cheap to call often (it redraws at most
   * four times a second).
   */
  tick(rows: number, fraction?: number): void;
  /** Replaces the bar with a line for a phase that counts no rows (an import's final commit: `正在提交…`); done() clears it. */
  phase(text: string): void;
  /** Clears the bar's line; the caller then prints its closing line. */
  done(): void;
  /** Whether anything is drawn (stderr is a terminal): closing lines that only a person reads follow it. */
  readonly shown: boolean;
  /** Seconds since the bar was made. */
  seconds(): number;
}

const BAR_CELLS = 24;
const REDRAW_MS = 250;

/** `1 分 05 秒` / `1m 05s`: the time left, to the second. */
export function formatDuration(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (lang === 'zh') return h > 0 ? `${h} 小时 ${two(m)} 分` : m > 0 ? `${m} 分 ${two(sec)} 秒` : `${sec} 秒`;
  return h > 0 ? `${h}h ${two(m)}m` : m > 0 ? `${m}m ${two(sec)}s` : `${sec}s`;
}

/**
 * One line of progress: with a known total (or the share of the input read, `fraction`), a bar, the
 * percentage, the rows, the rows per second and the time left (from the rate so far); without either, the
 * rows and the rate. Pure, so tests can check the wording.
 */
export function progressLine(rows: number, total: number | undefined, elapsedMs: number, lang: Lang, fraction?: number, columns?: number): string {
  const seconds = Math.max(0.001, elapsedMs / 1000);
  const rate = rows / seconds;
  const n = groupThousands(rows);
  const r = groupThousands(Math.round(rate));
  const known = total !== undefined && total > 0;
  if (!known && (fraction === undefined || !Number.isFinite(fraction))) {
    return lang === 'zh' ? `已处理 ${n} 行 · ${r} 行/秒` : `${n} rows · ${r} rows/s`;
  }
  // The total is counted before the rows stream: if rows were added meanwhile, stay short of 100 %.
  const done = Math.max(0, Math.min(known ? (rows >= total ? 0.999 : rows / total) : fraction!, 0.999));
  const pct = `${Math.floor(done * 100)}%`.padStart(4);
  const of = known ? `${n}/${groupThousands(Math.max(total, rows))}` : n;
  const leftSeconds = known ? Math.max(0, total - rows) / rate : (seconds * (1 - done)) / done;
  const left = rows > 0 && done > 0 ? formatDuration(leftSeconds, lang) : lang === 'zh' ? '估算中' : 'estimating';
  const text = lang === 'zh' ? `${pct} ${of} 行 · ${r} 行/秒 · 剩余约 ${left}` : `${pct} ${of} rows · ${r} rows/s · about ${left} left`;
  // A line wider than the terminal wraps, and the carriage return then redraws only its last part: in a
  // narrow window the bar gets shorter, then goes (the last column stays free, as some terminals wrap there).
  const cells = columns === undefined ? BAR_CELLS : Math.min(BAR_CELLS, columns - 1 - displayWidth(text) - 1);
  if (cells < 5) return text.trimStart();
  const filled = Math.floor(done * cells);
  return `${'█'.repeat(filled)}${'░'.repeat(cells - filled)} ${text}`;
}

/** Columns a line takes: Chinese characters and full-width punctuation two, the rest one (string-width, as tables). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Seconds to one decimal, for closing lines: `7.1`. */
export function secondsText(seconds: number): string {
  return (Math.round(seconds * 10) / 10).toFixed(1);
}

/** A progress bar on stderr when it is a terminal; does nothing otherwise (cron, pipes, tests). */
export function progressBar(lang: Lang, opts: { total?: number | undefined; stream?: NodeJS.WriteStream; now?: () => number } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const start = now();
  const seconds = (): number => (now() - start) / 1000;
  if (!stream.isTTY) return { tick: () => {}, phase: () => {}, done: () => {}, shown: false, seconds };
  let last = 0;
  let drawn = false;
  return {
    tick(rows, fraction) {
      const t = now();
      if (t - last < REDRAW_MS) return;
      last = t;
      drawn = true;
      stream.write(`\r${progressLine(rows, opts.total, t - start, lang, fraction, stream.columns || undefined)}\u001b[K`);
    },
    phase(text) {
      stream.write(`\r${text}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
    shown: true,
    seconds,
  };
}

/** The line for an import's final commit (indexes rebuilt, the transaction written). */
export function committingText(lang: Lang): string {
  return lang === 'zh' ? '正在提交…' : 'Committing…';
}

/** The closing line of an import on a terminal: `已导入 200,000 行，用时 7.1 秒` / `Imported 200,000 rows in 7.1 s`. */
export function importedLine(rows: number, seconds: number, lang: Lang, dryRun = false): string {
  const n = groupThousands(rows);
  const s = secondsText(seconds);
  if (dryRun) return lang === 'zh' ? `已检查 ${n} 行（试导入，未写入），用时 ${s} 秒` : `Checked ${n} ${rows === 1 ? 'row' : 'rows'} (dry run, nothing written) in ${s} s`;
  return lang === 'zh' ? `已导入 ${n} 行，用时 ${s} 秒` : `Imported ${n} ${rows === 1 ? 'row' : 'rows'} in ${s} s`;
}

/** What a closing line gains on a terminal: the time taken (`，用时 12.6 秒` / ` in 12.6 s`). */
export function tookText(seconds: number, lang: Lang): string {
  return lang === 'zh' ? `，用时 ${secondsText(seconds)} 秒` : ` in ${secondsText(seconds)} s`;
}
