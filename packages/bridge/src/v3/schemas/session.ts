import { z } from 'zod';

/**
 * A Bridge Connect session (`POST /v3/aggregation/connect-sessions`, 201): its `id` and the `url`
 * to send the user to (`https://connect.bridgeapi.io/session/<id>`).
 */
export const connectSessionSchema = z.looseObject({
  id: z.string(),
  url: z.string(),
});

/**
 * A user-management session (`POST /v3/aggregation/user-management-sessions`, 201). Bridge
 * documents the `url`; the `id` is read when sent, as for connect sessions.
 */
export const userManagementSessionSchema = z.looseObject({
  id: z.string().nullish(),
  url: z.string(),
});

/** `{ id, url }` of a connect session. */
export type ConnectSession = z.infer<typeof connectSessionSchema>;
/** `{ id?, url }` of a user-management session. */
export type UserManagementSession = z.infer<typeof userManagementSessionSchema>;
