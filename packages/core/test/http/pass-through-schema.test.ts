import { createHttpClient, ResponseValidationError } from '@bankkit/core';
import fc from 'fast-check';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { passesValuesThrough } from '../../src/http/pass-through-schema.js';
import { BASE_URL, ORIGIN, useNock } from './helpers.js';

useNock();

const client = () => createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, retry: false });

const row = z.looseObject({
  id: z.int(),
  amount: z.number(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  booking_date: z.string().nullish(),
  kind: z.enum(['card', 'transfer']),
  tags: z.array(z.string().min(1)),
});
const page = z.looseObject({
  resources: z.array(row),
  pagination: z.looseObject({ next_uri: z.string().nullable() }),
});

describe('which schemas hand values back unchanged', () => {
  test.each([
    ['a loose object of plain fields, checks and nullish values', page, true],
    ['a strict object', z.strictObject({ a: z.int() }), true],
    ['a refinement', z.looseObject({ a: z.string().refine((value) => value !== '') }), true],
    ['a union of such schemas', z.union([z.string(), z.looseObject({})]), true],
    ['the same schema compiled', z.compile(page), true],
    ['an object that strips unknown keys', z.object({ a: z.string() }), false],
    ['a trim (an overwrite check)', z.looseObject({ a: z.string().trim() }), false],
    ['a default', z.looseObject({ a: z.string().default('x') }), false],
    ['a transform', z.string().transform((value) => value.length), false],
    ['coercion', z.coerce.number(), false],
    ['frozen output', z.looseObject({}).readonly(), false],
    ['a lazy schema (not inspected)', z.lazy(() => z.string()), false],
  ])('%s: %s', (_name, schema, expected) => {
    expect(passesValuesThrough(schema as z.ZodType)).toBe(expected);
  });

  test('whenever such a schema accepts a value, safeParse returns that same value', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom('2024-01-31', 'card', 'transfer', '', 'x'),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('id', 'amount', 'date', 'booking_date', 'kind', 'tags', 'extra'),
          tie('value'),
        ),
      ),
    })).value;
    const rowLike = fc.record(
      {
        id: fc.oneof(fc.integer(), fc.double(), fc.string()),
        amount: fc.oneof(fc.double({ noNaN: true }), fc.string(), fc.constant(null)),
        date: fc.constantFrom('2024-01-31', '2024-1-31', 'x'),
        booking_date: fc.constantFrom(null, undefined, '2024-02-01', 5),
        kind: fc.constantFrom('card', 'transfer', 'cash'),
        tags: fc.array(fc.constantFrom('a', '', 'b'), { maxLength: 3 }),
        extra: json,
      },
      { requiredKeys: [] },
    );
    const pageLike = fc.record({
      resources: fc.array(rowLike, { maxLength: 4 }),
      pagination: fc.record({ next_uri: fc.constantFrom(null, '/v2/x?after=1', 3) }),
    });
    const compiled = z.compile(page);
    fc.assert(
      fc.property(pageLike, (generated) => {
        // As a response body would give it: plain objects, no undefined values.
        const value: unknown = JSON.parse(JSON.stringify(generated));
        for (const schema of [page, compiled]) {
          const parsed = schema.safeParse(value);
          expect(schema.validate(value)).toBe(parsed.success);
          if (parsed.success) expect(parsed.data).toStrictEqual(value);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('json() with a schema that hands values back unchanged', () => {
  test('returns the parsed body itself, unknown fields and key order kept', async () => {
    const body =
      '{"resources":[{"note":"kept","id":1,"amount":-12.5,"date":"2024-01-31","kind":"card","tags":[]}],"pagination":{"next_uri":null}}';
    nock(ORIGIN)
      .get('/personal/banking/transactions')
      .reply(200, body, { 'content-type': 'application/json' });
    const result = await client().json({ path: 'transactions' }, z.compile(page));
    expect(JSON.stringify(result.data)).toBe(body);
  });

  test('still refuses a body that does not match, naming each issue', async () => {
    const body = {
      resources: [{ id: 1.5, amount: -1, date: '2024-01-31', kind: 'card', tags: [''] }],
      pagination: { next_uri: null },
    };
    nock(ORIGIN).get('/personal/banking/transactions').reply(200, body);
    const error = await client()
      .json({ path: 'transactions' }, z.compile(page))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues.map((issue) => issue.path)).toEqual([
      'resources.0.id',
      'resources.0.tags.0',
    ]);
  });

  test('a schema that strips or transforms still returns its own output', async () => {
    nock(ORIGIN).get('/personal/banking/x').reply(200, { a: ' padded ', b: 'dropped' });
    const result = await client().json({ path: 'x' }, z.object({ a: z.string().trim() }));
    expect(result.data).toEqual({ a: 'padded' });
  });
});
