// The JSON workbook file: everything an emulated spreadsheet and its script project hold, so a
// CLI step can pick up where the previous one stopped. Dates are {"$date": ISO string} and
// formulas {"$formula": "=..."}; cells are stored sparsely as [row, column, cell].
import type { EmulatorState } from './state';
import type { SentMail, TriggerRecord } from './types';
import { updateAttrRow } from './grid';
import {
  Attr, ATTRS, emptyAttrs, ProtectionState, SheetState, SpreadsheetState, Stored, StoredDate, StoredFormula,
} from './workbook';

export const WORKBOOK_FORMAT = 'partner-ledger-emulator-workbook';
export const WORKBOOK_VERSION = 1;

type StoredJson = string | number | boolean | { $date: string } | { $formula: string };

interface CellJson {
  v?: StoredJson;
  note?: string;
  bg?: string;
  fmt?: string;
  fw?: string;
}

interface SheetJson {
  id: number;
  name: string;
  maxRows: number;
  maxColumns: number;
  hidden: boolean;
  frozenRows: number;
  frozenColumns: number;
  protection: ProtectionState | null;
  cells: Array<[number, number, CellJson]>;
}

export interface WorkbookFile {
  format: typeof WORKBOOK_FORMAT;
  version: number;
  spreadsheet: {
    id: string;
    name: string;
    owner: string;
    timeZone: string;
    locale: string;
    activeSheetId: number;
    editors: string[];
    viewers: string[];
    nextSheetId: number;
    nextProtectionId: number;
    sheets: SheetJson[];
  };
  documentProperties: Record<string, string>;
  scriptProperties: Record<string, string>;
  userProperties: Record<string, Record<string, string>>;
  triggers: TriggerRecord[];
  nextTriggerId: number;
  sentMail: SentMail[];
  mailUsed: number;
}

function storedToJson(v: Stored): StoredJson {
  if (v instanceof StoredDate) return { $date: new Date(v.ms).toISOString() };
  if (v instanceof StoredFormula) return { $formula: v.formula };
  return v;
}

function storedFromJson(v: StoredJson): Stored {
  if (typeof v !== 'object' || v === null) return v;
  if ('$date' in v) return new StoredDate(Date.parse(v.$date));
  return new StoredFormula(v.$formula);
}

/** The key order of a cell's entry in version 1 files. */
const FILE_ATTR_ORDER: readonly Attr[] = ['note', 'bg', 'fmt', 'fw'];

function sheetToJson(s: SheetState): SheetJson {
  // The file keeps one entry per cell, as version 1 always did: files stay readable both ways.
  const cells: Array<[number, number, CellJson]> = [];
  const height = Math.max(s.values.length, ...ATTRS.map((a) => s.attrs[a].length));
  for (let r = 0; r < height; r++) {
    const values = s.values[r];
    const width = Math.max(values?.length ?? 0, ...ATTRS.map((a) => s.attrs[a][r]?.length ?? 0));
    for (let col = 0; col < width; col++) {
      const out: CellJson = {};
      const v = values?.[col];
      if (v !== undefined) out.v = storedToJson(v);
      for (const a of FILE_ATTR_ORDER) {
        const x = s.attrs[a][r]?.[col];
        if (x) out[a] = x;
      }
      if (Object.keys(out).length > 0) cells.push([r + 1, col + 1, out]);
    }
  }
  return {
    id: s.id, name: s.name, maxRows: s.maxRows, maxColumns: s.maxCols, hidden: s.hidden, frozenRows: s.frozenRows,
    frozenColumns: s.frozenCols, protection: s.protection ? { ...s.protection, editors: [...s.protection.editors] } : null,
    cells,
  };
}

function sheetFromJson(j: SheetJson): SheetState {
  const s: SheetState = {
    id: j.id, name: j.name, maxRows: j.maxRows, maxCols: j.maxColumns, hidden: j.hidden, frozenRows: j.frozenRows,
    frozenCols: j.frozenColumns, values: [], attrs: emptyAttrs(), protection: j.protection,
  };
  const attrs: Record<Attr, Array<Array<string | undefined> | undefined>> = { fmt: [], note: [], bg: [], fw: [] };
  for (const [r, c, cell] of j.cells) {
    if (cell.v !== undefined) (s.values[r - 1] ??= [])[c - 1] = storedFromJson(cell.v);
    for (const a of ATTRS) if (cell[a]) (attrs[a][r - 1] ??= [])[c - 1] = cell[a];
  }
  // Rows stored through updateAttrRow, top to bottom, so equal rows share one array again.
  for (const a of ATTRS) {
    attrs[a].forEach((row, r) => { if (row) updateAttrRow(s.attrs[a], r, (next) => { row.forEach((x, c) => { next[c] = x; }); }); });
  }
  return s;
}

const toRecord = (m: Map<string, string>): Record<string, string> => Object.fromEntries(m);

export function toWorkbookFile(state: EmulatorState): WorkbookFile {
  const ss = state.spreadsheet;
  return {
    format: WORKBOOK_FORMAT,
    version: WORKBOOK_VERSION,
    spreadsheet: {
      id: ss.id, name: ss.name, owner: ss.owner, timeZone: ss.timeZone, locale: ss.locale,
      activeSheetId: ss.activeSheetId, editors: [...ss.editors], viewers: [...ss.viewers], nextSheetId: ss.nextSheetId,
      nextProtectionId: ss.nextProtectionId, sheets: ss.sheets.map(sheetToJson),
    },
    documentProperties: toRecord(state.documentProperties),
    scriptProperties: toRecord(state.scriptProperties),
    userProperties: Object.fromEntries([...state.userProperties].map(([u, m]) => [u, toRecord(m)])),
    triggers: state.triggers.map((t) => ({ ...t, schedule: { ...t.schedule } })),
    nextTriggerId: state.nextTriggerId,
    sentMail: state.sentMail.map((m) => ({ ...m })),
    mailUsed: state.mailUsed,
  };
}

/** A file that is not a workbook this emulator can read: the user's mistake, not a bug. */
export class WorkbookFileError extends Error {}

export function parseWorkbookFile(text: string, source: string): WorkbookFile {
  let data: Partial<WorkbookFile>;
  try {
    data = JSON.parse(text) as Partial<WorkbookFile>;
  } catch (error) {
    throw new WorkbookFileError(`${source} is not valid JSON (${(error as Error).message}), so it is not a workbook file.`);
  }
  if (typeof data !== 'object' || data === null || data.format !== WORKBOOK_FORMAT || typeof data.version !== 'number') {
    throw new WorkbookFileError(`${source} is not an emulator workbook file (format "${String(data?.format)}").`);
  }
  if (data.version > WORKBOOK_VERSION) {
    throw new WorkbookFileError(`${source} was written by a newer emulator (version ${data.version}).`);
  }
  const missing = missingParts(data);
  if (missing.length > 0) throw new WorkbookFileError(`${source} is an incomplete workbook file: ${missing.join(', ')} missing or damaged.`);
  return data as WorkbookFile;
}

/** The parts applyWorkbookFile reads, checked up front so a damaged file is named, not crashed on. */
function missingParts(data: Partial<WorkbookFile>): string[] {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const ss = data.spreadsheet;
  const checks: Array<[string, boolean]> = [
    ['spreadsheet', isObject(ss)],
    ['spreadsheet.sheets', isObject(ss) && Array.isArray(ss!.sheets) && ss!.sheets.every((s) => isObject(s) && Array.isArray(s.cells))],
    ['spreadsheet.editors', isObject(ss) && Array.isArray(ss!.editors) && Array.isArray(ss!.viewers)],
    ['documentProperties', isObject(data.documentProperties)],
    ['scriptProperties', isObject(data.scriptProperties)],
    ['userProperties', isObject(data.userProperties)],
    ['triggers', Array.isArray(data.triggers)],
    ['sentMail', Array.isArray(data.sentMail)],
  ];
  return checks.filter(([, ok]) => !ok).map(([name]) => name);
}

/** Replaces the state's contents with the file's. */
export function applyWorkbookFile(state: EmulatorState, file: WorkbookFile): void {
  const j = file.spreadsheet;
  const ss: SpreadsheetState = {
    id: j.id, name: j.name, owner: j.owner, timeZone: j.timeZone, locale: j.locale, activeSheetId: j.activeSheetId,
    editors: [...j.editors], viewers: [...j.viewers], nextSheetId: j.nextSheetId, nextProtectionId: j.nextProtectionId,
    sheets: j.sheets.map(sheetFromJson),
  };
  state.spreadsheet = ss;
  fill(state.documentProperties, file.documentProperties);
  fill(state.scriptProperties, file.scriptProperties);
  state.userProperties.clear();
  for (const [user, props] of Object.entries(file.userProperties)) fill(state.userStore(user), props);
  state.triggers = file.triggers.map((t) => ({ ...t }));
  state.nextTriggerId = file.nextTriggerId;
  state.sentMail.splice(0, state.sentMail.length, ...file.sentMail);
  state.mailUsed = file.mailUsed;
}

function fill(target: Map<string, string>, source: Record<string, string>): void {
  target.clear();
  for (const [k, v] of Object.entries(source)) target.set(k, v);
}
