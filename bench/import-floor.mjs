// node bench/import-floor.mjs [N]: what the write side of a customer import costs with no parsing or
// validation — N prebuilt, validated rows through the import's own write path (recordCustomer: the row,
// its opening decision, its timeline's status, grade and code rows; deferred secondary indexes), in one
// transaction, on a fresh file.
// Needs `npm run build` first. Compare with bench/import.mjs: the gap is parsing and validation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { recordCustomer } from '../dist/app/record.js';
import { deferImportIndexes } from '../dist/store/bulk.js';
import { RegionSerials } from '../dist/store/customers.js';
import { openDb } from '../dist/store/db.js';

const N = Number(process.argv[2] ?? 200_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-floor-'));
const db = openDb(path.join(dir, 'floor.db'));
const regions = ['粤GZ', '粤SZ', '粤FS', '浙WZ', '浙YQ', '苏SZ', '川CD', '京CY', '沪PD', '闽XM', '闽LY', '湘CS', '皖CZ', '渝YZ'];
const ms = (t) => (performance.now() - t).toFixed(0);

const t0 = performance.now();
db.pragma('cache_size = -65536');
db.exec('BEGIN IMMEDIATE');
const restore = deferImportIndexes(db);
const ctx = { db, operator: 'bench', now: new Date('2026-11-23T02:00:00Z') };
// Serials as the import hands them out: one allocator for the run, written back once.
const serials = new RegionSerials(db);
let t = performance.now();
for (let i = 1; i <= N; i++) {
  const region = regions[i % regions.length];
  const grade = 'ABC'[i % 3];
  const status = 'ab'[i % 2];
  recordCustomer(
    ctx,
    {
      name: `测试客户${i}电子科技有限公司`, key: `测试客户${i}电子科技`, grade, status, date: '2025-01-15', owner: undefined, contacts: [],
      place: { region, country: 'CN', province: '粤', city: '广州市', cityCode: region.slice(1), district: null, foreignRegion: null },
      opening: { cooperatingSince: null, lostDate: null, invalidSince: null },
      fields: {
        grade, status, name: `测试客户${i}电子科技有限公司`, name_key: `测试客户${i}电子科技`, country: 'CN', province: '粤', city: '广州市', city_code: region.slice(1),
        district: null, foreign_region: null, type: 'dealer', source: 'exhibition', address: `广州工业园${i}号, 3楼`, postcode: '510000', phone: '020-12345678', fax: null,
        website: null, email: `sales${i}@example.com`, legal_rep: `张${i}`, registered_capital: '500万', industry: '电子', nature: '民营', credit_rating: 'AA',
        supplier_structure: null, main_products: '电源, 模块', years_in_business: i % 40, owner: null, stage: null, notes: '导入测试', opening_grade: grade,
        opening_confirmed_by: null, created_on: '2025-01-15', created_by: 'bench', updated_at: '2026-11-23T10:00:00Z',
      },
    },
    { serials, operatorRoles: [], asOf: '2026-11-23' },
  );
}
serials.flush();
const inserts = ms(t);
t = performance.now();
restore();
const indexes = ms(t);
t = performance.now();
db.exec('COMMIT');
db.close();
const commit = ms(t);
const total = performance.now() - t0;
console.log(`${N} rows: rows with their decisions and timelines ${inserts} ms, indexes ${indexes} ms, commit and close ${commit} ms; total ${(total / 1000).toFixed(1)} s (${((total / N) * 1000).toFixed(1)} µs a row)`);
fs.rmSync(dir, { recursive: true, force: true });
