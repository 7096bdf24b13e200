import { Hono } from 'hono';
import type { BridgeEnv } from '../context.js';
import { BridgeApiError } from '../errors.js';
import { jsonBody } from '../middleware/body.js';
import { responseHeaders } from '../middleware/headers.js';
import type { BridgeV3Bank } from './bank.js';
import type { BridgeV3Deps } from './context.js';
import { BridgeV3ApiError, bridgeV3ErrorJson, fromV2Error } from './errors.js';
import { v3AppHeaders } from './middleware.js';
import { registerV3CatalogRoutes } from './routes/catalog.js';
import { registerV3ItemRoutes } from './routes/items.js';
import { registerV3SessionRoutes } from './routes/sessions.js';
import { registerV3TransactionRoutes } from './routes/transactions.js';
import { registerV3UserRoutes } from './routes/users.js';

/** Builds the `/v3` Hono app: header checks, body parsing, the routes, the v3 error envelope. */
export function createBridgeV3App(deps: BridgeV3Deps, bank: BridgeV3Bank): Hono<BridgeEnv> {
  const app = new Hono<BridgeEnv>();
  app.use('*', responseHeaders);
  app.use('/v3/*', v3AppHeaders(deps));
  app.use('/v3/*', jsonBody);

  registerV3UserRoutes(app, deps, bank);
  registerV3SessionRoutes(app, deps);
  registerV3ItemRoutes(app, deps, bank);
  registerV3TransactionRoutes(app, deps);
  registerV3CatalogRoutes(app, deps);

  const envelope = (error: BridgeV3ApiError) =>
    new Response(bridgeV3ErrorJson(error.code, error.message, error.property), {
      status: error.status,
      headers: { 'content-type': 'application/json' },
    });

  app.notFound(() => envelope(new BridgeV3ApiError(404, 'not_found', 'Not found')));
  app.onError((error) => {
    if (error instanceof BridgeV3ApiError) return envelope(error);
    if (error instanceof BridgeApiError) return envelope(fromV2Error(error));
    console.error('Bridge sandbox (v3): unexpected error', error);
    return envelope(new BridgeV3ApiError(500, 'internal_server_error', 'Internal server error'));
  });
  return app;
}
