// Reading and writing tabs. Every Sheets call costs a round trip in Apps Script, so a tab is read
// with one getValues() and a block is written with one setValues(); nothing here loops over cells
// with a call per cell.
import type { Cell } from '../core/model';
import { startBudget } from './budget';

export interface TabValues {
  /** The header row as the sheet has it ('' for blank header cells). */
  headers: Cell[];
  /** Data rows below the header; rows[0] is sheet row 2. */
  rows: Cell[][];
}

/** Sheet row number of the first data row (row 1 is the header). */
export const FIRST_DATA_ROW = 2;

// Each Sheets call is a round trip in Apps Script, so one action looks the spreadsheet and each tab
// up once. The cache lives for one action: `startAction` clears it, since a tab can be created or
// deleted between actions (and the local emulator keeps the bundle loaded across them).
let cached_spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
const cached_tabs = new Map<string, GoogleAppsScript.Spreadsheet.Sheet | null>();
// Values read in this action, so that the several parts of one action that need the Ledger or
// Batches share one getValues(). Every write through this module forgets the tab it wrote.
const cached_values = new Map<string, TabValues | null>();
// A tab's extent as last asked or as this module left it (a read's height is its last row; an
// append moves it), so that the several steps of one action that need "where does this tab end"
// ask Sheets once. Only writes through this module change tabs within an action (the document
// lock keeps other executions out), so the figures stay true until the action ends.
interface Extent { last_row?: number; last_column?: number; max_rows?: number; max_columns?: number }
const cached_extents = new Map<string, Extent>();

export function startAction(): void {
  startBudget();
  cached_spreadsheet = null;
  cached_tabs.clear();
  cached_values.clear();
  cached_extents.clear();
}

function extentOf(name: string): Extent {
  let extent = cached_extents.get(name);
  if (!extent) {
    extent = {};
    cached_extents.set(name, extent);
  }
  return extent;
}

/** The tab's last row with content (0 when empty), asked of Sheets at most once per action. */
export function lastRow(name: string): number {
  const extent = extentOf(name);
  if (extent.last_row === undefined) extent.last_row = requireTab(name).getLastRow();
  return extent.last_row;
}

/** The tab's last column with content (0 when empty), asked of Sheets at most once per action. */
function lastColumn(name: string): number {
  const extent = extentOf(name);
  if (extent.last_column === undefined) extent.last_column = requireTab(name).getLastColumn();
  return extent.last_column;
}

/**
 * Makes room below the last row for `count` more rows in one insert, so that a long append written
 * in several chunks grows the sheet once instead of once per chunk. Empty rows change no content.
 */
export function reserveRows(name: string, count: number): void {
  if (count <= 0) return;
  ensureRows(name, requireTab(name), lastRow(name) + count);
}

export function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  if (!cached_spreadsheet) cached_spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  return cached_spreadsheet;
}

export function findTab(name: string): GoogleAppsScript.Spreadsheet.Sheet | null {
  const cached = cached_tabs.get(name);
  if (cached !== undefined) return cached;
  const sheet = activeSpreadsheet().getSheetByName(name);
  cached_tabs.set(name, sheet);
  return sheet;
}

/**
 * Reads a whole tab in one call (once per action); null when the tab does not exist. Callers get
 * the cached arrays: treat them as read-only, or copy before changing them.
 */
export function readTab(name: string): TabValues | null {
  const cached = cached_values.get(name);
  if (cached !== undefined) return cached;
  const sheet = findTab(name);
  let read: TabValues | null = null;
  if (sheet) {
    const values = sheet.getDataRange().getValues() as Cell[][];
    read = values.length === 0 || (values.length === 1 && values[0].every((v) => v === ''))
      ? { headers: [], rows: [] }
      : { headers: values[0], rows: values.slice(1) };
    // getDataRange() spans exactly to the last row and column with content.
    extentOf(name).last_row = read.headers.length === 0 ? 0 : values.length;
    extentOf(name).last_column = read.headers.length === 0 ? 0 : values[0].length;
  }
  cached_values.set(name, read);
  return read;
}

/** Writes a block at (row, column) in one call. */
export function writeBlock(name: string, row: number, column: number, values: Cell[][]): void {
  if (values.length === 0) return;
  cached_values.delete(name);
  const sheet = requireTab(name);
  const extent = extentOf(name);
  extent.last_column = undefined;
  const last_needed_row = row + values.length - 1;
  if (extent.last_row !== undefined && last_needed_row > extent.last_row) {
    extent.last_row = isBlankRow(values[values.length - 1]!) ? undefined : last_needed_row;
  }
  // Tabs are cut to their columns at set-up: a header row with a column the user had deleted is wider.
  ensureColumns(name, sheet, column + values[0].length - 1);
  sheet.getRange(row, column, values.length, values[0].length).setValues(values);
}

/** Creates a tab with a bold, frozen header when it is missing. Returns true when it was created. */
export function ensureTab(name: string, headers: readonly string[]): boolean {
  if (findTab(name)) return false;
  const sheet = growing(name, `Creating the tab "${name}"`, NEW_SHEET_CELLS, () => activeSpreadsheet().insertSheet(name));
  cached_tabs.set(name, sheet);
  cached_values.delete(name);
  cached_extents.set(name, { last_row: 0 });
  ensureColumns(name, sheet, headers.length);
  if (headers.length > 0) {
    const header = sheet.getRange(1, 1, 1, headers.length);
    header.setValues([headers.slice()]);
    header.setFontWeight('bold');
    sheet.setFrozenRows(1);
    extentOf(name).last_row = 1;
  }
  return true;
}

/** Renames a tab (and what this action knows of it) and sets its tab colour. */
export function renameTab(from: string, to: string, tab_colour: string): void {
  const sheet = requireTab(from);
  sheet.setTabColor(tab_colour);
  sheet.setName(to);
  cached_tabs.set(from, null);
  cached_tabs.set(to, sheet);
  cached_values.delete(from);
  cached_values.delete(to);
  cached_extents.delete(from);
  cached_extents.delete(to);
}

export interface TabId { name: string; sheet_id: number }

/**
 * Every tab's name and sheet id, in one pass. A tab keeps its id when it is renamed, so the add-on
 * finds a tab it renamed by id, and never mistakes a tab someone named like it for its own.
 */
/** Every tab's name: one call for the list and one per tab. */
export function tabNames(): string[] {
  return activeSpreadsheet().getSheets().map((sheet) => sheet.getName());
}

export function tabIds(): TabId[] {
  return activeSpreadsheet().getSheets().map((sheet) => ({ name: sheet.getName(), sheet_id: sheet.getSheetId() }));
}

/**
 * Cuts a tab down to `width` columns (a tab the add-on has just created has Sheets' 26): every
 * column of the grid counts against the spreadsheet's 10,000,000 cells, empty or not.
 */
export function cutColumnsTo(name: string, width: number): void {
  const sheet = requireTab(name);
  const extent = extentOf(name);
  const columns = extent.max_columns ?? sheet.getMaxColumns();
  extent.max_columns = columns;
  if (width < 1 || columns <= width) return;
  extent.max_columns = undefined;
  sheet.deleteColumns(width + 1, columns - width);
  extent.max_columns = width;
}

/**
 * Appends rows below the last row in one write. Columns listed in `text_columns` (0-based) are
 * formatted as plain text first, so Sheets keeps `00123` as typed instead of turning it into 123.
 */
export function appendRows(name: string, rows: Cell[][], text_columns: readonly number[] = []): number {
  if (rows.length === 0) return 0;
  cached_values.delete(name);
  const sheet = requireTab(name);
  const width = rows[0].length;
  const start_row = lastRow(name) + 1;
  ensureRows(name, sheet, start_row + rows.length - 1);
  ensureColumns(name, sheet, width);
  const range = sheet.getRange(start_row, 1, rows.length, width);
  if (text_columns.length > 0) range.setNumberFormats(numberFormats(rows.length, width, text_columns));
  // Forgotten first: if setValues is cut short, the next question about this tab goes to Sheets.
  extentOf(name).last_row = undefined;
  extentOf(name).last_column = undefined;
  range.setValues(rows);
  // A trailing blank row is not content: Sheets' last row is then above the block, so ask again.
  extentOf(name).last_row = isBlankRow(rows[rows.length - 1]!) ? undefined : start_row + rows.length - 1;
  return start_row;
}

/** Replaces a derived tab (such as Exceptions) with `headers` and `rows`: one clear, one write. */
export function replaceBody(name: string, headers: readonly string[], rows: Cell[][], text_columns: readonly number[] = []): void {
  cached_values.delete(name);
  const sheet = requireTab(name);
  const old_last_row = lastRow(name);
  const old_last_column = lastColumn(name);
  extentOf(name).last_row = undefined;
  extentOf(name).last_column = undefined;
  if (old_last_row > rows.length + 1) {
    sheet.getRange(rows.length + 2, 1, old_last_row - rows.length - 1, Math.max(old_last_column, 1)).clearContent();
  }
  ensureRows(name, sheet, rows.length + 1);
  ensureColumns(name, sheet, headers.length);
  const block: Cell[][] = [headers.slice(), ...rows];
  const range = sheet.getRange(1, 1, block.length, headers.length);
  if (text_columns.length > 0) range.setNumberFormats(numberFormats(block.length, headers.length, text_columns));
  range.setValues(block);
  // Everything below the block was cleared across the tab's width: the block ends the tab.
  extentOf(name).last_row = isBlankRow(block[block.length - 1]!) ? undefined : block.length;
}

export interface CellMark {
  /** Sheet row and 1-based column. */
  row: number;
  column: number;
  note: string;
}

/** The prefix that tells the add-on's own notes from the user's, so only ours are ever cleared. */
export const MARK_PREFIX = 'Partner Ledger: ';
export const MARK_BACKGROUND = '#f4cccc';

/**
 * Sets the add-on's error notes and highlights on a tab and clears the ones it set earlier that no
 * longer apply: two reads and two writes for the whole tab, however many cells change.
 */
export function applyMarks(name: string, marks: CellMark[]): void {
  const sheet = findTab(name);
  if (!sheet) return;
  const last_row = lastRow(name);
  const last_column = lastColumn(name);
  if (last_row < 1 || last_column < 1) return;
  const range = sheet.getRange(1, 1, last_row, last_column);
  const notes = range.getNotes();
  const backgrounds = range.getBackgrounds() as (string | null)[][];
  let changed = false;
  for (let r = 0; r < notes.length; r++) {
    for (let c = 0; c < notes[r].length; c++) {
      const kept = withoutMarks(notes[r][c]);
      if (kept !== notes[r][c]) {
        notes[r][c] = kept;
        backgrounds[r][c] = null;
        changed = true;
      }
    }
  }
  for (const mark of marks) {
    if (mark.row > last_row || mark.column > last_column) continue;
    const existing = notes[mark.row - 1][mark.column - 1];
    const text = MARK_PREFIX + mark.note;
    notes[mark.row - 1][mark.column - 1] = existing === '' ? text : `${existing}\n${text}`;
    backgrounds[mark.row - 1][mark.column - 1] = MARK_BACKGROUND;
    changed = true;
  }
  if (!changed) return;
  range.setNotes(notes);
  range.setBackgrounds(backgrounds as string[][]);
}

/** A note without the add-on's own lines: the user's lines are never touched. */
function withoutMarks(note: string): string {
  if (!note.includes(MARK_PREFIX)) return note;
  return note.split('\n').filter((line) => !line.startsWith(MARK_PREFIX)).join('\n');
}

/** Selects a cell for the user (the sidebar's "go to error" links). */
export function selectCell(name: string, row: number, column: number): boolean {
  const sheet = findTab(name);
  if (!sheet) return false;
  sheet.activate();
  sheet.getRange(row, column).activate();
  return true;
}

export function requireTab(name: string): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = findTab(name);
  if (!sheet) throw new Error(`The "${name}" tab is missing. Run Partner Ledger → Set up to create it.`);
  return sheet;
}

function ensureRows(name: string, sheet: GoogleAppsScript.Spreadsheet.Sheet, last_needed_row: number): void {
  growTo(extentOf(name), 'max_rows', last_needed_row, () => sheet.getMaxRows(), (after, count) => {
    growing(name, `Adding ${grouped(count)} rows to "${name}"`, () => count * sheet.getMaxColumns(), () => sheet.insertRowsAfter(after, count));
  });
}

/** New sheets have 26 columns; a wider tab (the Ledger has 32) must be widened before writing. */
function ensureColumns(name: string, sheet: GoogleAppsScript.Spreadsheet.Sheet, needed_columns: number): void {
  growTo(extentOf(name), 'max_columns', needed_columns, () => sheet.getMaxColumns(), (after, count) => {
    growing(name, `Adding ${grouped(count)} columns to "${name}"`, () => count * sheet.getMaxRows(), () => sheet.insertColumnsAfter(after, count));
  });
}

/** Growth refused because the spreadsheet is at Sheets' cell limit; the message says what to do. */
export class SpreadsheetFullError extends Error {}

/** Google Sheets' limit for one spreadsheet, counted over every tab's whole grid, empty cells included. */
export const SPREADSHEET_CELL_LIMIT = 10_000_000;
/** A new tab's grid: 1,000 rows × 26 columns. */
const NEW_SHEET_CELLS = 26_000;

/**
 * Runs a call that grows the workbook. Sheets refuses growth past its cell limit with a message
 * that neither names the tab nor says what to do; when that is why the call failed (the cells are
 * counted only then: three calls per tab), the user gets a message that does. Any other failure is
 * passed on unchanged. Growth always comes before the write it makes room for, so the refused
 * write has not started.
 */
function growing<T>(tab: string, doing: string, added_cells: number | (() => number), grow: () => T): T {
  try {
    return grow();
  } catch (error) {
    let full: string | null = null;
    try {
      const used = cellsByTab().reduce((sum, t) => sum + t.cells, 0);
      const added = typeof added_cells === 'number' ? added_cells : added_cells();
      if (used + added > SPREADSHEET_CELL_LIMIT) full = spreadsheetFullMessage(tab, doing, used, added);
    } catch {
      // Counting failed as well: Sheets' own error is the better report.
    }
    throw full === null ? error : new SpreadsheetFullError(full);
  }
}

export interface TabCells { tab: string; cells: number }

/** Each tab's grid (rows × columns, empty cells included), largest first: three calls per tab. */
export function cellsByTab(): TabCells[] {
  return activeSpreadsheet().getSheets()
    .map((sheet) => ({ tab: sheet.getName(), cells: sheet.getMaxRows() * sheet.getMaxColumns() }))
    .sort((a, b) => b.cells - a.cells || (a.tab < b.tab ? -1 : 1));
}

function spreadsheetFullMessage(tab: string, doing: string, used: number, added: number): string {
  return `The spreadsheet is full: Google Sheets allows ${grouped(SPREADSHEET_CELL_LIMIT)} cells in one spreadsheet, ` +
    `counting the empty cells of every tab, and this one has ${grouped(used)}. ${doing} needs ${grouped(added)} more, ` +
    `so nothing more was written to "${tab}". Make room, then run it again: delete tabs you no longer need ` +
    "(your own tabs only: Ledger, Batches, Reviews, Audit and the Payout tabs are verified, and deleting one stops " +
    'export until it is restored), delete the empty rows and columns at the bottom and right of each tab, ' +
    'or start a new spreadsheet for the next period.';
}

/** 1234567 → `1,234,567` (the same in every locale the script runs in). */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Grows a sheet dimension to `needed`, asking its size at most once per action. */
function growTo(extent: Extent, key: 'max_rows' | 'max_columns', needed: number, ask: () => number, insert: (after: number, count: number) => void): void {
  const size = extent[key] ?? ask();
  extent[key] = size;
  if (needed <= size) return;
  // Forgotten while the insert is in flight: if it fails, the next question goes to Sheets.
  extent[key] = undefined;
  insert(size, needed - size);
  extent[key] = needed;
}

function isBlankRow(row: readonly Cell[]): boolean {
  return row.every((cell) => cell === '');
}

function numberFormats(height: number, width: number, text_columns: readonly number[]): string[][] {
  const row: string[] = [];
  for (let c = 0; c < width; c++) row.push(text_columns.includes(c) ? '@' : 'General');
  const formats: string[][] = [];
  for (let r = 0; r < height; r++) formats.push(row);
  return formats;
}
