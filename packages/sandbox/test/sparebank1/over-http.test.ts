import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSandbox, parseForms, REDIRECT_URI, type TestSandbox } from './helpers.js';

/** The emulator on two real loopback ports, as the runtime serves it: one API origin, one auth origin. */
describe('SpareBank 1 sandbox over real HTTP', () => {
  let t: TestSandbox;
  const servers: Array<ReturnType<typeof serve>> = [];
  let api = '';
  let auth = '';

  beforeAll(async () => {
    t = createTestSandbox();
    const listen = () =>
      new Promise<string>((resolve) => {
        const server = serve(
          { fetch: t.sandbox.app.fetch, hostname: '127.0.0.1', port: 0 },
          (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`),
        );
        servers.push(server);
      });
    api = await listen();
    auth = await listen();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('logs in through the consent page on the auth origin and calls the API origin with plain fetch', async () => {
    const authorize = new URL('/oauth/authorize', auth);
    authorize.search = new URLSearchParams({
      client_id: t.sandbox.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      state: 'xyz',
      finInst: 'fid-ostlandet',
    }).toString();
    const page = await fetch(authorize);
    expect(page.status).toBe(200);
    const approve = parseForms(await page.text()).find((form) => form.button === 'Approve');
    expect(approve).toBeDefined();
    const decision = await fetch(new URL(approve?.action ?? '', auth), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(approve?.fields),
      redirect: 'manual',
    });
    expect(decision.status).toBe(302);
    const callback = new URL(decision.headers.get('location') ?? '');
    expect(callback.searchParams.get('state')).toBe('xyz');

    // The token endpoint answers on the API origin too (SB-01).
    const token = await fetch(new URL('/oauth/token', api), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${t.sandbox.clientId}:${t.sandbox.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
      }),
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };

    const accounts = await fetch(new URL('/personal/banking/accounts', api), {
      headers: { authorization: `Bearer ${access_token}`, accept: 'application/vnd.sparebank1.v1+json' },
    });
    expect(accounts.status).toBe(200);
    const body = (await accounts.json()) as { accounts: Array<{ name: string }> };
    expect(body.accounts.map((account) => account.name)).toEqual(['Brukskonto', 'Sparekonto', 'BSU']);

    const anonymous = await fetch(new URL('/personal/banking/accounts', api));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await anonymous.text()).toBe('Unauthorized');
  });
});
