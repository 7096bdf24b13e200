import type { TransactionQuery } from '@bankkit/core';
import { PROVIDER_NAMES, type ProviderId } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors/cli-errors.js';
import { mergeNewestFirst, providerTransactions } from '../listing/transaction-streams.js';
import { fileDestination, type OutputDestination, stdoutDestination } from '../output/destination.js';
import type { TransactionFormat } from '../output/formats.js';
import { accountKey } from '../output/table.js';
import { writeTransactions } from '../output/write-output.js';
import { type OpenedProvider, openProviders } from '../providers/open-providers.js';
import { resolveTarget, type Target } from '../providers/target.js';

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
 * first. JSON, NDJSON and CSV stream page by page; `--output` writes a file atomically. The output
 * path is checked before any bank is asked for anything.
 */
export async function transactionsCommand(
  context: CommandContext,
  options: TransactionsOptions,
): Promise<void> {
  if (options.from && options.to && options.from > options.to) {
    throw new UsageError(`--from ${options.from} is after --to ${options.to}.`);
  }
  const destination: OutputDestination = options.output
    ? await fileDestination(options.output)
    : stdoutDestination(context.io.stdout);
  let target: Target | undefined;
  // Streamed to the terminal, the rows themselves show the progress; a progress line would cut them.
  const streamsToTerminal = !options.output && options.format !== 'table' && context.io.stdout.isTTY === true;
  const progress = context.startProgress('Fetching transactions', { streamsToTerminal });
  try {
    target = await resolveTarget(context);
    const providers = await openProviders(context, target, options.provider);
    const needNames = options.format === 'table';
    const { accountsByProvider, accountNames } = await resolveAccounts(
      context,
      target,
      providers,
      options,
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

    await writeTransactions(mergeNewestFirst(streams), options.format, destination, {
      signal: context.signal,
      accountNames,
      sandbox: target.kind === 'sandbox',
      width: options.output ? undefined : context.stdoutWidth,
      beforeOutput: () => context.clearProgress(),
    });
    context.clearProgress();
    await destination.commit();
    if (options.output) {
      context.info(`Wrote ${progress.items.toLocaleString('en-US')} transactions to ${options.output}.`);
    }
  } catch (error) {
    context.clearProgress();
    await destination.discard();
    throw error;
  } finally {
    await target?.close();
  }
}

/**
 * Which accounts to ask each provider for. An `--account` id must belong to one of the chosen
 * providers, checked against their account lists even when only one is chosen: an unknown id is a
 * usage error here rather than whatever the bank answers for it. When `--provider` left out the
 * bank that holds the id, the error names that bank.
 */
async function resolveAccounts(
  context: CommandContext,
  target: Target,
  providers: readonly OpenedProvider[],
  options: TransactionsOptions,
  needNames: boolean,
): Promise<{ accountsByProvider: Map<ProviderId, string[]>; accountNames: Map<string, string> }> {
  const requested = options.account;
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
    const owners = await ownersElsewhere(context, target, providers, unknown);
    const [id, owner] = [...owners][0] ?? [];
    if (id && owner) {
      const chosen = providers.map((provider) => provider.id).join(',');
      throw new UsageError(
        `Account "${id}" belongs to ${PROVIDER_NAMES[owner]}, which --provider ${chosen} leaves out.`,
        `add --provider ${owner}, or drop --provider`,
      );
    }
    throw new UsageError(
      `No account with id ${[...unknown].map((unknownId) => `"${unknownId}"`).join(', ')}.`,
      '`bankkit accounts` lists the account ids',
    );
  }
  return { accountsByProvider, accountNames };
}

/**
 * Which of the target's other providers (those `--provider` left out) hold these account ids.
 * Best effort: a provider that cannot be asked (no login) is skipped, and the plain error stands.
 */
async function ownersElsewhere(
  context: CommandContext,
  target: Target,
  chosen: readonly OpenedProvider[],
  ids: ReadonlySet<string>,
): Promise<Map<string, ProviderId>> {
  const owners = new Map<string, ProviderId>();
  const others = target.providers.filter((id) => !chosen.some((provider) => provider.id === id));
  for (const other of others) {
    try {
      const [opened] = await openProviders(context, target, [other]);
      for (const account of (await opened?.provider.listAccounts({ signal: context.signal })) ?? []) {
        if (ids.has(account.id)) owners.set(account.id, other);
      }
    } catch (error) {
      if (context.signal.aborted) throw error;
      context.debug(`could not list the accounts of ${other}: ${String(error)}`);
    }
  }
  return owners;
}
