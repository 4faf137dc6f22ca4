// bin/kehu starts the bundle through a V8 code cache per command (issue 16, start-up): a copy of the install
// (bin, dist/bundle, data, node_modules linked) shows that a command without a cache writes one, that a
// cache is used and gives the same output, that a damaged cache is rejected and replaced, that the command
// still works with no cache folder at all, and that an ES module package (exceljs, chalk) still loads.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_NOW, ROOT, tempDir } from '../helpers.js';

let install: string;
let db: string;

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(install, 'bin', 'kehu'), ...args, '--db', db], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', KEHU_NOW: E2E_NOW, KEHU_USER: '张敏', KEHU_LANG: 'zh' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cacheDir = (): string => path.join(install, 'dist', 'bundle', 'cache');
const cachesOf = (command: string): string[] => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()).filter((f) => f.startsWith(`${command}.`) && f.endsWith('.cache')) : []);

beforeAll(() => {
  install = tempDir('kehu-install-');
  fs.cpSync(path.join(ROOT, 'bin'), path.join(install, 'bin'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist', 'bundle'), path.join(install, 'dist', 'bundle'), { recursive: true, filter: (src) => !src.includes(`${path.sep}cache`) });
  fs.cpSync(path.join(ROOT, 'data'), path.join(install, 'data'), { recursive: true, filter: (src) => !/\.db/.test(path.basename(src)) });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(install, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(install, 'node_modules'));
  db = path.join(install, 'k.db');
  expect(run(['user', 'add', '张敏', '--role', 'assistant']).status).toBe(0);
  expect(run(['add-customer', '广州甲', '--province', '广东', '--city', '广州', '--status', 'a']).status).toBe(0);
});

afterAll(() => {
  if (install) fs.rmSync(install, { recursive: true, force: true });
});

describe('the code cache of bin/kehu', () => {
  it('is written by a command that has none, then used: the same output, the file left as it was', () => {
    expect(cachesOf('list')).toEqual([]);
    const first = run(['list']);
    expect(first.status, first.stderr).toBe(0);
    const [cache] = cachesOf('list');
    expect(cache).toMatch(/^list\.\d+\.\d+\.cache$/);
    const file = path.join(cacheDir(), cache!);
    const before = fs.statSync(file);
    expect(before.size).toBeGreaterThan(10_000);
    const second = run(['list']);
    expect(second).toEqual(first);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    // No temporary file is left behind.
    expect(fs.readdirSync(cacheDir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects a damaged cache, runs as usual and writes a good one in its place', () => {
    run(['show', '粤GZ0001']);
    const [cache] = cachesOf('show');
    const file = path.join(cacheDir(), cache!);
    const good = run(['show', '粤GZ0001']);
    fs.writeFileSync(file, Buffer.alloc(4096, 7));
    const damaged = run(['show', '粤GZ0001']);
    expect(damaged).toEqual(good);
    expect(fs.readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(run(['show', '粤GZ0001'])).toEqual(good);
  });

  it('works with no cache folder at all, and for a write (the visit is stored once per run)', () => {
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    const r = run(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '回访', '--window-hours', '0']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/第 1 次拜访/);
    expect(cachesOf('log-visit')).toHaveLength(1);
    const again = run(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '回访', '--window-hours', '0']);
    expect(again.stdout).toMatch(/第 2 次拜访/);
  });

  it('loads ES module packages on demand (an XLSX export through exceljs) and answers --version without the bundle', () => {
    const out = path.join(install, 'c.xlsx');
    const r = run(['export', 'customers', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const v = spawnSync(process.execPath, [path.join(install, 'bin', 'kehu'), '--version'], { encoding: 'utf8' });
    expect(v.stdout).toBe(`${(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });
});
