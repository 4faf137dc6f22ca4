// User-facing words in Chinese and English: field labels, messages, and the wording of every error.

import { enumLabel, type Lang, type Role, ROLES } from '../core/enums.js';
import type { DomainError, ErrorParams } from '../core/errors.js';
import { timeText } from '../core/dates.js';
import { groupThousands } from '../core/money.js';

export type { Lang };

/** --lang, then KEHU_LANG, then LANG/LC_ALL; Chinese unless the locale says another language. */
export function resolveLang(option: string | undefined, env: NodeJS.ProcessEnv): Lang {
  const pick = (v: string | undefined): Lang | undefined => {
    if (!v) return undefined;
    const t = v.toLowerCase();
    if (t.startsWith('zh')) return 'zh';
    if (t.startsWith('en')) return 'en';
    return undefined;
  };
  if (option !== undefined) {
    const l = pick(option);
    if (!l) throw new Error(`--lang must be zh or en, not "${option}"`);
    return l;
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  const fromLocale = locale && !/^(c|posix)(\.|$)/i.test(locale) ? (pick(locale) ?? 'en') : undefined;
  return pick(env.KEHU_LANG) ?? fromLocale ?? 'zh';
}

/** Labels of fields, shared by tables, CSV headers in Chinese mode, and show. */
export const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  code: { zh: '客户代码', en: 'Code' },
  stable_code: { zh: '固定代码', en: 'Stable code' },
  record_no: { zh: '开发记录编号', en: 'Record no.' },
  name: { zh: '单位名称', en: 'Name' },
  grade: { zh: '等级', en: 'Grade' },
  status: { zh: '状态', en: 'Status' },
  country: { zh: '国家', en: 'Country' },
  province: { zh: '省份', en: 'Province' },
  province_name: { zh: '省份', en: 'Province' },
  city: { zh: '城市', en: 'City' },
  city_code: { zh: '城市缩写', en: 'City code' },
  district: { zh: '区县', en: 'District' },
  foreign_region: { zh: '国外地区', en: 'Foreign region' },
  access: { zh: '查阅授权', en: 'Access' },
  region: { zh: '区域', en: 'Region' },
  serial: { zh: '序号', en: 'Serial' },
  address: { zh: '地址', en: 'Address' },
  postcode: { zh: '邮编', en: 'Postcode' },
  phone: { zh: '电话', en: 'Phone' },
  fax: { zh: '传真', en: 'Fax' },
  website: { zh: '网址', en: 'Website' },
  email: { zh: 'E-mail', en: 'Email' },
  legal_rep: { zh: '法人代表', en: 'Legal representative' },
  registered_capital: { zh: '注册资金', en: 'Registered capital' },
  industry: { zh: '行业', en: 'Industry' },
  nature: { zh: '客户性质', en: 'Nature' },
  type: { zh: '客户类型', en: 'Type' },
  credit_rating: { zh: '信用等级', en: 'Credit rating' },
  supplier_structure: { zh: '供应商结构', en: 'Supplier structure' },
  source: { zh: '客户来源', en: 'Source' },
  main_products: { zh: '主营产品', en: 'Main products' },
  years_in_business: { zh: '经营年限', en: 'Years in business' },
  owner: { zh: '负责人', en: 'Owner' },
  stage: { zh: '开发阶段', en: 'Stage' },
  materials: { zh: '索取资料', en: 'Materials' },
  materials_sent_at: { zh: '资料寄出时间', en: 'Materials sent' },
  notes: { zh: '备注', en: 'Notes' },
  cooperating_since: { zh: '合作起始', en: 'Cooperating since' },
  last_order_date: { zh: '最后订货', en: 'Last order' },
  lost_date: { zh: '流失日期', en: 'Lost on' },
  visit_count: { zh: '拜访次数', en: 'Visits' },
  created_on: { zh: '建档日期', en: 'Created' },
  created_by: { zh: '建档人', en: 'Created by' },
  title: { zh: '部门/职位', en: 'Dept./title' },
  mobile: { zh: '手机', en: 'Mobile' },
  decision_maker: { zh: '决策人', en: 'Decision maker' },
  birthday: { zh: '生日', en: 'Birthday' },
  valid_from: { zh: '启用', en: 'From' },
  valid_to: { zh: '停用', en: 'Until' },
  from_status: { zh: '原状态', en: 'From' },
  to_status: { zh: '新状态', en: 'To' },
  from_grade: { zh: '原等级', en: 'From' },
  to_grade: { zh: '新等级', en: 'To' },
  cause: { zh: '起因', en: 'Cause' },
  date: { zh: '日期', en: 'Date' },
  operator: { zh: '操作人', en: 'Operator' },
  reason_category: { zh: '原因类别', en: 'Reason category' },
  reason: { zh: '原因', en: 'Reason' },
  recorded_at: { zh: '录入时间', en: 'Recorded at' },
  roles: { zh: '角色', en: 'Roles' },
  plan: { zh: '方案', en: 'Plan' },
  created_at: { zh: '创建时间', en: 'Created at' },
  wechat: { zh: '微信', en: 'WeChat' },
  is_decision_maker: { zh: '决策人', en: 'Decision maker' },
  is_insider: { zh: '内线', en: 'Insider' },
  insider: { zh: '内线', en: 'Insider' },
  insider_stage: { zh: '内线阶段', en: 'Insider stage' },
  native_place: { zh: '籍贯', en: 'Native place' },
  age: { zh: '年龄', en: 'Age' },
  interests: { zh: '兴趣爱好', en: 'Interests' },
  years_at_company: { zh: '在职年限', en: 'Years at the company' },
  authority: { zh: '权限', en: 'Authority' },
  personality: { zh: '性格', en: 'Character' },
  working_style: { zh: '做事风格', en: 'Working style' },
  family: { zh: '家庭情况', en: 'Family' },
  former_code: { zh: '曾用代码', en: 'Former code' },
  pinyin: { zh: '拼音', en: 'Pinyin' },
  initials: { zh: '拼音首字母', en: 'Initials' },
  contact: { zh: '联系人', en: 'Contact' },
  contact_mobile: { zh: '联系人手机', en: 'Contact mobile' },
  contact_phone: { zh: '联系人电话', en: 'Contact phone' },
  contact_email: { zh: '联系人 E-mail', en: 'Contact email' },
  matched_field: { zh: '匹配项', en: 'Matched' },
  matched_value: { zh: '匹配内容', en: 'Matched value' },
  // A purge's audit entry (kehu log).
  settled_on: { zh: '结清日', en: 'Settled on' },
  rows: { zh: '清除的行', en: 'Rows erased' },
  personal_data: { zh: '清除个人信息的行', en: 'Personal data erased in' },
};

export function label(field: string, lang: Lang): string {
  return FIELD_LABELS[field]?.[lang] ?? field;
}

const TEXT = {
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  error: { zh: '错误', en: 'Error' },
  fix: { zh: '修正', en: 'Fix' },
  none: { zh: '（无）', en: '(none)' },
  archive: { zh: '客户档案', en: 'Archive' },
  contacts: { zh: '联系人', en: 'Contacts' },
  codeHistory: { zh: '代码沿革', en: 'Code history' },
  statusHistory: { zh: '状态变更', en: 'Status history' },
  gradeHistory: { zh: '等级变更', en: 'Grade history' },
  salvage: { zh: '挽救方案', en: 'Salvage plans' },
  customerAdded: { zh: '已建档', en: 'Customer added' },
  userAdded: { zh: '已添加用户', en: 'User added' },
  count: { zh: '共 {n} 条', en: '{n} rows' },
  searchNone: { zh: '没有与“{text}”相符的客户。', en: 'No customer matches "{text}".' },
  searchMore: { zh: '显示前 {n} 条，还有更多相符的客户：用 --limit 显示更多。', en: 'The first {n} shown; more customers match: raise --limit to see them.' },
  exact: { zh: '完全一致', en: 'exact' },
  prefix: { zh: '开头', en: 'prefix' },
  fragment: { zh: '包含', en: 'contains' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
} as const;

export function t(key: keyof typeof TEXT, lang: Lang, params: Record<string, string | number> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** Role values as the language names them: 销售经理、市场经理 / sales-manager, market-manager (what --role takes). */
function roleList(v: ErrorParams[string], lang: Lang): string {
  return Array.isArray(v) ? v.map((r) => (lang === 'zh' ? enumLabel(ROLES, r as Role, 'zh') : String(r))).join(lang === 'zh' ? '、' : ', ') : '';
}

function list(v: ErrorParams[string], lang: Lang): string {
  const arr = Array.isArray(v) ? v : [];
  return arr.join(lang === 'zh' ? '、' : ', ');
}

/** Words an error for a person: what is wrong with which value, and how to fix it. */
const TABLE_WORDS: Record<string, { zh: string; en: string }> = {
  users: { zh: '个用户', en: 'users' },
  user_roles: { zh: '个用户角色', en: 'user roles' },
  region_counters: { zh: '个地区流水号', en: 'region serial counters' },
  customers: { zh: '个客户', en: 'customers' },
  contacts: { zh: '个联系人', en: 'contacts' },
  status_decisions: { zh: '个状态决定', en: 'status decisions' },
  visits: { zh: '条开发记录', en: 'visits' },
  orders: { zh: '笔订货', en: 'orders' },
  reviews: { zh: '份资格评审', en: 'reviews' },
  applications: { zh: '份等级申请', en: 'applications' },
  approvals: { zh: '条审批', en: 'approvals' },
  salvage_plans: { zh: '份挽救方案', en: 'salvage plans' },
  region_moves: { zh: '次地区更正', en: 'region corrections' },
  voided_visits: { zh: '条作废的开发记录', en: 'voided visits' },
  voided_orders: { zh: '笔作废的订货', en: 'voided orders' },
  audit_log: { zh: '条操作日志', en: 'audit log entries' },
  access_grants: { zh: '条查阅授权', en: 'access grants' },
};

/** Words `table:holds|added|removed|changed|unverified:N` items (app/archive.ts holdings, app/demo.ts). */
function holdingsText(items: unknown, lang: Lang): string {
  const zh = lang === 'zh';
  const parts = (Array.isArray(items) ? items : []).map((item) => {
    const [table = '', kind = '', count = ''] = String(item).split(':');
    const n = /^\d+$/.test(count) ? groupThousands(Number(count)) : count;
    const w = TABLE_WORDS[table] ?? { zh: ` ${table}`, en: table };
    const noun = zh ? w.zh.replace(/^[个条笔份]/, '') : w.en;
    const en = n === '1' ? w.en.replace(/s$/, '') : w.en;
    switch (kind) {
      case 'added':
        return zh ? `新增 ${n} ${w.zh}` : `${n} ${en} added`;
      case 'removed':
        return zh ? `少了 ${n} ${w.zh}` : `${n} ${en} removed`;
      case 'changed':
        return zh ? `${noun}有改动` : `${w.en} changed`;
      case 'unverified':
        return zh ? `${n} ${w.zh}（旧版示例，无法核实）` : `${n} ${en} (an older demo, cannot be verified)`;
      default:
        return zh ? `${n} ${w.zh}` : `${n} ${en}`;
    }
  });
  return parts.join(zh ? '、' : ', ');
}

/** File system error codes in words. */
const FILE_ERRORS: Record<string, { zh: string; en: string }> = {
  ENOENT: { zh: '文件或文件夹不存在', en: 'no such file or folder' },
  EACCES: { zh: '没有权限', en: 'permission denied' },
  EPERM: { zh: '没有权限', en: 'permission denied' },
  EISDIR: { zh: '这是一个文件夹', en: 'it is a folder' },
  ENOTDIR: { zh: '路径中有一段是文件而不是文件夹', en: 'a part of the path is a file, not a folder' },
  EROFS: { zh: '文件系统只读', en: 'the file system is read-only' },
  // Only creating folders meets it: a file stands where a folder of the path should be.
  EEXIST: { zh: '路径中有一段是文件而不是文件夹', en: 'a part of the path is a file, not a folder' },
};

const REFUSALS: Record<string, { zh: string; en: string }> = {
  missing_reference: { zh: '它引用的行不在档案中', en: 'it refers to a row the archive does not have' },
  duplicate: { zh: '与前面的行重复', en: 'it repeats an earlier row' },
  invalid_value: { zh: '有不允许的值', en: 'it holds a value kehu does not allow' },
};

/** The wording of MalformedArchive by its problem (app/archive.ts); every one ends with nothing imported and a fix. */
function archiveProblemText(p: ErrorParams, lang: Lang): string {
  const zh = lang === 'zh';
  const s = (k: string): string => String(p[k] ?? '');
  const where = zh ? `${s('file')} 第 ${s('line')} 行` : `${s('file')}, line ${s('line')}`;
  const again = zh ? '修正：用 kehu export all 重新导出完整档案。' : 'Fix: export the archive again with kehu export all.';
  const none = zh ? '没有导入任何数据。' : 'Nothing was imported.';
  const table = s('table');
  switch (p.problem) {
    case 'unreadable': {
      const d = FILE_ERRORS[s('detail')] ?? { zh: s('detail'), en: s('detail') };
      return zh ? `无法读取 ${s('file')}（${d.zh}）。修正：检查文件路径与读取权限。` : `Cannot read ${s('file')} (${d.en}). Fix: check the path and that you may read it.`;
    }
    case 'empty':
      return zh ? `${s('file')} 是空文件。${none}${again}` : `${s('file')} is empty. ${none} ${again}`;
    case 'not_archive':
      return zh
        ? `${s('file')} 不是 kehu 完整档案（第一行应为 {"format":"kehu-archive",…}）。${none}修正：表格或客户、开发记录、订货文件请按类别导入，如 kehu import customers ${s('file')}。`
        : `${s('file')} is not a kehu archive (its first line must be {"format":"kehu-archive",…}). ${none} Fix: import a spreadsheet or a customers, visits or orders file by kind, e.g. kehu import customers ${s('file')}.`;
    case 'not_json':
      return zh ? `${where}不是完整的 JSON（文件可能被截断或改动）。${none}${again}` : `${where} is not valid JSON (the file was cut or changed). ${none} ${again}`;
    case 'cut_off':
      return zh ? `${s('file')} 在结束行之前就结束了（文件被截断）。${none}${again}` : `${s('file')} ends before its end line (it was cut off). ${none} ${again}`;
    case 'header_count':
    case 'end_count':
      return zh
        ? `${where}：档案记录有 ${s('expected')} 行${table ? `（${table}）` : ''}，实际读到 ${s('found')} 行（文件被截断或改动）。${none}${again}`
        : `${where}: the archive counts ${s('expected')} rows${table ? ` of ${table}` : ''} and holds ${s('found')} (the file was cut or changed). ${none} ${again}`;
    case 'row_refused': {
      const why = REFUSALS[s('why')] ?? { zh: s('detail'), en: s('detail') };
      return zh ? `${where}：${table} 的这一行无法导入，${why.zh}（文件被改动）。${none}${again}` : `${where}: this row of ${table} cannot be loaded: ${why.en} (the file was changed). ${none} ${again}`;
    }
    default:
      // row_before_table, row_width, unknown_table, bad_columns, after_end, unknown_line: the file's layout was changed.
      return zh ? `${where}：不符合完整档案的格式（${String(p.problem)}${table ? `，${table}` : ''}）。${none}${again}` : `${where} does not follow the archive's layout (${String(p.problem)}${table ? `, ${table}` : ''}). ${none} ${again}`;
  }
}

/** A deactivated user named for new work: as what, from when, and how to go on (app/users.ts assertActive). */
function deactivatedText(p: ErrorParams, lang: Lang): string {
  const s = (k: string): string => String(p[k] ?? '');
  const [name, since, option] = [s('name'), s('since'), s('option')];
  if (lang === 'zh') {
    switch (s('duty')) {
      case 'handler':
        return `用户“${name}”已于 ${since} 停用，不能再作为经办人记录拜访（${option}）。修正：--by 改为在职的经办人；停用前的拜访可用早于 ${since} 的 --date 补录。`;
      case 'approver':
        return `用户“${name}”已于 ${since} 停用，不能再审批（${option}）。修正：由在职且持有所需角色的用户用 --as 审批；停用前的决定可用早于 ${since} 的 --date 补录。`;
      default:
        return `用户“${name}”已于 ${since} 停用，不能再负责客户（${option}）。修正：改为在职用户（kehu user list 查看）。`;
    }
  }
  switch (s('duty')) {
    case 'handler':
      return `User "${name}" was deactivated on ${since} and can no longer handle visits (${option}). Fix: give an active handler with --by; a visit from before the deactivation takes a --date before ${since}.`;
    case 'approver':
      return `User "${name}" was deactivated on ${since} and can no longer approve (${option}). Fix: an active user holding a needed role decides with --as; a decision from before the deactivation takes a --date before ${since}.`;
    default:
      return `User "${name}" was deactivated on ${since} and can no longer own customers (${option}). Fix: give an active user (see kehu user list).`;
  }
}

/** What is wrong with a quota file and how to fix it (core/quotas.ts validateQuotaConfig). */
function quotasProblemText(p: ErrorParams, lang: Lang): string {
  const s = (k: string): string => String(p[k] ?? '');
  const zh = lang === 'zh';
  const v = s('value');
  const roles = ROLES.members.map((m) => m.value).join(zh ? '、' : ', ');
  const words: Record<string, { zh: string; en: string }> = {
    not_json: { zh: `不是有效的 JSON（${v}）；修正：检查括号、引号与逗号`, en: `is not valid JSON (${v}); fix: check brackets, quotes and commas` },
    not_object: { zh: '应为 JSON 对象 {…}；修正：按 data/quotas.json 的格式书写', en: 'must be a JSON object {…}; fix: follow the layout of data/quotas.json' },
    unknown_key: { zh: `有未知的键“${v}”；修正：删除它或改正拼写`, en: `has an unknown key "${v}"; fix: remove it or correct the spelling` },
    no_quotas: { zh: '缺少 "quotas" 列表；修正：给出 "quotas": [ … ]', en: 'has no "quotas" list; fix: give "quotas": [ … ]' },
    unknown_id: {
      zh: `的 id“${v}”未知；修正：可用 remote-contacts、potential-visits、potential-onsite-visits、new-customer-visits、new-customer-records、intent-customers、new-customers、new-customer-orders`,
      en: `has an unknown id "${v}"; fix: use one of remote-contacts, potential-visits, potential-onsite-visits, new-customer-visits, new-customer-records, intent-customers, new-customers, new-customer-orders`,
    },
    duplicate_id: { zh: `的 id“${v}”在前面已出现；修正：每个指标只写一次`, en: `repeats the id "${v}"; fix: give each quota once` },
    unknown_period: { zh: `的 per“${v}”无效；修正：可用 day、week、month、quarter`, en: `has an unknown per "${v}"; fix: use day, week, month or quarter` },
    bad_min: { zh: `的指标值 ${v} 无效；修正：min、max 应为不小于 0 的整数`, en: `has a bad target ${v}; fix: min and max must be whole numbers, 0 or more` },
    bad_min_amount: { zh: `的金额 ${v} 无效；修正：min、max 应为不小于 0 的元数，最多两位小数`, en: `has a bad amount ${v}; fix: min and max must be yuan, 0 or more, at most two decimals` },
    max_below_min: { zh: `的 max ${v} 小于 min；修正：max 不小于 min，或删去 max`, en: `has max ${v} below its min; fix: make max at least min, or leave it out` },
    no_roles: { zh: `缺少 roles 列表；修正：给出适用的角色，如 ["business-manager"]`, en: 'has no roles; fix: list the roles it applies to, e.g. ["business-manager"]' },
    unknown_role: { zh: `的角色“${v}”未知；修正：可用 ${roles}`, en: `has an unknown role "${v}"; fix: use ${roles}` },
    missing_label: { zh: `缺少 ${v}；修正：给出 section、zh、en 三项文字`, en: `has no ${v}; fix: give section, zh and en texts` },
    bad_work_days: { zh: `的值 ${v} 无效；修正：给出 1（周一）至 7（周日）的不重复列表，如 [1,2,3,4,5]`, en: `is not valid (${v}); fix: list ISO weekdays 1 (Monday) to 7 (Sunday) once each, e.g. [1,2,3,4,5]` },
    bad_intent_stage: { zh: `的值 ${v} 无效；修正：给出开发阶段 1–5`, en: `is not valid (${v}); fix: give a development stage 1–5` },
    bad_new_customer_months: { zh: `的值 ${v} 无效；修正：给出 1–120 的整数月数`, en: `is not valid (${v}); fix: give a whole number of months, 1–120` },
    unreadable: { zh: `无法读取（${v}）；修正：检查 --quotas 的路径`, en: `cannot be read (${v}); fix: check the --quotas path` },
  };
  const w = words[s('problem')] ?? { zh: s('problem'), en: s('problem') };
  return zh ? `指标文件 ${s('source')} 无效：${s('entry')} ${w.zh}。` : `Invalid quota file ${s('source')}: ${s('entry')} ${w.en}.`;
}

export function errorMessage(e: DomainError, lang: Lang): string {
  const p = e.params;
  const zh = lang === 'zh';
  const s = (k: string): string => String(p[k] ?? '');
  switch (e.key) {
    case 'unknown_province':
      return zh
        ? `未知省份“${s('input')}”。${list(p.suggestions, lang) ? `是否指：${list(p.suggestions, lang)}？` : ''}修正：用省份全称、简称或简称字（如 广东、粤）。`
        : `Unknown province "${s('input')}". ${list(p.suggestions, lang) ? `Did you mean: ${list(p.suggestions, lang)}? ` : ''}Fix: give the full name, short name or abbreviation (广东, 粤).`;
    case 'unknown_place':
      return zh
        ? `“${s('input')}”不是${s('province')}的已知地市或区县。${list(p.suggestions, lang) ? `是否指：${list(p.suggestions, lang)}？` : ''}修正：检查拼写，或用 --city-code 指定城市缩写。`
        : `"${s('input')}" is not a known city or county in ${s('province')}. ${list(p.suggestions, lang) ? `Did you mean: ${list(p.suggestions, lang)}? ` : ''}Fix: check the spelling, or give the city initials with --city-code.`;
    case 'ambiguous_place':
      return zh
        ? `“${s('input')}”在${s('province')}有多处：${list(p.candidates, lang)}。修正：写明地市，如 --city ${String((p.candidates as string[] | undefined)?.[0] ?? '')}。`
        : `"${s('input')}" is ambiguous in ${s('province')}: ${list(p.candidates, lang)}. Fix: name the prefecture too, e.g. --city ${String((p.candidates as string[] | undefined)?.[0] ?? '')}.`;
    case 'invalid_value': {
      const allowed = list(p.allowed, lang);
      const hint = p.hint ? String(p.hint) : '';
      // A Chinese hint is a whole instruction; a pattern such as YYYY-MM-DD reads the same in both languages.
      const zhHint = p.hint_zh ? String(p.hint_zh) : hint ? `应为 ${hint}` : '';
      return zh
        ? `${s('option')} 的值“${s('value')}”无效。修正：${allowed ? `可用值：${allowed}` : ''}${allowed && zhHint ? '；' : ''}${zhHint}。`
        : `Invalid value "${s('value')}" for ${s('option')}. Fix: ${allowed ? `use one of ${allowed}` : ''}${allowed && hint ? '; ' : ''}${hint ? `expected ${hint}` : ''}.`;
    }
    case 'missing_value':
      return zh ? `缺少 ${s('option')}。修正：在命令行给出 ${s('option')}（非交互模式不会提问）。` : `Missing ${s('option')}. Fix: give ${s('option')} on the command line (no prompts without a terminal).`;
    case 'invalid_code':
      return zh
        ? `“${s('input')}”不是客户代码。修正：用完整代码（如 Cb-粤GZ0001）或固定部分（粤GZ0001）。`
        : `"${s('input')}" is not a customer code. Fix: give a full code (Cb-粤GZ0001) or its stable part (粤GZ0001).`;
    case 'customer_not_found':
      if (p.current !== undefined) {
        return zh
          ? `按现有记录，${s('current')} 从未用过代码“${s('input')}”（例如其订货已作废）。修正：用现在的代码 ${s('current')} 或固定部分。`
          : `By the facts on record, ${s('current')} never had the code "${s('input')}" (an order may have been voided). Fix: use its code ${s('current')} or the stable part.`;
      }
      return zh ? `找不到客户“${s('input')}”。修正：用 kehu list 查看客户代码。` : `No customer "${s('input')}". Fix: find the code with kehu list.`;
    case 'duplicate_customer':
      return zh
        ? `单位名称“${s('name')}”已存在：${s('existing_code')} ${s('existing_name')}。修正：用 kehu show ${s('existing_code')} 查看该客户，不要重复建档。`
        : `A customer named "${s('existing_name')}" already exists as ${s('existing_code')}. Fix: use kehu show ${s('existing_code')}; do not add it twice.`;
    case 'duplicate_customer_hidden':
      return zh
        ? `单位名称“${s('name')}”已有客户档案，但你无权查阅（§8.8），未做改动。修正：请市场经理或总经理用 kehu grant 授权你查阅该客户，不要重复建档。`
        : `A customer named "${s('name')}" already exists, one you may not see (§8.8); nothing changed. Fix: ask a market or general manager to grant it to you (kehu grant); do not add it twice.`;
    case 'invalid_transition':
      return zh
        ? `不允许的状态变更：${s('from')} → ${s('to')}。修正：从 ${s('from')} 只能变为 ${list(p.allowed, lang) || '（无）'}。`
        : `Status ${s('from')} → ${s('to')} is not allowed. Fix: from ${s('from')} the allowed targets are ${list(p.allowed, lang) || '(none)'}.`;
    case 'unknown_user':
      if (s('option') === '--as') {
        return zh
          ? `未知用户“${s('name')}”（操作人，来自 --as、KEHU_USER 或登录名）。修正：用 --as 用户名 或环境变量 KEHU_USER 指明你是谁（kehu user list 查看用户），或先用 kehu user add ${s('name')} --role <角色> 添加。`
          : `Unknown user "${s('name')}" (the operator, from --as, KEHU_USER or the login name). Fix: say who you are with --as NAME or KEHU_USER (see kehu user list), or add it first with kehu user add ${s('name')} --role <role>.`;
      }
      return zh ? `未知用户“${s('name')}”。修正：先用 kehu user add ${s('name')} --role <角色> 添加。` : `Unknown user "${s('name')}". Fix: add it first with kehu user add ${s('name')} --role <role>.`;
    case 'duplicate_user':
      return zh ? `用户“${s('name')}”已存在。修正：用 kehu user list 查看。` : `User "${s('name')}" already exists. Fix: see kehu user list.`;
    case 'user_deactivated':
      return deactivatedText(p, lang);
    case 'already_deactivated':
      return zh
        ? `用户“${s('name')}”已于 ${s('since')} 停用，不能再次停用。修正：无需操作；用 kehu user list 查看。`
        : `User "${s('name')}" was already deactivated on ${s('since')}. Fix: nothing to do; see kehu user list.`;
    case 'same_owner':
      return zh ? `--from 与 --to 是同一个人（${s('name')}），没有可移交的。修正：--to 给出另一位在职用户。` : `--from and --to are both ${s('name')}: nothing to move. Fix: give --to another, active user.`;
    case 'unknown_owner':
      return zh
        ? `没有名为“${s('name')}”的用户（--from）。修正：用 kehu user list 查看现负责人的准确名字。`
        : `No user is named "${s('name')}" (--from). Fix: see the current owner's exact name with kehu user list.`;
    case 'as_refused':
      return zh
        ? `以 ${s('session')} 的身份连接服务器，不能以 ${s('named')} 的身份操作（--as 或 KEHU_USER）。修正：去掉 --as 与 KEHU_USER，以自己的身份操作；代他人操作需要管理员（kehu_admin 角色）。`
        : `Connected to the server as ${s('session')}, who may not act as ${s('named')} (--as or KEHU_USER). Fix: drop --as and KEHU_USER to act as yourself; acting for another user needs an administrator (the kehu_admin role).`;
    case 'database_busy':
      return zh ? `数据库 ${s('file')} 正被其他进程写入。修正：稍后重试。` : `Database ${s('file')} is busy: another process is writing. Fix: try again shortly.`;
    case 'database_unavailable':
      return zh ? `无法打开数据库 ${s('file')}：${s('reason')}。修正：检查路径与读写权限，或用 --db 指定其他文件。` : `Cannot open database ${s('file')}: ${s('reason')}. Fix: check the path and permissions, or choose another file with --db.`;
    case 'database_missing':
      return zh
        ? `数据库 ${s('file')} 不存在（只读的命令不会新建数据库）。修正：用 --db 或 KEHU_DB 指定已有的数据库文件，或先用 kehu add-customer、kehu import 或 kehu demo 建立。`
        : `No database at ${s('file')} (a command that only reads does not create one). Fix: give an existing file with --db or KEHU_DB, or create one first with kehu add-customer, kehu import or kehu demo.`;
    case 'schema_needs_owner':
      return zh
        ? `数据库 ${s('file')} 的表需要创建或升级，只有表的所有者（管理员）能执行；当前连接的角色是 ${s('user')}。修正：请管理员先以自己的角色运行一条 kehu 命令（如 kehu check），再重试。`
        : `Database ${s('file')} needs its tables created or upgraded, which only their owner (the administrator) can do; you are connected as ${s('user')}. Fix: have the administrator run one kehu command as their own role (kehu check), then try again.`;
    case 'schema_too_new':
      return zh
        ? `数据库 ${s('file')} 的结构版本 ${s('found')} 比本程序支持的 ${s('supported')} 新。修正：升级 kehu。`
        : `Database ${s('file')} has schema version ${s('found')}, newer than the ${s('supported')} this kehu supports. Fix: upgrade kehu.`;
    case 'order_on_invalid':
      return zh
        ? `客户 ${s('code')} 自 ${s('since')} 起是无效客户（d），${s('date')} 的订货与此矛盾。修正：若客户已重新合格，先记录重新评估（kehu set-status ${s('code')} b --reason <原因> --date <日期>）。`
        : `Customer ${s('code')} is invalid (d) since ${s('since')}; an order dated ${s('date')} contradicts that. Fix: if the customer was re-qualified, record that first (kehu set-status ${s('code')} b --reason <why> --date <day>).`;
    case 'malformed_import':
      return zh ? `无法读取 ${s('file')}：${s('reason')}。修正：检查文件格式与表头（--format-in csv|xlsx|json|ndjson）。` : `Cannot read ${s('file')}: ${s('reason')}. Fix: check the file's format and header row (--format-in csv|xlsx|json|ndjson).`;
    case 'wrong_encoding':
      return zh
        ? `${s('file')} 在第 ${s('offset')} 字节附近不是有效的 ${s('encoding')} 编码。修正：用 --encoding gbk 或 --encoding utf8 指定编码，或在 Excel 中另存为“CSV UTF-8”。`
        : `${s('file')} is not valid ${s('encoding')} near byte ${s('offset')}. Fix: give --encoding gbk or --encoding utf8, or save it from Excel as "CSV UTF-8".`;
    case 'import_rejected':
      return zh ? `${s('total')} 行中有 ${s('rejected')} 行有误，未导入任何数据。修正：改正上面列出的行后重新导入（--rejects FILE 可保存全部错误）。` : `${s('rejected')} of ${s('total')} rows rejected; nothing was imported. Fix: correct the rows listed above and import again (--rejects FILE saves every error).`;
    case 'duplicate_in_file':
      return zh ? `${s('column')}“${s('value')}”在本文件前面已出现。修正：删除重复行。` : `${s('column')} "${s('value')}" appears earlier in the same file. Fix: remove the duplicate row.`;
    case 'duplicate_record':
      return zh ? `${s('code')} 在 ${s('date')} 已有相同记录。修正：用 --on-duplicate skip 跳过已导入的记录。` : `${s('code')} already has this record on ${s('date')}. Fix: use --on-duplicate skip to leave records already imported.`;
    case 'cancelled':
      return zh ? '已取消，未记录任何内容。' : 'Cancelled; nothing was logged.';
    case 'invalid_grade_model':
      return zh
        ? `评审模型 ${s('source')} 无效：${s('problem')}。修正：每个因素须有唯一的 key、zh、en 和整数权重，权重合计 100。`
        : `Invalid grade model ${s('source')}: ${s('problem')}. Fix: give each factor a unique key, zh and en labels and a whole weight; weights must sum to 100.`;
    case 'invalid_quotas':
      return quotasProblemText(p, lang);
    case 'missing_factors':
      return zh
        ? `缺少因素评分：${list(p.missing, lang)}。修正：为每个因素给出 --factor 键=分数（0–100），或用 --score 直接给总分。`
        : `Missing factor scores: ${list(p.missing, lang)}. Fix: give --factor KEY=SCORE (0–100) for each, or the total with --score.`;
    case 'score_and_factors':
      return zh ? '--score 与 --factor 只能二选一。修正：给总分或各因素评分之一。' : 'Give --score or --factor, not both. Fix: give either the total or the factor scores.';
    case 'review_exists':
      return zh
        ? `${s('code')} 在 ${s('month')} 已有评审，每个客户每月只评审一次。修正：用 --month 指定其他月份。`
        : `${s('code')} already has a review for ${s('month')}; one review per customer per month. Fix: choose another --month.`;
    case 'review_out_of_order':
      return zh
        ? `${s('code')} 已有更晚月份（${s('latest')}）的评审，不能补录 ${s('month')}。修正：按月份顺序评审。`
        : `${s('code')} already has a review for a later month (${s('latest')}); ${s('month')} cannot be added. Fix: review months in order.`;
    case 'application_pending':
      return zh
        ? `${s('code')} 已有待审批的等级申请 #${s('id')}，每个客户只能有一个。修正：先审批或驳回，kehu approvals --all 查看。`
        : `${s('code')} already has a pending grade application #${s('id')}; only one at a time. Fix: approve or reject it first (kehu approvals --all).`;
    case 'application_not_found':
      return zh ? `找不到等级申请 #${s('id')}。修正：用 kehu approvals --all 查看申请号。` : `No grade application #${s('id')}. Fix: see the numbers with kehu approvals --all.`;
    case 'application_decided':
      return zh
        ? `等级申请 #${s('id')} 已${s('status') === 'approved' ? '批准' : '驳回'}，不能再审批。`
        : `Grade application #${s('id')} is already ${s('status')}; it cannot be decided again.`;
    case 'not_an_approver': {
      const roles = (k: string): string => roleList(p[k], lang);
      return zh
        ? `${s('name')} 不能审批申请 #${s('id')}：仍待 ${roles('waiting') || '（无）'}，而其角色为 ${roles('holds') || '（无）'}。修正：由持有所需角色的用户用 --as 审批。`
        : `${s('name')} cannot decide application #${s('id')}: it waits for ${roles('waiting') || '(none)'}, and ${s('name')} holds ${roles('holds') || '(none)'}. Fix: a user holding a needed role approves with --as.`;
    }
    case 'already_approved':
      return zh ? `${s('name')} 已审批过申请 #${s('id')}，同一人不能审批两次。` : `${s('name')} has already decided on application #${s('id')}; nobody approves twice.`;
    case 'already_image':
      return zh ? `${s('code')} 已是形象客户（X）。` : `${s('code')} is already an image customer (X).`;
    case 'not_lost':
      return zh
        ? `客户 ${s('code')} 不是流失客户（状态 ${s('status')}），挽救方案只针对流失客户。修正：用 kehu list --status c 查看流失客户。`
        : `Customer ${s('code')} is not lost (status ${s('status')}); salvage plans are for lost customers. Fix: see kehu list --status c.`;
    case 'backup_exists':
      return zh ? `备份文件 ${s('file')} 已存在，不会覆盖。修正：换一个文件名。` : `Backup file ${s('file')} already exists; it is not overwritten. Fix: choose a new file name.`;
    case 'check_failed':
      return zh ? `检查发现 ${s('problems')} 个问题（见上）。修正：从备份恢复，或联系维护人员。` : `The check found ${s('problems')} problems (above). Fix: restore a backup or ask a maintainer.`;
    case 'demo_refused':
      return zh
        ? `${s('file')} 含有 kehu demo 没有创建的数据（${holdingsText(p.holds, lang)}），kehu demo 不会覆盖。修正：用 --db 指定另一个文件，如 kehu demo --db /tmp/kehu-demo.db。`
        : `${s('file')} holds data kehu demo did not create (${holdingsText(p.holds, lang)}); kehu demo will not overwrite it. Fix: choose another file, e.g. kehu demo --db /tmp/kehu-demo.db.`;
    case 'archive_target_not_empty':
      return zh
        ? `${s('file')} 已有数据（${holdingsText(p.holds, lang)}），完整档案只导入空数据库。修正：用 --db 指定一个新文件，如 kehu import all ${s('archive')} --db 新.db。`
        : `${s('file')} already holds data (${holdingsText(p.holds, lang)}); a whole archive loads only into an empty database. Fix: give a new file with --db, e.g. kehu import all ${s('archive')} --db new.db.`;
    case 'out_unwritable': {
      const d = FILE_ERRORS[s('code')] ?? { zh: s('code'), en: s('code') };
      return zh
        ? `无法写入 ${s('file')}（${d.zh}）。修正：--out 给一个可以写入的文件夹中的文件。`
        : `Cannot write ${s('file')} (${d.en}). Fix: give --out a file in a folder you can write to.`;
    }
    case 'format_not_supported':
      return zh
        ? `${s('command')} 不能输出 ${s('format')} 格式，它能输出：${list(p.formats, lang)}。HTML 只有报表（churn-report、report …）能写。`
        : `${s('command')} cannot write ${s('format')}; it writes ${list(p.formats, lang)}. Only the reports (churn-report, report …) write HTML.`;
    case 'option_not_for_kind':
      return zh
        ? `kehu import all 不接受 ${s('option')}：完整档案只能整体导入空数据库。修正：去掉 ${s('option')}；要试导入、跳过重复或保存错误行，请按类别导入（customers、visits、orders、users）。`
        : `kehu import all does not take ${s('option')}: a whole archive loads, all of it, into an empty database. Fix: leave out ${s('option')}; to dry-run, skip duplicates or save rejects, import by kind (customers, visits, orders, users).`;
    case 'archive_too_new':
      return zh
        ? `${s('file')} 是第 ${s('found')} 版档案，本程序只能读到第 ${s('supported')} 版。修正：升级 kehu 后再导入。`
        : `${s('file')} is archive version ${s('found')}; this kehu reads up to version ${s('supported')}. Fix: upgrade kehu, then import it.`;
    case 'malformed_archive':
      return archiveProblemText(p, lang);
    case 'nothing_to_edit':
      return zh ? `没有给出要修改的内容（${s('code')}）。修正：给出至少一个字段，如 --phone 020-12345678；kehu edit --help 列出全部字段。` : `Nothing to change for ${s('code')}. Fix: give at least one field, e.g. --phone 020-12345678; kehu edit --help lists them.`;
    case 'contact_not_found':
      return zh ? `${s('code')} 没有联系人“${s('input')}”。修正：用编号或姓名指定，现有：${list(p.names, lang) || '（无）'}。` : `${s('code')} has no contact "${s('input')}". Fix: give its number or name; it has: ${list(p.names, lang) || '(none)'}.`;
    case 'ambiguous_contact':
      return zh ? `${s('code')} 有多个名为“${s('input')}”的联系人：${list(p.ids, lang)}。修正：用编号指定，如 '${String((p.ids as string[] | undefined)?.[0] ?? '')}'。` : `${s('code')} has several contacts named "${s('input')}": ${list(p.ids, lang)}. Fix: give the number, e.g. '${String((p.ids as string[] | undefined)?.[0] ?? '')}'.`;
    // kehu purge (§8.9; PIPL)
    case 'not_past_retention':
      if (p.settled_on === undefined) {
        return zh
          ? `${s('code')} 仍有业务关系（状态 ${s('status')}），档案永久保留（§8.9：有业务关系客户的档案永久保留），不能清除。修正：只清除联系人个人信息可用 --personal-data-only。`
          : `${s('code')} still has business (status ${s('status')}); records with business are kept for ever (§8.9). Fix: to erase only its contacts' personal data, add --personal-data-only.`;
      }
      return zh
        ? `${s('code')} 于 ${s('settled_on')} 结清，保管3年（§8.9），${s('purgeable_from')} 起方可清除。修正：届时再清除；只清除联系人个人信息可用 --personal-data-only。`
        : `${s('code')} was settled on ${s('settled_on')} and is kept for 3 years (§8.9): it can be purged from ${s('purgeable_from')}. Fix: purge it then; to erase only its contacts' personal data now, add --personal-data-only.`;
    case 'purge_not_allowed':
      if (s('why') === 'deactivated') {
        return zh ? `用户“${s('operator')}”已于 ${s('since')} 停用，不能清除数据（--as）。修正：由在职经理用 --as 执行。` : `User "${s('operator')}" was deactivated on ${s('since')} and cannot purge (--as). Fix: have an active manager run it with --as.`;
      }
      return zh
        ? `用户“${s('operator')}”无权清除数据（--as）：需要 ${roleList(p.roles, lang)} 之一。修正：由经理用 --as 执行。`
        : `User "${s('operator')}" may not purge (--as): it needs one of ${roleList(p.roles, lang)}. Fix: have a manager run it with --as.`;
    case 'check_needs_whole_archive':
      return zh
        ? `${s('user')} 只能查阅部分客户，kehu check 需要能查阅全部客户的会话（否则各项合计对不上）。修正：由管理员或总经理运行 kehu check。`
        : `${s('user')} sees only some customers, and kehu check needs a session that sees them all (the totals would not add up). Fix: have an administrator or the general manager run kehu check.`;
    // kehu grant / revoke (seed 002 §8.8)
    case 'grant_not_allowed':
      if (s('why') === 'deactivated') {
        return zh ? `用户“${s('operator')}”已于 ${s('since')} 停用，不能授权或收回查阅权限。修正：由在职的市场经理或总经理执行。` : `User "${s('operator')}" was deactivated on ${s('since')} and cannot grant or revoke access. Fix: have an active market or general manager run it.`;
      }
      return zh
        ? `用户“${s('operator')}”无权授权或收回查阅权限：需要 ${roleList(p.roles, lang)} 之一。修正：由市场经理或总经理执行（文件上用 --as）。`
        : `User "${s('operator')}" may not grant or revoke access: it needs one of ${roleList(p.roles, lang)}. Fix: have a market or general manager run it (--as on a file).`;
    case 'already_granted': {
      const why = s('why');
      const zhWhy = why === 'owner' ? '是该客户的负责人' : why === 'creator' ? '录入了该客户' : '已获授权';
      const enWhy = why === 'owner' ? 'owns it' : why === 'creator' ? 'entered it' : 'was granted it before';
      return zh
        ? `${s('user')} 已能查阅 ${s('target')}（${zhWhy}），未做改动。修正：无需再授权；用 kehu grants ${s('user')} 查看其授权。`
        : `${s('user')} already sees ${s('target')} (${enWhy}); nothing changed. Fix: nothing to do; see kehu grants ${s('user')}.`;
    }
    case 'grant_not_found':
      return zh
        ? `${s('target')} 并未授权给 ${s('user')}，未做改动。修正：用 kehu grants ${s('user')} 查看其授权。`
        : `${s('target')} is not granted to ${s('user')}; nothing changed. Fix: see kehu grants ${s('user')}.`;
    case 'region_needs_manager':
      return zh
        ? `区域 ${s('region')} 只能授权给 ${roleList(p.roles, lang)}，${s('user')} 不具备这些角色（§8.8：销售经理以上查阅所管辖区域的档案）。修正：授权单个客户（kehu grant 代码 ${s('user')}），或先为其加上经理角色（kehu import users）。`
        : `Region ${s('region')} can only be given to a ${roleList(p.roles, lang)}; ${s('user')} holds neither (§8.8: sales managers and above see their region). Fix: grant single customers (kehu grant CODE ${s('user')}), or give them a manager's role first (kehu import users).`;
    case 'purge_needs_yes':
      return zh
        ? `kehu purge 不在终端上运行时不会询问确认。修正：确认无误后加 --yes（可先用 --dry-run 查看将清除的内容）。`
        : `kehu purge does not ask for confirmation when not on a terminal. Fix: add --yes once sure (see what would go with --dry-run first).`;
    case 'visit_not_found':
      return zh ? `${s('code')} 没有第 ${s('seq')} 次拜访（已编到第 ${s('last')} 次）。修正：用 kehu history ${s('code')} --kind visit 查看编号。` : `${s('code')} has no visit ${s('seq')} (numbered up to ${s('last')}). Fix: see the numbers with kehu history ${s('code')} --kind visit.`;
    case 'order_not_found':
      return zh ? `没有订货 #${s('id')}。修正：用 kehu history 客户代码 --kind order 查看订货编号。` : `No order #${s('id')}. Fix: see the order numbers with kehu history CODE --kind order.`;
    case 'no_materials_requested':
      return zh
        ? `${s('code')} 第 ${s('seq')} 次拜访没有记录客户索取资料。修正：核对拜访编号（kehu history ${s('code')} --kind visit）；索取资料在记录拜访时用 --materials 记下。`
        : `${s('code')} visit ${s('seq')} records no request for materials. Fix: check the visit number (kehu history ${s('code')} --kind visit); a request is logged with log-visit --materials.`;
    case 'materials_already_sent':
      return zh
        ? `${s('code')} 第 ${s('seq')} 次拜访索取的资料已于 ${timeText(s('at'))} 由 ${s('by')} 寄出，不能重复记录。修正：无需操作；kehu history ${s('code')} 可查看。`
        : `The materials of ${s('code')} visit ${s('seq')} already went out on ${timeText(s('at'))} (${s('by')}); they cannot be recorded twice. Fix: nothing to do; see kehu history ${s('code')}.`;
    case 'agenda_user_deactivated':
      return zh
        ? `用户“${s('name')}”已于 ${s('since')} 停用，没有今日待办（${s('option')}）。修正：用 kehu reassign --from ${s('name')} --to <在职用户> 移交其客户，或用 --for 查看在职用户的待办。`
        : `User "${s('name')}" was deactivated on ${s('since')} and has no agenda (${s('option')}). Fix: move their customers with kehu reassign --from ${s('name')} --to <active user>, or give an active user with --for.`;
    case 'already_voided':
      if (s('attempt') === 'send-materials') {
        return zh
          ? `拜访 ${s('ref')} 已于 ${s('on')} 由 ${s('by')} 作废（${s('reason')}），作废的拜访不记录寄出资料。修正：核对拜访序号（kehu history ${s('ref').split(' ')[0]} --kind visit），需要时重新记录拜访并加 --materials。`
          : `Visit ${s('ref')} was voided by ${s('by')} on ${s('on')} (${s('reason')}); a voided visit takes no materials dispatch. Fix: check the visit number (kehu history ${s('ref').split(' ')[0]} --kind visit), or log the visit again with --materials.`;
      }
      return zh
        ? `${s('what') === 'visit' ? '拜访' : '订货'} ${s('ref')} 已于 ${s('on')} 由 ${s('by')} 作废（${s('reason')}），不能再次作废。`
        : `${s('what') === 'visit' ? 'Visit' : 'Order'} ${s('ref')} was already voided by ${s('by')} on ${s('on')} (${s('reason')}); it cannot be voided twice.`;
    case 'order_of_another_customer':
      return zh ? `订货 #${s('id')} 不属于 ${s('given')}，而属于 ${s('owner')}。修正：核对客户代码与订货编号（kehu history ${s('given')} --kind order）。` : `Order #${s('id')} is not ${s('given')}'s but ${s('owner')}'s. Fix: check the code and the order number (kehu history ${s('given')} --kind order).`;
    default:
      return e.message;
  }
}
