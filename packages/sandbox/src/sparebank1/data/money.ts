/** Minor-unit helpers. Every currency the sandbox uses has two decimals. */

const DECIMAL_AMOUNT = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Parses a positive decimal string with a dot (`"12.3"`, `"250.00"`) to minor units; `undefined` if malformed. */
export function parseDecimalAmount(value: string): number | undefined {
  const match = DECIMAL_AMOUNT.exec(value);
  if (!match) return undefined;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const minor = whole * 100 + fraction;
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** `-34990` -> `"-349.90"`. */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `-34990` -> `"-349,90"` (Norwegian decimal comma). */
export function formatMinorNorwegian(minor: number): string {
  return formatMinor(minor).replace('.', ',');
}

/**
 * The JSON number the real API sends (`-349.9`). Dividing an integer by 100 yields the double nearest to
 * the decimal, whose shortest rendering is the decimal itself.
 */
export function minorToNumber(minor: number): number {
  return minor / 100;
}
