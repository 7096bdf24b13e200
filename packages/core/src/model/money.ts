import { InvalidInputError } from '../errors/index.js';

/** An exact amount of money: a decimal string (never a float) and an ISO 4217 currency code. */
export interface Money {
  /** Exact decimal string with a dot, e.g. `"-130.50"`; as many decimals as the currency's minor unit. */
  amount: string;
  /** ISO 4217 code, e.g. `NOK`. */
  currency: string;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;
const DECIMAL_STRING = /^[+-]?\d+(\.\d+)?$/;
/** `String(n)` of a number below 1e-6 or from 1e21 on, e.g. `1e+21`, `-1.5e-7`. */
const EXPONENT_FORM = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/;

const minorUnits = new Map<string, number>();

/** The number of decimals of a currency's minor unit, from ICU (`JPY` → 0, `NOK` → 2, `KWD` → 3). */
export function minorUnitDigits(currency: string): number {
  const cached = minorUnits.get(currency);
  if (cached !== undefined) return cached;
  if (typeof currency !== 'string' || !CURRENCY_CODE.test(currency)) {
    throw new InvalidInputError(
      `A currency must be an ISO 4217 code of three capital letters, e.g. NOK; got ${describe(currency)}.`,
      { field: 'currency' },
    );
  }
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  // ICU answers for any well-formed code, so the cache stays as small as the set of codes in use.
  minorUnits.set(currency, digits ?? 2);
  return digits ?? 2;
}

/**
 * Converts a provider's amount (a JSON number or a decimal string) to {@link Money}, rounded half
 * away from zero to the currency's minor unit (2 for NOK and EUR, 0 for JPY, 3 for KWD).
 * A number is read through its shortest round-trip decimal form, so `0.1 + 0.2` style noise and
 * `1.005` come out as a person would write them.
 * @throws InvalidInputError for NaN, infinities, malformed strings or a malformed currency code.
 */
export function toMoney(amount: number | string, currency: string): Money {
  const digits = minorUnitDigits(currency);
  return { amount: roundDecimal(decimalText(amount), digits), currency };
}

/** The amount as a plain decimal string (`[+-]digits[.digits]`, no exponent). */
function decimalText(amount: number | string): string {
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount)) {
      throw new InvalidInputError(`An amount must be a finite number, got ${String(amount)}.`, {
        field: 'amount',
      });
    }
    // Past 2^53 a JSON number no longer holds the digits the provider sent: refuse rather than invent them.
    if (Math.abs(amount) > Number.MAX_SAFE_INTEGER) {
      throw new InvalidInputError(
        `The amount ${String(amount)} is too large to have been read exactly from a JSON number; ask for it as a decimal string.`,
        { field: 'amount' },
      );
    }
    const text = String(amount);
    return text.includes('e') ? expandExponent(text) : text;
  }
  if (typeof amount === 'string' && DECIMAL_STRING.test(amount)) return amount;
  throw new InvalidInputError(
    `An amount must be a number or a decimal string with a dot, like "-130.50"; got ${describe(amount)}.`,
    { field: 'amount' },
  );
}

/** `1.5e+22` → `15000000000000000000000`, `5e-7` → `0.0000005`, exactly (on the digits, not the float). */
function expandExponent(text: string): string {
  const match = EXPONENT_FORM.exec(text);
  if (!match) throw new InvalidInputError(`Cannot read the number ${text}.`, { field: 'amount' });
  const [, sign = '', lead = '', fraction = '', exponent = '0'] = match;
  const mantissa = lead + fraction;
  // Where the decimal point goes, counted in digits of the mantissa.
  const point = 1 + Number(exponent);
  if (point >= mantissa.length) return sign + mantissa + '0'.repeat(point - mantissa.length);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${mantissa}`;
  return `${sign}${mantissa.slice(0, point)}.${mantissa.slice(point)}`;
}

/** Rounds a plain decimal string half away from zero to `digits` decimals, padding with zeros. */
function roundDecimal(text: string, digits: number): string {
  let negative = false;
  let start = 0;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    start = 1;
  }
  const dot = text.indexOf('.', start);
  const integer = dot === -1 ? text.slice(start) : text.slice(start, dot);
  const fraction = dot === -1 ? '' : text.slice(dot + 1);
  // All digits kept, as one string: integer part then the first `digits` decimals, padded.
  let kept = integer + fraction.slice(0, digits).padEnd(digits, '0');
  const firstDropped = fraction.charCodeAt(digits);
  // Half away from zero: the magnitude goes up when the first dropped digit is 5 or more.
  if (firstDropped >= 53 /* '5' */) kept = incrementDigits(kept);
  kept = stripLeadingZeros(kept, digits + 1);
  const integerPart = kept.slice(0, kept.length - digits);
  const result = digits === 0 ? integerPart : `${integerPart}.${kept.slice(kept.length - digits)}`;
  // "-0.00" is not an amount anyone writes.
  return negative && /[1-9]/.test(kept) ? `-${result}` : result;
}

/** Adds one to a string of decimal digits. */
function incrementDigits(digits: string): string {
  let index = digits.length - 1;
  while (index >= 0 && digits[index] === '9') index--;
  if (index < 0) return `1${'0'.repeat(digits.length)}`;
  return (
    digits.slice(0, index) +
    String.fromCharCode(digits.charCodeAt(index) + 1) +
    '0'.repeat(digits.length - index - 1)
  );
}

/** Drops leading zeros but keeps at least `minLength` digits (one integer digit plus the decimals). */
function stripLeadingZeros(digits: string, minLength: number): string {
  let index = 0;
  while (index < digits.length - minLength && digits[index] === '0') index++;
  return index === 0 ? digits : digits.slice(index);
}

/** A short, quoted rendering of bad input for an error message. */
function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value === 'number' ? String(value) : typeof value;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
