// Range: reads and writes of a rectangle of cells, with Sheets' conversions, dimension checks and
// protection. Every read counts its cells in stats.cellsRead, every write in stats.cellsWritten.
import { a1Of } from './a1';
import { displayOf } from './cell-values';
import type { Env } from './env';
import { assertCanEditSheet } from './protection';
import { Sheet } from './sheet';
import { attrAt, clearBox, valueAt, writeAttr, writeStored, writeValues } from './grid';
import {
  Attr, DEFAULT_BACKGROUND, DEFAULT_FONT_WEIGHT, DEFAULT_NUMBER_FORMAT, FORMULA_PLACEHOLDER,
  SheetState, SpreadsheetState, Stored, StoredDate, StoredFormula,
} from './workbook';

const FORMAT_ATTRS: readonly Attr[] = ['bg', 'fmt', 'fw'];

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
    return this.read((r, c) => valueAt(this.sheet, r, c)).every((line) => line.every((v) => v === undefined));
  }

  // ---- reads ------------------------------------------------------------------------------------

  getValues(): unknown[][] {
    this.env.call('Range.getValues');
    const values = this.sheet.values;
    return this.read((r, c) => this.valueOut(values[r - 1]?.[c - 1]));
  }

  getValue(): unknown {
    this.env.call('Range.getValue');
    this.env.cellsRead(1);
    return this.valueOut(valueAt(this.sheet, this.row, this.col));
  }

  getDisplayValues(): string[][] {
    this.env.call('Range.getDisplayValues');
    const tz = this.ss.timeZone;
    const values = this.sheet.values;
    const formats = this.sheet.attrs.fmt;
    return this.read((r, c) => displayOf(values[r - 1]?.[c - 1], formats[r - 1]?.[c - 1], tz));
  }

  getDisplayValue(): string {
    this.env.call('Range.getDisplayValue');
    this.env.cellsRead(1);
    return displayOf(valueAt(this.sheet, this.row, this.col), attrAt(this.sheet, 'fmt', this.row, this.col), this.ss.timeZone);
  }

  getFormulas(): string[][] {
    this.env.call('Range.getFormulas');
    return this.read((r, c) => formulaOf(valueAt(this.sheet, r, c)));
  }

  getFormula(): string {
    this.env.call('Range.getFormula');
    this.env.cellsRead(1);
    return formulaOf(valueAt(this.sheet, this.row, this.col));
  }

  getNotes(): string[][] { this.env.call('Range.getNotes'); return this.readAttr('note', ''); }
  getNote(): string { this.env.call('Range.getNote'); return this.first('note', ''); }

  getBackgrounds(): string[][] {
    this.env.call('Range.getBackgrounds');
    return this.readAttr('bg', DEFAULT_BACKGROUND);
  }

  getBackground(): string {
    this.env.call('Range.getBackground');
    return this.first('bg', DEFAULT_BACKGROUND);
  }

  getNumberFormats(): string[][] {
    this.env.call('Range.getNumberFormats');
    return this.readAttr('fmt', DEFAULT_NUMBER_FORMAT);
  }

  getNumberFormat(): string {
    this.env.call('Range.getNumberFormat');
    return this.first('fmt', DEFAULT_NUMBER_FORMAT);
  }

  getFontWeights(): string[][] {
    this.env.call('Range.getFontWeights');
    return this.readAttr('fw', DEFAULT_FONT_WEIGHT);
  }

  getFontWeight(): string {
    this.env.call('Range.getFontWeight');
    return this.first('fw', DEFAULT_FONT_WEIGHT);
  }

  // ---- writes -----------------------------------------------------------------------------------

  setValues(values: unknown[][]): Range {
    this.env.call('Range.setValues');
    this.checkGrid('setValues', values);
    this.guard('Range.setValues');
    this.countWritten();
    writeValues(this.sheet, this.row, this.col, this.numRows, this.numCols, (r, c) => values[r][c], this.ss.timeZone);
    return this;
  }

  setValue(value: unknown): Range {
    this.env.call('Range.setValue');
    this.guard('Range.setValue');
    this.countWritten();
    writeValues(this.sheet, this.row, this.col, this.numRows, this.numCols, () => value, this.ss.timeZone);
    return this;
  }

  setFormulas(formulas: string[][]): Range {
    this.env.call('Range.setFormulas');
    this.checkGrid('setFormulas', formulas);
    this.guard('Range.setFormulas');
    this.writeFormulas((r, c) => formulas[r][c]);
    return this;
  }

  setFormula(formula: string): Range {
    this.env.call('Range.setFormula');
    this.guard('Range.setFormula');
    this.writeFormulas(() => formula);
    return this;
  }

  setNotes(notes: unknown[][]): Range {
    this.env.call('Range.setNotes');
    this.checkGrid('setNotes', notes);
    this.guard('Range.setNotes');
    this.writeAttr('note', (r, c) => noteOf(notes[r][c]));
    return this;
  }

  setNote(note: unknown): Range {
    this.env.call('Range.setNote');
    this.guard('Range.setNote');
    this.writeAttr('note', () => noteOf(note));
    return this;
  }

  clearNote(): Range {
    this.env.call('Range.clearNote');
    this.guard('Range.clearNote');
    this.clearCells(false, ['note']);
    return this;
  }

  setBackgrounds(colors: unknown[][]): Range {
    this.env.call('Range.setBackgrounds');
    this.checkGrid('setBackgrounds', colors);
    this.guard('Range.setBackgrounds');
    this.writeAttr('bg', (r, c) => color(colors[r][c]));
    return this;
  }

  setBackground(c: unknown): Range {
    this.env.call('Range.setBackground');
    this.guard('Range.setBackground');
    this.writeAttr('bg', () => color(c));
    return this;
  }

  setNumberFormats(formats: unknown[][]): Range {
    this.env.call('Range.setNumberFormats');
    this.checkGrid('setNumberFormats', formats);
    this.guard('Range.setNumberFormats');
    this.writeAttr('fmt', (r, c) => formatOf(formats[r][c]));
    return this;
  }

  setNumberFormat(format: unknown): Range {
    this.env.call('Range.setNumberFormat');
    this.guard('Range.setNumberFormat');
    this.writeAttr('fmt', () => formatOf(format));
    return this;
  }

  setFontWeights(weights: unknown[][]): Range {
    this.env.call('Range.setFontWeights');
    this.checkGrid('setFontWeights', weights);
    this.guard('Range.setFontWeights');
    this.writeAttr('fw', (r, c) => weight(weights[r][c]));
    return this;
  }

  setFontWeight(w: unknown): Range {
    this.env.call('Range.setFontWeight');
    this.guard('Range.setFontWeight');
    this.writeAttr('fw', () => weight(w));
    return this;
  }

  /** clear() wipes contents, formats and notes; the options narrow it as in Apps Script. */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean; commentsOnly?: boolean }): Range {
    this.env.call('Range.clear');
    this.guard('Range.clear');
    const only = options && (options.contentsOnly || options.formatOnly || options.commentsOnly);
    const attrs: Attr[] = [];
    if (!only || options?.formatOnly) attrs.push(...FORMAT_ATTRS);
    if (!only || options?.commentsOnly) attrs.push('note');
    this.clearCells(!only || options?.contentsOnly === true, attrs);
    return this;
  }

  clearContent(): Range {
    this.env.call('Range.clearContent');
    this.guard('Range.clearContent');
    this.clearCells(true, []);
    return this;
  }

  clearFormat(): Range {
    this.env.call('Range.clearFormat');
    this.guard('Range.clearFormat');
    this.clearCells(false, FORMAT_ATTRS);
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

  /** A grid of the caller's realm (so the bundle's `instanceof Array` holds), built in one pass. */
  private read<T>(pick: (row: number, col: number) => T): T[][] {
    this.assertSheetExists();
    this.env.cellsRead(this.numRows * this.numCols);
    const A = this.env.realm.Array;
    const out: T[][] = new A(this.numRows);
    for (let r = 0; r < this.numRows; r++) {
      const line: T[] = new A(this.numCols);
      for (let c = 0; c < this.numCols; c++) line[c] = pick(this.row + r, this.col + c);
      out[r] = line;
    }
    return out;
  }

  private readAttr(attr: Attr, fallback: string): string[][] {
    const layer = this.sheet.attrs[attr];
    return this.read((r, c) => layer[r - 1]?.[c - 1] ?? fallback);
  }

  private first(attr: Attr, fallback: string): string {
    this.assertSheetExists();
    this.env.cellsRead(1);
    return attrAt(this.sheet, attr, this.row, this.col) ?? fallback;
  }

  private valueOut(v: Stored | undefined): unknown {
    if (v === undefined) return '';
    if (typeof v !== 'object') return v;
    if (v instanceof StoredDate) return this.env.date(v.ms);
    return FORMULA_PLACEHOLDER;
  }

  private countWritten(): void {
    this.env.cellsWritten(this.numRows * this.numCols);
  }

  private writeFormulas(input: (r: number, c: number) => unknown): void {
    this.countWritten();
    writeStored(this.sheet, this.row, this.col, this.numRows, this.numCols, (r, c) => {
      const f = input(r, c);
      const text = f === null || f === undefined ? '' : String(f);
      return text === '' ? undefined : new StoredFormula(text.startsWith('=') ? text : `=${text}`);
    });
  }

  private writeAttr(attr: Attr, input: (r: number, c: number) => string | undefined): void {
    this.countWritten();
    writeAttr(this.sheet, attr, this.row, this.col, this.numRows, this.numCols, input);
  }

  private clearCells(values: boolean, attrs: readonly Attr[]): void {
    this.countWritten();
    clearBox(this.sheet, this.row, this.col, this.numRows, this.numCols, { values, attrs });
  }
}

function formulaOf(v: Stored | undefined): string {
  return v instanceof StoredFormula ? v.formula : '';
}

/** An empty note is no note: getNote returns '' for both. */
function noteOf(n: unknown): string | undefined {
  return n === null || n === undefined || n === '' ? undefined : String(n);
}

function formatOf(f: unknown): string | undefined {
  return f ? String(f) : undefined;
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
