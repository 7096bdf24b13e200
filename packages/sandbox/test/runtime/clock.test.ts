import { describe, expect, it } from 'vitest';
import { OffsetClock } from '../../src/runtime/clock.js';

function fakeRealTime(start: number) {
  let now = start;
  return { now: () => now, tick: (ms: number) => (now += ms) };
}

describe('OffsetClock', () => {
  it('starts at real now by default and follows real time', () => {
    const real = fakeRealTime(1_700_000_000_000);
    const clock = new OffsetClock(undefined, real.now);
    expect(clock.nowMs()).toBe(1_700_000_000_000);
    real.tick(1_500);
    expect(clock.nowMs()).toBe(1_700_000_001_500);
    expect(clock.now()).toEqual(new Date(1_700_000_001_500));
  });

  it('starts at a given time and keeps running from it', () => {
    const real = fakeRealTime(5_000);
    const clock = new OffsetClock('2024-03-01T10:00:00.000Z', real.now);
    expect(clock.now().toISOString()).toBe('2024-03-01T10:00:00.000Z');
    real.tick(250);
    expect(clock.now().toISOString()).toBe('2024-03-01T10:00:00.250Z');
  });

  it('moves with advance() and set(), and keeps following real time afterwards', () => {
    const real = fakeRealTime(0);
    const clock = new OffsetClock(Date.UTC(2024, 0, 1), real.now);
    clock.advance(2 * 3_600_000);
    expect(clock.now().toISOString()).toBe('2024-01-01T02:00:00.000Z');
    real.tick(10);
    expect(clock.now().toISOString()).toBe('2024-01-01T02:00:00.010Z');
    clock.set(new Date('2023-12-24T18:00:00Z'));
    expect(clock.now().toISOString()).toBe('2023-12-24T18:00:00.000Z');
    clock.set('2025-06-01T00:00:00+02:00');
    expect(clock.now().toISOString()).toBe('2025-05-31T22:00:00.000Z');
  });

  it('rejects invalid times and backwards advances', () => {
    const clock = new OffsetClock();
    expect(() => clock.set('not a date')).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => new OffsetClock('garbage')).toThrow(RangeError);
  });
});
