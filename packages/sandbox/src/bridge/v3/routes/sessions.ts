import type { BridgeApp, BridgeContext, JsonBody } from '../../context.js';
import { BANKS } from '../../data/banks.js';
import { sendJson } from '../../http.js';
import { requireBody } from '../../middleware/body.js';
import type { BridgeV3Deps } from '../context.js';
import { invalidParameter, missingParameter, v3NotFound } from '../errors.js';
import { v3Boolean, v3Integer, v3String } from '../http.js';
import { v3User } from '../middleware.js';
import type { V3SessionKind, V3SessionRecord } from '../state.js';

/** The countries a connect session accepts (F-35). */
export const CONNECT_COUNTRIES: ReadonlySet<string> = new Set(
  'FR ES IT PT DE BE NL LU PL HU IE MT CZ NO BG SE DK AT SK FI GB GR EE IS CY HR LV RO LT SI LI'.split(' '),
);

const KNOWN_PROVIDERS = new Set(BANKS.map((bank) => bank.id));
const CONTEXT = /^[A-Za-z0-9-]{0,100}$/;

/** The page a session URL points to, on the sandbox's own origin. */
export function sessionUrl(deps: BridgeV3Deps, id: string): string {
  return `${deps.bridge.runtime.origin()}/connect/session/${id}`;
}

function checkedCapabilities(body: JsonBody): string[] {
  const value = body.capabilities;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    throw invalidParameter('capabilities', 'capabilities must be an array of strings');
  }
  return value as string[];
}

/** `POST /v3/aggregation/connect-sessions` and `/user-management-sessions` (user routes, 201 `{id, url}`). */
export function registerV3SessionRoutes(app: BridgeApp, deps: BridgeV3Deps): void {
  const user = v3User(deps);

  const open = (c: BridgeContext, kind: V3SessionKind) => {
    const body = requireBody(c.req.header('content-type'), c.get('body'));
    const userEmail = v3String(body, 'user_email', false);
    if (kind === 'connect' && userEmail === null && deps.options.requireUserEmail)
      throw missingParameter('user_email');
    const country = v3String(body, 'country_code', false);
    if (country !== null && !CONNECT_COUNTRIES.has(country)) {
      throw invalidParameter('country_code', `country_code ${country} is not supported`);
    }
    const capabilities = checkedCapabilities(body);
    v3Boolean(body, 'allow_account_selection');
    const maxSelectable = v3Integer(body, 'max_selectable_accounts');
    if (maxSelectable !== null && maxSelectable < 1) {
      throw invalidParameter('max_selectable_accounts', 'max_selectable_accounts must be at least 1');
    }
    const callbackUrl = v3String(body, 'callback_url', false);
    if (callbackUrl !== null && !/^https?:\/\//i.test(callbackUrl)) {
      throw invalidParameter('callback_url', 'callback_url must be an http(s) URL');
    }
    if (callbackUrl !== null && !URL.canParse(callbackUrl)) {
      throw invalidParameter('callback_url', 'callback_url must be an http(s) URL');
    }
    const context = v3String(body, 'context', false);
    if (context !== null && !CONTEXT.test(context)) {
      throw invalidParameter('context', 'context must be at most 100 characters of letters, digits and -');
    }
    const accountTypes = v3String(body, 'account_types', false) ?? 'payment';
    if (accountTypes !== 'payment' && accountTypes !== 'all') {
      throw invalidParameter('account_types', 'account_types must be payment or all');
    }
    let providerId: number | null = null;
    let itemId: number | null = null;
    if (kind === 'connect') {
      providerId = v3Integer(body, 'provider_id');
      if (providerId !== null && !KNOWN_PROVIDERS.has(providerId)) {
        throw invalidParameter('provider_id', `provider ${providerId} does not exist`);
      }
      itemId = v3Integer(body, 'item_id');
      if (itemId !== null) {
        const item = deps.bridge.store.item(itemId);
        if (item === undefined || item.userUuid !== c.get('user').uuid) throw v3NotFound('Item');
      }
    }
    const session: V3SessionRecord = {
      id: deps.bridge.runtime.random.uuid(),
      kind,
      userUuid: c.get('user').uuid,
      itemId,
      providerId,
      callbackUrl,
      context,
      accountTypes,
      userEmail,
      countryCode: country,
      capabilities,
      maxSelectableAccounts: maxSelectable,
      createdAtMs: deps.bridge.runtime.clock.nowMs(),
      completed: false,
    };
    deps.state.sessions.set(session.id, session);
    return sendJson(c, JSON.stringify({ id: session.id, url: sessionUrl(deps, session.id) }), 201);
  };

  app.post('/v3/aggregation/connect-sessions', user, (c) => open(c, 'connect'));
  app.post('/v3/aggregation/user-management-sessions', user, (c) => open(c, 'user-management'));
}
