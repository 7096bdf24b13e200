import { createHash } from 'node:crypto';
import { OffsetClock } from '../../src/runtime/clock.js';
import type { ProviderRuntime } from '../../src/runtime/context.js';
import { SeededRandom } from '../../src/runtime/random.js';
import {
  createSpareBank1Sandbox,
  type SpareBank1Sandbox,
  type SpareBank1SandboxOptions,
} from '../../src/sparebank1/index.js';

/** A Wednesday, 12:00 in Oslo; the latest DST change before it is 2026-03-29. */
export const TEST_NOW = '2026-04-15T10:00:00.000Z';
export const REDIRECT_URI = 'http://127.0.0.1:8321/callback';
export const V1 = 'application/vnd.sparebank1.v1+json; charset=utf-8';

export interface TestSandbox {
  sandbox: SpareBank1Sandbox;
  clock: OffsetClock;
  runtime: ProviderRuntime;
  /** Calls the app at a path (no network). */
  request(path: string, init?: RequestInit): Promise<Response>;
}

/** A sandbox on a frozen clock (it moves only with `advance`/`set`) and a fixed seed. */
export function createTestSandbox(
  options: SpareBank1SandboxOptions = {},
  settings: { now?: string; seed?: number; rateLimits?: boolean } = {},
): TestSandbox {
  const frozenRealTime = Date.parse('2000-01-01T00:00:00Z');
  const clock = new OffsetClock(settings.now ?? TEST_NOW, () => frozenRealTime);
  const seed = settings.seed ?? 42;
  const runtime: ProviderRuntime = {
    clock,
    random: new SeededRandom(seed),
    seed,
    rateLimits: settings.rateLimits ?? false,
    origin: () => 'http://127.0.0.1:4100',
  };
  const sandbox = createSpareBank1Sandbox(runtime, options);
  return {
    sandbox,
    clock,
    runtime,
    request: async (path, init) => sandbox.app.request(`http://127.0.0.1:4100${path}`, init),
  };
}

/** One `<form>` of an HTML page: where it posts, its hidden fields and its button's text. */
export interface ParsedForm {
  action: string;
  method: string;
  fields: Record<string, string>;
  button: string;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`${name}="([^"]*)"`, 'i').exec(tag);
  return match?.[1]?.replaceAll('&amp;', '&').replaceAll('&quot;', '"');
}

/** Reads the forms of a page the way a plain-HTTP client without a browser would. */
export function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, formTag = '', inner = ''] = match;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b[^>]*>/gi)) {
      const name = attribute(input[0], 'name');
      if (name !== undefined) fields[name] = attribute(input[0], 'value') ?? '';
    }
    const button = /<button\b[^>]*>([\s\S]*?)<\/button>/i.exec(inner)?.[1]?.trim() ?? '';
    forms.push({
      action: attribute(formTag, 'action') ?? '',
      method: (attribute(formTag, 'method') ?? 'get').toLowerCase(),
      fields,
      button,
    });
  }
  return forms;
}

/** Builds an authorize URL path for the demo client. */
export function authorizePath(
  sandbox: SpareBank1Sandbox,
  params: Record<string, string | undefined> = {},
): string {
  const query = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    client_id: sandbox.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    state: 'state-123',
    finInst: 'fid-smn',
    ...params,
  };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) query.set(name, value);
  return `/oauth/authorize?${query}`;
}

/** Opens the consent page and presses the button labelled `button`; returns the redirect URL. */
export async function decide(
  t: TestSandbox,
  button: 'Approve' | 'Deny',
  params: Record<string, string | undefined> = {},
): Promise<URL> {
  const page = await t.request(authorizePath(t.sandbox, params));
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const form = parseForms(await page.text()).find((candidate) => candidate.button === button);
  if (!form) throw new Error(`no form with a ${button} button`);
  const response = await t.request(form.action, {
    method: form.method.toUpperCase(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form.fields).toString(),
  });
  if (response.status !== 302) throw new Error(`decision answered ${response.status}`);
  return new URL(response.headers.get('location') ?? '');
}

/** A PKCE verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk_sandbox-verifier';
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Posts a form to `/oauth/token`. */
export async function tokenRequest(
  t: TestSandbox,
  params: Record<string, string>,
  init: { headers?: Record<string, string>; query?: boolean } = {},
): Promise<Response> {
  const form = new URLSearchParams(params).toString();
  if (init.query) {
    return t.request(`/oauth/token?${form}`, { method: 'POST', headers: init.headers ?? {} });
  }
  return t.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
    body: form,
  });
}

/** The token endpoint's JSON answer. */
export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  refresh_token_absolute_expires_in: number;
  state?: string;
  error?: string;
  error_description?: string;
}

/** The full login: consent page (Approve), then the code exchange with form-field client auth. */
export async function login(t: TestSandbox): Promise<TokenBody> {
  const redirect = await decide(t, 'Approve');
  const code = redirect.searchParams.get('code') ?? '';
  const response = await tokenRequest(t, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: t.sandbox.clientId,
    client_secret: t.sandbox.clientSecret,
  });
  if (response.status !== 200) throw new Error(`token exchange answered ${response.status}`);
  return (await response.json()) as TokenBody;
}

/** A GET or POST on the API with a bearer token and the v1 Accept header. */
export function api(
  t: TestSandbox,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: V1, ...init.headers };
  const request: RequestInit = { method: init.method ?? 'GET', headers };
  if (init.body !== undefined) {
    headers['content-type'] ??= V1;
    request.body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  }
  return t.request(path, request);
}

/** GET returning parsed JSON, failing on a non-200. */
export async function getJson<T>(t: TestSandbox, token: string, path: string): Promise<T> {
  const response = await api(t, token, path);
  if (response.status !== 200)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
