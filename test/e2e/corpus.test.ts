// The bad-input corpus through the built bundle: each conversions or partners file of
// test/corpus/cases is parsed as the CLI parses it, imported into a fresh workbook and validated.
// Structural cases must write nothing; every other file must land in full, with exactly the
// expected findings reported by the import and listed (and marked) after Validate. What only the
// import can see (ragged lines, cut cells) must survive into Validate through the row's
// import_problem cell, which keeps the values that did not fit.
import * as fs from 'fs';
import * as path from 'path';
import { parseCsv } from '../../src/core/input/csv';
import { INPUT_TAB } from '../../src/core/input/headers';
import { IMPORT_PROBLEM_COLUMN } from '../../src/core/schema/tabs';
import type { WorkbookSession } from '../../src/local/workbook-session';
import { CORPUS, FILE_CASES as cases, ZONE, manifest, settingsRows, type CorpusCase as Case } from '../corpus/manifest';
import {
  body, columnOf, exceptionFindings, importAs, keys, OPS, setUpSession, snapshot, validateAs,
  type ActionRefused, type Csv, type ImportReport,
} from './helpers';

function freshWorkbook(c: Case): WorkbookSession {
  return setUpSession({ settings: [['operators', OPS], ...settingsRows(c)], as_of: manifest.as_of, time_zone: ZONE });
}

function parsed(c: Case) {
  return parseCsv(new Uint8Array(fs.readFileSync(path.join(CORPUS, c.file))), path.basename(c.file));
}

it('covers the conversions and partners cases of the corpus, structural ones included', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
  expect(cases.filter((c) => c.structural).length).toBeGreaterThanOrEqual(8);
  expect(cases.filter((c) => c.kind === 'partners').length).toBeGreaterThanOrEqual(3);
});

describe.each(cases.map((c) => [c.file, c] as const))('e2e corpus: %s', (_file, c) => {
  const kind = c.kind as 'conversions' | 'partners';
  const tab = INPUT_TAB[kind];
  const csv = parsed(c);

  if (c.structural) {
    it(`is refused with ${c.structural.code} and nothing is written`, () => {
      if (!csv.ok) {
        // Unreadable bytes: the CLI and the sidebar stop before calling the add-on at all.
        expect(csv.error.code).toBe(c.structural!.code);
        return;
      }
      const session = freshWorkbook(c);
      const before = snapshot(session);
      const request: Csv = { file: path.basename(c.file), headers: csv.headers, rows: csv.rows, line_of_row: csv.line_of_row };
      const result = importAs<ImportReport | ActionRefused>(session, OPS, kind, request);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.code).toBe('STRUCTURAL');
      for (const text of c.structural!.includes ?? []) expect(!result.ok && result.message).toContain(text);
      expect(snapshot(session)).toBe(before);
    });
    return;
  }

  if (!csv.ok) throw new Error(`${c.file} should parse: ${csv.error.message}`);
  const request: Csv = { file: path.basename(c.file), headers: csv.headers, rows: csv.rows, line_of_row: csv.line_of_row };
  const non_blank_lines = csv.rows.filter((r) => r.some((v) => v.trim() !== '')).length;
  const expected = c.errors ?? [];

  // One workbook per case, imported once; the tests below read what it holds, in order.
  let session: WorkbookSession;
  let report: ImportReport | ActionRefused;
  beforeAll(() => {
    session = freshWorkbook(c);
    report = importAs<ImportReport | ActionRefused>(session, OPS, kind, request);
  });

  it('appends every non-blank line and reports exactly the expected findings', () => {
    if (!report.ok) throw new Error(`refused: ${report.code} ${report.message}`);
    expect(report.appended).toBe(non_blank_lines);
    expect(body(session, tab).filter((r) => r.some((v) => v !== ''))).toHaveLength(non_blank_lines);
    expect(report.accepted).toBe(c.accepted);
    expect(keys(report.errors)).toEqual(keys(expected));
  });

  it('holds no formula anywhere in the tab', () => {
    expect(session.emulator.workbook.formulas(tab).flat().filter((f) => f !== '')).toEqual([]);
    for (const { row, column } of c.neutralised ?? []) {
      const value = session.emulator.workbook.values(tab)[row - 1]![columnOf(session, tab, column) - 1];
      expect(typeof value).toBe('string');
    }
  });

  it('keeps in import_problem what did not fit, and leaves that cell blank on every other row', () => {
    const problem = columnOf(session, tab, IMPORT_PROBLEM_COLUMN) - 1;
    const wanted = new Map((c.import_problems ?? []).map((p) => [p.row, p.includes]));
    body(session, tab).forEach((cells, i) => {
      const includes = wanted.get(i + 2);
      if (includes === undefined) expect(cells[problem]).toBe('');
      else for (const text of includes) expect(String(cells[problem])).toContain(text);
    });
  });

  it('after Validate, lists exactly the expected findings in Exceptions and marks each bad cell', () => {
    const validated = validateAs(session, OPS);
    expect(validated.ok).toBe(true);
    const after = c.validated ?? expected;
    expect(keys(exceptionFindings(session, tab))).toEqual(keys(after));
    const notes = session.emulator.workbook.notes(tab);
    for (const finding of after.filter((f) => f.column !== '')) {
      const note = notes[finding.row - 1]![columnOf(session, tab, finding.column) - 1]!;
      expect(note).toContain(`(${finding.code})`);
    }
    // every note line the add-on wrote is one line per finding: no message spills onto a second line
    for (const note of notes.flat().filter((n) => n !== '')) {
      for (const line of note.split('\n')) expect(line.startsWith('Partner Ledger: ')).toBe(true);
    }
  });
});
