// SpreadsheetApp and Spreadsheet: the one spreadsheet the add-on is opened in
// (spreadsheets.currentonly), its sheets, sharing, toasts and protections.
import { parseA1 } from './a1';
import type { Env } from './env';
import { assertCanEditSheet, Protection } from './protection';
import type { Range } from './range';
import { assertCellLimit, duplicateNameMessage, Sheet } from './sheet';
import { Ui } from './ui';
import { emailOf, User } from './user';
import {
  findSheet, NEW_SHEET_COLUMNS, NEW_SHEET_ROWS, newSheetState, SheetState, SpreadsheetState,
} from './workbook';

export const PROTECTION_TYPE = Object.freeze({ RANGE: 'RANGE', SHEET: 'SHEET' });

export class Spreadsheet {
  constructor(private readonly env: Env, private readonly ss: SpreadsheetState) {}

  getId(): string { this.env.call('Spreadsheet.getId'); return this.ss.id; }
  getName(): string { this.env.call('Spreadsheet.getName'); return this.ss.name; }
  getUrl(): string {
    this.env.call('Spreadsheet.getUrl');
    return `https://docs.google.com/spreadsheets/d/${this.ss.id}/edit`;
  }
  getSpreadsheetTimeZone(): string { this.env.call('Spreadsheet.getSpreadsheetTimeZone'); return this.ss.timeZone; }
  getSpreadsheetLocale(): string { this.env.call('Spreadsheet.getSpreadsheetLocale'); return this.ss.locale; }
  getNumSheets(): number { this.env.call('Spreadsheet.getNumSheets'); return this.ss.sheets.length; }

  rename(name: string): void {
    this.env.call('Spreadsheet.rename');
    this.env.mutate('Spreadsheet.rename');
    this.ss.name = String(name);
  }

  setSpreadsheetTimeZone(timeZone: string): void {
    this.env.call('Spreadsheet.setSpreadsheetTimeZone');
    this.env.mutate('Spreadsheet.setSpreadsheetTimeZone');
    this.ss.timeZone = String(timeZone);
  }

  getOwner(): User {
    this.env.call('Spreadsheet.getOwner');
    return new User(this.env, this.ss.owner);
  }

  /** The owner and everyone the file is shared with for editing. */
  getEditors(): User[] {
    this.env.call('Spreadsheet.getEditors');
    return this.env.list([this.ss.owner, ...this.ss.editors].map((e) => new User(this.env, e)));
  }

  getViewers(): User[] {
    this.env.call('Spreadsheet.getViewers');
    return this.env.list(this.ss.viewers.map((e) => new User(this.env, e)));
  }

  addEditor(user: unknown): Spreadsheet {
    this.env.call('Spreadsheet.addEditor');
    this.share([emailOf(user)], 'editors', 'Spreadsheet.addEditor');
    return this;
  }

  addEditors(users: unknown[]): Spreadsheet {
    this.env.call('Spreadsheet.addEditors');
    this.share(Array.from(users, emailOf), 'editors', 'Spreadsheet.addEditors');
    return this;
  }

  addViewer(user: unknown): Spreadsheet {
    this.env.call('Spreadsheet.addViewer');
    this.share([emailOf(user)], 'viewers', 'Spreadsheet.addViewer');
    return this;
  }

  removeEditor(user: unknown): Spreadsheet {
    this.env.call('Spreadsheet.removeEditor');
    this.env.mutate('Spreadsheet.removeEditor');
    const email = emailOf(user);
    this.ss.editors = this.ss.editors.filter((e) => e !== email);
    return this;
  }

  getSheetByName(name: string): Sheet | null {
    this.env.call('Spreadsheet.getSheetByName');
    const s = findSheet(this.ss, String(name));
    return s ? new Sheet(this.env, this.ss, s) : null;
  }

  getSheetById(id: number): Sheet | null {
    this.env.call('Spreadsheet.getSheetById');
    const s = this.ss.sheets.find((x) => x.id === id);
    return s ? new Sheet(this.env, this.ss, s) : null;
  }

  getSheets(): Sheet[] {
    this.env.call('Spreadsheet.getSheets');
    return this.env.list(this.ss.sheets.map((s) => new Sheet(this.env, this.ss, s)));
  }

  /** insertSheet(), insertSheet(name), insertSheet(index), insertSheet(name, index). The index is
   * 0-based; the new sheet becomes the active one. */
  insertSheet(a?: string | number, b?: number): Sheet {
    this.env.call('Spreadsheet.insertSheet');
    const name = typeof a === 'string' ? a : this.nextSheetName();
    const index = typeof a === 'number' ? a : b ?? this.ss.sheets.length;
    if (findSheet(this.ss, name)) this.env.fail(duplicateNameMessage(name));
    if (name.trim() === '') this.env.fail('Sheet name cannot be empty.');
    if (index < 0 || index > this.ss.sheets.length) this.env.fail('Invalid sheet index.');
    assertCellLimit(this.env, this.ss, NEW_SHEET_ROWS * NEW_SHEET_COLUMNS);
    this.env.mutate('Spreadsheet.insertSheet');
    const state = newSheetState(this.ss.nextSheetId++, name);
    this.ss.sheets.splice(index, 0, state);
    this.ss.activeSheetId = state.id;
    return new Sheet(this.env, this.ss, state);
  }

  deleteSheet(sheet: Sheet): void {
    this.env.call('Spreadsheet.deleteSheet');
    const state = this.stateOf(sheet);
    if (!this.ss.sheets.includes(state)) this.env.fail('Sheet not found.');
    if (this.ss.sheets.length === 1) this.env.fail("You can't remove all the sheets in a document.");
    assertCanEditSheet(this.env, this.ss, state);
    this.env.mutate('Spreadsheet.deleteSheet');
    this.ss.sheets.splice(this.ss.sheets.indexOf(state), 1);
    if (this.ss.activeSheetId === state.id) this.ss.activeSheetId = this.ss.sheets[0].id;
  }

  getActiveSheet(): Sheet {
    this.env.call('Spreadsheet.getActiveSheet');
    return new Sheet(this.env, this.ss, activeSheetOf(this.ss));
  }

  setActiveSheet(sheet: Sheet): Sheet {
    this.env.call('Spreadsheet.setActiveSheet');
    this.ss.activeSheetId = this.stateOf(sheet).id;
    return sheet;
  }

  /** getRange('A1:B2') on the active sheet, or getRange("'Tab name'!A1:B2"). */
  getRange(a1Notation: string): Range {
    this.env.call('Spreadsheet.getRange');
    const box = parseA1(String(a1Notation));
    if (!box) this.env.fail('Range not found');
    const state = box.sheetName === null ? activeSheetOf(this.ss) : findSheet(this.ss, box.sheetName);
    if (!state) this.env.fail('Range not found');
    const bang = a1Notation.lastIndexOf('!');
    return new Sheet(this.env, this.ss, state).getRange(bang >= 0 ? a1Notation.slice(bang + 1) : a1Notation);
  }

  getRangeByName(_name: string): Range | null {
    this.env.call('Spreadsheet.getRangeByName');
    return null;
  }

  getProtections(type: unknown): Protection[] {
    this.env.call('Spreadsheet.getProtections');
    if (String(type) !== 'SHEET') return this.env.list([]);
    const list = this.ss.sheets.filter((s) => s.protection)
      .map((s) => new Protection(this.env, this.ss, s, s.protection!));
    return this.env.list(list);
  }

  toast(msg: string, title?: string, _timeoutSeconds?: number): void {
    this.env.call('Spreadsheet.toast');
    this.env.state.ui.toasts.push({ message: String(msg), title: title === undefined ? '' : String(title) });
  }

  private share(emails: string[], list: 'editors' | 'viewers', what: string): void {
    for (const e of emails) if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)) this.env.fail(`Invalid email: ${e}`);
    this.env.mutate(what);
    for (const e of emails) if (e !== this.ss.owner && !this.ss[list].includes(e)) this.ss[list].push(e);
  }

  private stateOf(sheet: unknown): SheetState {
    if (!(sheet instanceof Sheet)) this.env.fail(`The parameters (${typeof sheet}) don't match the method signature.`);
    return sheet.state;
  }

  private nextSheetName(): string {
    for (let n = this.ss.sheets.length + 1; ; n++) if (!findSheet(this.ss, `Sheet${n}`)) return `Sheet${n}`;
  }
}


function activeSheetOf(ss: SpreadsheetState): SheetState {
  return ss.sheets.find((s) => s.id === ss.activeSheetId) ?? ss.sheets[0];
}

export class SpreadsheetAppService {
  readonly ProtectionType = PROTECTION_TYPE;

  constructor(private readonly env: Env) {}

  getActiveSpreadsheet(): Spreadsheet {
    this.env.call('SpreadsheetApp.getActiveSpreadsheet');
    return new Spreadsheet(this.env, this.env.state.spreadsheet);
  }

  getActive(): Spreadsheet {
    this.env.call('SpreadsheetApp.getActive');
    return new Spreadsheet(this.env, this.env.state.spreadsheet);
  }

  getActiveSheet(): Sheet {
    this.env.call('SpreadsheetApp.getActiveSheet');
    const ss = this.env.state.spreadsheet;
    return new Sheet(this.env, ss, activeSheetOf(ss));
  }

  /** Menu building is allowed even in AuthMode.NONE. */
  getUi(): Ui {
    this.env.call('SpreadsheetApp.getUi', 'NONE');
    return new Ui(this.env);
  }

  flush(): void {
    this.env.call('SpreadsheetApp.flush');
  }

  /** The add-on only has spreadsheets.currentonly: opening any file by id is refused. */
  openById(_id: string): never {
    this.env.call('SpreadsheetApp.openById');
    return this.env.fail('You do not have permission to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets');
  }

  openByUrl(_url: string): never {
    this.env.call('SpreadsheetApp.openByUrl');
    return this.env.fail('You do not have permission to call SpreadsheetApp.openByUrl. Required permissions: https://www.googleapis.com/auth/spreadsheets');
  }
}
