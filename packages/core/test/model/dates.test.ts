import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isInvalidInputError } from '../../src/errors/index.js';
import { toIsoDate, toLocalDate } from '../../src/model/dates.js';

const OSLO = 'Europe/Oslo';

function expectInvalid(run: () => unknown, field: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(isInvalidInputError(caught)).toBe(true);
  expect((caught as { field?: string }).field).toBe(field);
}

describe('toLocalDate', () => {
  // SpareBank 1 sends a booking date as the epoch milliseconds of Oslo midnight.
  test.each([
    ['winter, the day clocks go forward', '2026-03-29T00:00:00+01:00', '2026-03-29', '2026-03-28'],
    ['summer, the day after clocks go forward', '2026-03-30T00:00:00+02:00', '2026-03-30', '2026-03-29'],
    ['summer, the day clocks go back', '2026-10-25T00:00:00+02:00', '2026-10-25', '2026-10-24'],
    ['winter, the day after clocks go back', '2026-10-26T00:00:00+01:00', '2026-10-26', '2026-10-25'],
    ['new year', '2027-01-01T00:00:00+01:00', '2027-01-01', '2026-12-31'],
  ])('Oslo midnight (%s) is the Oslo date, not the UTC one', (_, osloMidnight, osloDate, utcDate) => {
    const epochMs = Date.parse(osloMidnight);
    expect(new Date(epochMs).toISOString().slice(0, 10)).toBe(utcDate);
    expect(toLocalDate(epochMs, OSLO)).toBe(osloDate);
    expect(toLocalDate(new Date(epochMs), OSLO)).toBe(osloDate);
  });

  test('the last millisecond of an Oslo day is still that day', () => {
    expect(toLocalDate(Date.parse('2026-03-29T00:00:00+02:00') - 1, OSLO)).toBe('2026-03-28');
    expect(toLocalDate(Date.parse('2026-03-30T00:00:00+02:00') - 1, OSLO)).toBe('2026-03-29');
    expect(toLocalDate(Date.parse('2026-10-26T00:00:00+01:00') - 1, OSLO)).toBe('2026-10-25');
  });

  test('other zones and years outside 1000-9999 are written YYYY-MM-DD too', () => {
    expect(toLocalDate(Date.parse('2026-06-30T23:30:00Z'), 'UTC')).toBe('2026-06-30');
    expect(toLocalDate(Date.parse('2026-06-30T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-07-01');
    expect(toLocalDate(Date.parse('2026-07-01T02:00:00Z'), 'America/New_York')).toBe('2026-06-30');
    expect(toLocalDate(new Date('0500-06-01T12:00:00Z'), 'UTC')).toBe('0500-06-01');
  });

  test('refuses invalid instants and unknown or missing time zones', () => {
    expectInvalid(() => toLocalDate(Number.NaN, OSLO), 'date');
    expectInvalid(() => toLocalDate(new Date('not a date'), OSLO), 'date');
    expectInvalid(() => toLocalDate('2026-01-01' as unknown as number, OSLO), 'date');
    expectInvalid(() => toLocalDate(0, 'Europe/Atlantis'), 'timeZone');
    expectInvalid(() => toLocalDate(0, ''), 'timeZone');
    expectInvalid(() => toLocalDate(0, undefined as unknown as string), 'timeZone');
  });

  test('property: agrees with the zone offset Intl reports, for any instant', () => {
    const offsetName = new Intl.DateTimeFormat('en-US', { timeZone: OSLO, timeZoneName: 'longOffset' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), (epochMs) => {
        const offset = offsetName.formatToParts(epochMs).find((part) => part.type === 'timeZoneName')?.value;
        const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offset ?? '');
        const minutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
        const expected = new Date(epochMs + minutes * 60_000).toISOString().slice(0, 10);
        expect(toLocalDate(epochMs, OSLO)).toBe(expected);
      }),
    );
  });
});

describe('toIsoDate', () => {
  test('accepts real calendar dates written YYYY-MM-DD', () => {
    expect(toIsoDate('2026-03-31', OSLO)).toBe('2026-03-31');
    expect(toIsoDate('2024-02-29', OSLO)).toBe('2024-02-29');
    expect(toIsoDate('2000-02-29', OSLO)).toBe('2000-02-29');
    expect(toIsoDate('2026-12-31', OSLO)).toBe('2026-12-31');
  });

  test.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-5',
    '26-01-05',
    '2026/01/05',
    '2026-01-05T00:00:00Z',
    ' 2026-01-05',
    '',
  ])('refuses %j', (value) => {
    expectInvalid(() => toIsoDate(value, OSLO), 'date');
  });

  test('reads a Date in the bank’s time zone', () => {
    expect(toIsoDate(new Date('2026-03-28T23:30:00Z'), OSLO)).toBe('2026-03-29');
    expect(toIsoDate(new Date('2026-03-28T23:30:00Z'), 'UTC')).toBe('2026-03-28');
  });

  test('refuses an invalid Date and anything that is not a string or a Date', () => {
    expectInvalid(() => toIsoDate(new Date(Number.NaN), OSLO), 'date');
    expectInvalid(() => toIsoDate(20260105 as unknown as string, OSLO), 'date');
    expectInvalid(() => toIsoDate(null as unknown as string, OSLO), 'date');
  });

  test('property: every day of 1900-2100 is accepted, and only those days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const real = new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === text;
          if (real) expect(toIsoDate(text, OSLO)).toBe(text);
          else expectInvalid(() => toIsoDate(text, OSLO), 'date');
        },
      ),
    );
  });
});
