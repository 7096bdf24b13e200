import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** nock for the whole file: no real network except loopback, and every interceptor used. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending, 'interceptors never called').toEqual([]);
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}
