// The progress bar of long work (imports, big exports) on stderr, shown only when stderr is a terminal.

import { groupThousands } from '../core/money.js';
import type { Lang } from './i18n.js';

export interface Progress {
  /** Reports the rows done so far; cheap to call often (it redraws at most four times a second). */
  tick(rows: number): void;
  /** Clears the bar's line; the caller then prints its closing line. */
  done(): void;
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
 * One line of progress: with a known total, a bar, the percentage, the rows and the time left (from the
 * rate so far); without one, the rows and the rate. Pure, so tests can check the wording.
 */
export function progressLine(rows: number, total: number | undefined, elapsedMs: number, lang: Lang): string {
  const rate = rows / Math.max(0.001, elapsedMs / 1000);
  const n = groupThousands(rows);
  if (total === undefined || total <= 0) {
    const r = groupThousands(Math.round(rate));
    return lang === 'zh' ? `已处理 ${n} 行 · ${r} 行/秒` : `${n} rows · ${r} rows/s`;
  }
  // The total is counted before the rows stream: if rows were added meanwhile, stay short of 100 %.
  const fraction = Math.min(rows >= total ? 0.999 : rows / total, 1);
  const filled = Math.floor(fraction * BAR_CELLS);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)}`;
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  const of = `${n}/${groupThousands(Math.max(total, rows))}`;
  const left = rows > 0 ? formatDuration(Math.max(0, total - rows) / rate, lang) : lang === 'zh' ? '估算中' : 'estimating';
  return lang === 'zh' ? `${bar} ${pct} ${of} 行 · 剩余约 ${left}` : `${bar} ${pct} ${of} rows · about ${left} left`;
}

/** A progress bar on stderr when it is a terminal; does nothing otherwise (cron, pipes, tests). */
export function progressBar(lang: Lang, opts: { total?: number | undefined; stream?: NodeJS.WriteStream; now?: () => number } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (!stream.isTTY) return { tick: () => {}, done: () => {} };
  const now = opts.now ?? Date.now;
  const start = now();
  let last = 0;
  let shown = false;
  return {
    tick(rows) {
      const t = now();
      if (t - last < REDRAW_MS) return;
      last = t;
      shown = true;
      stream.write(`\r${progressLine(rows, opts.total, t - start, lang)}\u001b[K`);
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
