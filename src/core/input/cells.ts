// What a cell value is, independent of the JS realm it came from: Apps Script hands us Dates created
// in another realm, so an instanceof check would lie; Object.prototype.toString never does.
import type { Cell } from '../model';

/** The most characters a Google Sheets cell holds. */
export const CELL_LIMIT_CHARS = 50000;

export function isDateCell(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** True for '' and whitespace-only text (and null/undefined from a ragged row). */
export function isBlankCell(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return typeof value === 'string' && value.trim() === '';
}

/** A cell as text, for text columns and for messages. Dates become their ISO instant. */
export function cellText(value: Cell | undefined | null): string {
  if (typeof value === 'string') return value; // most cells; skips the Date test, which is slow on a string
  if (value === undefined || value === null) return '';
  if (isDateCell(value)) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return String(value);
}

/** A value as it is shown inside a message: long text is cut so a message stays readable. */
export function shownValue(value: Cell | undefined | null, max_chars = 120): string {
  const text = cellText(value);
  return text.length > max_chars ? `${text.slice(0, max_chars)}…` : text;
}
