// `kehu completion bash|zsh|fish`: shell completion scripts made from the commander tree that buildProgram
// declares, so they name exactly the commands, options and values kehu accepts. Pure: a Command in, text out.

import type { Argument, Command, Option } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** One option as completion needs it. */
export interface OptionSpec {
  names: string[];
  takesValue: boolean;
  values: string[];
  description: string;
}

/** One command (the program itself has the empty path). */
export interface CommandSpec {
  path: string[];
  description: string;
  subcommands: { name: string; description: string }[];
  options: OptionSpec[];
  /** The values of each positional argument, where it has a fixed set (`import <kind>`: customers | visits …). */
  argValues: string[][];
}

/**
 * The values an option or argument takes: its choices when declared with .choices(), else the set its
 * placeholder (`--lang <zh|en>`) or its description (`A | B | C | X`, `customers | visits | … (…)`) lists.
 */
export function enumValuesOf(item: { argChoices?: string[] | undefined; flags?: string; description: string; sourceDescription?: string }): string[] {
  if (item.argChoices?.length) return [...item.argChoices];
  const placeholder = /<([^<>]+)>|\[([^[\]]+)\]/.exec(item.flags ?? '');
  const inFlags = placeholder ? (placeholder[1] ?? placeholder[2])!.trim() : '';
  if (/^[\w.-]+(\|[\w.-]+)+$/.test(inFlags)) return inFlags.split('|');
  // The command file's description when help shows a translation (help.ts keeps it as sourceDescription).
  const listed = /^\s*([\w.-]+(?: \| [\w.-]+)+)(?=$|[\s(,;])/.exec(item.sourceDescription ?? item.description);
  return listed ? listed[1]!.split(' | ') : [];
}

function optionSpec(o: Option): OptionSpec {
  return {
    names: [o.long, o.short].filter((n): n is string => Boolean(n)),
    takesValue: o.required || o.optional,
    values: enumValuesOf(o),
    description: o.description,
  };
}

function argValues(a: Argument): string[] {
  return enumValuesOf(a);
}

/** Every command of the tree, depth first, with the program's own options added to each (they work anywhere). */
export function commandSpecs(program: Command): CommandSpec[] {
  const globals = program.options.filter((o) => !o.hidden).map(optionSpec);
  const out: CommandSpec[] = [];
  const walk = (cmd: Command, path: string[]): void => {
    const own = cmd.options.filter((o) => !o.hidden).map(optionSpec);
    const names = new Set(own.flatMap((o) => o.names));
    const options = path.length === 0 ? own : [...own, ...globals.filter((g) => !g.names.some((n) => names.has(n)))];
    options.push({ names: ['--help', '-h'], takesValue: false, values: [], description: 'help' });
    const subs = cmd.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
    out.push({
      path,
      description: cmd.description(),
      subcommands: subs.map((c) => ({ name: c.name(), description: c.description() })),
      options,
      argValues: cmd.registeredArguments.map(argValues),
    });
    for (const c of subs) walk(c, [...path, c.name()]);
  };
  walk(program, []);
  return out;
}

/** Single-quoted for sh-like shells. */
const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function completionScript(shell: Shell, program: Command): string {
  const specs = commandSpecs(program);
  if (shell === 'bash') return bashScript(specs);
  if (shell === 'zsh') return zshScript(specs);
  return fishScript(specs);
}

/**
 * The lookup functions both bash and zsh use: keys are the command path (`kehu report potential-vip`), with
 * an option or an argument position after it for values. Plain `case`, so bash 3.2 (macOS) reads it too.
 */
function lookups(specs: CommandSpec[]): string {
  const key = (s: CommandSpec): string => ['kehu', ...s.path].join(' ');
  const subs = specs.filter((s) => s.subcommands.length).map((s) => `    ${sq(key(s))}) echo ${sq(s.subcommands.map((c) => c.name).join(' '))} ;;`);
  const opts = specs.map((s) => `    ${sq(key(s))}) echo ${sq(s.options.flatMap((o) => o.names.filter((n) => n.startsWith('--'))).join(' '))} ;;`);
  const takes = specs.map((s) => `    ${sq(key(s))}) echo ${sq(` ${s.options.filter((o) => o.takesValue).flatMap((o) => o.names).join(' ')} `)} ;;`);
  const vals: string[] = [];
  for (const s of specs) {
    for (const o of s.options) if (o.takesValue && o.values.length) for (const n of o.names) vals.push(`    ${sq(`${key(s)} ${n}`)}) echo ${sq(o.values.join(' '))} ;;`);
    s.argValues.forEach((v, i) => {
      if (v.length) vals.push(`    ${sq(`${key(s)} #${i}`)}) echo ${sq(v.join(' '))} ;;`);
    });
  }
  return `_kehu_subcommands() {
  case "$1" in
${subs.join('\n')}
  esac
}
_kehu_options() {
  case "$1" in
${opts.join('\n')}
  esac
}
_kehu_value_options() {
  case "$1" in
${takes.join('\n')}
  esac
}
_kehu_values() {
  case "$1" in
${vals.join('\n')}
  esac
}
# Called with the words up to the current one (kehu first). Sets _kehu_path (the command named so far), _kehu_arg (the positional argument being typed) and _kehu_opt (the
# option whose value is being typed, if any) from the words before the current one.
_kehu_walk() {
  local i w takes
  _kehu_path=kehu _kehu_arg=0 _kehu_opt=
  for ((i = 2; i < $#; i++)); do
    w="\${@:i:1}"
    # bash splits --lang=zh into --lang, = and zh.
    [[ "$w" == "=" ]] && continue
    if [[ -n "$_kehu_opt" ]]; then _kehu_opt=; continue; fi
    case "$w" in
      --*=*) ;;
      -*)
        takes="$(_kehu_value_options "$_kehu_path")"
        [[ "$takes" == *" $w "* ]] && _kehu_opt="$w" ;;
      *)
        if [[ " $(_kehu_subcommands "$_kehu_path") " == *" $w "* ]]; then _kehu_path="$_kehu_path $w" _kehu_arg=0
        else _kehu_arg=$((_kehu_arg + 1)); fi ;;
    esac
  done
}`;
}

function bashScript(specs: CommandSpec[]): string {
  return `# kehu completion for bash. Install: kehu completion bash > /etc/bash_completion.d/kehu
# (or ~/.local/share/bash-completion/completions/kehu), or for this shell: source <(kehu completion bash)
${lookups(specs)}
_kehu() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words
  _kehu_walk "\${COMP_WORDS[@]:0:COMP_CWORD+1}"
  [[ "$cur" == "=" ]] && cur=
  COMPREPLY=()
  if [[ -n "$_kehu_opt" ]]; then
    words="$(_kehu_values "$_kehu_path $_kehu_opt")"
    [[ -n "$words" ]] && COMPREPLY=($(compgen -W "$words" -- "$cur")) || COMPREPLY=($(compgen -f -- "$cur"))
    return 0
  fi
  case "$cur" in
    --*=*)
      words="$(_kehu_values "$_kehu_path \${cur%%=*}")"
      COMPREPLY=($(compgen -P "\${cur%%=*}=" -W "$words" -- "\${cur#*=}")) ;;
    -*) COMPREPLY=($(compgen -W "$(_kehu_options "$_kehu_path")" -- "$cur")) ;;
    *)
      words="$(_kehu_subcommands "$_kehu_path")"
      [[ -z "$words" ]] && words="$(_kehu_values "$_kehu_path #$_kehu_arg")"
      if [[ -n "$words" ]]; then COMPREPLY=($(compgen -W "$words" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi ;;
  esac
  return 0
}
complete -o filenames -F _kehu kehu
`;
}

function zshScript(specs: CommandSpec[]): string {
  const described = specs
    .filter((s) => s.subcommands.length)
    .map((s) => `    ${sq(['kehu', ...s.path].join(' '))}) cmds=(${s.subcommands.map((c) => sq(`${c.name}:${oneLine(c.description).replace(/:/g, '\\:')}`)).join(' ')}) ;;`);
  return `#compdef kehu
# kehu completion for zsh. Install: kehu completion zsh > "\${fpath[1]}/_kehu" (then compinit), or for this
# shell: source <(kehu completion zsh)
${lookups(specs)}
_kehu_described() {
  local -a cmds
  case "$1" in
${described.join('\n')}
  esac
  _describe -t commands 'kehu command' cmds
}
_kehu() {
  local cur="\${words[CURRENT]}" vals
  _kehu_walk "\${(@)words[1,CURRENT]}"
  if [[ -n "$_kehu_opt" ]]; then
    vals="$(_kehu_values "$_kehu_path $_kehu_opt")"
    if [[ -n "$vals" ]]; then compadd -- \${=vals}; else _files; fi
    return
  fi
  case "$cur" in
    -*) compadd -- \${=$(_kehu_options "$_kehu_path")} ;;
    *)
      if [[ -n "$(_kehu_subcommands "$_kehu_path")" ]]; then _kehu_described "$_kehu_path"
      else
        vals="$(_kehu_values "$_kehu_path #$_kehu_arg")"
        if [[ -n "$vals" ]]; then compadd -- \${=vals}; else _files; fi
      fi ;;
  esac
}
if [[ "$funcstack[1]" == _kehu ]]; then _kehu "$@"; else compdef _kehu kehu; fi
`;
}

function fishScript(specs: CommandSpec[]): string {
  const key = (s: CommandSpec): string => ['kehu', ...s.path].join(' ');
  const subs = specs.filter((s) => s.subcommands.length).map((s) => `    case ${sq(key(s))}\n      printf '%s\\n' ${s.subcommands.map((c) => sq(c.name)).join(' ')}`);
  const takes = specs.map((s) => `    case ${sq(key(s))}\n      printf '%s\\n' ${s.options.filter((o) => o.takesValue).flatMap((o) => o.names).map(sq).join(' ') || "''"}`);
  const lines = [
    '# kehu completion for fish. Install: kehu completion fish > ~/.config/fish/completions/kehu.fish',
    'function __kehu_subcommands',
    '  switch $argv[1]',
    ...subs,
    '  end',
    'end',
    'function __kehu_value_options',
    '  switch $argv[1]',
    ...takes,
    '  end',
    'end',
    '# The command named so far (kehu, kehu list, kehu report activity), skipping options and their values.',
    'function __kehu_path',
    '  set -l path kehu',
    '  set -l skip 0',
    '  for w in (commandline -opc)[2..-1]',
    '    if test $skip = 1',
    '      set skip 0',
    '    else if string match -q -- "-*" $w',
    '      contains -- $w (__kehu_value_options "$path"); and set skip 1',
    '    else if contains -- $w (__kehu_subcommands "$path")',
    '      set path "$path $w"',
    '    end',
    '  end',
    '  echo $path',
    'end',
    'function __kehu_in',
    '  test (__kehu_path) = "$argv[1]"',
    'end',
    'complete -c kehu -f',
  ];
  for (const s of specs) {
    const cond = `'__kehu_in "${key(s)}"'`;
    for (const c of s.subcommands) lines.push(`complete -c kehu -n ${cond} -a ${sq(c.name)} -d ${sq(oneLine(c.description))}`);
    for (const o of s.options) {
      const names = o.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(' ');
      const value = o.takesValue ? (o.values.length ? ` -x -a ${sq(o.values.join(' '))}` : ' -r -F') : '';
      lines.push(`complete -c kehu -n ${cond} ${names}${value} -d ${sq(oneLine(o.description))}`);
    }
    const first = s.argValues[0];
    if (first?.length && !s.subcommands.length) lines.push(`complete -c kehu -n ${cond} -a ${sq(first.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}
