import { describe, expect, it } from 'vitest';
import { RequestLog, redactQuery } from '../../src/runtime/request-log.js';

const entry = (path: string, status: number | 'reset' = 200) => ({
  provider: 'bridge' as const,
  server: 'bridge' as const,
  method: 'GET',
  path,
  query: '',
  status,
  ms: 1,
  at: '2024-01-01T00:00:00.000Z',
});

describe('RequestLog', () => {
  it('counts and lists by filter, numbers entries, and clears', () => {
    const log = new RequestLog();
    log.add(entry('/v2/items'));
    log.add(entry('/v2/items/1', 404));
    log.add({ ...entry('/oauth/token'), provider: 'sparebank1', server: 'sparebank1Auth', method: 'POST' });
    log.add({ ...entry('/v2/banks', 'reset'), fault: 'reset' });
    expect(log.count()).toBe(4);
    expect(log.count({ path: '/v2/items' })).toBe(1);
    expect(log.count({ path: '/v2/items*' })).toBe(2);
    expect(log.count({ path: /^\/v2\// })).toBe(3);
    expect(log.count({ provider: 'sparebank1', method: 'post' })).toBe(1);
    expect(log.count({ status: 'reset' })).toBe(1);
    expect(log.count({ fault: null })).toBe(3);
    expect(log.count((e) => e.status === 404)).toBe(1);
    expect(log.list().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    log.clear();
    expect(log.count()).toBe(0);
    expect(log.add(entry('/x')).seq).toBe(5);
  });

  it('keeps memory bounded', () => {
    const log = new RequestLog(10);
    for (let i = 0; i < 25; i++) log.add(entry(`/p/${i}`));
    expect(log.count()).toBeLessThanOrEqual(10);
    expect(log.list().at(-1)?.path).toBe('/p/24');
  });

  it('redacts secrets in query strings', () => {
    expect(redactQuery('?client_id=abc&client_secret=s3cr3t&code=xyz')).toBe(
      '?client_id=abc&client_secret=%5BREDACTED%5D&code=%5BREDACTED%5D',
    );
    expect(redactQuery('?limit=5&after=abc')).toBe('?limit=5&after=abc');
    expect(redactQuery('')).toBe('');
  });
});
