// Planning a CSV import into an input tab (Partners, Conversions, Rules, FX): what to append, in the
// tab's column order, and what is wrong with it. The plan never drops what the user gave: rows with
// errors are appended too (the shell marks them), only rows identical to one already in the tab are
// skipped.
//
// Decisions:
// - Identity is the normalised canonical content (partner_id and import_id excluded: a re-imported
//   partner file without ids must match the rows that got ids the first time). Matching is a
//   multiset: two identical refund rows in one file are two refunds, and re-importing that file
//   matches both against the two already in the tab.
// - Cells are written so Sheets cannot reinterpret them: every column is plain text except the
//   money, rate and count columns (`NUMERIC_FIELDS`), which are written as exact numbers when valid
//   and as `'`-prefixed text when not (so `12,34` can never become 1234). Valid dates are written as
//   ISO text. Text is neutralised.
// - An FX rate stays text, exactly as the file wrote it: it may carry 12 decimals (more significant
//   digits than a double holds), and text keeps `0.006710` digit for digit. The validator reads the
//   text exactly; the column is formatted as plain text so Sheets never turns it into a number.
// - Ragged lines (more or fewer fields than the header) are appended with a RAGGED_ROW error; cells
//   longer than a sheet can hold are cut to fit, with CELL_TOO_LONG. Neither can be seen in the tab
//   afterwards, so the row's `import_problem` cell says what happened in words and keeps what did not
//   fit (the extra values, the cut-off end). The validators treat a non-blank `import_problem` as a
//   row error (IMPORT_PROBLEM): the row stays marked and unposted until the user fixes it and clears
//   the cell. The cell is not content: duplicate matching ignores it, like import_id.
import type { Cell, Conversion, RowError, StructuralError } from '../model';
import { IMPORT_COLUMNS, IMPORT_ID_COLUMN, IMPORT_PROBLEM_COLUMN } from '../schema/tabs';
import { bpsToSheetNumber, minorToSheetNumber } from '../money/format';
import { isKnownCurrency } from '../money/currencies';
import { parseAmountMinor, parseCount, parsePositiveDecimal, parseRateBps, type DecimalSeparator } from '../money/parse';
import { neutralise, nfc, normaliseCode, unneutraliseRow } from '../text/neutralise';
import { parseDate, type DateContext } from './dates';
import { rowProblem, type Info } from './error-codes';
import { CELL_LIMIT_CHARS, cellText, isBlankCell, shownValue } from './cells';
import { INPUT_COLUMNS, INPUT_TAB, mapHeaders, type HeaderMapping } from './headers';
import { rowValidator, type RowParser, type ValidationContext } from './rows';
import { assignPartnerIds, partnerParser } from './validate-partners';
import { conversionParser } from './validate-conversions';
import { fxParser, ruleParser } from './validate-rules';

/** The tabs a file can be imported into; the one list the shells check a request against. */
export const IMPORT_KINDS = ['partners', 'conversions', 'rules', 'fx'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface CsvTable {
  headers: string[];
  rows: string[][];
  line_of_row: number[];
  /** The file's name, for messages. */
  file?: string;
}

export interface ExistingTab {
  headers: Cell[];
  rows: Cell[][];
}

/** A row error of an import: `row` is the tab row the line will occupy, `line` the file line. */
export interface ImportRowError extends RowError {
  file: string;
  line: number;
}

export type ImportPlan =
  | { ok: false; error: StructuralError }
  | {
      ok: true;
      /** Rows to append below the tab's last row, in `tab_headers` order. */
      append: Cell[][];
      /** The tab's full header row after the import. */
      tab_headers: string[];
      /** True when the header row must be written (empty tab, or canonical columns added at the end). */
      write_headers: boolean;
      /** Headers (and their 0-based indexes) of the columns to format as plain text before writing. */
      text_columns: string[];
      text_column_indexes: number[];
      /** The sheet row of append[0]. */
      first_row: number;
      /** Lines skipped because an identical row is already in the tab. */
      duplicates: number;
      /** Appended rows without errors. */
      accepted: number;
      errors: ImportRowError[];
      rows_with_errors: number[];
      /** File lines with nothing in any known column. */
      blank_lines: number[];
      info: Info[];
    };

/** Columns written as exact numbers when valid (forced text when not); every other column is plain text. */
const NUMERIC_FIELDS: Readonly<Record<ImportKind, ReadonlySet<string>>> = {
  partners: new Set(['rate', 'flat_fee']),
  conversions: new Set(['amount']),
  rules: new Set(['rate', 'flat_fee', 'max_months']),
  fx: new Set(), // FX rates stay text: see the header comment
};

/** Date columns, written as ISO text when valid. Rule dates may lie after the as-of date (a planned change). */
const DATE_FIELDS: Readonly<Record<ImportKind, Readonly<Record<string, { allow_future: boolean }>>>> = {
  partners: {},
  conversions: { date: { allow_future: false } },
  rules: { effective_from: { allow_future: true }, effective_to: { allow_future: true } },
  fx: { date: { allow_future: false } },
};

/** Normal forms compare FX rates by value; the validator enforces its own decimal limit. */
const FX_COMPARE_DECIMALS = 40;

/** How an import validates a tab's rows, and reads back what validation parsed. */
interface ImportRows<T> {
  /** A row parser made fresh per import (its registries of unique values start empty). */
  parser(ctx: ValidationContext): RowParser<T>;
  /**
   * The sheet value of a number or date field of a valid row, from the record validation made of it:
   * what `writtenCell` would parse from the cell, without parsing it twice. Conversions come by the
   * million, so they have one; the other tabs' cells are parsed again.
   */
  sheetValue?(record: T, field: string): Cell | undefined;
}

const CONVERSION_ROWS: ImportRows<Conversion> = {
  parser: conversionParser,
  sheetValue: (c, field) => (field === 'amount' ? minorToSheetNumber(c.amount_minor, c.currency) : field === 'date' ? c.date : undefined),
};

const IMPORT_ROWS: Readonly<Record<ImportKind, ImportRows<unknown>>> = {
  partners: { parser: partnerParser }, conversions: CONVERSION_ROWS, rules: { parser: ruleParser }, fx: { parser: fxParser },
};

export function planImport(
  kind: ImportKind, csv: CsvTable, existing: ExistingTab, import_id: string, ctx: ValidationContext,
): ImportPlan {
  const file = csv.file ?? 'the file';
  const tab = INPUT_TAB[kind];
  const from_file = mapHeaders(csv.headers, kind, ctx.settings, { what: `file ${file}` });
  if (!from_file.ok) return from_file;
  const empty_tab = existing.headers.every(isBlankCell) && existing.rows.every((r) => r.every(isBlankCell));
  const in_tab = empty_tab ? null : mapHeaders(existing.headers, kind, ctx.settings, { what: `the ${tab} tab`, require: false });
  if (in_tab !== null && !in_tab.ok) return in_tab;
  const tab_mapping = in_tab?.ok ? in_tab.mapping : null;
  const layout = tabLayout(kind, existing.headers, tab_mapping);
  // The tab's text as the files held it (the import's own `'` removed), so ids, codes and content match.
  const existing_rows = empty_tab ? [] : existing.rows.map(unneutraliseRow);
  const made = rowValidator(kind, tab, layout.headers, ctx, IMPORT_ROWS[kind].parser(ctx));
  if (!made.ok) return made;
  const validator = made.validator;
  // The tab's rows decide whether a new row's values are unique; their own errors are Validate's to report.
  if (validator.reads_earlier_rows) for (const [i, cells] of existing_rows.entries()) validator.check(cells, 2 + i);

  // Which lines become rows: blank lines and rows already in the tab do not.
  const sources = layoutSources(kind, layout, from_file.mapping, import_id, ctx);
  const file_columns = Object.values(from_file.mapping.index_of);
  const expected_fields = csv.headers.length;
  const pool = contentPool(kind, existing_rows, tab_mapping, ctx);
  const lineOf = (i: number): number => csv.line_of_row[i] ?? i + 2;
  const incoming: number[] = [];
  const blank_lines: number[] = [];
  let duplicates = 0;
  for (let i = 0; i < csv.rows.length; i++) {
    const raw = csv.rows[i];
    if (isBlankLine(raw, file_columns, expected_fields)) {
      blank_lines.push(lineOf(i));
      continue;
    }
    // Only rows already in the tab are duplicates: into an empty tab nothing needs a content key.
    if (pool.size === 0) {
      incoming.push(i);
      continue;
    }
    const key = contentKey(kind, layoutRow(raw, sources), layout.column_of, ctx);
    const left = pool.get(key) ?? 0;
    if (left > 0) {
      pool.set(key, left - 1);
      duplicates++;
    } else incoming.push(i);
  }
  const new_ids = kind === 'partners' ? newPartnerIds(incoming.map((i) => csv.rows[i] ?? []), from_file.mapping, existing_rows, tab_mapping) : [];

  // Each new row: its cells in the tab's order, its errors, and what is written.
  const first_row = 2 + existing_rows.length;
  const w = writePlan(kind, layout, file, expected_fields, import_id, ctx);
  const id_at = layout.column_of['partner_id'];
  const append: Cell[][] = [];
  const errors: ImportRowError[] = [];
  const rows_with_errors: number[] = [];
  let next_id = 0;
  for (let k = 0; k < incoming.length; k++) {
    const i = incoming[k];
    const raw = csv.rows[i];
    const line = lineOf(i);
    const row = first_row + k;
    const cells = layoutRow(raw, sources);
    if (kind === 'partners' && id_at !== undefined && cellText(cells[id_at]).trim() === '') cells[id_at] = new_ids[next_id++] ?? '';
    const found_errors = errors.length;
    const outcome = validator.check(cells, row);
    if (outcome !== null) for (const e of outcome.errors) errors.push({ ...e, file, line });
    if (raw.length !== expected_fields) errors.push(raggedRowError(tab, row, raw, expected_fields, file, line));
    if (errors.length > found_errors) rows_with_errors.push(row);
    append.push(writtenRow(w, cells, outcome?.record ?? null, raw, line, ctx));
  }
  const text_column_indexes = layout.fields.flatMap((f, j) => (f !== null && !NUMERIC_FIELDS[kind].has(f) ? [j] : []));
  return {
    ok: true,
    append,
    tab_headers: layout.headers,
    write_headers: layout.write_headers,
    text_columns: text_column_indexes.map((j) => layout.headers[j] ?? ''),
    text_column_indexes,
    first_row,
    duplicates,
    accepted: incoming.length - rows_with_errors.length,
    errors,
    rows_with_errors,
    blank_lines,
    info: from_file.mapping.info,
  };
}

/** A line with nothing in any known column. Extra values count: they may be the row, shifted. */
function isBlankLine(raw: readonly string[], file_columns: readonly number[], expected_fields: number): boolean {
  for (const j of file_columns) if (!isBlankCell(raw[j])) return false;
  for (let j = expected_fields; j < raw.length; j++) if (!isBlankCell(raw[j])) return false;
  return true;
}

function raggedRowError(tab: string, row: number, raw: readonly string[], expected_fields: number, file: string, line: number): ImportRowError {
  const extra = raw.slice(expected_fields);
  const problem = rowProblem('RAGGED_ROW', { found: raw.length, expected: expected_fields, extra: quotedList(extra), kept_in: IMPORT_PROBLEM_COLUMN });
  return { tab, row, column: IMPORT_PROBLEM_COLUMN, ...problem, value: shownValue(extra.join(', ')), file, line };
}

interface Layout {
  headers: string[];
  /** The field each tab column holds (null: a column of the user's that the add-on does not use). */
  fields: Array<string | null>;
  /** field → its column. */
  column_of: Readonly<Record<string, number>>;
  write_headers: boolean;
}

/** The tab's columns after the import: its own, then any canonical column it lacks, then import_id and import_problem. */
function tabLayout(kind: ImportKind, headers: readonly Cell[], mapping: HeaderMapping | null): Layout {
  const canonical = [...INPUT_COLUMNS[kind], ...IMPORT_COLUMNS];
  if (mapping === null) return { headers: canonical, fields: canonical, column_of: columnsOf(canonical), write_headers: true };
  const field_at = new Map(Object.entries(mapping.index_of).map(([f, j]) => [j, f]));
  const own = headers.map((h) => cellText(h).trim());
  const fields: Array<string | null> = [...own.map((_, j) => field_at.get(j) ?? null), ...canonical.filter((f) => mapping.index_of[f] === undefined)];
  const missing = canonical.filter((f) => mapping.index_of[f] === undefined);
  return { headers: [...own, ...missing], fields, column_of: columnsOf(fields), write_headers: missing.length > 0 };
}

function columnsOf(fields: ReadonlyArray<string | null>): Record<string, number> {
  const column_of: Record<string, number> = {};
  for (const [j, f] of fields.entries()) if (f !== null && column_of[f] === undefined) column_of[f] = j;
  return column_of;
}

/** Where each tab column's value comes from: a column of the file (its index) or a fixed value. */
type Source = number | string;

function layoutSources(kind: ImportKind, layout: Layout, mapping: HeaderMapping, import_id: string, ctx: ValidationContext): Source[] {
  return layout.fields.map((f): Source => {
    if (f === null) return '';
    if (f === IMPORT_ID_COLUMN) return import_id;
    const j = mapping.index_of[f];
    if (j !== undefined) return j;
    // A file without a currency column is in the base currency; the tab says so explicitly.
    return kind === 'conversions' && f === 'currency' ? ctx.settings.base_currency : '';
  });
}

/** A file line's values in the tab's column order, as validation reads them. */
function layoutRow(raw: readonly string[], sources: readonly Source[]): Cell[] {
  const cells = new Array<Cell>(sources.length);
  for (let j = 0; j < sources.length; j++) {
    const source = sources[j];
    cells[j] = typeof source === 'number' ? raw[source] ?? '' : source;
  }
  return cells;
}

/** How many of each content key the tab already holds. */
function contentPool(kind: ImportKind, rows: readonly Cell[][], mapping: HeaderMapping | null, ctx: ValidationContext): Map<string, number> {
  const pool = new Map<string, number>();
  if (mapping === null) return pool;
  const columns = Object.values(mapping.index_of);
  for (const cells of rows) {
    if (columns.every((j) => isBlankCell(cells[j]))) continue;
    const key = contentKey(kind, cells, mapping.index_of, ctx);
    pool.set(key, (pool.get(key) ?? 0) + 1);
  }
  return pool;
}

/**
 * A row's identity: each canonical field in its normal form, or its trimmed text when it does not
 * parse. `column_of` says where each field is in `cells` (a field it lacks is blank).
 */
export function contentKey(kind: ImportKind, cells: readonly Cell[], column_of: Readonly<Record<string, number>>, ctx: ValidationContext): string {
  // Only a conversion's amount is in its own currency; partner and rule fees are in the base currency.
  const currency_at = column_of['currency'];
  const money_currency = kind !== 'conversions' || currency_at === undefined
    ? ctx.settings.base_currency
    : cellText(cells[currency_at]).trim().toUpperCase();
  const normal: string[] = [];
  for (const f of INPUT_COLUMNS[kind]) {
    if (f === 'partner_id') continue;
    if (kind === 'conversions' && f === 'currency') {
      normal.push(money_currency);
      continue;
    }
    const at = column_of[f];
    const cell = asWritten(at === undefined ? undefined : cells[at]) ?? '';
    if (isBlankCell(cell)) normal.push(f === 'type' ? 'sale' : f === 'status' ? 'active' : '');
    else normal.push(normalForm(kind, f, cell, money_currency, ctx) ?? `raw:${cellText(cell).trim().replace(/^'/, '')}`);
  }
  return JSON.stringify(normal);
}

/**
 * Text as long as a cell holds compared by what the tab keeps of it: an over-long value is cut when
 * written (by one more character when it also gets a `'`), so a re-import of the same file still
 * matches the row it produced.
 */
function asWritten(cell: Cell | undefined): Cell | undefined {
  const kept_chars = CELL_LIMIT_CHARS - 1;
  if (typeof cell !== 'string' || cell.length <= kept_chars) return cell;
  return cell.replace(/^'/, '').slice(0, kept_chars);
}

function normalForm(kind: ImportKind, field: string, cell: Cell, currency: string, ctx: ValidationContext): string | null {
  const { settings } = ctx;
  const sep = { decimal_separator: settings.decimal_separator };
  const text = cellText(cell).trim();
  if (DATE_FIELDS[kind][field] !== undefined) {
    const date = parseDate(cell, { as_of: '9999-12-31', date_format: settings.date_format, dateOfInstant: ctx.dateOfInstant });
    return date.ok ? date.value : null;
  }
  if (kind === 'fx' && field === 'rate') {
    const rate = parsePositiveDecimal(cell, { ...sep, field, max_decimals: FX_COMPARE_DECIMALS, expected: '' });
    return rate.ok ? rate.value : null;
  }
  switch (field) {
    case 'amount':
    case 'flat_fee': {
      if (!isKnownCurrency(currency)) return null;
      const amount = parseAmountMinor(cell, currency, { ...sep, allow_negative: true });
      return amount.ok ? String(amount.value) : null;
    }
    case 'rate': {
      const rate = parseRateBps(cell, sep);
      return rate.ok ? String(rate.value) : null;
    }
    case 'max_months': {
      const months = parseCount(cell, { field, min: 0, max: Number.MAX_SAFE_INTEGER, expected: '' });
      return months.ok ? String(months.value) : null;
    }
    case 'code':
    case 'partner_code': {
      const code = normaliseCode(text, settings.link_params);
      return code.ok ? code.value : null;
    }
    case 'aliases':
      return text.split(/[,;\n]/).map((a) => nfc(a.trim().toUpperCase())).filter((a) => a !== '').join(',');
    case 'email':
    case 'customer_email':
    case 'type':
    case 'status':
    case 'payout_method':
      return text.toLowerCase();
    case 'country':
    case 'currency':
      return text.toUpperCase();
    default:
      return text;
  }
}

/** The next free `P-` ids for the new partners without an id, in file order. */
function newPartnerIds(rows: ReadonlyArray<readonly string[]>, file: HeaderMapping, existing_rows: readonly Cell[][], tab: HeaderMapping | null): string[] {
  const tab_at = tab?.index_of['partner_id'];
  const existing_ids = tab_at === undefined ? [] : existing_rows.map((r) => cellText(r[tab_at]).trim());
  const file_at = file.index_of['partner_id'];
  const file_ids = rows.map((r) => (file_at === undefined ? '' : cellText(r[file_at]).trim()));
  const blank = file_ids.filter((id) => id === '').length;
  return assignPartnerIds([...existing_ids, ...file_ids.filter((id) => id !== '')], blank);
}

/** How one import writes its rows: decided once, used for every row. */
interface WritePlan {
  file: string;
  /** How many fields a line of the file should have. */
  expected_fields: number;
  kind: ImportKind;
  /** How each tab column is written. */
  writers: ColumnWriter[];
  problem_at: number;
  currency_at: number | undefined;
  /** import_id as written (neutralised). */
  import_id: string;
  dates: DateContext;
  rows: ImportRows<unknown>;
  /** How numbers are written in this workbook. */
  separator: { decimal_separator: DecimalSeparator };
}

type ColumnWriter =
  | { how: 'blank' }
  | { how: 'import_id' }
  | { how: 'number' | 'text'; field: string }
  | { how: 'date'; field: string; rule: { allow_future: boolean } };

function writePlan(kind: ImportKind, layout: Layout, file: string, expected_fields: number, import_id: string, ctx: ValidationContext): WritePlan {
  const problem_at = layout.column_of[IMPORT_PROBLEM_COLUMN];
  if (problem_at === undefined) throw new Error(`planImport: the ${kind} layout has no ${IMPORT_PROBLEM_COLUMN} column`);
  const writers = layout.fields.map((field): ColumnWriter => {
    if (field === null || field === IMPORT_PROBLEM_COLUMN) return { how: 'blank' }; // import_problem: see writtenRow
    if (field === IMPORT_ID_COLUMN) return { how: 'import_id' };
    if (NUMERIC_FIELDS[kind].has(field)) return { how: 'number', field };
    const rule = DATE_FIELDS[kind][field];
    return rule === undefined ? { how: 'text', field } : { how: 'date', field, rule };
  });
  return {
    file, expected_fields, kind, writers, problem_at,
    currency_at: kind === 'conversions' ? layout.column_of['currency'] : undefined,
    import_id: neutralise(import_id),
    rows: IMPORT_ROWS[kind],
    dates: { as_of: ctx.as_of, date_format: ctx.settings.date_format, dateOfInstant: ctx.dateOfInstant },
    separator: { decimal_separator: ctx.settings.decimal_separator },
  };
}

/** A cell's end cut off to fit a sheet cell. */
interface Cut {
  field: string;
  /** The value's length in the file. */
  length: number;
  lost: string;
}

/** The row as written into the sheet, with its import_problem cell saying what did not fit. */
function writtenRow(w: WritePlan, cells: readonly Cell[], record: unknown, raw: readonly string[], line: number, ctx: ValidationContext): Cell[] {
  const cuts: Cut[] = [];
  const written = new Array<Cell>(w.writers.length);
  for (let j = 0; j < w.writers.length; j++) written[j] = writtenCell(w.writers[j], cells[j] ?? '', cells, record, w, ctx, cuts);
  written[w.problem_at] = importProblemText(raw, line, cellText(cells[w.problem_at]).trim(), cuts, w);
  return written;
}

/** The value written into the sheet for one field of an imported row; an over-long value is cut and noted in `cuts`. */
function writtenCell(writer: ColumnWriter, cell: Cell, cells: readonly Cell[], record: unknown, w: WritePlan, ctx: ValidationContext, cuts: Cut[]): Cell {
  if (writer.how === 'blank') return '';
  if (writer.how === 'import_id') return w.import_id;
  if (isBlankCell(cell)) return '';
  if (record !== null && writer.how !== 'text' && w.rows.sheetValue !== undefined) {
    const value = w.rows.sheetValue(record, writer.field);
    if (value !== undefined) return value;
  }
  const text = cellText(cell);
  if (writer.how === 'number') {
    const number = numericValue(writer.field, cell, cells, w, ctx);
    return number ?? `'${fitted(text, 1, writer.field, text.length, cuts)}`; // forced text: Sheets must not "fix" an invalid number
  }
  if (writer.how === 'date') {
    const date = parseDate(cell, w.dates, writer.rule);
    if (date.ok) return date.value;
  }
  return fitted(neutralise(text), 0, writer.field, text.length, cuts);
}

const IMPORT_PROBLEM_FIX = 'Fix the row, then clear this cell.';
const IMPORT_PROBLEM_CUT = '… (the rest did not fit in one cell)';

/**
 * The import_problem cell of a row: what did not fit, in words, keeping the lost values (JSON-quoted,
 * so a line break or a quote in them stays readable and exact). A problem text the file itself carried
 * (`carried`: a tab exported with its import_problem column) is kept after this import's own. '' when nothing is wrong.
 */
function importProblemText(raw: readonly string[], line: number, carried: string, cuts: readonly Cut[], w: WritePlan): string {
  const found = raw.length;
  if (found === w.expected_fields && cuts.length === 0) return neutralise(keptPart(carried, 1));
  const where = `${w.file} line ${line}`;
  const parts: string[] = [];
  if (found !== w.expected_fields) {
    const what = found > w.expected_fields
      ? `the extra values were ${quotedList(raw.slice(w.expected_fields))}.`
      : 'the missing values were left blank (a missing delimiter may have moved values into the wrong columns).';
    parts.push(`RAGGED_ROW: ${where} had ${found} fields but the file has ${w.expected_fields} columns; ${what}`);
  }
  for (const cut of cuts) {
    parts.push(`CELL_TOO_LONG: ${cut.field} had ${cut.length} characters in ${where} but a sheet cell holds at most ${CELL_LIMIT_CHARS}; ` +
      `it keeps the first ${cut.length - cut.lost.length}, and the ${cut.lost.length} cut off were ${JSON.stringify(cut.lost)}.`);
  }
  const room = CELL_LIMIT_CHARS - 1 - IMPORT_PROBLEM_FIX.length - 1; // 1 for a leading ', 1 for the space
  const described = [...parts, ...(carried === '' ? [] : [`Earlier: ${carried}`])].join(' ');
  const fitted_text = described.length <= room ? described : `${described.slice(0, room - IMPORT_PROBLEM_CUT.length)}${IMPORT_PROBLEM_CUT}`;
  return neutralise(`${fitted_text} ${IMPORT_PROBLEM_FIX}`);
}

/** Values as a message lists them: `"x", "y"` (JSON quoting keeps line breaks and quotes visible). */
function quotedList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function numericValue(field: string, cell: Cell, cells: readonly Cell[], w: WritePlan, ctx: ValidationContext): number | null {
  const { settings } = ctx;
  if (field === 'rate') {
    const rate = parseRateBps(cell, w.separator);
    return rate.ok ? bpsToSheetNumber(rate.value) : null;
  }
  if (field === 'max_months') {
    // Any whole count is exact as a number; whether it is in range is the validator's call.
    const months = parseCount(cell, { field, min: 0, max: Number.MAX_SAFE_INTEGER, expected: '' });
    return months.ok ? months.value : null;
  }
  const currency = field === 'amount' && w.currency_at !== undefined ? cellText(cells[w.currency_at]).trim().toUpperCase() : settings.base_currency;
  if (!isKnownCurrency(currency)) return null;
  const amount = parseAmountMinor(cell, currency, w.separator);
  return amount.ok ? minorToSheetNumber(amount.value, currency) : null;
}

/** What a sheet cell keeps of text (`reserve` characters kept for a prefix). */
function keptPart(text: string, reserve: number): string {
  const limit = CELL_LIMIT_CHARS - reserve;
  return text.length <= limit ? text : text.slice(0, limit);
}

/** `keptPart`, noting in `cuts` what is cut off; `length` is the value's length in the file. */
function fitted(text: string, reserve: number, field: string, length: number, cuts: Cut[]): string {
  const kept = keptPart(text, reserve);
  if (kept.length < text.length) cuts.push({ field, length, lost: text.slice(kept.length) });
  return kept;
}
