import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/index.js';

/** Bridge's version header value. */
export const VERSION = '2021-06-01';

/** A sandbox plus plain-fetch helpers for its Bridge origin. */
export interface BridgeHarness {
  sandbox: Sandbox;
  base: string;
  /** App headers (version, client id and secret). */
  app: Record<string, string>;
  /** GET/POST/... with app headers (+ Bearer when `token` is given). JSON-encodes `body`. */
  call(
    path: string,
    init?: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Authenticates a user (the demo user by default) and returns the access token. */
  login(email?: string, password?: string): Promise<string>;
  /** Follows `next_uri` from `path` to the end; returns every resource. */
  pageAll<T>(path: string, token: string): Promise<{ resources: T[]; pages: number }>;
}

/** Starts a sandbox with a small SpareBank 1 side (these tests are about Bridge). */
export async function startBridge(options: SandboxOptions = {}): Promise<BridgeHarness> {
  const sandbox = await startSandbox({
    ...options,
    sparebank1: { transactionsPerAccount: 2, ...options.sparebank1 },
  });
  const base = sandbox.bridge.baseUrl;
  const app = {
    'Bridge-Version': VERSION,
    'Client-Id': sandbox.bridge.clientId,
    'Client-Secret': sandbox.bridge.clientSecret,
  };
  const call = appCall(base, app);
  const login: BridgeHarness['login'] = async (email = 'demo@bankkit.dev', password = 'bankkit-demo') => {
    const response = await call('/v2/authenticate', { method: 'POST', body: { email, password } });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const pageAll: BridgeHarness['pageAll'] = async <T>(path: string, token: string) => {
    const resources: T[] = [];
    let next: string | null = path;
    let pages = 0;
    while (next !== null) {
      const response = await call(next, { token });
      if (response.status !== 200) throw new Error(`${next}: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as { resources: T[]; pagination: { next_uri: string | null } };
      resources.push(...page.resources);
      next = page.pagination.next_uri;
      pages++;
    }
    return { resources, pages };
  };
  return { sandbox, base, app, call, login, pageAll };
}

/** Reads a Bridge error envelope and checks its shape. */
export async function errorOf(
  response: Response,
): Promise<{ type: string; message: string; documentation_url: null }> {
  const body = (await response.json()) as { type: string; message: string; documentation_url: null };
  if (Object.keys(body).sort().join() !== 'documentation_url,message,type') {
    throw new Error(`not a Bridge error envelope: ${JSON.stringify(body)}`);
  }
  return body;
}

/** A harness `call` to the sandbox's Bridge at `base`: the app headers, plus Bearer when `token` is given. */
export function appCall(base: string, app: Record<string, string>): BridgeHarness['call'] {
  return (path, init = {}) => {
    const headers: Record<string, string> = { ...app, ...init.headers };
    if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['Content-Type'] ??= 'application/json';
    }
    return fetch(`${base}${path}`, { method: init.method ?? 'GET', headers, body });
  };
}
