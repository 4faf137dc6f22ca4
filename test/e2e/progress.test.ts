// End to end: progress of long work (issue 16) as a person sees it in a pseudo-terminal — the bar with its
// percentage, rows per second and time left, the commit line and the closing line — and nothing of it in a pipe.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, E2E_NOW, ENGINE, kehu, query, tempDbPath, tempDir } from '../helpers.js';

/** A fresh file with the operator as a user, and a CSV of `n` new customers. */
function setup(n: number): { db: string; csv: string } {
  const db = tempDbPath();
  expect(kehu(['user', 'add', '张敏', '--role', 'assistant'], { db }).status).toBe(0);
  const lines = ['name,province,city'];
  for (let i = 1; i <= n; i++) lines.push(`进度测试${i}有限公司,广东,${i % 2 ? '广州' : '深圳'}`);
  const csv = path.join(tempDir(), 'many.csv');
  fs.writeFileSync(csv, `${lines.join('\n')}\n`);
  return { db, csv };
}

/** Runs kehu under script(1): stdout and stderr are a pseudo-terminal; returns everything written to it. */
function inTerminal(args: string[], db: string, lang = 'zh_CN.UTF-8'): { status: number | null; screen: string } {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', KEHU_NOW: E2E_NOW, KEHU_DB: db, KEHU_USER: '张敏', LANG: lang },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, screen: r.stdout };
}

describe('progress of an import', () => {
  it('on a terminal: a bar with percentage, rows per second and time left, a commit line, then a closing line with grouped digits', () => {
    // Fewer rows on PostgreSQL, where an import goes row by row over the connection: still a five-digit count.
    const rows = ENGINE === 'postgres' ? 12_000 : 30_000;
    const n = rows.toLocaleString('en-US');
    const { db, csv } = setup(rows);
    const r = inTerminal(['import', 'customers', csv], db);
    expect(r.status).toBe(0);
    // The bar redraws in place (carriage return, erase to the end of the line).
    expect(r.screen).toMatch(/\r█*░+ +\d{1,2}% \d{1,2},\d{3} 行 · [\d,]+ 行\/秒 · 剩余约 (\d+ 分 )?\d+ 秒\u001b\[K/);
    expect(r.screen).toContain('\r正在提交…\u001b[K');
    expect(r.screen).toMatch(new RegExp(`\\r\\u001b\\[K导入完成：${n} 行，新增 ${n}，更新 0，跳过 0\\r?\\n已导入 ${n} 行，用时 \\d+\\.\\d 秒\\r?\\n$`));
    expect(query<{ n: number }>(db, 'SELECT count(*) AS n FROM customers')[0]!.n).toBe(rows);
  }, 180_000);

  it('in English, and a dry run says it wrote nothing', () => {
    const { db, csv } = setup(6_000);
    const r = inTerminal(['import', 'customers', csv, '--dry-run', '--lang', 'en'], db, 'en_US.UTF-8');
    expect(r.status).toBe(0);
    expect(r.screen).toMatch(/\r█*░+ +\d{1,2}% 5,000 rows · [\d,]+ rows\/s · about \d+s left\u001b\[K/);
    expect(r.screen).not.toContain('Committing');
    expect(r.screen).toMatch(/Checked 6,000 rows \(dry run, nothing written\) in \d+\.\d s\r?\n$/);
    const real = inTerminal(['import', 'customers', csv, '--lang', 'en'], db, 'en_US.UTF-8');
    expect(real.screen).toContain('\rCommitting…\u001b[K');
    expect(real.screen).toMatch(/Imported 6,000 rows in \d+\.\d s\r?\n$/);
  }, 180_000);

  it('piped: no bar, no commit line, no closing line on stderr; stdout as before', () => {
    // Fewer rows on PostgreSQL, where an import goes row by row over the connection.
    const rows = ENGINE === 'postgres' ? 3_000 : 12_000;
    const { db, csv } = setup(rows);
    const r = kehu(['import', 'customers', csv], { db });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const n = rows.toLocaleString('en-US');
    expect(r.stdout).toBe(`导入完成：${n} 行，新增 ${n}，更新 0，跳过 0\n`);
  }, 180_000);
});

describe('progress of an export and of the whole archive', () => {
  it('XLSX export on a terminal: the bar, the line while the file is written, and the closing line with the time', () => {
    const { db, csv } = setup(6_000);
    expect(kehu(['import', 'customers', csv], { db }).status).toBe(0);
    const out = path.join(tempDir(), 'c.xlsx');
    const r = inTerminal(['export', 'customers', '--out', out], db);
    expect(r.status).toBe(0);
    expect(r.screen).toMatch(/\r█+░* +\d{1,2}% [\d,]+\/6,000 行 · [\d,]+ 行\/秒 · 剩余约 \d+ 秒\u001b\[K/);
    expect(r.screen).toContain('\r正在写入 XLSX 文件…\u001b[K');
    expect(r.screen).toMatch(new RegExp(`\\r\\u001b\\[K已导出 6,000 行客户到 ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}，用时 \\d+\\.\\d 秒\\r?\\n$`));
    // Piped, the closing line is the one scripts know, without the time.
    expect(kehu(['export', 'customers', '--out', out], { db }).stderr).toBe(`已导出 6,000 行客户到 ${out}\n`);
  }, 180_000);

  it('export all and import all on a terminal: bars, the commit line and the closing lines', () => {
    const { db, csv } = setup(6_000);
    expect(kehu(['import', 'customers', csv], { db }).status).toBe(0);
    const archive = path.join(tempDir(), 'a.ndjson');
    const ex = inTerminal(['export', 'all', '--out', archive, '--lang', 'en'], db, 'en_US.UTF-8');
    expect(ex.status).toBe(0);
    expect(ex.screen).toMatch(/\r█+░* +\d{1,2}% [\d,]+\/[\d,]+ rows · [\d,]+ rows\/s · about \d+s left\u001b\[K/);
    expect(ex.screen).toMatch(/Exported the whole archive: [\d,]+ rows to .*a\.ndjson in \d+\.\d s \(without/);
    const copy = tempDbPath();
    const im = inTerminal(['import', 'all', archive, '--lang', 'en'], copy, 'en_US.UTF-8');
    expect(im.status).toBe(0);
    expect(im.screen).toMatch(/\r█*░+ +\d{1,2}% [\d,]+ rows · [\d,]+ rows\/s · about \d+s left\u001b\[K/);
    expect(im.screen).toContain('\rCommitting…\u001b[K');
    expect(im.screen).toMatch(/Imported [\d,]+ rows in \d+\.\d s\r?\n$/);
    // Piped: the summary on stdout as before and nothing on stderr.
    const piped = kehu(['import', 'all', archive], { db: tempDbPath() });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
  }, 240_000);
});
