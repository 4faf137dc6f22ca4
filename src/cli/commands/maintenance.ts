// kehu check and kehu backup: is the file sound, and a consistent copy of it.

import type { Command } from 'commander';
import { appContext, commonOf, formatOf, langOf, withCommon } from '../common.js';
import { writeOut } from '../io.js';

export function registerCheck(program: Command): void {
  const cmd = program
    .command('check')
    .description("check the database: SQLite's integrity check and kehu's own invariants")
    .addHelpText(
      'after',
      '\nChecks serials against their region counters, gap-free visit numbers, that every code matches its grade and status,\nthe kept order totals, that every customer\'s stored status, grade and code history equal the timeline its facts\ngive (code intervals contiguous, none backwards), and that no formal VIP lacks a general manager approval.\n\nExample:\n  $ kehu check --json',
    );
  withCommon(cmd);
  cmd.action(async (_o: unknown, self: Command) => {
    const common = commonOf(self);
    const { check, CheckFailed } = await import('../../app/check.js');
    const r = check(await appContext(common));
    const zh = langOf(common) === 'zh';
    if (formatOf(common) === 'json') writeOut(JSON.stringify(r, null, 2) + '\n');
    else {
      let out = `${zh ? '完整性检查' : 'integrity_check'}: ${r.integrity.join('; ')}\n`;
      out += r.violations.length ? r.violations.map((v) => `${v.check} ${v.code}: ${v.detail}`).join('\n') + '\n' : `${zh ? '业务规则检查：全部通过' : 'invariants: all hold'}\n`;
      if (r.warnings.length) out += `${zh ? '请核对（不影响检查结果）' : 'to look at (the check still holds)'}:\n${r.warnings.map((v) => `  ${v.code}: ${v.detail}`).join('\n')}\n`;
      writeOut(out);
    }
    if (!r.ok) throw new CheckFailed(r.violations.length + (r.integrity[0] === 'ok' ? 0 : r.integrity.length));
  });
}

export function registerBackup(program: Command): void {
  const cmd = program
    .command('backup')
    .description('write a consistent snapshot of the database to a new file (safe while others write)')
    .argument('<file>', 'the new file (must not exist)')
    .addHelpText('after', '\nExample:\n  $ kehu backup /srv/backup/kehu-2026-11-23.db');
  withCommon(cmd);
  cmd.action(async (file: string, _o: unknown, self: Command) => {
    const common = commonOf(self);
    const { backup } = await import('../../app/backup.js');
    const r = backup(await appContext(common), file);
    if (formatOf(common) === 'json') writeOut(JSON.stringify(r, null, 2) + '\n');
    else writeOut(`${langOf(common) === 'zh' ? '已备份到' : 'Backed up to'} ${r.file} (${r.bytes} bytes, integrity_check: ${r.integrity.join('; ')})\n`);
  });
}
