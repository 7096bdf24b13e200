import type { SandboxRandom } from '../../runtime/context.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters from `[A-Za-z0-9]`: the look of account keys and OAuth tokens. */
export function randomAlphanumeric(random: SandboxRandom, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHANUMERIC[random.int(0, ALPHANUMERIC.length - 1)];
  return text;
}

/** `length` decimal digits, the first one non-zero. */
export function randomDigits(random: SandboxRandom, length: number): string {
  let text = String(random.int(1, 9));
  for (let i = 1; i < length; i++) text += String(random.int(0, 9));
  return text;
}
