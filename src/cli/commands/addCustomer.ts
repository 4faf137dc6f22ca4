// kehu add-customer: create an archive entry and its code (SPEC 2.1, 2.7).

import type { Command } from 'commander';
import type { AddCustomerInput, ContactInput } from '../../app/addCustomer.js';
import { DomainError, MissingValue } from '../../core/errors.js';
import { errorMessage } from '../i18n.js';
import { appContext, commonOf, isInteractive, langOf, renderContext, withCommon } from '../common.js';
import { writeErr, writeOut } from '../io.js';
import { renderCustomer, rolesText } from '../views.js';
import { approversFor } from '../../core/grade.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

const CONTACT_KEYS: Record<string, keyof ContactInput> = {
  name: 'name', 姓名: 'name', title: 'title', 职务: 'title', 职位: 'title', 部门: 'title', mobile: 'mobile', 手机: 'mobile',
  phone: 'phone', 电话: 'phone', email: 'email', 邮箱: 'email', decision: 'decisionMaker', 决策人: 'decisionMaker',
  birthday: 'birthday', 生日: 'birthday', notes: 'notes', 备注: 'notes', wechat: 'wechat', 微信: 'wechat', insider: 'insider', 内线: 'insider',
};

/** `王伟` or `王伟,title=采购经理,mobile=13800138000,decision` (also with ；，; separators and Chinese keys). */
export function parseContactSpec(spec: string): ContactInput {
  const parts = spec.split(/[;,；，]/).map((s) => s.trim()).filter(Boolean);
  const c: ContactInput = {};
  for (const part of parts) {
    const eq = part.search(/[=＝:：]/);
    if (eq < 0) {
      const key = CONTACT_KEYS[part.toLowerCase()];
      if (key === 'decisionMaker') c.decisionMaker = true;
      else if (key === 'insider') c.insider = true;
      else if (c.name === undefined) c.name = part;
      else c.notes = c.notes ? `${c.notes}; ${part}` : part;
      continue;
    }
    const k = part.slice(0, eq).trim().toLowerCase();
    const v = part.slice(eq + 1).trim();
    const key = CONTACT_KEYS[k];
    if (key === 'decisionMaker' || key === 'insider') c[key] = !/^(no|false|0|否)$/i.test(v);
    else if (key) (c as Record<string, unknown>)[key] = v;
    else c.notes = c.notes ? `${c.notes}; ${part}` : part;
  }
  return c;
}

interface AddOptions {
  province?: string; city?: string; district?: string; cityCode?: string; country?: string; grade?: string; status?: string;
  type?: string; source?: string; owner?: string; stage?: string; address?: string; postcode?: string; phone?: string;
  fax?: string; website?: string; email?: string; legalRep?: string; registeredCapital?: string; industry?: string;
  nature?: string; creditRating?: string; supplierStructure?: string; mainProducts?: string; years?: string; notes?: string;
  contact?: string[]; title?: string[]; mobile?: string[]; contactPhone?: string[]; contactEmail?: string[]; date?: string;
  cooperatingSince?: string; lostDate?: string;
}

function contactsFrom(o: AddOptions): ContactInput[] {
  return (o.contact ?? []).map((spec, i) => {
    const c = parseContactSpec(spec);
    return {
      ...c,
      title: c.title ?? o.title?.[i],
      mobile: c.mobile ?? o.mobile?.[i],
      phone: c.phone ?? o.contactPhone?.[i],
      email: c.email ?? o.contactEmail?.[i],
    };
  });
}

/** Asks on a terminal for what is missing (name, province, city), validating as the user types. */
async function promptMissing(input: AddCustomerInput, lang: 'zh' | 'en'): Promise<void> {
  const { input: ask, search } = await import('@inquirer/prompts');
  const { loadRegionIndex } = await import('../../app/regions.js');
  const zh = lang === 'zh';
  if (!input.name?.trim()) {
    input.name = await ask({ message: zh ? '单位名称' : 'Customer name', validate: (v) => (v.trim() ? true : zh ? '不能为空' : 'required') });
  }
  const foreign = input.country !== undefined && !['', 'CN', 'HK', 'MO', 'TW'].includes(input.country.toUpperCase());
  if (foreign) return;
  const regions = loadRegionIndex();
  if (!input.province?.trim()) {
    input.province = await search({
      message: zh ? '省份（可输入简称或拼音）' : 'Province (name, abbreviation or pinyin)',
      source: (term) => {
        const t = (term ?? '').trim().toLowerCase();
        return regions.provinces
          .filter((p) => !t || p.name.includes(t) || p.abbr === t || p.pinyin.startsWith(t) || p.alternates.includes(t))
          .map((p) => ({ name: `${p.abbr} ${p.name}`, value: p.abbr }));
      },
    });
  }
  if (!input.city?.trim() && !input.cityCode) {
    const province = regions.resolveProvince(input.province);
    if (regions.citiesOf(province.abbr).length > 1) {
      input.city = await ask({
        message: zh ? `城市或区县（${province.name}）` : `City or county (${province.name})`,
        validate: (v) => {
          try {
            regions.resolvePlace(province, v);
            return true;
          } catch (e) {
            return e instanceof DomainError ? errorMessage(e, lang) : (e as Error).message;
          }
        },
      });
    }
  }
}


/** The archive fields' options, shared by add-customer and edit. */
export function archiveOptions(cmd: Command): Command {
  return cmd
    .option('--province <p>', 'province: 广东, 广东省, 粤 or guangdong')
    .option('--city <c>', 'prefecture city, or a county/district of it (乐清 → 温州)')
    .option('--district <d>', 'county or district within the city')
    .option('--city-code <XY>', 'city initials, for a place not in the table (or the foreign region abbreviation)')
    .option('--country <CC>', 'ISO 3166-1 alpha-2 country for foreign customers, with --city-code')
    .option('--type <t>', 'dealer | direct | oem (经销商/直接用户/配套客户)')
    .option('--source <s>', 'phone | visit | inbound | exhibition | other')
    .option('--owner <user>', 'responsible user (负责人), a known user')
    .option('--stage <n>', 'development stage 1–5 for potential customers')
    .option('--address <a>', '地址')
    .option('--postcode <p>', '邮编 (6 digits)')
    .option('--phone <p>', '电话')
    .option('--fax <f>', '传真')
    .option('--website <w>', '网址')
    .option('--email <e>', 'E-mail')
    .option('--legal-rep <name>', '法人代表')
    .option('--registered-capital <text>', '注册资金, e.g. 500万')
    .option('--industry <text>', '行业')
    .option('--nature <text>', '客户性质')
    .option('--credit-rating <text>', '信用等级')
    .option('--supplier-structure <text>', '供应商结构')
    .option('--main-products <text>', '主营产品')
    .option('--years <n>', '经营年限 (years in business)')
    .option('--notes <text>', '备注');
}

export function register(program: Command): void {
  const cmd = program
    .command('add-customer')
    .description('add a customer to the archive and give it a code (新建客户档案)')
    .argument('[name]', 'company name (单位名称)')
    .option('--grade <g>', 'A VIP, B key, C general, X image (default C)')
    .option('--status <s>', 'a cooperating, b potential, c lost, d invalid (default b)')
    .option('--contact <spec>', 'contact: NAME or "NAME,title=..,mobile=..,phone=..,email=..,birthday=..,decision" (repeatable)', collect)
    .option('--title <t>', 'department/title of the contact at the same position (repeatable)', collect)
    .option('--mobile <m>', 'mobile of the contact at the same position (repeatable)', collect)
    .option('--contact-phone <p>', 'phone of the contact at the same position (repeatable)', collect)
    .option('--contact-email <e>', 'email of the contact at the same position (repeatable)', collect)
    .option('--date <date>', 'archive date YYYY-MM-DD (default today)')
    .option('--cooperating-since <date>', 'with --status a or c: since when it has cooperated (default the archive date)')
    .option('--lost-date <date>', 'with --status c: the day it was lost (default the archive date)')
    .addHelpText(
      'after',
      `
Examples:
  $ kehu add-customer 广州市天河电子有限公司 --province 广东 --city 广州
  $ kehu add-customer 乐清电气有限公司 --province 浙江 --city 乐清 --grade B --type dealer \\
      --contact "王伟,title=采购经理,mobile=13800138000,decision" --json
  $ kehu add-customer "Osaka Trading K.K." --country JP --city Osaka --city-code OSA`,
    );
  archiveOptions(cmd);
  withCommon(cmd);
  cmd.action(async (name: string | undefined, o: AddOptions, self: Command) => {
    const common = commonOf(self);
    const input: AddCustomerInput = {
      ...o,
      name,
      yearsInBusiness: o.years,
      contacts: contactsFrom(o),
    };
    if (isInteractive(common)) await promptMissing(input, langOf(common));
    else if (!name?.trim()) throw new MissingValue('NAME');
    const { addCustomer } = await import('../../app/addCustomer.js');
    const ctx = await appContext(common);
    const result = addCustomer(ctx, input);
    const rc = await renderContext(common);
    if (result.vip_unconfirmed) {
      const lang = langOf(common);
      const approvers = rolesText(approversFor('B', 'A', 'a'), lang);
      writeErr(
        lang === 'zh'
          ? `注意：正式VIP客户须经总经理确认（§5.2.1），已按重点客户（B）建档为 ${result.customer.code}。总经理建档、或经评审后由${approvers}审批升级，方为 A。`
          : `Note: a formal VIP needs the general manager's confirmation (§5.2.1); entered as a key customer (B): ${result.customer.code}. It becomes A when the general manager enters it, or through a review approved by: ${approvers}.`,
      );
    }
    writeOut(await renderCustomer({ ...result, code_history: [], status_history: [] }, rc, { brief: true }));
  });
}
