// kehu completion bash|zsh|fish: prints a shell completion script (commands, options, their values).

import { Argument, type Command } from 'commander';
import { completionScript, type Shell, SHELLS } from '../completion.js';
import { writeOut } from '../io.js';

export function register(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: commands, options and their values')
    .addArgument(new Argument('<shell>', 'bash | zsh | fish').choices([...SHELLS]))
    .addHelpText(
      'after',
      `
Examples:
  $ kehu completion bash > /etc/bash_completion.d/kehu
  $ source <(kehu completion bash)
  $ kehu completion zsh > "\${fpath[1]}/_kehu"
  $ kehu completion fish > ~/.config/fish/completions/kehu.fish`,
    )
    .action((shell: Shell, _o: unknown, self: Command) => {
      // buildProgram loaded every command for this one (main.ts): the script describes the whole tree.
      writeOut(completionScript(shell, self.parent ?? program));
    });
}
