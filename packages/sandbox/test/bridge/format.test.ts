import { describe, expect, it } from 'vitest';
import { formatDay, formatMoney, formatTimestamp, parisDay, parseInstant } from '../../src/bridge/format.js';

describe('Bridge formatting', () => {
  it('writes money with at least one decimal, from hundredths', () => {
    expect(formatMoney(173_300)).toBe('1733.0');
    expect(formatMoney(-1_250)).toBe('-12.5');
    expect(formatMoney(-15_234_012)).toBe('-152340.12');
    expect(formatMoney(5)).toBe('0.05');
    expect(formatMoney(-7)).toBe('-0.07');
    expect(formatMoney(0)).toBe('0.0');
  });

  it('writes timestamps exactly like toISOString', () => {
    const samples = [
      0,
      1,
      999,
      86_399_999,
      1_690_358_275_747,
      -1,
      -86_400_001,
      Date.UTC(2099, 11, 31, 23, 59, 59, 999),
    ];
    for (let i = 0; i < 2_000; i++) samples.push(Math.floor(Math.random() * 4_102_444_800_000));
    for (const ms of samples) expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString());
    expect(formatDay(19_000)).toBe('2022-01-08');
  });

  it('finds the French calendar day', () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Paris.
    expect(formatDay(parisDay(Date.UTC(2023, 11, 31, 23, 30)))).toBe('2024-01-01');
    expect(formatDay(parisDay(Date.UTC(2024, 6, 1, 21, 59)))).toBe('2024-07-01');
    expect(formatDay(parisDay(Date.UTC(2024, 6, 1, 22, 1)))).toBe('2024-07-02');
  });

  it('parses the since/until forms clients send', () => {
    const at = Date.UTC(2023, 6, 26, 9, 57, 55, 747);
    expect(parseInstant('2023-07-26T09:57:55.747Z')?.ms).toBe(at);
    expect(parseInstant('2023-07-26 09:57:55.747000+00:00')?.ms).toBe(at);
    expect(parseInstant('2023-07-26 09:57:55.747000 00:00')?.ms).toBe(at);
    expect(parseInstant('2023-07-26T11:57:55.747+02:00')?.ms).toBe(at);
    expect(parseInstant('2023-07-26T09:57:55.747123456Z')?.ms).toBe(at);
    expect(parseInstant('2023-07-26')).toEqual({
      ms: Date.UTC(2023, 6, 26),
      day: Date.UTC(2023, 6, 26) / 86_400_000,
    });
    for (const bad of ['2023-02-30', '2023-07-26T25:00:00Z', 'yesterday', '26/07/2023', '']) {
      expect(parseInstant(bad), bad).toBeUndefined();
    }
  });
});
