import { z } from 'zod';

const optionalString = z.string().nullish();
const optionalNumber = z.number().nullish();
const optionalBoolean = z.boolean().nullish();

/** Epoch milliseconds (the usual form) or, now and then, an ISO date string. */
const instant = z.union([z.number(), z.string()]);

/** `{ value, formatted, unformatted }`: how transactions carry account numbers. */
export const accountNumberSchema = z.looseObject({
  value: optionalString,
  formatted: optionalString,
  unformatted: optionalString,
});

/**
 * What the bank classifies a row by. `date` turned from a string into epoch milliseconds in
 * February 2026 without a version bump, so both are accepted.
 */
export const classificationInputSchema = z.looseObject({
  id: optionalString,
  mcc: optionalString,
  date: instant.nullish(),
  text: optionalString,
  type: optionalString,
  amount: optionalNumber,
});

/** The merchant behind a card row (from Snowdrop). */
export const merchantSchema = z.looseObject({
  id: optionalString,
  img: optionalString,
  name: optionalString,
  address: optionalString,
  country: optionalString,
  logoImg: optionalString,
  postcode: optionalString,
  streetNumber: optionalString,
});

/**
 * One row of `GET /transactions`. The fields bankkit relies on are required; the rest are
 * optional and unknown fields are kept. The live names `isConfidential` / `isFromCurrencyAccount`
 * and the spec's `confidential` / `fromCurrencyAccount` are both accepted.
 */
export const transactionSchema = z.looseObject({
  /** Encrypted and session-bound: it changes between fetches. Never store it as an id. */
  id: z.string().min(1),
  nonUniqueId: optionalString,
  description: optionalString,
  cleanedDescription: optionalString,
  accountNumber: accountNumberSchema.nullish(),
  amount: z.number(),
  /** Booking date: epoch ms of Oslo midnight (occasionally an ISO string). */
  date: instant,
  interestDate: instant.nullish(),
  typeCode: optionalString,
  typeText: optionalString,
  currencyCode: optionalString,
  currencyAmount: optionalNumber,
  canShowDetails: optionalBoolean,
  source: optionalString,
  bookingStatus: z.string(),
  accountName: optionalString,
  accountKey: z.string().min(1),
  accountCurrency: optionalString,
  isConfidential: optionalBoolean,
  confidential: optionalBoolean,
  isFromCurrencyAccount: optionalBoolean,
  fromCurrencyAccount: optionalBoolean,
  remoteAccountNumber: optionalString,
  remoteAccountName: optionalString,
  kidOrMessage: optionalString,
  detailsUrl: optionalString,
  paymentReference: optionalString,
  mcc: optionalString,
  mccGroup: optionalString,
  merchant: merchantSchema.nullish(),
  classificationInput: classificationInputSchema.nullish(),
  creditCardIdentifiers: z
    .looseObject({ nonUniqueId: optionalString, partitionKey: optionalString })
    .nullish(),
});

/**
 * Partial-failure codes sent with HTTP 200: `CREDIT_ACCOUNTS_FAILED` (some credit-card accounts are
 * missing from the list), `RECENT_TRANSACTIONS_FAILED` (recent rows from core banking are missing).
 */
const listErrors = z.array(z.string()).optional();

/** `GET /transactions`. */
export const transactionListSchema = z.looseObject({
  transactions: z.array(transactionSchema),
  errors: listErrors,
});

/** A category the bank assigned to a row. */
export const categorySchema = z.looseObject({
  main: optionalString,
  mainI18n: optionalString,
  sub: optionalString,
  subI18n: optionalString,
  confidence: optionalNumber,
});

/** One row of `GET /transactions/classified`: the transaction is wrapped, not flat. */
export const classifiedTransactionSchema = z.looseObject({
  transaction: transactionSchema,
  categories: z.array(categorySchema).nullish(),
  recurring: optionalBoolean,
  subscription: optionalBoolean,
});

/** `GET /transactions/classified`. */
export const classifiedTransactionListSchema = z.looseObject({
  transactions: z.array(classifiedTransactionSchema),
  errors: listErrors,
});

/** `GET /transactions/{id}/details`. Its dates are `YYYY-MM-DD` strings, unlike the list's epoch ms. */
export const transactionDetailsSchema = z.looseObject({
  id: z.string(),
  date: instant,
  valueDate: optionalString,
  bookedDate: optionalString,
  postingDate: optionalString,
  type: optionalString,
  amount: z.number(),
  typeCode: optionalString,
  typeText: optionalString,
  accountKey: optionalString,
  accountName: optionalString,
  description: optionalString,
  cleanedDescription: optionalString,
  originalDescription: optionalString,
  eInvoiceUrl: optionalString,
  nonUniqueId: optionalString,
  currencyCode: optionalString,
  currencyAmount: optionalNumber,
  exchangeRate: optionalNumber,
  kidOrMessage: optionalString,
  accountNumber: accountNumberSchema,
  accountCurrency: optionalString,
  archiveReference: optionalString,
  paymentReference: optionalString,
  numericalReference: optionalString,
  remoteAccountName: optionalString,
  remoteAccountNumber: optionalString,
  classificationInput: classificationInputSchema.nullish(),
  paymentDetails: z.looseObject({}).nullish(),
});

/** `GET /transactions/{id}/details/classified`. */
export const classifiedTransactionDetailsSchema = z.looseObject({
  transaction: transactionDetailsSchema,
  categories: z.array(categorySchema).nullish(),
  recurring: optionalBoolean,
  merchant: z.looseObject({}).nullish(),
});

/** A SpareBank 1 transaction row, as the bank sends it. */
export type SpareBank1Transaction = z.infer<typeof transactionSchema>;
/** A classified row: the transaction with its categories. */
export type SpareBank1ClassifiedTransaction = z.infer<typeof classifiedTransactionSchema>;
/** Details of one transaction. */
export type SpareBank1TransactionDetails = z.infer<typeof transactionDetailsSchema>;
/** Details of one transaction with its categories and merchant. */
export type SpareBank1ClassifiedTransactionDetails = z.infer<typeof classifiedTransactionDetailsSchema>;
/** A category assigned to a classified row. */
export type SpareBank1Category = z.infer<typeof categorySchema>;
