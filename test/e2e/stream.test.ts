// Streaming listings (issue 16): kehu list writes rows as it reads them, and what it writes is exactly what the
// collected renderers made — same order (SQL's), same bytes in every format; a long list is whole.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listCustomers } from '../../src/app/listCustomers.js';
import { plainPalette, type Format } from '../../src/cli/output.js';
import { ChunkWriter, writeJsonArray, writeJsonWithArray } from '../../src/cli/stream.js';
import { renderCustomerList } from '../../src/cli/views.js';
import { openDb } from '../../src/store/db.js';
import { BIN, E2E_NOW, kehu, type RunResult, query, tempDbPath, tempDir } from '../helpers.js';

const PLACES = [['广东', '广州'], ['广东', '深圳'], ['浙江', '杭州'], ['四川', '成都'], ['北京', '朝阳区'], ['福建', '厦门']] as const;

/** A file of n customers imported through kehu, spread over places, grades, statuses and types. */
function imported(n: number): string {
  const db = tempDbPath();
  expect(kehu(['user', 'add', '张敏', '--role', 'assistant'], { db }).status).toBe(0);
  const f = path.join(tempDir(), `customers-${n}.csv`);
  const lines = ['name,province,city,grade,status,type,address'];
  for (let i = 1; i <= n; i++) {
    const [p, c] = PLACES[(i * 7) % PLACES.length]!;
    // Names out of code order, some with characters CSV and Markdown must quote or escape.
    const name = i % 50 === 0 ? `"测试,客户${i}|有限""公司"""` : `测试客户${(i * 7919) % 100_003}有限公司`;
    lines.push(`${name},${p},${c},${'ABC'[i % 3]},${'abc'[i % 3]},${['dealer', 'direct', 'oem'][i % 3]},"${c}路${i}号"`);
  }
  fs.writeFileSync(f, lines.join('\n') + '\n');
  const r = kehu(['import', 'customers', f], { db });
  expect(r.status, r.stderr).toBe(0);
  return db;
}

/** kehu as the helper runs it, with room for tens of megabytes of output. */
function kehuLong(args: string[], db: string): RunResult {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'zh_CN.UTF-8', TZ: 'UTC', KEHU_NOW: E2E_NOW, KEHU_DB: db, KEHU_USER: '张敏' };
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', input: '', timeout: 120_000, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kehu list streams', () => {
  it('writes a few hundred customers in SQL order, byte for byte what the collected renderer made, in every format', async () => {
    const db = imported(300);
    const ctx = { db: openDb(db), operator: '张敏', now: new Date('2026-11-23T10:00:00+08:00') };
    try {
      const cases: [string[], Parameters<typeof listCustomers>[1]][] = [
        [[], {}],
        [['--status', 'c', '--sort', 'name', '--desc'], { status: 'c', sort: 'name', desc: true }],
        [['--province', '广东', '--sort', 'city', '--limit', '25'], { province: '广东', sort: 'city', limit: '25' }],
        [['--name', '没有这个'], { name: '没有这个' }],
      ];
      for (const [args, input] of cases) {
        const rows = listCustomers(ctx, input);
        for (const format of ['json', 'csv', 'md', 'table'] as Format[]) {
          for (const lang of format === 'json' || format === 'csv' ? (['zh'] as const) : (['zh', 'en'] as const)) {
            const r = kehu(['list', ...args, '--format', format, '--lang', lang], { db });
            expect(r.status, r.stderr).toBe(0);
            expect(r.stdout, `${args.join(' ')} ${format} ${lang}`).toBe(await renderCustomerList(rows, { format, lang, pal: plainPalette() }));
          }
        }
      }
      // The order is SQL's: by region and serial, and by the name key when asked.
      const listed = (JSON.parse(kehu(['list', '--json'], { db }).stdout) as { code: string; name: string; status: string }[]);
      expect(listed).toHaveLength(300);
      expect(listed.map((c) => c.code)).toEqual(query<{ code: string }>(db, 'SELECT code FROM customers ORDER BY region, serial').map((c) => c.code));
      const byName = (JSON.parse(kehu(['list', '--status', 'c', '--sort', 'name', '--desc', '--json'], { db }).stdout) as { code: string }[]).map((c) => c.code);
      expect(byName).toEqual(query<{ code: string }>(db, "SELECT code FROM customers WHERE status = 'c' ORDER BY name_key DESC").map((c) => c.code));
      expect(byName.length).toBeGreaterThan(50);
      const quoted = listed.find((c) => c.name.includes('|'));
      expect(quoted?.name).toMatch(/^测试,客户\d+\|有限"公司"$/);
    } finally {
      ctx.db.close();
    }
  }, 120_000);

  it('lists 20,000 customers as JSON that parses and holds every one, and --limit stops the cursor', () => {
    const db = imported(20_000);
    const r = kehuLong(['list', '--json'], db);
    expect(r.status, r.stderr).toBe(0);
    const all = JSON.parse(r.stdout) as { code: string }[];
    expect(all).toHaveLength(20_000);
    expect(new Set(all.map((c) => c.code)).size).toBe(20_000);
    expect(r.stdout).toBe(JSON.stringify(all, null, 2) + '\n');
    const csv = kehuLong(['list', '--format', 'csv'], db).stdout.split('\r\n');
    expect(csv).toHaveLength(20_000 + 2); // the header, the rows, and the empty string after the last line break
    expect(csv.slice(1, -1).map((l) => l.split(',')[0])).toEqual(all.map((c) => c.code));
    const limited = JSON.parse(kehu(['list', '--json', '--limit', '7', '--sort', 'created', '--desc'], { db }).stdout) as unknown[];
    expect(limited).toHaveLength(7);
  }, 180_000);
});

/** A stream that takes a chunk only after a while and asks to wait beyond a few bytes: back-pressure. */
function slowSink(): { sink: Writable; text: () => string; waits: () => number } {
  const parts: string[] = [];
  let waits = 0;
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk.toString('utf8'));
      setTimeout(done, 1);
    },
  });
  sink.on('drain', () => waits++);
  return { sink, text: () => parts.join(''), waits: () => waits };
}

describe('stream writers', () => {
  it('write JSON arrays as JSON.stringify(…, null, 2) places them, at the top and inside an object', async () => {
    const items = [{ a: 1, b: 'x\ny', c: null, d: { e: [1, 2], f: [] } }, { a: 2, b: '引号"', c: true, d: {} }, [], 'text'];
    for (const list of [[], [items[0]], items]) {
      const { sink, text } = slowSink();
      const w = new ChunkWriter(sink);
      await writeJsonArray(list, w);
      await w.write('\n');
      await writeJsonWithArray({ code: 'Aa-粤GZ0001', name: '甲', record_no: 'GZ0001' }, 'entries', list, w);
      await w.flush();
      await new Promise<void>((resolve) => sink.end(resolve));
      expect(text()).toBe(`${JSON.stringify(list, null, 2)}\n${JSON.stringify({ code: 'Aa-粤GZ0001', name: '甲', record_no: 'GZ0001', entries: list }, null, 2)}\n`);
    }
  });

  it('waits for a slow stream to drain and loses nothing', async () => {
    const { sink, text, waits } = slowSink();
    const w = new ChunkWriter(sink);
    const rows = Array.from({ length: 30_000 }, (_, i) => ({ i, name: `客户${i}` }));
    await writeJsonArray(rows, w);
    await w.flush();
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(text()).toBe(JSON.stringify(rows, null, 2));
    expect(waits()).toBeGreaterThan(0);
  });
});
