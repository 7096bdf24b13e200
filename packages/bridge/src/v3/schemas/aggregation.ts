import { z } from 'zod';
import { isoDate, isoDateTime, numericId } from '../../schemas/common.js';

/**
 * An id Bridge sends as a JSON integer (items, accounts, transactions, providers, categories). A
 * string is accepted too: no v3 reference page fixes the type, and a string id must not fail a sync.
 */
export const flexibleId = z.union([numericId, z.string().min(1)]);

/**
 * An item (one bank connection). `status` 0 is OK; others (`1010` with `status_code_info`
 * `otp_required`, `402` `invalid_creds`...) need the user back in Bridge Connect with the item id.
 * `provider_id` replaces v2's `bank_id`. Null fields are omitted by Bridge, hence optional here.
 */
export const itemV3Schema = z.looseObject({
  id: flexibleId,
  status: z.int(),
  status_code_info: z.string().nullish(),
  status_code_description: z.string().nullish(),
  provider_id: flexibleId.nullish(),
  authentication_expires_at: isoDateTime.nullish(),
});

/**
 * An account. Three balances: `balance` (always sent), `accounting_balance` (booked) and
 * `instant_balance` (includes pending and future rows); either of the last two may be missing.
 */
export const accountV3Schema = z.looseObject({
  id: flexibleId,
  name: z.string(),
  balance: z.number(),
  accounting_balance: z.number().nullish(),
  instant_balance: z.number().nullish(),
  currency_code: z.string(),
  item_id: flexibleId,
  type: z.string().nullish(),
  iban: z.string().nullish(),
  provider_id: flexibleId.nullish(),
  updated_at: isoDateTime.nullish(),
  data_access: z.string().nullish(),
});

/**
 * A transaction. `date` is always sent (equal to one of the three others, depending on the bank);
 * `booking_date`, `transaction_date` and `value_date` may be missing. `updated_at` is the sync
 * cursor. `deleted` and `future` (v2's `is_deleted` / `is_future`, also read) are kept as sent.
 */
export const transactionV3Schema = z.looseObject({
  id: flexibleId,
  account_id: flexibleId,
  amount: z.number(),
  currency_code: z.string(),
  date: isoDate,
  booking_date: isoDate.nullish(),
  transaction_date: isoDate.nullish(),
  value_date: isoDate.nullish(),
  updated_at: isoDateTime,
  clean_description: z.string().nullish(),
  provider_description: z.string().nullish(),
  category_id: flexibleId.nullish(),
  operation_type: z.string().nullish(),
  deleted: z.boolean().nullish(),
  future: z.boolean().nullish(),
  is_deleted: z.boolean().nullish(),
  is_future: z.boolean().nullish(),
});

/**
 * A provider (v2's bank). Capabilities are lowercase (`aggregation`, was `ais`); `group_name` and
 * `images.logo` replace `parent_name` and `logo_url`. Other fields (`health_status`, `tags`,
 * `aggregation_metadata`, `payment_metadata`, `provider_environments`) are kept as sent.
 */
export const providerV3Schema = z.looseObject({
  id: flexibleId,
  name: z.string(),
  country_code: z.string().nullish(),
  capabilities: z.array(z.string()).nullish(),
  group_name: z.string().nullish(),
  images: z.looseObject({ logo: z.string().nullish() }).nullish(),
});

/**
 * A category. Its v3 shape is undocumented (v2: `id`, `name`, then `parent_id` or nested
 * `categories`): only `id` is required, the rest is kept as sent.
 */
export const categoryV3Schema = z.looseObject({
  id: flexibleId,
  name: z.string().nullish(),
});

/** An item, as Bridge 2025-01-15 sends it. */
export type BridgeV3Item = z.infer<typeof itemV3Schema>;
/** An account, as Bridge 2025-01-15 sends it. */
export type BridgeV3Account = z.infer<typeof accountV3Schema>;
/** A transaction, as Bridge 2025-01-15 sends it. */
export type BridgeV3Transaction = z.infer<typeof transactionV3Schema>;
/** A provider, as Bridge 2025-01-15 sends it. */
export type BridgeV3Provider = z.infer<typeof providerV3Schema>;
/** A category, as Bridge 2025-01-15 sends it. */
export type BridgeV3Category = z.infer<typeof categoryV3Schema>;
