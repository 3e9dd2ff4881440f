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

/** A row of cell values by column (index c-1); undefined = empty. */
export type ValueRow = Array<Stored | undefined>;

/** The cell attributes the emulator stores besides values. */
export type Attr = 'fmt' | 'note' | 'bg' | 'fw';
export const ATTRS: readonly Attr[] = ['fmt', 'note', 'bg', 'fw'];

/**
 * A row of one attribute by column (undefined = the default). Rows are frozen and shared: the
 * add-on formats every appended row alike, so a million rows hold one array between them. Change
 * a copy, never the row (grid.ts does that).
 */
export type AttrRow = ReadonlyArray<string | undefined>;
export type AttrLayer = Array<AttrRow | undefined>;

export function emptyAttrs(): Record<Attr, AttrLayer> {
  return { fmt: [], note: [], bg: [], fw: [] };
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
  /** values[r-1][c-1]: plain arrays, a row created when first written; undefined = an empty cell. */
  values: Array<ValueRow | undefined>;
  /** Number formats, notes, backgrounds and font weights: most cells have none (see AttrRow). */
  attrs: Record<Attr, AttrLayer>;
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
    frozenCols: 0, values: [], attrs: emptyAttrs(), protection: null,
  };
}

export function newSpreadsheetState(owner: string, timeZone: string): SpreadsheetState {
  return {
    id: 'emulated-spreadsheet-id', name: 'Untitled spreadsheet', owner: owner.toLowerCase(), timeZone,
    locale: 'en_US', sheets: [newSheetState(0, 'Sheet1')], activeSheetId: 0, editors: [], viewers: [],
    nextSheetId: 1, nextProtectionId: 1,
  };
}

export function totalCells(ss: SpreadsheetState): number {
  return ss.sheets.reduce((sum, s) => sum + s.maxRows * s.maxCols, 0);
}

export function findSheet(ss: SpreadsheetState, name: string): SheetState | undefined {
  // Sheet names are unique without regard to case, and the lookup ignores case too.
  const wanted = name.toLowerCase();
  return ss.sheets.find((s) => s.name.toLowerCase() === wanted);
}
