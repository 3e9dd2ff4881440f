// The machinery every tab's validation shares: map the headers, walk the rows, collect each row's
// problems, and keep the promise that every non-blank row yields exactly one of: a record, or at
// least one error.
import type { Cell, IsoDate, RowError, SourceRef, StructuralError } from '../model';
import type { Settings } from '../settings';
import { IMPORT_ID_COLUMN, IMPORT_PROBLEM_COLUMN } from '../schema/tabs';
import { rowProblem, type Info, type Parsed, type Problem } from './error-codes';
import { CELL_LIMIT_CHARS, cellText, isBlankCell, shownValue } from './cells';
import { mapHeaders, type HeaderMapping, type InputKind } from './headers';

/** A tab (or a parsed file) as the validators read it. */
export interface InputTable {
  tab: string;
  headers: Cell[];
  rows: Cell[][];
  /** The sheet row (or file line) of rows[0]. */
  first_row: number;
  /** The import each row came from, when the shell tracks it outside the tab. */
  import_ids?: string[];
}

export interface ValidationContext {
  settings: Settings;
  as_of: IsoDate;
  dateOfInstant(epoch_ms: number): IsoDate;
}

export type Validation<T> =
  | { ok: false; error: StructuralError }
  | {
      ok: true;
      records: T[];
      errors: RowError[];
      /** Sheet rows with at least one error, ascending. */
      rows_with_errors: number[];
      /** Rows whose cells are all blank: neither a record nor an error (spacer rows). */
      blank_rows: number[];
      /** Things worth telling the user that are not errors (ignored columns, default currency). */
      info: Info[];
    };

/** One row under validation: reads cells by field and collects the row's problems. */
export class RowCheck {
  readonly errors: RowError[] = [];

  constructor(
    readonly tab: string,
    readonly row: number,
    private readonly cells: readonly Cell[],
    private readonly mapping: HeaderMapping,
  ) {}

  /** Whether the tab has this column at all. */
  has(field: string): boolean {
    return this.mapping.index_of[field] !== undefined;
  }

  cell(field: string): Cell | undefined {
    const index = this.mapping.index_of[field];
    return index === undefined ? undefined : this.cells[index];
  }

  isBlank(field: string): boolean {
    return isBlankCell(this.cell(field));
  }

  /** The cell as trimmed text ('' when blank or absent). */
  text(field: string): string {
    return cellText(this.cell(field)).trim();
  }

  /** Records the problem against `field` when parsing failed; returns the value otherwise. */
  take<T>(field: string, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.add(field, parsed);
    return undefined;
  }

  add(field: string, problem: Problem): void {
    this.errors.push({ tab: this.tab, row: this.row, column: field, code: problem.code, message: problem.message, value: shownValue(this.cell(field) ?? '') });
  }

  /** Like `take`, but a blank cell is simply absent (null). */
  optional<T>(field: string, parse: (cell: Cell) => Parsed<T>): T | null | undefined {
    const cell = this.cell(field);
    if (cell === undefined || isBlankCell(cell)) return null;
    return this.take(field, parse(cell));
  }

  /** A required text value, or a MISSING_VALUE error. */
  requiredText(field: string, why?: string): string | undefined {
    const text = this.text(field);
    if (text === '') this.add(field, rowProblem('MISSING_VALUE', why === undefined ? { field } : { field, why }));
    return text === '' ? undefined : text;
  }
}

/**
 * Walks a table's rows with a per-row parser. A row parser returns null exactly when the row has errors
 * (its own, or an import problem found before it ran).
 */
export function validateRows<T>(
  kind: InputKind,
  table: InputTable,
  ctx: Pick<ValidationContext, 'settings'>,
  parseRow: (check: RowCheck, source: SourceRef) => T | null,
): Validation<T> {
  const mapped = mapHeaders(table.headers, kind, ctx.settings, { what: `the ${table.tab} tab` });
  if (!mapped.ok) return { ok: false, error: { ...mapped.error, tab: table.tab } };
  const mapping = mapped.mapping;
  const records: T[] = [];
  const errors: RowError[] = [];
  const rows_with_errors: number[] = [];
  const blank_rows: number[] = [];
  // A row with only its import id is a spacer; a row with only an import problem is not (it lost its values).
  const content_columns = Object.entries(mapping.index_of).filter(([field]) => field !== IMPORT_ID_COLUMN);
  for (const [i, cells] of table.rows.entries()) {
    const row = table.first_row + i;
    if (content_columns.every(([, index]) => isBlankCell(cells[index]))) {
      blank_rows.push(row);
      continue;
    }
    const check = new RowCheck(table.tab, row, cells, mapping);
    const source: SourceRef = { import_id: importIdOf(table, i, check), tab: table.tab, row };
    checkImportProblem(check);
    // An over-long cell is not parsed further; after an import problem the row is still parsed, so
    // the user sees every other problem of the row at once (the parser returns no record either way).
    const record = checkCellLengths(check, mapping) ? null : parseRow(check, source);
    if (check.errors.length > 0) {
      errors.push(...check.errors);
      rows_with_errors.push(row);
    } else if (record === null) {
      throw new Error(`validate ${table.tab}!${row}: the row parser returned no record and no error`);
    } else records.push(record);
  }
  return { ok: true, records, errors, rows_with_errors, blank_rows, info: mapping.info };
}

function importIdOf(table: InputTable, index: number, check: RowCheck): string {
  return table.import_ids?.[index] ?? check.text(IMPORT_ID_COLUMN);
}

/** A cell longer than a sheet can hold is an error of its own; returns whether the row has one. */
function checkCellLengths(check: RowCheck, mapping: HeaderMapping): boolean {
  let too_long = false;
  for (const field of Object.keys(mapping.index_of)) {
    const length = cellText(check.cell(field)).length;
    if (length <= CELL_LIMIT_CHARS) continue;
    check.add(field, rowProblem('CELL_TOO_LONG', { field, length, limit: CELL_LIMIT_CHARS }));
    too_long = true;
  }
  return too_long;
}

/**
 * What an import could not fit into the row's cells (extra fields, a cut cell) is written in
 * import_problem; until the user fixes the row and clears that cell, the row is an error of its own.
 */
function checkImportProblem(check: RowCheck): void {
  if (!check.isBlank(IMPORT_PROBLEM_COLUMN)) check.add(IMPORT_PROBLEM_COLUMN, rowProblem('IMPORT_PROBLEM', { field: IMPORT_PROBLEM_COLUMN }));
}

/** First-occurrence registry for values that must be unique within a tab. */
export class FirstSeen<V> {
  private readonly seen = new Map<string, V>();

  /** Returns the earlier occurrence when `key` was already registered; registers it otherwise. */
  claim(key: string, here: V): V | undefined {
    const earlier = this.seen.get(key);
    if (earlier === undefined) this.seen.set(key, here);
    return earlier;
  }
}
