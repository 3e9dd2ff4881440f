// Sheet: the grid's shape (rows, columns, growth), row insertion/deletion, hiding, freezing and
// sheet protection. Writing outside the sheet through getRange throws; appendRow and the insert
// methods grow it, within the spreadsheet's 10,000,000-cell limit.
import { parseA1 } from './a1';
import type { Env } from './env';
import { assertCanEditSheet, Protection } from './protection';
import { Range } from './range';
import { Spreadsheet } from './spreadsheet';
import { lastColumnOf, lastRowOf, spliceColumns, spliceRows, writeValues } from './grid';
import {
  emptyAttrs, findSheet, MAX_CELLS, SheetState, SpreadsheetState, totalCells,
} from './workbook';

export const OUTSIDE_MESSAGE = 'The coordinates of the range are outside the dimensions of the sheet.';
export const CELL_LIMIT_MESSAGE =
  `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`;

export function duplicateNameMessage(name: string): string {
  return `A sheet with the name "${name}" already exists. Please enter another name.`;
}

export function assertCellLimit(env: Env, ss: SpreadsheetState, added: number): void {
  if (!env.state.cellLimitLifted && totalCells(ss) + added > MAX_CELLS) env.fail(CELL_LIMIT_MESSAGE);
}

export class Sheet {
  constructor(
    private readonly env: Env,
    private readonly ss: SpreadsheetState,
    /** @internal the emulator's record of this sheet. */
    readonly state: SheetState,
  ) {}

  getName(): string { this.env.call('Sheet.getName'); return this.state.name; }
  getSheetId(): number { this.env.call('Sheet.getSheetId'); return this.state.id; }
  getSheetName(): string { this.env.call('Sheet.getSheetName'); return this.state.name; }
  getIndex(): number { this.env.call('Sheet.getIndex'); return this.ss.sheets.indexOf(this.state) + 1; }
  getParent(): Spreadsheet { this.env.call('Sheet.getParent'); return new Spreadsheet(this.env, this.ss); }
  getMaxRows(): number { this.env.call('Sheet.getMaxRows'); return this.state.maxRows; }
  getMaxColumns(): number { this.env.call('Sheet.getMaxColumns'); return this.state.maxCols; }
  getLastRow(): number { this.env.call('Sheet.getLastRow'); return lastRowOf(this.state); }
  getLastColumn(): number { this.env.call('Sheet.getLastColumn'); return lastColumnOf(this.state); }
  getFrozenRows(): number { this.env.call('Sheet.getFrozenRows'); return this.state.frozenRows; }
  getFrozenColumns(): number { this.env.call('Sheet.getFrozenColumns'); return this.state.frozenCols; }
  isSheetHidden(): boolean { this.env.call('Sheet.isSheetHidden'); return this.state.hidden; }

  setName(name: string): Sheet {
    this.env.call('Sheet.setName');
    const wanted = String(name);
    const other = findSheet(this.ss, wanted);
    if (other && other !== this.state) this.env.fail(duplicateNameMessage(wanted));
    this.edit('Sheet.setName');
    this.state.name = wanted;
    return this;
  }

  /** getRange(a1) or getRange(row, column[, numRows[, numColumns]]). */
  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): Range {
    this.env.call('Sheet.getRange');
    if (typeof a === 'string') return this.rangeA1(a);
    if (column === undefined) {
      this.env.fail('The parameters (number) don\'t match the method signature for SpreadsheetApp.Sheet.getRange.');
    }
    return this.rangeAt(a, column, numRows ?? 1, numColumns ?? 1);
  }

  getDataRange(): Range {
    this.env.call('Sheet.getDataRange');
    return this.rangeAt(1, 1, Math.max(lastRowOf(this.state), 1), Math.max(lastColumnOf(this.state), 1));
  }

  /** @internal geometry checks shared with Range.offset, in Apps Script's order and words. */
  rangeAt(row: number, col: number, numRows: number, numCols: number): Range {
    if (row < 1) this.env.fail('The starting row of the range is too small.');
    if (col < 1) this.env.fail('The starting column of the range is too small.');
    if (numRows < 1) this.env.fail('The number of rows in the range must be at least 1.');
    if (numCols < 1) this.env.fail('The number of columns in the range must be at least 1.');
    if (row + numRows - 1 > this.state.maxRows || col + numCols - 1 > this.state.maxCols) {
      this.env.fail(OUTSIDE_MESSAGE);
    }
    return new Range(this.env, this.ss, this.state, row, col, numRows, numCols);
  }

  private rangeA1(a1: string): Range {
    const box = parseA1(a1);
    if (!box) this.env.fail('Range not found');
    const lastRow = box.lastRow ?? this.state.maxRows;
    const lastCol = box.lastCol ?? this.state.maxCols;
    return this.rangeAt(box.row, box.col, lastRow - box.row + 1, lastCol - box.col + 1);
  }

  appendRow(rowContents: unknown[]): Sheet {
    this.env.call('Sheet.appendRow');
    if (!Array.isArray(rowContents)) {
      this.env.fail('The parameters (String) don\'t match the method signature for SpreadsheetApp.Sheet.appendRow.');
    }
    const target = lastRowOf(this.state) + 1;
    const addRows = Math.max(0, target - this.state.maxRows);
    const addCols = Math.max(0, rowContents.length - this.state.maxCols);
    const added = addRows * (this.state.maxCols + addCols) + addCols * this.state.maxRows;
    assertCellLimit(this.env, this.ss, added);
    this.edit('Sheet.appendRow');
    this.state.maxRows += addRows;
    this.state.maxCols += addCols;
    writeValues(this.state, target, 1, 1, rowContents.length, (_r, c) => rowContents[c], this.ss.timeZone);
    this.env.cellsWritten(rowContents.length);
    return this;
  }

  insertRowsAfter(afterPosition: number, howMany: number): Sheet {
    this.env.call('Sheet.insertRowsAfter');
    this.insertRows(afterPosition, howMany, 'Sheet.insertRowsAfter');
    return this;
  }

  insertRowAfter(afterPosition: number): Sheet {
    this.env.call('Sheet.insertRowAfter');
    this.insertRows(afterPosition, 1, 'Sheet.insertRowAfter');
    return this;
  }

  insertRowsBefore(beforePosition: number, howMany: number): Sheet {
    this.env.call('Sheet.insertRowsBefore');
    this.insertRows(beforePosition - 1, howMany, 'Sheet.insertRowsBefore');
    return this;
  }

  insertRowBefore(beforePosition: number): Sheet {
    this.env.call('Sheet.insertRowBefore');
    this.insertRows(beforePosition - 1, 1, 'Sheet.insertRowBefore');
    return this;
  }

  insertColumnsAfter(afterPosition: number, howMany: number): Sheet {
    this.env.call('Sheet.insertColumnsAfter');
    if (afterPosition < 0 || afterPosition > this.state.maxCols || howMany < 1) {
      this.env.fail('Those columns are out of bounds.');
    }
    assertCellLimit(this.env, this.ss, howMany * this.state.maxRows);
    this.edit('Sheet.insertColumnsAfter');
    spliceColumns(this.state, afterPosition, 0, howMany);
    this.state.maxCols += howMany;
    return this;
  }

  deleteColumn(columnPosition: number): Sheet {
    this.env.call('Sheet.deleteColumn');
    this.deleteColumnsAt(columnPosition, 1, 'Sheet.deleteColumn');
    return this;
  }

  /** Returns nothing, as in Apps Script (deleteColumn returns the sheet). */
  deleteColumns(columnPosition: number, howMany: number): void {
    this.env.call('Sheet.deleteColumns');
    this.deleteColumnsAt(columnPosition, howMany, 'Sheet.deleteColumns');
  }

  deleteRow(rowPosition: number): Sheet {
    this.env.call('Sheet.deleteRow');
    this.deleteRowsAt(rowPosition, 1, 'Sheet.deleteRow');
    return this;
  }

  deleteRows(rowPosition: number, howMany: number): void {
    this.env.call('Sheet.deleteRows');
    this.deleteRowsAt(rowPosition, howMany, 'Sheet.deleteRows');
  }

  clear(): Sheet {
    this.env.call('Sheet.clear');
    this.edit('Sheet.clear');
    this.state.values = [];
    this.state.attrs = emptyAttrs();
    return this;
  }

  clearContents(): Sheet {
    this.env.call('Sheet.clearContents');
    this.edit('Sheet.clearContents');
    this.state.values = [];
    return this;
  }

  clearFormats(): Sheet {
    this.env.call('Sheet.clearFormats');
    this.edit('Sheet.clearFormats');
    this.state.attrs = { ...emptyAttrs(), note: this.state.attrs.note };
    return this;
  }

  clearNotes(): Sheet {
    this.env.call('Sheet.clearNotes');
    this.edit('Sheet.clearNotes');
    this.state.attrs.note = [];
    return this;
  }

  setFrozenRows(rows: number): void {
    this.env.call('Sheet.setFrozenRows');
    if (rows < 0 || rows > this.state.maxRows) this.env.fail('Those rows are out of bounds.');
    this.edit('Sheet.setFrozenRows');
    this.state.frozenRows = rows;
  }

  setFrozenColumns(columns: number): void {
    this.env.call('Sheet.setFrozenColumns');
    if (columns < 0 || columns > this.state.maxCols) this.env.fail('Those columns are out of bounds.');
    this.edit('Sheet.setFrozenColumns');
    this.state.frozenCols = columns;
  }

  hideSheet(): Sheet {
    this.env.call('Sheet.hideSheet');
    const visible = this.ss.sheets.filter((s) => !s.hidden && s !== this.state);
    if (visible.length === 0) this.env.fail("You can't hide all the sheets in a document.");
    this.env.mutate('Sheet.hideSheet');
    this.state.hidden = true;
    return this;
  }

  showSheet(): Sheet {
    this.env.call('Sheet.showSheet');
    this.env.mutate('Sheet.showSheet');
    this.state.hidden = false;
    return this;
  }

  activate(): Sheet {
    this.env.call('Sheet.activate');
    this.ss.activeSheetId = this.state.id;
    return this;
  }

  setActiveSelection(range: Range | string): Range {
    this.env.call('Sheet.setActiveSelection');
    this.ss.activeSheetId = this.state.id;
    return typeof range === 'string' ? this.rangeA1(range) : range;
  }

  setActiveRange(range: Range): Range {
    this.env.call('Sheet.setActiveRange');
    this.ss.activeSheetId = this.state.id;
    return range;
  }

  /** Returns the sheet's protection, creating it (editors: the owner and the caller) if needed. */
  protect(): Protection {
    this.env.call('Sheet.protect');
    if (!this.state.protection) {
      this.env.mutate('Sheet.protect');
      const editors = [this.ss.owner];
      const me = this.env.user();
      if (me && me !== this.ss.owner) editors.push(me);
      this.state.protection = {
        id: this.ss.nextProtectionId++, description: '', editors, warningOnly: false, domainEdit: false,
      };
    }
    return new Protection(this.env, this.ss, this.state, this.state.protection);
  }

  getProtections(type: unknown): Protection[] {
    this.env.call('Sheet.getProtections');
    const p = this.state.protection;
    const list = String(type) === 'SHEET' && p ? [new Protection(this.env, this.ss, this.state, p)] : [];
    return this.env.list(list);
  }

  // Layout the emulator does not store.
  setColumnWidth(_column: number, _width: number): Sheet { this.env.call('Sheet.setColumnWidth'); return this; }
  setColumnWidths(_start: number, _n: number, _width: number): Sheet { this.env.call('Sheet.setColumnWidths'); return this; }
  setRowHeight(_row: number, _height: number): Sheet { this.env.call('Sheet.setRowHeight'); return this; }
  autoResizeColumn(_column: number): Sheet { this.env.call('Sheet.autoResizeColumn'); return this; }
  autoResizeColumns(_start: number, _n: number): Sheet { this.env.call('Sheet.autoResizeColumns'); return this; }
  setTabColor(_color: string | null): Sheet { this.env.call('Sheet.setTabColor'); return this; }

  private edit(what: string): void {
    if (!this.ss.sheets.includes(this.state)) this.env.fail(`Sheet ${this.state.name} has been deleted.`);
    assertCanEditSheet(this.env, this.ss, this.state);
    this.env.mutate(what);
  }

  private insertRows(after: number, howMany: number, what: string): void {
    if (!Number.isInteger(after) || !Number.isInteger(howMany) || after < 0 || after > this.state.maxRows || howMany < 1) {
      this.env.fail('Those rows are out of bounds.');
    }
    assertCellLimit(this.env, this.ss, howMany * this.state.maxCols);
    this.edit(what);
    spliceRows(this.state, after, 0, howMany);
    this.state.maxRows += howMany;
  }

  /** Sheets' checks in its order and words: bounds, then the last column, then the frozen ones. */
  private deleteColumnsAt(start: number, howMany: number, what: string): void {
    if (!Number.isInteger(start) || !Number.isInteger(howMany) || start < 1 || howMany < 1
      || start + howMany - 1 > this.state.maxCols) {
      this.env.fail('Those columns are out of bounds.');
    }
    if (howMany >= this.state.maxCols) this.env.fail("You can't delete all the columns on the sheet.");
    if (this.state.frozenCols > 0 && this.state.maxCols - howMany <= this.state.frozenCols) {
      this.env.fail('Sorry, it is not possible to delete all non-frozen columns.');
    }
    this.edit(what);
    spliceColumns(this.state, start - 1, howMany, 0);
    this.state.maxCols -= howMany;
    // Deleted frozen columns take their place in the frozen count with them.
    this.state.frozenCols -= Math.max(0, Math.min(this.state.frozenCols, start + howMany - 1) - start + 1);
  }

  /** As deleteColumnsAt, for rows: an append-only tab with a frozen header cannot lose every data row. */
  private deleteRowsAt(start: number, howMany: number, what: string): void {
    if (!Number.isInteger(start) || !Number.isInteger(howMany) || start < 1 || howMany < 1
      || start + howMany - 1 > this.state.maxRows) {
      this.env.fail('Those rows are out of bounds.');
    }
    if (howMany >= this.state.maxRows) this.env.fail("You can't delete all the rows on the sheet.");
    if (this.state.frozenRows > 0 && this.state.maxRows - howMany <= this.state.frozenRows) {
      this.env.fail('Sorry, it is not possible to delete all non-frozen rows.');
    }
    this.edit(what);
    spliceRows(this.state, start - 1, howMany, 0);
    this.state.maxRows -= howMany;
    // Deleted frozen rows take their place in the frozen count with them.
    this.state.frozenRows -= Math.max(0, Math.min(this.state.frozenRows, start + howMany - 1) - start + 1);
  }
}
