import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/index.js';
import { appCall } from '../bridge/helpers.js';

/** Bridge's v3 version header value. */
export const V3 = '2025-01-15';

/** Any JSON object. */
export type Json = Record<string, unknown>;

/** A v3 list page. */
export type Page<T = Json> = { resources: T[]; pagination: { next_uri?: string | null } };

/** A sandbox plus fetch helpers for its v3 API. */
export interface V3Harness {
  sandbox: Sandbox;
  base: string;
  /** App headers: version, client id and secret. */
  app: Record<string, string>;
  /** A request with the app headers (+ Bearer when `token` is given); `body` is JSON-encoded. */
  call(
    path: string,
    init?: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  /** A GET that must answer 200, parsed. */
  get<T = Json>(path: string, token?: string): Promise<T>;
  /** A token for a user (the demo user by default, by external id). */
  token(user?: { user_uuid: string } | { external_user_id: string }): Promise<string>;
  /** Follows `next_uri` to the end. */
  pageAll<T = Json>(path: string, token?: string): Promise<{ resources: T[]; pages: number }>;
}

/** Starts a sandbox with a small SpareBank 1 side (these tests are about Bridge v3). */
export async function startV3(options: SandboxOptions = {}): Promise<V3Harness> {
  const sandbox = await startSandbox({
    ...options,
    sparebank1: { transactionsPerAccount: 2, ...options.sparebank1 },
  });
  const base = sandbox.bridge.baseUrl;
  const app = {
    'Bridge-Version': V3,
    'Client-Id': sandbox.bridge.clientId,
    'Client-Secret': sandbox.bridge.clientSecret,
  };
  const call: V3Harness['call'] = appCall(base, app);
  const get: V3Harness['get'] = async <T>(path: string, token?: string) => {
    const response = await call(path, token === undefined ? {} : { token });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const token: V3Harness['token'] = async (user = { external_user_id: 'bankkit-demo-user' }) => {
    const response = await call('/v3/aggregation/authorization/token', { method: 'POST', body: user });
    if (response.status !== 201) throw new Error(`token: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const pageAll: V3Harness['pageAll'] = async <T>(path: string, bearer?: string) => {
    const resources: T[] = [];
    let next: string | null | undefined = path;
    let pages = 0;
    while (typeof next === 'string') {
      const page: Page<T> = await get<Page<T>>(next, bearer);
      resources.push(...page.resources);
      next = page.pagination.next_uri;
      pages++;
    }
    return { resources, pages };
  };
  return { sandbox, base, app, call, get, token, pageAll };
}

/** Reads a v3 error envelope and checks its shape: `code`, `message`, optional `property`, nothing else. */
export async function v3ErrorOf(
  response: Response,
): Promise<{ code: string; message: string; property?: string }> {
  const body = (await response.json()) as { code: string; message: string; property?: string };
  const keys = Object.keys(body).sort().join();
  if (keys !== 'code,message' && keys !== 'code,message,property') {
    throw new Error(`not a v3 error envelope: ${JSON.stringify(body)}`);
  }
  return body;
}

/** Whether a JSON value holds a `null` anywhere (v3 omits null keys). */
export function hasNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(hasNull);
  if (typeof value === 'object') return Object.values(value as Json).some(hasNull);
  return false;
}

/** One request a webhook receiver got. */
export interface Received {
  body: string;
  signature: string | undefined;
  contentType: string | undefined;
}

/** A webhook receiver on 127.0.0.1 that records what it gets and answers `status()` (default 200). */
export interface Receiver {
  url: string;
  received: Received[];
  /** Status to answer, per request (the n-th request, 0-based). */
  respond: (n: number) => number;
  close(): Promise<void>;
}

/** Starts a webhook receiver. */
export async function startReceiver(respond: (n: number) => number = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = { url: '', received, respond, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const n = received.length;
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: request.headers['bridgeapi-signature'] as string | undefined,
        contentType: request.headers['content-type'],
      });
      response.writeHead(receiver.respond(n)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
