import type { BridgeContext, JsonBody } from './context.js';
import { badRequest, notFound } from './errors.js';

/** Answers with a JSON text and `Content-Type: application/json` (as Bridge does, no charset). */
export function sendJson(c: BridgeContext, json: string, status: 200 | 201 = 200): Response {
  return c.body(json, status, { 'content-type': 'application/json' });
}

/** The query parameters of the request (repeated ones kept). */
export function queryOf(c: BridgeContext): URLSearchParams {
  return new URL(c.req.url).searchParams;
}

/** The path of the request (for `next_uri`). */
export function pathOf(c: BridgeContext): string {
  return new URL(c.req.url).pathname;
}

/** A numeric path id, or 404 for anything that cannot be one. */
export function idParam(c: BridgeContext, name: string, what: string): number {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,16}$/.test(raw)) throw notFound(what);
  return Number(raw);
}

/** The request's JSON body, or an empty object when it had none. */
export function bodyOf(c: BridgeContext): JsonBody {
  return c.get('body') ?? {};
}

/** A string field of the body: required (400 if missing or not a string) or optional (null allowed). */
export function stringField(body: JsonBody, name: string, required: true): string;
export function stringField(body: JsonBody, name: string, required: boolean): string | null;
export function stringField(body: JsonBody, name: string, required: boolean): string | null {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw badRequest(`${name} is required`);
    return null;
  }
  if (typeof value !== 'string') throw badRequest(`${name} must be a string`);
  return value;
}

/**
 * A parameter that clients send either in the query string or in a JSON body (some send a body on
 * GET): query first, then body. Numbers in the body are returned as text.
 */
export function queryOrBodyParam(c: BridgeContext, name: string): string | null {
  const fromQuery = queryOf(c).get(name);
  if (fromQuery !== null) return fromQuery;
  const value = c.get('body')?.[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw badRequest(`${name} must be a string or a number`);
}
