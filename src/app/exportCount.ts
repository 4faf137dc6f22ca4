// How many rows an export will write, counted before it streams, for the progress bar's percentage and ETA.

import { countCustomers, countRows } from '../store/meta.js';
import type { AppContext } from './context.js';
import type { ExportKind } from './export.js';

/**
 * The rows exportTable(kind) gives: one per customer, visit or order. Cheap (a count over an index).
 * Should customers be exported one row per contact, this is the lower bound, one per customer: the bar
 * then stays short of 100 % until the end rather than overshoot.
 */
export function exportRowCount(ctx: AppContext, kind: ExportKind): number {
  switch (kind) {
    case 'customers':
      return countCustomers(ctx.db);
    case 'visits':
      return countRows(ctx.db, 'visits');
    case 'orders':
      return countRows(ctx.db, 'orders');
  }
}
