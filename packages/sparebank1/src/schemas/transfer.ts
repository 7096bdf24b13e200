import { z } from 'zod';

/**
 * `TransferCreatedDTO`. Warnings are kept as strings so that a new warning is still surfaced rather
 * than rejected: known ones are `DUPLICATE_PAYMENT_EXISTS`, `CUTOFF_TIME_HAS_PASSED`,
 * `DUE_DATE_IN_THE_PAST_MOVED_TO_NEXT_VALID_DATE`, `DUE_DATE_MOVED_SINCE_BANK_IS_CLOSED_ON_REQUESTED_DATE`.
 */
export const transferCreatedSchema = z.looseObject({
  paymentId: z.string().min(1),
  warnings: z.array(z.string()).nullish(),
});
