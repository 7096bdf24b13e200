import { type HttpClient, InvalidInputError, type Logger, Page, type QueryValue } from '@bankkit/core';
import type { CallOptions } from './accounts.js';
import { PROVIDER_ID } from './constants.js';
import {
  EXPORT_FIELDS,
  type ExportField,
  parseTransactionsCsv,
  type TransactionsExport,
} from './csv-export.js';
import { osloDateArgument } from './dates.js';
import { CSV_ACCEPT, JSON_ACCEPT } from './http/media-types.js';
import { requireId } from './ids.js';
import { compiled } from './schemas/compiled.js';
import {
  classifiedTransactionDetailsSchema,
  classifiedTransactionListSchema,
  type SpareBank1ClassifiedTransaction,
  type SpareBank1ClassifiedTransactionDetails,
  type SpareBank1Transaction,
  type SpareBank1TransactionDetails,
  transactionDetailsSchema,
  transactionListSchema,
} from './schemas/transaction.js';

/** Where rows come from: recent (core banking, incl. pending), historic (archive), or both. */
export type TransactionSource = 'RECENT' | 'HISTORIC' | 'ALL';

/**
 * The query parameter the transaction source is sent as. The spec only shows a display name
 * (`Transaction source`); clients send `source`, `transactionSource` or the display name, and which
 * one the bank reads is unconfirmed. bankkit sends `source` and also filters the rows on their own
 * `source` field, so the answer is right whichever name the bank honours.
 */
export type SourceParameterName = 'source' | 'transactionSource' | 'Transaction source';

/** Options of `listTransactions`. */
export interface ListTransactionsOptions {
  /** Account keys; sent as a repeated `accountKey`, so one call covers several accounts. */
  accountKeys: readonly string[];
  /** First day, `YYYY-MM-DD` or a Date read in Europe/Oslo. */
  fromDate?: string | Date;
  /** Last day, `YYYY-MM-DD` or a Date read in Europe/Oslo. */
  toDate?: string | Date;
  /** At most this many rows (there is no pagination). */
  rowLimit?: number;
  /** Only rows from this source; both when omitted. */
  source?: TransactionSource;
  signal?: AbortSignal;
}

/** Options of `listClassifiedTransactions`. */
export interface ListClassifiedTransactionsOptions extends ListTransactionsOptions {
  /** Ask the bank to add merchant logos (slower). */
  enrichWithMerchantLogo?: boolean;
}

/** Options of `exportTransactionsCsv`. */
export interface ExportTransactionsOptions {
  accountKey: string;
  fromDate: string | Date;
  toDate: string | Date;
  /** Columns to include; the bank's default set when omitted. Sent as a repeated `fields`. */
  fields?: readonly ExportField[];
  signal?: AbortSignal;
}

/** Options of `getClassifiedTransactionDetails`. */
export interface ClassifiedDetailsOptions extends CallOptions {
  enrichWithMerchantData?: boolean;
}

/**
 * A transaction list: the bank has no pagination, so it is one page. `errors` carries the bank's
 * partial-failure codes (`CREDIT_ACCOUNTS_FAILED`, `RECENT_TRANSACTIONS_FAILED`): when not empty,
 * some rows are missing from `resources` and a later call may return them.
 */
export type TransactionListPage<T> = Page<T> & {
  /** Partial-failure codes; empty when the list is complete. */
  readonly errors: readonly string[];
};

const TRANSACTIONS = 'personal/banking/transactions';

/** Attaches the partial-failure codes to a page. */
export function withListErrors<T>(page: Page<T>, errors: readonly string[]): TransactionListPage<T> {
  Object.defineProperty(page, 'errors', { value: Object.freeze([...errors]), enumerable: true });
  return page as TransactionListPage<T>;
}

function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError(message, { provider: PROVIDER_ID, field });
}

function checkAccountKeys(accountKeys: unknown): readonly string[] {
  if (!Array.isArray(accountKeys) || accountKeys.length === 0) {
    throw invalid('accountKeys', 'accountKeys must list at least one account key.');
  }
  for (const key of accountKeys) {
    requireId(key, 'accountKeys', 'Every account key must be a non-empty string');
    if (key.includes(',')) {
      throw invalid(
        'accountKeys',
        'Pass each account key as its own array item; the bank refuses comma-joined keys.',
      );
    }
  }
  return accountKeys;
}

function dateRange(from: string | Date | undefined, to: string | Date | undefined) {
  const fromDate = from === undefined ? undefined : osloDateArgument(from, 'fromDate');
  const toDate = to === undefined ? undefined : osloDateArgument(to, 'toDate');
  if (fromDate && toDate && fromDate > toDate) {
    throw invalid('fromDate', `fromDate (${fromDate}) is after toDate (${toDate}).`);
  }
  return { fromDate, toDate };
}

function checkSource(source: unknown): TransactionSource | undefined {
  if (source === undefined) return undefined;
  if (source === 'RECENT' || source === 'HISTORIC' || source === 'ALL') return source;
  throw invalid('source', 'source must be RECENT, HISTORIC or ALL.');
}

function checkRowLimit(rowLimit: unknown): number | undefined {
  if (rowLimit === undefined) return undefined;
  if (typeof rowLimit !== 'number' || !Number.isSafeInteger(rowLimit) || rowLimit < 1) {
    throw invalid('rowLimit', 'rowLimit must be a positive whole number.');
  }
  return rowLimit;
}

/** Keeps the rows of the requested source, in case the bank ignored the parameter's name. */
function fromSource(source: TransactionSource | undefined) {
  return (row: { source?: string | null | undefined }) =>
    source === undefined || source === 'ALL' || !row.source || row.source === source;
}

/** The Transactions API (`/personal/banking/transactions`). */
export class TransactionsApi {
  readonly #http: HttpClient;
  readonly #logger: Logger | undefined;
  readonly #sourceParameter: SourceParameterName;

  constructor(http: HttpClient, logger: Logger | undefined, sourceParameter: SourceParameterName = 'source') {
    this.#http = http;
    this.#logger = logger;
    this.#sourceParameter = sourceParameter;
  }

  #listQuery(options: ListTransactionsOptions): {
    query: Record<string, QueryValue | readonly QueryValue[] | undefined>;
    source: TransactionSource | undefined;
  } {
    if (typeof options !== 'object' || options === null) {
      throw invalid('accountKeys', 'listTransactions needs an options object with accountKeys.');
    }
    const accountKey = checkAccountKeys(options.accountKeys);
    const { fromDate, toDate } = dateRange(options.fromDate, options.toDate);
    const source = checkSource(options.source);
    return {
      query: {
        accountKey,
        fromDate,
        toDate,
        rowLimit: checkRowLimit(options.rowLimit),
        [this.#sourceParameter]: source,
      },
      source,
    };
  }

  #reportPartialFailure(errors: readonly string[], endpoint: string): void {
    if (errors.length > 0) {
      this.#logger?.warn('SpareBank 1 returned an incomplete transaction list; some rows are missing', {
        provider: PROVIDER_ID,
        endpoint,
        errors: [...errors],
      });
    }
  }

  /** `GET /transactions`. */
  async list(options: ListTransactionsOptions): Promise<TransactionListPage<SpareBank1Transaction>> {
    const { query, source } = this.#listQuery(options);
    const result = await this.#http.json(
      { path: TRANSACTIONS, query, headers: JSON_ACCEPT, signal: options.signal },
      compiled(transactionListSchema),
    );
    const data = result.data;
    const errors = data.errors ?? [];
    this.#reportPartialFailure(errors, TRANSACTIONS);
    // The response is copied only if a caller reads `page.response`: a copy of a 5 MB body per call
    // would cost more than the rest of the call's own work.
    const rows = data.transactions.filter(fromSource(source));
    return withListErrors(
      Page.single(rows, () => result.response),
      errors,
    );
  }

  /** `GET /transactions/classified`: rows wrapped with the bank's categories. */
  async listClassified(
    options: ListClassifiedTransactionsOptions,
  ): Promise<TransactionListPage<SpareBank1ClassifiedTransaction>> {
    const { query, source } = this.#listQuery(options);
    const path = `${TRANSACTIONS}/classified`;
    const result = await this.#http.json(
      {
        path,
        query: { ...query, enrichWithMerchantLogo: options.enrichWithMerchantLogo },
        headers: JSON_ACCEPT,
        signal: options.signal,
      },
      compiled(classifiedTransactionListSchema),
    );
    const data = result.data;
    const errors = data.errors ?? [];
    this.#reportPartialFailure(errors, path);
    const keep = fromSource(source);
    const rows = data.transactions.filter((row) => keep(row.transaction));
    return withListErrors(
      Page.single(rows, () => result.response),
      errors,
    );
  }

  /** `GET /transactions/{id}/details`; take `id` from a current list (ids are session-bound). */
  async details(id: string, options: CallOptions = {}): Promise<SpareBank1TransactionDetails> {
    const { data } = await this.#http.json(
      {
        path: `${TRANSACTIONS}/${encodeURIComponent(checkId(id))}/details`,
        headers: JSON_ACCEPT,
        signal: options.signal,
      },
      transactionDetailsSchema,
    );
    return data;
  }

  /** `GET /transactions/{id}/details/classified`. */
  async classifiedDetails(
    id: string,
    options: ClassifiedDetailsOptions = {},
  ): Promise<SpareBank1ClassifiedTransactionDetails> {
    const { data } = await this.#http.json(
      {
        path: `${TRANSACTIONS}/${encodeURIComponent(checkId(id))}/details/classified`,
        query: { enrichWithMerchantData: options.enrichWithMerchantData },
        headers: JSON_ACCEPT,
        signal: options.signal,
      },
      classifiedTransactionDetailsSchema,
    );
    return data;
  }

  /** `GET /transactions/export`: booked rows of one account as CSV, with the rows parsed. */
  async exportCsv(options: ExportTransactionsOptions): Promise<TransactionsExport> {
    if (typeof options !== 'object' || options === null) {
      throw invalid('accountKey', 'exportTransactionsCsv needs accountKey, fromDate and toDate.');
    }
    const accountKey = options.accountKey;
    requireId(accountKey, 'accountKey', 'accountKey must be one account key (the export covers one account)');
    if (typeof accountKey !== 'string' || accountKey.includes(',')) {
      throw invalid('accountKey', 'accountKey must be one account key (the export covers one account).');
    }
    if (options.fromDate === undefined) throw invalid('fromDate', 'fromDate is required for the CSV export.');
    if (options.toDate === undefined) throw invalid('toDate', 'toDate is required for the CSV export.');
    const { fromDate, toDate } = dateRange(options.fromDate, options.toDate);
    const fields = options.fields;
    if (fields !== undefined) {
      if (!Array.isArray(fields) || fields.some((field) => !EXPORT_FIELDS.includes(field))) {
        throw invalid('fields', `fields may only hold ${EXPORT_FIELDS.join(', ')}.`);
      }
    }
    const path = `${TRANSACTIONS}/export`;
    const { text } = await this.#http.request({
      path,
      query: { accountKey, fromDate, toDate, fields: fields && fields.length > 0 ? fields : undefined },
      headers: CSV_ACCEPT,
      signal: options.signal,
    });
    return parseTransactionsCsv(text, path);
  }
}

function checkId(id: unknown): string {
  return requireId(id, 'id', 'id must be a non-empty transaction id');
}
