import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, errorOf, startBridge, VERSION } from './helpers.js';

let h: BridgeHarness;
let token: string;

beforeAll(async () => {
  h = await startBridge();
  token = await h.login();
});
afterAll(() => h.sandbox.close());

describe('Bridge headers', () => {
  it('rejects a request without Bridge-Version with 400 and the error envelope', async () => {
    const response = await fetch(`${h.base}/v2/banks`, {
      headers: { 'Client-Id': h.sandbox.bridge.clientId, 'Client-Secret': h.sandbox.bridge.clientSecret },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    const error = await errorOf(response);
    expect(error.type).toBe('bad_request');
    expect(error.documentation_url).toBeNull();
  });

  it('accepts Bankin-Version as an alias and rejects other versions', async () => {
    const alias = await fetch(`${h.base}/v2/banks`, {
      headers: {
        'Bankin-Version': VERSION,
        'Client-Id': h.sandbox.bridge.clientId,
        'Client-Secret': h.sandbox.bridge.clientSecret,
      },
    });
    expect(alias.status).toBe(200);
    const old = await h.call('/v2/banks', { headers: { 'Bridge-Version': '2019-02-18' } });
    expect(old.status).toBe(400);
  });

  it('answers 401 without, or with wrong, client credentials', async () => {
    const missing = await fetch(`${h.base}/v2/banks`, { headers: { 'Bridge-Version': VERSION } });
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).type).toBe('unauthorized');
    const wrong = await h.call('/v2/banks', { headers: { 'Client-Secret': 'not-the-secret' } });
    expect(wrong.status).toBe(401);
    await errorOf(wrong);
  });

  it('answers 401 on user routes without a Bearer token or with an unknown one', async () => {
    const none = await h.call('/v2/items');
    expect(none.status).toBe(401);
    await errorOf(none);
    const unknown = await h.call('/v2/items', {
      token: `${'a'.repeat(40)}-00000000-0000-4000-8000-000000000000`,
    });
    expect(unknown.status).toBe(401);
    const ok = await h.call('/v2/items', { token });
    expect(ok.status).toBe(200);
  });

  it('answers 415 to a body without Content-Type application/json', async () => {
    const response = await h.call('/v2/authenticate', {
      method: 'POST',
      body: JSON.stringify({ email: 'demo@bankkit.dev', password: 'bankkit-demo' }),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).type).toBe('unsupported_media_type');
    const noBody = await h.call('/v2/users', { method: 'POST' });
    expect(noBody.status).toBe(415);
  });

  it('answers 422 to a JSON body that does not parse', async () => {
    const response = await h.call('/v2/authenticate', {
      method: 'POST',
      body: '{"email": "demo@bankkit.dev",',
    });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).message).toBe('The provided JSON is not valid');
  });

  it('accepts Content-Type application/json on bodyless GET and DELETE', async () => {
    const get = await h.call('/v2/banks', { headers: { 'Content-Type': 'application/json' } });
    expect(get.status).toBe(200);
    const other = await h.login();
    const items = (await (await h.call('/v2/items', { token: other })).json()) as {
      resources: { id: number }[];
    };
    const itemId = items.resources[0]?.id;
    const del = await h.call(`/v2/items/${itemId}`, {
      method: 'DELETE',
      token: other,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(del.status).toBe(204);
    h.sandbox.bridge.control.reset();
    token = await h.login();
  });

  it('sends JSON with the recorded response headers and no rate-limit headers', async () => {
    const response = await h.call('/v2/banks');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('server')).toBe('Bridge');
    expect(response.headers.get('cache-control')).toContain('no-store');
    const names = [...response.headers.keys()];
    expect(names.filter((name) => /ratelimit|rate-limit|retry-after/i.test(name))).toEqual([]);
  });

  it('answers unknown routes with 404 and the envelope', async () => {
    const response = await h.call('/v2/nothing-here');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).type).toBe('not_found');
  });

  it('reads parameters of connect/items/edit from a JSON body sent on a GET', async () => {
    const items = (await (await h.call('/v2/items', { token })).json()) as { resources: { id: number }[] };
    const itemId = items.resources[0]?.id;
    const body = JSON.stringify({
      item_id: itemId,
      redirect_url: 'https://app.example.com/done',
      context: 'ctx',
    });
    const url = new URL(`${h.base}/v2/connect/items/edit`);
    const result = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'GET',
          headers: {
            ...h.app,
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text).redirect_url).toMatch(
      /^https:\/\/connect\.bridgeapi\.io\/session\/[0-9a-f-]{36}$/,
    );
    const session = h.sandbox.bridge.control.connectSessions().at(-1);
    expect(session?.kind).toBe('edit');
    expect(session?.itemId).toBe(itemId);
    // Without item_id anywhere, the same call is a 400.
    const missing = await h.call('/v2/connect/items/edit', { token });
    expect(missing.status).toBe(400);
  });
});
