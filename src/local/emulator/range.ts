// Range: reads and writes of a rectangle of cells, with Sheets' conversions, dimension checks and
// protection. Every read counts its cells in stats.cellsRead, every write in stats.cellsWritten.
import { a1Of } from './a1';
import { coerceWritten, displayOf } from './cell-values';
import type { Env } from './env';
import { assertCanEditSheet } from './protection';
import { Sheet } from './sheet';
import {
  CellRec, cellAt, DEFAULT_BACKGROUND, DEFAULT_FONT_WEIGHT, DEFAULT_NUMBER_FORMAT, ensureCell,
  FORMULA_PLACEHOLDER, SheetState, SpreadsheetState, Stored, StoredDate, StoredFormula,
} from './workbook';

type Grid<T> = T[][];

export class Range {
  constructor(
    private readonly env: Env,
    private readonly ss: SpreadsheetState,
    private readonly sheet: SheetState,
    private readonly row: number,
    private readonly col: number,
    private readonly numRows: number,
    private readonly numCols: number,
  ) {}

  // ---- geometry ---------------------------------------------------------------------------------

  getRow(): number { this.env.call('Range.getRow'); return this.row; }
  getColumn(): number { this.env.call('Range.getColumn'); return this.col; }
  getNumRows(): number { this.env.call('Range.getNumRows'); return this.numRows; }
  getNumColumns(): number { this.env.call('Range.getNumColumns'); return this.numCols; }
  getHeight(): number { this.env.call('Range.getHeight'); return this.numRows; }
  getWidth(): number { this.env.call('Range.getWidth'); return this.numCols; }
  getLastRow(): number { this.env.call('Range.getLastRow'); return this.row + this.numRows - 1; }
  getLastColumn(): number { this.env.call('Range.getLastColumn'); return this.col + this.numCols - 1; }

  getA1Notation(): string {
    this.env.call('Range.getA1Notation');
    return a1Of(this.row, this.col, this.numRows, this.numCols);
  }

  getSheet(): Sheet {
    this.env.call('Range.getSheet');
    return new Sheet(this.env, this.ss, this.sheet);
  }

  activate(): Range {
    this.env.call('Range.activate');
    this.ss.activeSheetId = this.sheet.id;
    this.ss.activeRange = { sheetId: this.sheet.id, a1: a1Of(this.row, this.col, this.numRows, this.numCols) };
    return this;
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): Range {
    this.env.call('Range.offset');
    return new Sheet(this.env, this.ss, this.sheet).rangeAt(
      this.row + rowOffset, this.col + columnOffset, numRows ?? this.numRows, numColumns ?? this.numCols,
    );
  }

  getCell(row: number, column: number): Range {
    this.env.call('Range.getCell');
    if (row < 1 || column < 1 || row > this.numRows || column > this.numCols) {
      this.env.fail('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new Range(this.env, this.ss, this.sheet, this.row + row - 1, this.col + column - 1, 1, 1);
  }

  isBlank(): boolean {
    this.env.call('Range.isBlank');
    return this.read((c) => c?.v).every((r) => r.every((v) => v === undefined));
  }

  // ---- reads ------------------------------------------------------------------------------------

  getValues(): unknown[][] {
    this.env.call('Range.getValues');
    return this.out(this.read((c) => this.valueOut(c?.v)));
  }

  getValue(): unknown {
    this.env.call('Range.getValue');
    this.env.cellsRead(1);
    return this.valueOut(cellAt(this.sheet, this.row, this.col)?.v);
  }

  getDisplayValues(): string[][] {
    this.env.call('Range.getDisplayValues');
    return this.out(this.read((c) => displayOf(c?.v, c?.fmt, this.ss.timeZone)));
  }

  getDisplayValue(): string {
    this.env.call('Range.getDisplayValue');
    this.env.cellsRead(1);
    const c = cellAt(this.sheet, this.row, this.col);
    return displayOf(c?.v, c?.fmt, this.ss.timeZone);
  }

  getFormulas(): string[][] {
    this.env.call('Range.getFormulas');
    return this.out(this.read((c) => (c?.v instanceof StoredFormula ? c.v.formula : '')));
  }

  getFormula(): string {
    this.env.call('Range.getFormula');
    this.env.cellsRead(1);
    const v = cellAt(this.sheet, this.row, this.col)?.v;
    return v instanceof StoredFormula ? v.formula : '';
  }

  getNotes(): string[][] { this.env.call('Range.getNotes'); return this.out(this.read((c) => c?.note ?? '')); }
  getNote(): string { this.env.call('Range.getNote'); return this.first((c) => c?.note ?? ''); }

  getBackgrounds(): string[][] {
    this.env.call('Range.getBackgrounds');
    return this.out(this.read((c) => c?.bg ?? DEFAULT_BACKGROUND));
  }

  getBackground(): string {
    this.env.call('Range.getBackground');
    return this.first((c) => c?.bg ?? DEFAULT_BACKGROUND);
  }

  getNumberFormats(): string[][] {
    this.env.call('Range.getNumberFormats');
    return this.out(this.read((c) => c?.fmt ?? DEFAULT_NUMBER_FORMAT));
  }

  getNumberFormat(): string {
    this.env.call('Range.getNumberFormat');
    return this.first((c) => c?.fmt ?? DEFAULT_NUMBER_FORMAT);
  }

  getFontWeights(): string[][] {
    this.env.call('Range.getFontWeights');
    return this.out(this.read((c) => c?.fw ?? DEFAULT_FONT_WEIGHT));
  }

  getFontWeight(): string {
    this.env.call('Range.getFontWeight');
    return this.first((c) => c?.fw ?? DEFAULT_FONT_WEIGHT);
  }

  // ---- writes -----------------------------------------------------------------------------------

  setValues(values: unknown[][]): Range {
    this.env.call('Range.setValues');
    this.checkGrid('setValues', values);
    this.guard('Range.setValues');
    this.writeGrid(values, (cell, v) => this.writeValue(cell, v));
    return this;
  }

  setValue(value: unknown): Range {
    this.env.call('Range.setValue');
    this.guard('Range.setValue');
    this.writeAll((cell) => this.writeValue(cell, value));
    return this;
  }

  setFormulas(formulas: string[][]): Range {
    this.env.call('Range.setFormulas');
    this.checkGrid('setFormulas', formulas);
    this.guard('Range.setFormulas');
    this.writeGrid(formulas, (cell, f) => this.writeFormula(cell, f));
    return this;
  }

  setFormula(formula: string): Range {
    this.env.call('Range.setFormula');
    this.guard('Range.setFormula');
    this.writeAll((cell) => this.writeFormula(cell, formula));
    return this;
  }

  setNotes(notes: unknown[][]): Range {
    this.env.call('Range.setNotes');
    this.checkGrid('setNotes', notes);
    this.guard('Range.setNotes');
    this.writeGrid(notes, (cell, n) => { cell.note = n === null || n === undefined ? '' : String(n); });
    return this;
  }

  setNote(note: unknown): Range {
    this.env.call('Range.setNote');
    this.guard('Range.setNote');
    this.writeAll((cell) => { cell.note = note === null || note === undefined ? '' : String(note); });
    return this;
  }

  clearNote(): Range {
    this.env.call('Range.clearNote');
    this.guard('Range.clearNote');
    this.writeAll((cell) => { delete cell.note; });
    return this;
  }

  setBackgrounds(colors: unknown[][]): Range {
    this.env.call('Range.setBackgrounds');
    this.checkGrid('setBackgrounds', colors);
    this.guard('Range.setBackgrounds');
    this.writeGrid(colors, (cell, c) => setOrDelete(cell, 'bg', color(c)));
    return this;
  }

  setBackground(c: unknown): Range {
    this.env.call('Range.setBackground');
    this.guard('Range.setBackground');
    this.writeAll((cell) => setOrDelete(cell, 'bg', color(c)));
    return this;
  }

  setNumberFormats(formats: unknown[][]): Range {
    this.env.call('Range.setNumberFormats');
    this.checkGrid('setNumberFormats', formats);
    this.guard('Range.setNumberFormats');
    this.writeGrid(formats, (cell, f) => setOrDelete(cell, 'fmt', f ? String(f) : undefined));
    return this;
  }

  setNumberFormat(format: unknown): Range {
    this.env.call('Range.setNumberFormat');
    this.guard('Range.setNumberFormat');
    this.writeAll((cell) => setOrDelete(cell, 'fmt', format ? String(format) : undefined));
    return this;
  }

  setFontWeights(weights: unknown[][]): Range {
    this.env.call('Range.setFontWeights');
    this.checkGrid('setFontWeights', weights);
    this.guard('Range.setFontWeights');
    this.writeGrid(weights, (cell, w) => setOrDelete(cell, 'fw', weight(w)));
    return this;
  }

  setFontWeight(w: unknown): Range {
    this.env.call('Range.setFontWeight');
    this.guard('Range.setFontWeight');
    this.writeAll((cell) => setOrDelete(cell, 'fw', weight(w)));
    return this;
  }

  /** clear() wipes contents, formats and notes; the options narrow it as in Apps Script. */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean; commentsOnly?: boolean }): Range {
    this.env.call('Range.clear');
    this.guard('Range.clear');
    const only = options && (options.contentsOnly || options.formatOnly || options.commentsOnly);
    this.writeAll((cell) => {
      if (!only || options?.contentsOnly) delete cell.v;
      if (!only || options?.formatOnly) { delete cell.bg; delete cell.fmt; delete cell.fw; }
      if (!only || options?.commentsOnly) delete cell.note;
    });
    return this;
  }

  clearContent(): Range {
    this.env.call('Range.clearContent');
    this.guard('Range.clearContent');
    this.writeAll((cell) => { delete cell.v; });
    return this;
  }

  clearFormat(): Range {
    this.env.call('Range.clearFormat');
    this.guard('Range.clearFormat');
    this.writeAll((cell) => { delete cell.bg; delete cell.fmt; delete cell.fw; });
    return this;
  }

  // Formatting the emulator does not store; still refused on a protected sheet, like any edit.
  setFontColor(_c: unknown): Range { return this.unstoredFormat('Range.setFontColor'); }
  setFontStyle(_s: unknown): Range { return this.unstoredFormat('Range.setFontStyle'); }
  setFontSize(_s: unknown): Range { return this.unstoredFormat('Range.setFontSize'); }
  setFontFamily(_f: unknown): Range { return this.unstoredFormat('Range.setFontFamily'); }
  setHorizontalAlignment(_a: unknown): Range { return this.unstoredFormat('Range.setHorizontalAlignment'); }
  setVerticalAlignment(_a: unknown): Range { return this.unstoredFormat('Range.setVerticalAlignment'); }
  setWrap(_w: unknown): Range { return this.unstoredFormat('Range.setWrap'); }

  // ---- helpers ----------------------------------------------------------------------------------

  private unstoredFormat(name: string): Range {
    this.env.call(name);
    this.guard(name);
    return this;
  }

  private assertSheetExists(): void {
    if (!this.ss.sheets.includes(this.sheet)) this.env.fail(`Sheet ${this.sheet.name} has been deleted.`);
  }

  /** Protection, then the mutating-call bookkeeping (hook and injected fault), before any change. */
  private guard(what: string): void {
    this.assertSheetExists();
    assertCanEditSheet(this.env, this.ss, this.sheet);
    this.env.mutate(what);
  }

  private checkGrid(method: string, data: unknown): void {
    if (!Array.isArray(data) || !data.every((r) => Array.isArray(r))) {
      this.env.fail(`The parameters (${typeName(data)}) don't match the method signature for SpreadsheetApp.Range.${method}.`);
    }
    const rows = data as unknown[][];
    if (rows.length !== this.numRows) {
      this.env.fail(`The number of rows in the data does not match the number of rows in the range. The data has ${rows.length} but the range has ${this.numRows}.`);
    }
    for (const r of rows) {
      if (r.length !== this.numCols) {
        this.env.fail(`The number of columns in the data does not match the number of columns in the range. The data has ${r.length} but the range has ${this.numCols}.`);
      }
    }
  }

  private read<T>(pick: (c: CellRec | undefined) => T): T[][] {
    this.assertSheetExists();
    this.env.cellsRead(this.numRows * this.numCols);
    const out: T[][] = new Array(this.numRows);
    for (let r = 0; r < this.numRows; r++) {
      const src = this.sheet.rows[this.row - 1 + r];
      const line: T[] = new Array(this.numCols);
      for (let c = 0; c < this.numCols; c++) line[c] = pick(src?.[this.col - 1 + c]);
      out[r] = line;
    }
    return out;
  }

  private first<T>(pick: (c: CellRec | undefined) => T): T {
    this.assertSheetExists();
    this.env.cellsRead(1);
    return pick(cellAt(this.sheet, this.row, this.col));
  }

  /** Arrays of the caller's realm, so the bundle's `instanceof Array` holds. */
  private out<T>(grid: Grid<T>): T[][] {
    const A = this.env.realm.Array;
    if (A === Array) return grid;
    return A.from(grid, (line) => A.from(line));
  }

  private valueOut(v: Stored | undefined): unknown {
    if (v === undefined) return '';
    if (v instanceof StoredDate) return this.env.date(v.ms);
    if (v instanceof StoredFormula) return FORMULA_PLACEHOLDER;
    return v;
  }

  private writeValue(cell: CellRec, input: unknown): void {
    const w = coerceWritten(input, cell.fmt, this.ss.timeZone);
    if (w.v === undefined) delete cell.v; else cell.v = w.v;
    if (w.autoFormat && !cell.fmt) cell.fmt = w.autoFormat;
  }

  private writeFormula(cell: CellRec, formula: unknown): void {
    const f = formula === null || formula === undefined ? '' : String(formula);
    if (f === '') { delete cell.v; return; }
    cell.v = new StoredFormula(f.startsWith('=') ? f : `=${f}`);
  }

  private writeGrid<T>(data: T[][], write: (cell: CellRec, v: T) => void): void {
    this.env.cellsWritten(this.numRows * this.numCols);
    for (let r = 0; r < this.numRows; r++) {
      for (let c = 0; c < this.numCols; c++) {
        write(ensureCell(this.sheet, this.row + r, this.col + c), data[r][c]);
      }
    }
  }

  private writeAll(write: (cell: CellRec) => void): void {
    this.env.cellsWritten(this.numRows * this.numCols);
    for (let r = 0; r < this.numRows; r++) {
      for (let c = 0; c < this.numCols; c++) write(ensureCell(this.sheet, this.row + r, this.col + c));
    }
  }
}

function setOrDelete(cell: CellRec, key: 'bg' | 'fmt' | 'fw', value: string | undefined): void {
  if (value === undefined) delete cell[key]; else cell[key] = value;
}

function color(c: unknown): string | undefined {
  if (c === null || c === undefined || c === '') return undefined;
  const s = String(c).toLowerCase();
  return s === DEFAULT_BACKGROUND ? undefined : s;
}

function weight(w: unknown): string | undefined {
  return w === 'bold' ? 'bold' : undefined;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Object[]';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'number';
  return typeof v === 'object' ? 'Object' : typeof v;
}
