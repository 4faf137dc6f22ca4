// Ordered schema migrations; PRAGMA user_version records how many have run.

import type Database from 'better-sqlite3';
import { type Db, sqliteOf } from './engine.js';
import { zonedDate } from '../core/dates.js';
import { namePinyin } from '../core/pinyin.js';

/**
 * A migration is SQL, or a function for steps SQL alone cannot say (rebuilding tables from their own
 * definitions); a function may report each phase it finishes to `phase` (bench/migrate.mjs times them).
 */
export type Migration = string | ((db: Database.Database, phase: (name: string) => void) => void);

/**
 * Each entry migrates from version i to i+1. Never edit a released entry: append a new one.
 * The schema is designed for the whole of SPEC 2 so later capabilities add rows, not tables.
 */
/** The visit methods a phone duty accepts (a phone or video call, or an onsite visit): core/visits.ts methodCounts in SQL. */
export const PHONE_LIKE_METHODS = ['phone', 'video', 'onsite'] as const;
const PHONE_LIKE_SQL = `(${PHONE_LIKE_METHODS.map((m) => `'${m}'`).join(', ')})`;

/** A customer's latest visit and latest contacts by role, from its visits (`where` picks the visits: a customer's, or all). */
export function latestVisitSql(where: string): string {
  return `SELECT customer_id, visited_at, seq, next_date FROM (
      SELECT customer_id, visited_at, seq, next_date, row_number() OVER (PARTITION BY customer_id ORDER BY visited_at DESC, seq DESC) AS n FROM visits WHERE ${where}) AS latest
    WHERE n = 1`;
}
export function latestContactsSql(where: string): string {
  return `SELECT customer_id, coalesce(handler_role, '') AS role, max(CASE WHEN method = 'onsite' THEN visited_at END) AS last_onsite,
      max(CASE WHEN method IN ${PHONE_LIKE_SQL} THEN visited_at END) AS last_phone, max(visited_at) AS last_any
    FROM visits WHERE ${where} GROUP BY customer_id, handler_role`;
}

/** The development stages (1–5, the visits' CHECK), as rows `value` (written alike for SQLite and PostgreSQL). */
const STAGES = '(SELECT 1 AS value UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5)';
/** For each customer and stage, the first visit that put it at that stage or later (the quotas' intent customers). */
export function stageFirstSql(where: string): string {
  return `SELECT customer_id, stage, visited_at, seq, handler FROM (
      SELECT v.customer_id, s.value AS stage, v.visited_at, v.seq, v.handler,
             row_number() OVER (PARTITION BY v.customer_id, s.value ORDER BY v.visited_at, v.seq) AS n
      FROM visits v JOIN ${STAGES} s ON v.stage >= s.value WHERE ${where}) AS firsts
    WHERE n = 1`;
}

/** Recomputes the latest rows of the customer of the OLD or NEW row (a trigger's body). */
function latestOf(row: 'OLD' | 'NEW'): string {
  return `DELETE FROM visit_latest WHERE customer_id = ${row}.customer_id;
    INSERT INTO visit_latest(customer_id, visited_at, seq, next_date) ${latestVisitSql(`customer_id = ${row}.customer_id`)};
    DELETE FROM contact_latest WHERE customer_id = ${row}.customer_id AND role = coalesce(${row}.handler_role, '');
    INSERT INTO contact_latest(customer_id, role, last_onsite, last_phone, last_any)
      ${latestContactsSql(`customer_id = ${row}.customer_id AND handler_role IS ${row}.handler_role`)};
    DELETE FROM stage_first WHERE customer_id = ${row}.customer_id;
    INSERT INTO stage_first(customer_id, stage, visited_at, seq, handler) ${stageFirstSql(`v.customer_id = ${row}.customer_id`)};`;
}

const LATEST_OF_ALL = `INSERT INTO visit_latest(customer_id, visited_at, seq, next_date) ${latestVisitSql('1')};
  INSERT INTO contact_latest(customer_id, role, last_onsite, last_phone, last_any) ${latestContactsSql('1')};
  INSERT INTO stage_first(customer_id, stage, visited_at, seq, handler) ${stageFirstSql('1')};`;

export const MIGRATIONS: readonly Migration[] = [
  `
  -- Facts about the file itself, e.g. that kehu demo built it.
  CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  ) STRICT;

  CREATE TABLE users (
    name        TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL
  ) STRICT;

  CREATE TABLE user_roles (
    user  TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    role  TEXT NOT NULL CHECK (role IN ('assistant','business-manager','tech-support','sales-manager','market-manager','general-manager')),
    PRIMARY KEY (user, role)
  ) STRICT;

  -- One row per region part (粤GZ); last_serial only grows, so serials are never reused.
  CREATE TABLE region_counters (
    region       TEXT PRIMARY KEY,
    last_serial  INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE customers (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    region              TEXT NOT NULL,
    serial              INTEGER NOT NULL,
    grade               TEXT NOT NULL CHECK (grade IN ('A','B','C','X')),
    status              TEXT NOT NULL CHECK (status IN ('a','b','c','d')),
    name                TEXT NOT NULL,
    name_key            TEXT NOT NULL UNIQUE,
    country             TEXT NOT NULL DEFAULT 'CN',
    province            TEXT,
    city                TEXT,
    city_code           TEXT,
    district            TEXT,
    foreign_region      TEXT,
    address             TEXT,
    postcode            TEXT,
    phone               TEXT,
    fax                 TEXT,
    website             TEXT,
    email               TEXT,
    legal_rep           TEXT,
    registered_capital  TEXT,
    industry            TEXT,
    nature              TEXT,
    type                TEXT CHECK (type IN ('dealer','direct','oem')),
    credit_rating       TEXT,
    supplier_structure  TEXT,
    source              TEXT CHECK (source IN ('phone','visit','inbound','exhibition','other')),
    main_products       TEXT,
    years_in_business   INTEGER,
    owner               TEXT REFERENCES users(name),
    stage               INTEGER CHECK (stage BETWEEN 1 AND 5),
    notes               TEXT,
    -- Derived from the status history and orders, kept on the row so reports need no scan.
    cooperating_since   TEXT,
    last_order_date     TEXT,
    lost_date           TEXT,
    visit_count         INTEGER NOT NULL DEFAULT 0,
    created_on          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (region, serial)
  ) STRICT;
  CREATE INDEX customers_grade_status ON customers(grade, status);
  CREATE INDEX customers_province_city ON customers(province, city);
  CREATE INDEX customers_owner ON customers(owner);
  CREATE INDEX customers_status ON customers(status, last_order_date);
  CREATE INDEX customers_lost ON customers(lost_date) WHERE status = 'c';

  -- Every code a customer has had, the current one included, so former codes still resolve.
  CREATE TABLE code_history (
    code         TEXT PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT
  ) STRICT;
  CREATE INDEX code_history_customer ON code_history(customer_id);

  CREATE TABLE contacts (
    id                 INTEGER PRIMARY KEY,
    customer_id        INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    name               TEXT NOT NULL,
    title              TEXT,
    mobile             TEXT,
    phone              TEXT,
    email              TEXT,
    is_decision_maker  INTEGER NOT NULL DEFAULT 0,
    birthday           TEXT,
    notes              TEXT
  ) STRICT;
  CREATE INDEX contacts_customer ON contacts(customer_id);

  CREATE TABLE status_history (
    id               INTEGER PRIMARY KEY,
    customer_id      INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    from_status      TEXT CHECK (from_status IN ('a','b','c','d')),
    to_status        TEXT NOT NULL CHECK (to_status IN ('a','b','c','d')),
    date             TEXT NOT NULL,
    operator         TEXT NOT NULL,
    reason_category  TEXT,
    reason           TEXT,
    recorded_at      TEXT NOT NULL
  ) STRICT;
  CREATE INDEX status_history_customer ON status_history(customer_id, date);
  CREATE INDEX status_history_date ON status_history(date);

  CREATE TABLE grade_history (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    from_grade      TEXT CHECK (from_grade IN ('A','B','C','X')),
    to_grade        TEXT NOT NULL CHECK (to_grade IN ('A','B','C','X')),
    date            TEXT NOT NULL,
    operator        TEXT NOT NULL,
    application_id  INTEGER REFERENCES applications(id),
    reason          TEXT,
    recorded_at     TEXT NOT NULL
  ) STRICT;
  CREATE INDEX grade_history_customer ON grade_history(customer_id, date);

  CREATE TABLE visits (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    visited_at      TEXT NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('phone','onsite','email','fax','letter','wechat','video','other')),
    handler         TEXT NOT NULL,
    handler_role    TEXT,
    contact         TEXT,
    summary         TEXT NOT NULL,
    key_point       TEXT,
    next_step       TEXT,
    next_date       TEXT,
    stage           INTEGER CHECK (stage BETWEEN 1 AND 5),
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    UNIQUE (customer_id, seq)
  ) STRICT;
  CREATE INDEX visits_customer_time ON visits(customer_id, visited_at);
  CREATE INDEX visits_contacts ON visits(customer_id, handler_role, method, visited_at);

  CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
    note         TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
  ) STRICT;
  CREATE INDEX orders_customer_date ON orders(customer_id, date);
  CREATE INDEX orders_date ON orders(date, amount_fen);

  CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    month        TEXT NOT NULL,
    score        REAL NOT NULL CHECK (score BETWEEN 0 AND 100),
    band         TEXT NOT NULL CHECK (band IN ('A','B','C')),
    factors      TEXT,
    model        TEXT,
    reviewer     TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    UNIQUE (customer_id, month)
  ) STRICT;

  CREATE TABLE applications (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('upgrade','downgrade','designate')),
    from_grade      TEXT NOT NULL,
    to_grade        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
    required_roles  TEXT NOT NULL,
    review_id       INTEGER REFERENCES reviews(id),
    applicant       TEXT NOT NULL,
    applied_on      TEXT NOT NULL,
    decided_on      TEXT
  ) STRICT;
  CREATE UNIQUE INDEX applications_one_pending ON applications(customer_id) WHERE status = 'pending';

  CREATE TABLE approvals (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    approver        TEXT NOT NULL REFERENCES users(name),
    role            TEXT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('approve','reject')),
    note            TEXT,
    date            TEXT NOT NULL,
    UNIQUE (application_id, approver),
    UNIQUE (application_id, role)
  ) STRICT;

  CREATE TABLE salvage_plans (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    plan         TEXT NOT NULL,
    author       TEXT NOT NULL,
    date         TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
  ) STRICT;
  `,

  // 2. Speed for bulk writes and the monthly report, same data and same rules:
  // - a CHECK (x IN (...)) makes SQLite build a temporary table on every insert (about 3 µs each,
  //   9 µs per customer row); the same checks written as x = … OR x = … cost nothing measurable;
  // - covering indexes for the per-customer revenue windows, the monthly status transitions and
  //   the latest losses in code order;
  // - order_months keeps each month's order total, so a 12-month revenue window reads 12 rows.
  (db) => {
    for (const table of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '% IN (%' ORDER BY name").pluck().all() as string[]) {
      rebuildTable(db, table, (sql) => sql.replace(/CHECK \((\w+) IN \(([^)]*)\)\)/g, (_m, col: string, list: string) => `CHECK (${list.split(',').map((v) => `${col} = ${v.trim()}`).join(' OR ')})`));
    }
    db.exec(`
      DROP INDEX orders_customer_date;
      CREATE INDEX orders_customer_date ON orders(customer_id, date, amount_fen);
      DROP INDEX status_history_date;
      CREATE INDEX status_history_date ON status_history(date, customer_id, from_status, to_status);
      DROP INDEX customers_lost;
      CREATE INDEX customers_lost ON customers(lost_date, region, serial) WHERE status = 'c';
      DROP INDEX customers_status;
      CREATE INDEX customers_status ON customers(status, last_order_date, cooperating_since);
      CREATE INDEX salvage_plans_customer ON salvage_plans(customer_id, date);

      -- Order totals per calendar month (YYYY-MM), kept by triggers so every way of writing orders counts.
      CREATE TABLE order_months (
        month       TEXT PRIMARY KEY,
        amount_fen  INTEGER NOT NULL,
        orders      INTEGER NOT NULL
      ) STRICT;
      INSERT INTO order_months(month, amount_fen, orders) SELECT substr(date, 1, 7), sum(amount_fen), count(*) FROM orders GROUP BY 1;
      CREATE TRIGGER orders_month_insert AFTER INSERT ON orders BEGIN
        INSERT INTO order_months(month, amount_fen, orders) VALUES (substr(NEW.date, 1, 7), NEW.amount_fen, 1)
          ON CONFLICT(month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, orders = orders + 1;
      END;
      CREATE TRIGGER orders_month_delete AFTER DELETE ON orders BEGIN
        UPDATE order_months SET amount_fen = amount_fen - OLD.amount_fen, orders = orders - 1 WHERE month = substr(OLD.date, 1, 7);
      END;
      CREATE TRIGGER orders_month_update AFTER UPDATE OF date, amount_fen ON orders BEGIN
        UPDATE order_months SET amount_fen = amount_fen - OLD.amount_fen, orders = orders - 1 WHERE month = substr(OLD.date, 1, 7);
        INSERT INTO order_months(month, amount_fen, orders) VALUES (substr(NEW.date, 1, 7), NEW.amount_fen, 1)
          ON CONFLICT(month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, orders = orders + 1;
      END;
    `);
  },

  // 3. The lost customers' order revenue by the month they were lost and the month of the order, kept
  // by triggers. The churn report's base revenue is the window's total less that of the customers
  // outside the base, most of them lost; summed here it is a dozen rows instead of one index seek per
  // lost customer (48,000 on the 1,000,000-customer benchmark file). A customer counts under its
  // lost_date's month ('' when it has none) for as long as its status is c.
  `
  CREATE TABLE lost_order_months (
    lost_month   TEXT NOT NULL,
    order_month  TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL,
    PRIMARY KEY (lost_month, order_month)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO lost_order_months(lost_month, order_month, amount_fen)
    SELECT coalesce(substr(c.lost_date, 1, 7), ''), substr(o.date, 1, 7), sum(o.amount_fen)
    FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.status = 'c' GROUP BY 1, 2;

  CREATE TRIGGER orders_lost_insert AFTER INSERT ON orders BEGIN
    INSERT INTO lost_order_months(lost_month, order_month, amount_fen)
      SELECT coalesce(substr(lost_date, 1, 7), ''), substr(NEW.date, 1, 7), NEW.amount_fen FROM customers WHERE id = NEW.customer_id AND status = 'c'
      ON CONFLICT DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen;
  END;
  CREATE TRIGGER orders_lost_delete AFTER DELETE ON orders BEGIN
    UPDATE lost_order_months SET amount_fen = amount_fen - OLD.amount_fen
      WHERE order_month = substr(OLD.date, 1, 7)
        AND lost_month = (SELECT coalesce(substr(lost_date, 1, 7), '') FROM customers WHERE id = OLD.customer_id AND status = 'c');
  END;
  CREATE TRIGGER orders_lost_update AFTER UPDATE OF customer_id, date, amount_fen ON orders BEGIN
    UPDATE lost_order_months SET amount_fen = amount_fen - OLD.amount_fen
      WHERE order_month = substr(OLD.date, 1, 7)
        AND lost_month = (SELECT coalesce(substr(lost_date, 1, 7), '') FROM customers WHERE id = OLD.customer_id AND status = 'c');
    INSERT INTO lost_order_months(lost_month, order_month, amount_fen)
      SELECT coalesce(substr(lost_date, 1, 7), ''), substr(NEW.date, 1, 7), NEW.amount_fen FROM customers WHERE id = NEW.customer_id AND status = 'c'
      ON CONFLICT DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen;
  END;
  -- A customer leaving status c, or moving to another lost month, takes its orders with it.
  CREATE TRIGGER customers_lost_leave AFTER UPDATE OF status, lost_date ON customers
    WHEN OLD.status = 'c' AND (NEW.status <> 'c' OR NEW.lost_date IS NOT OLD.lost_date) BEGIN
    INSERT INTO lost_order_months(lost_month, order_month, amount_fen)
      SELECT coalesce(substr(OLD.lost_date, 1, 7), ''), substr(date, 1, 7), -sum(amount_fen) FROM orders WHERE customer_id = OLD.id GROUP BY 2
      ON CONFLICT DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen;
  END;
  CREATE TRIGGER customers_lost_enter AFTER UPDATE OF status, lost_date ON customers
    WHEN NEW.status = 'c' AND (OLD.status <> 'c' OR NEW.lost_date IS NOT OLD.lost_date) BEGIN
    INSERT INTO lost_order_months(lost_month, order_month, amount_fen)
      SELECT coalesce(substr(NEW.lost_date, 1, 7), ''), substr(date, 1, 7), sum(amount_fen) FROM orders WHERE customer_id = NEW.id GROUP BY 2
      ON CONFLICT DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen;
  END;
  -- Deleting a lost customer deletes its orders first, while the row still says where they were counted.
  CREATE TRIGGER customers_lost_delete BEFORE DELETE ON customers WHEN OLD.status = 'c' BEGIN
    DELETE FROM orders WHERE customer_id = OLD.id;
  END;
  `,

  // 4. Facts are stored, everything else is derived (SPEC 2.2). Status decisions become facts of their
  // own (set-status, and the status a customer was entered with); the status, grade and code history
  // start empty, to be derived from the facts once the schema is current (TIMELINE_RULES_VERSION).
  // Reviews and grade decisions are dated; a later review may supersede a pending application.
  (db, phase) => migrateToTimelines(db, phase),

  // 5. Correcting the record (edit, contacts, void, reassign, audit log). Mistakes are voided, never
  // deleted: a voided visit or order moves to its own table with who voided it, when and why, so every
  // query of visits and orders (and the order totals' triggers) sees only what stands. A corrected place
  // is a dated fact (region_moves): the customer gets a code in the right region from that day and the
  // old codes keep resolving. The audit log holds every change with its operator and old and new values.
  `
  ALTER TABLE contacts ADD COLUMN wechat TEXT;
  -- 内线 (seed 000): a person inside the customer who tells us what happens there, and how far we are
  -- with them: 1 认识, 2 约会, 3 认同, 4 信赖, 5 同盟.
  ALTER TABLE contacts ADD COLUMN is_insider INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE contacts ADD COLUMN insider_stage INTEGER CHECK (insider_stage BETWEEN 1 AND 5);
  -- The key decision maker's profile (seed 001): personal data like mobile and birthday.
  ALTER TABLE contacts ADD COLUMN native_place TEXT;
  ALTER TABLE contacts ADD COLUMN age INTEGER;
  ALTER TABLE contacts ADD COLUMN interests TEXT;
  ALTER TABLE contacts ADD COLUMN years_at_company INTEGER;
  ALTER TABLE contacts ADD COLUMN authority TEXT;
  ALTER TABLE contacts ADD COLUMN personality TEXT;
  ALTER TABLE contacts ADD COLUMN working_style TEXT;
  ALTER TABLE contacts ADD COLUMN family TEXT;

  -- A deactivated user keeps their history but is refused as a new owner, handler or approver.
  ALTER TABLE users ADD COLUMN deactivated_on TEXT;

  CREATE TABLE voided_visits (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    visited_at      TEXT NOT NULL,
    method          TEXT NOT NULL,
    handler         TEXT NOT NULL,
    handler_role    TEXT,
    contact         TEXT,
    summary         TEXT NOT NULL,
    key_point       TEXT,
    next_step       TEXT,
    next_date       TEXT,
    stage           INTEGER,
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    voided_on       TEXT NOT NULL,
    voided_by       TEXT NOT NULL,
    void_reason     TEXT NOT NULL,
    voided_at       TEXT NOT NULL,
    UNIQUE (customer_id, seq)
  ) STRICT;

  CREATE TABLE voided_orders (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL,
    note         TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    voided_on    TEXT NOT NULL,
    voided_by    TEXT NOT NULL,
    void_reason  TEXT NOT NULL,
    voided_at    TEXT NOT NULL
  ) STRICT;
  CREATE INDEX voided_orders_customer ON voided_orders(customer_id, date);

  -- A wrongly entered place corrected: from \`date\` the customer is in region/serial (a new serial of the
  -- right region), having been in from_region/from_serial.
  CREATE TABLE region_moves (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    from_region  TEXT NOT NULL,
    from_serial  INTEGER NOT NULL,
    region       TEXT NOT NULL,
    serial       INTEGER NOT NULL,
    operator     TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
  ) STRICT;
  CREATE INDEX region_moves_customer ON region_moves(customer_id, date);
  CREATE INDEX region_moves_from ON region_moves(from_region, from_serial);

  -- Who changed what, when, from what to what; written in the same transaction as the change.
  CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    recorded_at  TEXT NOT NULL,
    date         TEXT NOT NULL,
    operator     TEXT NOT NULL,
    customer_id  INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    entity       TEXT NOT NULL CHECK (entity = 'customer' OR entity = 'contact' OR entity = 'visit' OR entity = 'order' OR entity = 'user'),
    entity_key   TEXT,
    action       TEXT NOT NULL,
    field        TEXT,
    old_value    TEXT,
    new_value    TEXT,
    reason       TEXT
  ) STRICT;
  -- One index: a customer's entries (kehu log CODE, history). --by and --since read the log in order,
  -- which costs a scan where each index would cost every write (a bulk import writes an entry per row).
  CREATE INDEX audit_log_customer ON audit_log(customer_id, id);
  `,

  // 6. Search (kehu search, SPEC 2.8): the pinyin of each name on the customer row (written by the write
  // path, which alone can compute it), and two full-text indexes over names, codes, pinyin, phones,
  // e-mails, addresses and contacts, kept by triggers so that every way of writing those rows keeps them.
  (db, phase) => addSearchIndex(db, phase),

  // 7. The daily and weekly routines (issue 15). The quotas (kehu report activity, seed 002 §3.2, §6.2; seed 004): the role 市场拓展
  // (market-development) that the seeds name beside 商务经理, added to user_roles' list of roles; and the
  // indexes the quota counts read by: a period's visits in time order with who handled them, the method, the
  // customer and the stage (covering); each customer's visits that gave a development stage (a fifth of
  // visits or so), so that "no earlier visit reached the intent stage" is one look-up; customers by the
  // day they were entered; and orders by date with their customer, so a quarter's orders are read from the
  // index alone (it replaces orders(date, amount_fen), which it covers). The follow-up list (客户跟进单) reads a
  // week's visits with their customers from visits_time alone too.
  (db) => {
    rebuildTable(db, 'user_roles', (sql) => {
      const changed = sql.replace("role = 'general-manager'", "role = 'general-manager' OR role = 'market-development'");
      if (changed === sql) throw new Error('user_roles: the role list to extend was not found');
      return changed;
    });
    db.exec(`
      CREATE INDEX visits_time ON visits(visited_at, handler, customer_id, method, stage);
      CREATE INDEX visits_stage ON visits(customer_id, stage, visited_at, seq) WHERE stage IS NOT NULL;
      CREATE INDEX customers_created ON customers(created_on);
      DROP INDEX orders_date;
      CREATE INDEX orders_date ON orders(date, customer_id, amount_fen);
    `);
  },

  // 8. The morning agenda (kehu today, issue 15): materials a customer asked for on a visit (seed 002 §5:
  // 助理在24小时内安排寄出) and their dispatch, on visits and on the voided ones that mirror them; a partial
  // index of the requests still to send; the visits' indexes widened so that the owner's own visits
  // (§7.1.2 自己所管理的) and a customer's latest visit with its next contact date are read from the index alone.
  `
  ALTER TABLE visits ADD COLUMN materials TEXT;
  ALTER TABLE visits ADD COLUMN materials_sent_at TEXT;
  ALTER TABLE visits ADD COLUMN materials_sent_by TEXT;
  ALTER TABLE visits ADD COLUMN materials_method TEXT;
  ALTER TABLE visits ADD COLUMN materials_note TEXT;
  ALTER TABLE voided_visits ADD COLUMN materials TEXT;
  ALTER TABLE voided_visits ADD COLUMN materials_sent_at TEXT;
  ALTER TABLE voided_visits ADD COLUMN materials_sent_by TEXT;
  ALTER TABLE voided_visits ADD COLUMN materials_method TEXT;
  ALTER TABLE voided_visits ADD COLUMN materials_note TEXT;
  CREATE INDEX visits_materials_pending ON visits(customer_id) WHERE materials IS NOT NULL AND materials_sent_at IS NULL;
  DROP INDEX visits_customer_time;
  CREATE INDEX visits_customer_time ON visits(customer_id, visited_at, seq, next_date);
  DROP INDEX visits_contacts;
  CREATE INDEX visits_contacts ON visits(customer_id, handler_role, method, visited_at, handler);
  `,

  // 9. The agenda's and the quotas' speed (issue 15): each customer's latest visit (with its next contact date),
  // its latest contacts by each handler role, and the first visit that put it at each development stage,
  // derived from the visits and kept by triggers in the writing transaction, so that the duties, escalations
  // and intent customers read one row per customer (and role or stage) instead of every visit. The requests
  // still to send are indexed by time, so the agenda counts them and lists the oldest from the index. `kehu check` compares them with a recomputation (store/maintenance.ts, from the same statements).
  `
  CREATE TABLE visit_latest (
    customer_id INTEGER PRIMARY KEY,
    visited_at  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    next_date   TEXT
  ) STRICT;
  CREATE INDEX visit_latest_next ON visit_latest(next_date) WHERE next_date IS NOT NULL;
  CREATE TABLE contact_latest (
    customer_id INTEGER NOT NULL,
    role        TEXT NOT NULL,
    last_onsite TEXT,
    last_phone  TEXT,
    last_any    TEXT NOT NULL,
    PRIMARY KEY (customer_id, role)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE stage_first (
    customer_id INTEGER NOT NULL,
    stage       INTEGER NOT NULL,
    visited_at  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    handler     TEXT NOT NULL,
    PRIMARY KEY (customer_id, stage)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX stage_first_time ON stage_first(stage, visited_at);
  DROP INDEX visits_materials_pending;
  CREATE INDEX visits_materials_pending ON visits(visited_at, customer_id) WHERE materials IS NOT NULL AND materials_sent_at IS NULL;
  ${LATEST_OF_ALL}
  CREATE TRIGGER visits_latest_insert AFTER INSERT ON visits BEGIN
    INSERT INTO stage_first(customer_id, stage, visited_at, seq, handler)
      SELECT NEW.customer_id, s.value, NEW.visited_at, NEW.seq, NEW.handler FROM ${STAGES} s WHERE s.value <= NEW.stage
      ON CONFLICT(customer_id, stage) DO UPDATE SET visited_at = excluded.visited_at, seq = excluded.seq, handler = excluded.handler
      WHERE excluded.visited_at < stage_first.visited_at OR (excluded.visited_at = stage_first.visited_at AND excluded.seq < stage_first.seq);
    INSERT INTO visit_latest(customer_id, visited_at, seq, next_date) VALUES (NEW.customer_id, NEW.visited_at, NEW.seq, NEW.next_date)
      ON CONFLICT(customer_id) DO UPDATE SET visited_at = excluded.visited_at, seq = excluded.seq, next_date = excluded.next_date
      WHERE excluded.visited_at > visit_latest.visited_at OR (excluded.visited_at = visit_latest.visited_at AND excluded.seq > visit_latest.seq);
    INSERT INTO contact_latest(customer_id, role, last_onsite, last_phone, last_any)
      VALUES (NEW.customer_id, coalesce(NEW.handler_role, ''), CASE WHEN NEW.method = 'onsite' THEN NEW.visited_at END,
              CASE WHEN NEW.method IN ${PHONE_LIKE_SQL} THEN NEW.visited_at END, NEW.visited_at)
      ON CONFLICT(customer_id, role) DO UPDATE SET
        last_onsite = CASE WHEN excluded.last_onsite > coalesce(contact_latest.last_onsite, '') THEN excluded.last_onsite ELSE contact_latest.last_onsite END,
        last_phone = CASE WHEN excluded.last_phone > coalesce(contact_latest.last_phone, '') THEN excluded.last_phone ELSE contact_latest.last_phone END,
        last_any = CASE WHEN excluded.last_any > contact_latest.last_any THEN excluded.last_any ELSE contact_latest.last_any END;
  END;
  CREATE TRIGGER visits_latest_delete AFTER DELETE ON visits BEGIN
    ${latestOf('OLD')}
  END;
  CREATE TRIGGER visits_latest_update AFTER UPDATE OF customer_id, seq, visited_at, method, handler, handler_role, next_date, stage ON visits BEGIN
    ${latestOf('OLD')}
    ${latestOf('NEW')}
  END;
  `,
  // 10. Visibility (issue 17, seed 002 §8.8): a customer granted to a user beyond those they own or entered
  // (kehu grant CODE USER), and a region a manager answers for (kehu grant --region REGION USER). Facts with
  // who gave them and when; kehu revoke takes one back, and the audit log keeps both. A file has no
  // identities, so here they only travel with the archive; a PostgreSQL server enforces them (pgSchema.ts).
  `
  CREATE TABLE access_grants (
    id          INTEGER PRIMARY KEY,
    grantee     TEXT NOT NULL REFERENCES users(name),
    customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    region      TEXT,
    granted_by  TEXT NOT NULL,
    date        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CHECK ((customer_id IS NULL) <> (region IS NULL))
  ) STRICT;
  CREATE UNIQUE INDEX access_grants_customer ON access_grants(customer_id, grantee) WHERE customer_id IS NOT NULL;
  CREATE UNIQUE INDEX access_grants_region ON access_grants(grantee, region) WHERE region IS NOT NULL;
  `,
];

const ORDER_REASONS = new Set(['首次订货 / first order', '重新订货，挽回 / won back by a new order']);

function migrateToTimelines(db: Database.Database, lap: (phase: string) => void): void {
  db.exec(`
    CREATE TABLE status_decisions (
      id               INTEGER PRIMARY KEY,
      customer_id      INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      date             TEXT NOT NULL,
      to_status        TEXT NOT NULL CHECK (to_status = 'a' OR to_status = 'b' OR to_status = 'c' OR to_status = 'd'),
      kind             TEXT NOT NULL CHECK (kind = 'manual' OR kind = 'opening'),
      reason_category  TEXT,
      reason           TEXT,
      operator         TEXT NOT NULL,
      recorded_at      TEXT NOT NULL
    ) STRICT;
    ALTER TABLE customers ADD COLUMN opening_grade TEXT;
    ALTER TABLE customers ADD COLUMN opening_confirmed_by TEXT;
    -- Derived: the order before the last, so a past month's at-risk list needs no seek per customer.
    ALTER TABLE customers ADD COLUMN previous_order_date TEXT;
    DROP INDEX customers_status;
    ALTER TABLE reviews ADD COLUMN date TEXT;
    ALTER TABLE reviews ADD COLUMN applied_grade TEXT;
  `);
  rebuildTable(db, 'applications', (sql) => sql.replace("status = 'rejected'", "status = 'rejected' OR status = 'superseded'"));

  lap('columns');

  // Reviews: dated the day they were entered (never before their month); the immediate C reclassifications.
  const setReviewDate = db.prepare('UPDATE reviews SET date = ? WHERE id = ?');
  for (const r of db.prepare('SELECT id, month, recorded_at FROM reviews').all() as { id: number; month: string; recorded_at: string }[]) {
    const entered = zonedDate(new Date(r.recorded_at));
    setReviewDate.run(entered < `${r.month}-01` ? `${r.month}-01` : entered, r.id);
  }
  const reclassified = db.prepare("SELECT customer_id, to_grade, reason FROM grade_history WHERE application_id IS NULL AND from_grade IS NOT NULL").all() as { customer_id: number; to_grade: string; reason: string | null }[];
  const setApplied = db.prepare('UPDATE reviews SET applied_grade = ? WHERE customer_id = ? AND month = ?');
  for (const g of reclassified) {
    const month = /^(\d{4}-\d{2}) /.exec(g.reason ?? '')?.[1];
    if (month) setApplied.run(g.to_grade, g.customer_id, month);
  }

  // The grade each customer was entered with; an A entered by a general manager counts as confirmed.
  db.exec(`
    UPDATE customers SET opening_grade = coalesce((SELECT g.from_grade FROM grade_history g WHERE g.customer_id = customers.id ORDER BY g.date, g.id LIMIT 1), grade);
    UPDATE customers SET opening_confirmed_by = created_by
      WHERE opening_grade = 'A' AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user = customers.created_by AND r.role = 'general-manager');
  `);

  lap('reviews and grades');
  // Status decisions: the status a customer was entered with, and every change not caused by an order
  // (a change to a on the day of one of its orders) or by six months without one (no-order-6m: the
  // timeline derives those again). Read a range of customers at a time, not the whole history at once.
  const insertDecision = db.prepare(
    `INSERT INTO status_decisions(customer_id, date, to_status, kind, reason_category, reason, operator, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  type Old = { customer_id: number; from_status: string | null; to_status: string; date: string; operator: string; reason_category: string | null; reason: string | null; recorded_at: string; cooperating_since: string | null; lost_date: string | null; status: string; ordered: number };
  const range = db.prepare(
    `SELECT h.customer_id, h.from_status, h.to_status, h.date, h.operator, h.reason_category, h.reason, h.recorded_at, c.cooperating_since, c.lost_date, c.status,
            h.to_status = 'a' AND h.from_status IS NOT NULL AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = h.customer_id AND o.date = h.date) AS ordered
     FROM status_history h JOIN customers c ON c.id = h.customer_id WHERE h.customer_id >= ? AND h.customer_id < ? ORDER BY h.customer_id, h.date, h.id`,
  );
  const top = db.prepare('SELECT coalesce(max(id), 0) FROM customers').pluck().get() as number;
  for (let lo = 0; lo <= top; lo += 50_000) {
    const rows = range.all(lo, lo + 50_000) as Old[];
    for (let i = 0; i < rows.length; i++) {
      const h = rows[i]!;
      if (h.from_status === null) {
        if (h.to_status === 'b') continue;
        const later = rows[i + 1]?.customer_id === h.customer_id;
        const openedCooperating = h.to_status === 'a' || h.to_status === 'c';
        if (openedCooperating && h.cooperating_since !== null && !later) {
          insertDecision.run(h.customer_id, h.cooperating_since < h.date || h.to_status === 'a' ? h.cooperating_since : h.date, 'a', 'opening', null, null, h.operator, h.recorded_at);
        } else if (h.to_status === 'a') {
          insertDecision.run(h.customer_id, h.date, 'a', 'opening', null, null, h.operator, h.recorded_at);
        }
        if (h.to_status === 'c') {
          const lost = !later && h.status === 'c' && h.lost_date !== null ? h.lost_date : h.date;
          insertDecision.run(h.customer_id, lost, 'c', 'opening', h.reason_category ?? 'other', h.reason, h.operator, h.recorded_at);
        }
        if (h.to_status === 'd') insertDecision.run(h.customer_id, h.date, 'd', 'opening', h.reason_category, h.reason, h.operator, h.recorded_at);
        continue;
      }
      const byOrder = h.ordered === 1 && h.reason_category === null && (h.reason === null || ORDER_REASONS.has(h.reason));
      const automatic = h.to_status === 'c' && h.reason_category === 'no-order-6m';
      if (!byOrder && !automatic) insertDecision.run(h.customer_id, h.date, h.to_status, 'manual', h.reason_category, h.reason, h.operator, h.recorded_at);
    }
  }

  lap('decisions');
  // The derived tables, rebuilt from the facts.
  db.exec(`
    DROP TABLE status_history;
    DROP TABLE grade_history;
    DROP TABLE code_history;
    CREATE TABLE status_history (
      id               INTEGER PRIMARY KEY,
      customer_id      INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      seq              INTEGER NOT NULL,
      date             TEXT NOT NULL,
      from_status      TEXT CHECK (from_status = 'a' OR from_status = 'b' OR from_status = 'c' OR from_status = 'd'),
      to_status        TEXT NOT NULL CHECK (to_status = 'a' OR to_status = 'b' OR to_status = 'c' OR to_status = 'd'),
      cause            TEXT NOT NULL CHECK (cause = 'created' OR cause = 'opening' OR cause = 'first_order' OR cause = 'win_back' OR cause = 'auto_loss' OR cause = 'decision'),
      order_id         INTEGER,
      decision_id      INTEGER,
      operator         TEXT NOT NULL,
      reason_category  TEXT,
      reason           TEXT,
      -- The customer's code at the end of that day: a report of the day lists it under this code.
      code             TEXT NOT NULL,
      UNIQUE (customer_id, seq)
    ) STRICT;
    CREATE TABLE grade_history (
      id              INTEGER PRIMARY KEY,
      customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      seq             INTEGER NOT NULL,
      date            TEXT NOT NULL,
      from_grade      TEXT CHECK (from_grade = 'A' OR from_grade = 'B' OR from_grade = 'C' OR from_grade = 'X'),
      to_grade        TEXT NOT NULL CHECK (to_grade = 'A' OR to_grade = 'B' OR to_grade = 'C' OR to_grade = 'X'),
      cause           TEXT NOT NULL CHECK (cause = 'decision' OR cause = 'vip_unconfirmed'),
      application_id  INTEGER REFERENCES applications(id),
      review_id       INTEGER REFERENCES reviews(id),
      operator        TEXT NOT NULL,
      reason          TEXT,
      UNIQUE (customer_id, seq)
    ) STRICT;
    -- Every code a customer has had, with when; a code may come back (C → B → C), so one row per stretch.
    CREATE TABLE code_history (
      id           INTEGER PRIMARY KEY,
      customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      code         TEXT NOT NULL,
      valid_from   TEXT NOT NULL,
      valid_to     TEXT,
      CHECK (valid_to IS NULL OR valid_to > valid_from)
    ) STRICT;
    CREATE INDEX status_decisions_customer ON status_decisions(customer_id, date);
    CREATE INDEX status_history_date ON status_history(date, customer_id, from_status, to_status);
    CREATE INDEX code_history_code ON code_history(code, customer_id);
    CREATE INDEX code_history_customer ON code_history(customer_id, valid_from);
    CREATE INDEX customers_status ON customers(status, last_order_date, cooperating_since, previous_order_date);
    -- Cooperating customers by the order before the last: a past month's at-risk list finds those that came
    -- back after a long gap without reading every customer that ordered since.
    CREATE INDEX customers_previous ON customers(previous_order_date, last_order_date, cooperating_since) WHERE status = 'a';
  `);
  lap('tables');
}

/**
 * Migration 5: the search index, four contentless FTS5 tables holding only the index, no copy of the text:
 * - search_customer_words and search_contact_words (unicode61, positions kept): names, addresses and contact
 *   names with every letter and digit a token of its own (search_positions splits them), so a phrase
 *   query finds a fragment of any length, one Chinese character too; and the initials as overlapping
 *   pairs (gz zt th …), so two letters are one token and more are a phrase;
 * - search_customer_grams and search_contact_grams (trigram, no positions): codes, the full pinyin (after
 *   a ^, so that a prefix is findable), phone, fax and mobile digits (spaces, dashes, brackets, + and dots
 *   removed) and e-mails; a query is an AND of trigrams, and every hit is checked against its row.
 * A row's rowid is the customer's or contact's id × 16 + the field's number (store/search.ts keeps the
 * same numbers): one owner's rows are adjacent and ids only grow, so rows reach each index in rising
 * rowid order, which FTS5 needs to keep a transaction's writes in memory (a lower rowid makes it write
 * out what it holds). A contentless index forgets a row only when told the text it indexed: the
 * triggers recompute it from the old row with the same expressions, so these expressions are the schema's.
 */
function addSearchIndex(db: Database.Database, lap: (phase: string) => void): void {
  db.exec(`
    ALTER TABLE customers ADD COLUMN name_pinyin TEXT;
    ALTER TABLE customers ADD COLUMN name_initials TEXT;
  `);
  const rows = db.prepare('SELECT id, name FROM customers WHERE id >= ? AND id < ? ORDER BY id').raw();
  const set = db.prepare('UPDATE customers SET name_pinyin = ?, name_initials = ? WHERE id = ?');
  const top = db.prepare('SELECT coalesce(max(id), 0) FROM customers').pluck().get() as number;
  for (let lo = 0; lo <= top; lo += 50_000) {
    for (const [id, name] of rows.all(lo, lo + 50_000) as [number, string][]) {
      const p = namePinyin(name);
      set.run(p.pinyin, p.initials, id);
    }
  }
  lap('pinyin');

  // Every character a token: split here, in SQL, so that a trigger can do it for any writer. The
  // characters come from an ordered subquery, which SQLite never flattens into the aggregate, rather than
  // from group_concat(… ORDER BY …), which SQLite before 3.44 (the sqlite3 command of many systems)
  // cannot parse: a trigger it cannot parse would make it refuse the whole file.
  const split = (x: string, width: number, last: string): string =>
    `(SELECT group_concat(t, ' ') FROM (SELECT substr(${x}, n, ${width}) AS t FROM search_positions WHERE n ${last} length(${x}) ORDER BY n))`;
  const chars = (x: string): string => split(x, 1, '<=');
  const pairs = (x: string): string => split(x, 2, '<');
  const digits = (x: string): string => `replace(replace(replace(replace(replace(replace(${x}, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '')`;
  const same = (x: string): string => x;
  type Field = { no: number; column: string; index: string; text: (x: string) => string };
  const fields: Record<'customers' | 'contacts', Field[]> = {
    customers: [
      { no: 1, column: 'code', index: 'search_customer_grams', text: same },
      { no: 2, column: 'name', index: 'search_customer_words', text: chars },
      { no: 3, column: 'name_pinyin', index: 'search_customer_grams', text: (x) => `'^' || ${x}` },
      { no: 4, column: 'name_initials', index: 'search_customer_words', text: pairs },
      { no: 5, column: 'phone', index: 'search_customer_grams', text: digits },
      { no: 6, column: 'fax', index: 'search_customer_grams', text: digits },
      { no: 7, column: 'email', index: 'search_customer_grams', text: same },
      { no: 8, column: 'address', index: 'search_customer_words', text: chars },
    ],
    contacts: [
      { no: 1, column: 'name', index: 'search_contact_words', text: chars },
      { no: 2, column: 'mobile', index: 'search_contact_grams', text: digits },
      { no: 3, column: 'phone', index: 'search_contact_grams', text: digits },
      { no: 4, column: 'email', index: 'search_contact_grams', text: same },
    ],
  };
  const indexes = ['search_customer_words', 'search_customer_grams', 'search_contact_words', 'search_contact_grams'];
  const add = (f: Field, row: string, from = '', when = ''): string =>
    `INSERT INTO ${f.index}(rowid, text) SELECT ${row}.id * 16 + ${f.no}, ${f.text(`${row}.${f.column}`)}${from} WHERE ${row}.${f.column} IS NOT NULL${when};`;
  const forget = (f: Field, row: string, when = ''): string =>
    `INSERT INTO ${f.index}(${f.index}, rowid, text) SELECT 'delete', ${row}.id * 16 + ${f.no}, ${f.text(`${row}.${f.column}`)} WHERE ${row}.${f.column} IS NOT NULL${when};`;

  // The longest text indexed: names are at most 200 characters, addresses 200, contact names 50.
  db.exec(`
    CREATE TABLE search_positions (n INTEGER PRIMARY KEY) STRICT;
    WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 1000) INSERT INTO search_positions(n) SELECT n FROM p;
    CREATE VIRTUAL TABLE search_customer_words USING fts5(text, content='', columnsize=0, tokenize='unicode61');
    CREATE VIRTUAL TABLE search_customer_grams USING fts5(text, content='', columnsize=0, tokenize='trigram', detail='none');
    CREATE VIRTUAL TABLE search_contact_words USING fts5(text, content='', columnsize=0, tokenize='unicode61');
    CREATE VIRTUAL TABLE search_contact_grams USING fts5(text, content='', columnsize=0, tokenize='trigram', detail='none');
  `);
  // Filled in bulk, a field at a time: 16 MiB of each index in memory at a time and no merging on the way, then merged once.
  for (const index of indexes) db.exec(`INSERT INTO ${index}(${index}, rank) VALUES ('hashsize', 16777216); INSERT INTO ${index}(${index}, rank) VALUES ('automerge', 0);`);
  for (const table of ['customers', 'contacts'] as const) for (const f of fields[table]) db.exec(add(f, table, ` FROM ${table}`));
  lap('search index');
  for (const index of indexes) {
    db.exec(`INSERT INTO ${index}(${index}) VALUES ('optimize'); INSERT INTO ${index}(${index}, rank) VALUES ('hashsize', 1048576); INSERT INTO ${index}(${index}, rank) VALUES ('automerge', 4);`);
  }
  lap('search index merged');

  for (const table of ['customers', 'contacts'] as const) {
    const own = fields[table];
    const changed = (f: Field): string => ` AND (OLD.${f.column} IS NOT NEW.${f.column} OR OLD.id IS NOT NEW.id)`;
    db.exec(`
      CREATE TRIGGER ${table}_search_insert AFTER INSERT ON ${table} BEGIN
        ${own.map((f) => add(f, 'NEW')).join('\n        ')}
      END;
      CREATE TRIGGER ${table}_search_update AFTER UPDATE OF id, ${own.map((f) => f.column).join(', ')} ON ${table} BEGIN
        ${own.map((f) => `${forget(f, 'OLD', changed(f))}\n        ${add(f, 'NEW', '', changed(f))}`).join('\n        ')}
      END;
      CREATE TRIGGER ${table}_search_delete AFTER DELETE ON ${table} BEGIN
        ${own.map((f) => forget(f, 'OLD')).join('\n        ')}
      END;
    `);
  }
}

/**
 * Drops the non-unique indexes of some tables, inside the open transaction, and returns the function
 * that recreates them from their own stored definitions. Building an index once over sorted keys is
 * cheaper than a million random inserts into it; unique indexes stay, since they catch duplicates, and so
 * do those named in `keep`. A rollback or crash brings the indexes back with everything else.
 */
export function deferIndexes(target: Db, tables: readonly string[], { keep = [] }: { keep?: readonly string[] } = {}): () => void {
  // On PostgreSQL a bulk load keeps its indexes (COPY fills them as it goes).
  const db = sqliteOf(target);
  if (!db) return () => {};
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (SELECT value FROM json_each(?))
         AND name NOT IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(tables), JSON.stringify(keep)) as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  return () => {
    for (const i of indexes) db.exec(i.sql);
  };
}

/**
 * Rebuilds a table under a changed definition (SQLite's documented twelve-step way: new table, copy,
 * drop, rename), then recreates its indexes and triggers from their stored SQL. The caller runs it
 * inside a transaction with foreign keys off and checks them afterwards.
 */
function rebuildTable(db: Database.Database, table: string, change: (sql: string) => string): void {
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string;
  const dependents = db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL").pluck().all(table) as string[];
  const temp = `${table}__rebuild`;
  const changed = change(sql).replace(/^CREATE TABLE "?\w+"?/, `CREATE TABLE ${temp}`);
  db.exec(changed);
  db.exec(`INSERT INTO ${temp} SELECT * FROM ${table}; DROP TABLE ${table}; ALTER TABLE ${temp} RENAME TO ${table};`);
  for (const d of dependents) db.exec(d);
}

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * The schema version whose timeline rules the stored derived rows follow. A file migrated from an older
 * version has every timeline recomputed once all migrations have run, by the code of the current schema
 * (a migration never calls the timeline code itself: it would write tables a later migration changes).
 * Raise it with a migration when the rules change what the stored rows say.
 */
export const TIMELINE_RULES_VERSION = 4;
