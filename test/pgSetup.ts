// Global setup of the postgres test project (vitest.config.ts): a throw-away PostgreSQL cluster on loopback
// (scripts/pg-cluster.sh), whose superuser URL the tests find in KEHU_TEST_PG. A cluster given in
// KEHU_TEST_PG is used as it is (and left running); one started here is stopped and deleted afterwards.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'pg-cluster.sh');

export default function setup(): (() => void) | undefined {
  if (process.env.KEHU_TEST_PG) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-pg-'));
  const port = String(56000 + (process.pid % 1000));
  const url = execFileSync('bash', [SCRIPT, 'start', dir, port], { encoding: 'utf8' }).trim();
  process.env.KEHU_TEST_PG = url;
  return () => {
    execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'ignore' });
  };
}
