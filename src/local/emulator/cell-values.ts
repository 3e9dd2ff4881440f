// What Sheets does with a value written through setValue(s)/appendRow, and how a cell displays.
// Sheets parses strings unless the cell is plain text ('@'): '123' becomes a number, '10%' 0.1,
// 'TRUE' a boolean, '2024-01-31' a date, '=...' a formula; a leading apostrophe forces text.
import { zonedToEpoch, wallTime } from './time-zone';
import { FORMULA_PLACEHOLDER, Stored, StoredDate, StoredFormula } from './workbook';

export interface Written {
  /** undefined = the cell becomes empty. */
  v: Stored | undefined;
  /** The number format Sheets applies when it recognised the string (only if the cell had none). */
  autoFormat?: string;
}

const PLAIN_TEXT = '@';
const NUMBER = /^([+-]?)(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d+))?(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

export function isDateLike(v: unknown): v is Date {
  // Cross-realm: a Date from a vm context is not `instanceof` this realm's Date.
  return Object.prototype.toString.call(v) === '[object Date]';
}

export function coerceWritten(input: unknown, format: string | undefined, timeZone: string): Written {
  if (input === null || input === undefined) return { v: undefined };
  if (typeof input === 'number') return Number.isFinite(input) ? { v: input } : { v: String(input) };
  if (typeof input === 'boolean') return { v: input };
  if (isDateLike(input)) {
    const ms = input.getTime();
    return Number.isNaN(ms) ? { v: 'Invalid Date' } : { v: new StoredDate(ms) };
  }
  const text = String(input);
  if (text === '') return { v: undefined };
  if (format === PLAIN_TEXT) return { v: text };
  if (text.startsWith("'")) return { v: text.length > 1 ? text.slice(1) : undefined };
  if (text.startsWith('=') && text.length > 1) return { v: new StoredFormula(text) };
  return parseTyped(text, timeZone) ?? { v: text };
}

function parseTyped(text: string, timeZone: string): Written | null {
  const t = text.trim();
  const upper = t.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { v: upper === 'TRUE' };
  const percent = t.endsWith('%');
  const numeric = percent ? t.slice(0, -1).trim() : t;
  const m = NUMBER.exec(numeric);
  if (m && (m[2] !== undefined || m[3] !== undefined)) {
    const n = Number(numeric.replace(/,/g, ''));
    if (Number.isFinite(n)) {
      const decimals = m[3]?.length ?? 0;
      const zeros = decimals > 0 ? `.${'0'.repeat(decimals)}` : '';
      if (percent) return { v: n / 100, autoFormat: `0${zeros}%` };
      if (numeric.includes(',')) return { v: n, autoFormat: `#,##0${zeros}` };
      return { v: n };
    }
  }
  const iso = ISO_DATE.exec(t);
  if (iso) {
    const [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (!validDate(y, mo, d)) return null;
    const h = iso[4] === undefined ? 0 : Number(iso[4]);
    const mi = iso[5] === undefined ? 0 : Number(iso[5]);
    const s = iso[6] === undefined ? 0 : Number(iso[6]);
    if (h > 23 || mi > 59 || s > 59) return null;
    const with_time = iso[4] !== undefined;
    return {
      v: new StoredDate(zonedToEpoch(timeZone, y, mo, d, h, mi, s)),
      autoFormat: with_time ? 'yyyy-mm-dd h:mm:ss' : 'yyyy-mm-dd',
    };
  }
  // The spreadsheet locale is en_US: month/day/year.
  const us = US_DATE.exec(t);
  if (us) {
    const [mo, d, y] = [Number(us[1]), Number(us[2]), Number(us[3])];
    if (!validDate(y, mo, d)) return null;
    return { v: new StoredDate(zonedToEpoch(timeZone, y, mo, d)), autoFormat: 'M/d/yyyy' };
  }
  return null;
}

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** The text a cell shows (getDisplayValues), for the number formats the add-on uses. */
export function displayOf(v: Stored | undefined, format: string | undefined, timeZone: string): string {
  if (v === undefined) return '';
  if (v instanceof StoredFormula) return FORMULA_PLACEHOLDER;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof StoredDate) return formatSheetsDate(v.ms, format, timeZone);
  return formatNumber(v, format);
}

function formatNumber(n: number, format: string | undefined): string {
  if (!format || format === PLAIN_TEXT || format === 'General' || format.includes('#####')) {
    return String(Number(n.toPrecision(15)));
  }
  const percent = format.includes('%');
  const value = percent ? n * 100 : n;
  const dot = format.indexOf('.');
  const decimals = dot < 0 ? 0 : (format.slice(dot + 1).match(/0/g) ?? []).length;
  let text = Math.abs(value).toFixed(decimals);
  if (format.includes(',')) {
    const [int, frac] = text.split('.');
    text = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
  }
  const negative = value < 0 && Number(text.replace(/,/g, '')) !== 0;
  return `${negative ? '-' : ''}${text}${percent ? '%' : ''}`;
}

/** Sheets date formats: yyyy, yy, mmmm, mmm, mm/m (month, or minutes next to h or s), dd, d, hh, h, ss. */
function formatSheetsDate(ms: number, format: string | undefined, timeZone: string): string {
  const w = wallTime(ms, timeZone);
  const has_time = w.hour !== 0 || w.minute !== 0 || w.second !== 0;
  let f = format && /[dmy]/i.test(format) ? format : has_time ? 'M/d/yyyy H:mm:ss' : 'M/d/yyyy';
  f = f.replace(/"([^"]*)"/g, '$1');
  const tokens = f.match(/yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|[^a-z]+|[a-z]/gi) ?? [];
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  return tokens.map((tok, i) => {
    const lower = tok.toLowerCase();
    const prev = tokens.slice(0, i).reverse().find((t) => /[a-z]/i.test(t))?.toLowerCase() ?? '';
    const next = tokens.slice(i + 1).find((t) => /[a-z]/i.test(t))?.toLowerCase() ?? '';
    switch (lower) {
      case 'yyyy': return String(w.year);
      case 'yy': return pad(w.year % 100, 2);
      case 'mmmm': return MONTHS[w.month - 1];
      case 'mmm': return MONTHS[w.month - 1].slice(0, 3);
      case 'mm': case 'm': {
        const minutes = prev.startsWith('h') || next.startsWith('s');
        return pad(minutes ? w.minute : w.month, lower.length);
      }
      case 'dd': return pad(w.day, 2);
      case 'd': return String(w.day);
      case 'hh': return pad(w.hour, 2);
      case 'h': return String(w.hour);
      case 'ss': return pad(w.second, 2);
      case 's': return String(w.second);
      default: return tok;
    }
  }).join('');
}
