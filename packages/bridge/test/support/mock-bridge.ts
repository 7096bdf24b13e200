import nock from 'nock';

/** The origin the unit tests' clients talk to (intercepted by nock; nothing leaves the machine). */
export const ORIGIN = 'https://api.bridgeapi.io';
export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret-5b1e8c3a2d4f';
export const ACCESS_TOKEN = 'aaaabbbbccccddddeeeeffff0000111122223333-5b1e8c3a-2d4f-4a6b-9c8d-7e6f5a4b3c2d';

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

type Reply =
  | readonly [number]
  | readonly [number, unknown]
  | readonly [number, unknown, Record<string, string>];

/**
 * Intercepts `method path` (any query) `times` times and records each request. `reply` may be a
 * fixed answer or computed from the request.
 */
export function intercept(
  method: string,
  path: string,
  reply: Reply | ((request: SeenRequest, index: number) => Reply),
  times = 1,
): SeenRequest[] {
  const seen: SeenRequest[] = [];
  nock(ORIGIN)
    .intercept((uri) => uri.split('?')[0] === path, method)
    .times(times)
    .reply(async (request: Request) => {
      const recorded: SeenRequest = {
        method: request.method,
        url: new URL(request.url),
        headers: new Headers(request.headers),
        body: await request.text(),
      };
      seen.push(recorded);
      const answer = typeof reply === 'function' ? reply(recorded, seen.length - 1) : reply;
      return answer as [number, string];
    });
  return seen;
}

/** A JSON answer with Bridge's response headers. */
export function json(status: number, body: unknown): Reply {
  return [status, JSON.stringify(body), { 'Content-Type': 'application/json', Server: 'Bridge' }];
}

/** Bridge's error envelope. */
export function bridgeError(status: number, type: string, message: string): Reply {
  return json(status, { type, message, documentation_url: null });
}

/** The query of a request as a plain list of pairs, order kept (repeated keys show). */
export function queryPairs(request: SeenRequest | undefined): [string, string][] {
  return request ? [...request.url.searchParams.entries()] : [];
}
