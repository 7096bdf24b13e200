import { z } from 'zod';
import { isoDate, isoDateTime, numericId } from './common.js';

/**
 * A transaction. `amount` is a JSON number (positive = credit); `is_deleted` is only ever `true` on
 * the `.../updated` lists; `booking_date`, `transaction_date` and `value_date` may be absent.
 */
export const transactionSchema = z.looseObject({
  id: numericId,
  clean_description: z.string(),
  bank_description: z.string(),
  amount: z.number(),
  date: isoDate,
  updated_at: isoDateTime,
  currency_code: z.string(),
  is_deleted: z.boolean(),
  category_id: numericId,
  account_id: numericId,
  is_future: z.boolean(),
  show_client_side: z.boolean(),
  booking_date: isoDate.nullish(),
  transaction_date: isoDate.nullish(),
  value_date: isoDate.nullish(),
});

/** A transaction, as Bridge sends it. */
export type BridgeTransaction = z.infer<typeof transactionSchema>;
