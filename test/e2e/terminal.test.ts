// What a person sees in a terminal: kehu run in tmux at 80 and 160 columns on the demo database. No line is
// wider than the window, no cell is split, dropped columns are named; --wide keeps all; pipes are unchanged;
// long output goes through $PAGER and short output does not.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, demoFile, E2E_NOW, kehu } from '../helpers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `kehu-test-${process.pid}`;
let db = '';
let dir = '';
let code = '';
let agendaUser = '';

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs kehu in a fresh tmux window of `width` × `height` and returns what the window shows (the scrollback
 * too), one string per screen line; the command's exit code is printed after it.
 */
function inTerminal(args: string[], { width = 80, height = 60, env = {} }: { width?: number; height?: number; env?: Record<string, string> } = {}): { lines: string[]; status: number } {
  const vars = { LANG: 'C.UTF-8', TZ: 'UTC', KEHU_NOW: E2E_NOW, KEHU_DB: db, KEHU_USER: '张敏', PAGER: 'cat', ...env };
  const assign = Object.entries(vars).map(([k, v]) => `${k}=${quote(v)}`).join(' ');
  const script = `env -i PATH=${quote(process.env.PATH ?? '')} HOME=${quote(process.env.HOME ?? '')} TERM=screen ${assign} ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}; echo "__EXIT $?"; sleep 600`;
  const session = `s${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...a: string[]): string => {
    const r = spawnSync('tmux', ['-L', socket, ...a], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
    if (r.status !== 0) throw new Error(`tmux ${a.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  tmux('new-session', '-d', '-s', session, '-x', String(width), '-y', String(height), script);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-S', '-', '-t', session);
      const m = /__EXIT (\d+)/.exec(screen);
      if (m) {
        const lines = screen.split('\n');
        const end = lines.findIndex((l) => l.includes('__EXIT'));
        return { lines: lines.slice(0, end), status: Number(m[1]) };
      }
      if (Date.now() > deadline) throw new Error(`no end of ${args.join(' ')}:\n${screen}`);
      spawnSync('sleep', ['0.2']);
    }
  } finally {
    tmux('kill-session', '-t', session);
  }
}

/** Every line fits the window; every table's lines are whole (border to border, the same separators and width). */
function expectFits(lines: readonly string[], width: number): void {
  for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(width);
  let table: string[] = [];
  const check = (): void => {
    if (table.length === 0) return;
    const body = table.filter((l) => l.startsWith('│'));
    for (const l of body) expect(l.trimEnd().endsWith('│'), l).toBe(true);
    expect(new Set(body.map((l) => [...l].filter((ch) => ch === '│').length)).size, table.join('\n')).toBe(1);
    expect(new Set(table.map((l) => stringWidth(l.trimEnd()))).size, table.join('\n')).toBe(1);
    expect(table[0]!.startsWith('┌') && table.at(-1)!.startsWith('└'), table.join('\n')).toBe(true);
    table = [];
  };
  for (const l of lines) {
    if (/^[┌│├└]/.test(l)) table.push(l);
    else check();
  }
  check();
}

function tables(lines: readonly string[]): number {
  return lines.filter((l) => l.startsWith('┌')).length;
}

/** The columns of the first table: how many separators its header line has, plus one. */
function firstTableColumns(lines: readonly string[]): number {
  const head = lines.find((l) => l.startsWith('│'))!;
  return [...head].filter((ch) => ch === '│').length - 1;
}

beforeAll(() => {
  if (!hasTmux) return;
  ({ dir, db, code, agendaUser } = demoFile());
}, 300_000);

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(hasTmux)('tables in an 80-column terminal', () => {
  const commands = (): [string, string[]][] => [
    ['list', ['list', '--limit', '15']],
    ['due', ['due']],
    ['churn-report', ['churn-report', '--month', '2026-10']],
    ['show', ['show', code]],
    ['today', ['today', '--as', agendaUser]],
    ['history', ['history', code]],
  ];
  for (const lang of ['zh', 'en'] as const) {
    it(`fit without splitting a cell (${lang}): list, due, churn-report, show, today, history`, () => {
      for (const [name, args] of commands()) {
        const { lines, status } = inTerminal([...args, '--lang', lang]);
        expect(status, `${name}\n${lines.join('\n')}`).toBe(0);
        expect(tables(lines), name).toBeGreaterThan(0);
        expectFits(lines, 80);
      }
    });
  }

  it('keeps the reports tables, dropping their least important columns (catalogue, activity, potential-vip)', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const args of [['report', 'catalogue', '--month', '2026-10'], ['report', 'activity', '--month', '2026-10'], ['report', 'potential-vip', '--month', '2026-10']]) {
        const { lines, status } = inTerminal([...args, '--lang', lang], { height: 80 });
        expect(status, lines.join('\n')).toBe(0);
        expectFits(lines, 80);
        expect(tables(lines), `${args.join(' ')} ${lang}`).toBeGreaterThan(0);
        // No table became blocks of "label: value" lines.
        expect(lines.filter((l) => /^(客户代码|Code)[：:]/.test(l)), args.join(' ')).toHaveLength(0);
      }
    }
    const catalogue = inTerminal(['report', 'catalogue', '--month', '2026-10'], { height: 80 }).lines.join('\n');
    expect(catalogue).toMatch(/（已省略 \d 列：类型[、；]/);
  });

  it('names the columns it dropped, in the language asked for', () => {
    const zh = inTerminal(['list', '--limit', '5']).lines.join('\n');
    expect(zh).toMatch(/（已省略 \d 列：[^；]+；--wide 显示全部）/);
    expect(zh).toContain('建档日期');
    const en = inTerminal(['list', '--limit', '5', '--lang', 'en']).lines.join('\n');
    expect(en).toMatch(/\(\d columns? hidden: [^;]+; --wide shows all\)/);
  });

  it('shows more columns at 160 and all of them with --wide', () => {
    const narrow = firstTableColumns(inTerminal(['list', '--limit', '5']).lines);
    const broad = inTerminal(['list', '--limit', '5'], { width: 160 }).lines;
    expectFits(broad, 160);
    expect(firstTableColumns(broad)).toBeGreaterThan(narrow);
    const wide = inTerminal(['list', '--limit', '5', '--wide', '--lang', 'en'], { width: 80, height: 60 }).lines;
    expect(wide.join('\n')).not.toContain('hidden');
    const piped = kehu(['list', '--limit', '5', '--lang', 'en'], { db });
    expect(piped.stdout.split('\n')[1]!.split('│').length - 2).toBe(8);
  });

  it('turns a table whose must-keep columns do not fit into one block per record', () => {
    const { lines } = inTerminal(['list', '--limit', '3', '--lang', 'en'], { width: 40 });
    expectFits(lines, 40);
    expect(tables(lines)).toBe(0);
    expect(lines.filter((l) => l.startsWith('Code:'))).toHaveLength(3);
  });

  it('prints to a pipe exactly what it printed before, whatever the window (COLUMNS is ignored)', () => {
    const a = kehu(['list', '--limit', '20'], { db, env: { COLUMNS: '40' } });
    const b = kehu(['list', '--limit', '20'], { db, env: { COLUMNS: '200' } });
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toContain('已省略');
    expect(a.stdout.split('\n')[2]).toMatch(/^├─+┼/);
    expect(a.stdout.split('\n').filter((l) => l.startsWith('├'))).toHaveLength(1);
  });

  it('pages output taller than the window through $PAGER, not short output, and not with --no-pager', () => {
    const seen = path.join(dir, 'paged.txt');
    const pager = path.join(dir, 'pager.sh');
    fs.writeFileSync(pager, `#!/bin/sh\ncat > ${quote(seen)}\necho PAGED\n`, { mode: 0o755 });
    const long = inTerminal(['list', '--limit', '30'], { height: 20, env: { PAGER: pager } });
    expect(long.status).toBe(0);
    expect(long.lines.join('\n')).toContain('PAGED');
    const paged = fs.readFileSync(seen, 'utf8');
    expect(paged).toContain('共 30 条');
    expectFits(paged.trimEnd().split('\n'), 80);
    fs.rmSync(seen);
    const short = inTerminal(['list', '--limit', '3'], { height: 20, env: { PAGER: pager } });
    expect(short.lines.join('\n')).toContain('共 3 条');
    expect(fs.existsSync(seen)).toBe(false);
    const off = inTerminal(['list', '--limit', '30', '--no-pager'], { height: 20, env: { PAGER: pager } });
    expect(off.lines.join('\n')).not.toContain('PAGED');
    expect(fs.existsSync(seen)).toBe(false);
  });

  it('never pages or narrows a file written with --out', () => {
    const out = path.join(dir, 'list.txt');
    const pager = path.join(dir, 'pager.sh');
    const r = inTerminal(['list', '--limit', '30', '--out', out], { height: 20, env: { PAGER: pager } });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(kehu(['list', '--limit', '30'], { db }).stdout);
  });
});
