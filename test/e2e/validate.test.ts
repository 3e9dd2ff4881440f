// Validate, end to end: bad cells are marked and listed; fixing a cell clears exactly its marks;
// the user's own notes and other stages' findings are left alone.
import { TAB } from '../../src/core/schema/tabs';
import type { WorkbookSession } from '../../src/local/workbook-session';
import {
  body, columnOf, csvOf, exceptionFindings, expectOk, importAs, keys, OPS, readExample, setUpSession, validateAs,
  type ActionRefused, type ImportReport, type ValidationReport,
} from './helpers';

const PREFIX = 'Partner Ledger: ';
const HIGHLIGHT = '#f4cccc';
const PLAIN = '#ffffff';

const EXAMPLE_BAD_CELLS = [
  { row: 23, column: 'amount', code: 'TOO_MANY_DECIMALS' },
  { row: 24, column: 'amount', code: 'NEGATIVE_AMOUNT' },
  { row: 25, column: 'currency', code: 'UNKNOWN_CURRENCY' },
  { row: 26, column: 'date', code: 'IMPOSSIBLE_DATE' },
  { row: 27, column: 'code', code: 'BAD_CODE' },
];

function importedExamples(): WorkbookSession {
  const session = setUpSession();
  expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'partners', readExample('partners.csv')));
  expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', readExample('conversions.csv')));
  return session;
}

function validate(session: WorkbookSession): ValidationReport {
  return expectOk(validateAs(session, OPS));
}

function cellOf(session: WorkbookSession, tab: string, row: number, header: string) {
  const col = columnOf(session, tab, header);
  const { workbook } = session.emulator;
  return { note: workbook.notes(tab)[row - 1]![col - 1]!, background: workbook.backgrounds(tab)[row - 1]![col - 1]!, col };
}

/** Every cell of a tab carrying the add-on's mark, as `row|header`. */
function markedCells(session: WorkbookSession, tab: string): string[] {
  const { workbook } = session.emulator;
  const headers = workbook.values(tab)[0]!;
  const out: string[] = [];
  workbook.notes(tab).forEach((line, r) => line.forEach((note, c) => {
    if (note.includes(PREFIX)) out.push(`${r + 1}|${String(headers[c])}`);
  }));
  return out.sort();
}

/** Replaces each example bad row with a copy of row 2 under its own order id; returns the rows it replaced. */
function fixBadRows(session: WorkbookSession): Array<[number, unknown[]]> {
  const { workbook } = session.emulator;
  const values = workbook.values(TAB.conversions);
  const replaced: Array<[number, unknown[]]> = [];
  for (const bad of EXAMPLE_BAD_CELLS) {
    replaced.push([bad.row, values[bad.row - 1]!]);
    workbook.setValues(TAB.conversions, bad.row, 1, [values[1]!.map((v, c) => (c === 0 ? `FIXED-${bad.row}` : v))]);
  }
  return replaced;
}

/** Sets a cell's note as a user would in the sheet. */
function userNote(session: WorkbookSession, tab: string, a1: string, note: string): void {
  session.emulator.setActiveUser(OPS);
  session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().getSheetByName(tab)!.getRange(a1).setNote(note);
}

describe('e2e: validateInputs', () => {
  it('marks each bad cell with a prefixed note naming the problem and a highlight, and nothing else', () => {
    const session = importedExamples();
    const report = validate(session);
    expect(keys(report.errors.filter((e) => e.tab === TAB.conversions))).toEqual(keys(EXAMPLE_BAD_CELLS));
    expect(report.errors.filter((e) => e.tab !== TAB.conversions)).toEqual([]);
    for (const bad of EXAMPLE_BAD_CELLS) {
      const cell = cellOf(session, TAB.conversions, bad.row, bad.column);
      expect(cell.note.startsWith(PREFIX)).toBe(true);
      expect(cell.note).toContain(bad.code);
      expect(cell.background).toBe(HIGHLIGHT);
    }
    expect(markedCells(session, TAB.conversions)).toEqual(EXAMPLE_BAD_CELLS.map((b) => `${b.row}|${b.column}`).sort());
    const highlighted = session.emulator.workbook.backgrounds(TAB.conversions).flat().filter((b) => b === HIGHLIGHT);
    expect(highlighted).toHaveLength(5);
  });

  it('reads a tab\'s notes and backgrounds only when it has, or may have, marks of the add-on to clear', () => {
    const session = importedExamples();
    const notesRead = (): number => {
      session.emulator.resetStats();
      validate(session);
      return session.emulator.stats.calls['Range.getNotes'] ?? 0;
    };
    // Set-up said its new tabs hold no marks: only Conversions, which gets marks now, is read.
    expect(notesRead()).toBe(1);
    expect(markedCells(session, TAB.conversions)).toHaveLength(EXAMPLE_BAD_CELLS.length);
    // Conversions keeps marks to check; the clean tabs were left clean: skipped.
    expect(notesRead()).toBe(1);
    // The user fixes every bad row: the next Validate clears the marks, the one after reads nothing.
    fixBadRows(session);
    expect(notesRead()).toBe(1);
    expect(markedCells(session, TAB.conversions)).toEqual([]);
    expect(notesRead()).toBe(0);
  });

  it('reads every input tab once when the workbook keeps no mark counts (set up before they were kept)', () => {
    const session = importedExamples();
    for (const key of [...session.emulator.documentProperties.keys()]) {
      if (key.startsWith('marks.')) session.emulator.documentProperties.delete(key);
    }
    session.emulator.resetStats();
    validate(session);
    expect(session.emulator.stats.calls['Range.getNotes']).toBe(4);
    session.emulator.resetStats();
    validate(session);
    expect(session.emulator.stats.calls['Range.getNotes']).toBe(1);
  });

  it('a Validate stopped after setting marks, before finishing, leaves a count that makes the next one clear them', () => {
    // A clean Validate first, so every tab's count is 0 and would be skipped if nothing said otherwise.
    const session = importedExamples();
    const bad_rows = fixBadRows(session);
    expect(validate(session).error_total).toBe(0);
    // The bad rows come back, and Validate is stopped at its first write after highlighting them.
    for (const [row, values] of bad_rows) session.emulator.workbook.setValues(TAB.conversions, row, 1, [values]);
    let highlighted = false;
    session.emulator.onMutatingCall((_n, what) => {
      if (highlighted) throw new Error('Injected stop after the highlight');
      highlighted = what === 'Range.setBackgrounds';
    });
    expect(() => validateAs(session, OPS)).toThrow(/Injected stop after the highlight/);
    session.emulator.onMutatingCall(null);
    expect(markedCells(session, TAB.conversions)).toHaveLength(EXAMPLE_BAD_CELLS.length);
    // The user fixes the rows: the marks must go, although the last complete Validate found none.
    fixBadRows(session);
    expect(validate(session).error_total).toBe(0);
    expect(markedCells(session, TAB.conversions)).toEqual([]);
  });

  it('lists every bad cell in Exceptions under the validate stage', () => {
    const session = importedExamples();
    validate(session);
    expect(keys(exceptionFindings(session, TAB.conversions))).toEqual(keys(EXAMPLE_BAD_CELLS));
    const rows = body(session, TAB.exceptions);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r[0] === 'validate' && String(r[5]).length > 20)).toBe(true);
  });

  it('validating twice gives the same marks and the same Exceptions, not doubled ones', () => {
    const session = importedExamples();
    validate(session);
    const { workbook } = session.emulator;
    const notes = workbook.notes(TAB.conversions);
    const exceptions = workbook.values(TAB.exceptions);
    validate(session);
    expect(workbook.notes(TAB.conversions)).toEqual(notes);
    expect(workbook.values(TAB.exceptions)).toEqual(exceptions);
  });

  it('clears a fixed cell\'s note, highlight and Exceptions row, keeping the other marks and the user\'s own notes', () => {
    const session = importedExamples();
    userNote(session, TAB.conversions, 'A2', 'asked the shop about this order');
    validate(session);
    const amount = cellOf(session, TAB.conversions, 23, 'amount');
    session.emulator.workbook.setValues(TAB.conversions, 23, amount.col, [['10.56']]); // the user fixes 10.555
    const report = validate(session);
    expect(report.error_total).toBe(4);
    expect(cellOf(session, TAB.conversions, 23, 'amount')).toEqual({ note: '', background: PLAIN, col: amount.col });
    expect(keys(exceptionFindings(session, TAB.conversions))).toEqual(keys(EXAMPLE_BAD_CELLS.filter((b) => b.row !== 23)));
    expect(markedCells(session, TAB.conversions)).toEqual(['24|amount', '25|currency', '26|date', '27|code']);
    expect(session.emulator.workbook.notes(TAB.conversions, 'A2')).toEqual([['asked the shop about this order']]);
  });

  it('keeps the user\'s own note on a bad cell, and removes only the add-on\'s part once the cell is fixed', () => {
    const session = importedExamples();
    const amount = cellOf(session, TAB.conversions, 24, 'amount');
    userNote(session, TAB.conversions, `${String.fromCharCode(64 + amount.col)}24`, 'checked with finance');
    validate(session);
    validate(session);
    const marked = cellOf(session, TAB.conversions, 24, 'amount').note.split('\n');
    expect(marked[0]).toBe('checked with finance');
    expect(marked.filter((line) => line.startsWith(PREFIX))).toHaveLength(1); // not one more per Validate
    session.emulator.workbook.setValues(TAB.conversions, 24, amount.col, [['20.00']]);
    validate(session);
    expect(cellOf(session, TAB.conversions, 24, 'amount').note).toBe('checked with finance');
    expect(cellOf(session, TAB.conversions, 24, 'amount').background).toBe(PLAIN);
  });

  it('replaces only its own stage in Exceptions: what another stage found stays', () => {
    const session = importedExamples();
    const post_finding = ['post', TAB.conversions, 3, 'code', 'UNKNOWN_CODE', 'no partner has code NOSUCHCODE', 'NOSUCHCODE', '2026-05-30T12:00:00.000Z'];
    session.emulator.workbook.setValues(TAB.exceptions, 2, 1, [post_finding]);
    validate(session);
    expect(exceptionFindings(session, TAB.conversions, 'post')).toEqual([{ row: 3, column: 'code', code: 'UNKNOWN_CODE' }]);
    expect(exceptionFindings(session, TAB.conversions)).toHaveLength(5);
  });

  it('writes P-000N ids into blank partner_id cells a user typed, after the highest id in use', () => {
    const session = importedExamples();
    const { workbook } = session.emulator;
    const ids = () => body(session, TAB.partners).map((r) => r[0]);
    expect(ids()).toEqual(['P-0001', 'P-0002', 'P-0003', 'P-0004', 'P-0005', 'P-0006', 'P-0007']);
    // two partners typed straight into the tab, without ids
    workbook.setValues(TAB.partners, 9, 1, [['', 'Hana Home', 'HANA', '', '', '10%'], ['', 'Ivo Illustrates', 'IVO', '', '', '', '3.00']]);
    const report = validate(session);
    expect(ids()).toEqual(['P-0001', 'P-0002', 'P-0003', 'P-0004', 'P-0005', 'P-0006', 'P-0007', 'P-0008', 'P-0009']);
    expect(report['valid']).toMatchObject({ partners: 9 });
    // stable: validating again assigns nothing new
    validate(session);
    expect(ids()).toHaveLength(9);
    expect(ids()[8]).toBe('P-0009');
  });

  describe('a row the import could not fit', () => {
    // Line 2 has a stray comma in its amount: 12,34 splits into amount 12 and currency 34, and the
    // date has no column left. Line 3 is fine.
    const RAGGED = 'order_id,code,amount,currency,date\nR1,SAVE10,12,34,USD,2026-03-01\nR2,SAVE10,5.00,USD,2026-03-02\n';

    function importedRagged(): WorkbookSession {
      const session = setUpSession();
      const report = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', csvOf(RAGGED, 'ragged.csv')));
      expect(keys(report.errors.filter((e) => e.code === 'RAGGED_ROW'))).toEqual(['2|import_problem|RAGGED_ROW']);
      return session;
    }

    it('stays listed and marked after Validate, with the value that had no column kept in import_problem', () => {
      const session = importedRagged();
      expect(body(session, TAB.conversions)[0]![columnOf(session, TAB.conversions, 'import_problem') - 1])
        .toBe('RAGGED_ROW: ragged.csv line 2 had 6 fields but the file has 5 columns; the extra values were "2026-03-01". Fix the row, then clear this cell.');
      const report = validate(session);
      expect(keys(report.errors)).toEqual(['2|currency|UNKNOWN_CURRENCY', '2|date|BAD_DATE', '2|import_problem|IMPORT_PROBLEM']);
      expect(report['valid']).toMatchObject({ conversions: 1 });
      const problem = cellOf(session, TAB.conversions, 2, 'import_problem');
      expect(problem.note).toContain('(IMPORT_PROBLEM)');
      expect(problem.background).toBe(HIGHLIGHT);
      expect(keys(exceptionFindings(session, TAB.conversions))).toEqual(keys(report.errors));
    });

    it('is no longer reported once the user fixes the row and clears import_problem', () => {
      const session = importedRagged();
      validate(session);
      const { workbook } = session.emulator;
      workbook.setValues(TAB.conversions, 2, columnOf(session, TAB.conversions, 'amount'), [['12.34', 'USD', '2026-03-01']]);
      // fixed, but the cell is not cleared yet: the row still waits
      expect(keys(validate(session).errors)).toEqual(['2|import_problem|IMPORT_PROBLEM']);
      workbook.setValues(TAB.conversions, 2, columnOf(session, TAB.conversions, 'import_problem'), [['']]);
      const report = validate(session);
      expect([report.error_total, report['valid']]).toEqual([0, expect.objectContaining({ conversions: 2 })]);
      expect(markedCells(session, TAB.conversions)).toEqual([]);
      expect(cellOf(session, TAB.conversions, 2, 'import_problem')).toMatchObject({ note: '', background: PLAIN });
      expect(exceptionFindings(session, TAB.conversions)).toEqual([]);
    });
  });
});
