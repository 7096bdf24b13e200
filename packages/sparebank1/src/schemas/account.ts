import { z } from 'zod';

const nullableString = z.string().nullish();
const nullableNumber = z.number().nullish();

/** An account as `GET /accounts` and `GET /accounts/{key}` return it. Unknown fields are kept. */
export const accountSchema = z.looseObject({
  /** The account key: the id every other call takes. */
  key: z.string().min(1),
  accountNumber: z.string(),
  iban: nullableString,
  name: z.string(),
  description: nullableString,
  balance: z.number(),
  availableBalance: nullableNumber,
  currencyCode: z.string(),
  owner: z.looseObject({}).nullish(),
  productType: nullableString,
  type: nullableString,
  productId: nullableString,
  descriptionCode: nullableString,
  disposalRole: z.boolean().nullish(),
  obsCodes: z.array(z.string()).nullish(),
  eInvoiceCustomerReference: nullableString,
  creditCardCreditLimit: nullableNumber,
  /** Capital `ID`, as the bank spells it; pass it as `creditCardAccountId` to `transferToCreditCard`. */
  creditCardAccountID: nullableString,
  accountProperties: z.record(z.string(), z.unknown()).nullish(),
});

/** `GET /accounts`: the accounts and the bank's partial-failure codes. */
export const accountListSchema = z.looseObject({
  accounts: z.array(accountSchema),
  errors: z.array(z.unknown()).optional(),
});

/** `GET /accounts/{key}/details`. The field names are the bank's (including `freeWithdrawelsLeft`). */
export const accountDetailsSchema = z.looseObject({
  freeWithdrawelsLeft: nullableNumber,
  lastWithdrawalDate: z.union([z.string(), z.number()]).nullish(),
  interestRate: nullableNumber,
  blockedAmount: nullableNumber,
  blockedBsuAmount: nullableNumber,
  creditLine: nullableNumber,
  totalConfirmedAmount: nullableNumber,
  netCalculatedCreditInterest: nullableNumber,
  netCalculatedCreditLineInterest: nullableNumber,
  totalCreditInterestLastYear: nullableNumber,
  bankIdentifierCode: nullableString,
});

/** `GET /accounts/{key}/roles`. */
export const accountRolesSchema = z.looseObject({
  roles: z.array(
    z.looseObject({
      roleType: nullableString,
      validFromDate: z.union([z.string(), z.number()]).nullish(),
      validToDate: z.union([z.string(), z.number()]).nullish(),
    }),
  ),
  ownerHasRightOfDisposal: z.boolean().nullish(),
});

/** `GET /accounts/keys`: account number → account key. */
export const accountKeysSchema = z.looseObject({
  accountKeysMap: z.record(z.string(), z.string()),
});

/** `POST /accounts/balance`. Sources disagree on whether the balance is a number or a string. */
export const accountBalanceSchema = z.looseObject({
  accountBalance: z.union([z.number(), z.string()]),
  name: nullableString,
});

/** A SpareBank 1 account, as the bank sends it. */
export type SpareBank1Account = z.infer<typeof accountSchema>;
/** Account details (interest, credit line, withdrawals left). */
export type SpareBank1AccountDetails = z.infer<typeof accountDetailsSchema>;
/** The user's roles on an account. */
export type SpareBank1AccountRoles = z.infer<typeof accountRolesSchema>;
/** An account's balance by account number. */
export type SpareBank1AccountBalance = z.infer<typeof accountBalanceSchema>;
