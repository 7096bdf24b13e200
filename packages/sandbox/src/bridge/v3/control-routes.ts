import { Hono } from 'hono';
import type { BridgeEnv } from '../context.js';
import type { BridgeV3Control } from './control.js';
import { SessionCompletionError } from './sessions.js';

/** Prefix of the HTTP control API on the Bridge origin. */
export const CONTROL_PREFIX = '/__sandbox/bridge/v3';

type Json = Record<string, unknown>;

class ControlInputError extends Error {}

const num = (body: Json, name: string): number | undefined => {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new ControlInputError(`${name} must be an integer`);
  return value;
};
const text = (body: Json, name: string): string | undefined => {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ControlInputError(`${name} must be a string`);
  return value;
};
const bool = (body: Json, name: string): boolean | undefined => {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ControlInputError(`${name} must be a boolean`);
  return value;
};
const money = (body: Json, name: string): string | number | undefined => {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new ControlInputError(`${name} must be a decimal`);
  return value;
};
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * The v3 control over HTTP, for tools outside the test process: JSON in (snake_case), JSON out, no
 * headers needed. Errors answer `{ "error": "<message>" }` with 400 (bad input) or 404 (unknown id).
 */
export function createControlRoutes(control: BridgeV3Control, reset: () => void): Hono<BridgeEnv> {
  const app = new Hono<BridgeEnv>().basePath(CONTROL_PREFIX);
  const bodyOf = async (request: Request): Promise<Json> => {
    const raw = await request.text();
    if (raw.trim() === '') return {};
    try {
      const value: unknown = JSON.parse(raw);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Json;
    } catch {
      // Falls through to the error below.
    }
    throw new ControlInputError('the body must be a JSON object');
  };
  const id = (raw: string): number => {
    if (!/^\d{1,16}$/.test(raw)) throw new ControlInputError(`${raw} is not an id`);
    return Number(raw);
  };

  app.get('/webhooks', (c) => c.json(control.webhooks.list()));
  app.post('/webhooks', async (c) => {
    const body = await bodyOf(c.req.raw);
    const url = text(body, 'url');
    if (url === undefined) throw new ControlInputError('url is required');
    const events = body.events;
    if (events !== undefined && (!Array.isArray(events) || events.some((e) => typeof e !== 'string'))) {
      throw new ControlInputError('events must be an array of event types');
    }
    return c.json(
      control.webhooks.add(
        defined({ url, secret: text(body, 'secret'), events: events as string[] | undefined }),
      ),
      201,
    );
  });
  app.get('/webhooks/deliveries', (c) => c.json(control.webhooks.deliveries()));
  app.post('/webhooks/settle', async (c) => {
    await control.webhooks.settled();
    return c.json(control.webhooks.deliveries());
  });
  app.post('/webhooks/:id/rotate', async (c) => {
    const body = await bodyOf(c.req.raw);
    return c.json(control.webhooks.rotateSecret(c.req.param('id'), text(body, 'secret')));
  });
  app.delete('/webhooks/:id', (c) => {
    control.webhooks.remove(c.req.param('id'));
    return c.body(null, 204);
  });

  app.post('/transactions', async (c) => {
    const body = await bodyOf(c.req.raw);
    const accountId = num(body, 'account_id');
    const amount = money(body, 'amount');
    if (accountId === undefined || amount === undefined)
      throw new ControlInputError('account_id and amount are required');
    return c.json(
      control.addTransaction(
        defined({
          accountId,
          amount,
          description: text(body, 'description'),
          date: text(body, 'date'),
          future: bool(body, 'future'),
          categoryId: num(body, 'category_id'),
        }),
      ),
      201,
    );
  });
  app.get('/transactions/:id', (c) => {
    const found = control.transaction(id(c.req.param('id')));
    return found === undefined ? c.json({ error: 'no such transaction' }, 404) : c.json(found);
  });
  app.patch('/transactions/:id', async (c) => {
    const body = await bodyOf(c.req.raw);
    return c.json(
      control.modifyTransaction(
        id(c.req.param('id')),
        defined({
          amount: money(body, 'amount'),
          description: text(body, 'description'),
          date: text(body, 'date'),
        }),
      ),
    );
  });
  app.post('/transactions/:id/book', async (c) => {
    const body = await bodyOf(c.req.raw);
    const result = control.bookTransaction(
      id(c.req.param('id')),
      defined({ amount: money(body, 'amount'), date: text(body, 'date') }),
    );
    return c.json({ deleted_id: result.deletedId, booked_id: result.bookedId });
  });
  app.delete('/transactions/:id', (c) => {
    control.deleteTransaction(id(c.req.param('id')));
    return c.body(null, 204);
  });

  app.post('/items/:id/refresh', async (c) => {
    const body = await bodyOf(c.req.raw);
    const trigger = text(body, 'trigger');
    if (trigger !== undefined && !['scheduler', 'connect', 'api'].includes(trigger)) {
      throw new ControlInputError('trigger must be scheduler, connect or api');
    }
    const result = control.refreshItem(
      id(c.req.param('id')),
      defined({ trigger: trigger as 'scheduler' | undefined, fullRefresh: bool(body, 'full_refresh') }),
    );
    return c.json({
      item_id: result.itemId,
      accounts: result.accounts.map((a) => ({
        account_id: a.accountId,
        nb_new_transactions: a.nbNew,
        nb_updated_transactions: a.nbUpdated,
        nb_deleted_transactions: a.nbDeleted,
      })),
    });
  });
  app.put('/items/:id/status', async (c) => {
    const body = await bodyOf(c.req.raw);
    const status = num(body, 'status');
    if (status === undefined) throw new ControlInputError('status is required');
    control.setItemStatus(id(c.req.param('id')), status, text(body, 'status_code_info'));
    return c.body(null, 204);
  });
  app.delete('/accounts/:id', (c) => {
    control.closeAccount(id(c.req.param('id')));
    return c.body(null, 204);
  });
  app.post('/connect-sessions/:id/complete', async (c) => {
    const body = await bodyOf(c.req.raw);
    const done = control.completeConnectSession(
      c.req.param('id'),
      defined({
        success: bool(body, 'success'),
        step: text(body, 'step') as 'bank_creds_form' | undefined,
        itemId: num(body, 'item_id'),
        accounts: num(body, 'accounts'),
        transactions: num(body, 'transactions'),
        providerId: num(body, 'provider_id'),
      }),
    );
    return c.json({
      session_id: done.sessionId,
      success: done.success,
      item_id: done.itemId,
      account_ids: done.accountIds,
      callback_url: done.callbackUrl,
    });
  });
  app.post('/reset', (c) => {
    reset();
    return c.body(null, 204);
  });

  app.notFound((c) => c.json({ error: 'no such control route' }, 404));
  app.onError((error, c) => {
    if (error instanceof SessionCompletionError) return c.json({ error: error.message }, error.status);
    if (error instanceof ControlInputError || error instanceof RangeError || error instanceof TypeError) {
      return c.json({ error: error.message }, 400);
    }
    if (error instanceof Error && /^Bridge sandbox: no /.test(error.message))
      return c.json({ error: error.message }, 404);
    if (error instanceof Error && error.message.startsWith('Bridge sandbox: '))
      return c.json({ error: error.message }, 400);
    console.error('Bridge sandbox: unexpected control error', error);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
