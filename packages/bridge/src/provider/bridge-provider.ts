import type {
  Account,
  AccountQuery,
  BankingProvider,
  Page,
  SyncBatch,
  SyncOptions,
  Transaction,
  TransactionQuery,
} from '@bankkit/core';
import { InvalidInputError } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../api-version.js';
import { encodeDate } from '../http/query.js';
import type { BridgeTransaction } from '../schemas/transaction.js';
import type { UserClient } from '../user-client.js';
import { toAccount, toTransaction, toTransactions } from './mapping.js';
import { checkSyncPageSize, PAGE_LIMIT, syncUpdatedFeed, type UpdatedFeed } from './sync.js';

/** Options of {@link BridgeProvider}. */
export interface BridgeProviderOptions {
  /**
   * Rows per page of the `/transactions/updated` listing a sync reads (1-500). Default 500, the
   * largest: the fewest requests under Bridge's 60 requests per user per minute.
   */
  syncPageSize?: number;
}

/**
 * Bridge behind core's {@link BankingProvider}: a user's accounts and transactions in the unified
 * model (exact money, `YYYY-MM-DD` dates, `pending` for future rows, the Bridge payload in `raw`).
 *
 * @example
 * ```ts
 * const provider = new BridgeProvider(new UserClient({ clientId, clientSecret, userUuid }));
 * for await (const tx of await provider.listTransactions({ from: '2024-01-01' })) console.log(tx.amount);
 * ```
 */
export class BridgeProvider implements BankingProvider {
  /** Always `bridge`. */
  readonly id = BRIDGE_PROVIDER_ID;
  readonly #client: UserClient;
  readonly #syncPageSize: number;
  readonly #feed: UpdatedFeed<BridgeTransaction>;

  /** Wraps a user client; its token handling (renewal, store) applies to every call. */
  constructor(client: UserClient, options: BridgeProviderOptions = {}) {
    this.#client = client;
    this.#syncPageSize = checkSyncPageSize(options.syncPageSize);
    this.#feed = {
      cursorProvider: BRIDGE_PROVIDER_ID,
      read: ({ accountId, ...request }) =>
        accountId === undefined
          ? client.listUpdatedTransactions(request)
          : client.listAccountUpdatedTransactions(accountId, request),
      view: (row) => ({
        id: String(row.id),
        accountId: String(row.account_id),
        updatedAtMs: Date.parse(row.updated_at),
        deleted: row.is_deleted,
        pending: row.is_future,
        amount: row.amount,
        description: row.clean_description,
      }),
      toTransaction,
    };
  }

  /**
   * What changed since `cursor`, from Bridge's `/transactions/updated` listing: one page per batch,
   * `hasMore` while pages remain. New rows are `added`, changed rows `modified`, rows Bridge deleted
   * (`is_deleted`) `removed`. An incremental sync of k changes makes one listing request when
   * k <= syncPageSize, else ceil(k / syncPageSize) + 1 (a pass of several pages ends with a check for
   * what changed while it ran). See `docs/sync.md` for the cursor and the pending -> booked rule.
   * @throws SyncCursorError for a cursor of another provider or account set, or a damaged one.
   * @throws SyncRestartRequiredError when Bridge refuses a page cursor mid-sync.
   */
  async syncTransactions(options: SyncOptions = {}): Promise<SyncBatch> {
    checkAccountIds(options.accountIds);
    return syncUpdatedFeed(this.#feed, this.#syncPageSize, options);
  }

  /** Every account of the user (all pages). */
  async listAccounts(options: AccountQuery = {}): Promise<Account[]> {
    const page = await this.#client.listAccounts({
      limit: PAGE_LIMIT,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const accounts = await page.fetchAll(options.signal ? { signal: options.signal } : {});
    return accounts.map(toAccount);
  }

  /**
   * Transactions, newest first, paged lazily. `from`/`to` become Bridge's `since`/`until`
   * (inclusive). One account is read from its own endpoint; several are read from the global list
   * and filtered, which keeps Bridge's newest-first order across them. Deleted rows are left out.
   */
  async listTransactions(query: TransactionQuery = {}): Promise<Page<Transaction>> {
    const options = {
      since: encodeDate(query.from, 'from'),
      until: encodeDate(query.to, 'to'),
      limit: PAGE_LIMIT,
      ...(query.signal ? { signal: query.signal } : {}),
    };
    const accountIds = checkAccountIds(query.accountIds);
    if (accountIds === undefined) return (await this.#client.listTransactions(options)).map(toTransactions);
    const [only] = accountIds;
    if (accountIds.length === 1 && only !== undefined) {
      return (await this.#client.listAccountTransactions(only, options)).map(toTransactions);
    }
    const wanted = new Set(accountIds);
    const inWanted = (rows: readonly BridgeTransaction[]) =>
      toTransactions(rows.filter((row) => wanted.has(String(row.account_id))));
    return (await this.#client.listTransactions(options)).map(inWanted);
  }
}

function checkAccountIds(accountIds: string[] | undefined): string[] | undefined {
  if (accountIds === undefined) return undefined;
  if (
    !Array.isArray(accountIds) ||
    accountIds.length === 0 ||
    accountIds.some((id) => typeof id !== 'string' || !/^\d+$/.test(id))
  ) {
    throw new InvalidInputError(
      'accountIds must be a non-empty list of Bridge account ids (digit strings from listAccounts); omit it for every account.',
      { field: 'accountIds', provider: BRIDGE_PROVIDER_ID },
    );
  }
  return accountIds;
}
