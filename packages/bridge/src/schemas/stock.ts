import { z } from 'zod';
import { isoDate, isoDateTime, numericId } from './common.js';

/** A stock position of a brokerage account. Prices and quantities are JSON numbers, as sent. */
export const stockSchema = z.looseObject({
  id: numericId,
  current_price: z.number(),
  quantity: z.number(),
  total_value: z.number(),
  average_purchase_price: z.number(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  ticker: z.string(),
  stock_key: z.string(),
  isin: z.string(),
  label: z.string(),
  currency_code: z.string(),
  marketplace: z.string().nullish(),
  value_date: isoDate,
  is_deleted: z.boolean(),
  account_id: numericId,
});

/** A stock position, as Bridge sends it. */
export type BridgeStock = z.infer<typeof stockSchema>;
