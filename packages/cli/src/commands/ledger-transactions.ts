import { existsSync } from 'node:fs';
import type { Transaction } from '@bankkit/core';
import { SqliteLedger } from '@bankkit/ledger';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors/cli-errors.js';
import { fileDestination, type OutputDestination, stdoutDestination } from '../output/destination.js';
import { accountKey } from '../output/table.js';
import { writeTransactions } from '../output/write-output.js';
import { defaultLedgerPath } from '../sync/ledger-path.js';
import type { TransactionsOptions } from './transactions.js';

/**
 * `bankkit transactions --ledger`: the same listing, read from the ledger `bankkit sync` filled,
 * without any request to a bank. Account names are not stored in the ledger, so tables show ids.
 */
export async function ledgerTransactionsCommand(
  context: CommandContext,
  options: TransactionsOptions & { db?: string | undefined },
): Promise<void> {
  if (options.from && options.to && options.from > options.to) {
    throw new UsageError(`--from ${options.from} is after --to ${options.to}.`);
  }
  const path = options.db ?? defaultLedgerPath(context.io.env, context.options.sandbox);
  if (!existsSync(path)) {
    throw new UsageError(
      `No ledger at ${path}.`,
      `run \`bankkit sync${context.options.sandbox ? ' --sandbox' : ''}\` first, or name the file with --db`,
    );
  }
  const destination: OutputDestination = options.output
    ? await fileDestination(options.output)
    : stdoutDestination(context.io.stdout);
  const ledger = new SqliteLedger(path);
  try {
    const rows = await ledger.listTransactions({
      ...(options.account.length > 0 ? { accountIds: options.account } : {}),
      ...(options.from ? { from: options.from } : {}),
      ...(options.to ? { to: options.to } : {}),
    });
    const wanted = new Set<string>(options.provider);
    const chosen = wanted.size === 0 ? rows : rows.filter((row) => wanted.has(row.provider));
    async function* stream(): AsyncGenerator<Transaction> {
      yield* chosen;
    }
    const accountNames = new Map(
      chosen.map((row) => [accountKey(row.provider, row.accountId), row.accountId]),
    );
    await writeTransactions(stream(), options.format, destination, {
      signal: context.signal,
      accountNames,
      sandbox: context.options.sandbox,
      width: options.output ? undefined : context.stdoutWidth,
    });
    await destination.commit();
    if (options.output)
      context.info(`Wrote ${chosen.length.toLocaleString('en-US')} transactions to ${options.output}.`);
  } catch (error) {
    await destination.discard();
    throw error;
  } finally {
    ledger.close();
  }
}
