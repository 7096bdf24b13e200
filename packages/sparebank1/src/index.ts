/**
 * @bankkit/sparebank1: SpareBank 1's personal-client APIs. {@link SpareBank1Client} covers the
 * OAuth code flow with BankID and rotating refresh tokens, Accounts, Transactions and Transfer;
 * {@link SpareBank1Provider} puts it behind the unified `BankingProvider` interface of
 * `@bankkit/core`.
 *
 * @packageDocumentation
 */

/** Call options of the Accounts, Transactions and Transfer APIs. */
export type { CallOptions, ListAccountsOptions } from './accounts.js';
/** The client and its options. */
export { SpareBank1Client, type SpareBank1ClientOptions } from './client.js';
export { BANK_TIME_ZONE, DEFAULT_AUTH_BASE_URL, DEFAULT_BASE_URL, PROVIDER_ID } from './constants.js';
export type { ExportField, TransactionsExport } from './csv-export.js';
/** Media types, ids and time zone the package uses. */
export { CSV_MEDIA_TYPE, JSON_MEDIA_TYPE } from './http/media-types.js';
/** Client-side pacing within the rate limit. */
export {
  SPAREBANK1_RATE_LIMIT,
  type SpareBank1PacingOptions,
  type SpareBank1RateLimit,
} from './http/pacing.js';
/** Login: authorization URL, callback, token set and status. */
export type { AuthorizationRequest, AuthorizationUrlOptions } from './oauth/authorization-url.js';
export type { CallbackOptions } from './oauth/callback.js';
export type { ClientAuthMethod } from './oauth/token-endpoint.js';
export type { SpareBank1TokenSet } from './oauth/token-set.js';
export { REAUTHORIZATION_WARNING_MS, type TokenStatus } from './oauth/token-status.js';
/** Unified mapping helpers, for apps that call the client directly and want the unified model. */
export { toUnifiedAccount } from './provider/account-mapping.js';
/** The unified provider and its options. */
export { SpareBank1Provider, type SpareBank1ProviderOptions } from './provider/provider.js';
export { toUnifiedTransactions } from './provider/transaction-mapping.js';
/** The bank's own payloads, as validated. */
export type {
  SpareBank1Account,
  SpareBank1AccountBalance,
  SpareBank1AccountDetails,
  SpareBank1AccountRoles,
} from './schemas/account.js';
export type {
  SpareBank1Category,
  SpareBank1ClassifiedTransaction,
  SpareBank1ClassifiedTransactionDetails,
  SpareBank1Transaction,
  SpareBank1TransactionDetails,
} from './schemas/transaction.js';
export type {
  ClassifiedDetailsOptions,
  ExportTransactionsOptions,
  ListClassifiedTransactionsOptions,
  ListTransactionsOptions,
  SourceParameterName,
  TransactionListPage,
  TransactionSource,
} from './transactions.js';
export type { CreditCardTransferInput, PensionTransferInput, TransferInput } from './transfer-input.js';
export type { TransferCallOptions, TransferResult } from './transfers.js';
