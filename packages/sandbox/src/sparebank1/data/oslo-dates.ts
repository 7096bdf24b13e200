import { TZDate, tzOffset } from '@date-fns/tz';
import type { IsoDate } from './model.js';

/** SpareBank 1's time zone: every date on the wire is a Europe/Oslo calendar day. */
export const OSLO_TIME_ZONE = 'Europe/Oslo';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The Oslo calendar date at `epochMs`. */
export function osloDate(epochMs: number): IsoDate {
  const local = new TZDate(epochMs, OSLO_TIME_ZONE);
  return `${pad(local.getFullYear(), 4)}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** Minutes since Oslo midnight at `epochMs`. */
export function osloMinuteOfDay(epochMs: number): number {
  const local = new TZDate(epochMs, OSLO_TIME_ZONE);
  return local.getHours() * 60 + local.getMinutes();
}

const midnightCache = new Map<IsoDate, number>();

/**
 * Epoch milliseconds of Oslo midnight starting `date`: what the API sends as `date` and `interestDate`
 * (`2026-08-20` -> `2026-08-19T22:00:00Z` in summer, `...T23:00:00Z` in winter).
 */
export function osloMidnightMs(date: IsoDate): number {
  const cached = midnightCache.get(date);
  if (cached !== undefined) return cached;
  const [year, month, day] = splitDate(date);
  const value = new TZDate(year, month - 1, day, OSLO_TIME_ZONE).getTime();
  if (midnightCache.size > 20_000) midnightCache.clear();
  midnightCache.set(date, value);
  return value;
}

function splitDate(date: IsoDate): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a yyyy-MM-dd date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Parses a strict `yyyy-MM-dd` that names a real calendar day; `undefined` otherwise. */
export function parseIsoDate(value: string): IsoDate | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return undefined;
  }
  return value;
}

/** Pure calendar arithmetic (no time zone involved). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const [year, month, day] = splitDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const [y1, m1, d1] = splitDate(from);
  const [y2, m2, d2] = splitDate(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  const [year, month, day] = splitDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** `2026-02-28` -> `28.02.2026`, the layout of the CSV export. */
export function toNorwegianDate(date: IsoDate): string {
  const [year, month, day] = splitDate(date);
  return `${pad(day)}.${pad(month)}.${pad(year, 4)}`;
}

/**
 * The most recent Oslo date on or before `date` whose UTC offset differs from the day before: the day a
 * DST change happened. Scans at most a year back.
 */
export function latestDstChange(date: IsoDate): IsoDate | undefined {
  let day = date;
  let offset = tzOffset(OSLO_TIME_ZONE, new Date(osloMidnightMs(day) + 12 * 3_600_000));
  for (let i = 0; i < 370; i++) {
    const previous = addDays(day, -1);
    const previousOffset = tzOffset(OSLO_TIME_ZONE, new Date(osloMidnightMs(previous) + 12 * 3_600_000));
    if (previousOffset !== offset) return day;
    day = previous;
    offset = previousOffset;
  }
  return undefined;
}
