// Text hygiene for everything that crosses the sheet boundary: formula neutralising for what the add-on
// writes, and the canonical form of codes and emails for what it reads.
import type { Cell, Email } from '../model';
import { fail, type Parsed } from '../input/error-codes';

/** Characters that make Sheets (or Excel, on a CSV) treat a cell as a formula or a command. */
const FORMULA_LEADS = ['=', '+', '-', '@', '\t', '\r'];
/** FORMULA_LEADS as character codes: every imported text cell is tested, so the test reads one character. */
const FORMULA_LEAD_CODES: ReadonlySet<number> = new Set(FORMULA_LEADS.map((lead) => lead.charCodeAt(0)));

/**
 * Text that starts like a formula gets a leading `'`, so imported data can never run as a formula
 * in the sheet or in a spreadsheet that opens an exported CSV. Only text: a negative number is fine.
 * Idempotent (`'=x` stays `'=x`): rows the presets neutralised are neutralised again for the CSV.
 */
export function neutralise(text: string): string {
  return FORMULA_LEAD_CODES.has(text.charCodeAt(0)) ? `'${text}` : text;
}

/**
 * Reverses `neutralise` on text read back from a plain-text cell (which keeps the `'`), so a
 * neutralised value round-trips exactly. Text the user wrote with a `'` of their own before a
 * formula lead reads back without it: the two cannot be told apart once written.
 */
export function unneutralise(text: string): string {
  return text.charCodeAt(0) === QUOTE && FORMULA_LEAD_CODES.has(text.charCodeAt(1)) ? text.slice(1) : text;
}

const QUOTE = 0x27; // '

/** `unneutralise` for a cell read back: only strings were neutralised. */
export function unneutraliseCell<T>(value: T): T {
  return (typeof value === 'string' && value.charCodeAt(0) === QUOTE ? unneutralise(value) : value) as T;
}

/** A row read back with `unneutraliseCell` applied: the same array when no cell changes (the usual case). */
export function unneutraliseRow<T>(row: T[]): T[] {
  for (let j = 0; j < row.length; j++) {
    const cell = row[j];
    if (unneutraliseCell(cell) !== cell) return row.map(unneutraliseCell);
  }
  return row;
}

/** `neutralise` for a cell about to be written: only strings can become formulas. */
export function neutraliseCell(value: Cell): Cell {
  return typeof value === 'string' ? neutralise(value) : value;
}

/**
 * A partner code as stored and compared: trimmed, upper-cased and NFC (see `nfc`). A referral link yields the value
 * of the first of `link_params` (in that order, not the link's) that is present and non-empty.
 * Commas and semicolons are refused because `aliases` lists codes separated by them.
 */
export function normaliseCode(text: string, link_params: readonly string[], field = 'code'): Parsed<string> {
  const trimmed = text.trim();
  if (looksLikeLink(trimmed)) {
    const value = firstLinkParam(trimmed, link_params);
    if (value === null) return fail('BAD_LINK', { field, value: trimmed, params: link_params.join(', ') || '(none)' });
    return normaliseCode(value, [], field);
  }
  if (trimmed.includes(',') || trimmed.includes(';')) return fail('BAD_CODE', { field, value: trimmed });
  return { ok: true, value: nfc(trimmed.toUpperCase()) };
}

/**
 * Text in Unicode's composed form (NFC), so `JOSÉ` typed with a combining accent (as macOS exports
 * often write it) is the same code or email as `JOSÉ` with the accented letter. ASCII text,
 * nearly every value, is returned without normalising (Apps Script's V8 has String.normalize).
 */
export function nfc(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return text.normalize('NFC');
  return text;
}

// Codes come by the million, so the two link patterns run only on text that can match them: the
// first needs an h or a w in front (case-insensitive), the second a `?`.
function looksLikeLink(text: string): boolean {
  const first = text.charCodeAt(0) | 0x20; // ASCII lower case
  if ((first === 0x68 || first === 0x77) && /^(https?:\/\/|www\.)/i.test(text)) return true;
  return text.includes('?') && /^[^\s?]+\.[a-z]{2,}(\/[^\s?]*)?\?/i.test(text);
}

/**
 * The query parameters of a link, parsed by hand: Apps Script has no URL class. The query is what
 * follows the first `?` up to a `#`; a name's first occurrence counts, even when its value is empty.
 */
function firstLinkParam(link: string, link_params: readonly string[]): string | null {
  const hash = link.indexOf('#');
  const end = hash < 0 ? link.length : hash;
  const question = link.indexOf('?');
  if (question < 0 || question > end) return null;
  const names = link_params.map((param) => param.toLowerCase());
  const values = new Array<string | undefined>(names.length);
  for (let from = question + 1; from <= end;) {
    const amp = link.indexOf('&', from);
    const to = amp < 0 || amp > end ? end : amp;
    const equals = link.indexOf('=', from);
    if (equals > from && equals < to) {
      const name = decodeQueryPart(link.slice(from, equals)).toLowerCase();
      for (let k = 0; k < names.length; k++) {
        if (names[k] === name && values[k] === undefined) values[k] = decodeQueryPart(link.slice(equals + 1, to));
      }
    }
    from = to + 1;
  }
  for (const value of values) if (value !== undefined && value.trim() !== '') return value;
  return null;
}

function decodeQueryPart(part: string): string {
  if (!part.includes('+') && !part.includes('%')) return part; // nothing to decode
  const spaced = part.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced; // a stray % is kept literally rather than losing the value
  }
}

/** An email as stored and compared: trimmed, lower-cased and NFC; must look like one address. */
export function normaliseEmail(text: string, field = 'email'): Parsed<Email> {
  const email = nfc(text.trim().toLowerCase());
  const valid = email.length <= 254 && /^[^\s@,;<>"()[\]]+@[^\s@,;<>"()[\]]+\.[a-z0-9-]{2,}$/.test(email) && !email.includes('..');
  if (!valid) return fail('BAD_EMAIL', { field, value: text.trim() });
  return { ok: true, value: email };
}
