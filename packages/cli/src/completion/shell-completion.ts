import { format } from 'node:util';
import type { Command } from 'commander';
import { PROVIDER_IDS } from '../config/settings.js';
import type { CliIo } from '../context.js';

/**
 * Shell completion, generated from the command definitions by `@bomb.sh/tab` (the completion
 * library of Vitest, Nuxt and Prisma). `bankkit completion <shell>` prints a small script; on every
 * Tab it calls `bankkit complete -- <words>`, which answers from the same commander program that
 * parses the command line, so completion can never drift from the real commands and options.
 *
 * `createProgram` builds a fresh program: the library adds its own two commands to the program it
 * is given, and this keeps them (and its loading) out of every other command's start-up.
 */
export async function runCompletion(io: CliIo, createProgram: () => Command, args: string[]): Promise<void> {
  const { default: tab } = await import('@bomb.sh/tab/commander');
  const program = createProgram();
  // The program's own `completion` and `complete` give way to the library's.
  for (const name of ['completion', 'complete']) {
    const index = program.commands.findIndex((command) => command.name() === name);
    if (index >= 0) (program.commands as Command[]).splice(index, 1);
  }
  const completion = tab(program, { completionCommandName: 'completion' });
  const providers = (complete: (value: string, description: string) => void) => {
    for (const id of PROVIDER_IDS) complete(id, '');
  };
  for (const name of ['accounts', 'transactions']) {
    const option = completion.commands.get(name)?.options.get('provider');
    if (option) option.handler = providers;
  }
  const logout = completion.commands.get('logout')?.arguments.get('provider');
  if (logout) logout.handler = providers;
  // The library prints with console.log; `runCli` callers gave their own stdout.
  const log = console.log;
  console.log = (...parts: unknown[]) => io.stdout.write(`${format(...parts)}\n`);
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    console.log = log;
  }
}
