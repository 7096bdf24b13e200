import { BankkitError } from './bankkit-error.js';
import {
  AuthenticationError,
  HttpError,
  RateLimitError,
  ReauthorizationRequiredError,
} from './http-errors.js';
import {
  ConfigurationError,
  InvalidInputError,
  NetworkError,
  OAuthCallbackError,
  PaginationError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
  TokenStoreError,
  TokenStoreFencedError,
  TransferOutcomeUnknownError,
  UserAuthenticationError,
} from './local-errors.js';
import { IncompleteDataError, SyncCursorError, SyncRestartRequiredError } from './sync-errors.js';

/** True for any error thrown by bankkit. */
export const isBankkitError = (error: unknown): error is BankkitError => error instanceof BankkitError;
/** True for {@link HttpError} (and {@link RateLimitError}). */
export const isHttpError = (error: unknown): error is HttpError => error instanceof HttpError;
/** True for {@link RateLimitError}. */
export const isRateLimitError = (error: unknown): error is RateLimitError => error instanceof RateLimitError;
/** True for {@link AuthenticationError}. */
export const isAuthenticationError = (error: unknown): error is AuthenticationError =>
  error instanceof AuthenticationError;
/** True for {@link UserAuthenticationError}. */
export const isUserAuthenticationError = (error: unknown): error is UserAuthenticationError =>
  error instanceof UserAuthenticationError;
/** True for {@link ReauthorizationRequiredError}. */
export const isReauthorizationRequiredError = (error: unknown): error is ReauthorizationRequiredError =>
  error instanceof ReauthorizationRequiredError;
/** True for {@link NetworkError} (and {@link TimeoutError}). */
export const isNetworkError = (error: unknown): error is NetworkError => error instanceof NetworkError;
/** True for {@link TimeoutError}. */
export const isTimeoutError = (error: unknown): error is TimeoutError => error instanceof TimeoutError;
/** True for {@link ResponseValidationError}. */
export const isResponseValidationError = (error: unknown): error is ResponseValidationError =>
  error instanceof ResponseValidationError;
/** True for {@link ResponseTooLargeError}. */
export const isResponseTooLargeError = (error: unknown): error is ResponseTooLargeError =>
  error instanceof ResponseTooLargeError;
/** True for {@link PaginationError}. */
export const isPaginationError = (error: unknown): error is PaginationError =>
  error instanceof PaginationError;
/** True for {@link TransferOutcomeUnknownError}. */
export const isTransferOutcomeUnknownError = (error: unknown): error is TransferOutcomeUnknownError =>
  error instanceof TransferOutcomeUnknownError;
/** True for {@link ConfigurationError}. */
export const isConfigurationError = (error: unknown): error is ConfigurationError =>
  error instanceof ConfigurationError;
/** True for {@link InvalidInputError}. */
export const isInvalidInputError = (error: unknown): error is InvalidInputError =>
  error instanceof InvalidInputError;
/** True for {@link OAuthCallbackError}. */
export const isOAuthCallbackError = (error: unknown): error is OAuthCallbackError =>
  error instanceof OAuthCallbackError;
/** True for {@link SyncCursorError}. */
export const isSyncCursorError = (error: unknown): error is SyncCursorError =>
  error instanceof SyncCursorError;
/** True for {@link SyncRestartRequiredError}. */
export const isSyncRestartRequiredError = (error: unknown): error is SyncRestartRequiredError =>
  error instanceof SyncRestartRequiredError;
/** True for {@link IncompleteDataError}. */
export const isIncompleteDataError = (error: unknown): error is IncompleteDataError =>
  error instanceof IncompleteDataError;
/** True for {@link TokenStoreFencedError}. */
export const isTokenStoreFencedError = (error: unknown): error is TokenStoreFencedError =>
  error instanceof TokenStoreFencedError;
/** True for {@link TokenStoreError} (and {@link TokenStoreFencedError}). */
export const isTokenStoreError = (error: unknown): error is TokenStoreError =>
  error instanceof TokenStoreError;
