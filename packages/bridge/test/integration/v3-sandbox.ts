import { type Sandbox, type SandboxOptions, startSandbox } from '@bankkit/sandbox';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AppClient, UserClient, type UserClientOptions } from '../../src/v3/index.js';
import { FAST_RETRY } from './sandbox.js';

/** The sandbox of one v3 test file, started on 127.0.0.1 (a free port) before its tests, closed after. */
export interface V3SandboxHandle {
  readonly sandbox: Sandbox;
  app(): AppClient;
  /** A v3 client of the seeded demo user (by uuid) unless overridden. */
  user(overrides?: Partial<UserClientOptions>): UserClient;
  /** The seeded demo user's uuid. */
  readonly demoUuid: string;
}

export function useV3Sandbox(options: SandboxOptions = {}): V3SandboxHandle {
  let current: Sandbox | undefined;
  const get = (): Sandbox => {
    if (!current) throw new Error('sandbox not started');
    return current;
  };
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    current = await startSandbox({ seed: 7, ...options });
  });
  afterEach(async () => {
    const sandbox = get();
    await sandbox.bridge.v3.webhooks.settled();
    sandbox.faults.clear();
    sandbox.bridge.control.reset();
    sandbox.requests.clear();
  });
  afterAll(async () => {
    await current?.close();
    nock.enableNetConnect();
  });
  const connection = () => {
    const { bridge } = get();
    return {
      clientId: bridge.clientId,
      clientSecret: bridge.clientSecret,
      baseUrl: bridge.baseUrl,
      retry: FAST_RETRY,
    };
  };
  const demoUuid = () => {
    const [demo] = get().bridge.users;
    if (!demo) throw new Error('no seeded user');
    return demo.uuid;
  };
  return {
    get sandbox() {
      return get();
    },
    get demoUuid() {
      return demoUuid();
    },
    app: () => new AppClient(connection()),
    user: (overrides = {}) =>
      new UserClient({ ...connection(), userUuid: demoUuid(), ...overrides } as UserClientOptions),
  };
}
