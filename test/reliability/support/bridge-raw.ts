import type { Sandbox } from '@bankkit/sandbox';
import { BRIDGE_USER_EMAIL, type PlantedSecrets } from './sandbox.js';

/**
 * The Bridge transaction ids the sandbox holds for the reliability user, read with plain `fetch`
 * (no bankkit code): authenticate, then follow `next_uri` until it is null. The baseline bankkit's
 * lists are checked against.
 */
export async function rawBridgeTransactionIds(
  sandbox: Sandbox,
  planted: PlantedSecrets,
  limit = 500,
): Promise<number[]> {
  const { baseUrl, clientId } = sandbox.bridge;
  const headers = {
    'Bridge-Version': '2021-06-01',
    'Client-Id': clientId,
    'Client-Secret': planted.bridgeClientSecret,
  };
  const auth = await fetch(`${baseUrl}/v2/authenticate`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: BRIDGE_USER_EMAIL, password: planted.bridgePassword }),
  });
  if (!auth.ok) throw new Error(`raw authenticate answered ${auth.status}`);
  const { access_token: token } = (await auth.json()) as { access_token: string };
  const ids: number[] = [];
  let next: string | null = `/v2/transactions?limit=${limit}`;
  while (next !== null) {
    const response = await fetch(`${baseUrl}${next}`, {
      headers: { ...headers, Authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`raw GET ${next} answered ${response.status}`);
    const page = (await response.json()) as {
      resources: { id: number }[];
      pagination: { next_uri: string | null };
    };
    for (const row of page.resources) ids.push(row.id);
    next = page.pagination.next_uri;
  }
  return ids;
}
