// The renderers of kehu report retention and purge.

import type { PurgedCustomer, PurgeResult } from '../../app/purge.js';
import type { RetentionCustomer, RetentionReport } from '../../app/retention.js';
import type { Lang } from '../../core/enums.js';
import { writeErr } from '../io.js';
import { type Column, type RenderContext, renderRows } from '../output.js';
import { statusText } from '../views.js';

const yesNo = (v: boolean, lang: Lang): string => (lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no');

export async function renderRetention(r: RetentionReport, rc: RenderContext): Promise<string> {
  const zh = rc.lang === 'zh';
  const rows = r.customers.map(({ id: _id, ...c }) => c);
  if (rc.format === 'json') return JSON.stringify({ ...r, customers: rows }, null, 2) + '\n';
  type Row = Omit<RetentionCustomer, 'id'>;
  const cols: Column<Row>[] =
    rc.format === 'csv'
      ? (['code', 'name', 'status', 'settled_on', 'last_order', 'status_since', 'last_visit', 'purge_due_since', 'owner', 'personal_data'] as const).map((key) => ({
          key,
          cell: (c: Row) => (key === 'personal_data' ? (c.personal_data ? 'yes' : 'no') : c[key]),
        }))
      : [
          { key: 'code', header: zh ? '客户代码' : 'Code' },
          { key: 'name', header: zh ? '单位名称' : 'Name' },
          { key: 'status', priority: 4, header: zh ? '状态' : 'Status', cell: (c) => statusText(c.status, rc.lang) },
          { key: 'settled_on', priority: 6, header: zh ? '结清日' : 'Settled on' },
          { key: 'last_order', priority: 3, header: zh ? '最后订货' : 'Last order', cell: (c) => c.last_order ?? '—' },
          { key: 'last_visit', priority: 2, header: zh ? '最后联系' : 'Last visit', cell: (c) => c.last_visit ?? '—' },
          { key: 'purge_due_since', priority: 7, header: zh ? '可清除自' : 'Purgeable from' },
          { key: 'owner', priority: 1, header: zh ? '负责人' : 'Owner', cell: (c) => c.owner ?? '' },
          { key: 'personal_data', priority: 5, header: zh ? '仍存个人信息' : 'Personal data held', cell: (c) => yesNo(c.personal_data, rc.lang) },
        ];
  if (rc.format === 'csv') return renderRows(rows, cols, rc);
  const title = zh ? `客户档案保管期满（结清满3年，§8.9）截至 ${r.as_of}` : `Records past retention (settled more than 3 years ago, §8.9) as of ${r.as_of}`;
  const summary =
    r.count === 0
      ? zh
        ? `没有超过保管期限的客户（${r.as_of}）。`
        : `No customer is past retention (${r.as_of}).`
      : zh
        ? `共 ${r.count} 个客户，可用 kehu purge 代码 或 kehu purge --due 清除。`
        : `${r.count} customers; purge with kehu purge CODE or kehu purge --due.`;
  const md = rc.format === 'md';
  const head = md ? `## ${title}\n\n` : `${rc.pal.bold(title)}\n`;
  const table = rows.length ? await renderRows(rows, cols, rc) : '';
  return `${head}${table}${md && rows.length ? '\n' : ''}${summary}\n`;
}

/** A customer's rows per table in words: `visits 3, orders 2`. */
function rowsText(rows: Record<string, number>, lang: Lang): string {
  return Object.entries(rows)
    .map(([t, n]) => `${t} ${n}`)
    .join(lang === 'zh' ? '，' : ', ');
}

export function purgeSummary(r: PurgeResult, lang: Lang): string {
  const zh = lang === 'zh';
  const rows = Object.values(r.totals).reduce((a, b) => a + b, 0);
  if (r.count === 0) return zh ? '没有要清除的客户；未做任何改动。' : 'Nothing to purge; nothing changed.';
  const what =
    r.mode === 'record'
      ? zh ? `${r.count} 个客户的全部档案（共 ${rows} 行）` : `the whole record of ${r.count} customer${r.count === 1 ? '' : 's'} (${rows} rows)`
      : zh ? `${r.count} 个客户的联系人个人信息（${rows} 行）` : `the contacts' personal data of ${r.count} customer${r.count === 1 ? '' : 's'} (${rows} rows)`;
  if (r.dry_run) return zh ? `试运行：将清除 ${what}；未做任何改动。` : `Dry run: would erase ${what}; nothing changed.`;
  return zh ? `已清除 ${what}（${r.date}，${r.operator}：${r.reason}）。` : `Erased ${what} (${r.date}, ${r.operator}: ${r.reason}).`;
}

export async function renderPurge(r: PurgeResult, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  const zh = rc.lang === 'zh';
  const cols: Column<PurgedCustomer>[] =
    rc.format === 'csv'
      ? [
          { key: 'code' }, { key: 'name' }, { key: 'status' }, { key: 'settled_on' }, { key: 'purge_due_since' },
          { key: 'rows', cell: (c) => Object.entries(c.rows).map(([t, n]) => `${t}=${n}`).join(';') },
        ]
      : [
          { key: 'code', header: zh ? '客户代码' : 'Code' },
          { key: 'name', header: zh ? '单位名称' : 'Name' },
          { key: 'status', priority: 1, header: zh ? '状态' : 'Status', cell: (c) => statusText(c.status as never, rc.lang) },
          { key: 'settled_on', priority: 2, header: zh ? '结清日' : 'Settled on', cell: (c) => c.settled_on ?? '—' },
          { key: 'rows', header: r.mode === 'record' ? (zh ? '清除的行（按表）' : 'Rows erased (per table)') : zh ? '清除个人信息的行' : 'Rows scrubbed', cell: (c) => rowsText(c.rows, rc.lang) },
        ];
  const table = r.customers.length ? await renderRows(r.customers, cols, rc) : '';
  if (rc.format === 'table') return `${table}${purgeSummary(r, rc.lang)}\n`;
  writeErr(purgeSummary(r, rc.lang));
  return table;
}
