import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDb, sqlite } from '../../src/store/db.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { fileAtVersion } from '../helpers.js';

describe('migration 7 (materials requested on visits, the agenda\'s indexes)', () => {
  let db: Db | undefined;
  afterEach(() => db?.close());

  it('keeps every visit and voided visit, adds the materials columns empty, and widens the visits indexes', () => {
    const { file, raw } = fileAtVersion(6);
    raw.exec(`
      INSERT INTO users(name, created_at) VALUES ('张敏', '2026-01-01T00:00:00Z');
      INSERT INTO customers(id, code, region, serial, grade, status, name, name_key, province, city, created_on, created_by, updated_at, opening_grade, visit_count)
        VALUES (1, 'Cb-粤GZ0001', '粤GZ', 1, 'C', 'b', '广州甲', '广州甲', '粤', '广州市', '2026-01-05', '张敏', '2026-01-05', 'C', 2);
      INSERT INTO visits(id, customer_id, seq, visited_at, method, handler, summary, next_date, recorded_by, recorded_at) VALUES (1, 1, 1, '2026-01-06T10:00', 'phone', '张敏', '初次电话', '2026-01-20', '张敏', 'x');
      INSERT INTO voided_visits(id, customer_id, seq, visited_at, method, handler, summary, recorded_by, recorded_at, voided_on, voided_by, void_reason, voided_at)
        VALUES (2, 1, 2, '2026-01-07T10:00', 'phone', '张敏', '记错', '张敏', 'x', '2026-01-08', '张敏', '错', 'x');
    `);
    raw.close();
    db = openDb(file);
    expect(sqlite(db).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    for (const table of ['visits', 'voided_visits']) {
      expect(db.prepare(`SELECT seq, summary, materials, materials_sent_at, materials_sent_by, materials_method, materials_note FROM ${table}`).all(), table).toHaveLength(1);
      expect(db.prepare(`SELECT materials, materials_sent_at, materials_sent_by, materials_method, materials_note FROM ${table}`).get()).toEqual({
        materials: null, materials_sent_at: null, materials_sent_by: null, materials_method: null, materials_note: null,
      });
    }
    const index = (name: string): string => db!.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(name) as string;
    expect(index('visits_customer_time')).toMatch(/\(customer_id, visited_at, seq, next_date\)/);
    expect(index('visits_contacts')).toMatch(/\(customer_id, handler_role, method, visited_at, handler\)/);
    expect(index('visits_materials_pending')).toMatch(/WHERE materials IS NOT NULL AND materials_sent_at IS NULL/);
    expect(sqlite(db).pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite(db).pragma('foreign_key_check')).toEqual([]);
  });
});
