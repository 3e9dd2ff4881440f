// Importing files into the built bundle: nothing lost, nothing doubled, nothing reinterpreted.
import { TAB } from '../../src/core/schema/tabs';
import {
  body, columnOf, csvOf, expectOk, importAs, keys, OPS, readExample, setUpSession, snapshot,
  type ActionRefused, type ImportReport,
} from './helpers';

/** The five deliberate row errors of examples/conversions.csv (tab rows; the file has no blank lines). */
const EXAMPLE_BAD_ROWS = [
  { row: 23, column: 'amount', code: 'TOO_MANY_DECIMALS' }, // 10.555
  { row: 24, column: 'amount', code: 'NEGATIVE_AMOUNT' }, //   -20.00 sale
  { row: 25, column: 'currency', code: 'UNKNOWN_CURRENCY' }, // XYZ
  { row: 26, column: 'date', code: 'IMPOSSIBLE_DATE' }, //     2026-02-30
  { row: 27, column: 'code', code: 'BAD_CODE' }, //            =HYPERLINK(...)
];

describe('e2e: importRows', () => {
  describe('examples/conversions.csv', () => {
    const conversions = readExample('conversions.csv');

    it('appends all 33 rows, the bad ones too, and reports exactly the 5 known bad rows', () => {
      const session = setUpSession();
      const report = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', conversions));
      expect(conversions.rows).toHaveLength(33);
      expect([report.appended, report.accepted, report.duplicates, report.error_total]).toEqual([33, 28, 0, 5]);
      expect(keys(report.errors)).toEqual(keys(EXAMPLE_BAD_ROWS));
      const rows = body(session, TAB.conversions);
      expect(rows).toHaveLength(33);
      // every order id of the file is in the tab, in file order
      expect(rows.map((r) => r[0])).toEqual(conversions.rows.map((r) => r[0]));
      // the bad values are kept where they are, as the user wrote them
      const amount = columnOf(session, TAB.conversions, 'amount') - 1;
      expect(rows[21]![amount]).toBe('10.555');
      expect(rows[22]![amount]).toBe('-20.00');
      expect(rows[0]![amount]).toBe(120);
      expect(rows[6]![amount]).toBe(1250); // "1,250.00"
    });

    it('appends nothing when the same file is imported again, and counts 33 duplicates', () => {
      const session = setUpSession();
      expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', conversions));
      const tab_before = session.emulator.workbook.values(TAB.conversions);
      const again = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', conversions));
      expect([again.appended, again.duplicates, again.accepted, again.error_total]).toEqual([0, 33, 0, 0]);
      expect(session.emulator.workbook.values(TAB.conversions)).toEqual(tab_before);
    });

    it('never turns the formula payload (or any text) into a formula', () => {
      const session = setUpSession();
      expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', conversions));
      const formulas = session.emulator.workbook.formulas(TAB.conversions).flat().filter((f) => f !== '');
      expect(formulas).toEqual([]);
      const code = columnOf(session, TAB.conversions, 'code') - 1;
      expect(String(body(session, TAB.conversions)[25]![code])).toContain('HYPERLINK');
    });
  });

  it('refuses a file with a missing required column with STRUCTURAL and leaves the workbook byte for byte unchanged', () => {
    const session = setUpSession();
    expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', csvOf('order_id,amount,date\nX-1,5.00,2026-03-01\n', 'first.csv')));
    const before = snapshot(session);
    const broken = csvOf('Order ID,Coupon,Order Date\nA-1,SAVE10,2026-03-01\nA-2,SAVE10,2026-03-02\n', 'broken.csv');
    const result = importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', broken);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('STRUCTURAL');
    expect(!result.ok && result.message).toContain('amount');
    expect(!result.ok && result.message).toContain('Order ID');
    expect(snapshot(session)).toBe(before);
  });

  it('keeps the values of a ragged line in import_problem, and appends nothing when the file is imported again', () => {
    const session = setUpSession();
    const file = csvOf('order_id,amount,date\nA-1,5.00,2026-03-01,"=1+1\nmore"\nA-2,6.00,2026-03-01\n', 'ragged.csv');
    const report = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', file));
    expect([report.appended, report.accepted, keys(report.errors)]).toEqual([2, 1, ['2|import_problem|RAGGED_ROW']]);
    const problem = columnOf(session, TAB.conversions, 'import_problem') - 1;
    expect(body(session, TAB.conversions).map((r) => r[problem])).toEqual([
      'RAGGED_ROW: ragged.csv line 2 had 4 fields but the file has 3 columns; the extra values were "=1+1\\nmore". Fix the row, then clear this cell.', '',
    ]);
    expect(session.emulator.workbook.numberFormats(TAB.conversions)[1]![problem]).toBe('@');
    const tab_before = session.emulator.workbook.values(TAB.conversions);
    const again = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', file));
    expect([again.appended, again.duplicates, again.error_total]).toEqual([0, 2, 0]);
    expect(session.emulator.workbook.values(TAB.conversions)).toEqual(tab_before);
  });

  it('keeps order ids like 00123 as text in a plain-text column', () => {
    const session = setUpSession();
    const file = csvOf('order_id,code,amount,date,customer_id\n00123,SAVE10,10.00,2026-03-01,000042\n1e5,SAVE10,11.00,2026-03-01,12/31\n', 'ids.csv');
    expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', file));
    const { workbook } = session.emulator;
    const order = columnOf(session, TAB.conversions, 'order_id');
    const customer = columnOf(session, TAB.conversions, 'customer_id');
    const rows = body(session, TAB.conversions);
    expect([rows[0]![order - 1], rows[0]![customer - 1]]).toEqual(['00123', '000042']);
    expect([rows[1]![order - 1], rows[1]![customer - 1]]).toEqual(['1e5', '12/31']);
    expect(workbook.numberFormats(TAB.conversions)[1]![order - 1]).toBe('@');
  });

  it('writes formula-like text in every text column as inert text', () => {
    const session = setUpSession();
    const file = csvOf(
      'order_id,code,customer_id,customer_email,amount,date,type,product\n' +
      '=1+2,+SAVE10,-3,@me,10.00,2026-03-01,=sale(),"=IMPORTXML(""http://x"",""//a"")"\n', 'evil.csv');
    const report = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', file));
    expect(report.appended).toBe(1);
    const { workbook } = session.emulator;
    expect(workbook.formulas(TAB.conversions).flat().filter((f) => f !== '')).toEqual([]);
    const row = body(session, TAB.conversions)[0]!;
    for (const header of ['order_id', 'code', 'customer_id', 'customer_email', 'type', 'product']) {
      const cell = row[columnOf(session, TAB.conversions, header) - 1];
      expect(typeof cell).toBe('string');
      expect(cell).not.toMatch(/^[=+\-@]/);
    }
  });

  it('gives blank partner ids P-000N ids on import, after the ids already in the file', () => {
    const session = setUpSession();
    const report = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'partners', readExample('partners.csv')));
    expect([report.appended, report.error_total]).toEqual([7, 0]);
    expect(body(session, TAB.partners).map((r) => r[0])).toEqual(['P-0001', 'P-0002', 'P-0003', 'P-0004', 'P-0005', 'P-0006', 'P-0007']);
    const again = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'partners', readExample('partners.csv')));
    expect([again.appended, again.duplicates]).toEqual([0, 7]);
  });

  it('imports the example rules and FX rates, keeping every digit of an FX rate', () => {
    const session = setUpSession();
    const rules = importAs<ImportReport | ActionRefused>(session, OPS, 'rules', readExample('rules.csv'));
    const fx = importAs<ImportReport | ActionRefused>(session, OPS, 'fx', readExample('fx.csv'));
    expect([rules.ok && rules.appended, rules.ok && rules.error_total]).toEqual([3, 0]);
    expect([fx.ok && fx.appended, fx.ok && fx.error_total]).toEqual([6, 0]);
    const rate = columnOf(session, TAB.fx, 'rate') - 1;
    expect(body(session, TAB.fx).map((r) => r[rate])).toEqual(['1.0825', '1.0790', '1.2650', '1.2712', '0.006710', '0.006650']);
    const again = importAs<ImportReport | ActionRefused>(session, OPS, 'fx', readExample('fx.csv'));
    expect(again.ok && [again.appended, again.duplicates]).toEqual([0, 6]);
  });
});
