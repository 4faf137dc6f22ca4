// The activity quotas (seed 002 §3.2, §6.2; seed 004): the shipped data/quotas.json or another file (--quotas).

import { readFileSync } from 'node:fs';
import { InvalidQuotas } from '../core/errors.js';
import { type QuotaConfig, validateQuotaConfig } from '../core/quotas.js';

/** <root>/data/quotas.json, from dist/app as from src/app. */
export const QUOTAS_FILE = new URL('../../data/quotas.json', import.meta.url);

let shipped: QuotaConfig | undefined;

/** Reads and validates a quota file; the shipped default is read once. */
export function loadQuotas(file?: string): QuotaConfig {
  if (file === undefined && shipped) return shipped;
  const source = file ?? 'data/quotas.json';
  let text: string;
  try {
    text = readFileSync(file ?? QUOTAS_FILE, 'utf8');
  } catch (e) {
    throw new InvalidQuotas(source, '(file)', 'unreadable', (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InvalidQuotas(source, '(file)', 'not_json', (e as Error).message);
  }
  const config = validateQuotaConfig(raw, source);
  if (file === undefined) shipped = config;
  return config;
}
