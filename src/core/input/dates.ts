// Calendar dates from user input. The core has no clock and no time-zone database: an instant (a
// Sheets date cell, or a timestamp with an offset) becomes a calendar date through `dateOfInstant`,
// which the shell builds for the settings time zone. Written dates without an offset are taken as
// already being calendar dates in that zone.
import type { Cell, IsoDate } from '../model';
import type { DateFormat } from '../settings';
import { fail, type Parsed } from './error-codes';
import { isBlankCell, isDateCell, shownValue } from './cells';

export interface DateContext {
  as_of: IsoDate;
  date_format: DateFormat;
  dateOfInstant(epoch_ms: number): IsoDate;
}

export interface DateOptions {
  /** Column name used in messages (default `date`). */
  field?: string;
  /** Rule end dates and start dates may lie ahead; conversion and FX dates may not. */
  allow_future?: boolean;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASH_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/;

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isIsoDate(text: string): boolean {
  return isIsoShape(text) && isValidCalendarDate(digitsAt(text, 0, 4), digitsAt(text, 5, 2), digitsAt(text, 8, 2));
}

function isoOf(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses a date cell or text into a calendar date, refusing dates after `as_of` unless allowed. */
export function parseDate(value: Cell | null | undefined, ctx: DateContext, options: DateOptions = {}): Parsed<IsoDate> {
  const field = options.field ?? 'date';
  if (isBlankCell(value)) return fail('MISSING_VALUE', { field });
  const date = typeof value === 'string' ? readDateText(value, ctx, field) : readDateCell(value as Cell, ctx, field);
  if (!date.ok) return date;
  if (!options.allow_future && date.value > ctx.as_of) {
    return fail('FUTURE_DATE', { field, value: shownValue(value ?? ''), date: date.value, as_of: ctx.as_of });
  }
  return date;
}

function readDateCell(value: Cell, ctx: DateContext, field: string): Parsed<IsoDate> {
  if (isDateCell(value)) {
    const epoch_ms = value.getTime();
    if (Number.isNaN(epoch_ms)) return fail('BAD_DATE', { field, value: shownValue(value), fix: 'write a date like 2026-03-01' });
    return { ok: true, value: ctx.dateOfInstant(epoch_ms) };
  }
  return fail('BAD_DATE', { field, value: shownValue(value), fix: 'format the cell as a date, or write the date as text like 2026-03-01' });
}

function readDateText(value: string, ctx: DateContext, field: string): Parsed<IsoDate> {
  const text = value.trim();
  // A valid YYYY-MM-DD is already its own ISO form (isoOf would rebuild the same text).
  if (isIsoShape(text)) {
    const valid = isValidCalendarDate(digitsAt(text, 0, 4), digitsAt(text, 5, 2), digitsAt(text, 8, 2));
    return valid ? { ok: true, value: text } : fail('IMPOSSIBLE_DATE', { field, value: text });
  }
  const stamp = ISO_DATE_TIME.exec(text);
  if (stamp !== null) return dateOfTimestamp(stamp, ctx, field, text);
  const slash = SLASH_DATE.exec(text);
  if (slash !== null) return slashDate(slash, ctx.date_format, field, text);
  return fail('BAD_DATE', { field, value: text, fix: 'write it as YYYY-MM-DD, like 2026-03-01' });
}

/** Whether text is exactly `YYYY-MM-DD` (ASCII digits), read character by character: most dates are, and a regex match allocates. */
function isIsoShape(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return false;
  for (const at of ISO_DIGIT_POSITIONS) if (!isDigit(text.charCodeAt(at))) return false;
  return true;
}

const DASH = 0x2d;
const ISO_DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9];

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The number written by `count` ASCII digits from `from`. */
function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + (text.charCodeAt(i) - 0x30);
  return n;
}

function calendarDate(year: number, month: number, day: number, field: string, text: string): Parsed<IsoDate> {
  if (!isValidCalendarDate(year, month, day)) return fail('IMPOSSIBLE_DATE', { field, value: text });
  return { ok: true, value: isoOf(year, month, day) };
}

function dateOfTimestamp(m: RegExpExecArray, ctx: DateContext, field: string, text: string): Parsed<IsoDate> {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const calendar = calendarDate(year, month, day, field, text);
  if (!calendar.ok) return calendar;
  if (hour > 23 || minute > 59 || second > 59) return fail('IMPOSSIBLE_DATE', { field, value: text });
  const offset = m[8];
  if (offset === undefined) return calendar; // wall-clock time: already a date in the settings zone
  const offset_minutes = offsetMinutes(offset);
  if (offset_minutes === null) return fail('BAD_DATE', { field, value: text, fix: 'write the offset like -05:00 or Z' });
  const millis = Number(((m[7] ?? '') + '000').slice(0, 3));
  const epoch_ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset_minutes * 60000;
  return { ok: true, value: ctx.dateOfInstant(epoch_ms) };
}

function offsetMinutes(offset: string): number | null {
  if (offset.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
  if (m === null) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function slashDate(m: RegExpExecArray, format: DateFormat, field: string, text: string): Parsed<IsoDate> {
  const [first, , second, year_text = ''] = [Number(m[1]), m[2], Number(m[3]), m[4]];
  if (format === 'iso') {
    const fix = first <= 12 && second <= 12 && first !== second
      ? `it could be ${monthName(second)} ${first} or ${monthName(first)} ${second}: write it as YYYY-MM-DD, or declare date_format dmy or mdy in Settings`
      : 'dates must be written YYYY-MM-DD: rewrite it, or declare date_format dmy or mdy in Settings';
    return fail('AMBIGUOUS_DATE', { field, value: text, fix });
  }
  if (year_text.length !== 4) {
    return fail('AMBIGUOUS_DATE', { field, value: text, fix: 'a two-digit year could be any century: write the year in full' });
  }
  const [day, month] = format === 'dmy' ? [first, second] : [second, first];
  return calendarDate(Number(year_text), month, day, field, text);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthName(month: number): string {
  return MONTHS[month - 1] ?? String(month);
}
