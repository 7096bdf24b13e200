import type { Context, MiddlewareHandler } from 'hono';
import { type SpareBank1Env, type SpareBank1State, sandboxToday } from '../state.js';
import { negotiateJsonVersion, vendorJson } from './media-types.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The gateway's answer to a missing, expired or invalid token: plain text, not JSON (SB-24). */
export function unauthorized(): Response {
  return new Response('Unauthorized', { status: 401, headers: { 'content-type': 'text/plain' } });
}

/**
 * What sits in front of every API route, in the gateway's order: the bearer token, then the rate
 * limit of the token's client, then the bank catching up on postings that fell due on the sandbox clock.
 */
export function apiGuard(state: SpareBank1State): MiddlewareHandler<SpareBank1Env> {
  return async (c, next) => {
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    const session = token ? state.oauth.authenticate(token) : undefined;
    if (!session) return unauthorized();
    if (state.runtime.rateLimits) {
      const decision = state.rateLimiter.hit(session.clientId, state.runtime.clock.nowMs());
      if (!decision.allowed) {
        const response = state.errors.status(429, 'Rate limit exceeded. Try again later.');
        if (state.options.rateLimit.retryAfterHeader) {
          response.headers.set('retry-after', String(decision.retryAfterSeconds));
        }
        return response;
      }
    }
    c.set('session', session);
    state.bank.settle(sandboxToday(state));
    await next();
  };
}

/** A JSON response whose body is already serialized (text or UTF-8 bytes). */
export function jsonText(body: string | Uint8Array<ArrayBuffer>, version = 1, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': vendorJson(version) } });
}

/**
 * Runs `produce` when the `Accept` header admits one of `versions`, else answers 406 (the payload is the
 * same for every version: no source documents a difference).
 */
export function withJsonVersion(
  c: Context<SpareBank1Env>,
  state: SpareBank1State,
  versions: readonly number[],
  produce: (version: number) => Response | Promise<Response>,
): Response | Promise<Response> {
  const version = negotiateJsonVersion(c.req.header('accept'), versions);
  if (version === undefined) {
    return state.errors.status(
      406,
      `Not acceptable. Supported media types: ${versions.map((v) => vendorJson(v)).join(', ')}`,
    );
  }
  return produce(version);
}
