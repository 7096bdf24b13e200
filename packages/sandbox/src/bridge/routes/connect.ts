import type { BridgeApp, BridgeContext, BridgeDeps } from '../context.js';
import { BANKS } from '../data/banks.js';
import { badRequest, notFound } from '../errors.js';
import { bodyOf, queryOrBodyParam, sendJson, stringField } from '../http.js';
import { requireUser } from '../middleware/user-auth.js';
import { connectUrl } from '../serialize.js';
import type { ConnectSessionKind, ConnectSessionRecord } from '../store/types.js';

const KNOWN_BANK_IDS = new Set(BANKS.map((bank) => bank.id));

/** Bridge Connect: each endpoint opens a session and answers its URL `{redirect_url}`. */
export function registerConnectRoutes(app: BridgeApp, deps: BridgeDeps): void {
  const user = requireUser(deps);

  const open = (
    c: BridgeContext,
    kind: ConnectSessionKind,
    fields: Partial<Pick<ConnectSessionRecord, 'itemId' | 'bankId' | 'country' | 'prefillEmail'>>,
  ) => {
    const session: ConnectSessionRecord = {
      id: deps.runtime.random.uuid(),
      kind,
      userUuid: c.get('user').uuid,
      itemId: fields.itemId ?? null,
      bankId: fields.bankId ?? null,
      country: fields.country ?? null,
      prefillEmail: fields.prefillEmail ?? null,
      redirectUrl: queryOrBodyParam(c, 'redirect_url'),
      context: queryOrBodyParam(c, 'context'),
      createdAtMs: deps.runtime.clock.nowMs(),
      completed: false,
    };
    deps.store.sessions.set(session.id, session);
    return sendJson(c, JSON.stringify({ redirect_url: connectUrl(session) }));
  };

  const ownItem = (c: BridgeContext): number => {
    const raw = queryOrBodyParam(c, 'item_id');
    if (raw === null) throw badRequest('item_id is required');
    if (!/^\d{1,16}$/.test(raw)) throw badRequest('item_id must be an integer');
    const item = deps.store.item(Number(raw));
    if (item === undefined || item.userUuid !== c.get('user').uuid) throw notFound('Item');
    return item.id;
  };

  // Every field may be null (the Python client sends all six keys).
  app.post('/v2/connect/items/add', user, (c) => {
    const body = bodyOf(c);
    const bankId = body.bank_id;
    if (bankId !== undefined && bankId !== null) {
      if (typeof bankId !== 'number' || !Number.isInteger(bankId))
        throw badRequest('bank_id must be an integer');
      if (!KNOWN_BANK_IDS.has(bankId)) throw notFound('Bank');
    }
    const capabilities = body.capabilities;
    if (capabilities !== undefined && capabilities !== null && !Array.isArray(capabilities)) {
      throw badRequest('capabilities must be an array');
    }
    return open(c, 'add', {
      bankId: typeof bankId === 'number' ? bankId : null,
      country: stringField(body, 'country', false),
      prefillEmail: stringField(body, 'prefill_email', false),
    });
  });

  app.get('/v2/connect/items/edit', user, (c) => open(c, 'edit', { itemId: ownItem(c) }));
  app.get('/v2/connect/items/sync', user, (c) => open(c, 'sync', { itemId: ownItem(c) }));
  app.get('/v2/connect/items/pro/confirmation', user, (c) => open(c, 'pro-confirmation', {}));
  app.get('/v2/connect/manage/accounts/iban', user, (c) => open(c, 'manage-iban', {}));
  // A Ruby client uses this path for the same flow.
  app.get('/v2/users/manage/accounts/iban', user, (c) => open(c, 'manage-iban', {}));
}
