/**
 * Both banks of a freshly started sandbox, logged in, as plain `BankingProvider`s. Only this file
 * knows which banks they are; the examples themselves only see the interface.
 */
import { BridgeProvider, UserClient } from '@bankkit/bridge';
import type { BankingProvider } from '@bankkit/core';
import { startSandbox } from '@bankkit/sandbox';
import { SpareBank1Client, SpareBank1Provider } from '@bankkit/sparebank1';

/** Logged-in providers and how to stop the sandbox behind them. */
export interface SandboxBanks {
  providers: BankingProvider[];
  close(): Promise<void>;
}

/**
 * Starts a sandbox whose SpareBank 1 consent is approved at once (its test mode), completes the
 * authorization-code flow by reading the redirect's `code` straight from the `Location` header,
 * and logs in to Bridge as the demo user.
 */
export async function connectSandboxBanks(): Promise<SandboxBanks> {
  const sandbox = await startSandbox({ sparebank1: { autoApprove: true } });
  try {
    const { sparebank1, bridge } = sandbox;
    const redirectUri = sparebank1.redirectUris[0];
    if (!redirectUri) throw new Error('The sandbox registers no redirect URI.');
    const spareBank1 = new SpareBank1Client({
      clientId: sparebank1.clientId,
      clientSecret: sparebank1.clientSecret,
      redirectUri,
      baseUrl: sparebank1.baseUrl,
      authBaseUrl: sparebank1.authBaseUrl,
    });
    const login = spareBank1.createAuthorizationUrl();
    const redirect = await fetch(login.url, { redirect: 'manual' });
    const callbackUrl = redirect.headers.get('location');
    if (!callbackUrl) throw new Error(`The sandbox did not redirect (HTTP ${redirect.status}).`);
    await spareBank1.handleCallback(callbackUrl, { expectedState: login.state });

    const [demoUser] = bridge.users;
    if (!demoUser) throw new Error('The sandbox seeds no Bridge user.');
    const bridgeUser = new UserClient({
      clientId: bridge.clientId,
      clientSecret: bridge.clientSecret,
      baseUrl: bridge.baseUrl,
      email: demoUser.email,
      password: demoUser.password,
    });

    return {
      providers: [new SpareBank1Provider(spareBank1), new BridgeProvider(bridgeUser)],
      close: () => sandbox.close(),
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}
