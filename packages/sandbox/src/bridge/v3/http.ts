import type { BridgeContext, JsonBody } from '../context.js';
import { invalidParameter, missingParameter, v3NotFound } from './errors.js';

/** The request's JSON body, or an empty object. */
export function v3Body(c: BridgeContext): JsonBody {
  return c.get('body') ?? {};
}

/** A string field of the body: required (400 `missing_parameter`) or optional (`null` allowed). */
export function v3String(body: JsonBody, name: string, required: true): string;
export function v3String(body: JsonBody, name: string, required: boolean): string | null;
export function v3String(body: JsonBody, name: string, required: boolean): string | null {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw missingParameter(name);
    return null;
  }
  if (typeof value !== 'string') throw invalidParameter(name, `${name} must be a string`);
  return value;
}

/** An optional integer field of the body. */
export function v3Integer(body: JsonBody, name: string): number | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalidParameter(name, `${name} must be an integer`);
  }
  return value;
}

/** An optional boolean field of the body. */
export function v3Boolean(body: JsonBody, name: string): boolean | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') throw invalidParameter(name, `${name} must be a boolean`);
  return value;
}

/** A numeric path id, or 404 for anything that cannot be one. */
export function v3IdParam(c: BridgeContext, name: string, what: string): number {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,16}$/.test(raw)) throw v3NotFound(what);
  return Number(raw);
}

/** A numeric query parameter, or 400. */
export function v3IdQuery(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,16}$/.test(raw)) throw invalidParameter(name, `${name} must be an integer`);
  return Number(raw);
}
