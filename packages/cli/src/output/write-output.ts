import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Account, Transaction } from '@bankkit/core';
import { stringify } from 'csv-stringify';
import type { OutputDestination } from './destination.js';
import type { AccountFormat, TransactionFormat } from './formats.js';
import {
  ACCOUNT_COLUMNS,
  accountRow,
  printableAccount,
  printableTransaction,
  TRANSACTION_COLUMNS,
  transactionRow,
} from './records.js';
import { renderAccountsTable, renderTransactionsTable } from './table.js';

/** Writes accounts in one of the `bankkit accounts` formats. */
export async function writeAccounts(
  accounts: readonly Account[],
  format: AccountFormat,
  destination: OutputDestination,
  signal?: AbortSignal,
): Promise<void> {
  const options = { end: destination.endsStream, ...(signal ? { signal } : {}) };
  switch (format) {
    case 'table':
      await pipeline(
        Readable.from([`${renderAccountsTable(accounts, { withIds: true })}\n`]),
        destination.stream,
        options,
      );
      return;
    case 'json':
      await pipeline(
        Readable.from([`${JSON.stringify(accounts.map(printableAccount), null, 2)}\n`]),
        destination.stream,
        options,
      );
      return;
    case 'csv':
      await pipeline(
        Readable.from(accounts.map(accountRow)),
        stringify({ header: true, columns: [...ACCOUNT_COLUMNS] }),
        destination.stream,
        options,
      );
      return;
  }
}

/**
 * Writes transactions in one of the `bankkit transactions` formats. JSON, NDJSON and CSV stream:
 * one page of transactions is held at a time however long the list. The table needs every row to
 * size its columns, so it collects them first.
 */
export async function writeTransactions(
  transactions: AsyncIterable<Transaction>,
  format: TransactionFormat,
  destination: OutputDestination,
  options: { signal?: AbortSignal; accountNames?: ReadonlyMap<string, string> } = {},
): Promise<void> {
  const pipeOptions = { end: destination.endsStream, ...(options.signal ? { signal: options.signal } : {}) };
  switch (format) {
    case 'table': {
      const rows: Transaction[] = [];
      for await (const transaction of transactions) rows.push(transaction);
      const text = `${renderTransactionsTable(rows, options.accountNames)}\n`;
      await pipeline(Readable.from([text]), destination.stream, pipeOptions);
      return;
    }
    case 'json':
      await pipeline(Readable.from(jsonArrayChunks(transactions)), destination.stream, pipeOptions);
      return;
    case 'ndjson':
      await pipeline(Readable.from(ndjsonLines(transactions)), destination.stream, pipeOptions);
      return;
    case 'csv':
      await pipeline(
        Readable.from(mapAsync(transactions, transactionRow)),
        stringify({ header: true, columns: [...TRANSACTION_COLUMNS] }),
        destination.stream,
        pipeOptions,
      );
      return;
  }
}

async function* jsonArrayChunks(transactions: AsyncIterable<Transaction>): AsyncGenerator<string> {
  let first = true;
  for await (const transaction of transactions) {
    yield `${first ? '[\n' : ',\n'}  ${JSON.stringify(printableTransaction(transaction))}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

async function* ndjsonLines(transactions: AsyncIterable<Transaction>): AsyncGenerator<string> {
  for await (const transaction of transactions)
    yield `${JSON.stringify(printableTransaction(transaction))}\n`;
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, transform: (item: T) => U): AsyncGenerator<U> {
  for await (const item of source) yield transform(item);
}
