// Text hygiene for everything that crosses the sheet boundary: formula neutralising for what the add-on
// writes, and the canonical form of codes and emails for what it reads.
import type { Cell, Email } from '../model';
import { fail, type Parsed } from '../input/error-codes';

/** Characters that make Sheets (or Excel, on a CSV) treat a cell as a formula or a command. */
const FORMULA_LEADS = ['=', '+', '-', '@', '\t', '\r'];

/**
 * Text that starts like a formula gets a leading `'`, so imported data can never run as a formula
 * in the sheet or in a spreadsheet that opens an exported CSV. Only text: a negative number is fine.
 */
export function neutralise(text: string): string {
  return FORMULA_LEADS.some((lead) => text.startsWith(lead)) ? `'${text}` : text;
}

/** Reverses `neutralise` on text read back, so a neutralised value round-trips exactly. */
export function unneutralise(text: string): string {
  return text.startsWith("'") && neutralise(text.slice(1)) !== text.slice(1) ? text.slice(1) : text;
}

/** `neutralise` for a cell about to be written: only strings can become formulas. */
export function neutraliseCell(value: Cell): Cell {
  return typeof value === 'string' ? neutralise(value) : value;
}

/**
 * A partner code as stored and compared: trimmed and upper-cased. A referral link yields the value
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
  if (/[,;]/.test(trimmed)) return fail('BAD_CODE', { field, value: trimmed });
  return { ok: true, value: trimmed.toUpperCase() };
}

function looksLikeLink(text: string): boolean {
  return /^(https?:\/\/|www\.)/i.test(text) || /^[^\s?]+\.[a-z]{2,}(\/[^\s?]*)?\?/i.test(text);
}

/** The query parameters of a link, parsed by hand: Apps Script has no URL class. */
function firstLinkParam(link: string, link_params: readonly string[]): string | null {
  const query = link.split('#')[0]?.split('?').slice(1).join('?') ?? '';
  const values = new Map<string, string>();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = decodeQueryPart(pair.slice(0, equals)).toLowerCase();
    if (!values.has(name)) values.set(name, decodeQueryPart(pair.slice(equals + 1)));
  }
  for (const param of link_params) {
    const value = values.get(param.toLowerCase());
    if (value !== undefined && value.trim() !== '') return value;
  }
  return null;
}

function decodeQueryPart(part: string): string {
  const spaced = part.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced; // a stray % is kept literally rather than losing the value
  }
}

/** An email as stored and compared: trimmed and lower-cased; must look like one address. */
export function normaliseEmail(text: string, field = 'email'): Parsed<Email> {
  const email = text.trim().toLowerCase();
  const valid = email.length <= 254 && /^[^\s@,;<>"()[\]]+@[^\s@,;<>"()[\]]+\.[a-z0-9-]{2,}$/.test(email) && !email.includes('..');
  if (!valid) return fail('BAD_EMAIL', { field, value: text.trim() });
  return { ok: true, value: email };
}
