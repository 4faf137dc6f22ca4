// Proof under load and faults: many processes at once, a held write lock, a killed process, backups, check.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, dumpChecksum, ENGINE, holdWriteLock, kehu, query, rawDb, tempDbPath, tempDir } from '../helpers.js';

function run(args: string[], db: string, env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, KEHU_DB: db, KEHU_USER: '张敏', LANG: 'zh_CN.UTF-8', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stderr, stdout }));
  });
}

describe('reliability', () => {
  it('eight processes adding 25 customers each in one city get serials exactly 1..200, with no error', async () => {
    const db = tempDbPath();
    expect(kehu(['user', 'list'], { db }).status).toBe(0);
    const worker = async (w: number): Promise<string[]> => {
      const errors: string[] = [];
      for (let i = 0; i < 25; i++) {
        const r = await run(['add-customer', `并发${w}-${i}号有限公司`, '--province', '广东', '--city', '广州'], db);
        if (r.status !== 0) errors.push(r.stderr);
      }
      return errors;
    };
    const errors = (await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)))).flat();
    expect(errors).toEqual([]);
    expect(query<{ serial: number }>(db, "SELECT serial FROM customers WHERE region = '粤GZ' ORDER BY serial").map((r) => r.serial)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(kehu(['check'], { db }).status).toBe(0);
  }, 240_000);

  it('a write lock held past the busy timeout gives exit 75 and a clear message; nothing is lost', async () => {
    const db = tempDbPath();
    expect(kehu(['add-customer', '甲', '--province', '广东', '--city', '广州'], { db }).status).toBe(0);
    const release = holdWriteLock(db);
    try {
      const r = await run(['add-customer', '乙', '--province', '广东', '--city', '广州'], db, { KEHU_BUSY_TIMEOUT_MS: '300' });
      expect(r.status, r.stderr).toBe(75);
      expect(r.stderr).toMatch(/正被其他进程写入。修正：稍后重试/);
      const j = await run(['add-customer', '乙', '--province', '广东', '--city', '广州', '--json'], db, { KEHU_BUSY_TIMEOUT_MS: '300' });
      expect(JSON.parse(j.stderr)).toMatchObject({ error: 'database_busy', exit_code: 75 });
    } finally {
      release();
    }
    expect(kehu(['add-customer', '乙', '--province', '广东', '--city', '广州'], { db }).status).toBe(0);
    expect(query(db, 'SELECT code FROM customers ORDER BY serial')).toEqual([{ code: 'Cb-粤GZ0001' }, { code: 'Cb-粤GZ0002' }]);
  });

  it('a database that cannot be created gives a clear error', () => {
    // A SQLite file whose parent is not a folder (a path, whatever engine the suite runs on).
    const file = path.join(tempDir(), 'kehu.db', 'under-a-file', 'kehu.db');
    expect(kehu(['user', 'list'], { db: path.dirname(path.dirname(file)) }).status).toBe(0);
    const r = kehu(['list'], { db: file });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/无法打开数据库 .*under-a-file\/kehu\.db：ENOTDIR.*修正：检查路径与读写权限/);
  });

  it('a process killed with SIGKILL in the middle of writing leaves a sound database', async () => {
    const db = tempDbPath();
    const p = spawn(process.execPath, [BIN, 'demo', '--db', db], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 900));
    p.kill('SIGKILL');
    await new Promise((r) => p.on('close', r));
    if (ENGINE === 'sqlite') expect(query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const c = kehu(['check', '--json'], { db });
    expect(JSON.parse(c.stdout)).toMatchObject({ ok: true, violations: [] });
  }, 60_000);

  it('backup writes a consistent snapshot while another process writes', async () => {
    const db = tempDbPath();
    expect(kehu(['demo', '--customers', '50'], { db }).status).toBe(0);
    const writer = (async () => {
      for (let i = 0; i < 10; i++) await run(['log-visit', '粤GZ0001', '--method', 'phone', '--summary', `并发 ${i}`, '--window-hours', '0', '--by', '张敏'], db);
    })();
    const target = path.join(tempDir(), 'nested', 'backup.db');
    const r = await run(['backup', target, '--json'], db);
    await writer;
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: target, integrity: ['ok'] });
    expect(kehu(['check'], { db: target }).status).toBe(0);
    expect(query<{ n: number }>(target, 'SELECT count(*) AS n FROM customers')[0]!.n).toBe(52);
    const again = kehu(['backup', target], { db });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/已存在/);
  }, 60_000);

  it('check finds a broken invariant and exits 1', () => {
    const db = tempDbPath();
    expect(kehu(['add-customer', '甲', '--province', '广东', '--city', '广州'], { db }).status).toBe(0);
    expect(kehu(['check'], { db }).stdout).toMatch(/业务规则检查：全部通过/);
    const raw = rawDb(db);
    raw.prepare('UPDATE customers SET visit_count = 3').run();
    raw.prepare("UPDATE customers SET grade = 'A'").run();
    raw.close();
    const before = dumpChecksum(db);
    const r = kehu(['check', '--json'], { db });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; violations: { check: string }[] };
    expect(out.ok).toBe(false);
    // The grade written by hand is also not what the customer's facts give.
    expect(out.violations.map((v) => v.check).sort()).toEqual(['code_letters', 'timeline', 'visit_numbers']);
    expect(dumpChecksum(db)).toBe(before);
  });

  it('check finds kept order totals that no longer add up (the churn report reads them)', () => {
    const db = tempDbPath();
    expect(kehu(['add-customer', '甲', '--province', '广东', '--city', '广州', '--status', 'a'], { db }).status).toBe(0);
    expect(kehu(['log-order', '粤GZ0001', '--amount', '100', '--date', '2026-03-02'], { db }).status).toBe(0);
    expect(kehu(['set-status', '粤GZ0001', 'c', '--reason-category', 'price', '--date', '2026-05-01'], { db }).status).toBe(0);
    expect(kehu(['check'], { db }).status).toBe(0);
    const lostMonth = (query(db, 'SELECT lost_date FROM customers')[0] as { lost_date: string }).lost_date.slice(0, 7);
    const raw = rawDb(db);
    raw.prepare("UPDATE order_months SET amount_fen = amount_fen + 1 WHERE month = '2026-03'").run();
    raw.prepare("UPDATE lost_order_months SET lost_month = '2000-01' WHERE amount_fen <> 0").run();
    raw.close();
    const r = kehu(['check', '--json'], { db });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { violations: { check: string; code: string; detail: string }[] };
    expect(out.violations).toEqual([
      { check: 'order_months', code: '2026-03', detail: 'kept 10001, the orders add up to 10000' },
      { check: 'lost_order_months', code: '2000-01 2026-03', detail: "kept 10000 fen, the lost customers' orders add up to 0" },
      { check: 'lost_order_months', code: `${lostMonth} 2026-03`, detail: "kept 0 fen, the lost customers' orders add up to 10000" },
    ]);
  });
});
