import { readFileSync } from 'node:fs';
import { Argument, Command, Option } from 'commander';
import {
  collectList,
  parseCount,
  parseDate,
  parseProvider,
  parseProviders,
  parseSeconds,
} from './commands/option-parsers.js';
import { checkEnvironmentNames } from './config/load-settings.js';
import { PROVIDER_IDS, type ProviderId } from './config/settings.js';
import { type CliIo, CommandContext, type GlobalOptions } from './context.js';
import { UsageError } from './errors/cli-errors.js';
import {
  ACCOUNT_FORMATS,
  type AccountFormat,
  TRANSACTION_FORMATS,
  type TransactionFormat,
} from './output/formats.js';

/** The flags of `bankkit login bridge`, as commander parses them. */
interface BridgeLoginOptionsFromFlags {
  email?: string;
  userUuid?: string;
  externalUserId?: string;
  connect?: boolean;
  browser: boolean;
  timeout: number;
}

/** The version in the CLI's package.json. */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? '0.0.0';
}

/** Receives the context a command ran with (the runner needs it to explain a failure). */
export type ContextListener = (context: CommandContext) => void;

/** The shells `bankkit completion` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;

const EXAMPLES = `
Examples:
  $ bankkit demo                                   the whole job against a local sandbox
  $ bankkit login sparebank1                       log in with BankID in the browser
  $ bankkit accounts --format csv
  $ bankkit transactions --from 2025-01-01 --format ndjson --output tx.ndjson
  $ bankkit sync                                   fetch what changed since last time into the ledger
  $ bankkit transactions --ledger --from 2025-01-01  read the ledger, no network
  $ bankkit sandbox                                run a sandbox; then add --sandbox to any command
  $ source <(bankkit completion bash)              tab completion (also zsh, fish)

Configuration: BANKKIT_SPAREBANK1_CLIENT_ID, _CLIENT_SECRET, _REDIRECT_URI, _FIN_INST;
BANKKIT_BRIDGE_CLIENT_ID, _CLIENT_SECRET, _EMAIL, _PASSWORD, _USER_UUID; or config.json in the
config directory (BANKKIT_CONFIG_DIR overrides it). Without any, commands use the sandbox and
say so; once anything is configured, only --sandbox does.

Exit codes: 0 ok, 1 error, 2 usage, 3 login required, 130 interrupted.`;

/**
 * The `bankkit` command line (commander). Command modules load on first use: `--help` and
 * `--version` stay fast, and only `demo`, `sandbox` and sandbox targets load the sandbox. Each action builds a {@link CommandContext} from the
 * global options and hands it to `onContext` before running, so the caller can explain errors.
 */
export function createProgram(io: CliIo, signal: AbortSignal, onContext: ContextListener): Command {
  const program = new Command('bankkit')
    .description('Every account and transaction from every bank, in one place: SpareBank 1 and Bridge.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .option('--sandbox', 'use the sandbox (a running `bankkit sandbox`, else an embedded one)')
    .option('--debug', 'show debug output and stack traces (secrets are always redacted)')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const contextOf = (command: Command): CommandContext => {
    checkEnvironmentNames(io.env);
    const globals = command.optsWithGlobals<GlobalOptions>();
    const context = new CommandContext(
      io,
      { sandbox: Boolean(globals.sandbox), debug: Boolean(globals.debug) },
      signal,
    );
    onContext(context);
    return context;
  };

  const providerOption = () =>
    new Option(
      '-p, --provider <ids>',
      `only these providers (${PROVIDER_IDS.join(', ')}); repeatable`,
    ).argParser(parseProviders);

  program
    .command('demo')
    .description('start a sandbox, log in to both banks and show every account and the latest transactions')
    .option('-n, --limit <count>', 'how many of the latest transactions to show', parseCount, 15)
    .action(async (options: { limit: number }, command: Command) => {
      const { demoCommand } = await import('./commands/demo.js');
      await demoCommand(contextOf(command), options);
    });

  const login = program
    .command('login')
    .description('log in to a bank and store the tokens')
    .helpCommand(false)
    .addHelpText(
      'after',
      '\nSpareBank 1 opens BankID in the browser and receives the answer on the registered redirect URI\n(127.0.0.1 only). Bridge 2025-01-15 (the default) takes a user uuid or external id and opens Bridge\nConnect in the browser when the user has no bank yet (or with --connect), its answer caught on\n127.0.0.1; Bridge 2021-06-01 takes email and password (the password hidden) or a user uuid.',
    );
  login
    .command('sparebank1')
    .description('log in with BankID in the browser (OAuth authorization-code flow)')
    .option('--no-browser', 'only print the login URL; do not open a browser (also BANKKIT_NO_BROWSER=1)')
    .option('--timeout <seconds>', 'how long to wait for the browser to come back', parseSeconds, 300)
    .action(async (options: { browser: boolean; timeout: number }, command: Command) => {
      const { loginSpareBank1Command } = await import('./commands/login.js');
      await loginSpareBank1Command(contextOf(command), options);
    });
  login
    .command('bridge')
    .description('log in a Bridge user (2025-01-15: by uuid or external id, then Bridge Connect)')
    .option(
      '--email <email>',
      'the user email (2021-06-01: logs in with it; 2025-01-15: pre-filled in Bridge Connect)',
    )
    .option('--user-uuid <uuid>', 'log in by the user uuid (else BANKKIT_BRIDGE_USER_UUID)')
    .option(
      '--external-user-id <id>',
      '2025-01-15: log in by your id for the user, created at Bridge if new (else BANKKIT_BRIDGE_EXTERNAL_USER_ID)',
    )
    .option('--connect', '2025-01-15: connect a bank in Bridge Connect even if the user has one')
    .option('--no-connect', '2025-01-15: only obtain the token, never open Bridge Connect')
    .option(
      '--no-browser',
      'only print the Bridge Connect URL; do not open a browser (also BANKKIT_NO_BROWSER=1)',
    )
    .option('--timeout <seconds>', 'how long to wait for Bridge Connect to come back', parseSeconds, 300)
    .action(async (options: BridgeLoginOptionsFromFlags, command: Command) => {
      const { loginBridgeCommand } = await import('./commands/login.js');
      await loginBridgeCommand(contextOf(command), options);
    });

  program
    .command('accounts')
    .description('list every account with its balance')
    .addOption(providerOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(ACCOUNT_FORMATS).default('table'))
    .action(async (options: { provider?: ProviderId[]; format: AccountFormat }, command: Command) => {
      const { accountsCommand } = await import('./commands/accounts.js');
      await accountsCommand(contextOf(command), { provider: options.provider ?? [], format: options.format });
    });

  program
    .command('transactions')
    .description('list transactions, newest first (JSON, NDJSON and CSV stream)')
    .addOption(providerOption())
    .option('-a, --account <ids>', 'only these account ids (see `bankkit accounts`); repeatable', collectList)
    .option('--from <date>', 'first booking date included (YYYY-MM-DD)', parseDate)
    .option('--to <date>', 'last booking date included (YYYY-MM-DD)', parseDate)
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(TRANSACTION_FORMATS).default('table'),
    )
    .option('-o, --output <file>', 'write to this file (atomically: complete or not at all)')
    .option('--ledger', 'read from the ledger `bankkit sync` keeps, without asking any bank')
    .option('--db <path>', 'with --ledger: the ledger file (default: as `bankkit sync`)')
    .action(
      async (
        options: {
          provider?: ProviderId[];
          account?: string[];
          from?: string;
          to?: string;
          format: TransactionFormat;
          output?: string;
          ledger?: boolean;
          db?: string;
        },
        command: Command,
      ) => {
        const listing = {
          provider: options.provider ?? [],
          account: options.account ?? [],
          from: options.from,
          to: options.to,
          format: options.format,
          output: options.output,
        };
        if (options.ledger) {
          const { ledgerTransactionsCommand } = await import('./commands/ledger-transactions.js');
          await ledgerTransactionsCommand(contextOf(command), { ...listing, db: options.db });
          return;
        }
        if (options.db !== undefined)
          throw new UsageError('--db goes with --ledger.', 'add --ledger, or drop --db');
        const { transactionsCommand } = await import('./commands/transactions.js');
        await transactionsCommand(contextOf(command), listing);
      },
    );

  program
    .command('sync')
    .description('bring the local ledger up to date with every bank: only what changed is fetched')
    .addOption(providerOption())
    .option('--db <path>', 'the ledger file (default: ledger.db in the data folder)')
    .option('--full', 'forget what the ledger holds of these banks and sync them from the beginning')
    .action(async (options: { provider?: ProviderId[]; db?: string; full?: boolean }, command: Command) => {
      const { syncCommand } = await import('./commands/sync.js');
      await syncCommand(contextOf(command), {
        provider: options.provider ?? [],
        db: options.db,
        full: options.full,
      });
    });

  program
    .command('status')
    .description('show each login: access-token expiry and, for SpareBank 1, when BankID is needed again')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json'] as const).default('text'),
    )
    .action(async (options: { format: 'text' | 'json' }, command: Command) => {
      const { statusCommand } = await import('./commands/status.js');
      await statusCommand(contextOf(command), options);
    });

  program
    .command('logout')
    .description('forget the stored login of one bank, or of all')
    .addArgument(
      new Argument('[provider]', 'the bank to log out of (all when omitted)').argParser(parseProvider),
    )
    .action(async (provider: ProviderId | undefined, _options: unknown, command: Command) => {
      const { logoutCommand } = await import('./commands/logout.js');
      await logoutCommand(contextOf(command), provider);
    });

  program
    .command('sandbox')
    .description('run the sandbox until Ctrl-C, printing its URLs and demo credentials')
    .option('--seed <number>', 'seed of the generated data', parseCount)
    .action(async (options: { seed?: number }, command: Command) => {
      const { sandboxCommand } = await import('./commands/sandbox.js');
      await sandboxCommand(contextOf(command), options);
    });

  program
    .command('completion')
    .description('print the shell completion script (bash, zsh, fish or powershell)')
    .addArgument(new Argument('<shell>', 'the shell').choices(COMPLETION_SHELLS))
    .addHelpText(
      'after',
      "\nTo enable it:\n  bash  echo 'source <(bankkit completion bash)' >> ~/.bashrc\n  zsh   echo 'source <(bankkit completion zsh)' >> ~/.zshrc\n  fish  bankkit completion fish > ~/.config/fish/completions/bankkit.fish",
    )
    .action(async (shell: string) => {
      const { runCompletion } = await import('./completion/shell-completion.js');
      await runCompletion(io, () => createProgram(io, signal, onContext), ['completion', shell]);
    });
  // What the completion scripts call on every Tab: `bankkit complete -- <words so far>`.
  program
    .command('complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .action(async (words: string[]) => {
      const { runCompletion } = await import('./completion/shell-completion.js');
      await runCompletion(io, () => createProgram(io, signal, onContext), ['complete', '--', ...words]);
    });

  return program;
}
