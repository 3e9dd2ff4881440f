// Tabs cut to their columns: a spreadsheet holds 10,000,000 cells counted over every tab's whole
// grid, and a new tab has 26 columns. Set-up sizes each tab to its header; a workbook set up before
// is cut when set-up runs again, never over something typed beyond the header.
import { CONVERSION_COLUMNS, IMPORT_COLUMNS, TAB } from '../../src/core/schema/tabs';
import type { WorkbookSession } from '../../src/local/workbook-session';
import {
  ActionOk, ActionRefused, Csv, expectOk, importAs, MANAGER, OPS, OWNER, readExample, setUpSession, snapshot,
} from './helpers';

const NEW_SHEET_COLUMNS = 26;
const SET_UP_TABS = [
  TAB.partners, TAB.conversions, TAB.rules, TAB.fx, TAB.settings, TAB.ledger, TAB.batches, TAB.reviews, TAB.exceptions, TAB.audit,
];
const CONVERSION_ROW_CELLS = CONVERSION_COLUMNS.length + IMPORT_COLUMNS.length;

function sheetOf(session: WorkbookSession, email: string, tab: string): GoogleAppsScript.Spreadsheet.Sheet {
  session.emulator.setActiveUser(email);
  return session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().getSheetByName(tab)!;
}

/** Gives every tab back the 26 columns it had when set-up left new sheets as they came. */
function widenAsBefore(session: WorkbookSession): void {
  for (const tab of session.emulator.workbook.sheetNames()) {
    const sheet = sheetOf(session, OWNER, tab);
    const columns = sheet.getMaxColumns();
    if (columns < NEW_SHEET_COLUMNS) sheet.insertColumnsAfter(columns, NEW_SHEET_COLUMNS - columns);
  }
}

/** `copies` × the example conversions, each copy with its own order ids. */
function manyConversions(copies: number): Csv {
  const example = readExample('conversions.csv');
  const rows = Array.from({ length: copies }, (_, k) => example.rows.map((r) => [`${r[0]}-${k}`, ...r.slice(1)])).flat();
  return { file: 'many.csv', headers: example.headers, rows, line_of_row: rows.map((_, i) => i + 2) };
}

function month(session: WorkbookSession): void {
  for (const kind of ['partners', 'rules', 'fx', 'conversions'] as const) expectOk(importAs(session, OPS, kind, readExample(`${kind}.csv`)));
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'validateInputs'));
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
  const built = expectOk(session.run<ActionOk | ActionRefused>(OPS, 'buildPayoutBatch')) as ActionOk & { batch: { batch_id: string; content_hash: string } };
  expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash));
}

/** The saved workbook without each tab's column count. */
function withoutColumnCounts(session: WorkbookSession): unknown {
  const file = JSON.parse(snapshot(session)) as { spreadsheet: { sheets: Array<Record<string, unknown>> } };
  for (const sheet of file.spreadsheet.sheets) delete sheet['maxColumns'];
  return file;
}

describe('e2e: tabs cut to their columns', () => {
  it('set-up gives each tab exactly its header\'s columns (the Ledger its 32)', () => {
    const { workbook } = setUpSession().emulator;
    for (const tab of SET_UP_TABS) {
      const info = workbook.info(tab);
      expect({ tab, columns: info.maxColumns }).toEqual({ tab, columns: info.lastColumn });
    }
    expect(workbook.info(TAB.conversions).maxColumns).toBe(CONVERSION_ROW_CELLS);
    expect(workbook.info(TAB.ledger).maxColumns).toBe(32);
  });

  it(`a conversion row costs ${CONVERSION_ROW_CELLS} cells of the 10M-cell limit instead of ${NEW_SHEET_COLUMNS}`, () => {
    const conversions = manyConversions(60); // 1,980 rows: Conversions grows past its 1,000 rows
    const grown = (session: WorkbookSession): number => {
      expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
      const before = session.emulator.workbookCells();
      const rows_before = session.emulator.workbook.info(TAB.conversions).maxRows;
      expectOk(importAs(session, OPS, 'conversions', conversions));
      const added_rows = session.emulator.workbook.info(TAB.conversions).maxRows - rows_before;
      expect(added_rows).toBeGreaterThan(900);
      return (session.emulator.workbookCells() - before) / added_rows;
    };
    const legacy = setUpSession();
    widenAsBefore(legacy);
    expect(grown(setUpSession())).toBe(CONVERSION_ROW_CELLS);
    expect(grown(legacy)).toBe(NEW_SHEET_COLUMNS);
  });

  it('a month on cut tabs holds the same values, formats, notes, protections and properties as on 26-column tabs', () => {
    const cut = setUpSession();
    const legacy = setUpSession();
    widenAsBefore(legacy);
    month(cut);
    month(legacy);
    expect(withoutColumnCounts(cut)).toEqual(withoutColumnCounts(legacy));
    expect(cut.emulator.workbookCells()).toBeLessThan(legacy.emulator.workbookCells());
  });

  it('set-up run again cuts a tab set up before, but not one with something typed beyond its header', () => {
    const session = setUpSession();
    widenAsBefore(session);
    expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
    sheetOf(session, OPS, TAB.rules).getRange('M3').setValue('keep me');
    // Nothing typed, but a note and a colour the user put out there: deleting the columns would lose them.
    sheetOf(session, OPS, TAB.fx).getRange('Q7').setNote('ask finance about the July rates');
    sheetOf(session, OPS, TAB.exceptions).getRange('T2').setBackground('#fff2cc');
    const values_before = session.emulator.workbook.values(TAB.conversions);

    const again = expectOk(session.run<ActionOk | ActionRefused>(OWNER, 'setUpWorkbook', {}));
    const { workbook } = session.emulator;
    expect(workbook.info(TAB.conversions).maxColumns).toBe(CONVERSION_ROW_CELLS);
    expect(workbook.values(TAB.conversions)).toEqual(values_before);
    expect(workbook.info(TAB.rules).maxColumns).toBe(NEW_SHEET_COLUMNS);
    expect(workbook.values(TAB.rules, 'M3')).toEqual([['keep me']]);
    expect(workbook.info(TAB.fx).maxColumns).toBe(NEW_SHEET_COLUMNS);
    expect(sheetOf(session, OWNER, TAB.fx).getRange('Q7').getNote()).toBe('ask finance about the July rates');
    expect(workbook.info(TAB.exceptions).maxColumns).toBe(NEW_SHEET_COLUMNS);
    expect(sheetOf(session, OWNER, TAB.exceptions).getRange('T2').getBackground()).toBe('#fff2cc');
    const cut = /; ([^;]*) cut to their columns$/.exec(String(again['summary']))?.[1]?.split(', ');
    expect(cut).toContain(TAB.conversions);
    expect(cut).not.toContain(TAB.rules);
    expect(cut).not.toContain(TAB.fx);
    expect(cut).not.toContain(TAB.exceptions);
    const audit = workbook.values(TAB.audit);
    const details = JSON.parse(String(audit[audit.length - 1]![4])) as { trimmed_tabs?: string[] };
    expect(details.trimmed_tabs).toEqual(cut);
    expect(details.trimmed_tabs).not.toContain(TAB.rules);

    const third = expectOk(session.run<ActionOk | ActionRefused>(OWNER, 'setUpWorkbook', {}));
    expect(String(third['summary'])).not.toContain('cut to their columns');
  });

  it('an import brings back a column the user deleted from a cut tab, past its width', () => {
    const session = setUpSession();
    const product = CONVERSION_COLUMNS.indexOf('product') + 1;
    sheetOf(session, OPS, TAB.conversions).deleteColumn(product);
    expect(session.emulator.workbook.info(TAB.conversions).maxColumns).toBe(CONVERSION_ROW_CELLS - 1);

    expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
    const [headers, first] = session.emulator.workbook.values(TAB.conversions);
    expect(headers!.slice(-3)).toEqual([...IMPORT_COLUMNS, 'product']);
    expect(first![headers!.indexOf('product')]).toBe(readExample('conversions.csv').rows[0]![product - 1]);
  });
});
