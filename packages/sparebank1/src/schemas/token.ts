import { z } from 'zod';

const seconds = z.number().nonnegative();

/**
 * The token endpoint's answer. Only `access_token` is taken as certain: the lifetimes are read when
 * present, and a refresh answer without `refresh_token` keeps the one already held.
 */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: seconds.optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: seconds.optional(),
  refresh_token_absolute_expires_in: seconds.optional(),
  scope: z.string().optional(),
  state: z.string().optional(),
  financial_institution_id: z.string().optional(),
});

/** The token endpoint's answer, as parsed. */
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
