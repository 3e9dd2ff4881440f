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
import type { Cell, RowError, StructuralError } from '../model';
import { IMPORT_COLUMNS, IMPORT_ID_COLUMN, IMPORT_PROBLEM_COLUMN } from '../schema/tabs';
import { bpsToSheetNumber, minorToSheetNumber } from '../money/format';
import { isKnownCurrency } from '../money/currencies';
import { parseAmountMinor, parseCount, parsePositiveDecimal, parseRateBps } from '../money/parse';
import { neutralise, normaliseCode } from '../text/neutralise';
import { parseDate } from './dates';
import { rowProblem, type Info } from './error-codes';
import { CELL_LIMIT_CHARS, cellText, isBlankCell, shownValue } from './cells';
import { INPUT_COLUMNS, INPUT_TAB, mapHeaders, type HeaderMapping } from './headers';
import type { InputTable, Validation, ValidationContext } from './rows';
import { assignPartnerIds, validatePartners } from './validate-partners';
import { validateConversions } from './validate-conversions';
import { validateFx, validateRules } from './validate-rules';

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

type Fields = Map<string, Cell>;

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
  const existing_rows = empty_tab ? [] : existing.rows;
  const pool = contentPool(kind, existing_rows.map((r) => fieldsOf(r, tab_mapping)), ctx);

  const incoming: Incoming[] = [];
  const blank_lines: number[] = [];
  let duplicates = 0;
  for (const [i, raw] of csv.rows.entries()) {
    const line = csv.line_of_row[i] ?? i + 2;
    const fields = fieldsOf(raw, from_file.mapping);
    const extra = raw.slice(csv.headers.length);
    // Extra values are kept even when the known columns are blank: they may be the row, shifted.
    if ([...fields.values()].every(isBlankCell) && extra.every(isBlankCell)) {
      blank_lines.push(line);
      continue;
    }
    // A file without a currency column is in the base currency; the tab says so explicitly.
    if (kind === 'conversions' && !fields.has('currency')) fields.set('currency', ctx.settings.base_currency);
    // Only rows already in the tab are duplicates: into an empty tab nothing needs a content key.
    const key = pool.size === 0 ? null : contentKey(kind, fields, ctx);
    const left = key === null ? 0 : pool.get(key) ?? 0;
    if (key !== null && left > 0) {
      pool.set(key, left - 1);
      duplicates++;
      continue;
    }
    incoming.push({ fields, line, extra, found: raw.length });
  }
  if (kind === 'partners') assignMissingIds(incoming.map((r) => r.fields), existing_rows, tab_mapping);

  const first_row = 2 + existing_rows.length;
  const validation_rows = incoming.map((r) => layout.fields.map((f) => (f === IMPORT_ID_COLUMN ? import_id : f === null ? '' : r.fields.get(f) ?? '')));
  const combined = [...existing_rows, ...validation_rows];
  const table = { tab, headers: layout.headers, rows: combined, first_row: 2 };
  const validated = validateTable(kind, table, ctx);
  if (!validated.ok) return validated;

  const errors: ImportRowError[] = [];
  for (const e of validated.errors) {
    if (e.row < first_row) continue; // the tab's own rows are reported by Validate, not by an import
    errors.push({ ...e, file, line: incoming[e.row - first_row]?.line ?? 0 });
  }
  const expected_fields = csv.headers.length;
  for (const [i, r] of incoming.entries()) {
    if (r.found === expected_fields) continue;
    const problem = rowProblem('RAGGED_ROW', { found: r.found, expected: expected_fields, extra: quotedList(r.extra), kept_in: IMPORT_PROBLEM_COLUMN });
    errors.push({ tab, row: first_row + i, column: IMPORT_PROBLEM_COLUMN, ...problem, value: shownValue(r.extra.join(', ')), file, line: r.line });
  }
  errors.sort((a, b) => a.row - b.row);
  const rows_with_errors = [...new Set(errors.map((e) => e.row))];
  const append = incoming.map((r) => writtenRow(layout, r, { file, expected_fields, import_id, kind }, ctx));
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

function validateTable(kind: ImportKind, table: InputTable, ctx: ValidationContext): Validation<unknown> {
  switch (kind) {
    case 'partners': return validatePartners(table, ctx);
    case 'conversions': return validateConversions(table, ctx);
    case 'rules': return validateRules(table, ctx);
    case 'fx': return validateFx(table, ctx);
  }
}

interface Incoming {
  fields: Fields;
  /** The file line the row starts on. */
  line: number;
  /** Values beyond the file's last column. */
  extra: string[];
  /** How many fields the line had. */
  found: number;
}

interface Layout {
  headers: string[];
  /** The field each tab column holds (null: a column of the user's that the add-on does not use). */
  fields: Array<string | null>;
  write_headers: boolean;
}

/** The tab's columns after the import: its own, then any canonical column it lacks, then import_id and import_problem. */
function tabLayout(kind: ImportKind, headers: readonly Cell[], mapping: HeaderMapping | null): Layout {
  const canonical = [...INPUT_COLUMNS[kind], ...IMPORT_COLUMNS];
  if (mapping === null) return { headers: canonical, fields: canonical, write_headers: true };
  const field_at = new Map(Object.entries(mapping.index_of).map(([f, j]) => [j, f]));
  const own = headers.map((h) => cellText(h).trim());
  const fields: Array<string | null> = own.map((_, j) => field_at.get(j) ?? null);
  const missing = canonical.filter((f) => mapping.index_of[f] === undefined);
  return { headers: [...own, ...missing], fields: [...fields, ...missing], write_headers: missing.length > 0 };
}

function fieldsOf(row: readonly Cell[], mapping: HeaderMapping | null): Fields {
  const fields: Fields = new Map();
  if (mapping === null) return fields;
  for (const [field, j] of Object.entries(mapping.index_of)) fields.set(field, row[j] ?? '');
  return fields;
}

/** How many of each content key the tab already holds. */
function contentPool(kind: ImportKind, rows: Fields[], ctx: ValidationContext): Map<string, number> {
  const pool = new Map<string, number>();
  for (const fields of rows) {
    if ([...fields.values()].every(isBlankCell)) continue;
    const key = contentKey(kind, fields, ctx);
    pool.set(key, (pool.get(key) ?? 0) + 1);
  }
  return pool;
}

/** A row's identity: each canonical field in its normal form, or its trimmed text when it does not parse. */
export function contentKey(kind: ImportKind, fields: Fields, ctx: ValidationContext): string {
  const text = (f: string): string => cellText(asWritten(fields.get(f))).trim().replace(/^'/, '');
  // Only a conversion's amount is in its own currency; partner and rule fees are in the base currency.
  const money_currency = kind === 'conversions' ? currencyOf(fields, ctx) : ctx.settings.base_currency;
  const normal = (f: string): string => {
    if (kind === 'conversions' && f === 'currency') return money_currency;
    const cell = asWritten(fields.get(f)) ?? '';
    if (isBlankCell(cell)) return f === 'type' ? 'sale' : f === 'status' ? 'active' : '';
    const parsed = normalForm(kind, f, cell, money_currency, ctx);
    return parsed ?? `raw:${text(f)}`;
  };
  const columns = INPUT_COLUMNS[kind].filter((f) => f !== 'partner_id');
  return JSON.stringify(columns.map(normal));
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

function currencyOf(fields: Fields, ctx: ValidationContext): string {
  if (!fields.has('currency')) return ctx.settings.base_currency;
  return cellText(fields.get('currency')).trim().toUpperCase();
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
      return text.split(/[,;\n]/).map((a) => a.trim().toUpperCase()).filter((a) => a !== '').join(',');
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

/** Gives new partners without an id the next free `P-` ids, in file order. */
function assignMissingIds(rows: Fields[], existing_rows: readonly Cell[][], mapping: HeaderMapping | null): void {
  const id_index = mapping?.index_of['partner_id'];
  const existing_ids = id_index === undefined ? [] : existing_rows.map((r) => cellText(r[id_index]).trim());
  const file_ids = rows.map((f) => cellText(f.get('partner_id')).trim()).filter((id) => id !== '');
  const blank = rows.filter((f) => cellText(f.get('partner_id')).trim() === '');
  const ids = assignPartnerIds([...existing_ids, ...file_ids], blank.length);
  for (const [i, fields] of blank.entries()) fields.set('partner_id', ids[i] ?? '');
}

interface WriteContext {
  file: string;
  /** How many fields a line of the file should have. */
  expected_fields: number;
  import_id: string;
  kind: ImportKind;
}

/** A cell's end cut off to fit a sheet cell. */
interface Cut {
  field: string;
  /** The value's length in the file. */
  length: number;
  lost: string;
}

/** The row as written into the sheet, with its import_problem cell saying what did not fit. */
function writtenRow(layout: Layout, r: Incoming, w: WriteContext, ctx: ValidationContext): Cell[] {
  const cuts: Cut[] = [];
  const cells = layout.fields.map((f) => writtenCell(f, r.fields, w, ctx, cuts));
  const problem_at = layout.fields.indexOf(IMPORT_PROBLEM_COLUMN);
  if (problem_at < 0) throw new Error(`planImport: the ${w.kind} layout has no ${IMPORT_PROBLEM_COLUMN} column`);
  cells[problem_at] = importProblemText(r, cuts, w);
  return cells;
}

/** The value written into the sheet for one field of an imported row; an over-long value is cut and noted in `cuts`. */
function writtenCell(field: string | null, fields: Fields, w: WriteContext, ctx: ValidationContext, cuts: Cut[]): Cell {
  if (field === null || field === IMPORT_PROBLEM_COLUMN) return ''; // import_problem: see writtenRow
  if (field === IMPORT_ID_COLUMN) return neutralise(w.import_id);
  const cell = fields.get(field) ?? '';
  if (isBlankCell(cell)) return '';
  const text = cellText(cell);
  const fit = (written: string, reserve: number): string => fitCell(written, reserve, (lost) => cuts.push({ field, length: text.length, lost }));
  if (NUMERIC_FIELDS[w.kind].has(field)) {
    const number = numericValue(field, cell, w.kind, fields, ctx);
    return number ?? `'${fit(text, 1)}`; // forced text: Sheets must not "fix" an invalid number
  }
  const date_rule = DATE_FIELDS[w.kind][field];
  if (date_rule !== undefined) {
    const date = parseDate(cell, { as_of: ctx.as_of, date_format: ctx.settings.date_format, dateOfInstant: ctx.dateOfInstant }, date_rule);
    if (date.ok) return date.value;
  }
  return fit(neutralise(text), 0);
}

const IMPORT_PROBLEM_FIX = 'Fix the row, then clear this cell.';
const IMPORT_PROBLEM_CUT = '… (the rest did not fit in one cell)';

/**
 * The import_problem cell of a row: what did not fit, in words, keeping the lost values (JSON-quoted,
 * so a line break or a quote in them stays readable and exact). A problem text the file itself carried
 * (a tab exported with its import_problem column) is kept after this import's own. '' when nothing is wrong.
 */
function importProblemText(r: Incoming, cuts: readonly Cut[], w: WriteContext): string {
  const where = `${w.file} line ${r.line}`;
  const parts: string[] = [];
  if (r.found !== w.expected_fields) {
    const what = r.found > w.expected_fields
      ? `the extra values were ${quotedList(r.extra)}.`
      : 'the missing values were left blank (a missing delimiter may have moved values into the wrong columns).';
    parts.push(`RAGGED_ROW: ${where} had ${r.found} fields but the file has ${w.expected_fields} columns; ${what}`);
  }
  for (const cut of cuts) {
    parts.push(`CELL_TOO_LONG: ${cut.field} had ${cut.length} characters in ${where} but a sheet cell holds at most ${CELL_LIMIT_CHARS}; ` +
      `it keeps the first ${cut.length - cut.lost.length}, and the ${cut.lost.length} cut off were ${JSON.stringify(cut.lost)}.`);
  }
  const carried = cellText(r.fields.get(IMPORT_PROBLEM_COLUMN)).trim();
  if (parts.length === 0) return neutralise(fitCell(carried, 1, () => {}));
  const room = CELL_LIMIT_CHARS - 1 - IMPORT_PROBLEM_FIX.length - 1; // 1 for a leading ', 1 for the space
  const described = [...parts, ...(carried === '' ? [] : [`Earlier: ${carried}`])].join(' ');
  const fitted = described.length <= room ? described : `${described.slice(0, room - IMPORT_PROBLEM_CUT.length)}${IMPORT_PROBLEM_CUT}`;
  return neutralise(`${fitted} ${IMPORT_PROBLEM_FIX}`);
}

/** Values as a message lists them: `"x", "y"` (JSON quoting keeps line breaks and quotes visible). */
function quotedList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function numericValue(field: string, cell: Cell, kind: ImportKind, fields: Fields, ctx: ValidationContext): number | null {
  const { settings } = ctx;
  if (field === 'rate') {
    const rate = parseRateBps(cell, { decimal_separator: settings.decimal_separator });
    return rate.ok ? bpsToSheetNumber(rate.value) : null;
  }
  if (field === 'max_months') {
    // Any whole count is exact as a number; whether it is in range is the validator's call.
    const months = parseCount(cell, { field, min: 0, max: Number.MAX_SAFE_INTEGER, expected: '' });
    return months.ok ? months.value : null;
  }
  const currency = field === 'amount' && kind === 'conversions' ? currencyOf(fields, ctx) : settings.base_currency;
  if (!isKnownCurrency(currency)) return null;
  const amount = parseAmountMinor(cell, currency, { decimal_separator: settings.decimal_separator });
  return amount.ok ? minorToSheetNumber(amount.value, currency) : null;
}

/** Cuts text to what a sheet cell holds (`reserve` characters kept for a prefix), handing `cut` what is cut off. */
function fitCell(text: string, reserve: number, cut: (lost: string) => void): string {
  const limit = CELL_LIMIT_CHARS - reserve;
  if (text.length <= limit) return text;
  cut(text.slice(limit));
  return text.slice(0, limit);
}
