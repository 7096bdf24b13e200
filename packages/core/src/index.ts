/**
 * @bankkit/core: what every bankkit adapter stands on: the unified model and provider interface,
 * pagination, the token lifecycle, the HTTP layer, typed errors and redaction.
 *
 * @packageDocumentation
 */
export * from './errors/index.js';
export {
  createHttpClient,
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
  Transaction,
  TransactionQuery,
} from './model/types.js';
export * from './pacing/index.js';
export { type FetchAllOptions, type FetchPage, Page, type PageInit } from './pagination/page.js';
export * from './redaction/index.js';
export { FileTokenStore, type FileTokenStoreOptions } from './tokens/file-token-store.js';
export { MemoryTokenStore } from './tokens/memory-token-store.js';
export { TokenManager, type TokenManagerOptions } from './tokens/token-manager.js';
export type { TokenSet, TokenStore } from './tokens/token-set.js';
