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
  const damage = firstDamage(data as WorkbookFile);
  if (damage !== null) throw new WorkbookFileError(`${source} is a damaged workbook file: ${damage}.`);
  return data as WorkbookFile;
}

// ---------- the shape of every part, checked before any of it is used ----------

/** What is wrong at `where`, or null: each check returns the first problem it finds. */
type Check = (value: unknown, where: string) => string | null;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

const aString: Check = (v, where) => (typeof v === 'string' ? null : `${where} should be text, not ${shown(v)}`);
const aBoolean: Check = (v, where) => (typeof v === 'boolean' ? null : `${where} should be true or false, not ${shown(v)}`);
const wholeNumber = (min: number): Check => (v, where) =>
  (Number.isInteger(v) && (v as number) >= min ? null : `${where} should be a whole number of at least ${min}, not ${shown(v)}`);
const anEmail: Check = (v, where) => (typeof v === 'string' && /^[^@\s]+@[^@\s]+$/.test(v) ? null : `${where} should be an email address, not ${shown(v)}`);
const optional = (check: Check): Check => (v, where) => (v === undefined ? null : check(v, where));
const listOf = (check: Check): Check => (v, where) => {
  if (!Array.isArray(v)) return `${where} should be a list, not ${shown(v)}`;
  for (let i = 0; i < v.length; i++) {
    const problem = check(v[i], `${where}[${i}]`);
    if (problem !== null) return problem;
  }
  return null;
};
const fields = (checks: Record<string, Check>): Check => (v, where) => {
  if (!isPlainObject(v)) return `${where} should be an object, not ${shown(v)}`;
  for (const [key, check] of Object.entries(checks)) {
    const problem = check(v[key], where === '' ? key : `${where}.${key}`);
    if (problem !== null) return problem;
  }
  return null;
};
const recordOf = (check: Check): Check => (v, where) => {
  if (!isPlainObject(v)) return `${where} should be an object, not ${shown(v)}`;
  for (const [key, value] of Object.entries(v)) {
    const problem = check(value, `${where}.${key}`);
    if (problem !== null) return problem;
  }
  return null;
};

const storedValue: Check = (v, where) => {
  if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return null;
  if (isPlainObject(v) && typeof v.$date === 'string' && !Number.isNaN(Date.parse(v.$date))) return null;
  if (isPlainObject(v) && typeof v.$formula === 'string') return null;
  return `${where} should be text, a number, true/false, {"$date": ISO time} or {"$formula": "=…"}, not ${shown(v)}`;
};

const cellEntry = (max_rows: number, max_columns: number): Check => (v, where) => {
  if (!Array.isArray(v) || v.length !== 3) return `${where} should be [row, column, {cell}], not ${shown(v)}`;
  const [row, column, cell] = v as unknown[];
  if (!Number.isInteger(row) || (row as number) < 1 || (row as number) > max_rows) {
    return `${where} is at row ${shown(row)}, outside the sheet's rows 1-${max_rows}`;
  }
  if (!Number.isInteger(column) || (column as number) < 1 || (column as number) > max_columns) {
    return `${where} is at column ${shown(column)}, outside the sheet's columns 1-${max_columns}`;
  }
  return fields({ v: optional(storedValue), note: optional(aString), bg: optional(aString), fmt: optional(aString), fw: optional(aString) })(cell, `${where}[2]`);
};

const protection: Check = (v, where) => (v === null ? null : fields({
  id: wholeNumber(0), description: aString, editors: listOf(aString), warningOnly: aBoolean, domainEdit: aBoolean,
})(v, where));

const sheet: Check = (v, where) => {
  const head = fields({
    id: wholeNumber(0), name: aString, maxRows: wholeNumber(1), maxColumns: wholeNumber(1), hidden: aBoolean,
    frozenRows: wholeNumber(0), frozenColumns: wholeNumber(0), protection,
  })(v, where);
  if (head !== null) return head;
  const s = v as SheetJson;
  if (s.name.trim() === '') return `${where}.name is empty: every sheet has a name`;
  return listOf(cellEntry(s.maxRows, s.maxColumns))(s.cells, `${where}.cells`);
};

const spreadsheet: Check = (v, where) => {
  const head = fields({
    id: aString, name: aString, owner: anEmail, timeZone: aString, locale: aString, activeSheetId: wholeNumber(0),
    editors: listOf(aString), viewers: listOf(aString), nextSheetId: wholeNumber(0), nextProtectionId: wholeNumber(0),
    sheets: listOf(sheet),
  })(v, where);
  if (head !== null) return head;
  const names = new Set<string>();
  for (const s of (v as WorkbookFile['spreadsheet']).sheets) {
    if (names.has(s.name.toLowerCase())) return `${where}.sheets has two sheets named "${s.name}"`;
    names.add(s.name.toLowerCase());
  }
  return null;
};

const workbook: Check = fields({
  spreadsheet,
  documentProperties: recordOf(aString),
  scriptProperties: recordOf(aString),
  userProperties: recordOf(recordOf(aString)),
  triggers: listOf(fields({ id: aString, handler: aString, eventType: aString, source: aString, owner: aString })),
  nextTriggerId: wholeNumber(0),
  sentMail: listOf(fields({ to: aString, subject: aString, body: aString })),
  mailUsed: wholeNumber(0),
});

/** The first part of the file that is not what the emulator writes, or null. */
function firstDamage(data: WorkbookFile): string | null {
  return workbook(data, '');
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
