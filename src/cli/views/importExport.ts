// The words of kehu import and export: rejected rows, the import summary and the export's closing line.

import type { ExportKind } from '../../app/export.js';
import type { ImportResult, Reject } from '../../app/import.js';
import { groupThousands } from '../../core/money.js';
import { errorMessage, type Lang } from '../i18n.js';

export function rejectLine(r: Reject, lang: Lang): string {
  const msg = errorMessage(r.error, lang);
  return lang === 'zh' ? `第 ${r.line} 行，${r.column}${r.value ? `“${r.value}”` : ''}：${msg}` : `line ${r.line}, ${r.column}${r.value ? ` "${r.value}"` : ''}: ${msg}`;
}

export function summaryText(r: ImportResult, lang: Lang): string {
  const g = groupThousands;
  if (lang === 'zh') {
    const head = r.dry_run ? '试导入（未写入）' : '导入完成';
    const contacts = r.contact_rows ? `；另有 ${g(r.contact_rows)} 行是前一客户的其他联系人` : '';
    return `${head}：${g(r.rows)} 行，新增 ${g(r.inserted)}，更新 ${g(r.updated)}，跳过 ${g(r.skipped)}${contacts}${r.ignored_columns.length ? `；忽略的列：${r.ignored_columns.join('、')}` : ''}\n`;
  }
  const head = r.dry_run ? 'Dry run (nothing written)' : 'Imported';
  const contacts = r.contact_rows ? `; ${g(r.contact_rows)} rows were further contacts of the customer before` : '';
  return `${head}: ${g(r.rows)} rows, ${g(r.inserted)} added, ${g(r.updated)} updated, ${g(r.skipped)} skipped${contacts}${r.ignored_columns.length ? `; ignored columns: ${r.ignored_columns.join(', ')}` : ''}\n`;
}

const KIND_WORDS: Record<ExportKind, { zh: string; en: [string, string] }> = {
  customers: { zh: '行客户', en: ['customer', 'customers'] },
  visits: { zh: '行开发记录', en: ['visit', 'visits'] },
  orders: { zh: '行订货记录', en: ['order', 'orders'] },
  users: { zh: '行用户', en: ['user', 'users'] },
};

/** The closing line of an export: `已导出 200,000 行客户到 customers.xlsx` / `Exported 200,000 customers to customers.xlsx`. */
export function exportedLine(kind: ExportKind, rows: number, out: string | undefined, lang: Lang): string {
  const words = KIND_WORDS[kind];
  const n = groupThousands(rows);
  if (lang === 'zh') return `已导出 ${n} ${words.zh}到${out === undefined ? '标准输出' : ` ${out}`}`;
  return `Exported ${n} ${words.en[rows === 1 ? 0 : 1]} to ${out ?? 'standard output'}`;
}
