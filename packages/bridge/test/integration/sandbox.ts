import { type Sandbox, type SandboxOptions, startSandbox } from '@bankkit/sandbox';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AppClient, UserClient, type UserClientOptions } from '../../src/index.js';

/** Retries as fast as possible, so fault tests take milliseconds. */
export const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 5 };

/** The sandbox of one test file, started on 127.0.0.1 (a free port) before its tests, closed after. */
export interface SandboxHandle {
  readonly sandbox: Sandbox;
  app(): AppClient;
  /** A client of the demo user (email + password) unless overridden. */
  user(overrides?: Partial<UserClientOptions>): UserClient;
  /** The demo user. */
  readonly demo: { email: string; password: string; uuid: string };
}

export function useSandbox(options: SandboxOptions = {}): SandboxHandle {
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
  afterEach(() => {
    const sandbox = get();
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
  return {
    get sandbox() {
      return get();
    },
    get demo() {
      const [demo] = get().bridge.users;
      if (!demo) throw new Error('no seeded user');
      return { email: demo.email, password: demo.password, uuid: demo.uuid };
    },
    app: () => new AppClient(connection()),
    user(overrides = {}) {
      const [demo] = get().bridge.users;
      return new UserClient({ ...connection(), email: demo?.email, password: demo?.password, ...overrides });
    },
  };
}
