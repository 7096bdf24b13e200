import type { MiddlewareHandler } from 'hono';
import type { BridgeEnv, JsonBody } from '../context.js';
import { BridgeApiError, badRequest } from '../errors.js';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

function parseObject(text: string): JsonBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BridgeApiError(422, 'unprocessable_entity', 'The provided JSON is not valid');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('The request body must be a JSON object');
  }
  return value as JsonBody;
}

/**
 * Reads JSON bodies. On POST/PUT/PATCH/DELETE a non-empty body needs `Content-Type: application/json`
 * (else 415) and must parse (else 422). A GET may carry a JSON body too, which some clients send and
 * some endpoints read; a bodyless request with a JSON content type is fine.
 */
export const jsonBody: MiddlewareHandler<BridgeEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD') {
    const text = c.env?.getRequestBody;
    if (text !== undefined && text.trim() !== '') c.set('body', parseObject(text));
    return next();
  }
  const text = await c.req.text();
  if (text.length > 0) {
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new BridgeApiError(415, 'unsupported_media_type', 'Content-Type must be application/json');
    }
    c.set('body', parseObject(text));
  }
  return next();
};

/** For routes that need a body: 415 when there is none and it is not declared as JSON. */
export function requireBody(contentType: string | undefined, body: JsonBody | undefined): JsonBody {
  if (body !== undefined) return body;
  if (!JSON_TYPE.test(contentType ?? '')) {
    throw new BridgeApiError(
      415,
      'unsupported_media_type',
      'A JSON body with Content-Type application/json is required',
    );
  }
  return {};
}
