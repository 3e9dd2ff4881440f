// The spreadsheet's data as the emulator stores it: plain records, no behaviour beyond layout.
// Services (Spreadsheet, Sheet, Range, Protection) read and change these records.

/** A date-time cell, stored as an instant so it can be re-created in any realm. */
export class StoredDate {
  constructor(readonly ms: number) {}
}

/** A formula cell: stored, returned by getFormulas, never evaluated (getValues shows FORMULA_PLACEHOLDER). */
export class StoredFormula {
  constructor(readonly formula: string) {}
}

export type Stored = string | number | boolean | StoredDate | StoredFormula;

/** What getValues returns for a formula cell: the emulator does not evaluate formulas. */
export const FORMULA_PLACEHOLDER = '#FORMULA!';
/** What Sheets reports as the number format of a cell that was never formatted ("Automatic"). */
export const DEFAULT_NUMBER_FORMAT = '0.###############';
export const DEFAULT_BACKGROUND = '#ffffff';
export const DEFAULT_FONT_WEIGHT = 'normal';

export interface CellRec {
  v?: Stored;
  note?: string;
  bg?: string;
  fmt?: string;
  fw?: string;
}

export interface ProtectionState {
  id: number;
  description: string;
  /** Lower-cased emails; always includes the owner. */
  editors: string[];
  warningOnly: boolean;
  domainEdit: boolean;
}

export interface SheetState {
  id: number;
  name: string;
  maxRows: number;
  maxCols: number;
  hidden: boolean;
  frozenRows: number;
  frozenCols: number;
  /** rows[r-1][c-1]; rows and cells are created lazily. */
  rows: Array<Array<CellRec | undefined> | undefined>;
  protection: ProtectionState | null;
}

export interface SpreadsheetState {
  id: string;
  name: string;
  owner: string;
  timeZone: string;
  locale: string;
  sheets: SheetState[];
  activeSheetId: number;
  /** The range the last Range.activate() selected (what the user sees highlighted); not saved to file. */
  activeRange?: { sheetId: number; a1: string };
  editors: string[];
  viewers: string[];
  nextSheetId: number;
  nextProtectionId: number;
}

export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;
export const MAX_CELLS = 10_000_000;

export function newSheetState(id: number, name: string): SheetState {
  return {
    id, name, maxRows: NEW_SHEET_ROWS, maxCols: NEW_SHEET_COLUMNS, hidden: false, frozenRows: 0,
    frozenCols: 0, rows: [], protection: null,
  };
}

export function newSpreadsheetState(owner: string, timeZone: string): SpreadsheetState {
  return {
    id: 'emulated-spreadsheet-id', name: 'Untitled spreadsheet', owner: owner.toLowerCase(), timeZone,
    locale: 'en_US', sheets: [newSheetState(0, 'Sheet1')], activeSheetId: 0, editors: [], viewers: [],
    nextSheetId: 1, nextProtectionId: 1,
  };
}

export function cellAt(sheet: SheetState, row: number, col: number): CellRec | undefined {
  return sheet.rows[row - 1]?.[col - 1];
}

export function ensureCell(sheet: SheetState, row: number, col: number): CellRec {
  let r = sheet.rows[row - 1];
  if (!r) { r = []; sheet.rows[row - 1] = r; }
  let c = r[col - 1];
  if (!c) { c = {}; r[col - 1] = c; }
  return c;
}

export function hasContent(c: CellRec | undefined): boolean {
  return c !== undefined && c.v !== undefined;
}

/** The last row with content (values or formulas), 0 when the sheet is empty. */
export function lastRowOf(sheet: SheetState): number {
  for (let r = Math.min(sheet.rows.length, sheet.maxRows); r >= 1; r--) {
    const row = sheet.rows[r - 1];
    if (row && row.some(hasContent)) return r;
  }
  return 0;
}

export function lastColumnOf(sheet: SheetState): number {
  let last = 0;
  for (const row of sheet.rows) {
    if (!row) continue;
    for (let c = row.length; c > last; c--) {
      if (hasContent(row[c - 1])) { last = c; break; }
    }
  }
  return last;
}

export function totalCells(ss: SpreadsheetState): number {
  return ss.sheets.reduce((sum, s) => sum + s.maxRows * s.maxCols, 0);
}

export function findSheet(ss: SpreadsheetState, name: string): SheetState | undefined {
  // Sheet names are unique without regard to case, and the lookup ignores case too.
  const wanted = name.toLowerCase();
  return ss.sheets.find((s) => s.name.toLowerCase() === wanted);
}
