import type { Hono } from 'hono';
import type { SpareBank1Env, SpareBank1State } from '../state.js';
import { DECISION_PATH, renderConsentPage, renderErrorPage } from './consent-page.js';
import { finInstName } from './fin-insts.js';
import { parsePkceMethod } from './pkce.js';
import type { AuthorizationRequest } from './token-store.js';

const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

function html(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function errorPage(): Response {
  return html(renderErrorPage(), 400);
}

/** `302` to the client's redirect URI with `params` added to its query. */
function redirect(redirectUri: string, params: Record<string, string | undefined>): Response {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) target.searchParams.set(name, value);
  }
  return new Response(null, {
    status: 302,
    headers: { location: target.toString(), 'cache-control': 'no-store' },
  });
}

function approve(state: SpareBank1State, request: AuthorizationRequest): Response {
  const code = state.oauth.issueCode(request);
  return redirect(request.redirectUri, { code, state: request.state });
}

function deny(request: AuthorizationRequest): Response {
  return redirect(request.redirectUri, { error: 'access_denied', state: request.state });
}

/**
 * `GET /oauth/authorize` and the consent page's `POST /oauth/authorize/decision`.
 *
 * A bad client id, redirect URI or response type gets the vague error page and no redirect; a bad
 * `finInst` (or an unapproved `transfer` scope) redirects with `error=access_denied`.
 */
export function registerAuthorizeRoutes(app: Hono<SpareBank1Env>, state: SpareBank1State): void {
  app.get('/oauth/authorize', (c) => {
    const query = (name: string) => c.req.query(name);
    const clientId = query('client_id');
    const redirectUri = query('redirect_uri');
    if (
      !clientId ||
      !state.clients.isKnownClient(clientId) ||
      !redirectUri ||
      !state.clients.isRegisteredRedirect(redirectUri) ||
      query('response_type') !== 'code'
    ) {
      return errorPage();
    }
    const finInst = query('finInst') || undefined;
    const scope = query('scope') || undefined;
    const request: AuthorizationRequest = { clientId, redirectUri };
    const stateParam = query('state');
    if (stateParam !== undefined) request.state = stateParam;
    if (finInst) request.finInst = finInst;
    if (scope) request.scope = scope;

    if (finInst && !state.options.finInsts.has(finInst)) return deny(request);
    if (!state.options.transferScopeApproved && scope?.split(/\s+/).includes('transfer'))
      return deny(request);

    const challenge = query('code_challenge');
    if (challenge !== undefined) {
      const method = parsePkceMethod(query('code_challenge_method'));
      if (!method || !CODE_CHALLENGE.test(challenge)) {
        return redirect(redirectUri, {
          error: 'invalid_request',
          error_description: 'invalid code_challenge or code_challenge_method',
          state: request.state,
        });
      }
      request.codeChallenge = challenge;
      request.codeChallengeMethod = method;
    }

    switch (state.scenarios.consentMode) {
      case 'approve':
        return approve(state, request);
      case 'deny':
        return deny(request);
      default:
        return html(
          renderConsentPage({
            requestId: state.oauth.createConsent(request),
            clientName: state.options.clientName,
            customerName: state.bank.customer.name,
            bankName: finInstName(request.finInst),
          }),
          200,
        );
    }
  });

  app.post(DECISION_PATH, async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const requestId = form.get('request_id');
    const decision = form.get('decision');
    if (!requestId || (decision !== 'approve' && decision !== 'deny')) return errorPage();
    const request = state.oauth.takeConsent(requestId);
    if (!request) return errorPage();
    return decision === 'approve' ? approve(state, request) : deny(request);
  });
}
