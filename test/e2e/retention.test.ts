// End to end: kehu report retention and kehu purge (seed 002 §8.9; PIPL) through bin/kehu, against a file
// with a customer that has a row in every table, and customers on either side of the three years.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, copyDatabase, dataTables, dumpChecksum, ENGINE, rawDb, E2E_TODAY, kehu, query, type RunResult, tempDbPath, tempDir } from '../helpers.js';

const MANAGER = { KEHU_USER: '陈总' };

/**
 * 粤GZ0001 (becomes Ad-粤FS0001): contacts (one removed), visits (one voided), orders (one voided), a review, an
 * upgrade approved by three managers (application, approvals, grade history), a region move, a salvage plan,
 * invalid since 2022-06-01: settled 2022-06-01, purgeable from 2025-06-02.
 * 浙HZ0001: invalid since 2020-03-01, purgeable from 2023-03-02. 粤DG0001: lost 2024-01-05, not yet.
 * 粤SZ0001: cooperating (an order in 2020 and one last month), kept for ever.
 */
let fixture = '';

beforeAll(() => {
  fixture = tempDbPath();
  const db = fixture;
  const steps: string[][] = [
    ['user', 'add', '张敏', '--role', 'assistant'],
    ['user', 'add', '刘洋', '--role', 'sales-manager'],
    ['user', 'add', '马丽', '--role', 'market-manager'],
    ['user', 'add', '陈总', '--role', 'general-manager'],
    ['user', 'add', '王磊', '--role', 'business-manager'],
    ['add-customer', '广州市旧客户有限公司', '--province', '广东', '--city', '广州', '--date', '2021-01-10', '--owner', '王磊', '--contact', '王五,title=采购经理,mobile=13800138000,birthday=1980-01-02,email=wang@old.cn'],
    ['contact', 'add', '粤GZ0001', '赵六', '--wechat', 'zl123', '--insider', '--native-place', '湖南', '--date', '2021-01-11'],
    ['contact', 'add', '粤GZ0001', '钱七', '--mobile', '13700137000', '--date', '2021-01-12'],
    ['contact', 'edit', '粤GZ0001', '王五', '--mobile', '13811112222', '--date', '2021-01-15'],
    ['contact', 'remove', '粤GZ0001', '钱七', '--reason', '离职', '--date', '2021-01-20'],
    ['log-visit', '粤GZ0001', '--method', 'phone', '--summary', '初次联系', '--date', '2021-02-01', '--by', '王磊', '--contact', '王五'],
    ['log-visit', '粤GZ0001', '--method', 'onsite', '--summary', '拜访', '--date', '2021-03-01', '--by', '王磊'],
    ['void', 'visit', '粤GZ0001', '2', '--reason', '记错', '--date', '2021-03-02'],
    ['log-order', '粤GZ0001', '--amount', '5000', '--date', '2021-03-10'],
    ['log-order', '粤GZ0001', '--amount', '3000', '--date', '2021-04-10'],
    ['void', 'order', '2', '--reason', '重复', '--date', '2021-04-11'],
    ['review-grade', '粤GZ0001', '--score', '85', '--month', '2021-04', '--as', '刘洋'],
    ['approve', '1', '--as', '刘洋', '--date', '2021-04-30'],
    ['approve', '1', '--as', '马丽', '--date', '2021-04-30'],
    ['approve', '1', '--as', '陈总', '--date', '2021-04-30'],
    ['edit', '粤GZ0001', '--city', '佛山', '--reason', '城市填错', '--date', '2021-05-01'],
    ['salvage', '粤FS0001', '--plan', '回访挽回', '--date', '2021-10-01'],
    ['set-status', '粤FS0001', 'd', '--reason-category', 'given-up', '--reason', '放弃', '--date', '2022-06-01'],
    ['add-customer', '深圳市合作客户有限公司', '--province', '广东', '--city', '深圳', '--date', '2020-01-05', '--contact', '李四,mobile=13900139000,phone=0755-12345678'],
    ['log-order', '粤SZ0001', '--amount', '1000', '--date', '2020-02-01'],
    ['log-order', '粤SZ0001', '--amount', '2000', '--date', '2026-10-01'],
    ['log-visit', '粤SZ0001', '--method', 'phone', '--summary', '回访', '--date', '2026-10-02', '--contact', '李四'],
    ['review-grade', '粤SZ0001', '--score', '70', '--month', '2026-10', '--as', '刘洋'],
    ['add-customer', '东莞市近期流失有限公司', '--province', '广东', '--city', '东莞', '--date', '2024-01-05', '--status', 'c', '--cooperating-since', '2024-01-05', '--contact', '孙八,mobile=13600136000'],
    ['add-customer', '杭州市无效客户有限公司', '--province', '浙江', '--city', '杭州', '--date', '2020-03-01', '--status', 'd', '--contact', '周九,phone=0571-88888888'],
  ];
  for (const args of steps) {
    const r = kehu(args, { db });
    expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  }
}, 120_000);

/** A fresh copy of the fixture for one test. */
function copy(): string {
  return copyDatabase(fixture);
}

const json = <T>(r: RunResult): T => {
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

const idOf = (db: string, stable: string): number =>
  query<{ id: number }>(db, 'SELECT id FROM customers WHERE region = ? AND serial = ?', stable.slice(0, -4), Number(stable.slice(-4)))[0]!.id;

/** Every table holding rows of customers, with the SQL picking one customer's rows (approvals through applications). */
const OWN: Record<string, string> = {
  customers: 'id = ?',
  code_history: 'customer_id = ?',
  contacts: 'customer_id = ?',
  status_history: 'customer_id = ?',
  grade_history: 'customer_id = ?',
  visits: 'customer_id = ?',
  orders: 'customer_id = ?',
  reviews: 'customer_id = ?',
  applications: 'customer_id = ?',
  approvals: 'application_id IN (SELECT id FROM applications WHERE customer_id = ?)',
  salvage_plans: 'customer_id = ?',
  status_decisions: 'customer_id = ?',
  voided_visits: 'customer_id = ?',
  voided_orders: 'customer_id = ?',
  region_moves: 'customer_id = ?',
  audit_log: 'customer_id = ?',
};

/** What a dry run must leave as it was: the file's bytes on SQLite, the database's content on PostgreSQL. */
const untouched = (db: string): string => (ENGINE === 'sqlite' ? fs.readFileSync(db).toString('base64') : dumpChecksum(db));

/** Rows of each customer table, those of `ids` and the others apart. */
function rowsBy(db: string, ids: readonly number[]): { own: Record<string, number>; others: Record<string, unknown[]> } {
  const own: Record<string, number> = {};
  const others: Record<string, unknown[]> = {};
  const raw = rawDb(db, { readonly: true });
  try {
    // Every customer table has an id (SQLite's rowid).
    for (const [t, where] of Object.entries(OWN)) {
      const mine = new Set<number>();
      for (const id of ids) for (const r of raw.prepare(`SELECT id FROM ${t} WHERE ${where}`).pluck().all(id) as number[]) mine.add(r);
      own[t] = mine.size;
      others[t] = (raw.prepare(`SELECT id AS _r, * FROM ${t} ORDER BY id`).all() as { _r: number }[]).filter((r) => !mine.has(r._r));
    }
  } finally {
    raw.close();
  }
  return { own, others };
}

/** Every text in the file (tables, not the search index's binary pages) that contains `needle`. */
function occurrences(db: string, needle: string): string[] {
  const tables = dataTables(db);
  const raw = rawDb(db, { readonly: true });
  try {
    const out: string[] = [];
    for (const t of tables) for (const r of raw.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) if (JSON.stringify(r).includes(needle)) out.push(t);
    return out;
  } finally {
    raw.close();
  }
}

interface RetentionJson {
  as_of: string;
  retention_months: number;
  count: number;
  customers: { code: string; name: string; status: string; settled_on: string; last_order: string | null; status_since: string | null; last_visit: string | null; purge_due_since: string; owner: string | null; personal_data: boolean }[];
}

interface PurgeJson {
  mode: string;
  dry_run: boolean;
  as_of: string;
  date: string;
  operator: string;
  reason: string | null;
  fields: string[];
  count: number;
  customers: { code: string; name: string; status: string; settled_on: string | null; purge_due_since: string | null; rows: Record<string, number> }[];
  totals: Record<string, number>;
}

describe('kehu report retention', () => {
  it('lists exactly the lost and invalid customers settled more than 3 years ago, with their dates', () => {
    const db = copy();
    const r = json<RetentionJson>(kehu(['report', 'retention', '--json'], { db }));
    expect(r.as_of).toBe(E2E_TODAY);
    expect(r.retention_months).toBe(36);
    expect(r.count).toBe(2);
    expect(r.customers).toEqual([
      {
        code: 'Cd-浙HZ0001', name: '杭州市无效客户有限公司', status: 'd', settled_on: '2020-03-01', last_order: null, status_since: '2020-03-01', last_visit: null,
        purge_due_since: '2023-03-02', owner: null, personal_data: true,
      },
      {
        code: 'Ad-粤FS0001', name: '广州市旧客户有限公司', status: 'd', settled_on: '2022-06-01', last_order: '2021-03-10', status_since: '2022-06-01', last_visit: '2021-02-01',
        purge_due_since: '2025-06-02', owner: '王磊', personal_data: true,
      },
    ]);
  });

  it('the three-year boundary: not on the anniversary, from the day after; a cooperating customer never', () => {
    const db = copy();
    // Days after today are seen from then (KEHU_NOW): --as-of is never after today.
    const codes = (asOf: string): string[] =>
      json<RetentionJson>(kehu(['report', 'retention', '--as-of', asOf, '--json'], { db, env: asOf > E2E_TODAY ? { KEHU_NOW: `${asOf}T02:00:00Z` } : {} })).customers.map((c) => c.code);
    expect(codes('2025-05-31')).toEqual(['Cd-浙HZ0001']);
    expect(codes('2025-06-01')).toEqual(['Cd-浙HZ0001']);
    expect(codes('2025-06-02')).toEqual(['Cd-浙HZ0001', 'Ad-粤FS0001']);
    // 粤DG0001 was lost on 2024-01-05: due from 2027-01-06. 粤SZ0001 cooperates: kept for ever.
    expect(codes('2027-01-05')).toEqual(['Cd-浙HZ0001', 'Ad-粤FS0001']);
    expect(codes('2027-01-06')).toEqual(['Cd-浙HZ0001', 'Cc-粤DG0001', 'Ad-粤FS0001']);
    // 粤SZ0001 last ordered on 2026-10-01: lost six months on (2027-04-01), it is settled then and due three years after.
    expect(codes('2030-04-01')).toEqual(['Cd-浙HZ0001', 'Cc-粤DG0001', 'Ad-粤FS0001']);
    expect(codes('2030-04-02')).toEqual(['Cd-浙HZ0001', 'Cc-粤DG0001', 'Ad-粤FS0001', 'Cc-粤SZ0001']);
    expect(codes('2023-03-01')).toEqual([]);
  });

  it('table, csv, md and --out; an impossible --as-of is a usage error', () => {
    const db = copy();
    const table = kehu(['report', 'retention'], { db });
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain(`客户档案保管期满（结清满3年，§8.9）截至 ${E2E_TODAY}`);
    expect(table.stdout).toMatch(/Ad-粤FS0001 │ 广州市旧客户有限公司 +│ d 无效客户 │ 2022-06-01 │ 2021-03-10 │ 2021-02-01 │ 2025-06-02 │ 王磊 +│ 是/);
    expect(table.stdout).toContain('共 2 个客户');
    const en = kehu(['report', 'retention', '--lang', 'en'], { db });
    expect(en.stdout).toContain('Purgeable from');
    const csv = kehu(['report', 'retention', '--format', 'csv'], { db });
    expect(csv.stdout.split(/\r?\n/)[0]).toBe('code,name,status,settled_on,last_order,status_since,last_visit,purge_due_since,owner,personal_data');
    expect(csv.stdout.split(/\r?\n/)[2]).toBe('Ad-粤FS0001,广州市旧客户有限公司,d,2022-06-01,2021-03-10,2022-06-01,2021-02-01,2025-06-02,王磊,yes');
    const md = kehu(['report', 'retention', '--format', 'md'], { db });
    expect(md.stdout).toContain('| Cd-浙HZ0001 | 杭州市无效客户有限公司 |');
    const dir = tempDir();
    const out = kehu(['report', 'retention', '--out', path.join(dir, 'retention-{as_of}.csv')], { db });
    expect([out.status, out.stdout]).toEqual([0, '']);
    expect(fs.readFileSync(path.join(dir, `retention-${E2E_TODAY}.csv`), 'utf8')).toBe(csv.stdout);
    const bad = kehu(['report', 'retention', '--as-of', '2026-02-30'], { db });
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining('--as-of') as string]);
    const later = kehu(['report', 'retention', '--as-of', '2026-11-24'], { db });
    expect([later.status, later.stderr]).toEqual([2, expect.stringContaining(`不晚于今天（${E2E_TODAY}）`) as string]);
  });
});

describe('kehu purge --dry-run', () => {
  it('prints the rows per table a purge would erase and leaves the file byte-identical', () => {
    const db = copy();
    const id = idOf(db, '粤FS0001');
    const before = untouched(db);
    const r = json<PurgeJson>(kehu(['purge', '--due', '--dry-run', '--json'], { db, env: MANAGER }));
    expect(untouched(db)).toBe(before);
    expect([r.mode, r.dry_run, r.count, r.reason, r.operator]).toEqual(['record', true, 2, null, '陈总']);
    expect(r.customers.map((c) => c.code)).toEqual(['Cd-浙HZ0001', 'Ad-粤FS0001']);
    // Every table the customer has rows in, counted as the file holds them.
    const own = rowsBy(db, [id]).own;
    expect(r.customers[1]!.rows).toEqual(Object.fromEntries(Object.entries(own).filter(([, n]) => n > 0)));
    for (const t of ['contacts', 'visits', 'voided_visits', 'orders', 'voided_orders', 'reviews', 'applications', 'approvals', 'grade_history', 'salvage_plans', 'region_moves', 'code_history', 'audit_log']) {
      expect(r.customers[1]!.rows[t], t).toBeGreaterThan(0);
    }
    expect(r.customers[1]!.rows.approvals).toBe(3);
    expect(r.totals.customers).toBe(2);
    // A dry run needs no --reason and no --yes; the table says what would go and that nothing changed.
    const table = kehu(['purge', 'Ad-粤FS0001', '--dry-run'], { db, env: MANAGER });
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain('visits 1');
    expect(table.stdout).toContain('试运行：将清除 1 个客户的全部档案');
    expect(table.stdout).toContain('未做任何改动');
    expect(untouched(db)).toBe(before);
  });
});

describe('kehu purge --dry-run on a new day', () => {
  it('brings the timelines to that day only inside the transaction it rolls back: same list as the purge, file untouched', () => {
    const db = copy();
    const before = untouched(db);
    const later = { ...MANAGER, KEHU_NOW: '2027-01-10T02:00:00Z' };
    const r = json<PurgeJson>(kehu(['purge', '--due', '--dry-run', '--json'], { db, env: later }));
    expect(r.customers.map((c) => c.code)).toEqual(['Cd-浙HZ0001', 'Cc-粤DG0001', 'Ad-粤FS0001']);
    expect(untouched(db)).toBe(before);
    if (ENGINE === 'sqlite') expect(fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0).toBe(0);
    const real = json<PurgeJson>(kehu(['purge', '--due', '--reason', '保管期满', '--yes', '--json'], { db, env: later }));
    expect(real.customers).toEqual(r.customers);
    expect(kehu(['check'], { db, env: later }).status).toBe(0);
  });
});

describe('kehu purge CODE', () => {
  it("erases every row of that customer and nothing else; check passes, reports run, the audit row says who, when and why", () => {
    const db = copy();
    const id = idOf(db, '粤FS0001');
    const before = rowsBy(db, [id]);
    const r = kehu(['purge', '粤FS0001', '--reason', '保管期满（§8.9）', '--yes'], { db, env: MANAGER });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('已清除 1 个客户的全部档案');
    const after = rowsBy(db, [id]);
    for (const t of Object.keys(OWN)) expect(after.own[t], t).toBe(0);
    // Other customers' rows are exactly as they were; the log has one new row, the purge's.
    for (const t of Object.keys(OWN)) {
      if (t === 'audit_log') continue;
      expect(after.others[t], t).toEqual(before.others[t]);
    }
    const added = after.others.audit_log!.slice(before.others.audit_log!.length) as Record<string, unknown>[];
    expect(after.others.audit_log!.slice(0, before.others.audit_log!.length)).toEqual(before.others.audit_log);
    expect(added).toHaveLength(1);
    const row = added[0]!;
    expect(row).toMatchObject({ operator: '陈总', date: E2E_TODAY, recorded_at: '2026-11-22T23:30:00.000Z', customer_id: null, entity: 'customer', entity_key: 'Ad-粤FS0001', action: 'purge', reason: '保管期满（§8.9）' });
    const kept = JSON.parse(String(row.old_value)) as { code: string; name: string; rows: Record<string, number> };
    expect([kept.code, kept.name, kept.rows]).toEqual(['Ad-粤FS0001', '广州市旧客户有限公司', Object.fromEntries(Object.entries(before.own).filter(([, n]) => n > 0))]);
    // No personal data of its contacts is left anywhere in the file.
    for (const s of ['13811112222', '13800138000', '13700137000', 'zl123', '王五', '赵六', '钱七', '湖南']) expect(occurrences(db, s), s).toEqual([]);
    // The derived tables stay exact, the search index forgets it, the reports run.
    const check = kehu(['check'], { db });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(query<{ n: number }>(db, "SELECT count(*) AS n FROM order_months WHERE month = '2021-03' AND orders = 0 AND amount_fen = 0")[0]!.n).toBe(1);
    expect(json<unknown[]>(kehu(['search', '旧客户', '--json'], { db }))).toEqual([]);
    expect(json<unknown[]>(kehu(['search', '13800138000', '--json'], { db }))).toEqual([]);
    expect(json<{ code: string }[]>(kehu(['search', '合作客户', '--json'], { db })).map((h) => h.code)).toEqual(['Ca-粤SZ0001']);
    for (const args of [['list'], ['churn-report', '--month', '2021-09'], ['report', 'potential-vip', '--month', '2026-10'], ['report', 'retention'], ['due'], ['approvals', '--all']]) {
      const run = kehu(args, { db });
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
    expect(kehu(['show', '粤FS0001'], { db }).status).toBe(1);
    const log = json<{ code: string | null; action: string; operator: string; reason: string }[]>(kehu(['log', '--json'], { db }));
    expect(log.filter((e) => e.action === 'purge').map((e) => [e.code, e.operator, e.reason])).toEqual([['Ad-粤FS0001', '陈总', '保管期满（§8.9）']]);
    expect(kehu(['log'], { db }).stdout).toContain('客户 清除');
  });

  it('--due purges every customer the report lists, one audit row each; export all and import all work after it', () => {
    const db = copy();
    const ids = [idOf(db, '浙HZ0001'), idOf(db, '粤FS0001')];
    const before = rowsBy(db, ids);
    const r = json<PurgeJson>(kehu(['purge', '--due', '--reason', '保管期满', '--yes', '--json'], { db, env: MANAGER }));
    expect([r.dry_run, r.count, r.customers.map((c) => c.code)]).toEqual([false, 2, ['Cd-浙HZ0001', 'Ad-粤FS0001']]);
    const after = rowsBy(db, ids);
    for (const t of Object.keys(OWN)) {
      expect(after.own[t], t).toBe(0);
      if (t !== 'audit_log') expect(after.others[t], t).toEqual(before.others[t]);
    }
    expect(query(db, "SELECT entity_key, reason FROM audit_log WHERE action = 'purge' ORDER BY id")).toEqual([
      { entity_key: 'Cd-浙HZ0001', reason: '保管期满' },
      { entity_key: 'Ad-粤FS0001', reason: '保管期满' },
    ]);
    expect(kehu(['check'], { db }).status).toBe(0);
    expect(json<RetentionJson>(kehu(['report', 'retention', '--json'], { db })).count).toBe(0);
    // Nothing left to purge: says so and exits 0.
    const again = kehu(['purge', '--due', '--reason', '保管期满', '--yes'], { db, env: MANAGER });
    expect([again.status, again.stdout.trim()]).toEqual([0, '没有要清除的客户；未做任何改动。']);

    const archive = path.join(tempDir(), 'all.ndjson');
    expect(kehu(['export', 'all', '--out', archive, '--with-personal-data'], { db }).status).toBe(0);
    const target = tempDbPath();
    const imported = kehu(['import', 'all', archive], { db: target });
    expect(imported.status, imported.stderr).toBe(0);
    expect(kehu(['check'], { db: target }).status).toBe(0);
    expect(kehu(['list', '--json'], { db: target }).stdout).toBe(kehu(['list', '--json'], { db }).stdout);
    expect(query(target, "SELECT entity_key FROM audit_log WHERE action = 'purge' ORDER BY id")).toEqual([{ entity_key: 'Cd-浙HZ0001' }, { entity_key: 'Ad-粤FS0001' }]);
  });
});

describe('kehu purge --personal-data-only', () => {
  it('blanks the personal fields of the contacts and of the audit snapshots and keeps the business record; check passes', () => {
    const db = copy();
    const id = idOf(db, '粤FS0001');
    const before = rowsBy(db, [id]);
    const dry = json<PurgeJson>(kehu(['purge', '粤FS0001', '--personal-data-only', '--dry-run', '--json'], { db, env: MANAGER }));
    expect([dry.mode, dry.customers[0]!.rows]).toEqual(['personal_data', { contacts: 2, audit_log: 5 }]);
    const r = json<PurgeJson>(kehu(['purge', '粤FS0001', '--personal-data-only', '--reason', '联系人要求删除', '--yes', '--json'], { db, env: MANAGER }));
    expect([r.mode, r.count, r.customers[0]!.rows]).toEqual(['personal_data', 1, { contacts: 2, audit_log: 5 }]);
    expect(r.fields).toEqual(['mobile', 'wechat', 'birthday', 'notes', 'is_insider', 'insider_stage', 'native_place', 'age', 'interests', 'years_at_company', 'authority', 'personality', 'working_style', 'family', 'phone', 'email']);
    // Contacts keep name and title; every personal field is empty.
    expect(query(db, 'SELECT name, title, mobile, phone, email, wechat, birthday, is_insider, native_place FROM contacts WHERE customer_id = ? ORDER BY id', id)).toEqual([
      { name: '王五', title: '采购经理', mobile: null, phone: null, email: null, wechat: null, birthday: null, is_insider: 0, native_place: null },
      { name: '赵六', title: null, mobile: null, phone: null, email: null, wechat: null, birthday: null, is_insider: 0, native_place: null },
    ]);
    for (const s of ['13811112222', '13800138000', '13700137000', 'zl123', '湖南', '1980-01-02', 'wang@old.cn']) expect(occurrences(db, s), s).toEqual([]);
    // The removed contact's snapshot keeps its name; the business record is as it was.
    expect(query<{ old_value: string }>(db, "SELECT old_value FROM audit_log WHERE customer_id = ? AND entity = 'contact' AND action = 'remove'", id)[0]!.old_value).toBe('{"name":"钱七","is_decision_maker":0}');
    const after = rowsBy(db, [id]);
    for (const t of ['customers', 'visits', 'orders', 'voided_visits', 'voided_orders', 'reviews', 'applications', 'approvals', 'status_history', 'grade_history', 'salvage_plans', 'region_moves']) {
      expect(after.own[t], t).toBe(before.own[t]);
      expect(after.others[t], t).toEqual(before.others[t]);
    }
    expect(query(db, "SELECT operator, reason, customer_id FROM audit_log WHERE action = 'purge'")).toEqual([{ operator: '陈总', reason: '联系人要求删除', customer_id: id }]);
    expect(kehu(['check'], { db }).status).toBe(0);
    expect(json<unknown[]>(kehu(['search', '13800138000', '--json'], { db }))).toEqual([]);
    expect(json<{ code: string }[]>(kehu(['search', '旧客户', '--json'], { db })).map((h) => h.code)).toEqual(['Ad-粤FS0001']);
    expect(json<RetentionJson>(kehu(['report', 'retention', '--json'], { db })).customers.map((c) => c.personal_data)).toEqual([true, false]);
  });

  it('with --due, scrubs every customer past retention and keeps their records', () => {
    const db = copy();
    const r = json<PurgeJson>(kehu(['purge', '--due', '--personal-data-only', '--reason', '个人信息到期清除', '--yes', '--json'], { db, env: MANAGER }));
    expect(r.customers.map((c) => [c.code, c.rows])).toEqual([
      ['Cd-浙HZ0001', { contacts: 1, audit_log: 1 }],
      ['Ad-粤FS0001', { contacts: 2, audit_log: 5 }],
    ]);
    expect(query(db, 'SELECT count(*) AS n FROM customers')).toEqual([{ n: 4 }]);
    expect(occurrences(db, '0571-88888888')).toEqual([]);
    expect(json<RetentionJson>(kehu(['report', 'retention', '--json'], { db })).customers.map((c) => c.personal_data)).toEqual([false, false]);
    expect(kehu(['check'], { db }).status).toBe(0);
  });

  it('is allowed for a customer with business, whose record is kept for ever', () => {
    const db = copy();
    const r = json<PurgeJson>(kehu(['purge', 'Ca-粤SZ0001', '--personal-data-only', '--reason', 'PIPL 删除请求', '--yes', '--json'], { db, env: MANAGER }));
    expect([r.customers[0]!.settled_on, r.customers[0]!.rows]).toEqual([null, { contacts: 1, audit_log: 1 }]);
    expect(occurrences(db, '13900139000')).toEqual([]);
    expect(occurrences(db, '0755-12345678')).toEqual([]);
    expect(query(db, "SELECT count(*) AS n FROM visits v JOIN customers c ON c.id = v.customer_id WHERE c.code = 'Ca-粤SZ0001'")).toEqual([{ n: 1 }]);
    expect(kehu(['check'], { db }).status).toBe(0);
  });
});

describe('kehu purge on a terminal', () => {
  // `script` gives the command a terminal; the answers are typed after the questions appear.
  const hasScript = fs.existsSync('/usr/bin/script');
  it.skipIf(!hasScript)('asks for the reason, shows what will go, and erases only once confirmed', () => {
    const db = copy();
    const env = { ...process.env, KEHU_DB: db, KEHU_USER: '陈总', KEHU_NOW: '2026-11-22T23:30:00Z', TZ: 'UTC', LANG: 'zh_CN.UTF-8' };
    const type = (answers: string): RunResult => {
      const r = spawnSync('/bin/sh', ['-c', `(${answers}) | script -qec "'${process.execPath}' '${BIN}' purge 浙HZ0001" /dev/null`], { env, encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
    };
    const sum = dumpChecksum(db);
    const no = type("sleep 4; printf '保管期满\\r'; sleep 4; printf 'n\\r'; sleep 3");
    expect(no.stdout).toContain('清除原因（--reason）');
    expect(no.stdout).toContain('customers 1');
    expect(no.stdout).toContain('已取消，未做任何改动。');
    expect(dumpChecksum(db)).toBe(sum);
    const yes = type("sleep 4; printf '保管期满\\r'; sleep 4; printf 'y\\r'; sleep 3");
    expect(yes.stdout).toContain('已清除 1 个客户的全部档案');
    expect(query(db, "SELECT operator, reason FROM audit_log WHERE action = 'purge'")).toEqual([{ operator: '陈总', reason: '保管期满' }]);
  }, 90_000);
});

describe('kehu purge refusals change nothing', () => {
  const cases: { what: string; args: string[]; env?: NodeJS.ProcessEnv; status: number; message: string }[] = [
    {
      what: 'a record with business',
      args: ['purge', 'Ca-粤SZ0001', '--reason', 'x', '--yes'],
      status: 1,
      message: 'Ca-粤SZ0001 仍有业务关系（状态 a），档案永久保留（§8.9',
    },
    {
      what: 'a record not yet past retention',
      args: ['purge', '粤DG0001', '--reason', 'x', '--yes'],
      status: 1,
      message: 'Cc-粤DG0001 于 2024-01-05 结清，保管3年（§8.9），2027-01-06 起方可清除',
    },
    { what: 'the same in English', args: ['purge', '粤DG0001', '--reason', 'x', '--yes', '--lang', 'en'], status: 1, message: 'Cc-粤DG0001 was settled on 2024-01-05 and is kept for 3 years (§8.9): it can be purged from 2027-01-06' },
    { what: 'not past retention on the --as-of day', args: ['purge', '粤FS0001', '--reason', 'x', '--yes', '--as-of', '2025-06-01'], status: 1, message: '2025-06-02 起方可清除' },
    { what: 'an unknown code', args: ['purge', '粤GZ0099', '--reason', 'x', '--yes'], status: 1, message: '粤GZ0099' },
    { what: 'no reason', args: ['purge', '粤FS0001', '--yes'], status: 2, message: '缺少 --reason' },
    { what: 'no --yes when not on a terminal', args: ['purge', '粤FS0001', '--reason', 'x'], status: 2, message: '加 --yes' },
    { what: 'neither a code nor --due', args: ['purge', '--reason', 'x', '--yes'], status: 2, message: 'CODE or --due' },
    { what: 'both a code and --due', args: ['purge', '粤FS0001', '--due', '--reason', 'x', '--yes'], status: 2, message: '--due' },
    { what: 'an --as-of after today', args: ['purge', '--due', '--reason', 'x', '--yes', '--as-of', '2030-01-01'], status: 2, message: '--as-of' },
    { what: 'an operator who is not a manager', args: ['purge', '粤FS0001', '--reason', 'x', '--yes', '--as', '王磊'], status: 1, message: '用户“王磊”无权清除数据（--as）：需要 销售经理、市场经理、总经理 之一' },
    { what: 'an unknown operator', args: ['purge', '粤FS0001', '--reason', 'x', '--yes', '--as', '路人'], status: 1, message: '未知用户“路人”' },
    { what: 'a dry run by a non-manager', args: ['purge', '--due', '--dry-run', '--as', '张敏'], status: 1, message: '无权清除数据' },
  ];
  it.each(cases)('$what', ({ args, env, status, message }) => {
    const db = copy();
    const sum = dumpChecksum(db);
    const r = kehu(args, { db, env: { ...MANAGER, ...env } });
    expect([r.status, r.stdout]).toEqual([status, '']);
    expect(r.stderr).toContain(message);
    expect(dumpChecksum(db)).toBe(sum);
  });

  it('a deactivated manager may not purge', () => {
    const db = copy();
    expect(kehu(['user', 'deactivate', '刘洋'], { db }).status).toBe(0);
    const sum = dumpChecksum(db);
    const r = kehu(['purge', '粤FS0001', '--reason', 'x', '--yes', '--as', '刘洋'], { db });
    expect([r.status, r.stderr]).toEqual([1, expect.stringContaining(`用户“刘洋”已于 ${E2E_TODAY} 停用，不能清除数据`) as string]);
    expect(dumpChecksum(db)).toBe(sum);
  });

  it('--help has a description and examples', () => {
    const h = kehu(['purge', '--help']);
    expect(h.stdout).toContain('--personal-data-only');
    expect(h.stdout).toContain('$ kehu purge --due --dry-run');
    expect(kehu(['report', 'retention', '--help']).stdout).toContain('$ kehu report retention');
  });
});
