// End to end: `kehu show` as people read it (compact archive, 姓名, the last five visits and orders, salvage
// plans with how many in all and where to see them), and amounts and times formatted alike in every command.

import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { addCustomer } from '../../src/app/addCustomer.js';
import { logOrder } from '../../src/app/logOrder.js';
import { logVisit } from '../../src/app/logVisit.js';
import { addSalvagePlan } from '../../src/app/salvage.js';
import { addUser } from '../../src/app/users.js';
import { BIN, E2E_NOW, kehu, testContext } from '../helpers.js';

let db: string;

// Seeded through the use cases on a real file (as fast as one process), then read by the built CLI.
beforeAll(() => {
  const ctx = testContext('2026-11-22T18:37:52.652Z');
  db = ctx.file;
  addUser(ctx, '张敏', ['assistant']);
  addUser(ctx, '李强', ['business-manager']);
  addUser(ctx, '刘洋', ['sales-manager']);
  addCustomer(ctx, {
    name: '广州甲电子有限公司', province: '广东', city: '广州', grade: 'B', owner: '李强', date: '2026-01-05', phone: '020-12345678',
    contacts: [{ name: '王伟', title: '采购经理', mobile: '13800138000', decisionMaker: true }],
  });
  // Seven visits and seven orders: show lists the newest five of each.
  for (let i = 1; i <= 7; i++) {
    logVisit({ ...ctx, operator: '李强' }, { code: '粤GZ0001', method: i % 2 ? 'phone' : 'onsite', summary: `第${i}次联系`, date: `2026-10-0${i}T1${i}:30`, keyPoint: i === 7 ? '要求缩短交期' : undefined, windowHours: '0' });
    logOrder(ctx, { code: '粤GZ0001', amount: `${63644 + i}.67`, date: `2026-10-1${i}`, note: i === 7 ? '常规补货' : undefined });
  }
  addCustomer(ctx, { name: '深圳乙电气有限公司', province: '广东', city: '深圳', date: '2026-02-01' });
  addCustomer(ctx, { name: '佛山丙五金厂', province: '广东', city: '佛山', grade: 'C', date: '2025-01-02' });
  logOrder(ctx, { code: '粤FS0001', amount: '1234567.8', date: '2025-03-01' });
  addSalvagePlan({ ...ctx, operator: '刘洋' }, { code: '粤FS0001', plan: '总经理拜访，恢复供货', date: '2026-09-05' });
  ctx.db.close();
});

describe('show', () => {
  it('prints the archive as label and value, one line each, no rules, empty fields hidden', () => {
    const r = kehu(['show', '粤GZ0001'], { db });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('客户档案: Ba-粤GZ0001 广州甲电子有限公司');
    const archive = lines.slice(1, lines.indexOf(''));
    expect(archive[0]).toMatch(/^ {2}客户代码 +Ba-粤GZ0001$/);
    expect(archive).toContain('  电话          020-12345678');
    // No border or rule anywhere in the archive block, and no field without a value.
    expect(archive.every((l) => !/[─│┌├└]/.test(l) && /^ {2}\S+ +\S/.test(l))).toBe(true);
    expect(r.stdout).not.toContain('传真');
    // Tables below it have one rule, under their header, and none between rows.
    expect(r.stdout.split('\n').filter((l) => l.startsWith('├')).length).toBe(r.stdout.split('\n').filter((l) => l.startsWith('┌')).length);
    // Its values start in one column whatever the labels' width in Chinese.
    expect(new Set(archive.map((l) => stringWidth(l.replace(/^( {2}\S+ +).*$/, '$1')))).size).toBe(1);
  });

  it('--all shows the empty fields too', () => {
    const all = kehu(['show', '粤GZ0001', '--all'], { db }).stdout;
    expect(all).toMatch(/^ {2}传真$/m);
    expect(all).toMatch(/^ {2}网址$/m);
    const archive = (s: string): number => s.split('\n').indexOf('');
    expect(archive(all)).toBeGreaterThan(archive(kehu(['show', '粤GZ0001'], { db }).stdout) + 10);
  });

  it('heads the contacts name column 姓名 / Name', () => {
    expect(kehu(['show', '粤GZ0001'], { db }).stdout).toMatch(/│ # +│ 姓名 +│ 部门\/职位/);
    expect(kehu(['show', '粤GZ0001', '--lang', 'en'], { db }).stdout).toMatch(/│ # +│ Name +│ Dept\.\/title/);
  });

  it('lists the last five visits and orders, how many in all and where to see the rest', () => {
    const out = kehu(['show', '粤GZ0001'], { db }).stdout;
    expect(out).toContain('最近拜访（共 7 条）\n┌');
    expect(out).toContain('┘\n（kehu history Ba-粤GZ0001 --kind visit 查看全部）\n最近订货（共 7 笔，合计 ¥445,540.69）\n┌');
    expect(out).toContain('┘\n（kehu history Ba-粤GZ0001 --kind order 查看全部）\n代码沿革');
    const visits = [...out.matchAll(/│ #(\d) +│ (2026-10-0\d \d\d:\d\d) +│ 李强（商务经理） +│ (\S+)/g)].map((m) => [m[1], m[2], m[3]]);
    expect(visits).toEqual([
      ['7', '2026-10-07 17:30', '电话：第7次联系'],
      ['6', '2026-10-06 16:30', '上门：第6次联系'],
      ['5', '2026-10-05 15:30', '电话：第5次联系'],
      ['4', '2026-10-04 14:30', '上门：第4次联系'],
      ['3', '2026-10-03 13:30', '电话：第3次联系'],
    ]);
    expect(out).toMatch(/│ +│ +│ +│ 关键点：要求缩短交期 +│/);
    const orders = [...out.matchAll(/│ #\d+ +│ (2026-10-1\d) +│ (¥[\d,.]+) +│/g)].map((m) => [m[1], m[2]]);
    expect(orders).toEqual([
      ['2026-10-17', '¥63,651.67'],
      ['2026-10-16', '¥63,650.67'],
      ['2026-10-15', '¥63,649.67'],
      ['2026-10-14', '¥63,648.67'],
      ['2026-10-13', '¥63,647.67'],
    ]);
    const en = kehu(['show', '粤GZ0001', '--lang', 'en'], { db }).stdout;
    expect(en).toContain('Recent visits (7 visits)\n');
    expect(en).toContain('(see them all: kehu history Ba-粤GZ0001 --kind visit)\n');
    expect(en).toContain('Recent orders (7 orders, ¥445,540.69 in all)\n');
    expect(en).toContain('(see them all: kehu history Ba-粤GZ0001 --kind order)\n');
  });

  it('says in one line when there are no visits or orders; a lost customer shows its salvage plans', () => {
    const none = kehu(['show', '粤SZ0001'], { db }).stdout;
    expect(none).toMatch(/^最近拜访：无$/m);
    expect(none).toMatch(/^最近订货：无$/m);
    expect(none).not.toContain('挽救方案');
    const lost = kehu(['show', '粤FS0001'], { db }).stdout;
    expect(lost).toContain('最近订货（共 1 笔，合计 ¥1,234,567.80）');
    expect(lost).toContain('挽救方案（共 1 份）');
    expect(lost).not.toContain('查看全部');
    expect(lost).toMatch(/│ 2026-09-05 │ 刘洋 +│ 总经理拜访，恢复供货 │/);
    expect(kehu(['show', '粤FS0001', '--lang', 'en'], { db }).stdout).toContain('Salvage plans (1 plan)');
  });

  it('Markdown has the same sections', () => {
    const md = kehu(['show', '粤GZ0001', '--format', 'md'], { db }).stdout;
    expect(md).toContain('| 项目 | 内容 |');
    expect(md).toContain('### 最近拜访（共 7 条）');
    expect(md).toContain('\n（kehu history Ba-粤GZ0001 --kind visit 查看全部）\n');
    expect(md).toMatch(/^\| #\d+ \| 2026-10-17 \| ¥63,651\.67 \| 常规补货 \| 张敏 \|$/m);
    expect(md).toContain('| 姓名 |');
  });

  it('JSON keeps every key and gains recent_visits, recent_orders and totals with plain numbers', () => {
    const j = JSON.parse(kehu(['show', '粤GZ0001', '--json'], { db }).stdout) as Record<string, unknown>;
    for (const k of ['code', 'name', 'contacts', 'code_history', 'status_history', 'grade_history', 'salvage_plans', 'materials_to_send', 'recent_visits', 'recent_orders', 'totals']) expect(j, k).toHaveProperty(k);
    expect((j.recent_visits as { seq: number }[]).map((v) => v.seq)).toEqual([7, 6, 5, 4, 3]);
    expect(j.recent_visits).toContainEqual(expect.objectContaining({ seq: 7, visited_at: '2026-10-07T17:30', method: 'phone', handler: '李强', key_point: '要求缩短交期' }));
    expect((j.recent_orders as { date: string; amount: number }[])[0]).toMatchObject({ date: '2026-10-17', amount: 63651.67, note: '常规补货' });
    expect(j.totals).toEqual({ visits: 7, orders: 7, order_amount: 445540.69, salvage_plans: 0 });
    const lost = JSON.parse(kehu(['show', '粤FS0001', '--json'], { db }).stdout) as { salvage_plans: { plan: string; author: string }[] };
    expect(lost.salvage_plans).toMatchObject([{ plan: '总经理拜访，恢复供货', author: '刘洋', date: '2026-09-05' }]);
  });
});

describe('amounts for people: grouped with ¥; CSV and JSON plain', () => {
  it('history, its Markdown, and its CSV and JSON', () => {
    const table = kehu(['history', '粤GZ0001', '--kind', 'order', '--limit', '1'], { db }).stdout;
    expect(table).toMatch(/│ ¥63,651\.67 常规补货 +│/);
    expect(kehu(['history', '粤GZ0001', '--kind', 'order', '--format', 'md'], { db }).stdout).toContain('| ¥63,651.67 常规补货 |');
    const csv = kehu(['history', '粤GZ0001', '--kind', 'order', '--format', 'csv', '--limit', '1'], { db }).stdout.split('\r\n');
    expect(csv[1]).toMatch(/^2026-10-17,order,,张敏,,,,常规补货,,,,63651\.67,/);
    const json = JSON.parse(kehu(['history', '粤GZ0001', '--kind', 'order', '--json', '--limit', '1'], { db }).stdout) as { entries: { amount: number }[] };
    expect(json.entries[0]!.amount).toBe(63651.67);
  });

  it('log-order and void order say the amount grouped; the audit log shows it so too', () => {
    const copy = testContext().file;
    const seed = [
      ['user', 'add', '张敏', '--role', 'assistant'],
      ['add-customer', '东莞丁电子有限公司', '--province', '广东', '--city', '东莞', '--date', '2026-11-01'],
    ];
    for (const a of seed) expect(kehu(a, { db: copy }).status).toBe(0);
    const logged = kehu(['log-order', '粤DG0001', '--amount', '1058042.69', '--date', '2026-11-02'], { db: copy });
    expect(logged.stdout).toContain('已记录订货：Ca-粤DG0001 2026-11-02 ¥1,058,042.69');
    expect(kehu(['log-order', '粤DG0001', '--amount', '88', '--date', '2026-11-03', '--format', 'md', '--lang', 'en'], { db: copy }).stdout).toMatch(/\| \d+ \| Ca-粤DG0001 \| 2026-11-03 \| ¥88\.00 \|/);
    expect(kehu(['log-order', '粤DG0001', '--amount', '88', '--date', '2026-11-04', '--format', 'csv'], { db: copy }).stdout.split('\r\n')[1]).toMatch(/^\d+,Ca-粤DG0001,2026-11-04,88,$/);
    const id = (JSON.parse(kehu(['history', '粤DG0001', '--kind', 'order', '--json'], { db: copy }).stdout) as { entries: { order_id: number; amount: number }[] }).entries.find((e) => e.amount === 1058042.69)!.order_id;
    expect(kehu(['void', 'order', String(id), '--reason', '录错'], { db: copy }).stdout).toContain(`已作废订货 #${id}：Ca-粤DG0001 2026-11-02 ¥1,058,042.69。`);
    expect(kehu(['log', '粤DG0001'], { db: copy }).stdout).toContain('¥1,058,042.69');
  });
});

describe('times for people: the business zone, no T or Z', () => {
  it('user list shows when each user was added on the zone clock; JSON and CSV keep the instant', () => {
    // Added at 2026-11-22T18:37:52.652Z: 2026-11-23 02:37 in Shanghai, 2026-11-22 18:37 in UTC.
    const table = kehu(['user', 'list'], { db }).stdout;
    expect(table).toMatch(/│ 张敏 +│ 销售助理 +│ 2026-11-23 02:37 +│/);
    expect(table).not.toMatch(/\d{2}T\d{2}|Z /);
    expect(kehu(['user', 'list', '--format', 'md'], { db }).stdout).toContain('| 张敏 | 销售助理 | 2026-11-23 02:37 |');
    expect(kehu(['user', 'list'], { db, env: { KEHU_TZ: 'UTC' } }).stdout).toMatch(/│ 张敏 +│ 销售助理 +│ 2026-11-22 18:37 +│/);
    expect(kehu(['user', 'list'], { db, env: { KEHU_TZ: 'America/New_York' } }).stdout).toMatch(/│ 张敏 +│ 销售助理 +│ 2026-11-22 13:37 +│/);
    const json = JSON.parse(kehu(['user', 'list', '--json'], { db }).stdout) as { name: string; created_at: string }[];
    expect(json.find((u) => u.name === '张敏')!.created_at).toBe('2026-11-22T18:37:52.652Z');
    expect(kehu(['user', 'list', '--format', 'csv'], { db }).stdout).toContain('张敏,assistant,2026-11-22T18:37:52.652Z');
  });
});

describe('show on a terminal', () => {
  it('in an 80-column tmux pane: the archive is label and value on one line each, bold labels, no rules', () => {
    const session = `kehu-show-${process.pid}`;
    const env = `LANG=zh_CN.UTF-8 TZ=UTC KEHU_NOW=${E2E_NOW} KEHU_DB=${db} KEHU_USER=张敏 TERM=xterm`;
    const run = `env -i PATH="${process.env.PATH ?? ''}" HOME="${process.env.HOME ?? ''}" ${env} "${process.execPath}" "${BIN}" show 粤GZ0001; echo __END__; sleep 60`;
    const tmux = (...args: string[]): string => spawnSync('tmux', args, { encoding: 'utf8' }).stdout;
    spawnSync('tmux', ['new-session', '-d', '-s', session, '-x', '80', '-y', '120', run]);
    try {
      let screen = '';
      for (let i = 0; i < 200 && !screen.includes('__END__'); i++) {
        spawnSync('sleep', ['0.1']);
        screen = tmux('capture-pane', '-p', '-t', session);
      }
      const lines = screen.split('\n');
      expect(lines[0]).toBe('客户档案: Ba-粤GZ0001 广州甲电子有限公司');
      const archive = lines.slice(1, lines.indexOf(''));
      expect(archive.length).toBe(14);
      expect(archive).toContain('  负责人        李强');
      expect(archive.every((l) => !/[─│┌├└]/.test(l))).toBe(true);
      // Colour is on in a terminal: the labels are bold (the escape codes are not in the captured text).
      expect(tmux('capture-pane', '-p', '-e', '-t', session)).toContain('\u001b[1m客户代码');
      expect(lines).toContain('最近订货（共 7 笔，合计 ¥445,540.69）');
      expect(lines).toContain('（kehu history Ba-粤GZ0001 --kind order 查看全部）');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  });
});

describe('kehu log in words people read', () => {
  it('names a visit’s fields and a contact’s name in the language asked, with times as people read them', () => {
    const zh = kehu(['log', '粤GZ0001', '--format', 'md', '--limit', '0'], { db, env: { KEHU_NOW: E2E_NOW } });
    expect(zh.status).toBe(0);
    expect(zh.stdout).toMatch(/时间 2026-10-07 17:30，方式 电话，经办人 李强，内容 第7次联系/);
    expect(zh.stdout).toContain('姓名 王伟');
    expect(zh.stdout).not.toMatch(/visited_at|handler |method |单位名称 王伟/);
    const en = kehu(['log', '粤GZ0001', '--format', 'md', '--limit', '0', '--lang', 'en'], { db, env: { KEHU_NOW: E2E_NOW } });
    expect(en.stdout).toMatch(/at 2026-10-07 17:30, by phone, handled by 李强, summary 第7次联系/);
    expect(en.stdout).toContain('name 王伟');
  });
});
