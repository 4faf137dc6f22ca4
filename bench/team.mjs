// A team's file for the daily and weekly routines (issue 15): 100,000 customers owned by a sales team of
// 40 people, 1,000,000 visits by them over the last 14 months (next contact dates, stages, material
// requests), contacts with birthdays, monthly reviews and pending applications. Built on generate.mjs's
// customers and orders, seeded, so runs are comparable.
import { generate, BENCH_TODAY, seededRandom } from './generate.mjs';
import { openDb } from '../dist/store/db.js';
import { recomputeAll } from '../dist/store/timeline.js';

/** The team: [name, roles]; owners are the business managers and the 市场拓展 people. */
export function team(hasMarketDevelopment) {
  const users = [];
  for (let i = 1; i <= 20; i++) users.push([`商务${i}`, ['business-manager']]);
  for (let i = 1; i <= 5; i++) users.push([`拓展${i}`, [hasMarketDevelopment ? 'market-development' : 'business-manager']]);
  for (let i = 1; i <= 6; i++) users.push([`助理${i}`, ['assistant']]);
  for (let i = 1; i <= 4; i++) users.push([`技术${i}`, ['tech-support']]);
  for (let i = 1; i <= 3; i++) users.push([`销售经理${i}`, ['sales-manager']]);
  users.push(['市场经理1', ['market-manager']], ['市场经理2', ['market-manager']], ['总经理', ['general-manager']]);
  return users;
}

export function generateTeam(file, { customers = 100_000, visits = 1_000_000, orders = 500_000, seed = 7 } = {}) {
  const base = generate(file, { customers, orders, visits: 0, seed });
  const db = openDb(file);
  db.pragma('synchronous = OFF');
  const rnd = seededRandom(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const roleCheck = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'user_roles'").pluck().get();
  const users = team(roleCheck.includes('market-development'));
  const visitColumns = new Set(db.prepare('PRAGMA table_info(visits)').all().map((c) => c.name));
  const withMaterials = visitColumns.has('materials');
  const owners = users.filter(([, r]) => r[0] === 'business-manager' || r[0] === 'market-development').map(([n]) => n);
  const supporters = users.filter(([, r]) => r[0] === 'assistant' || r[0] === 'tech-support');
  const managers = users.filter(([, r]) => r[0] === 'sales-manager' || r[0] === 'market-manager');
  const day = (n) => new Date(Date.UTC(2026, 10, 23) - n * 86_400_000).toISOString().slice(0, 10);
  const methods = ['phone', 'phone', 'phone', 'onsite', 'onsite', 'email', 'wechat', 'video'];
  db.transaction(() => {
    const addUser = db.prepare("INSERT INTO users(name, created_at) VALUES (?, '2024-01-01T00:00:00.000Z')");
    const addRole = db.prepare('INSERT INTO user_roles(user, role) VALUES (?, ?)');
    for (const [name, roles] of users) {
      addUser.run(name);
      for (const r of roles) addRole.run(name, r);
    }
    const setOwner = db.prepare('UPDATE customers SET owner = ?, visit_count = ?, stage = ? WHERE id = ?');
    const insV = db.prepare(
      `INSERT INTO visits(customer_id, seq, visited_at, method, handler, handler_role, summary, next_step, next_date, stage, recorded_by, recorded_at${withMaterials ? ', materials' : ''})
       VALUES (?, ?, ?, ?, ?, ?, '电话沟通', ?, ?, ?, 'bench', '2026-11-01'${withMaterials ? ', ?' : ''})`,
    );
    const insK = db.prepare('INSERT INTO contacts(customer_id, name, is_decision_maker, birthday) VALUES (?, ?, ?, ?)');
    const insR = db.prepare("INSERT INTO reviews(customer_id, month, score, band, reviewer, recorded_at, date) VALUES (?, ?, ?, ?, 'bench', '2026-11-01', ?)");
    const perCustomer = visits / customers;
    let left = visits;
    for (let id = 1; id <= customers; id++) {
      const owner = owners[id % owners.length];
      // Visits spread over the last 14 months, a few more recent ones; the last one may set a next date.
      const n = id === customers ? left : Math.min(left, Math.floor(perCustomer * 2 * rnd() + 0.5));
      left -= n;
      const days = Array.from({ length: n }, () => Math.floor(Math.pow(rnd(), 1.5) * 420)).sort((x, y) => y - x);
      let stage = null;
      days.forEach((d, k) => {
        const r = rnd();
        const [handler, role] = r < 0.7 ? [owner, 'business-manager'] : r < 0.9 ? pick(supporters) : pick(managers);
        const last = k === n - 1;
        const nextDate = last && rnd() < 0.6 ? day(d - 3 - Math.floor(rnd() * 30)) : null;
        stage = rnd() < 0.3 ? 1 + Math.floor(rnd() * 5) : stage;
        const row = [id, k + 1, `${day(d)}T${String(9 + (k % 9)).padStart(2, '0')}:30`, pick(methods), handler, Array.isArray(role) ? role[0] : role, nextDate ? '再次跟进' : null, nextDate, stage];
        if (withMaterials) row.push(rnd() < 0.02 ? '产品目录' : null);
        insV.run(...row);
      });
      setOwner.run(owner, n, stage, id);
      if (rnd() < 0.5) insK.run(id, `联系人${id}`, rnd() < 0.6 ? 1 : 0, rnd() < 0.5 ? `19${60 + Math.floor(rnd() * 40)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}` : null);
      if (rnd() < 0.2) for (const m of ['2026-09', '2026-10']) insR.run(id, m, 50 + Math.floor(rnd() * 50), 'B', `${m}-28`);
    }
  })();
  // Visits set stages; the timelines (and visit counts) are derived again from every fact.
  db.transaction(() => recomputeAll(db, BENCH_TODAY))();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  const counts = db.prepare('SELECT (SELECT count(*) FROM customers) customers, (SELECT count(*) FROM visits) visits, (SELECT count(*) FROM orders) orders, (SELECT count(*) FROM contacts) contacts').get();
  db.close();
  return { ...base, ...counts };
}
