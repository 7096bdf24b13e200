import { type BankkitError, isBankkitError } from '@bankkit/core';
import nock from 'nock';
import { expect } from 'vitest';
import type { LeakScanner } from '../support/secrets.js';

/** A host no request may ever reach; every case watches it. */
export const FOREIGN_ORIGIN = 'https://evil.example';

/** One answer of the mocked provider. */
export interface MockReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** An endpoint of the mocked provider and its answers: one per request, the last one repeated. */
export interface Route {
  origin: string;
  method: 'GET' | 'POST';
  /** The pathname; any query matches. */
  path: string;
  replies: MockReply | readonly MockReply[];
}

/** What a case must end in: a typed error of this class (with these fields), or a value that passes `check`. */
export type Expectation =
  | {
      error: abstract new (...args: never[]) => BankkitError;
      fields?: Record<string, unknown>;
      check?: (error: BankkitError) => void;
    }
  | { value: (result: unknown) => void };

/** One malformed (or merely odd) response and what the adapter must make of it. */
export interface CorpusCase<Clients> {
  name: string;
  routes: readonly Route[];
  run: (clients: Clients) => Promise<unknown>;
  expect: Expectation;
  /** Requests each route must have received, as `METHOD path` → count. Default: not checked. */
  requests?: Record<string, number>;
}

/** A JSON reply with the given content type (`application/json` by default). */
export function jsonReply(status: number, body: unknown, contentType = 'application/json'): MockReply {
  return {
    status,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': contentType },
  };
}

/** A proxy's HTML error page. */
export function htmlReply(status: number): MockReply {
  return {
    status,
    body: `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`,
    headers: { 'Content-Type': 'text/html' },
  };
}

/** An answer with no body at all. */
export function emptyReply(status: number, contentType = 'application/json'): MockReply {
  return { status, body: '', headers: { 'Content-Type': contentType } };
}

/** A redirect to another host (a compromised proxy, a misconfigured gateway). */
export function foreignRedirect(status: 302 | 307 | 308, path: string): MockReply {
  return { status, body: '', headers: { Location: `${FOREIGN_ORIGIN}${path}` } };
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What the corpus cases ended in, for the summary line. */
export interface CorpusTally {
  typedErrors: number;
  values: number;
  /** Anything thrown that is not a bankkit error. */
  crashes: number;
  /** Cases that sent a request to a foreign host. */
  foreignRequests: number;
}

/** An empty tally. */
export function corpusTally(): CorpusTally {
  return { typedErrors: 0, values: 0, crashes: 0, foreignRequests: 0 };
}

/**
 * Runs one case against nock: the case's routes on the provider's origin(s), a counting interceptor
 * on the foreign host, and a listener for any request nothing matched. Checks the outcome, that the
 * foreign host was never contacted and nothing else was either, and the request counts. Every error
 * goes to the scanner, every outcome to the tally.
 */
export async function runCase<Clients>(
  corpusCase: CorpusCase<Clients>,
  clients: Clients,
  scanner: LeakScanner,
  tally: CorpusTally,
): Promise<void> {
  nock.cleanAll();
  const foreign: string[] = [];
  const unmatched: string[] = [];
  const counts = new Map<string, number>();
  const onNoMatch = (request: Request) => unmatched.push(`${request.method} ${request.url}`);
  nock.emitter.on('no match', onNoMatch);
  for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
    nock(FOREIGN_ORIGIN)
      .persist()
      .intercept(() => true, method)
      .reply(async (request: Request) => {
        foreign.push(`${request.method} ${request.url}`);
        return [200, '{}', { 'Content-Type': 'application/json' }];
      });
  }
  for (const route of corpusCase.routes) {
    const key = `${route.method} ${route.path}`;
    const replies = Array.isArray(route.replies) ? route.replies : [route.replies as MockReply];
    counts.set(key, 0);
    nock(route.origin)
      .persist()
      .intercept((uri) => uri.split('?')[0] === route.path, route.method)
      .reply(async (request: Request) => {
        await request.text();
        const seen = counts.get(key) ?? 0;
        counts.set(key, seen + 1);
        const reply = replies[Math.min(seen, replies.length - 1)] as MockReply;
        return [reply.status, reply.body ?? '', reply.headers ?? {}];
      });
  }

  let outcome: Outcome;
  try {
    outcome = { ok: true, value: await corpusCase.run(clients) };
  } catch (error) {
    outcome = { ok: false, error };
    scanner.error(error, corpusCase.name);
  } finally {
    nock.emitter.removeListener('no match', onNoMatch);
    nock.cleanAll();
  }

  if (outcome.ok) tally.values++;
  else if (isBankkitError(outcome.error)) tally.typedErrors++;
  else tally.crashes++;
  if (foreign.length > 0) tally.foreignRequests++;
  expect(foreign, 'requests to a foreign host').toEqual([]);
  expect(unmatched, 'requests nothing was mocked for').toEqual([]);
  const expectation = corpusCase.expect;
  if ('error' in expectation) {
    if (outcome.ok) throw new Error(`expected ${expectation.error.name}, got a value`);
    const { error } = outcome;
    expect(isBankkitError(error), `a bankkit error, not ${String(error)}`).toBe(true);
    expect(error).toBeInstanceOf(expectation.error);
    if (expectation.fields) expect(error).toMatchObject(expectation.fields);
    expectation.check?.(error as BankkitError);
  } else {
    if (!outcome.ok) throw outcome.error;
    expectation.value(outcome.value);
  }
  if (corpusCase.requests) expect(Object.fromEntries(counts)).toEqual(corpusCase.requests);
}
