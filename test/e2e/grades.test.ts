import fs from 'node:fs';
import path from 'node:path';
// End to end: grade reviews, applications and approvals, and the potential-VIP report through bin/kehu.

import { describe, expect, it } from 'vitest';
import { dumpChecksum, kehu, query, tempDbPath, tempDir } from '../helpers.js';

/**
 * A customer of 2025-01-05. A cooperating one orders every five months (so it stays cooperating); a formal
 * VIP is entered by the general manager (no formal VIP without one).
 */
function setup(grade = 'C', status = 'a'): string {
  const db = tempDbPath();
  const by = grade === 'A' && status === 'a' ? ['--as', '孙伟'] : [];
  for (const args of [
    ['user', 'add', '张敏', '--role', 'assistant'],
    ['user', 'add', '刘洋', '--role', 'sales-manager'],
    ['user', 'add', '赵雪', '--role', 'market-manager'],
    ['user', 'add', '孙伟', '--role', 'general-manager'],
    ['add-customer', '广州市天河电子有限公司', '--province', '广东', '--city', '广州', '--grade', grade, '--status', status, '--date', '2025-01-05', '--owner', '张敏', ...by],
  ]) expect(kehu(args, { db }).status).toBe(0);
  if (status === 'a') {
    const orders = ['code,date,amount', ...['2025-01-05', '2025-06-05', '2025-11-05', '2026-04-05', '2026-09-05'].map((d) => `粤GZ0001,${d},100`)].join('\n');
    expect(kehu(['import', 'orders', '-'], { db, input: orders }).status).toBe(0);
  }
  return db;
}

/** Runs a command expected to fail and checks that the database did not change. */
function refused(args: string[], db: string, exit: number): { stderr: string; stdout: string } {
  const before = dumpChecksum(db);
  const r = kehu(args, { db });
  expect(r.status).toBe(exit);
  expect(r.stdout).toBe('');
  expect(dumpChecksum(db)).toBe(before);
  return r;
}

const FACTORS = ['--factor', 'purchase=90', '--factor', 'payment=70', '--factor', 'growth=80', '--factor', 'influence=60', '--factor', 'stability=100', '--factor', 'credit=50'];

describe('review-grade', () => {
  it('scores factors by the model (77 → B) and opens an upgrade application', () => {
    const db = setup();
    const r = kehu(['review-grade', 'Ca-粤GZ0001', ...FACTORS, '--month', '2026-10'], { db });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        '已评审 Ca-粤GZ0001 广州市天河电子有限公司 2026-10：77 分，评定 B 重点客户（当前等级 C 一般客户，a 合作客户）',
        '  采购额 90 × 30% = 27',
        '  付款及时性 70 × 20% = 14',
        '  发展潜力 80 × 15% = 12',
        '  行业影响力 60 × 15% = 9',
        '  合作稳定性 100 × 10% = 10',
        '  信用 50 × 10% = 5',
        '已提交升级申请 #1：C → B，待 销售经理、市场经理 审批',
        '',
      ].join('\n'),
    );
    expect(query(db, 'SELECT month, score, band, reviewer FROM reviews')).toEqual([{ month: '2026-10', score: 77, band: 'B', reviewer: '张敏' }]);
  });

  it('prints JSON with documented keys, and "below standard, k of 6" for a formal A', () => {
    const db = setup('A', 'a');
    const en = kehu(['review-grade', '粤GZ0001', '--score', '70', '--month', '2026-10', '--lang', 'en'], { db });
    expect(en.stdout).toBe('Reviewed Aa-粤GZ0001 广州市天河电子有限公司 for 2026-10: score 70, band B key (current grade A VIP, a cooperating)\nbelow standard, 1 of 6\n');
    const zh = kehu(['review-grade', '粤GZ0001', '--score', '72.5', '--month', '2026-11'], { db });
    expect(zh.stdout.split('\n')[1]).toBe('低于标准，连续 2/6 个月');
    const db2 = setup('A', 'a');
    const j = JSON.parse(kehu(['review-grade', '粤GZ0001', '--score', '70', '--json'], { db: db2 }).stdout) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual([
      'id', 'code', 'name', 'month', 'date', 'score', 'band', 'factors', 'breakdown', 'model_name', 'current_grade', 'status', 'below_standard', 'outcome',
      'application', 'superseded_application', 'pending_application', 'applied', 'reviewer',
    ]);
    expect(j).toMatchObject({ month: '2026-11', score: 70, band: 'B', below_standard: { months: 1, required: 6, threshold: 80 }, outcome: 'none' });
  });

  it('refuses a second review in the same month (exit 1), missing factors and bad scores (exit 2), changing nothing', () => {
    const db = setup();
    expect(kehu(['review-grade', '粤GZ0001', '--score', '50', '--month', '2026-10'], { db }).status).toBe(0);
    const twice = refused(['review-grade', '粤GZ0001', '--score', '55', '--month', '2026-10'], db, 1);
    expect(twice.stderr).toBe('错误：Ca-粤GZ0001 在 2026-10 已有评审，每个客户每月只评审一次。修正：用 --month 指定其他月份。\n');
    const missing = refused(['review-grade', '粤GZ0001', '--factor', 'purchase=90', '--factor', 'payment=70', '--lang', 'en'], db, 2);
    expect(missing.stderr).toBe('Error: Missing factor scores: growth, influence, stability, credit. Fix: give --factor KEY=SCORE (0–100) for each, or the total with --score.\n');
    refused(['review-grade', '粤GZ0001', '--score', '101'], db, 2);
    refused(['review-grade', '粤GZ0001'], db, 2);
    const json = refused(['review-grade', '粤GZ0001', '--score', '55', '--month', '2026-10', '--json'], db, 1);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: 'review_exists', exit_code: 1, code: 'Ca-粤GZ0001', month: '2026-10' });
  });
});

describe('approvals, approve, reject', () => {
  it('formal VIP: three managers approve in turn; grade and code change, the former code still resolves', () => {
    const db = setup();
    expect(kehu(['review-grade', '粤GZ0001', '--score', '86'], { db }).stdout).toContain('已提交升级申请 #1：C → A，待 销售经理、市场经理、总经理 审批');
    const list = JSON.parse(kehu(['approvals', '--as', '孙伟', '--json'], { db }).stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0]!)).toEqual(['id', 'code', 'name', 'kind', 'from_grade', 'to_grade', 'customer_status', 'applicant', 'applied_on', 'required_roles', 'approved_by', 'waiting_for', 'scores']);
    expect(kehu(['approvals', '--as', '张敏'], { db }).stdout).toBe('没有待审批的申请。\n');
    expect(kehu(['approve', '1', '--as', '刘洋'], { db }).stdout).toBe('已批准申请 #1（Ca-粤GZ0001 升级 C → A）：刘洋（销售经理）；仍待 市场经理、总经理\n');
    expect(kehu(['approvals', '--as', '刘洋', '--json'], { db }).stdout).toBe('[]\n');
    const table = kehu(['approvals', '--all'], { db }).stdout;
    expect(table).toContain('刘洋（销售经理）');
    expect(table).toContain('2026-11 86');
    expect(kehu(['approve', '1', '--as', '赵雪', '--lang', 'en'], { db }).stdout).toBe('Approved application #1 (Ca-粤GZ0001 upgrade C → A) as 赵雪 (market manager); still waiting for general manager\n');
    const last = JSON.parse(kehu(['approve', '1', '--as', '孙伟', '--note', '同意', '--json'], { db }).stdout) as Record<string, unknown>;
    expect(last).toEqual({
      id: 1, code: 'Aa-粤GZ0001', former_code: 'Ca-粤GZ0001', name: '广州市天河电子有限公司', kind: 'upgrade', from_grade: 'C', to_grade: 'A',
      decision: 'approve', approver: '孙伟', role: 'general-manager', note: '同意', date: '2026-11-23', status: 'approved', waiting_for: [],
    });
    expect(query(db, 'SELECT code, grade FROM customers')).toEqual([{ code: 'Aa-粤GZ0001', grade: 'A' }]);
    expect(query(db, 'SELECT from_grade, to_grade, operator, application_id FROM grade_history')).toEqual([{ from_grade: 'C', to_grade: 'A', operator: '孙伟', application_id: 1 }]);
    const show = kehu(['show', 'Ca-粤GZ0001', '--json'], { db });
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('"code": "Aa-粤GZ0001"');
  });

  it('refused steps change nothing: wrong role, double approval, unknown id, decided application, reject without reason', () => {
    const db = setup();
    expect(kehu(['review-grade', '粤GZ0001', '--score', '86'], { db }).status).toBe(0);
    const wrong = refused(['approve', '1', '--as', '张敏'], db, 1);
    expect(wrong.stderr).toBe('错误：张敏 不能审批申请 #1：仍待 销售经理、市场经理、总经理，而其角色为 销售助理。修正：由持有所需角色的用户用 --as 审批。\n');
    const wrongJson = refused(['approve', '1', '--as', '张敏', '--json'], db, 1);
    expect(JSON.parse(wrongJson.stderr)).toMatchObject({ error: 'not_an_approver', exit_code: 1, waiting: ['sales-manager', 'market-manager', 'general-manager'], holds: ['assistant'] });
    expect(kehu(['approve', '1', '--as', '刘洋'], { db }).status).toBe(0);
    expect(refused(['approve', '1', '--as', '刘洋'], db, 1).stderr).toBe('错误：刘洋 已审批过申请 #1，同一人不能审批两次。\n');
    expect(refused(['approve', '7', '--as', '赵雪'], db, 1).stderr).toBe('错误：找不到等级申请 #7。修正：用 kehu approvals --all 查看申请号。\n');
    refused(['reject', '1', '--as', '赵雪'], db, 2);
    refused(['approve', '1', '--as', '不存在'], db, 1);
    expect(kehu(['reject', '1', '--as', '赵雪', '--reason', '采购额不稳定'], { db }).stdout).toBe(
      '已驳回申请 #1（Ca-粤GZ0001 升级 C → A）：赵雪（市场经理），原因：采购额不稳定\n',
    );
    expect(refused(['approve', '1', '--as', '孙伟'], db, 1).stderr).toBe('错误：等级申请 #1 已驳回，不能再审批。\n');
    expect(query(db, 'SELECT code FROM customers')).toEqual([{ code: 'Ca-粤GZ0001' }]);
  });

  it('one pending application per customer; image designation goes to sales and market managers', () => {
    const db = setup();
    expect(kehu(['designate-image', '粤GZ0001'], { db }).stdout).toBe('已提交形象客户申请 #1：Ca-粤GZ0001 广州市天河电子有限公司，C → X，待 销售经理、市场经理 审批\n');
    expect(refused(['designate-image', '粤GZ0001'], db, 1).stderr).toBe(
      '错误：Ca-粤GZ0001 已有待审批的等级申请 #1，每个客户只能有一个。修正：先审批或驳回，kehu approvals --all 查看。\n',
    );
    // A review is recorded while the designation waits, and opens nothing.
    expect(kehu(['review-grade', '粤GZ0001', '--score', '90'], { db }).stdout).toContain('等待形象客户申请 #1');
    expect(kehu(['approve', '1', '--as', '赵雪'], { db }).status).toBe(0);
    expect(kehu(['approve', '1', '--as', '刘洋'], { db }).stdout).toContain('Ca-粤GZ0001 → Xa-粤GZ0001');
  });

  it('a formal B reaches its 3-month run and is downgraded after sales and market managers approve', () => {
    const db = setup('B', 'a');
    for (const [m, s] of [['2026-09', '59'], ['2026-10', '50']]) expect(kehu(['review-grade', '粤GZ0001', '--score', s!, '--month', m!], { db }).status).toBe(0);
    const third = kehu(['review-grade', '粤GZ0001', '--score', '45', '--month', '2026-11'], { db });
    expect(third.stdout).toContain('低于标准，连续 3/3 个月\n已提交降级申请 #1：B → C，待 销售经理、市场经理 审批');
    const [pending] = JSON.parse(kehu(['approvals', '--all', '--json'], { db }).stdout) as { scores: { month: string; score: number }[] }[];
    expect(pending!.scores.map((s) => s.score)).toEqual([59, 50, 45]);
    expect(kehu(['approve', '1', '--as', '刘洋'], { db }).status).toBe(0);
    expect(kehu(['approve', '1', '--as', '赵雪'], { db }).status).toBe(0);
    expect(query(db, 'SELECT code FROM customers')).toEqual([{ code: 'Ca-粤GZ0001' }]);
  });
});

describe('report potential-vip', () => {
  it('renders table, Markdown, CSV and JSON', () => {
    const db = setup('A', 'b');
    const json = JSON.parse(kehu(['report', 'potential-vip', '--month', '2026-10', '--json'], { db }).stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['month', 'start_date', 'end_date', 'start_count', 'end_count', 'added_count', 'lost_count', 'by_owner', 'by_stage', 'added', 'lost', 'customers']);
    expect(json).toMatchObject({ start_count: 1, end_count: 1, by_owner: [{ owner: '张敏', start: 1, end: 1, added: 0, lost: 0 }] });
    expect(kehu(['report', 'potential-vip', '--month', '2026-10', '--format', 'csv'], { db }).stdout).toBe(
      'dimension,key,start,end,added,lost\r\ntotal,,1,1,0,0\r\nowner,张敏,1,1,0,0\r\nstage,,1,1,0,0\r\n',
    );
    const md = kehu(['report', 'potential-vip', '--month', '2026-10', '--format', 'md'], { db }).stdout;
    expect(md).toContain('## 潜在VIP客户开发进度表 2026-10\n\n月初 1 个，新增 0 个，减少 0 个，月末 1 个（2026-10-01 — 2026-10-31）\n');
    expect(md).toContain('| 张敏 | 1 | 0 | 0 | 1 |');
    const table = kehu(['report', 'potential-vip', '--month', '2026-10', '--lang', 'en'], { db }).stdout;
    expect(table).toContain('Potential VIP progress 2026-10\nStart 1, added 0, lost 0, end 1');
    expect(table).toContain('unknown'); // no stage was given when it was added
  });

  it('writes --out FILE in the format of its extension, {month} replaced, and refuses an unknown extension', () => {
    const db = setup('A', 'b');
    const dir = tempDir();
    expect(kehu(['report', 'potential-vip', '--month', '2026-10', '--out', path.join(dir, 'vip-{month}.csv')], { db }).stdout).toBe('');
    expect(fs.readFileSync(path.join(dir, 'vip-2026-10.csv'), 'utf8')).toBe('dimension,key,start,end,added,lost\r\ntotal,,1,1,0,0\r\nowner,张敏,1,1,0,0\r\nstage,,1,1,0,0\r\n');
    const bad = kehu(['report', 'potential-vip', '--month', '2026-10', '--out', path.join(dir, 'vip.xlsx')], { db });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('vip.xlsx');
    expect(fs.existsSync(path.join(dir, 'vip.xlsx'))).toBe(false);
  });
});

describe('help', () => {
  it.each([['review-grade', ''], ['designate-image', ''], ['approve', ''], ['reject', ''], ['approvals', ''], ['report', 'potential-vip'], ['report', '']])('kehu %s %s --help shows an example', (...cmd: string[]) => {
    const r = kehu([...cmd.filter(Boolean), '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/示例：\n {2}\$ kehu /);
  });
});
