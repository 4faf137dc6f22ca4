// The renderer of kehu report activity: each person's quotas (活动量) in any format.

import type { ActivityLine, ActivityReport } from '../../app/activityReport.js';
import { enumLabel, type Lang, ROLES } from '../../core/enums.js';
import { yuanTextOfYuan } from '../../core/money.js';
import { type Column, type RenderContext, renderRows, toCsv } from '../output.js';

export const PER_TEXT: Record<ActivityLine['per'], { zh: string; en: string }> = {
  day: { zh: '日', en: 'day' },
  week: { zh: '周', en: 'wk' },
  month: { zh: '月', en: 'mo' },
  quarter: { zh: '季', en: 'qtr' },
};

export const STATUS_TEXT: Record<ActivityLine['status'], { zh: string; en: string }> = {
  met: { zh: '达标', en: 'met' },
  not_met: { zh: '未达标', en: 'not met' },
  open: { zh: '未结束', en: 'open' },
};

/** A figure as a table shows it: a count, or yuan grouped by thousands (fen only when there are some). */
export function figureText(n: number, line: Pick<ActivityLine, 'measure'>): string {
  if (line.measure === 'customers') return String(n);
  return yuanTextOfYuan(n, { cents: 'when-any' });
}

/** The target: `≥15/日`, `3–5/周`, `≥¥5,000,000/季`. */
export function targetText(line: ActivityLine, lang: Lang): string {
  const per = PER_TEXT[line.per][lang];
  const range = line.max === null || line.max === line.min ? `≥${figureText(line.min, line)}` : `${figureText(line.min, line)}–${figureText(line.max, line)}`;
  return `${range}/${per}`;
}

/** The verdict with the units behind it: `未达标 3/5`, `met 1/1`. */
function statusText(line: ActivityLine, lang: Lang, rc: RenderContext): string {
  const t = `${STATUS_TEXT[line.status][lang]} ${line.units_met}/${line.units}`;
  return line.status === 'met' ? rc.pal.green(t) : line.status === 'not_met' ? rc.pal.red(t) : rc.pal.yellow(t);
}

function personTitle(p: ActivityReport['people'][number], lang: Lang): string {
  const roles = p.roles.map((r) => enumLabel(ROLES, r, lang)).join(lang === 'zh' ? '、' : ', ');
  return lang === 'zh' ? `${p.user}（${roles}）：达标 ${p.met}，未达标 ${p.not_met}，未结束 ${p.open}` : `${p.user} (${roles}): ${p.met} met, ${p.not_met} not met, ${p.open} open`;
}

const CSV_KEYS = ['person', 'quota', 'per', 'period', 'from', 'to', 'count', 'target', 'target_max', 'units_met', 'units', 'status'] as const;

/** The report in any format: a section per person (table, md), one flat table (csv), or the data (json). */
export async function renderActivity(r: ActivityReport, rc: RenderContext): Promise<string> {
  if (rc.format === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (rc.format === 'csv') {
    const body = r.people.flatMap((p) =>
      p.quotas.map((l) => [p.user, l.quota, l.per, l.period, l.from, l.to, String(l.count), String(l.min), l.max === null ? '' : String(l.max), String(l.units_met), String(l.units), l.status]),
    );
    return toCsv(CSV_KEYS, body);
  }
  const zh = rc.lang === 'zh';
  const md = rc.format === 'md';
  const p = r.period;
  const kind = zh ? { day: '日报', week: '周报', month: '月报' }[p.kind] : { day: 'day', week: 'week', month: 'month' }[p.kind];
  const span = p.from === p.to ? p.from : `${p.from} — ${p.to}`;
  const title = zh ? `活动指标${kind} ${p.label}（${span}，截至 ${r.as_of}）` : `Activity against quotas, ${kind} ${p.label} (${span}, as of ${r.as_of})`;
  let out = md ? `## ${title}\n` : `${rc.pal.bold(title)}\n`;
  if (r.people.length === 0) return out + (zh ? '\n没有适用指标的人员。\n' : '\nNobody holds a role a quota applies to.\n');
  const cols: Column<ActivityLine>[] = [
    { key: 'quota', header: zh ? '指标' : 'Quota', cell: (l) => (zh ? l.label_zh : l.label_en) },
    { key: 'period', priority: 1, header: zh ? '期间' : 'Period' },
    { key: 'count', header: zh ? '完成' : 'Done', cell: (l) => figureText(l.count, l) },
    { key: 'target', priority: 2, header: zh ? '目标' : 'Target', cell: (l) => targetText(l, rc.lang) },
    { key: 'status', header: zh ? '结果' : 'Result', cell: (l) => statusText(l, rc.lang, rc) },
  ];
  for (const person of r.people) {
    out += md ? `\n### ${personTitle(person, rc.lang)}\n\n` : `\n${rc.pal.bold(personTitle(person, rc.lang))}\n`;
    out += person.quotas.length === 0 ? (zh ? '没有适用的指标。\n' : 'No quota applies.\n') : await renderRows(person.quotas, cols, rc);
  }
  return out;
}
