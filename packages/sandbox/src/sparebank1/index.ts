/**
 * The SpareBank 1 personal-client emulator of `@bankkit/sandbox`.
 *
 * @packageDocumentation
 */
export type {
  BookPendingOptions,
  SpareBank1AccountSnapshot,
  SpareBank1Control,
  SpareBank1TransactionSnapshot,
} from './control.js';
export type { AccountKind, TransferKind, TransferRecord } from './data/model.js';
export {
  type ConsentMode,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_REDIRECT_URIS,
  type SpareBank1SandboxOptions,
  type TransactionsPerAccount,
} from './options.js';
export { createSpareBank1Sandbox, type SpareBank1Sandbox } from './sandbox.js';
export type { PartialFailure } from './state.js';
export { TRANSFER_ERRORS, type TransferErrorCode } from './transfers/error-codes.js';
