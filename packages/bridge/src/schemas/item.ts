import { z } from 'zod';
import { isoDateTime, numericId, openEnum } from './common.js';

/**
 * An item: one connection of the user to one bank. `status` 0 is OK; 1010 means the user must go
 * through Connect again (`manageScaSyncItem`). `status_code_info` and `status_code_description` may
 * be `null`.
 */
export const itemSchema = z.looseObject({
  id: numericId,
  status: z.int(),
  status_code_info: z.string().nullish(),
  status_code_description: z.string().nullish(),
  bank_id: numericId,
});

/** The multi-factor step a refresh is waiting for. */
export const itemMfaSchema = z.looseObject({
  type: openEnum(['SMS', 'APP_TO_APP']).nullish(),
  description: z.string().nullish(),
  label: z.string().nullish(),
  is_numeric: z.boolean().nullish(),
});

/** Progress of an item refresh (`GET /v2/items/{id}/refresh/status`). */
export const itemRefreshStatusSchema = z.looseObject({
  // Documented as a string, and a string in recordings; a number would be kept as sent.
  id: z.union([z.string(), z.number()]).nullish(),
  status: openEnum([
    'info_required',
    'invalid_creds',
    'authenticating',
    'retrieving_data',
    'finished',
    'finished_error',
  ]),
  refreshed_at: isoDateTime.nullish(),
  mfa: itemMfaSchema.nullish(),
  refreshed_accounts_count: z.int().nullish(),
  total_accounts_count: z.int().nullish(),
});

/** An item, as Bridge sends it. */
export type BridgeItem = z.infer<typeof itemSchema>;
/** The progress of an item refresh. */
export type BridgeItemRefreshStatus = z.infer<typeof itemRefreshStatusSchema>;
