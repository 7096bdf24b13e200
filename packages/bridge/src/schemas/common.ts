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

/**
 * A calendar date as Bridge sends it: `YYYY-MM-DD`. A plain pattern: the unified model relies on
 * the shape, and whole pages of rows go through it, where zod's full date check costs twice as much.
 */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * A timestamp as Bridge sends it (ISO 8601, normally UTC with milliseconds and `Z`), kept as the
 * string it is. Not checked further on list rows, where nothing reads it; see {@link strictDateTime}.
 */
export const isoDateTime = z.string();

/** A timestamp bankkit itself reads (`expires_at`): ISO 8601 with `Z` or an offset, checked. */
export const strictDateTime = z.iso.datetime({ offset: true });

/** A numeric id. Transaction ids exceed 2^31 but stay below 2^53, so a JS number holds them exactly. */
export const numericId = z.int();
