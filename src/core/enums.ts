// Closed sets of the domain (SPEC 2.1–2.7) with their Chinese and English labels and accepted spellings.

export type Lang = 'zh' | 'en';

/** One member of a closed set: its stored value, labels, and extra input spellings. */
export interface EnumMember<V extends string> {
  value: V;
  zh: string;
  en: string;
  aliases?: readonly string[];
}

export interface EnumDef<V extends string> {
  /** Option name used in messages, e.g. "--grade". */
  option: string;
  members: readonly EnumMember<V>[];
}

function defineEnum<V extends string>(option: string, members: readonly EnumMember<V>[]): EnumDef<V> {
  return { option, members };
}

export const GRADES = defineEnum('--grade', [
  { value: 'A', zh: 'VIP客户', en: 'VIP', aliases: ['vip', 'VIP客户', 'A级'] },
  { value: 'B', zh: '重点客户', en: 'key', aliases: ['key', '重点', 'B级'] },
  { value: 'C', zh: '一般客户', en: 'general', aliases: ['general', '一般', 'C级'] },
  { value: 'X', zh: '形象客户', en: 'image', aliases: ['image', '形象'] },
] as const);
export type Grade = (typeof GRADES.members)[number]['value'];

export const STATUSES = defineEnum('--status', [
  { value: 'a', zh: '合作客户', en: 'cooperating', aliases: ['cooperating', '合作', '已购买客户', '已购买'] },
  { value: 'b', zh: '潜在客户', en: 'potential', aliases: ['potential', '潜在'] },
  { value: 'c', zh: '流失客户', en: 'lost', aliases: ['lost', '流失'] },
  { value: 'd', zh: '无效客户', en: 'invalid', aliases: ['invalid', '无效'] },
] as const);
export type Status = (typeof STATUSES.members)[number]['value'];

export const CUSTOMER_TYPES = defineEnum('--type', [
  { value: 'dealer', zh: '经销商/代理商', en: 'dealer', aliases: ['经销商', '代理商', '经销', '代理', '经销商/代理商'] },
  { value: 'direct', zh: '直接用户', en: 'direct user', aliases: ['直接用户', '直接', 'direct user'] },
  { value: 'oem', zh: '配套客户', en: 'OEM', aliases: ['配套客户', '配套用户', '配套'] },
] as const);
export type CustomerType = (typeof CUSTOMER_TYPES.members)[number]['value'];

export const SOURCES = defineEnum('--source', [
  { value: 'phone', zh: '电话销售', en: 'phone sales', aliases: ['电话销售', '电话'] },
  { value: 'visit', zh: '上门拜访', en: 'door visit', aliases: ['上门拜访', '上门'] },
  { value: 'inbound', zh: '自动上门', en: 'inbound', aliases: ['自动上门'] },
  { value: 'exhibition', zh: '展览会', en: 'exhibition', aliases: ['展览会', '展会'] },
  { value: 'other', zh: '其它', en: 'other', aliases: ['其它', '其他'] },
] as const);
export type Source = (typeof SOURCES.members)[number]['value'];

export const ROLES = defineEnum('--role', [
  { value: 'assistant', zh: '销售助理', en: 'sales assistant', aliases: ['销售助理', '市场助理', '助理'] },
  { value: 'business-manager', zh: '商务经理', en: 'business manager', aliases: ['商务经理'] },
  { value: 'tech-support', zh: '技术支持', en: 'tech support', aliases: ['技术支持'] },
  { value: 'sales-manager', zh: '销售经理', en: 'sales manager', aliases: ['销售经理'] },
  { value: 'market-manager', zh: '市场经理', en: 'market manager', aliases: ['市场经理'] },
  { value: 'general-manager', zh: '总经理', en: 'general manager', aliases: ['总经理'] },
  // 市场拓展 (seed 002 §2.1, §3.2, §6.2): prospects and visits like a business manager; no §7 duty, no approval.
  { value: 'market-development', zh: '市场拓展', en: 'market development', aliases: ['市场拓展', '拓展'] },
] as const);
export type Role = (typeof ROLES.members)[number]['value'];

export const VISIT_METHODS = defineEnum('--method', [
  { value: 'phone', zh: '电话', en: 'phone', aliases: ['电话'] },
  { value: 'onsite', zh: '上门', en: 'onsite', aliases: ['上门', '面访', '上门拜访'] },
  { value: 'email', zh: '电子邮件', en: 'email', aliases: ['邮件', '电子邮件', 'e-mail'] },
  { value: 'fax', zh: '传真', en: 'fax', aliases: ['传真'] },
  { value: 'letter', zh: '信函', en: 'letter', aliases: ['信函', '信件'] },
  { value: 'wechat', zh: '微信', en: 'WeChat', aliases: ['微信'] },
  { value: 'video', zh: '视频', en: 'video', aliases: ['视频'] },
  { value: 'other', zh: '其它', en: 'other', aliases: ['其它', '其他'] },
] as const);
export type VisitMethod = (typeof VISIT_METHODS.members)[number]['value'];

export const STAGES = defineEnum('--stage', [
  { value: '1', zh: '确定开发对象', en: 'identify' },
  { value: '2', zh: '样品提供/信息收集', en: 'samples & information' },
  { value: '3', zh: '价值评估', en: 'value assessment' },
  { value: '4', zh: '关系建立', en: 'relationship' },
  { value: '5', zh: '促成成交', en: 'closing' },
] as const);
export type Stage = (typeof STAGES.members)[number]['value'];

/** How far the relationship with an insider (内线, seed 000) has come: 认识 → 约会 → 认同 → 信赖 → 同盟. */
export const INSIDER_STAGES = defineEnum('--insider-stage', [
  { value: '1', zh: '认识', en: 'acquainted', aliases: ['认识', 'acquainted'] },
  { value: '2', zh: '约会', en: 'meeting', aliases: ['约会', 'meeting'] },
  { value: '3', zh: '认同', en: 'rapport', aliases: ['认同', 'rapport'] },
  { value: '4', zh: '信赖', en: 'trust', aliases: ['信赖', 'trust'] },
  { value: '5', zh: '同盟', en: 'ally', aliases: ['同盟', 'ally'] },
] as const);

export const REASON_CATEGORIES = defineEnum('--reason-category', [
  { value: 'price', zh: '价格', en: 'price', aliases: ['价格'] },
  { value: 'quality', zh: '质量', en: 'quality', aliases: ['质量'] },
  { value: 'delivery', zh: '交期', en: 'delivery', aliases: ['交期'] },
  { value: 'service', zh: '服务', en: 'service', aliases: ['服务'] },
  { value: 'competitor', zh: '竞争对手', en: 'competitor', aliases: ['竞争对手'] },
  { value: 'customer-business', zh: '客户经营变化', en: 'customer business change', aliases: ['客户经营变化'] },
  { value: 'personnel', zh: '人员变动', en: 'personnel change', aliases: ['人员变动'] },
  { value: 'no-order-6m', zh: '六个月未订货', en: 'no order for 6 months', aliases: ['六个月未订货'] },
  { value: 'no-need', zh: '无需求', en: 'no need', aliases: ['无需求'] },
  { value: 'not-qualified', zh: '不符合合作条件', en: 'does not meet our conditions', aliases: ['不符合合作条件'] },
  { value: 'given-up', zh: '放弃', en: 'given up', aliases: ['放弃', 'given up'] },
  { value: 'requalified', zh: '重新评估合格', en: 're-qualified', aliases: ['重新评估合格'] },
  { value: 'other', zh: '其它', en: 'other', aliases: ['其它', '其他'] },
] as const);
export type ReasonCategory = (typeof REASON_CATEGORIES.members)[number]['value'];

/** Normalise user text for enum matching: NFKC (full-width to half-width), trimmed, lower case. */
function enumKey(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}

/** Each enum's accepted spellings, normalised once: key → value. */
const LOOKUPS = new WeakMap<object, Map<string, string>>();

function lookupOf<V extends string>(def: EnumDef<V>): Map<string, V> {
  let m = LOOKUPS.get(def) as Map<string, V> | undefined;
  if (!m) {
    m = new Map();
    // First spelling wins, as the member-by-member search did.
    for (const member of def.members) {
      for (const spelling of [member.value, member.en, member.zh, ...(member.aliases ?? [])]) {
        const k = enumKey(spelling);
        if (!m.has(k)) m.set(k, member.value);
      }
    }
    LOOKUPS.set(def, m);
  }
  return m;
}

/**
 * Parses a value of a closed set from its stored value, English label, Chinese label or alias.
 * Returns undefined when nothing matches; callers raise InvalidValue naming the option.
 * Exact stored values (what exports and scripts send) are found without normalising.
 */
export function matchEnum<V extends string>(def: EnumDef<V>, input: string): V | undefined {
  const lookup = lookupOf(def);
  return lookup.get(input) ?? lookup.get(enumKey(input));
}

export function enumValues<V extends string>(def: EnumDef<V>): V[] {
  return def.members.map((m) => m.value);
}

export function enumLabel<V extends string>(def: EnumDef<V>, value: V, lang: Lang): string {
  const m = def.members.find((x) => x.value === value);
  return m ? m[lang] : value;
}
