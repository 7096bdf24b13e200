/** Formats of `bankkit accounts`. */
export const ACCOUNT_FORMATS = ['table', 'json', 'csv'] as const;
/** Formats of `bankkit transactions` (NDJSON streams one transaction per line). */
export const TRANSACTION_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;

/** An output format of `bankkit accounts`. */
export type AccountFormat = (typeof ACCOUNT_FORMATS)[number];
/** An output format of `bankkit transactions`. */
export type TransactionFormat = (typeof TRANSACTION_FORMATS)[number];
