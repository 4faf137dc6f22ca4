// The kehu process: declares every command, runs one, and maps errors to messages and exit codes.

import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { DomainError, UsageError } from '../core/errors.js';
import { closeDatabases, INSTALL_DIR, withCommon } from './common.js';
import { errorMessage, type Lang, resolveLang, t } from './i18n.js';
import { writeErr } from './io.js';
import { registerDue, registerHistory, registerLogOrder, registerLogVisit, registerSetStatus } from './commands/activity.js';
import { register as addCustomer } from './commands/addCustomer.js';
import { registerChurn, registerSalvage } from './commands/churn.js';
import { register as demo } from './commands/demo.js';
import { register as grades } from './commands/grades.js';
import { register as list } from './commands/list.js';
import { register as show } from './commands/show.js';
import { register as user } from './commands/user.js';

/** Exit codes (README "Exit codes"): 0 ok, 1 refused or failed, 2 usage, 75 database busy (EX_TEMPFAIL). */
export const EXIT = { ok: 0, failed: 1, usage: 2, busy: 75 } as const;

export const COMMANDS = [addCustomer, list, show, user, registerLogVisit, registerHistory, registerDue, registerLogOrder, registerSetStatus, registerChurn, registerSalvage, grades, demo];

export function buildProgram(): Command {
  const pkg = JSON.parse(fs.readFileSync(path.join(INSTALL_DIR, 'package.json'), 'utf8')) as { version: string };
  const program = new Command('kehu')
    .description('客户开发 CRM: customer codes, archive, visits, grades and churn reports in one SQLite file')
    .version(pkg.version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride();
  withCommon(program);
  for (const register of COMMANDS) register(program);
  for (const cmd of allCommands(program)) cmd.exitOverride();
  program.addHelpText('after', '\nRun kehu demo to build a sample database and see what the tool does.\nkehu <command> --help shows each command with an example.');
  return program;
}

export function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

/** What the error output needs before (or without) commander having parsed the line. */
function errorStyle(argv: readonly string[]): { json: boolean; lang: Lang } {
  const json = argv.includes('--json') || argv.some((a, i) => (a === '--format' && argv[i + 1] === 'json') || a === '--format=json');
  const li = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const langArg = li < 0 ? undefined : argv[li]!.includes('=') ? argv[li]!.split('=')[1] : argv[li + 1];
  let lang: Lang;
  try {
    lang = resolveLang(langArg, process.env);
  } catch {
    lang = resolveLang(undefined, process.env);
  }
  return { json, lang };
}

function report(e: DomainError | Error, code: number, style: { json: boolean; lang: Lang }): void {
  const message = e instanceof DomainError ? errorMessage(e, style.lang) : e.message;
  if (style.json) {
    const key = e instanceof DomainError ? e.key : 'internal_error';
    const params = e instanceof DomainError ? e.params : {};
    writeErr(JSON.stringify({ error: key, message, exit_code: code, ...params }));
  } else {
    writeErr(`${t('error', style.lang)}${style.lang === 'zh' ? '：' : ': '}${message}`);
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const style = errorStyle(argv.slice(2));
  const program = buildProgram();
  program.configureOutput({
    writeErr: (s) => {
      if (!style.json) process.stderr.write(s);
    },
  });
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      if (style.json) writeErr(JSON.stringify({ error: 'usage', message: e.message.replace(/^error: /, ''), exit_code: EXIT.usage }));
      return EXIT.usage;
    }
    if (e instanceof DomainError) {
      const code = e instanceof UsageError ? EXIT.usage : e.key === 'database_busy' ? EXIT.busy : EXIT.failed;
      report(e, code, style);
      return code;
    }
    report(e instanceof Error ? e : new Error(String(e)), EXIT.failed, style);
    if (process.env.KEHU_DEBUG && e instanceof Error) writeErr(e.stack ?? '');
    return EXIT.failed;
  } finally {
    closeDatabases();
  }
}

// Flush stdout before exiting so piped output is never cut short.
const code = await main(process.argv);
process.exitCode = code;
