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
 * How a tab's rows become records. `parse` returns null exactly when the row has errors (its own, or
 * an import problem found before it ran). `reads_earlier_rows`: a row's errors depend on the rows
 * above it (values that must be unique in the tab), so a row can only be judged after them.
 */
export interface RowParser<T> {
  parse(check: RowCheck, source: SourceRef): T | null;
  readonly reads_earlier_rows: boolean;
}

/** A non-blank row's record, or (record null) its errors: never both. */
export interface RowOutcome<T> {
  record: T | null;
  errors: RowError[];
}

/** Checks a tab's rows one at a time, top to bottom: validateRows for a whole table, an import row by row. */
export class RowValidator<T> {
  // A row with only its import id is a spacer; a row with only an import problem is not (it lost its values).
  private readonly content_indexes: number[];
  private readonly fields: string[];
  private readonly indexes: number[];

  readonly reads_earlier_rows: boolean;

  constructor(readonly tab: string, readonly mapping: HeaderMapping, private readonly parser: RowParser<T>) {
    this.reads_earlier_rows = parser.reads_earlier_rows;
    this.fields = Object.keys(mapping.index_of);
    this.indexes = Object.values(mapping.index_of);
    this.content_indexes = this.indexes.filter((_, k) => this.fields[k] !== IMPORT_ID_COLUMN);
  }

  /** The row's outcome, or null when every cell the tab reads is blank. `import_id` overrides the row's own cell. */
  check(cells: readonly Cell[], row: number, import_id?: string): RowOutcome<T> | null {
    if (this.isBlank(cells)) return null;
    const check = new RowCheck(this.tab, row, cells, this.mapping);
    const source: SourceRef = { import_id: import_id ?? check.text(IMPORT_ID_COLUMN), tab: this.tab, row };
    checkImportProblem(check);
    // An over-long cell is not parsed further; after an import problem the row is still parsed, so
    // the user sees every other problem of the row at once (the parser returns no record either way).
    const record = this.checkCellLengths(check, cells) ? null : this.parser.parse(check, source);
    if (check.errors.length > 0) return { record: null, errors: check.errors };
    if (record === null) throw new Error(`validate ${this.tab}!${row}: the row parser returned no record and no error`);
    return { record, errors: check.errors };
  }

  private isBlank(cells: readonly Cell[]): boolean {
    for (const index of this.content_indexes) if (!isBlankCell(cells[index])) return false;
    return true;
  }

  /** A cell longer than a sheet can hold is an error of its own; returns whether the row has one. */
  private checkCellLengths(check: RowCheck, cells: readonly Cell[]): boolean {
    let too_long = false;
    const limit = CELL_LIMIT_CHARS;
    for (let k = 0; k < this.indexes.length; k++) {
      const cell = cells[this.indexes[k]];
      const length = typeof cell === 'string' ? cell.length : cellText(cell).length;
      if (length <= limit) continue;
      const field = this.fields[k];
      check.add(field, rowProblem('CELL_TOO_LONG', { field, length, limit: CELL_LIMIT_CHARS }));
      too_long = true;
    }
    return too_long;
  }
}

export type RowValidatorResult<T> = { ok: true; validator: RowValidator<T> } | { ok: false; error: StructuralError };

/** A validator for a tab with these headers, or the structural error that refuses the tab. */
export function rowValidator<T>(
  kind: InputKind, tab: string, headers: readonly Cell[], ctx: Pick<ValidationContext, 'settings'>, parser: RowParser<T>,
): RowValidatorResult<T> {
  const mapped = mapHeaders(headers, kind, ctx.settings, { what: `the ${tab} tab` });
  if (!mapped.ok) return { ok: false, error: { ...mapped.error, tab } };
  return { ok: true, validator: new RowValidator(tab, mapped.mapping, parser) };
}

/** Walks a whole table with a row parser. */
export function validateRows<T>(kind: InputKind, table: InputTable, ctx: Pick<ValidationContext, 'settings'>, parser: RowParser<T>): Validation<T> {
  const made = rowValidator(kind, table.tab, table.headers, ctx, parser);
  if (!made.ok) return made;
  const records: T[] = [];
  const errors: RowError[] = [];
  const rows_with_errors: number[] = [];
  const blank_rows: number[] = [];
  for (const [i, cells] of table.rows.entries()) {
    const row = table.first_row + i;
    const outcome = made.validator.check(cells, row, table.import_ids?.[i]);
    if (outcome === null) blank_rows.push(row);
    else if (outcome.record === null) {
      errors.push(...outcome.errors);
      rows_with_errors.push(row);
    } else records.push(outcome.record);
  }
  return { ok: true, records, errors, rows_with_errors, blank_rows, info: made.validator.mapping.info };
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
