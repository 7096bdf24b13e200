/**
 * @bankkit/bridge/v3: a client for Bridge API 2025-01-15 (`/v3`), the version new Bridge apps
 * integrate. {@link AppClient} for app-scoped calls (users, authorization tokens, providers,
 * categories), {@link UserClient} for user-scoped calls with managed two-hour tokens (Connect and
 * user-management sessions, items, accounts, transactions), {@link BridgeProvider} behind core's
 * unified `BankingProvider`, and webhook helpers ({@link verifyWebhookSignature},
 * {@link parseWebhookEvent}). The v2 API stays at the package root, unchanged.
 *
 * Return values keep Bridge's own field names and JSON types (validated with zod, unknown fields
 * kept) and carry the raw HTTP response as a non-enumerable `response`; lists are core `Page`s.
 *
 * @packageDocumentation
 */
export { BRIDGE_API_2025_01_15, BRIDGE_PROVIDER_ID, DEFAULT_BRIDGE_BASE_URL } from '../api-version.js';
export type { LanguageOption, PagingOptions, SignalOption } from '../app-client.js';
export type { WithResponse } from '../http/with-response.js';
export type { BridgePage } from '../pagination.js';
export {
  AppClient,
  type AppClientOptions,
  type CreateUserInput,
  type ListProvidersOptions,
} from './app-client.js';
export type { ByExternalUserId, ByUserUuid, UserIdentity } from './auth/user-identity.js';
export type { BridgeV3TokenSet } from './auth/user-token-auth.js';
export { mapBridgeV3Error, parseBridgeV3Error } from './http/error-envelope.js';
export type { BridgeV3ConnectionOptions } from './http/v3-transport.js';
export { BridgeProvider, type BridgeProviderOptions } from './provider/bridge-provider.js';
export {
  bookingDateV3,
  isDeletedV3,
  toAccountV3,
  toTransactionsV3,
  toTransactionV3,
} from './provider/mapping.js';
export {
  accountV3Schema,
  type BridgeV3Account,
  type BridgeV3Category,
  type BridgeV3Item,
  type BridgeV3Provider,
  type BridgeV3Transaction,
  categoryV3Schema,
  itemV3Schema,
  providerV3Schema,
  transactionV3Schema,
} from './schemas/aggregation.js';
export {
  type ConnectSession,
  connectSessionSchema,
  type UserManagementSession,
  userManagementSessionSchema,
} from './schemas/session.js';
export {
  type AuthorizationToken,
  authorizationTokenSchema,
  type BridgeV3User,
  userV3Schema,
} from './schemas/user.js';
export {
  type CreateConnectSessionInput,
  type CreateUserManagementSessionInput,
  type ListAccountsOptions,
  type ListTransactionsOptions,
  type SessionOptions,
  UserClient,
  type UserClientOptions,
} from './user-client.js';
export {
  type BridgeWebhookEvent,
  type ItemAccountCreatedEvent,
  type ItemAccountDeletedEvent,
  type ItemAccountUpdatedEvent,
  type ItemCreatedEvent,
  type ItemDeletedEvent,
  type ItemRefreshedEvent,
  type KnownWebhookEvent,
  type KnownWebhookEventType,
  parseWebhookEvent,
  type UnknownWebhookEvent,
  type UserDeletedEvent,
  WEBHOOK_EVENT_TYPES,
} from './webhooks/events.js';
export { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from './webhooks/verify-signature.js';
export {
  isWebhookSignatureError,
  WebhookSignatureError,
  type WebhookSignatureFailure,
} from './webhooks/webhook-signature-error.js';
