import type { TransactionQuery } from '@bankkit/core';
import type { ProviderId } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors/cli-errors.js';
import { mergeNewestFirst, providerTransactions } from '../listing/transaction-streams.js';
import { fileDestination, type OutputDestination, stdoutDestination } from '../output/destination.js';
import type { TransactionFormat } from '../output/formats.js';
import { accountKey } from '../output/table.js';
import { writeTransactions } from '../output/write-output.js';
import { Progress } from '../progress.js';
import { type OpenedProvider, openProviders } from '../providers/open-providers.js';
import { resolveTarget } from '../providers/target.js';

/** Options of `bankkit transactions`. */
export interface TransactionsOptions {
  provider: ProviderId[];
  account: string[];
  from?: string | undefined;
  to?: string | undefined;
  format: TransactionFormat;
  output?: string | undefined;
}

/**
 * `bankkit transactions`: transactions of every (or the chosen) provider and account, merged newest
 * first. JSON, NDJSON and CSV stream page by page; `--output` writes a file atomically.
 */
export async function transactionsCommand(
  context: CommandContext,
  options: TransactionsOptions,
): Promise<void> {
  if (options.from && options.to && options.from > options.to) {
    throw new UsageError(`--from ${options.from} is after --to ${options.to}.`);
  }
  const target = await resolveTarget(context);
  let destination: OutputDestination | undefined;
  const progress = new Progress(context.io.stderr, 'Fetching transactions');
  context.progress = progress;
  try {
    const providers = await openProviders(context, target, options.provider);
    const needNames = options.format === 'table';
    const { accountsByProvider, accountNames } = await resolveAccounts(
      context,
      providers,
      options.account,
      needNames,
    );

    const streams = providers
      .filter(({ id }) => options.account.length === 0 || (accountsByProvider.get(id)?.length ?? 0) > 0)
      .map(({ id, provider }) => {
        const query: TransactionQuery = { signal: context.signal };
        const accountIds = accountsByProvider.get(id);
        if (accountIds && accountIds.length > 0) query.accountIds = accountIds;
        if (options.from) query.from = options.from;
        if (options.to) query.to = options.to;
        return providerTransactions(provider, query, (items) => progress.page(items));
      });

    destination = options.output
      ? await fileDestination(options.output)
      : stdoutDestination(context.io.stdout);
    await writeTransactions(mergeNewestFirst(streams), options.format, destination, {
      signal: context.signal,
      accountNames,
    });
    progress.done();
    await destination.commit();
    if (options.output) {
      context.info(`Wrote ${progress.items.toLocaleString('en-US')} transactions to ${options.output}.`);
    }
  } catch (error) {
    progress.done();
    await destination?.discard();
    throw error;
  } finally {
    await target.close();
  }
}

/**
 * Which accounts to ask each provider for. An `--account` id must belong to one of the chosen
 * providers, checked against their account lists even when only one is chosen: an unknown id is a
 * usage error here rather than whatever the bank answers for it.
 */
async function resolveAccounts(
  context: CommandContext,
  providers: readonly OpenedProvider[],
  requested: readonly string[],
  needNames: boolean,
): Promise<{ accountsByProvider: Map<ProviderId, string[]>; accountNames: Map<string, string> }> {
  const accountsByProvider = new Map<ProviderId, string[]>();
  const accountNames = new Map<string, string>();
  if (requested.length === 0 && !needNames) return { accountsByProvider, accountNames };
  const lists = await Promise.all(
    providers.map(async ({ id, provider }) => ({
      id,
      accounts: await provider.listAccounts({ signal: context.signal }),
    })),
  );
  const unknown = new Set(requested);
  for (const { id, accounts } of lists) {
    for (const account of accounts) {
      accountNames.set(accountKey(account.provider, account.id), account.name);
      if (requested.includes(account.id)) {
        accountsByProvider.set(id, [...(accountsByProvider.get(id) ?? []), account.id]);
        unknown.delete(account.id);
      }
    }
  }
  if (unknown.size > 0) {
    throw new UsageError(
      `No account with id ${[...unknown].map((id) => `"${id}"`).join(', ')}.`,
      '`bankkit accounts` lists the account ids',
    );
  }
  return { accountsByProvider, accountNames };
}
