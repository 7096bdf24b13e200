import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Account, Transaction } from '@bankkit/core';
import { type CastingContext, stringify } from 'csv-stringify';
import type { OutputDestination } from './destination.js';
import type { AccountFormat, TransactionFormat } from './formats.js';
import {
  ACCOUNT_COLUMNS,
  AMOUNT_COLUMNS,
  accountRow,
  printableAccount,
  printableTransaction,
  TRANSACTION_COLUMNS,
  transactionRow,
} from './records.js';
import { renderAccountsTable, renderTransactionsTable } from './table.js';

/** What every writer needs besides the data. */
export interface WriteOptions {
  /** Aborts the write (Ctrl-C). */
  signal?: AbortSignal | undefined;
  /** The data came from the sandbox: every record and table row says so. */
  sandbox: boolean;
  /** The terminal's width when the output goes to one: tables fit in it. */
  width?: number | undefined;
  /** Called once, just before the first byte is written (clears a progress line). */
  beforeOutput?: (() => void) | undefined;
}

/** Writes accounts in one of the `bankkit accounts` formats. */
export async function writeAccounts(
  accounts: readonly Account[],
  format: AccountFormat,
  destination: OutputDestination,
  options: WriteOptions,
): Promise<void> {
  const pipeOptions = { end: destination.endsStream, ...(options.signal ? { signal: options.signal } : {}) };
  const { sandbox } = options;
  switch (format) {
    case 'table':
      await pipeline(
        announced(
          [`${renderAccountsTable(accounts, { withIds: true, sandbox, width: options.width })}\n`],
          options.beforeOutput,
        ),
        destination.stream,
        pipeOptions,
      );
      return;
    case 'json':
      await pipeline(
        announced(
          [
            `${JSON.stringify(
              accounts.map((account) => printableAccount(account, sandbox)),
              null,
              2,
            )}\n`,
          ],
          options.beforeOutput,
        ),
        destination.stream,
        pipeOptions,
      );
      return;
    case 'csv':
      await pipeline(
        announced(
          accounts.map((account) => accountRow(account, sandbox)),
          options.beforeOutput,
        ),
        csvStringifier(ACCOUNT_COLUMNS),
        destination.stream,
        pipeOptions,
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
  options: WriteOptions & { accountNames?: ReadonlyMap<string, string> },
): Promise<void> {
  const pipeOptions = { end: destination.endsStream, ...(options.signal ? { signal: options.signal } : {}) };
  const { sandbox } = options;
  switch (format) {
    case 'table': {
      const rows: Transaction[] = [];
      for await (const transaction of transactions) rows.push(transaction);
      const text = `${renderTransactionsTable(rows, options.accountNames, { sandbox, width: options.width })}\n`;
      await pipeline(announced([text], options.beforeOutput), destination.stream, pipeOptions);
      return;
    }
    case 'json':
      await pipeline(
        announced(jsonArrayChunks(transactions, sandbox), options.beforeOutput),
        destination.stream,
        pipeOptions,
      );
      return;
    case 'ndjson':
      await pipeline(
        announced(ndjsonLines(transactions, sandbox), options.beforeOutput),
        destination.stream,
        pipeOptions,
      );
      return;
    case 'csv':
      await pipeline(
        announced(
          mapAsync(transactions, (transaction) => transactionRow(transaction, sandbox)),
          options.beforeOutput,
        ),
        csvStringifier(TRANSACTION_COLUMNS),
        destination.stream,
        pipeOptions,
      );
      return;
  }
}

/**
 * A CSV stringifier that escapes formulas: a cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return gets a leading `'`, so a spreadsheet shows a merchant's `=HYPERLINK(…)` as text
 * instead of running it. Amount columns are exempt: they are checked decimal strings, and their
 * `-` is a sign.
 */
function csvStringifier(columns: readonly string[]) {
  return stringify({
    header: true,
    columns: [...columns],
    escape_formulas: true,
    cast: {
      string: (value: string, context: CastingContext) =>
        typeof context.column === 'string' && AMOUNT_COLUMNS.includes(context.column) && DECIMAL.test(value)
          ? { value, escape_formulas: false }
          : value,
    },
  });
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A readable of `source` that calls `beforeOutput` once, as the first chunk leaves. */
function announced<T>(source: Iterable<T> | AsyncIterable<T>, beforeOutput?: () => void): Readable {
  if (!beforeOutput) return Readable.from(source);
  return Readable.from(
    (async function* () {
      let first = true;
      for await (const chunk of source) {
        if (first) beforeOutput();
        first = false;
        yield chunk;
      }
      if (first) beforeOutput();
    })(),
  );
}

async function* jsonArrayChunks(
  transactions: AsyncIterable<Transaction>,
  sandbox: boolean,
): AsyncGenerator<string> {
  let first = true;
  for await (const transaction of transactions) {
    yield `${first ? '[\n' : ',\n'}  ${JSON.stringify(printableTransaction(transaction, sandbox))}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

async function* ndjsonLines(
  transactions: AsyncIterable<Transaction>,
  sandbox: boolean,
): AsyncGenerator<string> {
  for await (const transaction of transactions)
    yield `${JSON.stringify(printableTransaction(transaction, sandbox))}\n`;
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, transform: (item: T) => U): AsyncGenerator<U> {
  for await (const item of source) yield transform(item);
}
