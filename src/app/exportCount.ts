// How many rows an export will write, counted before it streams, for the progress bar's percentage and ETA.

import { countCustomerRows, countRows } from '../store/meta.js';
import type { AppContext } from './context.js';
import type { ExportKind } from './export.js';

/** The rows exportTable(kind) gives: one per contact of each customer (one for a customer without), visit, order or user. Cheap (counts over indexes). */
export function exportRowCount(ctx: AppContext, kind: ExportKind): number {
  switch (kind) {
    case 'customers':
      return countCustomerRows(ctx.db);
    case 'visits':
      return countRows(ctx.db, 'visits');
    case 'orders':
      return countRows(ctx.db, 'orders');
    case 'users':
      return countRows(ctx.db, 'users');
  }
}
