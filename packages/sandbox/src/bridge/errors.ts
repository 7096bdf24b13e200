import type { ErrorBody } from '../runtime/fault-responses.js';

/** Bridge's error `type` values the sandbox emits. Only `conflict` is recorded from the real API. */
export type BridgeErrorType =
  | 'bad_request'
  | 'invalid_cursor'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unsupported_media_type'
  | 'unprocessable_entity'
  | 'too_many_requests'
  | 'internal_server_error';

/** Serializes Bridge's error envelope `{type, message, documentation_url}`. */
export function bridgeErrorJson(type: string, message: string): string {
  return JSON.stringify({ type, message, documentation_url: null });
}

/**
 * The Bridge error body for a status (used by the runtime's fault injection): v2's
 * `{type, message, documentation_url}`, or v3's `{code, message}` on a `/v3/` path.
 */
export function bridgeErrorBody(
  _status: number,
  code: string,
  message: string,
  pathname?: string,
): ErrorBody {
  const body = pathname?.startsWith('/v3/')
    ? JSON.stringify({ code, message })
    : bridgeErrorJson(code, message);
  return { body, contentType: 'application/json' };
}

/** A Bridge error answer, thrown anywhere in a route and rendered by the app's error handler. */
export class BridgeApiError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** Bridge error `type`. */
  readonly type: BridgeErrorType;

  constructor(status: number, type: BridgeErrorType, message: string) {
    super(message);
    this.name = 'BridgeApiError';
    this.status = status;
    this.type = type;
  }
}

/** 400 with a message. */
export const badRequest = (message: string) => new BridgeApiError(400, 'bad_request', message);
/** 401 with a message. */
export const unauthorized = (message: string) => new BridgeApiError(401, 'unauthorized', message);
/** 404 for a resource kind. */
export const notFound = (what: string) => new BridgeApiError(404, 'not_found', `${what} not found`);
