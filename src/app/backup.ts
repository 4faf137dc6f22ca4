// kehu backup: a consistent snapshot of the whole file while others write (VACUUM INTO), owner-only.

import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../core/errors.js';
import { openDb } from '../store/db.js';
import { integrityCheck, vacuumInto } from '../store/maintenance.js';
import type { AppContext } from './context.js';

export class BackupExists extends DomainError {
  constructor(file: string) {
    super('backup_exists', `${file} already exists`, { file });
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  integrity: string[];
}

/** Writes a consistent snapshot (VACUUM INTO) owner-only, then checks the copy's integrity. */
export function backup(ctx: AppContext, target: string): BackupResult {
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new BackupExists(file);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  vacuumInto(ctx.db, file);
  fs.chmodSync(file, 0o600);
  const copy = openDb(file, { readonly: true });
  try {
    return { file, bytes: fs.statSync(file).size, integrity: integrityCheck(copy) };
  } finally {
    copy.close();
  }
}
