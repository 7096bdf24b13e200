import type { SandboxRandom } from '../../runtime/context.js';

const MOD11_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** The MOD11 check digit of the first ten digits of a Norwegian account number; `undefined` when none exists. */
function mod11CheckDigit(firstTen: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(firstTen[i]) * (MOD11_WEIGHTS[i] ?? 0);
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  const digit = 11 - remainder;
  return digit === 10 ? undefined : digit;
}

/** Whether `value` is an 11-digit Norwegian account number with a valid MOD11 check digit. */
export function isValidAccountNumber(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  return mod11CheckDigit(value.slice(0, 10)) === Number(value[10]);
}

/** A fresh valid account number with the given 4-digit bank registry prefix. */
export function generateAccountNumber(random: SandboxRandom, prefix: string): string {
  for (;;) {
    let body = prefix;
    while (body.length < 10) body += String(random.int(0, 9));
    const check = mod11CheckDigit(body);
    if (check !== undefined) return body + String(check);
  }
}

/** The Norwegian IBAN of an account number (`NO` + ISO 7064 MOD 97-10 check digits + BBAN). */
export function ibanOf(accountNumber: string): string {
  // N = 23, O = 24; the country code and "00" move to the end before the modulo.
  const check = 98n - (BigInt(`${accountNumber}232400`) % 97n);
  return `NO${String(check).padStart(2, '0')}${accountNumber}`;
}

/** `32096894308` -> `3209 68 94308`. */
export function formatAccountNumber(accountNumber: string): string {
  if (accountNumber.length !== 11) return accountNumber;
  return `${accountNumber.slice(0, 4)} ${accountNumber.slice(4, 6)} ${accountNumber.slice(6)}`;
}
