import { z } from 'zod';
import { strictDateTime } from '../../schemas/common.js';

/** A Bridge 2025-01-15 user: its `uuid`, and your own `external_user_id` when you gave one. */
export const userV3Schema = z.looseObject({
  uuid: z.string(),
  external_user_id: z.string().nullish(),
});

/**
 * The answer of `POST /v3/aggregation/authorization/token` (201): a bearer token valid for two
 * hours and its user. `expires_at` is read as ISO 8601 with `Z` or an offset, milliseconds or not
 * (v2 sent milliseconds and `Z`; no v3 recording says more).
 */
export const authorizationTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_at: strictDateTime,
  user: userV3Schema,
});

/** A user, as Bridge 2025-01-15 sends it. */
export type BridgeV3User = z.infer<typeof userV3Schema>;
/** `{ access_token, expires_at, user }`, as `POST /v3/aggregation/authorization/token` sends it. */
export type AuthorizationToken = z.infer<typeof authorizationTokenSchema>;
