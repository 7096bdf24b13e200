import { Hono } from 'hono';
import type { BridgeApp, BridgeDeps, BridgeEnv } from './context.js';
import { BridgeApiError, bridgeErrorJson } from './errors.js';
import { jsonBody } from './middleware/body.js';
import { appHeaders, responseHeaders } from './middleware/headers.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerBankRoutes } from './routes/banks.js';
import { registerCategoryRoutes } from './routes/categories.js';
import { registerConnectRoutes } from './routes/connect.js';
import { registerItemRoutes } from './routes/items.js';
import { registerStockRoutes } from './routes/stocks.js';
import { registerTransactionRoutes } from './routes/transactions.js';
import { registerUserRoutes } from './routes/users.js';

/** Builds the Bridge v2 Hono app: header checks, body parsing, every documented route, error envelope. */
export function createBridgeApp(deps: BridgeDeps): BridgeApp {
  const app = new Hono<BridgeEnv>();
  app.use('*', responseHeaders);
  app.use('/v2/*', appHeaders(deps));
  app.use('/v2/*', jsonBody);

  registerAuthRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerBankRoutes(app, deps);
  registerCategoryRoutes(app, deps);
  registerConnectRoutes(app, deps);
  registerItemRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerTransactionRoutes(app, deps);
  registerStockRoutes(app, deps);

  const envelope = (status: number, type: string, message: string) =>
    new Response(bridgeErrorJson(type, message), { status, headers: { 'content-type': 'application/json' } });

  app.notFound(() => envelope(404, 'not_found', 'Not found'));
  app.onError((error) => {
    if (error instanceof BridgeApiError) return envelope(error.status, error.type, error.message);
    console.error('Bridge sandbox: unexpected error', error);
    return envelope(500, 'internal_server_error', 'Internal server error');
  });
  return app;
}
