import type { ZodType } from 'zod';

/**
 * Check kinds that only look at a value. `overwrite` (trim, lowercase, normalize) changes it, and
 * a kind not listed here is treated the same way, to be safe.
 */
const PURE_CHECKS: ReadonlySet<string> = new Set([
  'less_than',
  'greater_than',
  'multiple_of',
  'number_format',
  'bigint_format',
  'max_size',
  'min_size',
  'size_equals',
  'max_length',
  'min_length',
  'length_equals',
  'string_format',
  'mime_type',
  'custom',
]);

/** Kinds that accept or refuse a value and never build another. */
const LEAVES: ReadonlySet<string> = new Set([
  'string',
  'number',
  'int',
  'boolean',
  'bigint',
  'symbol',
  'null',
  'undefined',
  'void',
  'never',
  'any',
  'unknown',
  'date',
  'nan',
  'enum',
  'literal',
  'template_literal',
]);

/** Deeper than this, a schema is not inspected (and is parsed as usual). */
const MAX_DEPTH = 32;

/** The parts of zod's schema definition (`schema._zod.def`) this module reads. */
interface SchemaDef {
  type?: string;
  coerce?: boolean;
  checks?: readonly { _zod?: { def?: { check?: string } } }[];
  shape?: Record<string, unknown>;
  catchall?: unknown;
  element?: unknown;
  items?: readonly unknown[];
  rest?: unknown;
  keyType?: unknown;
  valueType?: unknown;
  options?: readonly unknown[];
  left?: unknown;
  right?: unknown;
  innerType?: unknown;
}

const verdicts = new WeakMap<object, boolean>();

/**
 * True when whatever the schema accepts, it would hand back unchanged: no transforms, defaults,
 * coercion, `overwrite` checks or frozen output, and every object keeps its unknown keys (loose)
 * or refuses them (strict) instead of stripping them. For such a schema, `schema.validate(data)`
 * (which checks without building the output: with a `z.compile`d schema, about half the cost of
 * `safeParse`) followed by using `data` itself gives exactly what `safeParse` would, without a copy
 * of every row.
 *
 * Reads zod's schema definitions (`_zod.def`); anything it does not recognise counts as "may
 * change the value", so an unfamiliar schema is simply parsed as before. Decided once per schema.
 */
export function passesValuesThrough(schema: ZodType): boolean {
  let verdict = verdicts.get(schema);
  if (verdict === undefined) {
    verdict = inspect(schema, 0);
    verdicts.set(schema, verdict);
  }
  return verdict;
}

function inspect(schema: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || typeof schema !== 'object' || schema === null) return false;
  const def = (schema as { _zod?: { def?: SchemaDef } })._zod?.def;
  if (!def?.type || def.coerce) return false;
  for (const check of def.checks ?? []) {
    const kind = check._zod?.def?.check;
    if (kind === undefined || !PURE_CHECKS.has(kind)) return false;
  }
  const next = depth + 1;
  const all = (children: readonly unknown[] | undefined) =>
    children?.every((child) => inspect(child, next)) ?? false;
  switch (def.type) {
    case 'object':
      // Without a catchall, zod strips unknown keys: its output differs from its input.
      return (
        def.catchall !== undefined &&
        inspect(def.catchall, next) &&
        def.shape !== undefined &&
        all(Object.values(def.shape))
      );
    case 'array':
      return inspect(def.element, next);
    case 'tuple':
      return all(def.items) && (def.rest === null || def.rest === undefined || inspect(def.rest, next));
    case 'record':
      return inspect(def.keyType, next) && inspect(def.valueType, next);
    case 'union':
      return all(def.options);
    case 'intersection':
      return inspect(def.left, next) && inspect(def.right, next);
    case 'optional':
    case 'nullable':
    case 'nonoptional':
      return inspect(def.innerType, next);
    default:
      return LEAVES.has(def.type);
  }
}
