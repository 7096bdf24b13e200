/**
 * @bankkit/core: what every bankkit adapter stands on: the unified model and provider interface,
 * pagination, the token lifecycle, the HTTP layer, typed errors and redaction.
 *
 * @packageDocumentation
 */
export * from './errors/index.js';
export {
  type BearerAuth,
  createHttpClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  type FailedExchange,
  type HttpClient,
  type HttpClientOptions,
  type HttpHooks,
  type HttpResult,
  type JsonResult,
  type ProviderErrorInfo,
  type QueryValue,
  type RequestOptions,
  type RetryOptions,
} from './http/http-client.js';
export type { Logger } from './http/logger.js';
export { toIsoDate, toLocalDate } from './model/dates.js';
export { type Money, minorUnitDigits, toMoney } from './model/money.js';
export type {
  Account,
  AccountQuery,
  AccountType,
  BankingProvider,
  RemovedTransaction,
  SyncBatch,
  SyncOptions,
  Transaction,
  TransactionQuery,
} from './model/types.js';
export * from './pacing/index.js';
export {
  DEFAULT_MAX_EMPTY_PAGES,
  type FetchAllOptions,
  type FetchPage,
  Page,
  type PageInit,
} from './pagination/page.js';
export * from './redaction/index.js';
export {
  accountScopeOf,
  decodeSyncCursor,
  encodeSyncCursor,
  MAX_SYNC_CURSOR_LENGTH,
  type SyncCursorExpectation,
  type SyncCursorInput,
} from './sync/cursor.js';
export type { LedgerQuery, TransactionLedger } from './sync/ledger.js';
export {
  type SyncCounts,
  type SyncProgress,
  type SyncProviderOptions,
  type SyncSummary,
  syncProvider,
} from './sync/sync-provider.js';
export { FileTokenStore, type FileTokenStoreOptions } from './tokens/file-token-store.js';
export { MemoryTokenStore } from './tokens/memory-token-store.js';
export { TokenManager, type TokenManagerOptions } from './tokens/token-manager.js';
export type { TokenSet, TokenStore, TokenStoreLock, TokenWriteOptions } from './tokens/token-set.js';
