import { z } from 'zod';
import { isoDate, isoDateTime, numericId, openEnum } from './common.js';

/** Account types Bridge documents. */
export const ACCOUNT_TYPES = [
  'checking',
  'savings',
  'brokerage',
  'card',
  'loan',
  'shared_saving_plan',
  'pending',
  'life_insurance',
  'special',
  'unknown',
] as const;

/** A Bridge account type; unknown future values are accepted too. */
export type BridgeAccountType = (typeof ACCOUNT_TYPES)[number] | (string & {});

/** Loan details of a `loan` account. Any of them may be `null` in real data. */
export const loanDetailsSchema = z.looseObject({
  next_payment_date: isoDate.nullish(),
  next_payment_amount: z.number().nullish(),
  maturity_date: isoDate.nullish(),
  opening_date: isoDate.nullish(),
  interest_rate: z.number().nullish(),
  type: z.string().nullish(),
  borrowed_capital: z.number().nullish(),
  repaid_capital: z.number().nullish(),
  remaining_capital: z.number().nullish(),
  total_estimated_interests: z.number().nullish(),
});

/** Savings details of a `savings` account. */
export const savingsDetailsSchema = z.looseObject({
  opening_date: isoDate.nullish(),
  interest_rate: z.number().nullish(),
  ceiling: z.number().nullish(),
});

/** A bank account. `balance` is a JSON number, as Bridge sends it (convert with `toMoney`). */
export const accountSchema = z.looseObject({
  id: numericId,
  name: z.string(),
  balance: z.number(),
  status: z.int(),
  status_code_info: z.string().nullish(),
  status_code_description: z.string().nullish(),
  updated_at: isoDateTime,
  type: openEnum(ACCOUNT_TYPES),
  is_paused: z.boolean(),
  currency_code: z.string(),
  item_id: numericId,
  bank_id: numericId,
  loan_details: loanDetailsSchema.nullish(),
  savings_details: savingsDetailsSchema.nullish(),
  is_pro: z.boolean(),
  iban: z.string().nullish(),
});

/** An account, as Bridge sends it. */
export type BridgeAccount = z.infer<typeof accountSchema>;
/** Loan details of an account. */
export type BridgeLoanDetails = z.infer<typeof loanDetailsSchema>;
/** Savings details of an account. */
export type BridgeSavingsDetails = z.infer<typeof savingsDetailsSchema>;
