// The options every printing command shares: --limit (0 means all; one parser, one message for a bad value)
// and --out FILE (the format from the extension, written atomically, what stdout would get without colour).

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFile, kehu } from '../helpers.js';

let dir = '';
let db = '';
let code = '';
let agendaUser = '';

beforeAll(() => {
  ({ dir, db, code, agendaUser } = demoFile());
}, 300_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const json = <T>(args: string[]): T => {
  const r = kehu([...args, '--json'], { db });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe('--limit', () => {
  it('list: 0 lists all, n at most n', () => {
    const all = json<unknown[]>(['list']);
    expect(all.length).toBeGreaterThan(100);
    expect(json<unknown[]>(['list', '--limit', '0'])).toHaveLength(all.length);
    expect(json<unknown[]>(['list', '--limit', '7'])).toHaveLength(7);
  });

  it('history and log: 0 is every entry', () => {
    const all = json<{ entries: unknown[] }>(['history', code]).entries.length;
    expect(all).toBeGreaterThan(8);
    expect(json<{ entries: unknown[] }>(['history', code, '--limit', '0']).entries).toHaveLength(all);
    expect(json<{ entries: unknown[] }>(['history', code, '--limit', '3']).entries).toHaveLength(3);
    const log = json<unknown[]>(['log', code]).length;
    expect(log).toBeGreaterThan(2);
    expect(json<unknown[]>(['log', code, '--limit', '0'])).toHaveLength(log);
    expect(json<unknown[]>(['log', code, '--limit', '2'])).toHaveLength(2);
  });

  it('search: 0 is every match, past the default 20', () => {
    const some = json<unknown[]>(['search', '有限公司']);
    expect(some).toHaveLength(20);
    expect(json<unknown[]>(['search', '有限公司', '--limit', '0']).length).toBeGreaterThan(20);
  });

  it('today and churn-report: 0 lists every item (counts are complete either way)', () => {
    type Agenda = { follow_ups: { count: number; items: unknown[] }; overdue_duties: { count: number; items: unknown[] } };
    const a = json<Agenda>(['today', '--as', agendaUser, '--limit', '0']);
    expect(a.overdue_duties.items).toHaveLength(a.overdue_duties.count);
    expect(json<Agenda>(['today', '--as', agendaUser, '--limit', '1']).overdue_duties.items.length).toBeLessThanOrEqual(1);
    type Churn = { at_risk: { count: number; customers: unknown[] } };
    const c = json<Churn>(['churn-report', '--month', '2026-10', '--limit', '0']);
    expect(c.at_risk.customers).toHaveLength(c.at_risk.count);
    expect(json<Churn>(['churn-report', '--month', '2026-10', '--limit', '2']).at_risk.customers).toHaveLength(2);
  });

  it('refuses a bad value the same way everywhere: the value, the fix, exit 2', () => {
    const commands = [['list'], ['history', code], ['log'], ['search', 'abc'], ['today', '--as', agendaUser], ['churn-report']];
    for (const args of commands) {
      for (const bad of ['-1', 'all', '2.5']) {
        const r = kehu([...args, '--limit', bad, '--lang', 'en'], { db });
        expect(r.status, `${args[0]} ${bad}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain(`Invalid value "${bad}" for --limit`);
        expect(r.stderr).toContain('0 lists all');
      }
    }
  });
});

describe('--out on every listing', () => {
  it('writes what stdout gets, in the format of the extension, for list, show, search, due, history, log, user list, approvals and today', () => {
    const runs: [string[], string][] = [
      [['list', '--limit', '20'], '.txt'],
      [['list', '--limit', '20'], '.csv'],
      [['list', '--limit', '20'], '.json'],
      [['list', '--limit', '20'], '.md'],
      [['show', code], '.md'],
      [['search', '有限公司'], '.csv'],
      [['due'], '.json'],
      [['history', code], '.txt'],
      [['log', code], '.csv'],
      [['user', 'list'], '.json'],
      [['approvals', '--all'], '.md'],
      [['today', '--as', agendaUser], '.txt'],
    ];
    const FORMAT: Record<string, string> = { '.txt': 'table', '.csv': 'csv', '.json': 'json', '.md': 'md' };
    for (const [args, ext] of runs) {
      const file = path.join(dir, 'out', `${args[0]}${ext}`);
      const r = kehu([...args, '--out', file], { db });
      expect(r.status, `${args.join(' ')} ${ext}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe('');
      expect(fs.readFileSync(file, 'utf8'), `${args.join(' ')} ${ext}`).toBe(kehu([...args, '--format', FORMAT[ext]!], { db }).stdout);
    }
    // Nothing left behind but the files.
    expect(fs.readdirSync(path.join(dir, 'out')).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 240_000);

  it('refuses an extension it cannot tell a format from, and writes nothing', () => {
    const file = path.join(dir, 'list.xyz');
    const r = kehu(['list', '--out', file, '--lang', 'en'], { db });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Invalid value');
    expect(fs.existsSync(file)).toBe(false);
  });
});
