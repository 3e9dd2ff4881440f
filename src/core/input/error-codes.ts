// Every problem the importer can report about user input, with the message a person reads. One list:
// the codes are stable (the shell, Exceptions tab and tests key on them); the wording may improve.
// Each message says what is wrong and how to fix it. Field names are the canonical column names.
import type { RowError } from '../model';

type Templates = { [code: string]: (p: never) => string };

/** Row-level problems: the row is kept and marked, and is not posted until fixed. */
export const ROW_MESSAGES = {
  MISSING_VALUE: (p: { field: string; why?: string }) =>
    `${p.field} is empty: fill it in${p.why ? ` (${p.why})` : ''}`,
  BAD_AMOUNT: (p: { field: string; value: string; fix: string }) =>
    `${p.field} "${p.value}" is not an amount: ${p.fix}`,
  BAD_GROUPING: (p: { field: string; value: string; group: string; decimal: string; tip: string; twice?: boolean }) =>
    (p.twice
      ? `${p.field} "${p.value}" has more than one "${p.decimal}" decimal point: write one, like 1${p.group}234${p.decimal}56`
      : `${p.field} "${p.value}" has misplaced "${p.group}" thousands separators: they must split the digits ` +
        `into groups of 3 (like 1${p.group}234${p.decimal}56)`) + p.tip,
  TOO_MANY_DECIMALS: (p: { field: string; value: string; decimals: number; currency: string; allowed: number; nearest: string; other: string }) =>
    `${p.field} "${p.value}" has ${p.decimals} decimal${p.decimals === 1 ? '' : 's'} but ${p.currency} allows ${p.allowed}: ` +
    `round it to ${p.nearest} or ${p.other}`,
  NEGATIVE_AMOUNT: (p: { field: string; value: string; fix: string }) =>
    `${p.field} "${p.value}" is negative: ${p.fix}`,
  AMOUNT_TOO_LARGE: (p: { field: string; value: string }) =>
    `${p.field} "${p.value}" is too large to be held exactly: check the value (a stray digit or a pasted id?)`,
  AMOUNT_OVER_LIMIT: (p: { field: string; limit: string; currency: string }) =>
    `${p.field} is above ${p.limit} ${p.currency}, the most one row may hold (so that totals stay exact): ` +
    `check the value (a stray digit or a pasted id?), or split it into several rows`,
  UNKNOWN_CURRENCY: (p: { field: string; value: string }) =>
    `${p.field} "${p.value}" is not an ISO 4217 currency code: write a 3-letter code like USD, EUR or JPY`,
  CURRENCY_MISMATCH: (p: { field: string; value: string; symbol: string; meaning: string; currency: string }) =>
    `${p.field} "${p.value}" is written in ${p.meaning}${p.meaning === p.symbol ? '' : ` ("${p.symbol}")`} but the row's currency is ${p.currency}: ` +
    `remove the symbol, or correct the currency column`,
  UNKNOWN_SYMBOL: (p: { field: string; value: string; symbol: string }) =>
    `${p.field} "${p.value}" contains "${p.symbol}", which is not a number or a currency symbol we know: ` +
    `write only the number (like 12.00) and put the currency in the currency column`,
  BAD_NUMBER: (p: { field: string; value: string; expected: string }) =>
    `${p.field} "${p.value}" is not valid: write ${p.expected}`,
  BAD_RATE: (p: { field: string; value: string }) =>
    `${p.field} "${p.value}" is not a rate: write a percentage like 10% (or a fraction like 0.1)`,
  AMBIGUOUS_RATE: (p: { field: string; value: string; percent: string; hundredfold: string }) =>
    `${p.field} "${p.value}" is ambiguous (${p.percent}% or ${p.hundredfold}%?): write it with a percent sign, like ${p.percent}%`,
  RATE_TOO_PRECISE: (p: { field: string; value: string; nearest: string; other: string }) =>
    `${p.field} "${p.value}" is finer than one basis point (0.01%): round it to ${p.nearest} or ${p.other}`,
  RATE_DECIMAL_COMMA: (p: { field: string; value: string; fixed: string }) =>
    `${p.field} "${p.value}" has a decimal comma, but decimal_separator in Settings is ".": ` +
    `write ${p.fixed}, or set decimal_separator to , in Settings if your numbers use a decimal comma`,
  RATE_OUT_OF_RANGE: (p: { field: string; value: string }) =>
    `${p.field} "${p.value}" is outside 0%–100%: a commission rate must be between 0% and 100%`,
  BAD_DATE: (p: { field: string; value: string; fix: string }) =>
    `${p.field} "${p.value}" is not a date: ${p.fix}`,
  IMPOSSIBLE_DATE: (p: { field: string; value: string }) =>
    `${p.field} "${p.value}" does not exist in the calendar: check the day and month`,
  AMBIGUOUS_DATE: (p: { field: string; value: string; fix: string }) =>
    `${p.field} "${p.value}" is ambiguous: ${p.fix}`,
  FUTURE_DATE: (p: { field: string; value: string; date: string; as_of: string }) =>
    `${p.field} "${p.value}" (${p.date}) is after the as-of date ${p.as_of}: fix the date, or import it once that day has come`,
  BAD_DATE_RANGE: (p: { from: string; to: string }) =>
    `effective_to ${p.to} is before effective_from ${p.from}: swap or correct the dates`,
  BAD_EMAIL: (p: { field: string; value: string }) =>
    `${p.field} "${p.value}" is not an email address: write one address like name@example.com`,
  BAD_LINK: (p: { field: string; value: string; params: string }) =>
    `${p.field} "${p.value}" is a link without a referral parameter (looked for ${p.params}): ` +
    `write the partner's code instead, or add its parameter to link_params in Settings`,
  BAD_CODE: (p: { field: string; value: string }) =>
    `${p.field} "${p.value}" contains a comma or semicolon: a code is one word; put extra codes in aliases`,
  DUPLICATE_CODE: (p: { field: string; code: string; first_row: number; first_field: string }) =>
    `${p.field === 'aliases' ? 'alias' : p.field} "${p.code}" is already used in row ${p.first_row} (${p.first_field}): ` +
    `every code and alias must name exactly one partner, so remove or change one of them`,
  DUPLICATE_PARTNER_ID: (p: { value: string; first_row: number }) =>
    `partner_id "${p.value}" is already used in row ${p.first_row}: if this row updates that partner, make the change in row ` +
    `${p.first_row} instead (an import only adds partners); if it is another partner, give it another id, or leave it blank to get one`,
  DUPLICATE_RULE: (p: { value: string; from: string; first_row: number }) =>
    `rule_id "${p.value}" with effective_from ${p.from || '(blank)'} already appears in row ${p.first_row}: ` +
    `give each version of a rule its own effective_from, or remove the copy`,
  DUPLICATE_FX_RATE: (p: { currency: string; date: string; first_row: number }) =>
    `an FX rate for ${p.currency} on ${p.date} already appears in row ${p.first_row}: keep one rate per currency and day`,
  DUPLICATE_SETTING: (p: { key: string; first_row: number }) =>
    `setting ${p.key} is already set in row ${p.first_row}: keep one row per setting`,
  MISSING_RATE: (p: { what: string }) =>
    `neither rate nor flat_fee is filled in: ${p.what} needs a rate (like 10%), a flat fee per sale (like 5.00), or both`,
  UNKNOWN_STATUS: (p: { value: string }) =>
    `status "${p.value}" is not a status: write active or inactive (blank means active)`,
  UNKNOWN_PAYOUT_METHOD: (p: { value: string }) =>
    `payout_method "${p.value}" is not a payout method: write paypal, wise, bank or other (or leave it blank)`,
  UNKNOWN_TYPE: (p: { value: string }) =>
    `type "${p.value}" is not a conversion type: write sale or refund (blank means sale)`,
  UNKNOWN_SETTING: (p: { key: string; known: string }) =>
    `setting "${p.key}" is not a setting: use one of ${p.known}, or map.<column> to map a column`,
  BAD_SETTING: (p: { key: string; value: string; expected: string }) =>
    `setting ${p.key} = "${p.value}" is not valid: write ${p.expected}`,
  FX_BASE_CURRENCY: (p: { currency: string }) =>
    `${p.currency} is the base currency: it needs no FX rate, remove this row`,
  CELL_TOO_LONG: (p: { field: string; length: number; limit: number }) =>
    `${p.field} has ${p.length} characters but a sheet cell holds at most ${p.limit}: shorten it`,
  RAGGED_ROW: (p: { found: number; expected: number; extra: string; kept_in: string }) =>
    `this line has ${p.found} fields but the header has ${p.expected}` +
    (p.extra ? `; the extra values (${p.extra}) fit no column and are kept in ${p.kept_in}` : '; the missing ones were left blank') +
    `: check for a stray or missing delimiter, fix the row, then clear ${p.kept_in}`,
  IMPORT_PROBLEM: (p: { field: string }) =>
    `the import could not fit this row into its cells, and ${p.field} says what was left out: ` +
    `fix the row as it describes, then clear the ${p.field} cell`,
} satisfies Templates;

/**
 * Whole-file or whole-tab problems: nothing from it is written. Each is a clause like the row
 * messages (the import action adds ". Nothing was imported."); parseCsv ends its own with a full stop.
 */
export const STRUCTURAL_MESSAGES = {
  EMPTY_FILE: (p: { what: string }) => `${p.what} is empty: export it again with a header row and data rows`,
  NO_DATA_ROWS: (p: { what: string }) => `${p.what} has a header row but no data rows: nothing to import`,
  EMPTY_HEADER_ROW: (p: { what: string }) =>
    `the first row of ${p.what} is empty: the first row must hold the column names`,
  // `map_field` only where Settings accepts map.<field> for it (an input column); null otherwise.
  MISSING_COLUMN: (p: { what: string; field: string; map_field: string | null; accepted: string; found: string }) =>
    `${p.what} has no ${p.field} column (accepted names: ${p.accepted}). Headers found: ${p.found}. ` +
    (p.map_field === null ? 'Rename the column' : `Rename the column, or set map.${p.map_field} in Settings to the header you use`),
  // Two columns with the same name cannot be told apart by a mapping: `map_field` is null then.
  DUPLICATE_HEADER: (p: { what: string; field: string; map_field: string | null; headers: string; found: string }) =>
    `${p.what} has more than one ${p.field} column (${p.headers}). Headers found: ${p.found}. ` +
    (p.map_field === null ? 'Remove or rename one of them' : `Remove or rename one, or set map.${p.map_field} in Settings to the one to use`),
  NOT_UTF8: (p: { what: string; byte: string; offset: number; line: number }) =>
    `${p.what} is not UTF-8 text: byte ${p.byte} at offset ${p.offset} (line ${p.line}) is invalid. ` +
    `Save or export it as "CSV UTF-8" and import again`,
  UNBALANCED_QUOTES: (p: { what: string; line: number }) =>
    `${p.what} has a quote opened on line ${p.line} that is never closed: close it (a quote inside a quoted ` +
    `value is written twice, "")`,
  BAD_SEPARATOR_LINE: (p: { what: string; line: string }) =>
    `the first line of ${p.what} (${JSON.stringify(p.line)}) names a delimiter this importer does not read: ` +
    `save the file with commas, semicolons or tabs (sep=, sep=; or sep= and a tab), or remove that line`,
  BAD_CSV: (p: { what: string; line: number; detail: string }) =>
    `${p.what} cannot be read as CSV near line ${p.line} (${p.detail}): check the quotes on that line`,
} satisfies Templates;

/** Not problems: things the user may want to know (an ignored column). */
export const INFO_MESSAGES = {
  UNKNOWN_COLUMN: (p: { header: string }) => `column "${p.header}" is not used by Partner Ledger and was ignored`,
  DEFAULT_CURRENCY: (p: { currency: string }) =>
    `there is no currency column: every amount is read as the base currency ${p.currency}`,
} satisfies Templates;

export type RowErrorCode = keyof typeof ROW_MESSAGES;
export type StructuralErrorCode = keyof typeof STRUCTURAL_MESSAGES;
export type InfoCode = keyof typeof INFO_MESSAGES;

/** A problem found while parsing one value: the caller adds tab, row and column. */
export interface Problem {
  code: RowErrorCode;
  message: string;
}

/** The result of parsing one value: user errors are values, not exceptions. */
export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & Problem);

export interface Info {
  code: InfoCode;
  message: string;
}

export function rowProblem<C extends RowErrorCode>(code: C, params: Parameters<(typeof ROW_MESSAGES)[C]>[0]): Problem {
  const template = ROW_MESSAGES[code] as (p: typeof params) => string;
  return { code, message: singleLine(template(params)) };
}

/** Line breaks of any kind: \r\n, \r, \n, vertical tab, form feed, NEL, and the Unicode line and paragraph separators. */
const LINE_BREAKS = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * A message on one line. Messages quote the user's values, and a quoted cell may hold line breaks;
 * the shell keeps its part of a cell note line by line, so a break inside a message would leave a
 * stray line behind. Each break shows as ↵, so the value still reads as the user wrote it.
 */
export function singleLine(text: string): string {
  return text.replace(LINE_BREAKS, '↵');
}

export function fail<C extends RowErrorCode>(code: C, params: Parameters<(typeof ROW_MESSAGES)[C]>[0]): Parsed<never> {
  return { ok: false, ...rowProblem(code, params) };
}

export function structuralMessage<C extends StructuralErrorCode>(
  code: C,
  params: Parameters<(typeof STRUCTURAL_MESSAGES)[C]>[0],
): string {
  const template = STRUCTURAL_MESSAGES[code] as (p: typeof params) => string;
  return template(params);
}

export function info<C extends InfoCode>(code: C, params: Parameters<(typeof INFO_MESSAGES)[C]>[0]): Info {
  const template = INFO_MESSAGES[code] as (p: typeof params) => string;
  return { code, message: template(params) };
}

/**
 * How a row error reads in the sidebar, a note and the Exceptions tab: `Conversions!12, amount: … (10.555)`.
 * An import error also names its file line: `Conversions!12 (C.csv line 11), amount: …`.
 */
export function formatRowError(e: RowError & { file?: string; line?: number }): string {
  const line = e.line !== undefined ? ` (${e.file ?? 'file'} line ${e.line})` : '';
  const where = e.column ? `${e.tab}!${e.row}${line}, ${e.column}` : `${e.tab}!${e.row}${line}`;
  return e.value === '' ? `${where}: ${e.message}` : `${where}: ${e.message} (${e.value})`;
}
