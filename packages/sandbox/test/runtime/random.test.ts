import { describe, expect, it } from 'vitest';
import { deriveSeed, SeededRandom } from '../../src/runtime/random.js';

const draw = (random: SeededRandom, n: number) => Array.from({ length: n }, () => random.next());

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    expect(draw(new SeededRandom(1), 50)).toEqual(draw(new SeededRandom(1), 50));
    expect(draw(new SeededRandom(1), 50)).not.toEqual(draw(new SeededRandom(2), 50));
  });

  it('stays in range and spreads over it', () => {
    const random = new SeededRandom(7);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      counts[Math.floor(value * 10)]++;
    }
    for (const count of counts) expect(count).toBeGreaterThan(1_700);
    for (let i = 0; i < 1_000; i++) {
      const value = random.int(-3, 3);
      expect(Number.isInteger(value) && value >= -3 && value <= 3).toBe(true);
    }
    expect(() => random.int(2, 1)).toThrow(RangeError);
  });

  it('makes hex strings and RFC 9562 version-4 UUIDs', () => {
    const random = new SeededRandom(3);
    expect(random.hex(40)).toMatch(/^[0-9a-f]{40}$/);
    const uuids = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const uuid = random.uuid();
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      uuids.add(uuid);
    }
    expect(uuids.size).toBe(500);
    expect(random.pick(['a'])).toBe('a');
    expect(() => random.pick([])).toThrow(RangeError);
  });

  it('derives independent seeds per consumer', () => {
    expect(deriveSeed(1, 'bridge')).toBe(deriveSeed(1, 'bridge'));
    expect(deriveSeed(1, 'bridge')).not.toBe(deriveSeed(1, 'faults'));
    expect(deriveSeed(1, 'bridge')).not.toBe(deriveSeed(2, 'bridge'));
  });
});
