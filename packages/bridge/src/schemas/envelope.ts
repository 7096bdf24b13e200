import { z } from 'zod';
import { isoDateTime } from './common.js';
import { compiled } from './compiled.js';

/** The `pagination` object of every Bridge list: `next_uri` is a `/v2/...` path, or `null` on the last page. */
export const paginationSchema = z.looseObject({
  next_uri: z.string().nullish(),
  previous_uri: z.string().nullish(),
});

/** A page of a Bridge list, with the items validated by `item`. */
export interface Envelope<T> {
  resources: T[];
  pagination: { next_uri?: string | null | undefined; previous_uri?: string | null | undefined };
  /** Only `GET /v2/categories` sends it. */
  generated_at?: string | null | undefined;
  [key: string]: unknown;
}

const envelopes = new WeakMap<z.ZodType, z.ZodType<Envelope<unknown>>>();

/**
 * The schema of a page of `item`s: `{ resources, pagination }` (`pagination` is required: a list
 * without it would silently end the paging). Compiled once per item schema with zod's ahead-of-time
 * compiler, because lists are the hot path: whole pages of up to 500 items are validated.
 */
export function envelopeSchema<T>(item: z.ZodType<T>): z.ZodType<Envelope<T>> {
  let schema = envelopes.get(item);
  if (!schema) {
    const envelope = z.looseObject({
      resources: z.array(item),
      pagination: paginationSchema,
      generated_at: isoDateTime.nullish(),
    });
    schema = compiled(envelope) as z.ZodType<Envelope<unknown>>;
    envelopes.set(item, schema);
  }
  return schema as z.ZodType<Envelope<T>>;
}
