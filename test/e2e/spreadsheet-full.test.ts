// A spreadsheet holds at most 10,000,000 cells. When an import or a post would pass that, Sheets
// refuses the growth with a message that names neither the tab nor a way out; the add-on's message
// says which tab, how full the spreadsheet is and how to make room, nothing is half-written, and
// the same action succeeds once there is room.
import { SPREADSHEET_CELL_LIMIT } from '../../src/gas/sheets';
import type { WorkbookSession } from '../../src/local/workbook-session';
import { body, expectOk, importAs, OPS, OWNER, readExample, setUpSession, type ActionOk, type ActionRefused, type Csv, type ImportReport } from './helpers';

const FILLER = 'Old notes';

/** A tab of the owner's that leaves `room` cells free (empty cells count: Sheets counts grids). */
function fillUpTo(session: WorkbookSession, room: number): void {
  session.emulator.setActiveUser(OWNER);
  const ss = session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet();
  const filler = ss.insertSheet(FILLER);
  const free = SPREADSHEET_CELL_LIMIT - session.emulator.workbookCells();
  filler.insertRowsAfter(filler.getMaxRows(), Math.floor((free - room) / filler.getMaxColumns()));
}

function deleteFiller(session: WorkbookSession): void {
  session.emulator.setActiveUser(OWNER);
  const ss = session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet();
  ss.deleteSheet(ss.getSheetByName(FILLER)!);
}

function sessionWithPartners(): WorkbookSession {
  const session = setUpSession();
  expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
  return session;
}

/** The example month's conversions repeated with distinct order ids: more rows than a new tab has. */
function longConversions(copies = 40): Csv {
  const csv = readExample('conversions.csv');
  const rows = Array.from({ length: copies }, (_, k) => csv.rows.map((r) => [`${r[0]}-${k}`, ...r.slice(1)])).flat();
  expect(rows.length).toBeGreaterThan(1000);
  return { ...csv, rows, line_of_row: rows.map((_, i) => i + 2) };
}

function expectFullMessage(message: string, tab: string, cells: number): void {
  expect(message).toContain('The spreadsheet is full');
  expect(message).toContain(`this one has ${cells.toLocaleString('en-US')}`);
  expect(message).toContain(`nothing more was written to "${tab}"`);
  expect(message).toContain('delete tabs you no longer need');
  // Deleting a verified tab would stop export: the advice must never suggest it.
  expect(message).toContain('your own tabs only: Ledger, Batches, Reviews, Audit and the Payout tabs are verified');
  expect(message).not.toMatch(/download old Payout tabs/);
}

function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the action to throw');
}

describe('a spreadsheet at Google Sheets\' 10,000,000-cell limit', () => {
  it('refuses an import that needs more rows, naming the tab, the cells and how to make room; nothing is written', () => {
    const session = sessionWithPartners();
    const big = longConversions();
    fillUpTo(session, 1_000);
    const cells_before = session.emulator.workbookCells();
    const audit_before = body(session, 'Audit').length;

    const refused = importAs<ActionRefused>(session, OPS, 'conversions', big);
    expect(refused).toMatchObject({ ok: false, code: 'SPREADSHEET_FULL' });
    expectFullMessage(refused.message, 'Conversions', cells_before);
    expect(body(session, 'Conversions')).toEqual([]);
    expect(session.emulator.workbookCells()).toBe(cells_before);
    // The refusal is audited, like every other.
    const audit = body(session, 'Audit');
    expect(audit).toHaveLength(audit_before + 1);
    expect(audit[audit.length - 1]!.slice(2, 4)).toEqual(['REFUSED', 'import']);

    deleteFiller(session);
    const imported = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', big));
    expect(imported.appended).toBe(big.rows.length);
    expect(session.run<{ ok: boolean }>(OPS, 'verifyWorkbook')).toMatchObject({ ok: true });
  });

  it('refuses a post whose entries do not fit before writing any of them, and posts them all once there is room', () => {
    const session = sessionWithPartners();
    // More entries than the new Ledger tab's 1,000 rows.
    expectOk(importAs(session, OPS, 'conversions', longConversions(80)));
    fillUpTo(session, 1_000);
    const refused = session.run<ActionRefused>(OPS, 'postCommissions');
    expect(refused).toMatchObject({ ok: false, code: 'SPREADSHEET_FULL' });
    expectFullMessage(refused.message, 'Ledger', session.emulator.workbookCells());
    expect(body(session, 'Ledger')).toEqual([]);

    deleteFiller(session);
    const posted = expectOk(session.run<ActionOk & { complete: boolean; counts: { posted: number } } | ActionRefused>(OPS, 'postCommissions'));
    expect(posted.complete).toBe(true);
    expect(body(session, 'Ledger')).toHaveLength(posted.counts.posted);
    expect(session.run<{ ok: boolean }>(OPS, 'verifyWorkbook')).toMatchObject({ ok: true });
  });

  it('leaves Sheets\' own error alone when a growth fails for another reason', () => {
    // Which mutating call of the import grows Conversions, found on a dry run.
    const dry = sessionWithPartners();
    let growth: number | null = null;
    dry.emulator.onMutatingCall((n, what) => { if (what === 'Sheet.insertRowsAfter' && growth === null) growth = n; });
    expectOk(importAs(dry, OPS, 'conversions', longConversions()));
    expect(growth).not.toBeNull();

    const session = sessionWithPartners();
    session.emulator.injectFaultAfter(growth! - session.emulator.stats.mutatingCalls);
    const error = thrownBy(() => importAs(session, OPS, 'conversions', longConversions()));
    expect(error.message).toContain('Injected fault');
    expect(error.message).not.toContain('The spreadsheet is full');
  });
});
