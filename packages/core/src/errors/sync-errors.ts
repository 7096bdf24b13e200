import { BankkitError, type BankkitErrorOptions } from './bankkit-error.js';

/** Why a sync cursor was refused. */
export type SyncCursorProblem =
  /** Not a bankkit cursor at all, or cut short: the text does not decode. */
  | 'malformed'
  /** It decodes, but its checksum does not match: it was changed or corrupted. */
  | 'checksum'
  /** Written by a cursor format this version of bankkit does not read. */
  | 'version'
  /** Issued by another provider (a SpareBank 1 cursor handed to Bridge, say). */
  | 'provider'
  /** Issued for another set of accounts than the one asked for now. */
  | 'accounts'
  /** Longer than the documented bound, so never one bankkit issued. */
  | 'too_large';

/**
 * A sync cursor was refused: it is corrupted, from another provider, for another set of accounts, or
 * from an unknown format. Nothing was fetched. The cursor was never misread: start again without a
 * cursor (a full sync) or pass the cursor that was stored for this provider and these accounts.
 */
export class SyncCursorError extends BankkitError {
  static override readonly kind: string = 'SyncCursorError';
  /** What was wrong with the cursor. */
  declare readonly problem: SyncCursorProblem;
  constructor(message: string, options: BankkitErrorOptions & { problem: SyncCursorProblem }) {
    super('invalid_sync_cursor', message, options);
    Object.defineProperty(this, 'problem', { value: options.problem, enumerable: true });
  }
}

/**
 * The bank's data changed while a multi-page sync was being read, so the pages read so far may not
 * fit together. Restart from the cursor the sync began with (Plaid's
 * `TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION`); `syncProvider` does this by itself.
 */
export class SyncRestartRequiredError extends BankkitError {
  static override readonly kind: string = 'SyncRestartRequiredError';
  /**
   * The cursor to restart from, when the provider knows a better one than the cursor the caller's
   * loop began with (the cursor of the start of the interrupted pass). Not serialized.
   */
  declare readonly restartCursor?: string;
  constructor(message: string, options: BankkitErrorOptions & { restartCursor?: string | undefined } = {}) {
    super('sync_restart_required', message, options);
    if (options.restartCursor !== undefined) {
      Object.defineProperty(this, 'restartCursor', { value: options.restartCursor, enumerable: false });
    }
  }
}

/**
 * The bank answered, but said part of the data is missing (SpareBank 1's HTTP 200 with
 * `CREDIT_ACCOUNTS_FAILED` or `RECENT_TRANSACTIONS_FAILED`). A sync cannot tell a row that is gone
 * from a row the bank left out, so it stops without a batch rather than report rows as removed.
 * Try again later; nothing was applied.
 */
export class IncompleteDataError extends BankkitError {
  static override readonly kind: string = 'IncompleteDataError';
  /** The bank's own codes for what is missing. */
  declare readonly providerErrors: readonly string[];
  constructor(message: string, options: BankkitErrorOptions & { providerErrors: readonly string[] }) {
    super('incomplete_data', message, options);
    Object.defineProperty(this, 'providerErrors', { value: [...options.providerErrors], enumerable: true });
  }
}
