// Help and parser errors in both languages, every command's help walked from the built program, and the docs
// test: every command has a description, an example and a README entry.

import fs from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { kehu, ROOT } from '../helpers.js';

type Lang = 'zh' | 'en';

const CJK = /[\p{Script=Han}]/u;
const FULL_WIDTH_PUNCT = /[：（），。；、！？“”【】《》]/;

/** `kehu <path> --help` at 80 columns, no terminal. */
function help(cmdPath: string[], lang: Lang): string {
  const r = kehu([...cmdPath, '--help', '--lang', lang], { env: { COLUMNS: '80' } });
  expect(r.status, `kehu ${cmdPath.join(' ')} --help`).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** The subcommand names listed in a help text's command section (help itself left out). */
function subcommands(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === '命令：' || l === 'Commands:');
  if (start < 0) return [];
  const names: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '') break;
    const m = /^ {2}(\S+)/.exec(l);
    if (m && m[1] !== 'help') names.push(m[1]!);
  }
  return names;
}

/** Every command path of the program, found by walking `--help` from the top (the tree buildProgram makes). */
function walk(): string[][] {
  const paths: string[][] = [];
  const visit = (p: string[]): void => {
    const text = help(p, 'zh');
    for (const name of subcommands(text)) {
      paths.push([...p, name]);
      visit([...p, name]);
    }
  };
  visit([]);
  return paths;
}

const PATHS = walk();
const ALL: string[][] = [[], ...PATHS];

/** The items of a help text's 参数/选项/命令 sections: a term and its description (continuation lines joined). */
function items(text: string): { term: string; description: string }[] {
  const out: { term: string; description: string }[] = [];
  let section = false;
  for (const line of text.split('\n')) {
    if (/^(参数|选项|命令|Arguments|Options|Commands)[：:]$/.test(line)) {
      section = true;
      continue;
    }
    if (line.trim() === '') {
      section = false;
      continue;
    }
    if (!section) continue;
    const item = /^ {2}(\S(?:.*?\S)?)(?: {2,}(\S.*))?$/.exec(line);
    if (item && !/^ {4}/.test(line)) out.push({ term: item[1]!, description: item[2] ?? '' });
    else if (out.length) out[out.length - 1]!.description += ` ${line.trim()}`;
  }
  return out;
}

/** The help text without its example command lines (`$ kehu …` and their ` \` continuations). */
function prose(text: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  let continued = false;
  for (const l of lines) {
    const example: boolean = /^\s*\$ /.test(l) || continued;
    continued = example && / \\$/.test(l);
    if (!example) kept.push(l);
  }
  return kept.join('\n');
}

/** English prose with what may hold Chinese taken out: ( … ) groups (domain terms such as 客户检索目录, values) and "…" values. */
function outsideParentheses(text: string): string {
  let s = text.replace(/\s*\n\s*/g, ' ').replace(/"[^"]*"/g, '""');
  for (let prev = ''; prev !== s; ) [prev, s] = [s, s.replace(/\([^()]*\)/g, '()')];
  return s;
}

describe('help in both languages (every command from the program)', () => {
  it('walks the whole tree: every top-level command and the subcommands of report, user, contact and void', () => {
    const names = PATHS.map((p) => p.join(' '));
    for (const n of ['add-customer', 'list', 'report potential-vip', 'report catalogue', 'user add', 'contact edit', 'void order', 'send-materials']) expect(names).toContain(n);
  });

  for (const p of ALL) {
    const name = `kehu ${p.join(' ')}`.trim();
    it(`${name} --help in Chinese: Chinese titles and words on every item, no line over 80 columns`, () => {
      const text = help(p, 'zh');
      expect(text.startsWith('用法：kehu')).toBe(true);
      expect(text).not.toMatch(/^(Usage|Options|Commands|Arguments|Examples?):/m);
      const wide = text.split('\n').filter((l) => stringWidth(l) > 80);
      expect(wide, `${name}: lines wider than 80 columns`).toEqual([]);
      const description = text.split('\n')[2] ?? '';
      expect(description, `${name}: the description is not in the catalogue (src/cli/help.catalogue.ts)`).toMatch(CJK);
      // An item in English means the catalogue lacks it: the message names the command and the option, for whoever adds it.
      const english = items(text).filter((i) => !CJK.test(i.description) && !/^[-\w|<>[\]., …]*$/.test(i.description));
      expect(english.map((i) => `${name} ${i.term}: ${i.description}`), 'missing from the Chinese help catalogue').toEqual([]);
      expect(text).toMatch(/\n示例：\n {2}\$ kehu /);
    });

    it(`${name} --help in English: English titles, no Chinese outside parentheses and examples, ASCII punctuation`, () => {
      const text = help(p, 'en');
      expect(text.startsWith('Usage: kehu')).toBe(true);
      expect(text).not.toMatch(/用法|选项|命令|参数|示例/);
      const wide = text.split('\n').filter((l) => stringWidth(l) > 80);
      expect(wide, `${name}: lines wider than 80 columns`).toEqual([]);
      const rest = outsideParentheses(prose(text));
      expect(rest.match(new RegExp(`.{0,30}(?:${CJK.source}|${FULL_WIDTH_PUNCT.source}).{0,30}`, 'gu')) ?? [], `${name}: Chinese outside parentheses`).toEqual([]);
      expect(text).toMatch(/\nExamples?:\n {2}\$ kehu /);
    });
  }

  it('wraps by display width at a wider terminal too (COLUMNS=120), never over it', () => {
    const r = kehu(['today', '--help'], { env: { COLUMNS: '120' } });
    const widths = r.stdout.split('\n').map((l) => stringWidth(l));
    expect(Math.max(...widths)).toBeLessThanOrEqual(120);
    expect(Math.max(...widths)).toBeGreaterThan(80);
  });
});

describe('parser errors in both languages: exit 2, one line on stderr, nothing on stdout', () => {
  const cases: [string, string[], string, string][] = [
    ['unknown option with a suggestion', ['list', '--grde', 'A'], "错误：未知选项 '--grde'（您是不是想用 --grade？）", "Error: unknown option '--grde' (did you mean --grade?)"],
    ['unknown option without one', ['list', '--colour'], "错误：未知选项 '--colour'", "Error: unknown option '--colour'"],
    ['unknown command with a suggestion', ['lst'], "错误：未知命令 'lst'（您是不是想用 list？）", "Error: unknown command 'lst' (did you mean list?)"],
    ['unknown subcommand', ['report', 'potentialvip'], "错误：未知命令 'potentialvip'（您是不是想用 potential-vip？）", "Error: unknown command 'potentialvip' (did you mean potential-vip?)"],
    ['missing argument', ['show'], "错误：缺少参数 'code'", "Error: missing required argument 'code'"],
    ['missing option value', ['list', '--limit'], "错误：选项 '--limit <n>' 缺少值", "Error: option '--limit <n>' needs a value"],
    [
      'bad choice',
      ['list', '--format', 'xml'],
      "错误：选项 '--format <format>' 的值 'xml' 无效；可用值：table、json、csv、md、html",
      "Error: option '--format <format>' argument 'xml' is invalid; allowed choices are table, json, csv, md, html",
    ],
    ['excess arguments', ['show', 'Cb-粤GZ0001', 'extra'], '错误：参数过多（show）：应有 1 个，实际 2 个', "Error: too many arguments for 'show': expected 1, got 2"],
  ];
  for (const [what, args, zh, en] of cases) {
    it(what, () => {
      const z = kehu([...args, '--lang', 'zh']);
      expect([z.status, z.stdout, z.stderr]).toEqual([2, '', `${zh}\n`]);
      const e = kehu([...args, '--lang', 'en']);
      expect([e.status, e.stdout, e.stderr]).toEqual([2, '', `${en}\n`]);
      expect(e.stderr).not.toMatch(FULL_WIDTH_PUNCT);
    });
  }

  it('the language comes from KEHU_LANG and LANG when --lang is not given', () => {
    expect(kehu(['list', '--grde'], { env: { KEHU_LANG: 'en' } }).stderr).toBe("Error: unknown option '--grde' (did you mean --grade?)\n");
    expect(kehu(['list', '--grde'], { env: { LANG: 'en_US.UTF-8' } }).stderr).toBe("Error: unknown option '--grde' (did you mean --grade?)\n");
    expect(kehu(['list', '--grde']).stderr).toBe("错误：未知选项 '--grde'（您是不是想用 --grade？）\n");
  });

  it('--json keeps the JSON error shape, with the message in the language, on every command', () => {
    for (const lang of ['zh', 'en'] as const) {
      const r = kehu(['list', '--grde', '--json', '--lang', lang]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(r.stderr)).toEqual({
        error: 'usage',
        message: lang === 'zh' ? "未知选项 '--grde'（您是不是想用 --grade？）" : "unknown option '--grde' (did you mean --grade?)",
        exit_code: 2,
      });
    }
  });
});

describe('docs: every command has help with a description and an example, and a README entry', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const headings = readme.split('\n').filter((l) => l.startsWith('#'));
  const commandList = /## Commands\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const main = fs.readFileSync(path.join(ROOT, 'src', 'cli', 'main.ts'), 'utf8');
  const declared = [...main.matchAll(/names: \[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/'([^']+)'/g)].map((n) => n[1]!));
  const reportSubs = PATHS.filter((p) => p[0] === 'report' && p.length === 2).map((p) => p.join(' '));

  it('COMMANDS in main.ts and the help tree name the same commands', () => {
    expect(declared.length).toBeGreaterThan(30);
    expect(PATHS.filter((p) => p.length === 1).map((p) => p[0]).sort()).toEqual([...declared].sort());
    expect(reportSubs.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of [...declared, ...reportSubs]) {
    it(`kehu ${name}`, () => {
      for (const lang of ['zh', 'en'] as const) {
        const text = help(name.split(' '), lang);
        expect((text.split('\n')[2] ?? '').trim(), `${name}: a description`).not.toBe('');
        expect(text, `${name}: an example of the command itself`).toMatch(new RegExp(`\\$ kehu ${name}\\b`));
      }
      const inList = commandList.split('\n').some((l) => new RegExp(`(^|\\s)kehu ${name}(\\s|$)`).test(l));
      const inHeading = headings.some((h) => h.includes(`kehu ${name}`));
      expect(inList || inHeading, `${name}: in the README's command list or a heading`).toBe(true);
    });
  }
});
