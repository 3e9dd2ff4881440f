// Direct access to the workbook for tests and the CLI: no service calls are counted, protection
// is bypassed, and values come back in Node's own realm (host Dates).
import { parseA1 } from './a1';
import { displayOf } from './cell-values';
import { attrAt, lastColumnOf, lastRowOf, valueAt, writeStored, writeValues } from './grid';
import type { EmulatorState } from './state';
import type { Cell } from './types';
import {
  Attr, DEFAULT_BACKGROUND, DEFAULT_FONT_WEIGHT, DEFAULT_NUMBER_FORMAT, findSheet, FORMULA_PLACEHOLDER,
  newSheetState, SheetState, Stored, StoredDate, StoredFormula,
} from './workbook';

export interface ProtectionInfo {
  sheet: string;
  description: string;
  editors: string[];
  warningOnly: boolean;
  domainEdit: boolean;
}

export interface SheetInfo {
  name: string;
  maxRows: number;
  maxColumns: number;
  lastRow: number;
  lastColumn: number;
  frozenRows: number;
  hidden: boolean;
}

export class WorkbookView {
  constructor(private readonly state: EmulatorState) {}

  get owner(): string { return this.state.spreadsheet.owner; }
  get timeZone(): string { return this.state.spreadsheet.timeZone; }
  /** Users the file is shared with for editing (besides the owner). */
  get editors(): string[] { return [...this.state.spreadsheet.editors]; }

  sheetNames(): string[] {
    return this.state.spreadsheet.sheets.map((s) => s.name);
  }

  /** What the user sees selected: the range the last Range.activate() chose (null before any). */
  activeRange(): { sheet: string; a1: string } | null {
    const active = this.state.spreadsheet.activeRange;
    const sheet = active && this.state.spreadsheet.sheets.find((s) => s.id === active.sheetId);
    return active && sheet ? { sheet: sheet.name, a1: active.a1 } : null;
  }

  hasSheet(name: string): boolean {
    return findSheet(this.state.spreadsheet, name) !== undefined;
  }

  info(sheet: string): SheetInfo {
    const s = this.sheet(sheet);
    return {
      name: s.name, maxRows: s.maxRows, maxColumns: s.maxCols, lastRow: lastRowOf(s), lastColumn: lastColumnOf(s),
      frozenRows: s.frozenRows, hidden: s.hidden,
    };
  }

  /** Values of the data range (or of `a1`), as getValues returns them: '' empty, host Dates,
   * '#FORMULA!' for formulas. */
  values(sheet: string, a1?: string): Cell[][] {
    return this.grid(sheet, a1, (s, r, c): Cell => {
      const v = valueAt(s, r, c);
      if (v === undefined) return '';
      if (v instanceof StoredDate) return new Date(v.ms);
      if (v instanceof StoredFormula) return FORMULA_PLACEHOLDER;
      return v;
    });
  }

  displayValues(sheet: string, a1?: string): string[][] {
    const tz = this.state.spreadsheet.timeZone;
    return this.grid(sheet, a1, (s, r, c) => displayOf(valueAt(s, r, c), attrAt(s, 'fmt', r, c), tz));
  }

  formulas(sheet: string, a1?: string): string[][] {
    return this.grid(sheet, a1, (s, r, c) => {
      const v = valueAt(s, r, c);
      return v instanceof StoredFormula ? v.formula : '';
    });
  }

  notes(sheet: string, a1?: string): string[][] {
    return this.attrGrid(sheet, a1, 'note', '');
  }

  backgrounds(sheet: string, a1?: string): string[][] {
    return this.attrGrid(sheet, a1, 'bg', DEFAULT_BACKGROUND);
  }

  numberFormats(sheet: string, a1?: string): string[][] {
    return this.attrGrid(sheet, a1, 'fmt', DEFAULT_NUMBER_FORMAT);
  }

  fontWeights(sheet: string, a1?: string): string[][] {
    return this.attrGrid(sheet, a1, 'fw', DEFAULT_FONT_WEIGHT);
  }

  protection(sheet: string): ProtectionInfo | null {
    const s = this.sheet(sheet);
    return s.protection ? protectionInfo(s) : null;
  }

  protections(): ProtectionInfo[] {
    return this.state.spreadsheet.sheets.filter((s) => s.protection).map(protectionInfo);
  }

  /** Adds an empty 1000 x 26 sheet (seeding a test); returns false when it already exists. */
  addSheet(name: string): boolean {
    const ss = this.state.spreadsheet;
    if (findSheet(ss, name)) return false;
    ss.sheets.push(newSheetState(ss.nextSheetId++, name));
    return true;
  }

  /** Writes values as a user typing them would (Sheets' conversions) unless `raw`, growing the
   * sheet as needed; creates the sheet when missing. */
  setValues(sheet: string, row: number, col: number, values: unknown[][], options: { raw?: boolean } = {}): void {
    this.addSheet(sheet);
    const s = this.sheet(sheet);
    const tz = this.state.spreadsheet.timeZone;
    values.forEach((line, r) => {
      if (options.raw) writeStored(s, row + r, col, 1, line.length, (_r, c) => rawStored(line[c]));
      else writeValues(s, row + r, col, 1, line.length, (_r, c) => line[c], tz);
    });
    s.maxRows = Math.max(s.maxRows, row + values.length - 1);
    s.maxCols = Math.max(s.maxCols, col - 1 + Math.max(0, ...values.map((l) => l.length)));
  }

  private sheet(name: string): SheetState {
    const s = findSheet(this.state.spreadsheet, name);
    if (!s) throw new Error(`No sheet named "${name}" (sheets: ${this.sheetNames().join(', ')})`);
    return s;
  }

  private attrGrid(sheet: string, a1: string | undefined, attr: Attr, fallback: string): string[][] {
    return this.grid(sheet, a1, (s, r, c) => attrAt(s, attr, r, c) ?? fallback);
  }

  private grid<T>(sheet: string, a1: string | undefined, pick: (s: SheetState, row: number, col: number) => T): T[][] {
    const s = this.sheet(sheet);
    let row = 1;
    let col = 1;
    let rows = lastRowOf(s);
    let cols = lastColumnOf(s);
    if (a1 !== undefined) {
      const box = parseA1(a1);
      if (!box) throw new Error(`Bad A1 notation: ${a1}`);
      row = box.row; col = box.col;
      rows = (box.lastRow ?? s.maxRows) - row + 1;
      cols = (box.lastCol ?? s.maxCols) - col + 1;
    }
    const out: T[][] = [];
    for (let r = 0; r < rows; r++) {
      const line: T[] = [];
      for (let c = 0; c < cols; c++) line.push(pick(s, row + r, col + c));
      out.push(line);
    }
    return out;
  }
}

function rawStored(v: unknown): Stored | undefined {
  if (v === '' || v === null || v === undefined) return undefined;
  if (Object.prototype.toString.call(v) === '[object Date]') return new StoredDate((v as Date).getTime());
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

function protectionInfo(s: SheetState): ProtectionInfo {
  const p = s.protection!;
  return {
    sheet: s.name, description: p.description, editors: [...p.editors], warningOnly: p.warningOnly,
    domainEdit: p.domainEdit,
  };
}
