// CSV files as spreadsheets write them, through the built add-on: Excel's `sep=;` first line.
import { ActionRefused, EXAMPLE_SETTINGS, ImportReport, OPS, csvOf, expectOk, importAs, setUpSession } from './helpers';

describe('importing a CSV that starts with Excel\'s sep= line', () => {
  it('reads the named delimiter, skips the line, and names the file\'s real lines in errors', () => {
    const session = setUpSession({ settings: EXAMPLE_SETTINGS });
    const csv = csvOf('sep=;\r\norder_id;code;amount;currency;date\r\nO1;ADA10;10,00;EUR;2026-03-02\r\nO2;ADA10;abc;USD;2026-03-02\r\n', 'excel.csv');
    const report = expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', csv));
    expect([report.appended, report.accepted]).toEqual([2, 0]);
    expect(report.errors.map((e) => [e.row, (e as unknown as { line: number }).line, e.column])).toEqual([[2, 3, 'amount'], [3, 4, 'amount']]);
  });
});
