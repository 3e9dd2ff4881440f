// How a sheet's cells are stored and changed. Values live in plain per-row arrays; formats, notes,
// backgrounds and font weights in sparse layers whose rows are shared copy-on-write. A cell used to
// be an object per cell, which took ~12 GiB for the 60M cells of the 1M-conversion bench.
import { coerceWritten } from './cell-values';
import {
  Attr, AttrLayer, AttrRow, ATTRS, SheetState, Stored, ValueRow,
} from './workbook';

export function valueAt(sheet: SheetState, row: number, col: number): Stored | undefined {
  return sheet.values[row - 1]?.[col - 1];
}

export function attrAt(sheet: SheetState, attr: Attr, row: number, col: number): string | undefined {
  return sheet.attrs[attr][row - 1]?.[col - 1];
}

/** The last row with content (values or formulas), 0 when the sheet is empty. */
export function lastRowOf(sheet: SheetState): number {
  const values = sheet.values;
  for (let r = Math.min(values.length, sheet.maxRows); r >= 1; r--) {
    const row = values[r - 1];
    if (row && row.some((v) => v !== undefined)) return r;
  }
  return 0;
}

export function lastColumnOf(sheet: SheetState): number {
  let last = 0;
  for (const row of sheet.values) {
    if (!row) continue;
    for (let c = row.length; c > last; c--) {
      if (row[c - 1] !== undefined) { last = c; break; }
    }
  }
  return last;
}

/** The cell's new content for a write at sheet row/col (1-based), 0-based offsets in the box. */
export type CellInput = (r: number, c: number) => unknown;

/**
 * Writes values as Sheets converts them (see cell-values.ts), row by row: a recognised date or
 * percent gives its cell a number format when it has none.
 */
export function writeValues(
  sheet: SheetState, row: number, col: number, numRows: number, numCols: number, input: CellInput, timeZone: string,
): void {
  for (let r = 0; r < numRows; r++) {
    const values = valueRow(sheet, row + r, col - 1 + numCols);
    const formats = sheet.attrs.fmt[row + r - 1];
    let auto: Array<[number, string]> | null = null;
    for (let c = 0; c < numCols; c++) {
      const i = col - 1 + c;
      const w = coerceWritten(input(r, c), formats?.[i], timeZone);
      values[i] = flatIfLong(w.v);
      if (w.autoFormat && !formats?.[i]) (auto ??= []).push([i, w.autoFormat]);
    }
    if (auto) {
      const found = auto;
      updateAttrRow(sheet.attrs.fmt, row + r - 1, (next) => { for (const [i, f] of found) next[i] = f; });
    }
  }
}

/**
 * V8 keeps a string built by concatenation as a tree of its pieces: a 64-character hash made of
 * eight 8-character parts costs several times its flat size, for as long as the cell keeps it.
 * Long strings (hashes, JSON details) are stored as a flat copy; shorter ones are mostly shared
 * with other cells and rows, where a copy would cost instead (measured: -34% of the 100k
 * workbook's heap at 32 characters and up, less below).
 */
const FLAT_COPY_MIN_LENGTH = 32;

function flatIfLong(v: Stored | undefined): Stored | undefined {
  return typeof v === 'string' && v.length >= FLAT_COPY_MIN_LENGTH ? JSON.parse(JSON.stringify(v)) as string : v;
}

/** Stores values as given (formulas, raw test seeds): no conversion, no format. */
export function writeStored(
  sheet: SheetState, row: number, col: number, numRows: number, numCols: number, input: (r: number, c: number) => Stored | undefined,
): void {
  for (let r = 0; r < numRows; r++) {
    const values = valueRow(sheet, row + r, col - 1 + numCols);
    for (let c = 0; c < numCols; c++) values[col - 1 + c] = input(r, c);
  }
}

/** Sets one attribute over a box; undefined restores the default. */
export function writeAttr(
  sheet: SheetState, attr: Attr, row: number, col: number, numRows: number, numCols: number,
  input: (r: number, c: number) => string | undefined,
): void {
  const layer = sheet.attrs[attr];
  for (let r = 0; r < numRows; r++) {
    updateAttrRow(layer, row + r - 1, (next) => { for (let c = 0; c < numCols; c++) next[col - 1 + c] = input(r, c); });
  }
}

/** Empties values (when `values`) and the listed attributes over a box. */
export function clearBox(
  sheet: SheetState, row: number, col: number, numRows: number, numCols: number, what: { values: boolean; attrs: readonly Attr[] },
): void {
  if (what.values) {
    for (let r = 0; r < numRows; r++) {
      const values = sheet.values[row + r - 1];
      if (values) for (let c = 0; c < numCols && col - 1 + c < values.length; c++) values[col - 1 + c] = undefined;
    }
  }
  for (const attr of what.attrs) {
    const layer = sheet.attrs[attr];
    for (let r = 0; r < numRows; r++) {
      if (layer[row + r - 1]) updateAttrRow(layer, row + r - 1, (next) => { next.fill(undefined, col - 1, col - 1 + numCols); });
    }
  }
}

/** Removes `remove` rows at 0-based `at` and inserts `insert` empty rows there, in every layer. */
export function spliceRows(sheet: SheetState, at: number, remove: number, insert: number): void {
  const splice = <T>(rows: Array<T | undefined>): Array<T | undefined> => {
    if (rows.length <= at) return rows;
    // concat keeps the holes and avoids spreading a huge argument list.
    return rows.slice(0, at).concat(new Array<T | undefined>(insert), rows.slice(at + remove));
  };
  sheet.values = splice(sheet.values);
  for (const attr of ATTRS) sheet.attrs[attr] = splice(sheet.attrs[attr]);
}

/** Removes `remove` columns at 0-based `at` and inserts `insert` empty columns there, in every layer. */
export function spliceColumns(sheet: SheetState, at: number, remove: number, insert: number): void {
  const change = <T>(row: readonly T[]): T[] => {
    const next = row.slice(0, at);
    next.length = at + insert;
    for (let i = at + remove; i < row.length; i++) next.push(row[i]);
    return next;
  };
  const values = sheet.values;
  for (let r = 0; r < values.length; r++) {
    const row = values[r];
    if (row && row.length > at) values[r] = change(row);
  }
  for (const attr of ATTRS) {
    const layer = sheet.attrs[attr];
    // A shared row changes once and stays shared.
    const done = new Map<AttrRow, AttrRow | undefined>();
    for (let r = 0; r < layer.length; r++) {
      const row = layer[r];
      if (!row || row.length <= at) continue;
      let next = done.get(row);
      if (!done.has(row)) {
        const changed = trimmed(change(row));
        next = changed.length === 0 ? undefined : Object.freeze(changed);
        done.set(row, next);
      }
      layer[r] = next;
    }
  }
}

/** The sheet's value row, created `width` long when missing: an array grown one cell at a time
 * keeps up to half its length spare, which is ~45% of an 11-column row. */
function valueRow(sheet: SheetState, row: number, width: number): ValueRow {
  let values = sheet.values[row - 1];
  if (!values) { values = new Array<Stored | undefined>(width); sheet.values[row - 1] = values; }
  return values;
}

/**
 * Changes a copy of one attribute row and stores it shared with the row above when they are equal,
 * so blocks formatted alike (every append) hold one array, and an unchanged row keeps its array.
 */
export function updateAttrRow(layer: AttrLayer, index: number, change: (next: Array<string | undefined>) => void): void {
  const old = layer[index];
  const next = trimmed(withChange(old, change));
  if (next.length === 0) {
    if (old) layer[index] = undefined;
    return;
  }
  const above = index > 0 ? layer[index - 1] : undefined;
  if (above && sameRow(above, next)) layer[index] = above;
  else if (old && sameRow(old, next)) return;
  else layer[index] = Object.freeze(next);
}

function withChange(old: AttrRow | undefined, change: (next: Array<string | undefined>) => void): Array<string | undefined> {
  const next = old ? old.slice() : [];
  change(next);
  return next;
}

function trimmed<T>(row: T[]): T[] {
  let end = row.length;
  while (end > 0 && row[end - 1] === undefined) end--;
  row.length = end;
  return row;
}

function sameRow(a: AttrRow, b: AttrRow): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
