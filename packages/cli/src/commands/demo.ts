import type { Account } from '@bankkit/core';
import { MemoryTokenStore } from '@bankkit/core';
import { startSandbox } from '@bankkit/sandbox';
import { PROVIDER_IDS } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { LatestTransactions, providerTransactions } from '../listing/transaction-streams.js';
import { accountKey, renderAccountsTable, renderTransactionsTable } from '../output/table.js';
import { calendarDateIn } from '../output/time-format.js';
import { openProviders } from '../providers/open-providers.js';
import type { SandboxTarget } from '../providers/target.js';
import { sandboxEndpoints } from '../sandbox/endpoints.js';

/** Options of `bankkit demo`. */
export interface DemoOptions {
  /** How many of the latest transactions to show. */
  limit: number;
}

/** Long enough for a SpareBank 1 access token (10 minutes) to expire on the sandbox's clock. */
const CLOCK_JUMP_MS = 11 * 60 * 1000;

/**
 * `bankkit demo` (what `pnpm start` runs): the whole job against a sandbox started in this process.
 * Logs in to SpareBank 1 through the real authorization-code flow (loopback callback server, the
 * consent page approved over HTTP, code exchanged, tokens stored) and to Bridge as the demo user,
 * fetches every account and transaction of both banks, and prints one accounts table, the latest
 * transactions across both banks, and a one-line summary.
 */
export async function demoCommand(context: CommandContext, options: DemoOptions): Promise<void> {
  context.usingSandbox = true;
  context.info('Starting the sandbox (SpareBank 1 and Bridge emulators on 127.0.0.1)…');
  // The login callback binds a free port, so any loopback port must pass as the registered redirect URI.
  const sandbox = await startSandbox({ host: '127.0.0.1', sparebank1: { allowLoopbackRedirects: true } });
  const target: SandboxTarget = {
    kind: 'sandbox',
    connection: { mode: 'embedded', endpoints: sandboxEndpoints(sandbox), close: () => sandbox.close() },
    tokenStore: new MemoryTokenStore(),
    providers: [...PROVIDER_IDS],
    close: () => sandbox.close(),
  };
  try {
    context.info(
      'Logging in to SpareBank 1 (authorization code flow) and Bridge (demo user, API 2025-01-15)…',
    );
    const providers = await openProviders(context, target);
    const lists = await Promise.all(
      providers.map(({ provider }) => provider.listAccounts({ signal: context.signal })),
    );
    const accounts: Account[] = lists.flat();

    // Future-dated rows (Bridge's `future`) stay out of the latest view; today is the Oslo date,
    // taken before the clock jump so it matches the day the sandbox's data was made for.
    const today = calendarDateIn(sandbox.clock.now(), 'Europe/Oslo');

    // The sandbox clock moves past the SpareBank 1 access token's 10 minutes: the next call is
    // refused, and the client renews with its rotating refresh token and repeats the call once.
    sandbox.clock.advance(CLOCK_JUMP_MS);
    context.info('Sandbox clock moved 11 minutes ahead: the SpareBank 1 access token has expired.');

    let pages = 0;
    const latest = new LatestTransactions(options.limit, today);
    context.info('Fetching every transaction from both banks…');
    await Promise.all(
      providers.map(async ({ provider }) => {
        const stream = providerTransactions(provider, { signal: context.signal }, () => {
          pages += 1;
        });
        for await (const transaction of stream) latest.add(transaction);
      }),
    );

    const names = new Map(
      accounts.map((account) => [accountKey(account.provider, account.id), account.name]),
    );
    const logins = providers.length;
    const renewals = providers.reduce((sum, { store }) => sum + store.tokensIssued, 0) - logins;
    // From process start: what the user waited, module loading and sandbox start-up included.
    const elapsed = (performance.now() / 1000).toFixed(1);
    const out = context.io.stdout;
    const table = { sandbox: true, width: context.stdoutWidth };
    out.write(`\nAccounts\n${renderAccountsTable(accounts, table)}\n`);
    out.write(
      `\nLatest ${latest.items.length} transactions\n${renderTransactionsTable(latest.items, names, table)}\n`,
    );
    if (latest.later > 0) {
      out.write(
        `(${latest.later} future-dated transaction${latest.later === 1 ? '' : 's'}, booked after ${today} in Europe/Oslo, not shown)\n`,
      );
    }
    out.write(
      `\n${accounts.length} accounts, ${latest.seen.toLocaleString('en-US')} transactions, ${pages} pages fetched, ${renewals} token renewal${renewals === 1 ? '' : 's'}, ${elapsed} s\n`,
    );
    const { demoSync } = await import('../sync/demo-sync.js');
    await demoSync(context, sandbox, providers);
  } finally {
    await target.close();
  }
}
