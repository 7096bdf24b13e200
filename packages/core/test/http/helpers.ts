import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, TokenManager } from '@bankkit/core';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The fake API origin every nock test talks to. */
export const ORIGIN = 'https://api.bank.test';
export const BASE_URL = `${ORIGIN}/personal/banking`;

/** Network off except loopback, and no interceptor left behind between tests. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

/** A stand-in for the TokenManager: hands out `tokens` in order, one more after each invalidate. */
export function fakeTokens(...tokens: string[]) {
  let index = 0;
  const calls = { getAccessToken: 0, invalidate: 0 };
  const manager = {
    async getAccessToken() {
      calls.getAccessToken++;
      const token = tokens[Math.min(index, tokens.length - 1)];
      if (token === undefined) throw new Error('no token configured');
      return token;
    },
    async invalidate() {
      calls.invalidate++;
      index++;
    },
  };
  return { manager: manager as unknown as TokenManager, calls };
}

/** A logger that keeps every call, for assertions on what was logged. */
export function recordingLogger() {
  const calls: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      calls.push({ level, message, ...(fields ? { fields } : {}) });
    };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  return { logger, calls };
}

/** A nock reply sequence that counts hits: each call of `next()` answers with the next entry. */
export function counter() {
  let hits = 0;
  const requests: Request[] = [];
  return {
    get hits() {
      return hits;
    },
    requests,
    record(request: Request) {
      hits++;
      requests.push(request);
    },
  };
}

/** A real HTTP server on 127.0.0.1, for what nock cannot fake (slow bodies, cut connections). */
export async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; server: Server; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
