/** An exact amount of money: a decimal string (never a float) and an ISO 4217 currency code. */
export interface Money {
  /** Exact decimal string with a dot, e.g. `"-130.50"`; as many decimals as the currency's minor unit. */
  amount: string;
  /** ISO 4217 code, e.g. `NOK`. */
  currency: string;
}

/**
 * Converts a provider's amount (a JSON number or a decimal string) to {@link Money}, rounded half
 * away from zero to the currency's minor unit (2 for NOK and EUR, 0 for JPY, 3 for KWD).
 * A number is read through its shortest round-trip decimal form, so `0.1 + 0.2` style noise and
 * `1.005` come out as a person would write them.
 * @throws InvalidInputError for NaN, infinities, malformed strings or a malformed currency code.
 */
export function toMoney(_amount: number | string, _currency: string): Money {
  throw new Error('not implemented');
}

/** The number of decimals of a currency's minor unit, from ICU (`JPY` → 0, `NOK` → 2, `KWD` → 3). */
export function minorUnitDigits(_currency: string): number {
  throw new Error('not implemented');
}
