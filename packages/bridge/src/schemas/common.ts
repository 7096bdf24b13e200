import { z } from 'zod';

/**
 * A string field whose documented values are known but not guaranteed to be complete: the known
 * values autocomplete, and a value Bridge adds later still parses instead of failing the call.
 */
export function openEnum<const Values extends readonly string[]>(
  _values: Values,
): z.ZodType<Values[number] | (string & {})> {
  return z.string();
}

/** A calendar date as Bridge sends it: `YYYY-MM-DD`. */
export const isoDate = z.iso.date();

/** A timestamp as Bridge sends it: ISO 8601, normally UTC with milliseconds and `Z`. */
export const isoDateTime = z.iso.datetime({ offset: true });

/** A numeric id. Transaction ids exceed 2^31 but stay below 2^53, so a JS number holds them exactly. */
export const numericId = z.int();
