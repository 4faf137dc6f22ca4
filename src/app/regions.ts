// Loads data/regions.json once (the place table built by scripts/build-regions.mjs) and indexes it.

import { readFileSync } from 'node:fs';
import { createRegionIndex, type RegionData, type RegionIndex } from '../core/regions.js';

/** <root>/data/regions.json, from dist/app/regions.js as from src/app/regions.ts (both one level below the root). */
export const REGIONS_FILE = new URL('../../data/regions.json', import.meta.url);

let cached: RegionIndex | undefined;

export function loadRegionIndex(): RegionIndex {
  if (!cached) {
    const data = JSON.parse(readFileSync(REGIONS_FILE, 'utf8')) as RegionData;
    cached = createRegionIndex(data);
  }
  return cached;
}
