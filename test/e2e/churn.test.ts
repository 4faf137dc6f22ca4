// End to end: churn-report and salvage through bin/kehu, and the cron line in a minimal environment.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenario } from '../fixtures/churnScenario.js';
import { BIN, copyDatabase, dumpChecksum, kehu, query, tempDir, testContext } from '../helpers.js';

function scenarioDb(): string {
  const ctx = testContext('2026-11-05T09:00:00+08:00');
  scenario(ctx);
  ctx.db.close();
  return ctx.file;
}

describe('churn-report', () => {
  it('--apply lists the losses that fell due since the file was last opened, once; JSON is the documented contract', () => {
    const db = scenarioDb();
    // Cron on 11 December (23:30 UTC on the 10th): K5's loss of 10 December is recorded now, dated then.
    const env = { KEHU_NOW: '2026-12-10T23:30:00Z' };
    const r = kehu(['churn-report', '--month', '2026-10', '--apply', '--json'], { db, env });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { base: unknown; lost: { count: number; rate: number; revenue_rate: number }; applied: unknown[] };
    expect(Object.keys(j)).toEqual(['month', 'period', 'as_of', 'applied', 'base', 'lost', 'breakdowns', 'won_back', 'no_salvage_plan', 'at_risk', 'limit', 'trend']);
    expect(j.applied).toEqual([{ code: 'Bc-粤FS0001', former_code: 'Ba-粤FS0001', last_order_date: '2026-06-10', cooperating_since: '2026-06-10', lost_date: '2026-12-10' }]);
    expect(j.as_of).toBe('2026-12-11');
    expect(j.base).toEqual({ count: 4, revenue: 14000 });
    expect(j.lost).toMatchObject({ count: 2, rate: 0.5, revenue: 4000 });
    const before = dumpChecksum(db);
    const again = JSON.parse(kehu(['churn-report', '--month', '2026-10', '--apply', '--json'], { db, env }).stdout) as { applied: unknown[] };
    expect(again.applied).toEqual([]);
    expect(dumpChecksum(db)).toBe(before);
    // The October report is the one it was before K5 was lost.
    expect({ ...again, applied: null, as_of: null }).toEqual({ ...JSON.parse(kehu(['churn-report', '--month', '2026-10', '--json'], { db: scenarioDb() }).stdout), applied: null, as_of: null });
  });

  it('gives the same report whether its second half runs on a worker thread or not', () => {
    const a = scenarioDb();
    const b = copyDatabase(a);
    const args = ['churn-report', '--month', '2026-10', '--apply', '--as-of', '2026-11-05', '--json', '--limit', '1'];
    const threaded = kehu(args, { db: a, env: { KEHU_PARALLEL_REPORT: '1' } });
    const single = kehu(args, { db: b, env: { KEHU_PARALLEL_REPORT: '0' } });
    expect(threaded.stderr).toBe('');
    expect(threaded.status).toBe(0);
    expect(threaded.stdout).toBe(single.stdout);
    expect(JSON.parse(threaded.stdout)).toMatchObject({ base: { count: 4, revenue: 14000 }, no_salvage_plan: { count: 2 } });
    const lost = "SELECT customer_id, from_status, to_status, date, reason_category FROM status_history ORDER BY id";
    expect(query(a, lost)).toEqual(query(b, lost));
  });

  it('renders a table with the trend chart, Markdown, and CSV; --out infers the format and writes atomically', () => {
    const db = scenarioDb();
    kehu(['churn-report', '--apply', '--as-of', '2026-11-05', '--json'], { db });
    const table = kehu(['churn-report', '--month', '2026-10', '--as-of', '2026-11-05'], { db }).stdout;
    expect(table).toContain('流失客户统计分析报告 2026-10');
    expect(table).toMatch(/客户流失率\s*│ 50\.0%/);
    expect(table).toMatch(/销售额流失率\s*│ 28\.6%/);
    expect(table).toMatch(/2026-10 │█{30}\s+2户\s+50\.0%/);
    expect(table).toMatch(/2026-08 │█{15} {15}\s+1户\s+16\.7%/);
    const md = kehu(['churn-report', '--month', '2026-10', '--as-of', '2026-11-05', '--format', 'md', '--lang', 'en'], { db }).stdout;
    expect(md).toMatch(/^# Lost-customer report 2026-10\n/);
    expect(md).toContain('| Ac-粤GZ0001 | K1边界 | A | 广东 广州市 | 李强 | 2026-04-15 | 2026-10-15 | ¥1,000.00 | no order for 6 months |');
    expect(md).toMatch(/## 12-month trend \(lost, rate\)\n\n```text\n2025-11 │/);
    const cut = kehu(['churn-report', '--month', '2026-10', '--as-of', '2026-11-05', '--format', 'md', '--limit', '1'], { db }).stdout;
    expect(cut).toContain('## 无挽救方案的流失客户（近12个月，§7.6.3，最近流失在前）（显示前 1 户，共 2 户；--limit 0 列出全部）');
    expect(cut).toContain('| 无挽救方案的流失客户（近12个月） | 2 |');
    const csv = kehu(['churn-report', '--month', '2026-10', '--as-of', '2026-11-05', '--format', 'csv'], { db }).stdout;
    expect(csv.split('\r\n')).toContain('2026-10,4,2,0.5');
    const dir = path.join(tempDir(), 'reports', 'monthly');
    const out = kehu(['churn-report', '--as-of', '2026-11-05', '--out', path.join(dir, 'churn-{month}.md')], { db });
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('');
    expect(fs.readdirSync(dir)).toEqual(['churn-2026-10.md']);
    expect(fs.readFileSync(path.join(dir, 'churn-2026-10.md'), 'utf8')).toBe(kehu(['churn-report', '--as-of', '2026-11-05', '--format', 'md'], { db }).stdout);
    expect(JSON.parse(fs.readFileSync((kehu(['churn-report', '--as-of', '2026-11-05', '--out', path.join(dir, 'r.json')], { db }), path.join(dir, 'r.json')), 'utf8'))).toMatchObject({ month: '2026-10' });
    const bad = kehu(['churn-report', '--out', path.join(dir, 'r.pdf')], { db });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--out 的值.*r\.pdf.*无效/);
  });

  it('runs from cron: no HOME, cwd /, stdin /dev/null, minimal PATH — no prompt, no colour, exit 0', () => {
    const db = scenarioDb();
    const dir = tempDir();
    const line = `${BIN} churn-report --apply --out ${dir}/kehu-churn-{month}.md --db ${db}`;
    const r = spawnSync('/bin/sh', ['-c', line], { env: { PATH: '/usr/bin:/bin' }, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^kehu-churn-\d{4}-\d{2}\.md$/);
    const text = fs.readFileSync(path.join(dir, files[0]!), 'utf8');
    expect(text).toMatch(/^# 流失客户统计分析报告/);
    expect(text).not.toMatch(/\u001b\[/);
    expect(query(db, "SELECT count(*) AS n FROM status_history WHERE reason_category = 'no-order-6m'")).toEqual([{ n: 3 }]); // K4 earlier, K1 and K2 now
    const fail = spawnSync('/bin/sh', ['-c', `${BIN} churn-report --month 2026-13 --db ${db}`], { env: { PATH: '/usr/bin:/bin' }, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    expect(fail.status).toBe(2);
    expect(fail.stderr).toMatch(/--month 的值“2026-13”无效/);
  });
});

describe('salvage', () => {
  it('records a plan with its author for a lost customer; show and the report display it', () => {
    const db = scenarioDb();
    kehu(['churn-report', '--apply', '--as-of', '2026-11-05', '--json'], { db });
    const r = kehu(['salvage', 'Ac-粤GZ0001', '--plan', '总经理拜访，恢复供货', '--as', '刘洋', '--date', '2026-11-06', '--json'], { db });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 'Ac-粤GZ0001', author: '刘洋', date: '2026-11-06', plan: '总经理拜访，恢复供货' });
    const show = JSON.parse(kehu(['show', '粤GZ0001', '--json'], { db }).stdout) as { salvage_plans: unknown[] };
    expect(show.salvage_plans).toEqual([expect.objectContaining({ author: '刘洋', plan: '总经理拜访，恢复供货' })]);
    const nov = JSON.parse(kehu(['churn-report', '--month', '2026-11', '--json'], { db, env: { KEHU_NOW: '2026-12-01T01:00:00Z' } }).stdout) as { no_salvage_plan: { count: number; customers: { code: string }[] } };
    expect(nov.no_salvage_plan.count).toBe(1);
    expect(nov.no_salvage_plan.customers.map((c) => c.code)).toEqual(['Bc-粤GZ0002']);
    const notLost = kehu(['salvage', '粤FS0002', '--plan', 'x'], { db });
    expect(notLost.status).toBe(1);
    expect(notLost.stderr).toMatch(/不是流失客户/);
  });
});
