// Writes every tab of a workbook to DIR/<Tab>.csv, as File → Download → CSV would, with text that
// could run as a formula neutralised.
import * as fs from 'fs';
import * as path from 'path';
import { toCsv, type CsvValue } from '../core/export/csv';
import { TAB } from '../core/schema/tabs';
import type { WorkbookSession } from './workbook-session';

/** Writes each tab that holds something (an empty sheet, like a new spreadsheet's Sheet1, is skipped). */
export function dumpWorkbook(session: WorkbookSession, out_dir: string): string[] {
  const written: string[] = [];
  for (const name of session.emulator.workbook.sheetNames()) {
    const values = trimTrailingEmpty(session.emulator.workbook.values(name).map((row) => row.map(csvCell)));
    if (values.length === 0) continue;
    fs.mkdirSync(out_dir, { recursive: true });
    const file = path.join(out_dir, `${name}.csv`);
    fs.writeFileSync(file, toCsv(values));
    written.push(file);
  }
  return written;
}

const TAB_FILES = new Set(Object.values(TAB).map((name) => `${name}.csv`));

/** A file name an earlier `run` wrote: removed by the next run into the same directory. */
export function isRunOutput(name: string): boolean {
  // Payout tabs of voided and paid batches are renamed VOID/PAID; a paid batch's files are ALREADY-PAID-.
  return TAB_FILES.has(name) || /^((VOID |PAID )?Payout .*|(ALREADY-PAID-)?payout-.*)\.csv$/.test(name);
}

/**
 * A file name `run` may remove or write in its --out directory: its own outputs, and the new
 * spreadsheet's untouched first sheet (Sheet1). `ignore_case` for case-insensitive filesystems.
 */
export function runMayReplace(name: string, ignore_case: boolean): boolean {
  if (!ignore_case) return isRunOutput(name) || name === 'Sheet1.csv';
  const lower = name.toLowerCase();
  return lower === 'sheet1.csv' || [...TAB_FILES].some((t) => t.toLowerCase() === lower) ||
    /^((void |paid )?payout .*|(already-paid-)?payout-.*)\.csv$/.test(lower);
}

/**
 * Removes from DIR what an earlier `run` wrote there (each tab's CSV, payout tabs and payout files)
 * and nothing else, so a run that stops before approval cannot leave last run's payout file beside
 * this run's Batches.csv.
 */
export function removeRunOutputs(out_dir: string): string[] {
  if (!fs.existsSync(out_dir)) return [];
  const removed: string[] = [];
  for (const entry of fs.readdirSync(out_dir, { withFileTypes: true })) {
    if (!entry.isFile() || !isRunOutput(entry.name)) continue;
    fs.rmSync(path.join(out_dir, entry.name));
    removed.push(entry.name);
  }
  return removed;
}

function csvCell(value: unknown): CsvValue {
  if (Object.prototype.toString.call(value) === '[object Date]') return (value as Date).toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return value === null || value === undefined ? '' : String(value);
}

/** Sheets' grid is wider and taller than the data; a CSV download stops at the last non-empty cell. */
function trimTrailingEmpty(rows: CsvValue[][]): CsvValue[][] {
  let last_row = rows.length;
  while (last_row > 0 && rows[last_row - 1].every((v) => v === '' || v === null)) last_row--;
  let last_col = 0;
  for (let r = 0; r < last_row; r++) {
    for (let c = rows[r].length; c > last_col; c--) {
      if (rows[r][c - 1] !== '' && rows[r][c - 1] !== null) { last_col = c; break; }
    }
  }
  return rows.slice(0, last_row).map((row) => row.slice(0, last_col));
}
