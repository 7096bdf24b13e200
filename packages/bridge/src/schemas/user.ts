import { z } from 'zod';
import { strictDateTime } from './common.js';

/**
 * A Bridge user. Legacy apps identify users by `email`; apps created after 23/10/2023 by `uuid` and
 * an optional `external_user_id`.
 */
export const userSchema = z.looseObject({
  uuid: z.string(),
  email: z.string().nullish(),
  external_user_id: z.string().nullish(),
});

/** The answer of `POST /v2/authenticate`: a bearer token valid for two hours, and its user. */
export const userAuthInfoSchema = z.looseObject({
  access_token: z.string(),
  expires_at: strictDateTime,
  user: userSchema,
});

/** Whether the user's email is confirmed (`GET /v2/users/me/email/confirmation`). */
export const emailValidationSchema = z.looseObject({
  name: z.string(),
  is_confirmed: z.boolean(),
});

/** A Bridge user, as Bridge sends it. */
export type BridgeUser = z.infer<typeof userSchema>;
/** `{ access_token, expires_at, user }` as `POST /v2/authenticate` sends it. */
export type UserAuthInfo = z.infer<typeof userAuthInfoSchema>;
/** `{ name: "email", is_confirmed }`. */
export type BridgeEmailValidation = z.infer<typeof emailValidationSchema>;
