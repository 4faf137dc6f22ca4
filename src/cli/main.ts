// The kehu process: declares every command, runs one, and maps errors to messages and exit codes.

import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { DomainError, UsageError } from '../core/errors.js';
import { closeDatabases, INSTALL_DIR, withCommon } from './common.js';
import { errorMessage, type Lang, resolveLang, t } from './i18n.js';
import { writeErr } from './io.js';
/** Exit codes (README "Exit codes"): 0 ok, 1 refused or failed, 2 usage, 75 database busy (EX_TEMPFAIL), 130 cancelled with Ctrl-C. */
export const EXIT = { ok: 0, failed: 1, usage: 2, busy: 75, interrupted: 130 } as const;

type Register = (program: Command) => void;

/**
 * Every command, declared in one place: its names and the module that registers it. Only the
 * module of the command being run is loaded (start-up stays close to bare Node); help loads all.
 */
export const COMMANDS: readonly { names: readonly string[]; load: () => Promise<Register[]> }[] = [
  { names: ['add-customer'], load: async () => [(await import('./commands/addCustomer.js')).register] },
  { names: ['list'], load: async () => [(await import('./commands/list.js')).register] },
  { names: ['show'], load: async () => [(await import('./commands/show.js')).register] },
  { names: ['search'], load: async () => [(await import('./commands/search.js')).register] },
  { names: ['user'], load: async () => [(await import('./commands/user.js')).register] },
  {
    names: ['log-visit', 'history', 'due', 'log-order', 'set-status'],
    load: async () => {
      const m = await import('./commands/activity.js');
      return [m.registerLogVisit, m.registerHistory, m.registerDue, m.registerLogOrder, m.registerSetStatus];
    },
  },
  {
    names: ['churn-report', 'salvage'],
    load: async () => {
      const m = await import('./commands/churn.js');
      return [m.registerChurn, m.registerSalvage];
    },
  },
  { names: ['review-grade', 'designate-image', 'approve', 'reject', 'approvals'], load: async () => [(await import('./commands/grades.js')).register] },
  // Every report subcommand's module: `report` loads them all (each module adds its subcommands to reportCommand).
  {
    names: ['report'],
    load: async () => {
      const routines = await import('./commands/routines.js');
      return [
        (await import('./commands/grades.js')).registerPotentialVip,
        (await import('./commands/activityReport.js')).registerActivity,
        routines.registerFollowUp,
        routines.registerCatalogue,
        (await import('./commands/retention.js')).registerRetention,
      ];
    },
  },
  { names: ['purge'], load: async () => [(await import('./commands/retention.js')).registerPurge] },
  {
    names: ['import', 'export'],
    load: async () => {
      const m = await import('./commands/importExport.js');
      return [m.registerImport, m.registerExport];
    },
  },
  {
    names: ['check', 'backup'],
    load: async () => {
      const m = await import('./commands/maintenance.js');
      return [m.registerCheck, m.registerBackup];
    },
  },
  {
    names: ['edit', 'contact', 'void', 'log'],
    load: async () => {
      const m = await import('./commands/records.js');
      return [m.registerEdit, m.registerContact, m.registerVoid, m.registerLog];
    },
  },
  { names: ['demo'], load: async () => [(await import('./commands/demo.js')).register] },
  { names: ['reassign'], load: async () => [(await import('./commands/reassign.js')).register] },
  { names: ['grant', 'revoke', 'grants'], load: async () => [(await import('./commands/access.js')).register] },
  {
    names: ['today', 'send-materials'],
    load: async () => {
      const m = await import('./commands/today.js');
      return [m.registerToday, m.registerSendMaterials];
    },
  },
  // Describes every command: buildProgram loads them all for it, as for help.
  { names: ['completion'], load: async () => [(await import('./commands/completion.js')).register] },
];

/** The command named on the line (the first word that is a command name), if any. */
function invokedCommand(args: readonly string[]): (typeof COMMANDS)[number] | undefined {
  if (args.includes('--help') || args.includes('-h') || args[0] === 'help') return undefined;
  for (const a of args) {
    const found = COMMANDS.find((c) => c.names.includes(a));
    if (found) return found;
  }
  return undefined;
}

export async function buildProgram(args: readonly string[] = [], lang: Lang = errorStyle(args).lang): Promise<Command> {
  const pkg = JSON.parse(fs.readFileSync(path.join(INSTALL_DIR, 'package.json'), 'utf8')) as { version: string };
  const program = new Command('kehu')
    .description('客户开发 CRM: customer codes, archive, visits, grades and churn reports in one SQLite file or on a team PostgreSQL server')
    .version(pkg.version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride();
  withCommon(program);
  const only = invokedCommand(args);
  for (const entry of only && !only.names.includes('completion') ? [only] : COMMANDS) for (const register of await entry.load()) register(program);
  for (const cmd of allCommands(program)) cmd.exitOverride();
  program.addHelpText('after', '\nRun kehu demo to build a sample database and see what the tool does.\nkehu <command> --help shows each command with an example.');
  // Help in the user's language, fitted to the window: loaded only when help can be shown (no command, or one with subcommands).
  if (!only || program.commands.some((c) => c.commands.length > 0)) (await import('./help.js')).localiseHelp(program, lang, allCommands(program));
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
  const program = await buildProgram(argv.slice(2), style.lang);
  // Parser errors are worded in the catch below, in the user's language; every command, not only the program, writes through here.
  for (const cmd of allCommands(program)) {
    cmd.configureOutput({
      writeErr: (s) => {
        if (!style.json) process.stderr.write(s);
      },
      outputError: () => {},
    });
  }
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      const message = (await import('./help.js')).parserErrorMessage(e.message, style.lang);
      if (style.json) writeErr(JSON.stringify({ error: 'usage', message, exit_code: EXIT.usage }));
      else writeErr(`${t('error', style.lang)}${style.lang === 'zh' ? '：' : ': '}${message}`);
      return EXIT.usage;
    }
    // Ctrl-C at a prompt (@inquirer/prompts): the user's choice, not a failure.
    if (e instanceof Error && e.name === 'ExitPromptError') {
      const message = t('cancelled', style.lang);
      writeErr(style.json ? JSON.stringify({ error: 'cancelled', message, exit_code: EXIT.interrupted }) : message);
      return EXIT.interrupted;
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

// A reader that stops early (kehu list | head) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
// Flush stdout before exiting so piped output is never cut short. No top-level await: the build bundles this
// module as CommonJS (scripts/bundle.mjs), which V8 can compile from a code cache.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
