// Editing the Settings tab as a person would (typing into it through the Apps Script services, so
// its protection applies), for the tests of what the add-on does with Settings changed after set-up.
import { validateSettings } from '../../src/core/input/settings';
import { TAB } from '../../src/core/schema/tabs';
import { WorkbookSession } from '../../src/local/workbook-session';
import { expectOk, importAs, noonUtc, OPS, OWNER, readExample, type ActionOk, type ActionRefused } from './helpers';

export interface Refused extends ActionRefused {
  errors?: Array<{ tab: string; row: number; column: string; code: string; message: string; value: string }>;
}

/** Sheet row of the first Settings row whose key is `key` (exactly as written), or 0. */
export function settingsRow(session: WorkbookSession, key: string): number {
  const index = session.emulator.workbook.values(TAB.settings).findIndex((row) => String(row[0]) === key);
  return index < 0 ? 0 : index + 1;
}

/** `email` types `value` into the value cell of `key` (appending a row when the key is missing). */
export function typeSetting(session: WorkbookSession, email: string, key: string, value: string): number {
  const found = settingsRow(session, key);
  const row = found > 0 ? found : session.emulator.workbook.values(TAB.settings).length + 1;
  session.emulator.setActiveUser(email);
  const sheet = session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().getSheetByName(TAB.settings)!;
  if (found > 0) sheet.getRange(row, 2).setValue(value);
  else sheet.getRange(row, 1, 1, 2).setValues([[key, value]]);
  return row;
}

/** The refusal of set-up with `settings` as answers, on a blank spreadsheet. */
export function setUpRefused(settings: Array<[string, string]>): Refused {
  const session = WorkbookSession.create({ owner: OWNER, now_ms: noonUtc('2026-05-31') });
  const result = session.run<ActionOk | Refused>(OWNER, 'setUpWorkbook', { settings });
  if (result.ok) throw new Error('set-up was accepted');
  return result;
}

/** The core's reading of Settings rows (key, value), as the tab's rows from row 2. */
export function settingsOf(rows: string[][]) {
  return validateSettings({ tab: TAB.settings, headers: ['key', 'value'], rows, first_row: 2 });
}

export interface BatchView { batch_id: string; state: string; content_hash: string; totals: Array<{ currency: string; amount: string }> }
export type BuildReport = ActionOk & { batch: BatchView };

/** The example month imported and posted by ops, and a batch built by `builder`. */
export function builtBatch(session: WorkbookSession, builder = OPS): BatchView {
  expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
  expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
  return expectOk(session.run<BuildReport | ActionRefused>(builder, 'buildPayoutBatch')).batch;
}

/** The Audit tab's rows as [actor, action, subject, details]. */
export function auditRows(session: WorkbookSession): string[][] {
  return session.emulator.workbook.values(TAB.audit).slice(1).map((r) => r.slice(1, 5).map(String));
}
