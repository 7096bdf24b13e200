/**
 * @bankkit/bridge: a client for the Bridge open-banking API (bridgeapi.io, version 2021-06-01):
 * {@link AppClient} for app-scoped calls, {@link UserClient} for user-scoped calls with managed
 * tokens, and {@link BridgeProvider}, Bridge behind core's unified `BankingProvider`.
 *
 * Return values keep Bridge's own field names and JSON types (validated with zod, unknown fields
 * kept) and carry the raw HTTP response as a non-enumerable `response`; lists are core `Page`s.
 *
 * @packageDocumentation
 */
export {
  BRIDGE_API_2021_06_01,
  BRIDGE_PROVIDER_ID,
  BRIDGE_TIME_ZONE,
  type BridgeApiVersion,
  DEFAULT_BRIDGE_API_VERSION,
  DEFAULT_BRIDGE_BASE_URL,
} from './api-version.js';
export {
  AppClient,
  type AppClientOptions,
  type CreateUserInput,
  DELETE_USER_PLACEHOLDER_PASSWORD,
  type DeleteUserOptions,
  type LanguageOption,
  type ListBanksOptions,
  type PagingOptions,
  type SignalOption,
  type UpdateUserEmailInput,
  type UpdateUserPasswordInput,
} from './app-client.js';
export type {
  EmailPasswordCredentials,
  ExternalUserIdCredentials,
  UserCredentials,
  UserUuidCredentials,
} from './auth/credentials.js';
export type { BridgeTokenSet } from './auth/user-session.js';
export { parseBridgeError } from './http/error-envelope.js';
export {
  BRIDGE_RATE_LIMITS,
  type BridgePacingOptions,
  type BridgeRateLimit,
  type BridgeRateLimits,
} from './http/pacing.js';
export type { BridgeConnectionOptions } from './http/transport.js';
export type { WithResponse } from './http/with-response.js';
export type { BridgePage, BridgePageExtras } from './pagination.js';
export { BridgeProvider } from './provider/bridge-provider.js';
export { toAccount, toAccountType, toTransaction } from './provider/mapping.js';
export {
  ACCOUNT_TYPES,
  accountSchema,
  BANK_CAPABILITIES,
  type BankCapability,
  type BridgeAccount,
  type BridgeAccountType,
  type BridgeBank,
  type BridgeBankConnectorStatus,
  type BridgeBankFormField,
  type BridgeCategory,
  type BridgeConnectUrl,
  type BridgeEmailValidation,
  type BridgeItem,
  type BridgeItemRefreshStatus,
  type BridgeLoanDetails,
  type BridgeParentCategory,
  type BridgeSavingsDetails,
  type BridgeStock,
  type BridgeSubCategory,
  type BridgeTransaction,
  type BridgeUser,
  bankConnectorsStatusSchema,
  bankSchema,
  categorySchema,
  connectUrlSchema,
  emailValidationSchema,
  itemRefreshStatusSchema,
  itemSchema,
  parentCategorySchema,
  stockSchema,
  transactionSchema,
  type UserAuthInfo,
  userAuthInfoSchema,
  userSchema,
} from './schemas/index.js';
export {
  type ConnectItemInput,
  type ConnectRedirectOptions,
  type ListAccountsOptions,
  type ListItemsOptions,
  type ListTransactionsOptions,
  type ListUpdatedOptions,
  UserClient,
  type UserClientOptions,
} from './user-client.js';
