import type { SandboxRandom } from '../../runtime/context.js';
import { JSON_V1 } from './media-types.js';

/** One entry of the `ErrorsDTO` envelope, before the bank adds `traceId` and `httpCode`. */
export interface ErrorDetail {
  code: string;
  message: string;
  /** Property path of the invalid input. */
  resource?: string;
  localizedMessage?: { template: string; values: string[] };
}

/**
 * Codes for errors without an application code: "a textual representation of the HTTP status code"
 * per the spec. The exact strings are not recorded; these follow the usual Java enum names.
 */
export const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

/** Renders `{"errors":[{code,message,traceId,httpCode,...}]}` with a fresh trace id per response. */
export class ErrorRenderer {
  constructor(private readonly random: SandboxRandom) {}

  /** The JSON text of an ErrorsDTO whose `httpCode` equals `status`. */
  body(status: number, details: readonly ErrorDetail[]): string {
    const traceId = this.random.uuid();
    return JSON.stringify({
      errors: details.map((detail) => ({
        code: detail.code,
        message: detail.message,
        traceId,
        httpCode: status,
        ...(detail.resource !== undefined ? { resource: detail.resource } : {}),
        ...(detail.localizedMessage !== undefined ? { localizedMessage: detail.localizedMessage } : {}),
      })),
    });
  }

  /** An ErrorsDTO response. */
  response(status: number, detail: ErrorDetail | readonly ErrorDetail[]): Response {
    const details = Array.isArray(detail) ? detail : [detail as ErrorDetail];
    return new Response(this.body(status, details), {
      status,
      headers: { 'content-type': JSON_V1 },
    });
  }

  /** An ErrorsDTO response for a status without an application code. */
  status(status: number, message: string): Response {
    return this.response(status, { code: STATUS_CODES[status] ?? String(status), message });
  }
}
