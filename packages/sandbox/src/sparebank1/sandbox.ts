import { Hono } from 'hono';
import type { ProviderRuntime } from '../runtime/context.js';
import { createControl, type SpareBank1Control } from './control.js';
import { Bank } from './data/bank.js';
import { osloDate } from './data/oslo-dates.js';
import { generateSeed } from './data/seed.js';
import { TransactionIdCodec } from './data/transaction-ids.js';
import { apiGuard } from './http/api-guard.js';
import { ErrorRenderer, STATUS_CODES } from './http/errors.js';
import { JSON_V1 } from './http/media-types.js';
import { registerAuthorizeRoutes } from './oauth/authorize.js';
import { ClientRegistry } from './oauth/clients.js';
import { registerTokenRoute } from './oauth/token.js';
import { OAuthStore } from './oauth/token-store.js';
import { resolveOptions, type SpareBank1SandboxOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerCommonRoutes } from './routes/common.js';
import { registerExportRoute } from './routes/export.js';
import { registerTransactionRoutes } from './routes/transactions.js';
import { registerTransferRoutes } from './routes/transfers.js';
import type { SpareBank1Env, SpareBank1State } from './state.js';

/** A SpareBank 1 personal-client emulator, ready to be served at an origin's root. */
export interface SpareBank1Sandbox {
  /**
   * Serves `/oauth/authorize`, `/oauth/token`, `/personal/banking/...` and `/common/...` at the real
   * paths. Serve the same app on the API origin and on the auth origin (the bank answers OAuth on both).
   */
  app: Hono;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Test hooks. */
  control: SpareBank1Control;
  /** An ErrorsDTO body (for injected faults such as a 500 `general.error`) and its content type. */
  errorBody(status: number, code: string, message: string): { body: string; contentType: string };
}

/**
 * Creates the SpareBank 1 emulator: demo user Ola Nordmann with accounts and transactions generated
 * from `runtime.random`, every time and expiry on `runtime.clock`.
 */
export function createSpareBank1Sandbox(
  runtime: ProviderRuntime,
  options?: SpareBank1SandboxOptions,
): SpareBank1Sandbox {
  const resolved = resolveOptions(options);
  const bank = new Bank(
    generateSeed({
      random: runtime.random,
      today: osloDate(runtime.clock.nowMs()),
      accounts: resolved.accounts,
      rowsPerAccount: resolved.transactionsPerAccount,
      historyDays: resolved.historyDays,
    }),
  );
  const errors = new ErrorRenderer(runtime.random);
  const state: SpareBank1State = {
    runtime,
    options: resolved,
    bank,
    oauth: new OAuthStore(runtime.clock, runtime.random, resolved),
    clients: new ClientRegistry(resolved),
    transactionIds: new TransactionIdCodec(runtime.seed, resolved.transactionIdTtlMs),
    errors,
    rateLimiter: new RateLimiter(resolved.rateLimit.limit, resolved.rateLimit.windowMs),
    scenarios: { consentMode: resolved.consentMode, partialFailures: [], transferFailures: [] },
  };

  const api = new Hono<SpareBank1Env>();
  registerAuthorizeRoutes(api, state);
  registerTokenRoute(api, state);
  api.use('/personal/*', apiGuard(state));
  api.use('/common/*', apiGuard(state));
  registerCommonRoutes(api, state);
  registerAccountRoutes(api, state);
  registerExportRoute(api, state);
  registerTransactionRoutes(api, state);
  registerTransferRoutes(api, state);

  const app = new Hono();
  app.route('/', api);
  app.notFound(() => errors.status(404, 'No resource found at this path'));
  app.onError(() => errors.response(500, { code: 'general.error', message: 'Something went wrong.' }));

  return {
    app,
    clientId: resolved.clientId,
    clientSecret: resolved.clientSecret,
    redirectUris: [...resolved.redirectUris],
    control: createControl(state, resolved.consentMode),
    errorBody: (status, code, message) => ({
      body: errors.body(status, [{ code: code || (STATUS_CODES[status] ?? String(status)), message }]),
      contentType: JSON_V1,
    }),
  };
}
