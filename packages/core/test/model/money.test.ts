import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type InvalidInputError, isInvalidInputError } from '../../src/errors/index.js';
import { minorUnitDigits, toMoney } from '../../src/model/money.js';

const amountOf = (value: number | string, currency = 'NOK') => toMoney(value, currency).amount;

function invalidInput(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(isInvalidInputError(error)).toBe(true);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('minorUnitDigits', () => {
  test.each([
    ['NOK', 2],
    ['EUR', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['CLP', 0],
  ])('%s has %i decimals', (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
  });

  test.each(['nok', 'NO', 'NOKK', '', 'N0K'])('refuses the currency code %j', (currency) => {
    expect(invalidInput(() => minorUnitDigits(currency)).field).toBe('currency');
  });
});

describe('toMoney', () => {
  test('keeps the currency and pads to its minor unit', () => {
    expect(toMoney(-130.5, 'NOK')).toEqual({ amount: '-130.50', currency: 'NOK' });
    expect(toMoney('-130.5', 'NOK')).toEqual({ amount: '-130.50', currency: 'NOK' });
    expect(amountOf(42)).toBe('42.00');
    expect(amountOf(0)).toBe('0.00');
    expect(amountOf(-0)).toBe('0.00');
  });

  test('negative amounts keep their sign', () => {
    expect(amountOf(-0.01)).toBe('-0.01');
    expect(amountOf('-1234.567')).toBe('-1234.57');
    expect(amountOf(-1, 'JPY')).toBe('-1');
  });

  test('rounds half away from zero at .5 boundaries', () => {
    expect(amountOf('0.125')).toBe('0.13');
    expect(amountOf('-0.125')).toBe('-0.13');
    expect(amountOf('0.135')).toBe('0.14');
    expect(amountOf('0.124999')).toBe('0.12');
    expect(amountOf('99.995')).toBe('100.00');
    expect(amountOf('-99.995')).toBe('-100.00');
    expect(amountOf('0.5', 'JPY')).toBe('1');
    expect(amountOf('-0.5', 'JPY')).toBe('-1');
    expect(amountOf('1.5', 'JPY')).toBe('2');
    expect(amountOf('2.5', 'JPY')).toBe('3');
  });

  test('an amount that rounds to zero is never "-0"', () => {
    expect(amountOf(-0.004, 'EUR')).toBe('0.00');
    expect(amountOf('-0.49', 'JPY')).toBe('0');
    expect(amountOf('-0.0004', 'KWD')).toBe('0.000');
  });

  test('reads numbers as a person writes them, not as their binary float', () => {
    expect(amountOf(0.1 + 0.2)).toBe('0.30');
    // 1.005 is stored as 1.00499999999999989..., yet it is written (and meant) as 1.005.
    expect(amountOf(1.005)).toBe('1.01');
    expect(amountOf(2.675)).toBe('2.68');
    expect(amountOf(-2.675)).toBe('-2.68');
    expect(amountOf(1.345, 'KWD')).toBe('1.345');
  });

  test('currencies with 0 and 3 decimals', () => {
    expect(amountOf(1234.5, 'JPY')).toBe('1235');
    expect(amountOf('1234.5', 'JPY')).toBe('1235');
    expect(amountOf(1234, 'JPY')).toBe('1234');
    expect(amountOf(1.2345, 'KWD')).toBe('1.235');
    expect(amountOf('9.9995', 'KWD')).toBe('10.000');
    expect(amountOf(7, 'KWD')).toBe('7.000');
  });

  test('numbers past 2^53 are refused: JSON parsing already replaced the digits the provider sent', () => {
    expect(amountOf(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991.00');
    expect(amountOf(-Number.MAX_SAFE_INTEGER)).toBe('-9007199254740991.00');
    for (const huge of [2 ** 63, 2 ** 53 + 2, 1e21, -1.5e22]) {
      expect(invalidInput(() => toMoney(huge, 'EUR')).field).toBe('amount');
    }
  });

  test('huge decimal strings are kept exactly, digit for digit', () => {
    expect(amountOf('9223372036854775808')).toBe('9223372036854775808.00');
    expect(amountOf('-123456789012345678901234.565', 'EUR')).toBe('-123456789012345678901234.57');
  });

  test('tiny numbers are expanded exactly and rounded on their digits', () => {
    expect(amountOf(5e-7)).toBe('0.00');
    expect(amountOf(-5e-7)).toBe('0.00');
    expect(amountOf(1.2345e-5)).toBe('0.00');
    expect(amountOf(5e-7, 'KWD')).toBe('0.000');
  });

  test('strings: a leading + or zeros are fine, and long decimals are rounded on the digits', () => {
    expect(amountOf('+12.345')).toBe('12.35');
    expect(amountOf('0007.1')).toBe('7.10');
    expect(amountOf('000')).toBe('0.00');
    expect(amountOf('0.0049999999999999999999')).toBe('0.00');
    expect(amountOf('12345678901234567890.125')).toBe('12345678901234567890.13');
  });

  test.each(['1,5', '1.', '.5', '1e5', '', ' 1', '1 ', '--1', '+-1', 'NaN', '12.5 NOK', '0x10', '١٢'])(
    'refuses the string %j',
    (value) => {
      const error = invalidInput(() => toMoney(value, 'NOK'));
      expect(error.field).toBe('amount');
      expect(error.code).toBe('invalid_input');
    },
  );

  test.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %s', (value) => {
    expect(invalidInput(() => toMoney(value, 'NOK')).field).toBe('amount');
  });

  test('refuses a malformed currency code, and values that are not numbers or strings', () => {
    expect(invalidInput(() => toMoney(1, 'nok')).field).toBe('currency');
    expect(invalidInput(() => toMoney(1, 'EURO')).field).toBe('currency');
    expect(invalidInput(() => toMoney(null as unknown as number, 'NOK')).field).toBe('amount');
    expect(invalidInput(() => toMoney(10n as unknown as number, 'NOK')).field).toBe('amount');
  });

  test('property: whole minor units divided down come back exactly', () => {
    // Up to 15 significant digits, every decimal is the shortest form of its nearest double.
    const limit = 10 ** 15 - 1;
    const cases = fc.tuple(fc.integer({ min: -limit, max: limit }), fc.constantFrom('JPY', 'NOK', 'KWD'));
    fc.assert(
      fc.property(cases, ([minor, currency]) => {
        const digits = minorUnitDigits(currency);
        const sign = minor < 0 ? '-' : '';
        const padded = String(Math.abs(minor)).padStart(digits + 1, '0');
        const expected =
          digits === 0 ? `${sign}${padded}` : `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
        expect(toMoney(minor / 10 ** digits, currency).amount).toBe(expected === '-0' ? '0' : expected);
      }),
    );
  });

  test('property: the amount always has exactly the currency’s decimals', () => {
    const currencies = fc.constantFrom('NOK', 'EUR', 'JPY', 'KWD', 'CLP', 'BHD');
    const amounts = fc.oneof(
      fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        min: -Number.MAX_SAFE_INTEGER,
        max: Number.MAX_SAFE_INTEGER,
      }),
      fc.integer(),
      fc.stringMatching(/^[+-]?\d{1,25}(\.\d{1,12})?$/),
    );
    fc.assert(
      fc.property(amounts, currencies, (amount, currency) => {
        const digits = minorUnitDigits(currency);
        const shape = new RegExp(digits === 0 ? '^-?\\d+$' : `^-?\\d+\\.\\d{${digits}}$`);
        const { amount: text } = toMoney(amount, currency);
        expect(text).toMatch(shape);
        expect(text).not.toMatch(/^-0+(\.0+)?$/);
        // One leading zero at most, and the result is within half a minor unit of the input.
        expect(text).not.toMatch(/^-?0\d/);
        const difference = Math.abs(Number(text) - Number(amount));
        expect(difference).toBeLessThanOrEqual(0.5 * 10 ** -digits + Math.abs(Number(amount)) * 1e-15);
      }),
    );
  });

  test('property: halves of a minor unit round away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (minor) => {
        const magnitude = minor < 0n ? -minor : minor;
        const text = `${minor < 0n ? '-' : ''}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}5`;
        const up = magnitude + 1n;
        const expected = `${minor < 0n ? '-' : ''}${up / 100n}.${String(up % 100n).padStart(2, '0')}`;
        expect(amountOf(text)).toBe(expected);
      }),
    );
  });
});
