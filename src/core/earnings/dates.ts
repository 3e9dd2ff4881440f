// Calendar arithmetic on ISO dates (`YYYY-MM-DD`). Pure: a date is a label, not an instant, so all
// arithmetic is done in UTC where every day has 24 hours. ISO dates compare correctly as strings.
import type { IsoDate } from '../model';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  // Every Ledger row read checks three dates, drawn from a few hundred: a date already known is one
  // look-up (only checked dates enter the cache), not a regex match and a Date.
  if (day_of_date.has(text)) return true;
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const time = Date.UTC(y, mo - 1, d);
  const t = new Date(time);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return false;
  rememberDay(text, time / DAY_MS);
  return true;
}

function parts(date: IsoDate): [number, number, number] {
  if (!isIsoDate(date)) throw new Error(`not an ISO date: ${date}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function format(t: Date): IsoDate {
  const y = String(t.getUTCFullYear()).padStart(4, '0');
  const m = String(t.getUTCMonth() + 1).padStart(2, '0');
  const d = String(t.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

// Posting asks for the same few hundred dates millions of times (hold periods, the review flags'
// day windows), so day numbers and their labels are remembered. Bounded: past the limit the cache
// starts again, which costs time, never correctness.
const DAY_MS = 86_400_000;
const CACHE_LIMIT = 100_000;
const day_of_date = new Map<string, number>();
const date_of_day = new Map<number, IsoDate>();

/** Days since 1970-01-01 (negative before): consecutive dates are consecutive numbers. */
export function dayNumber(date: IsoDate): number {
  let day = day_of_date.get(date);
  if (day === undefined) {
    const [y, m, d] = parts(date);
    day = Date.UTC(y, m - 1, d) / DAY_MS;
    rememberDay(date, day);
  }
  return day;
}

function rememberDay(date: IsoDate, day: number): void {
  if (day_of_date.size >= CACHE_LIMIT) day_of_date.clear();
  day_of_date.set(date, day);
}

function dateOfDay(day: number): IsoDate {
  let date = date_of_day.get(day);
  if (date === undefined) {
    date = format(new Date(day * DAY_MS));
    if (date_of_day.size >= CACHE_LIMIT) date_of_day.clear();
    date_of_day.set(day, date);
  }
  return date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) {
    const [y, m, d] = parts(date);
    return format(new Date(Date.UTC(y, m - 1, d + days)));
  }
  return dateOfDay(dayNumber(date) + days);
}

/** Adds calendar months; a day that does not exist in the target month clamps to its last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
