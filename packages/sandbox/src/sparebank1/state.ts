import type { ProviderRuntime } from '../runtime/context.js';
import type { Bank } from './data/bank.js';
import type { IsoDate, TransferKind } from './data/model.js';
import { osloDate } from './data/oslo-dates.js';
import type { TransactionIdCodec } from './data/transaction-ids.js';
import type { ErrorRenderer } from './http/errors.js';
import type { ClientRegistry } from './oauth/clients.js';
import type { LoginSession, OAuthStore } from './oauth/token-store.js';
import type { ConsentMode, ResolvedSpareBank1Options } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { TransferErrorCode } from './transfers/error-codes.js';

/** Partial failures the transactions endpoints can report with HTTP 200 (SB-49). */
export type PartialFailure = 'CREDIT_ACCOUNTS_FAILED' | 'RECENT_TRANSACTIONS_FAILED';

/** A transfer failure armed by a test. */
export interface ArmedTransferFailure {
  code: TransferErrorCode;
  /** Book the transfer first, then fail (the outcome-unknown case of `general.error`). */
  afterBooking: boolean;
  /** Only a request to this endpoint fires it; any endpoint when absent. */
  kind?: TransferKind;
}

/** Switches tests flip through the control hooks. */
export interface Scenarios {
  consentMode: ConsentMode;
  partialFailures: PartialFailure[];
  transferFailures: ArmedTransferFailure[];
}

/** Everything the routes share. */
export interface SpareBank1State {
  runtime: ProviderRuntime;
  options: ResolvedSpareBank1Options;
  bank: Bank;
  oauth: OAuthStore;
  clients: ClientRegistry;
  transactionIds: TransactionIdCodec;
  errors: ErrorRenderer;
  rateLimiter: RateLimiter;
  scenarios: Scenarios;
}

/** Hono environment of the app: authenticated routes carry the login session. */
export interface SpareBank1Env {
  Variables: { session: LoginSession };
}

/** Today's date in Oslo on the sandbox clock. */
export function sandboxToday(state: SpareBank1State): IsoDate {
  return osloDate(state.runtime.clock.nowMs());
}
