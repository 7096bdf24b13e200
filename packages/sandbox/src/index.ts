/**
 * @bankkit/sandbox: a local emulator of the Bridge v2 (2021-06-01), Bridge v3 (2025-01-15) and
 * SpareBank 1 personal-client APIs, with a controllable clock, deterministic seeded data, fault injection and a request log.
 * It shares no code with the bankkit clients it is meant to check.
 *
 * @packageDocumentation
 */
export type {
  AddTransactionInput as BridgeV3AddTransactionInput,
  BookTransactionInput as BridgeV3BookTransactionInput,
  BridgeConnectCompletion,
  BridgeConnectSessionInfo,
  BridgeControl,
  BridgeSandboxOptions,
  BridgeUserInfo,
  BridgeUserSeed,
  BridgeV3Control,
  BridgeV3Options,
  BridgeV3SessionInfo,
  BridgeV3TransactionInfo,
  BridgeV3WebhookControl,
  BridgeWebhookDelivery,
  BridgeWebhookEndpoint,
  BridgeWebhookEventType,
  BridgeWebhookSeed,
  ChurnOptions,
  ChurnResult,
  CompleteConnectOptions,
  CompleteSessionOptions as BridgeV3CompleteSessionOptions,
  ModifyTransactionInput as BridgeV3ModifyTransactionInput,
  MoneyInput as BridgeV3MoneyInput,
  RefreshOptions as BridgeV3RefreshOptions,
  RefreshResult as BridgeV3RefreshResult,
  SeededUser,
  SessionCompletion as BridgeV3SessionCompletion,
  V3SessionKind as BridgeV3SessionKind,
} from './bridge/index.js';
export {
  BRIDGE_V3_CONTROL_PREFIX,
  BRIDGE_V3_VERSION,
  BRIDGE_WEBHOOK_EVENTS,
  CONNECT_FAILURE_STEPS as BRIDGE_V3_CONNECT_FAILURE_STEPS,
  DEMO_USER as BRIDGE_DEMO_USER,
} from './bridge/index.js';
export type { ClockInput } from './runtime/clock.js';
export type { SandboxClock } from './runtime/context.js';
export type { FaultControls, FaultKind, FaultRule, FaultStats, ProviderName } from './runtime/faults.js';
export { FAULT_KINDS } from './runtime/faults.js';
export type {
  RequestLogEntry,
  RequestLogFilter,
  RequestLogView,
  SandboxServerName,
} from './runtime/request-log.js';
export {
  type Sandbox,
  type SandboxBridge,
  type SandboxOptions,
  type SandboxSpareBank1,
  startSandbox,
} from './runtime/start.js';
export type {
  AccountKind as SpareBank1AccountKind,
  BookPendingOptions,
  ConsentMode,
  PartialFailure,
  SpareBank1AccountSnapshot,
  SpareBank1Control,
  SpareBank1SandboxOptions,
  SpareBank1TransactionSnapshot,
  TransactionsPerAccount,
  TransferErrorCode,
  TransferKind,
  TransferRecord,
} from './sparebank1/index.js';
export {
  DEMO_CLIENT_ID as SPAREBANK1_DEMO_CLIENT_ID,
  DEMO_REDIRECT_URIS as SPAREBANK1_DEMO_REDIRECT_URIS,
  TRANSFER_ERRORS as SPAREBANK1_TRANSFER_ERRORS,
} from './sparebank1/index.js';
