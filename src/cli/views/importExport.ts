// The words of kehu import and export: rejected rows, the import summary and the export's closing line.

import type { ExportKind } from '../../app/export.js';
import type { ImportResult, Reject } from '../../app/import.js';
import { groupThousands } from '../../core/money.js';
import { errorMessage, type Lang } from '../i18n.js';

export function rejectLine(r: Reject, lang: Lang): string {
  return problemText([r.line], r, errorMessage(r.error, lang), lang);
}

/** How many line ranges a grouped problem names before "and more". */
const RANGES_SHOWN = 8;

/**
 * The rejected rows for a person: rows with the same problem (column, value and message) in one line, in the
 * order their first row comes, their line numbers as ranges (`第 2–51 行（50 行）`), so a column wrong
 * throughout an export reads as one problem, not fifty.
 */
export function rejectLines(rejects: readonly Reject[], lang: Lang): string[] {
  const groups = new Map<string, { first: Reject; msg: string; lines: number[] }>();
  for (const r of rejects) {
    const msg = errorMessage(r.error, lang);
    const key = JSON.stringify([r.column, r.value, msg]);
    const g = groups.get(key);
    if (g) g.lines.push(r.line);
    else groups.set(key, { first: r, msg, lines: [r.line] });
  }
  return [...groups.values()].map((g) => problemText([...new Set(g.lines)].sort((a, b) => a - b), g.first, g.msg, lang));
}

function problemText(lines: readonly number[], r: Reject, msg: string, lang: Lang): string {
  const zh = lang === 'zh';
  const n = groupThousands(lines.length);
  const ranges = lines.length > 1 ? rangesText(lines, lang) : '';
  const where = lines.length === 1 ? (zh ? `第 ${lines[0]} 行` : `line ${lines[0]}`) : zh ? `第 ${ranges}${ranges.endsWith('等') ? '' : ' '}行（${n} 行）` : `lines ${ranges} (${n} rows)`;
  return zh ? `${where}，${r.column}${r.value ? `“${r.value}”` : ''}：${msg}` : `${where}, ${r.column}${r.value ? ` "${r.value}"` : ''}: ${msg}`;
}

/** Ascending line numbers as ranges: 2–5、9、11–12 (2–5, 9, 11–12); after RANGES_SHOWN ranges, 等 (…). */
function rangesText(lines: readonly number[], lang: Lang): string {
  const ranges: string[] = [];
  let start = lines[0]!;
  let end = start;
  for (const n of [...lines.slice(1), Number.NaN]) {
    if (n === end + 1) {
      end = n;
      continue;
    }
    ranges.push(start === end ? String(start) : `${start}–${end}`);
    start = end = n;
  }
  const zh = lang === 'zh';
  const shown = ranges.slice(0, RANGES_SHOWN).join(zh ? '、' : ', ');
  return ranges.length > RANGES_SHOWN ? `${shown}${zh ? ' 等' : ', …'}` : shown;
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
