import { UserClient, type UserClientOptions } from '@bankkit/bridge';
import { type RecordedRequest, recordingFetch } from './recording-fetch.ts';
import type { SandboxInfo } from './sandbox-process.ts';

/** A Bridge user client for the sandbox's demo user. */
export function bridgeUserClient(info: SandboxInfo, options: Partial<UserClientOptions> = {}): UserClient {
  const { baseUrl, clientId, clientSecret, users } = info.bridge;
  const user = users[0];
  if (!user) throw new Error('the sandbox has no Bridge user');
  return new UserClient({
    baseUrl,
    clientId,
    clientSecret,
    email: user.email,
    password: user.password,
    ...options,
  });
}

/**
 * Runs `call` once through a client that records its requests, and returns the last request it
 * made (after the authentication): the URL and headers the raw baseline sends.
 */
export async function recordCall(
  info: SandboxInfo,
  call: (client: UserClient) => Promise<unknown>,
): Promise<RecordedRequest> {
  const recorder = recordingFetch();
  await call(bridgeUserClient(info, { fetch: recorder.fetch }));
  const last = recorder.requests.at(-1);
  if (!last) throw new Error('the call made no request');
  return last;
}
