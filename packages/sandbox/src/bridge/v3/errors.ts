import type { BridgeApiError, BridgeErrorType } from '../errors.js';

/** The v3 error `code`s the sandbox emits. Only `invalid_client_credentials` is documented (F-11). */
export type BridgeV3ErrorCode =
  | 'invalid_bridge_version'
  | 'invalid_client_credentials'
  | 'invalid_access_token'
  | 'missing_parameter'
  | 'invalid_parameter'
  | 'invalid_cursor'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'unsupported_media_type'
  | 'invalid_json'
  | 'too_many_requests'
  | 'internal_server_error'
  | 'bad_gateway'
  | 'service_unavailable';

/** A v3 error answer `{code, property?, message}`, thrown in a route and rendered by the app. */
export class BridgeV3ApiError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** Machine-readable code. */
  readonly code: BridgeV3ErrorCode;
  /** The offending parameter, when there is one. */
  readonly property: string | undefined;

  constructor(status: number, code: BridgeV3ErrorCode, message: string, property?: string) {
    super(message);
    this.name = 'BridgeV3ApiError';
    this.status = status;
    this.code = code;
    this.property = property;
  }
}

/** Serializes the v3 error envelope; `property` is omitted when absent (omitted-null rule). */
export function bridgeV3ErrorJson(code: string, message: string, property?: string): string {
  return JSON.stringify(property === undefined ? { code, message } : { code, property, message });
}

const FROM_V2: Record<BridgeErrorType, BridgeV3ErrorCode> = {
  bad_request: 'invalid_parameter',
  invalid_cursor: 'invalid_cursor',
  unauthorized: 'invalid_access_token',
  forbidden: 'invalid_access_token',
  not_found: 'not_found',
  conflict: 'conflict',
  unsupported_media_type: 'unsupported_media_type',
  unprocessable_entity: 'invalid_json',
  too_many_requests: 'too_many_requests',
  internal_server_error: 'internal_server_error',
};

/**
 * The v3 form of an error thrown by a helper shared with `/v2` (body parsing, `limit`, cursors, rate
 * limits): same status, v3 code. A `limit` problem names its property.
 */
export function fromV2Error(error: BridgeApiError): BridgeV3ApiError {
  const property = error.type === 'bad_request' && error.message.startsWith('limit ') ? 'limit' : undefined;
  return new BridgeV3ApiError(error.status, FROM_V2[error.type], error.message, property);
}

/** 400 for a missing parameter. */
export const missingParameter = (property: string) =>
  new BridgeV3ApiError(400, 'missing_parameter', `${property} is required`, property);

/** 400 for an invalid parameter. */
export const invalidParameter = (property: string, message: string) =>
  new BridgeV3ApiError(400, 'invalid_parameter', message, property);

/** 404 for a resource kind. */
export const v3NotFound = (what: string) => new BridgeV3ApiError(404, 'not_found', `${what} not found`);
