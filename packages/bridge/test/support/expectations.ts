import { Page } from '@bankkit/core';
import { expect } from 'vitest';
import type { SeenRequest } from './mock-bridge.js';
import { ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, intercept, json, queryPairs } from './mock-bridge.js';

/** The headers every Bridge request carries, and the ones it carries only sometimes. */
export function expectBridgeHeaders(
  request: SeenRequest,
  expected: {
    bearer?: string | undefined;
    jsonBody: boolean;
    language?: string | undefined;
    /** The Bridge-Version expected. Default 2021-06-01. */
    version?: string | undefined;
  },
): void {
  const { headers } = request;
  expect(headers.get('bridge-version')).toBe(expected.version ?? '2021-06-01');
  expect(headers.get('client-id')).toBe(CLIENT_ID);
  expect(headers.get('client-secret')).toBe(CLIENT_SECRET);
  expect(headers.get('authorization')).toBe(
    expected.bearer === undefined ? null : `Bearer ${expected.bearer}`,
  );
  if (expected.jsonBody) {
    expect(headers.get('content-type')).toMatch(/^application\/json/);
  } else {
    expect(headers.get('content-type')).toBeNull();
    expect(request.body).toBe('');
  }
  // Node's fetch adds `Accept-Language: *` (no preference) when the request has none.
  if (expected.language === undefined) expect([null, '*']).toContain(headers.get('accept-language'));
  else expect(headers.get('accept-language')).toBe(expected.language);
}

/** A returned value: equal to the API's JSON, with the raw response attached but not enumerable. */
export async function expectReturned(value: unknown, body: unknown): Promise<void> {
  if (value instanceof Page) {
    expect(value.resources).toEqual((body as { resources: unknown[] }).resources);
    expect(await value.response.json()).toEqual(body);
    return;
  }
  expect(value).toEqual(body);
  const holder = value as { response?: unknown };
  expect(Object.keys(holder)).not.toContain('response');
  expect(JSON.parse(JSON.stringify(value))).toEqual(body);
  expect(holder.response).toBeInstanceOf(Response);
  expect(await (holder.response as Response).json()).toEqual(body);
}

export const USER_TOKEN = ACCESS_TOKEN;

/** One method's wire contract, checked against a mocked Bridge: what it sends and what it answers. */
export interface MethodCase<Client> {
  name: string;
  call: (client: Client) => Promise<unknown>;
  method: string;
  path: string;
  query?: [string, string][];
  /** The JSON body sent; undefined means no body at all. */
  body?: unknown;
  language?: string;
  status?: number;
  /** The answer; undefined means an empty body (202/204). */
  answer?: unknown;
}

/**
 * Runs one {@link MethodCase}: the method sends exactly one request with the expected method, path,
 * query, headers (the bearer token when given) and body, and returns the answer with its response.
 */
export async function expectMethodCase<Client>(
  c: MethodCase<Client>,
  client: Client,
  bearer?: string,
  version?: string,
): Promise<void> {
  const seen = intercept(
    c.method,
    c.path,
    c.answer === undefined ? [c.status ?? 204] : json(c.status ?? 200, c.answer),
  );
  const result = await c.call(client);

  expect(seen).toHaveLength(1);
  const [request] = seen;
  if (!request) throw new Error('no request');
  expect(request.method).toBe(c.method);
  expect(request.url.pathname).toBe(c.path);
  expect(queryPairs(request)).toEqual(c.query ?? []);
  expectBridgeHeaders(request, { bearer, jsonBody: c.body !== undefined, language: c.language, version });
  if (c.body !== undefined) expect(JSON.parse(request.body)).toEqual(c.body);

  if (c.answer === undefined) expect(result).toBeUndefined();
  else await expectReturned(result, c.answer);
}
