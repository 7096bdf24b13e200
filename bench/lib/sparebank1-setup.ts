import { SpareBank1Client, type SpareBank1ClientOptions } from '@bankkit/sparebank1';
import type { SandboxInfo } from './sandbox-process.ts';

/**
 * A SpareBank 1 client logged in to the sandbox through the real authorization-code flow (the
 * sandbox approves the consent at once: `autoApprove`).
 */
export async function loggedInSpareBank1(
  info: SandboxInfo,
  options: Partial<SpareBank1ClientOptions> = {},
): Promise<SpareBank1Client> {
  const { baseUrl, authBaseUrl, clientId, clientSecret, redirectUris } = info.sparebank1;
  const redirectUri = redirectUris[0];
  if (!redirectUri) throw new Error('the SpareBank 1 sandbox has no redirect URI');
  const client = new SpareBank1Client({
    clientId,
    clientSecret,
    redirectUri,
    baseUrl,
    authBaseUrl,
    ...options,
  });
  const { url, state } = client.createAuthorizationUrl({ finInst: 'fid-smn' });
  const consent = await fetch(url, { redirect: 'manual' });
  await consent.body?.cancel();
  const callback = consent.headers.get('location');
  if (!callback) throw new Error(`the sandbox did not redirect from the consent (HTTP ${consent.status})`);
  await client.handleCallback(callback, { expectedState: state });
  return client;
}
