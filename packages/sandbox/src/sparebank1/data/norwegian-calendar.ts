import type { IsoDate } from './model.js';
import { addDays, dayOfWeek } from './oslo-dates.js';

/** Easter Sunday of `year` (Gregorian computus). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const closedDaysByYear = new Map<number, ReadonlySet<IsoDate>>();

/**
 * Days Norwegian banks do not settle payments: public holidays plus Christmas Eve and New Year's Eve
 * ("bankfridager").
 */
function closedDays(year: number): ReadonlySet<IsoDate> {
  const cached = closedDaysByYear.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const days = new Set<IsoDate>([
    `${year}-01-01`,
    addDays(easter, -3),
    addDays(easter, -2),
    easter,
    addDays(easter, 1),
    `${year}-05-01`,
    `${year}-05-17`,
    addDays(easter, 39),
    addDays(easter, 49),
    addDays(easter, 50),
    `${year}-12-24`,
    `${year}-12-25`,
    `${year}-12-26`,
    `${year}-12-31`,
  ]);
  closedDaysByYear.set(year, days);
  return days;
}

/** Whether payments settle on `date` (a weekday that is not a bank holiday). */
export function isBusinessDay(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  return !closedDays(Number(date.slice(0, 4))).has(date);
}

/** `date` itself when it is a business day, else the next one. */
export function businessDayOnOrAfter(date: IsoDate): IsoDate {
  let day = date;
  while (!isBusinessDay(day)) day = addDays(day, 1);
  return day;
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(date: IsoDate): IsoDate {
  return businessDayOnOrAfter(addDays(date, 1));
}
