// Help and parser errors in the user's language: the catalogues applied over what the command files declare,
// and help wrapped at the terminal's width as it is displayed (a CJK character takes two columns).

import type { EventEmitter } from 'node:events';
import { type Command, Help, type Option } from 'commander';
import stringWidth from 'string-width';
import { HELP_EN, HELP_ZH, type CommandHelp } from './help.catalogue.js';
import type { Lang } from './i18n.js';

/** `report potential-vip`, `contact add`; '' for the program itself. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The width help wraps at: the terminal's, else COLUMNS, else 80. */
export function helpWidth(): number {
  const cols = process.stdout.columns || Number(process.env.COLUMNS) || 80;
  return Math.max(40, cols);
}

/** Where a line of help may break: before a CJK character (keeping closing punctuation with the one before it) or at a space. */
const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2014\\u2026\\u201c\\u201d';
const OPEN = '（“《「『【〔';
const CLOSE = '，。、；：！？）”》」』】〕…';
const CHUNK = new RegExp(`\\s*(?:[${OPEN}]*[${CJK}][${CLOSE}]*|[^\\s${CJK}]+[${CLOSE}]*)`, 'gu');

/** Wraps one paragraph to `width` display columns; a word longer than the width stays whole. */
export function wrapLine(line: string, width: number, indent = ''): string[] {
  const chunks = line.match(CHUNK);
  if (!chunks) return [line];
  const out: string[] = [];
  let cur = chunks.shift()!;
  let w = stringWidth(cur);
  for (const chunk of chunks) {
    const cw = stringWidth(chunk);
    if (w + cw <= width) {
      cur += chunk;
      w += cw;
      continue;
    }
    out.push(cur);
    cur = indent + chunk.trimStart();
    w = stringWidth(cur);
  }
  out.push(cur);
  return out;
}

/** An example command too wide for the window: broken at spaces outside quotes, continued with ` \`. */
function wrapExample(line: string, width: number): string[] {
  const lead = /^\s*/.exec(line)![0];
  const words = line.trim().match(/(?:"[^"]*"|'[^']*'|\S)+/g) ?? [];
  const out: string[] = [];
  let cur = lead;
  for (const word of words) {
    const sep = cur.trim() === '' ? '' : ' ';
    if (cur.trim() !== '' && stringWidth(cur + sep + word) + 2 > width) {
      out.push(`${cur} \\`);
      cur = `${lead}    ${word}`;
    } else cur += sep + word;
  }
  out.push(cur);
  return out;
}

/** A line of running prose: not blank, not indented (examples, continued items), not a list item. */
const isProse = (line: string): boolean => line !== '' && !/^\s/.test(line) && !/^[-*] /.test(line);

/**
 * The command files break their text near 105 columns; a line that long was broken for length, not for
 * meaning, so what follows runs on and the paragraph wraps once at the terminal's width instead of leaving
 * short stubs: the next prose line, or a deeper-indented line continuing an item (kept as its hanging
 * indent). Only ASCII ends meet this way: Chinese paragraphs are single lines; examples keep their lines.
 */
function joinBroken(lines: string[]): { text: string; hang: string | undefined }[] {
  const out: { text: string; hang: string | undefined }[] = [];
  let last = '';
  for (const line of lines) {
    const prev = out[out.length - 1];
    const broken = prev !== undefined && stringWidth(last) >= 90 && /[\x21-\x7e]$/.test(last) && /^\s*[\x21-\x7e]/.test(line) && !/^\s*\$ /.test(last);
    const lead = /^\s*/.exec(line)![0];
    if (broken && isProse(last) && isProse(line)) prev.text += ` ${line}`;
    else if (broken && (lead.length > /^\s*/.exec(last)![0].length || (lead !== '' && lead === prev.hang)) && !/^\s*\$ /.test(line)) {
      prev.text += ` ${line.trimStart()}`;
      prev.hang ??= lead;
    } else out.push({ text: line, hang: undefined });
    last = line;
  }
  return out;
}

/** Help text after the options (prose and examples), fitted to the width. */
export function fitText(text: string, width: number): string {
  return joinBroken(text.split('\n'))
    .flatMap(({ text: line, hang }) => {
      if (stringWidth(line) <= width) return [line];
      if (/^\s*\$ /.test(line)) return wrapExample(line, width);
      return wrapLine(line, width, hang ?? /^\s*/.exec(line)![0]);
    })
    .join('\n');
}

const TITLES_ZH: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

const zhUsage = (s: string): string => s.replace(/\[options\]/g, '[选项]').replace(/\[command\]/g, '[命令]');

/** commander's Help, measuring and wrapping by display width, in the given language. */
function helpConfig(lang: Lang): Partial<Help> {
  const zh = lang === 'zh';
  const extra = (o: { argChoices?: string[]; defaultValue?: unknown; defaultValueDescription?: string; envVar?: string }, isBoolean = false): string[] => {
    const info: string[] = [];
    if (o.argChoices) info.push(zh ? `可选：${o.argChoices.join('、')}` : `choices: ${o.argChoices.join(', ')}`);
    if (o.defaultValue !== undefined && !(isBoolean && o.defaultValue === false)) {
      const d = o.defaultValueDescription ?? (typeof o.defaultValue === 'string' ? o.defaultValue : JSON.stringify(o.defaultValue));
      info.push(zh ? `默认：${d}` : `default: ${d}`);
    }
    if (o.envVar) info.push(zh ? `环境变量：${o.envVar}` : `env: ${o.envVar}`);
    return info;
  };
  const join = (desc: string, info: string[]): string => {
    if (!info.length) return desc;
    const more = zh ? `（${info.join('；')}）` : `(${info.join('; ')})`;
    return desc ? `${desc}${zh ? '' : ' '}${more}` : more;
  };
  return {
    helpWidth: helpWidth(),
    // Wrap descriptions even beside the long terms of the program's command list.
    minWidthToWrap: 20,
    displayWidth: (s: string) => stringWidth(s),
    boxWrap(str: string, width: number): string {
      if (width < 20) return str;
      return str
        .split('\n')
        .flatMap((l) => wrapLine(l, width))
        .join('\n');
    },
    styleTitle: (s: string) => (zh ? (TITLES_ZH[s] ?? s) : s),
    commandUsage(cmd: Command): string {
      const u = Help.prototype.commandUsage.call(this, cmd);
      return zh ? zhUsage(u) : u;
    },
    subcommandTerm(cmd: Command): string {
      const u = Help.prototype.subcommandTerm.call(this, cmd);
      return zh ? zhUsage(u) : u;
    },
    optionDescription: (o: Option) => join(o.description, extra(o, o.isBoolean())),
    argumentDescription: (a) => join(a.description, extra(a)),
    formatHelp(cmd: Command, helper: Help): string {
      const text = Help.prototype.formatHelp.call(this, cmd, helper);
      return zh ? text.replace(/^用法： /, '用法：') : text;
    },
  };
}

/** The catalogue's words for a command, and the words every command shares (its '' entry's options). */
function entryOf(lang: Lang, key: string): CommandHelp | undefined {
  return (lang === 'zh' ? HELP_ZH : HELP_EN)[key];
}

/**
 * Puts the catalogue's words over the English of the command files, for every command of the tree, and
 * fits the help to the window. A command, option or argument the catalogue lacks keeps its English (the
 * help test names it); nothing fails at run time.
 */
export function localiseHelp(program: Command, lang: Lang, commands: readonly Command[]): void {
  const common = entryOf(lang, '*')?.opts ?? {};
  for (const cmd of commands) {
    const key = commandPath(cmd);
    const h = entryOf(lang, key);
    if (h?.d) cmd.description(h.d);
    for (const a of cmd.registeredArguments) {
      const d = h?.args?.[a.name()];
      if (d) replaceDescription(a, d);
    }
    for (const o of cmd.options) {
      const flag = o.long ?? o.flags;
      const d = h?.opts?.[flag] ?? common[flag];
      if (d) replaceDescription(o, d);
    }
    if (lang === 'zh') {
      cmd.helpOption('-h, --help', common['--help']);
      if (cmd.commands.length) cmd.helpCommand('help [command]', common.help);
    }
    cmd.configureHelp(helpConfig(lang));
    // The text after the options (prose and examples): the catalogue's, else the command file's, fitted to the window.
    const events = cmd as unknown as EventEmitter;
    const declared = events.listeners('afterHelp') as ((ctx: { error: boolean; command: Command; write: (s: string) => void }) => void)[];
    events.removeAllListeners('afterHelp');
    cmd.on('afterHelp', (ctx: { error: boolean; command: Command; write: (s: string) => void }) => {
      let text = h?.after !== undefined ? `\n${h.after}\n` : '';
      if (h?.after === undefined) for (const l of declared) l({ ...ctx, write: (s: string) => (text += s) });
      if (text) ctx.write(fitText(text, helpWidth()));
    });
  }
}

/** commander's English error (`error: unknown option '--grde'\n(Did you mean --grade?)`) in the user's language, without the `error:` prefix. */
export function parserErrorMessage(message: string, lang: Lang): string {
  const m0 = message.replace(/^error: /, '').trim();
  const zh = lang === 'zh';
  const suggestion = (s: string): string => {
    const one = /\n\(Did you mean ([^?]+)\?\)$/.exec(s);
    if (!one) return '';
    const many = /^one of (.+)$/.exec(one[1]!);
    if (many) return zh ? `（您是不是想用其中之一：${many[1]!.split(', ').join('、')}？）` : ` (did you mean one of ${many[1]}?)`;
    return zh ? `（您是不是想用 ${one[1]}？）` : ` (did you mean ${one[1]}?)`;
  };
  let m: RegExpExecArray | null;
  if ((m = /^unknown option '([^']*)'/.exec(m0))) return zh ? `未知选项 '${m[1]}'${suggestion(m0)}` : `unknown option '${m[1]}'${suggestion(m0)}`;
  if ((m = /^unknown command '([^']*)'/.exec(m0))) return zh ? `未知命令 '${m[1]}'${suggestion(m0)}` : `unknown command '${m[1]}'${suggestion(m0)}`;
  if ((m = /^missing required argument '([^']*)'$/.exec(m0))) return zh ? `缺少参数 '${m[1]}'` : `missing required argument '${m[1]}'`;
  if ((m = /^option '([^']*)' argument missing$/.exec(m0))) return zh ? `选项 '${m[1]}' 缺少值` : `option '${m[1]}' needs a value`;
  if ((m = /^required option '([^']*)' not specified$/.exec(m0))) return zh ? `缺少必需的选项 '${m[1]}'` : `required option '${m[1]}' not given`;
  if ((m = /^too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(m0))) {
    const which = m[1] ? (zh ? `（${m[1]}）` : ` for '${m[1]}'`) : '';
    return zh ? `参数过多${which}：应有 ${m[2]} 个，实际 ${m[3]} 个` : `too many arguments${which}: expected ${m[2]}, got ${m[3]}`;
  }
  if ((m = /^option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/.exec(m0))) {
    return zh ? `选项 '${m[1]}' 的值 '${m[2]}' 无效；可用值：${m[3]!.split(', ').join('、')}` : `option '${m[1]}' argument '${m[2]}' is invalid; allowed choices are ${m[3]}`;
  }
  if ((m = /^command-argument value '([^']*)' is invalid for argument '([^']*)'\. Allowed choices are (.*)\.$/.exec(m0))) {
    return zh ? `参数 '${m[2]}' 的值 '${m[1]}' 无效；可用值：${m[3]!.split(', ').join('、')}` : `argument '${m[2]}' value '${m[1]}' is invalid; allowed choices are ${m[3]}`;
  }
  if ((m = /^(.+) cannot be used with (.+)$/.exec(m0))) {
    const o = (s: string): string => s.replace(/^option /, '').replace(/^environment variable /, zh ? '环境变量 ' : 'environment variable ');
    return zh ? `${o(m[1]!)} 不能与 ${o(m[2]!)} 同时使用` : `${o(m[1]!)} cannot be used with ${o(m[2]!)}`;
  }
  return m0.replace(/\n/g, ' ');
}

/**
 * Shows `text` in place of an option's or argument's description, keeping the command file's own as
 * `sourceDescription`: the values it lists (`A | B | C | X`) are what `kehu completion` offers.
 */
function replaceDescription(item: { description: string; sourceDescription?: string }, text: string): void {
  item.sourceDescription ??= item.description;
  item.description = text;
}
