export { BankkitError, type BankkitErrorCode, type BankkitErrorOptions } from './bankkit-error.js';
export * from './guards.js';
export {
  AuthenticationError,
  HttpError,
  type HttpErrorDetails,
  RateLimitError,
  ReauthorizationRequiredError,
} from './http-errors.js';
export {
  ConfigurationError,
  InvalidInputError,
  NetworkError,
  type NetworkErrorDetails,
  OAuthCallbackError,
  PaginationError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
  TokenStoreError,
  TokenStoreFencedError,
  TransferOutcomeUnknownError,
  UserAuthenticationError,
  type ValidationIssue,
} from './local-errors.js';
export {
  IncompleteDataError,
  SyncCursorError,
  type SyncCursorProblem,
  SyncRestartRequiredError,
} from './sync-errors.js';
