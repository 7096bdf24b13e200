import { InvalidArgumentError } from 'commander';
import { isProviderId, PROVIDER_IDS, type ProviderId } from '../config/settings.js';

/** `--provider sparebank1,bridge` or repeated `--provider`: the list so far plus these. */
export function parseProviders(value: string, previous: ProviderId[] = []): ProviderId[] {
  const ids = value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '');
  if (ids.length === 0) {
    throw new InvalidArgumentError(`Name a provider: ${PROVIDER_IDS.join(' or ')}.`);
  }
  for (const id of ids) {
    if (!isProviderId(id)) {
      throw new InvalidArgumentError(`Unknown provider "${id}": use ${PROVIDER_IDS.join(' or ')}.`);
    }
  }
  return [...new Set([...previous, ...(ids as ProviderId[])])];
}

/** One provider id (the argument of `login` and `logout`). */
export function parseProvider(value: string): ProviderId {
  const id = value.trim().toLowerCase();
  if (!isProviderId(id))
    throw new InvalidArgumentError(`Unknown provider "${value}": use ${PROVIDER_IDS.join(' or ')}.`);
  return id;
}

/** Repeatable options (`--account a --account b`, or `--account a,b`). */
export function collectList(value: string, previous: string[] = []): string[] {
  const items = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (items.length === 0)
    throw new InvalidArgumentError('Name at least one; `bankkit accounts` lists the ids.');
  return [...previous, ...items];
}

/** A calendar date `YYYY-MM-DD` that exists (no 2024-02-30). */
export function parseDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return value.trim();
    }
  }
  throw new InvalidArgumentError(`"${value}" is not a date: use YYYY-MM-DD, e.g. 2025-01-31.`);
}

/** A whole number of seconds, at least 1. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isInteger(seconds)) {
    throw new InvalidArgumentError(`"${value}" is not a whole number of seconds.`);
  }
  if (seconds < 1)
    throw new InvalidArgumentError(`The timeout is at least 1 second; "${value}" is too short.`);
  return seconds;
}

/** A non-negative integer (seed, counts). */
export function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new InvalidArgumentError(`"${value}" is not a whole number.`);
  }
  return count;
}
