import { describe, expect, it } from 'vitest';
import {
  authorizePath,
  createTestSandbox,
  decide,
  parseForms,
  pkcePair,
  REDIRECT_URI,
  tokenRequest,
} from './helpers.js';

describe('SpareBank 1 sandbox /oauth/authorize', () => {
  it('renders an accessible consent page whose Approve form a plain HTTP client can submit', async () => {
    const t = createTestSandbox();
    const page = await t.request(authorizePath(t.sandbox));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('Ola Nordmann');
    expect(html).toContain('<html lang="en">');
    const forms = parseForms(html);
    expect(forms.map((form) => form.button)).toEqual(['Approve', 'Deny']);
    for (const form of forms) {
      expect(form.method).toBe('post');
      expect(form.action).toBe('/oauth/authorize/decision');
      expect(form.fields.request_id).toMatch(/^[0-9a-f]{32}$/);
    }
    // Neither the state nor the client's secret is put into the page.
    expect(html).not.toContain('state-123');
    expect(html).not.toContain(t.sandbox.clientSecret);

    const redirect = await decide(t, 'Approve');
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
    expect(redirect.searchParams.get('state')).toBe('state-123');
  });

  it('redirects with error=access_denied and the state when the user presses Deny', async () => {
    const t = createTestSandbox();
    const redirect = await decide(t, 'Deny', { state: 'a b&c' });
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('a b&c');
    expect(redirect.searchParams.has('code')).toBe(false);
  });

  it('leaves out state when none was sent', async () => {
    const t = createTestSandbox();
    const redirect = await decide(t, 'Approve', { state: undefined });
    expect(redirect.searchParams.has('state')).toBe(false);
    expect(redirect.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts a consent decision only once', async () => {
    const t = createTestSandbox();
    const page = await t.request(authorizePath(t.sandbox));
    const approve = parseForms(await page.text()).find((form) => form.button === 'Approve');
    const post = () =>
      t.request('/oauth/authorize/decision', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(approve?.fields).toString(),
      });
    expect((await post()).status).toBe(302);
    const second = await post();
    expect(second.status).toBe(400);
    expect(second.headers.get('location')).toBeNull();
  });

  it('redirects an unknown finInst with access_denied and the state, and accepts no finInst', async () => {
    const t = createTestSandbox();
    const response = await t.request(authorizePath(t.sandbox, { finInst: 'fid-snn' }));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-123');

    const withoutFinInst = await t.request(authorizePath(t.sandbox, { finInst: undefined }));
    expect(withoutFinInst.status).toBe(200);
  });

  it.each([
    ['an unregistered redirect_uri', { redirect_uri: 'https://evil.example.com/callback' }],
    ['a redirect_uri with another path', { redirect_uri: 'http://127.0.0.1:8321/other' }],
    ['a redirect_uri with a trailing slash', { redirect_uri: 'http://127.0.0.1:8321/callback/' }],
    ['an unknown client_id', { client_id: 'not-a-client' }],
    ['response_type=token', { response_type: 'token' }],
    ['no response_type', { response_type: undefined }],
  ])('shows the vague error page without redirecting for %s', async (_, params) => {
    const t = createTestSandbox();
    const response = await t.request(authorizePath(t.sandbox, params));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Oh no, something went wrong!');
  });

  it('matches the redirect_uri exactly by default: another loopback port is refused (SB-02)', async () => {
    const t = createTestSandbox();
    const otherPort = await t.request(
      authorizePath(t.sandbox, { redirect_uri: 'http://127.0.0.1:9999/callback' }),
    );
    expect(otherPort.status).toBe(400);
    expect(otherPort.headers.get('location')).toBeNull();
    expect(await otherPort.text()).toContain('Oh no, something went wrong!');
    expect((await t.request(authorizePath(t.sandbox))).status).toBe(200);
  });

  it('accepts an exact registered redirect_uri passed as an option', async () => {
    const t = createTestSandbox({ redirectUris: ['http://127.0.0.1:9999/callback'] });
    const registered = await t.request(
      authorizePath(t.sandbox, { redirect_uri: 'http://127.0.0.1:9999/callback' }),
    );
    expect(registered.status).toBe(200);
    expect((await t.request(authorizePath(t.sandbox))).status).toBe(400);
  });

  it('treats any loopback port with the registered path as registered only with allowLoopbackRedirects', async () => {
    const loose = createTestSandbox({ allowLoopbackRedirects: true });
    const otherPort = await loose.request(
      authorizePath(loose.sandbox, { redirect_uri: 'http://127.0.0.1:54321/callback' }),
    );
    expect(otherPort.status).toBe(200);
    const otherPath = await loose.request(
      authorizePath(loose.sandbox, { redirect_uri: 'http://127.0.0.1:54321/other' }),
    );
    expect(otherPath.status).toBe(400);
    const otherHost = await loose.request(
      authorizePath(loose.sandbox, { redirect_uri: 'http://example.com:8321/callback' }),
    );
    expect(otherHost.status).toBe(400);
  });

  it('approves at once with autoApprove, and follows setConsentMode', async () => {
    const t = createTestSandbox({ autoApprove: true });
    const response = await t.request(authorizePath(t.sandbox));
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('code')).toMatch(
      /^[0-9a-f]{32}$/,
    );

    t.sandbox.control.setConsentMode('deny');
    const denied = await t.request(authorizePath(t.sandbox));
    expect(new URL(denied.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
  });

  it('refuses the transfer scope with access_denied when the client is not approved for it', async () => {
    const t = createTestSandbox({ transferScopeApproved: false });
    const refused = await t.request(
      authorizePath(t.sandbox, { scope: 'openid accounts transactions transfer' }),
    );
    expect(new URL(refused.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
    const allowed = await t.request(authorizePath(t.sandbox, { scope: 'openid accounts transactions' }));
    expect(allowed.status).toBe(200);
  });

  describe('PKCE', () => {
    const exchange = (t: ReturnType<typeof createTestSandbox>, code: string, verifier?: string) =>
      tokenRequest(t, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: t.sandbox.clientId,
        client_secret: t.sandbox.clientSecret,
        ...(verifier ? { code_verifier: verifier } : {}),
      });

    it('issues tokens for the right S256 verifier', async () => {
      const t = createTestSandbox();
      const { verifier, challenge } = pkcePair();
      const redirect = await decide(t, 'Approve', {
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const response = await exchange(t, redirect.searchParams.get('code') ?? '', verifier);
      expect(response.status).toBe(200);
    });

    it('refuses a wrong or missing verifier with invalid_grant', async () => {
      const t = createTestSandbox();
      const { challenge } = pkcePair();
      for (const verifier of ['x'.repeat(50), undefined]) {
        const redirect = await decide(t, 'Approve', {
          code_challenge: challenge,
          code_challenge_method: 'S256',
        });
        const response = await exchange(t, redirect.searchParams.get('code') ?? '', verifier);
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
      }
    });

    it('supports the plain method, and skips the check when no challenge was sent', async () => {
      const t = createTestSandbox();
      const { verifier } = pkcePair();
      const plain = await decide(t, 'Approve', { code_challenge: verifier, code_challenge_method: 'plain' });
      expect((await exchange(t, plain.searchParams.get('code') ?? '', verifier)).status).toBe(200);

      const none = await decide(t, 'Approve');
      expect((await exchange(t, none.searchParams.get('code') ?? '', 'y'.repeat(60))).status).toBe(200);
    });

    it('redirects with invalid_request for an unknown challenge method', async () => {
      const t = createTestSandbox();
      const response = await t.request(
        authorizePath(t.sandbox, { code_challenge: pkcePair().challenge, code_challenge_method: 'S512' }),
      );
      expect(response.status).toBe(302);
      expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe(
        'invalid_request',
      );
    });
  });
});
