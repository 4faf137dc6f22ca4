// The renderer of kehu reassign: the customers moved and the closing line.

import type { ReassignedCustomer, ReassignResult } from '../../app/reassign.js';
import type { Lang } from '../../core/enums.js';
import { writeErr } from '../io.js';
import { type Column, type RenderContext, renderRows } from '../output.js';
import { gradeText, statusText } from '../views.js';

/** The closing line: how many customers and follow-ups moved (or would), from whom to whom. */
export function reassignSummary(r: ReassignResult, lang: Lang): string {
  const n = r.customers.length;
  if (lang === 'zh') {
    const what = `${n} 个客户${r.follow_ups ? `及其 ${r.follow_ups} 条待跟进` : ''}：${r.from} → ${r.to}`;
    return r.dry_run ? `试运行：将移交 ${what}；未做任何改动。` : `已移交 ${what}（${r.date}）。`;
  }
  const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  const what = `${plural(n, 'customer')}${r.follow_ups ? ` and ${plural(r.follow_ups, 'pending follow-up')}` : ''} from ${r.from} to ${r.to}`;
  return r.dry_run ? `Dry run: would move ${what}; nothing changed.` : `Moved ${what} (${r.date}).`;
}

function followUpText(c: ReassignedCustomer, lang: Lang): string {
  return c.follow_ups.map((f) => `${f.next_date}${f.overdue ? (lang === 'zh' ? '（逾期）' : ' (overdue)') : ''}`).join(lang === 'zh' ? '、' : ', ');
}

export async function renderReassign(r: ReassignResult, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const zh = rc.lang === 'zh';
  const cols: Column<ReassignedCustomer>[] =
    rc.format === 'csv'
      ? [
          { key: 'code' }, { key: 'name' }, { key: 'grade' }, { key: 'status' }, { key: 'province' }, { key: 'city' }, { key: 'district' },
          { key: 'follow_ups', cell: (c) => c.follow_ups.map((f) => f.next_date).join(';') },
        ]
      : [
          { key: 'code' },
          { key: 'name' },
          { key: 'grade', priority: 1, cell: (c) => gradeText(c.grade, rc.lang) },
          { key: 'status', priority: 2, cell: (c) => statusText(c.status, rc.lang) },
          { key: 'city', priority: 3, header: zh ? '地区' : 'Region', cell: (c) => [c.province, c.city, c.district].filter(Boolean).join(' ') },
          { key: 'follow_ups', priority: 4, header: zh ? '待跟进（下次联系）' : 'Pending follow-ups', cell: (c) => followUpText(c, rc.lang) },
        ];
  const table = r.customers.length ? await renderRows(r.customers, cols, rc) : '';
  // A table ends with the closing line; CSV and Markdown stay data only, the line goes to stderr.
  if (rc.format === 'table') return `${table}${reassignSummary(r, rc.lang)}\n`;
  writeErr(reassignSummary(r, rc.lang));
  return table;
}
