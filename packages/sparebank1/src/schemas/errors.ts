import { z } from 'zod';

/** One entry of SpareBank 1's error envelope. */
export const errorSchema = z.looseObject({
  code: z.string(),
  message: z.string().optional(),
  traceId: z.string().optional(),
  httpCode: z.number().optional(),
  resource: z.string().optional(),
  localizedMessage: z.looseObject({ template: z.string(), values: z.array(z.string()) }).optional(),
});

/** `ErrorsDTO`: the body of every API error except the gateway's plain-text 401. */
export const errorsSchema = z.looseObject({ errors: z.array(errorSchema) });

/** The token endpoint's error body (RFC 6749 §5.2). */
export const oauthErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
});

/** One entry of `ErrorsDTO`. */
export type SpareBank1ErrorEntry = z.infer<typeof errorSchema>;
