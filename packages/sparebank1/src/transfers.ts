import {
  type HttpClient,
  HttpError,
  isHttpError,
  isNetworkError,
  isResponseTooLargeError,
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

/** The one code with which the bank guarantees that nothing moved. */
const NOT_COMPLETED = 'general.error.transfer.not.completed';

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
  readonly #http: HttpClient;
  readonly #logger: Logger | undefined;

  /**
   * @param http the client's HTTP layer. Transfers are POSTs not marked idempotent, so it never
   * retries them; a 401 is still renewed and repeated once (the gateway refused it before the bank saw it).
   */
  constructor(http: HttpClient, logger: Logger | undefined) {
    this.#http = http;
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
    // Aborted before the call: nothing is sent. Aborted during it: the bank may have the transfer.
    options.signal?.throwIfAborted();
    let result: TransferResult;
    try {
      const { data } = await this.#http.json(
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
      // Whatever the abort reason (an AbortError, a TimeoutError from AbortSignal.timeout, a value of
      // the caller's), the request may already be at the bank.
      if (options.signal?.aborted) {
        throw unknownOutcome('the call was aborted after the request was sent', { cause: error });
      }
      throw outcomeOf(error);
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
}

/**
 * What a failed transfer call means for the money: errors from which the bank cannot have moved it
 * pass through; everything after the request may have reached the bank becomes
 * {@link TransferOutcomeUnknownError}.
 */
function outcomeOf(error: unknown): unknown {
  if (isHttpError(error)) {
    // Only a 4xx is the bank refusing the transfer. Anything else (a 5xx, a redirect, which after
    // a POST commonly means "done, look there", or a status outside HTTP's range) came after the
    // bank had the request.
    if (error.status >= 400 && error.status < 500) return error;
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
      { status: error.status, providerCode: error.providerCode, requestId: error.requestId, cause: error },
    );
  }
  if (isNetworkError(error)) {
    if (!error.requestSent) return error;
    return unknownOutcome('the connection failed or timed out after the request was sent', { cause: error });
  }
  if (isResponseValidationError(error) || isResponseTooLargeError(error)) {
    return unknownOutcome('SpareBank 1 answered, but not with the expected confirmation', { cause: error });
  }
  // Local failures (bad input, no login, token renewal failed) happen before anything is sent.
  return error;
}
