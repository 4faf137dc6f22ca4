// End to end: `kehu completion bash|zsh|fish` — scripts made from the commander tree, checked by the shells.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kehu, tempDir } from '../helpers.js';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function script(shell: string): string {
  const r = kehu(['completion', shell]);
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  const file = path.join(tempDir(), `kehu.${shell}`);
  fs.writeFileSync(file, r.stdout);
  return file;
}

/** What bash offers for the words typed so far (the last one being completed), as a user pressing Tab gets it. */
function bashComplete(file: string, words: string[]): string[] {
  const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _kehu; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8', cwd: tempDir() });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('kehu completion bash', () => {
  const file = script('bash');

  it('is valid bash and registers the completion function', () => {
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    const r = spawnSync('bash', ['-c', `source '${file}'; complete -p kehu`], { encoding: 'utf8' });
    expect(r.stdout).toContain('-F _kehu kehu');
  });

  it('completes commands, subcommands, options and their values', () => {
    expect(bashComplete(file, ['kehu', 'li'])).toEqual(['list']);
    expect(bashComplete(file, ['kehu', 'list', '--gr'])).toEqual(['--grade']);
    expect(bashComplete(file, ['kehu', 'list', '--grade', ''])).toEqual(['A', 'B', 'C', 'X']);
    expect(bashComplete(file, ['kehu', 'list', '--status', ''])).toEqual(['a', 'b', 'c', 'd']);
    expect(bashComplete(file, ['kehu', 'list', '--format', 'j'])).toEqual(['json']);
    expect(bashComplete(file, ['kehu', 'list', '--lang', ''])).toEqual(['zh', 'en']);
    // As bash splits --lang=z (COMP_WORDBREAKS holds =), and as given whole.
    expect(bashComplete(file, ['kehu', 'list', '--lang', '=', 'z'])).toEqual(['zh']);
    expect(bashComplete(file, ['kehu', 'list', '--lang', '='])).toEqual(['zh', 'en']);
    expect(bashComplete(file, ['kehu', 'list', '--lang=e'])).toEqual(['--lang=en']);
    expect(bashComplete(file, ['kehu', 'report', 'po'])).toEqual(['potential-vip']);
    expect(bashComplete(file, ['kehu', 'user', ''])).toEqual(['add', 'list', 'deactivate']);
    expect(bashComplete(file, ['kehu', 'user', 'add', 'x', '--role', 'sales-m'])).toEqual(['sales-manager']);
    expect(bashComplete(file, ['kehu', 'import', 'c'])).toEqual(['customers']);
    expect(bashComplete(file, ['kehu', 'export', 'customers', '--format-out', ''])).toEqual(['csv', 'xlsx', 'json', 'ndjson']);
    expect(bashComplete(file, ['kehu', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    // Options before the command, values skipped: the command is still found.
    expect(bashComplete(file, ['kehu', '--db', 'x.db', 'list', '--so'])).toEqual(['--source', '--sort']);
    expect(bashComplete(file, ['kehu', 'list', '--sort', 'la'])).toEqual(['last-order']);
  });

  it('names every command the program declares', () => {
    const help = kehu(['--help', '--lang', 'en']).stdout;
    const top = bashComplete(file, ['kehu', '']);
    for (const name of ['add-customer', 'list', 'show', 'log-visit', 'churn-report', 'report', 'import', 'export', 'completion', 'today']) {
      expect(top).toContain(name);
      expect(help).toContain(name);
    }
  });
});

describe('kehu completion zsh and fish', () => {
  it('zsh: parses (when zsh is installed) and names the commands and values', () => {
    const file = script('zsh');
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('#compdef kehu\n')).toBe(true);
    for (const s of ["'list:", "'potential-vip:", "'kehu list --grade') echo 'A B C X'"]) expect(text).toContain(s);
    if (has('zsh')) expect(spawnSync('zsh', ['-n', file]).status).toBe(0);
  });

  it('fish: parses (when fish is installed) and names the commands, options and values', () => {
    const file = script('fish');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain("-a 'list'");
    expect(text).toContain(`complete -c kehu -n '__kehu_in "kehu list"' -l grade -x -a 'A B C X'`);
    expect(text).toContain(`complete -c kehu -n '__kehu_in "kehu report"' -a 'potential-vip'`);
    expect(text).toMatch(/-l lang -x -a 'zh en'/);
    if (has('fish')) expect(spawnSync('fish', ['--no-execute', file]).status).toBe(0);
  });

  it('an unknown shell is a usage error', () => {
    const r = kehu(['completion', 'tcsh']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });
});
