import {
  type Account,
  type AccountQuery,
  type BankingProvider,
  InvalidInputError,
  type Page,
  type SyncBatch,
  type SyncOptions,
  type Transaction,
  type TransactionQuery,
} from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../../api-version.js';
import { encodeDate } from '../../http/query.js';
import { checkSyncPageSize, PAGE_LIMIT, syncUpdatedFeed, type UpdatedFeed } from '../../provider/sync.js';
import type { BridgeV3Transaction } from '../schemas/aggregation.js';
import type { UserClient } from '../user-client.js';
import { bookingDateV3, isDeletedV3, toAccountV3, toTransactionsV3, toTransactionV3 } from './mapping.js';

/** Options of the 2025-01-15 {@link BridgeProvider}. */
export interface BridgeProviderOptions {
  /** Rows per page of the `since` listing a sync reads (1-500). Default 500, the fewest requests. */
  syncPageSize?: number;
}

/** Names v3 sync cursors apart from v2 ones (same provider id, another feed). */
const V3_CURSOR_PROVIDER = `${BRIDGE_PROVIDER_ID}:2025-01-15`;
/** The feed's first pass asks for every row updated since the epoch: `since` orders rows by update. */
const EPOCH = new Date(0);

/**
 * Bridge 2025-01-15 behind core's {@link BankingProvider}: a user's accounts and transactions in
 * the unified model (exact money, booked and available balances, `pending` for future rows,
 * deleted rows left out, the Bridge payload in `raw`).
 *
 * @example
 * ```ts
 * import { BridgeProvider, UserClient } from '@bankkit/bridge/v3';
 * const provider = new BridgeProvider(new UserClient({ clientId, clientSecret, userUuid }));
 * for await (const tx of await provider.listTransactions({ from: '2025-01-01' })) console.log(tx.amount);
 * ```
 */
export class BridgeProvider implements BankingProvider {
  /** Always `bridge`. */
  readonly id = BRIDGE_PROVIDER_ID;
  readonly #client: UserClient;
  readonly #syncPageSize: number;
  readonly #feed: UpdatedFeed<BridgeV3Transaction>;

  /** Wraps a v3 user client; its token handling applies to every call. */
  constructor(client: UserClient, options: BridgeProviderOptions = {}) {
    this.#client = client;
    this.#syncPageSize = checkSyncPageSize(options.syncPageSize);
    this.#feed = {
      cursorProvider: V3_CURSOR_PROVIDER,
      read: ({ since, ...request }) => client.listTransactions({ since: since ?? EPOCH, ...request }),
      view: (row) => ({
        id: String(row.id),
        accountId: String(row.account_id),
        updatedAtMs: Date.parse(row.updated_at),
        deleted: isDeletedV3(row),
        pending: row.future === true || row.is_future === true,
        amount: row.amount,
        description: row.clean_description || row.provider_description || '',
      }),
      toTransaction: toTransactionV3,
    };
  }

  /**
   * What changed since `cursor`, from `/v3/aggregation/transactions?since=<updated_at>`: one page
   * per batch, `hasMore` while pages remain; rows Bridge deleted (`deleted: true`) are `removed`. The
   * first sync asks `since` the epoch, so rows come most recently updated first, as later ones do.
   * Same rules as v2's (see `docs/sync.md`); a v2 cursor is refused here and the other way round.
   * @throws SyncCursorError for a cursor of another provider, API version or account set, or a damaged one.
   * @throws SyncRestartRequiredError when Bridge refuses a page cursor mid-sync.
   */
  async syncTransactions(options: SyncOptions = {}): Promise<SyncBatch> {
    checkAccountIds(options.accountIds);
    return syncUpdatedFeed(this.#feed, this.#syncPageSize, options);
  }

  /** Every account of the user (all pages). */
  async listAccounts(options: AccountQuery = {}): Promise<Account[]> {
    const signal = options.signal ? { signal: options.signal } : {};
    const accounts = await (await this.#client.listAccounts(signal)).fetchAll(signal);
    return accounts.map(toAccountV3);
  }

  /**
   * Transactions, newest first, paged lazily. `from` / `to` bound the booking date (inclusive): they
   * are sent as `min_date` / `max_date` and checked again here, so the answer is right whether or
   * not Bridge applies them. One account is asked for with `account_id`; several are read from the
   * user's list and filtered. Deleted rows are left out.
   */
  async listTransactions(query: TransactionQuery = {}): Promise<Page<Transaction>> {
    const from = encodeDate(query.from, 'from');
    const to = encodeDate(query.to, 'to');
    const accountIds = checkAccountIds(query.accountIds);
    const [only] = accountIds ?? [];
    const page = await this.#client.listTransactions({
      minDate: from,
      maxDate: to,
      limit: PAGE_LIMIT,
      ...(accountIds?.length === 1 && only !== undefined ? { accountId: only } : {}),
      ...(query.signal ? { signal: query.signal } : {}),
    });
    const wanted = accountIds && new Set(accountIds);
    const keep = (row: BridgeV3Transaction): boolean => {
      if (wanted && !wanted.has(String(row.account_id))) return false;
      const date = bookingDateV3(row);
      return (from === undefined || date >= from) && (to === undefined || date <= to);
    };
    return page.map((rows) => toTransactionsV3(rows.filter(keep)));
  }
}

function checkAccountIds(accountIds: string[] | undefined): string[] | undefined {
  if (accountIds === undefined) return undefined;
  if (
    !Array.isArray(accountIds) ||
    accountIds.length === 0 ||
    accountIds.some((id) => typeof id !== 'string' || id.trim() === '' || id === '.' || id === '..')
  ) {
    throw new InvalidInputError(
      'accountIds must be a non-empty list of Bridge account ids (from listAccounts); omit it for every account.',
      { field: 'accountIds', provider: BRIDGE_PROVIDER_ID },
    );
  }
  return accountIds;
}
