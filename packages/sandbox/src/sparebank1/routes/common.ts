import type { Hono } from 'hono';
import { jsonText, withJsonVersion } from '../http/api-guard.js';
import { V1_ONLY } from '../http/media-types.js';
import type { SpareBank1Env, SpareBank1State } from '../state.js';

const HELLO = JSON.stringify({ message: 'Hello, World!' });

/**
 * `/common/helloworld` (+ `/ping`, `/pong`), the usual token probe, and `/common/user/info` with the
 * field names one community client reads.
 */
export function registerCommonRoutes(app: Hono<SpareBank1Env>, state: SpareBank1State): void {
  for (const path of ['/common/helloworld', '/common/helloworld/ping', '/common/helloworld/pong']) {
    app.get(path, (c) => withJsonVersion(c, state, V1_ONLY, () => jsonText(HELLO)));
  }

  app.get('/common/user/info', (c) =>
    withJsonVersion(c, state, V1_ONLY, () => {
      const customer = state.bank.customer;
      return jsonText(
        JSON.stringify({
          sub: customer.ssnKey,
          firstname: customer.firstName,
          lastname: customer.lastName,
          email: customer.email,
          dateOfbirth: customer.dateOfBirth,
          mobilePhoneNumber: customer.mobilePhoneNumber,
        }),
      );
    }),
  );
}
