import {
  type HttpClient,
  HttpError,
  isHttpError,
  isResponseValidationError,
  type Logger,
  TransferOutcomeUnknownError,
} from '@bankkit/core';
import { PROVIDER_ID } from './constants.js';
import { JSON_BODY_HEADERS } from './http/media-types.js';
import { transferCreatedSchema } from './schemas/transfer.js';
import {
  type CreditCardTransferInput,
  creditCardTransferBody,
  debitTransferBody,
  type PensionTransferInput,
  pensionTransferBody,
  type TransferInput,
} from './transfer-input.js';

/** What the bank answered to a transfer. */
export interface TransferResult {
  /** The payment's id in its current state (the bank changes it when the payment is updated). */
  paymentId: string;
  /**
   * The transfer was made, but look at these: `DUPLICATE_PAYMENT_EXISTS` (an identical transfer
   * exists: was this one intended?), `CUTOFF_TIME_HAS_PASSED`,
   * `DUE_DATE_IN_THE_PAST_MOVED_TO_NEXT_VALID_DATE`, `DUE_DATE_MOVED_SINCE_BANK_IS_CLOSED_ON_REQUESTED_DATE`.
   */
  warnings: string[];
}

/** Options of the transfer calls. */
export interface TransferCallOptions {
  /** Aborting after the request was sent leaves the outcome unknown, like a dropped connection. */
  signal?: AbortSignal;
}

/** Builds an HTTP client for one transfer, sending through the given fetch and never retrying. */
export type TransferHttpFactory = (fetch: typeof globalThis.fetch) => HttpClient;

/** The one code with which the bank guarantees that nothing moved. */
const NOT_COMPLETED = 'general.error.transfer.not.completed';

/** Failures that happen before a single byte reaches the bank. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function neverConnected(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_CONNECTED.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** What one transfer's requests did, seen from the fetch underneath the HTTP layer. */
class AttemptLog {
  #possiblyApplied = false;

  wrap(base: () => typeof globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      try {
        const response = await base()(input, init);
        // The gateway answers 401 before the bank sees the request; anything else may have been processed.
        if (response.status !== 401) this.#possiblyApplied = true;
        return response;
      } catch (error) {
        if (!neverConnected(error)) this.#possiblyApplied = true;
        throw error;
      }
    };
  }

  get possiblyApplied(): boolean {
    return this.#possiblyApplied;
  }
}

function unknownOutcome(
  reason: string,
  details: ConstructorParameters<typeof TransferOutcomeUnknownError>[1],
) {
  return new TransferOutcomeUnknownError(
    `The transfer may or may not have been made: ${reason}. It was not retried. Check the account's transactions (or the SpareBank 1 app) before trying again, or the money may move twice.`,
    { provider: PROVIDER_ID, ...details },
  );
}

/**
 * The Transfer API (`/personal/banking/transfer`). Every input is validated before anything is
 * sent; a transfer is sent once and never repeated automatically (the bank has no idempotency key,
 * and a repeat is simply a second transfer).
 */
export class TransfersApi {
  readonly #httpFor: TransferHttpFactory;
  readonly #fetch: () => typeof globalThis.fetch;
  readonly #logger: Logger | undefined;

  constructor(
    httpFor: TransferHttpFactory,
    fetch: typeof globalThis.fetch | undefined,
    logger: Logger | undefined,
  ) {
    this.#httpFor = httpFor;
    // Looked up per call so that a fetch patched later (tests, instrumentation) is honoured.
    this.#fetch = () => fetch ?? globalThis.fetch;
    this.#logger = logger;
  }

  /** `POST /transfer/debit`. */
  async debit(input: TransferInput, options: TransferCallOptions = {}): Promise<TransferResult> {
    return this.#send('personal/banking/transfer/debit', debitTransferBody(input), options);
  }

  /** `POST /transfer/creditcard/transferTo`. */
  async creditCard(
    input: CreditCardTransferInput,
    options: TransferCallOptions = {},
  ): Promise<TransferResult> {
    return this.#send(
      'personal/banking/transfer/creditcard/transferTo',
      creditCardTransferBody(input),
      options,
    );
  }

  /** `POST /transfer/pension`. */
  async pension(input: PensionTransferInput, options: TransferCallOptions = {}): Promise<TransferResult> {
    return this.#send('personal/banking/transfer/pension', pensionTransferBody(input), options);
  }

  async #send(
    path: string,
    body: Record<string, string>,
    options: TransferCallOptions,
  ): Promise<TransferResult> {
    const attempts = new AttemptLog();
    const http = this.#httpFor(attempts.wrap(this.#fetch));
    let result: TransferResult;
    try {
      const { data } = await http.json(
        {
          method: 'POST',
          path,
          json: body,
          headers: JSON_BODY_HEADERS,
          idempotent: false,
          signal: options.signal,
        },
        transferCreatedSchema,
      );
      result = { paymentId: data.paymentId, warnings: [...(data.warnings ?? [])] };
    } catch (error) {
      throw this.#outcomeOf(error, attempts);
    }
    if (result.warnings.length > 0) {
      this.#logger?.warn('SpareBank 1 made the transfer with warnings', {
        provider: PROVIDER_ID,
        endpoint: path,
        paymentId: result.paymentId,
        warnings: result.warnings,
      });
    }
    return result;
  }

  #outcomeOf(error: unknown, attempts: AttemptLog): unknown {
    if (isHttpError(error)) {
      if (error.status < 500) return error;
      const details = {
        status: error.status,
        providerCode: error.providerCode,
        requestId: error.requestId,
        cause: error,
      };
      if (error.providerCode === NOT_COMPLETED) {
        return new HttpError(
          `SpareBank 1 could not complete the transfer and guarantees that nothing moved (${NOT_COMPLETED}). It is safe to try again.`,
          {
            provider: PROVIDER_ID,
            status: error.status,
            providerCode: error.providerCode,
            providerMessage: error.providerMessage,
            requestId: error.requestId,
            response: error.response,
            method: error.method,
            endpoint: error.endpoint,
            cause: error,
          },
          'transfer_not_completed',
        );
      }
      return unknownOutcome(
        `SpareBank 1 answered ${error.status}${error.providerCode ? ` (${error.providerCode})` : ''} after receiving it`,
        details,
      );
    }
    if (!attempts.possiblyApplied) return error;
    const reason = isResponseValidationError(error)
      ? 'SpareBank 1 answered, but not with the expected confirmation'
      : 'the connection failed or timed out after the request was sent';
    return unknownOutcome(reason, { cause: error });
  }
}
