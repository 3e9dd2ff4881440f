import { planImport, type CsvTable, type ExistingTab } from '../../../src/core/input/import-plan';
import { parseCsv } from '../../../src/core/input/csv';
import type { Cell } from '../../../src/core/model';
import { contextWith } from './fixtures';

const ctx = contextWith();
const EMPTY: ExistingTab = { headers: [], rows: [] };

function csv(text: string): CsvTable {
  const r = parseCsv(text, 'C.csv');
  if (!r.ok) throw new Error(r.error.message);
  return { ...r, file: 'C.csv' };
}

/** What the tab holds after the shell appends a plan (Sheets drops the leading `'` of forced text). */
function applied(existing: ExistingTab, plan: { tab_headers: string[]; append: Cell[][] }): ExistingTab {
  const strip = (c: Cell) => (typeof c === 'string' && c.startsWith("'") ? c.slice(1) : c);
  return { headers: plan.tab_headers, rows: [...existing.rows, ...plan.append.map((r) => r.map(strip))] };
}

const SALES = 'Order ID,Coupon,Total,Currency,Order Date,Type\n00123,save10,"1,234.50",USD,2026-03-01,\n00124,SAVE10,10.00,USD,2026-03-02,\n';

describe('input/import-plan', () => {
  describe('planImport', () => {
    it('plans canonical columns for an empty tab, keeping order ids like 00123 as text', () => {
      const plan = planImport('conversions', csv(SALES), EMPTY, 'imp-1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.tab_headers).toEqual(['order_id', 'code', 'customer_id', 'customer_email', 'amount', 'currency', 'date', 'type', 'product', 'import_id', 'import_problem']);
      expect(plan.write_headers).toBe(true);
      expect(plan.first_row).toBe(2);
      expect(plan.append[0]).toEqual(['00123', 'save10', '', '', 1234.5, 'USD', '2026-03-01', '', '', 'imp-1', '']);
      expect(plan.text_columns).toContain('order_id');
      expect(plan.text_columns).toContain('code');
      expect(plan.text_columns).not.toContain('amount');
      expect(plan.text_columns).toContain('import_problem');
      expect(plan.text_column_indexes).not.toContain(4);
      expect([plan.accepted, plan.duplicates, plan.errors.length]).toEqual([2, 0, 0]);
    });

    it('appends nothing when the same file is imported again, counting duplicates', () => {
      const first = planImport('conversions', csv(SALES), EMPTY, 'imp-1', ctx);
      if (!first.ok) throw new Error('structural');
      const again = planImport('conversions', csv(SALES), applied(EMPTY, first), 'imp-2', ctx);
      expect(again.ok && [again.append.length, again.duplicates, again.accepted]).toEqual([0, 2, 0]);
    });

    it('recognises the same content written differently (grouping, case, a Sheets number or date cell)', () => {
      const existing: ExistingTab = {
        headers: ['order_id', 'code', 'amount', 'currency', 'date', 'type'],
        rows: [['00124', 'save10', 10, 'usd', new Date(Date.UTC(2026, 2, 2, 12)), 'sale']],
      };
      const plan = planImport('conversions', csv(SALES), existing, 'imp-2', ctx);
      expect(plan.ok && [plan.append.length, plan.duplicates]).toEqual([1, 1]);
    });

    it('keeps two identical refunds of one file, and matches both on re-import', () => {
      const refunds = 'order_id,amount,date,type\nA1,5.00,2026-03-03,refund\nA1,5.00,2026-03-03,refund\n';
      const first = planImport('conversions', csv(refunds), EMPTY, 'imp-1', ctx);
      if (!first.ok) throw new Error('structural');
      expect(first.append.length).toBe(2);
      const again = planImport('conversions', csv(refunds), applied(EMPTY, first), 'imp-2', ctx);
      expect(again.ok && [again.append.length, again.duplicates]).toEqual([0, 2]);
    });

    it('appends rows with errors too, numbering them by tab row and file line', () => {
      const file = 'order_id,amount,date\nB1,10.555,2026-03-01\nB2,"12,34",2026-03-01\nB3,1.00,2026-03-01\n';
      const existing: ExistingTab = { headers: ['order_id', 'amount', 'date'], rows: [['X', 1, '2026-01-01'], ['Y', 2, '2026-01-02']] };
      const plan = planImport('conversions', csv(file), existing, 'imp-3', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.first_row).toBe(4);
      expect(plan.append.length).toBe(3);
      expect(plan.errors.map((e) => [e.row, e.line, e.column, e.code])).toEqual([[4, 2, 'amount', 'TOO_MANY_DECIMALS'], [5, 3, 'amount', 'BAD_GROUPING']]);
      // invalid amounts are forced to text so Sheets cannot turn "12,34" into 1234
      expect(plan.append[1]![1]).toBe("'12,34");
      expect(plan.append[2]![1]).toBe(1);
      expect(plan.accepted).toBe(1);
    });

    it('extends an existing tab with the canonical columns it lacks, in its own column order', () => {
      const existing: ExistingTab = { headers: ['Date', 'Notes', 'Order ID', 'Amount'], rows: [['2026-01-01', 'hi', 'X', 1]] };
      const plan = planImport('conversions', csv('order_id,amount,date,product\nC1,2.00,2026-03-01,=evil()\n'), existing, 'imp-4', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.tab_headers.slice(0, 4)).toEqual(['Date', 'Notes', 'Order ID', 'Amount']);
      expect(plan.tab_headers).toContain('product');
      expect(plan.tab_headers.slice(-2)).toEqual(['import_id', 'import_problem']);
      expect(plan.write_headers).toBe(true);
      const row = plan.append[0]!;
      expect([row[0], row[1], row[2], row[3]]).toEqual(['2026-03-01', '', 'C1', 2]);
      expect(row[plan.tab_headers.indexOf('product')]).toBe("'=evil()");
      expect(plan.text_columns).not.toContain('Notes');
    });

    it('gives new partners ids after the existing ones, and a re-import without ids still matches', () => {
      const file = 'name,code,rate\nAlice,ALICE,10%\nBob,BOB,5%\n';
      const existing: ExistingTab = { headers: ['partner_id', 'name', 'code', 'rate'], rows: [['P-0004', 'Zed', 'ZED', 0.1]] };
      const plan = planImport('partners', csv(file), existing, 'imp-5', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.append.map((r) => r[0])).toEqual(['P-0005', 'P-0006']);
      expect(plan.append[0]![plan.tab_headers.indexOf('rate')]).toBe(0.1);
      const again = planImport('partners', csv(file), applied(existing, plan), 'imp-6', ctx);
      expect(again.ok && [again.append.length, again.duplicates]).toEqual([0, 2]);
    });

    it('reads the tab\'s neutralised text as the file held it: a re-import matches, a reused id is a duplicate', () => {
      const file = 'partner_id,name,code,payout_account,rate\n-P4,@fitness.guru,AAA,=acct,10%\n';
      const first = planImport('partners', csv(file), EMPTY, 'imp-1', ctx);
      if (!first.ok) throw new Error(first.error.message);
      expect(first.append[0]!.slice(0, 4)).toEqual(["'-P4", "'@fitness.guru", 'AAA', '']);
      // Plain-text cells keep the ' the import wrote.
      const tab: ExistingTab = { headers: first.tab_headers, rows: first.append };
      const again = planImport('partners', csv(file), tab, 'imp-2', ctx);
      expect(again.ok && [again.duplicates, again.append.length]).toEqual([1, 0]);
      const reused = planImport('partners', csv('partner_id,name,code,rate\n-P4,Other,BBB,10%\n'), tab, 'imp-3', ctx);
      expect(reused.ok && reused.errors.map((e) => [e.column, e.code])).toEqual([['partner_id', 'DUPLICATE_PARTNER_ID']]);
    });

    it('flags a new partner whose code an existing partner already uses', () => {
      const existing: ExistingTab = { headers: ['partner_id', 'name', 'code', 'aliases', 'rate'], rows: [['P-0001', 'Zed', 'ZED', 'SAVE10', 0.1]] };
      const plan = planImport('partners', csv('name,code,rate\nAnn,save10,10%\n'), existing, 'imp-7', ctx);
      expect(plan.ok && plan.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, 'code', 'DUPLICATE_CODE']]);
      expect(plan.ok && plan.errors[0]!.message).toContain('row 2 (aliases)');
    });

    it('refuses a file with a structural problem and writes nothing', () => {
      const plan = planImport('conversions', csv('order_id,date\nA,2026-03-01\n'), EMPTY, 'imp-8', ctx);
      expect(!plan.ok && plan.error.code).toBe('MISSING_COLUMN');
    });

    it('skips lines with nothing in any known column', () => {
      const plan = planImport('conversions', csv('order_id,amount,date,Notes\n,,,just a note\nA,1,2026-03-01,\n'), EMPTY, 'imp-9', ctx);
      expect(plan.ok && [plan.append.length, plan.blank_lines]).toEqual([1, [2]]);
    });
  });
  describe('planImport for the Rules tab', () => {
    const RULES = 'Rule,Code,Product,Commission Rate,Flat Fee,From,To,Months\n' +
      'R-SPRING,,headphones,15%,,2026-03-01,2026-03-31,\n' +
      'R-ADA,ada10,,12%,0.50,2026-04-01,,\n' +
      'R-SUB,BRIGHT,=subscription(),20%,,,,12\n';

    it('plans the canonical Rules columns, with exact rates, fees and counts and ISO dates, and rule dates after the as-of date', () => {
      const plan = planImport('rules', csv(RULES), EMPTY, 'imp-r1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.tab_headers).toEqual(['rule_id', 'partner_code', 'product', 'rate', 'flat_fee', 'effective_from', 'effective_to', 'max_months', 'import_id', 'import_problem']);
      expect(plan.append[0]).toEqual(['R-SPRING', '', 'headphones', 0.15, '', '2026-03-01', '2026-03-31', '', 'imp-r1', '']);
      // 2026-04-01 is after the as-of date (2026-03-31): a planned rate change is not an error
      expect(plan.append[1]).toEqual(['R-ADA', 'ada10', '', 0.12, 0.5, '2026-04-01', '', '', 'imp-r1', '']);
      expect(plan.append[2]![2]).toBe("'=subscription()");
      expect(plan.append[2]![7]).toBe(12);
      expect([plan.accepted, plan.duplicates, plan.errors.length]).toEqual([3, 0, 0]);
    });

    it('formats the text columns as plain text and leaves rate, flat_fee and max_months as numbers', () => {
      const plan = planImport('rules', csv(RULES), EMPTY, 'imp-r1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.text_columns).toEqual(['rule_id', 'partner_code', 'product', 'effective_from', 'effective_to', 'import_id', 'import_problem']);
      expect(plan.text_column_indexes).toEqual([0, 1, 2, 5, 6, 8, 9]);
    });

    it('appends nothing when the same rules are imported again, even written differently', () => {
      const first = planImport('rules', csv(RULES), EMPTY, 'imp-r1', ctx);
      if (!first.ok) throw new Error('structural');
      const again = planImport('rules', csv(RULES), applied(EMPTY, first), 'imp-r2', ctx);
      expect(again.ok && [again.append.length, again.duplicates, again.accepted]).toEqual([0, 3, 0]);
      const respelled = 'rule_id,partner_code,product,rate,flat_fee,effective_from,effective_to,max_months\n' +
        'R-ADA, ADA10 ,,0.12,$0.50,2026-04-01,,\nR-SUB,bright,=subscription(),20 %,,,,012\n';
      const other = planImport('rules', csv(respelled), applied(EMPTY, first), 'imp-r3', ctx);
      expect(other.ok && [other.append.length, other.duplicates]).toEqual([0, 2]);
    });

    it('treats a rule with another rate or date as new content, not as a duplicate', () => {
      const first = planImport('rules', csv(RULES), EMPTY, 'imp-r1', ctx);
      if (!first.ok) throw new Error('structural');
      const changed = 'rule_id,partner_code,rate,effective_from\nR-ADA,ADA10,13%,2026-04-01\nR-ADA,ADA10,12%,2026-05-01\n';
      const plan = planImport('rules', csv(changed), applied(EMPTY, first), 'imp-r4', ctx);
      expect(plan.ok && [plan.append.length, plan.duplicates]).toEqual([2, 0]);
    });

    it('appends rules with errors, forcing invalid numbers to text, and numbers them by tab row', () => {
      const file = 'rule_id,partner_code,rate,flat_fee,effective_from,effective_to,max_months\n' +
        'R1,A,10,,2026-03-01,,\n' +          // a bare 10 is ambiguous
        'R2,B,,,2026-03-01,,\n' +            // neither rate nor flat_fee
        'R3,C,5%,"1,5",2026-03-01,2026-02-01,\n' + // bad grouping; ends before it starts
        ',D,5%,,2026-03-01,,0\n' +            // no rule_id; 0 months
        'R5,E,5%,,2026-03-01,,\n' +
        'R5,E,6%,,2026-03-01,,\n';           // a second version with the same start date
      const plan = planImport('rules', csv(file), EMPTY, 'imp-r5', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.append.length).toBe(6);
      expect(plan.errors.map((e) => [e.row, e.line, e.column, e.code])).toEqual([
        [2, 2, 'rate', 'AMBIGUOUS_RATE'],
        [3, 3, 'rate', 'MISSING_RATE'],
        [4, 4, 'flat_fee', 'BAD_GROUPING'],
        [4, 4, 'effective_to', 'BAD_DATE_RANGE'],
        [5, 5, 'rule_id', 'MISSING_VALUE'],
        [5, 5, 'max_months', 'BAD_NUMBER'],
        [7, 7, 'rule_id', 'DUPLICATE_RULE'],
      ]);
      const at = (row: number, column: string) => plan.append[row - plan.first_row]![plan.tab_headers.indexOf(column)];
      expect(at(2, 'rate')).toBe("'10");
      expect(at(4, 'flat_fee')).toBe("'1,5");
      expect(at(5, 'max_months')).toBe(0); // a whole count is exact as a number; the range is the validator's call
      expect(plan.accepted).toBe(1);
    });

    it('flags a new version of a rule that collides with one already in the tab', () => {
      const existing: ExistingTab = { headers: ['rule_id', 'partner_code', 'rate', 'effective_from'], rows: [['R-ADA', 'ADA10', 0.12, '2026-04-01']] };
      const plan = planImport('rules', csv('rule_id,partner_code,rate,effective_from\nR-ADA,ADA10,14%,2026-04-01\n'), existing, 'imp-r6', ctx);
      expect(plan.ok && plan.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, 'rule_id', 'DUPLICATE_RULE']]);
    });

    it('refuses a rules file without a rate or flat_fee column and writes nothing', () => {
      const plan = planImport('rules', csv('rule_id,partner_code\nR1,A\n'), EMPTY, 'imp-r7', ctx);
      expect(!plan.ok && [plan.error.code, plan.error.tab]).toEqual(['MISSING_COLUMN', 'Rules']);
    });
  });

  describe('planImport for the FX tab', () => {
    const FX = 'date,currency,rate\n2026-03-01,EUR,1.0825\n2026-03-01,jpy,0.006710\n2026-03-02,GBP,123456.123456789012\n';

    it('keeps every digit of an FX rate by writing it as text, exactly as the file has it', () => {
      const plan = planImport('fx', csv(FX), EMPTY, 'imp-f1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.tab_headers).toEqual(['date', 'currency', 'rate', 'import_id', 'import_problem']);
      expect(plan.append).toEqual([
        ['2026-03-01', 'EUR', '1.0825', 'imp-f1', ''],
        ['2026-03-01', 'jpy', '0.006710', 'imp-f1', ''],
        // 18 significant digits: a double would round this to 123456.12345678901
        ['2026-03-02', 'GBP', '123456.123456789012', 'imp-f1', ''],
      ]);
      expect(plan.text_columns).toEqual(['date', 'currency', 'rate', 'import_id', 'import_problem']);
      expect(plan.text_column_indexes).toEqual([0, 1, 2, 3, 4]);
      expect([plan.accepted, plan.errors.length]).toEqual([3, 0]);
    });

    it('appends nothing when the same rates are imported again, whether the tab holds text, numbers or date cells', () => {
      const first = planImport('fx', csv(FX), EMPTY, 'imp-f1', ctx);
      if (!first.ok) throw new Error('structural');
      const again = planImport('fx', csv(FX), applied(EMPTY, first), 'imp-f2', ctx);
      expect(again.ok && [again.append.length, again.duplicates, again.accepted]).toEqual([0, 3, 0]);
      const typed: ExistingTab = { headers: ['Rate Date', 'Currency Code', 'Exchange Rate'], rows: [[new Date(Date.UTC(2026, 2, 1, 12)), 'JPY', 0.00671]] };
      const plan = planImport('fx', csv(FX), typed, 'imp-f3', ctx);
      expect(plan.ok && [plan.append.length, plan.duplicates]).toEqual([2, 1]);
    });

    it('tells rates of different currencies on the same day apart', () => {
      const file = 'date,currency,rate\n2026-03-01,EUR,1.5\n2026-03-01,GBP,1.5\n';
      const plan = planImport('fx', csv(file), EMPTY, 'imp-f4', ctx);
      expect(plan.ok && [plan.append.length, plan.duplicates, plan.errors.length]).toEqual([2, 0, 0]);
    });

    it('appends bad rates and reports them, neutralising text that would be a formula', () => {
      const file = 'date,currency,rate\n' +
        '2026-02-28,EUR,-1.08\n' +      // not positive
        '2026-03-01,USD,1\n' +          // the base currency itself
        '2026-04-15,GBP,1.27\n' +       // after the as-of date
        '2026-03-01,XYZ,2\n' +
        '2026-03-01,EUR,1.0825\n' +
        '2026-03-01,EUR,1.0826\n' +     // a second EUR rate for the same day
        '2026-03-02,JPY,0.0067100000001\n'; // 13 decimals: more than an FX rate carries
      const plan = planImport('fx', csv(file), EMPTY, 'imp-f5', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.append.length).toBe(7);
      expect(plan.errors.map((e) => [e.row, e.column, e.code])).toEqual([
        [2, 'rate', 'BAD_NUMBER'],
        [3, 'currency', 'FX_BASE_CURRENCY'],
        [4, 'date', 'FUTURE_DATE'],
        [5, 'currency', 'UNKNOWN_CURRENCY'],
        [7, 'date', 'DUPLICATE_FX_RATE'],
        [8, 'rate', 'BAD_NUMBER'],
      ]);
      expect(plan.append[0]![2]).toBe("'-1.08");
      expect(plan.append[2]![0]).toBe('2026-04-15');
      expect(plan.accepted).toBe(1);
    });

    it('refuses an FX file without a currency column and writes nothing', () => {
      const plan = planImport('fx', csv('date,rate\n2026-03-01,1.08\n'), EMPTY, 'imp-f6', ctx);
      expect(!plan.ok && [plan.error.code, plan.error.tab]).toEqual(['MISSING_COLUMN', 'FX']);
    });
  });

  describe('planImport: what only the import can see is kept in import_problem', () => {
    const problemOf = (plan: { tab_headers: string[]; append: Cell[][] }, i: number): string =>
      String(plan.append[i]![plan.tab_headers.indexOf('import_problem')]);

    it('keeps the extra values of a ragged line in its import_problem cell, on one line', () => {
      const file = 'order_id,amount,date\nA1,1.00,2026-03-01,"x\ny",=2+2\nA2,2.00,2026-03-01\n';
      const plan = planImport('conversions', csv(file), EMPTY, 'imp-1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.errors.map((e) => [e.row, e.line, e.column, e.code])).toEqual([[2, 2, 'import_problem', 'RAGGED_ROW']]);
      expect(problemOf(plan, 0)).toBe(
        'RAGGED_ROW: C.csv line 2 had 5 fields but the file has 3 columns; the extra values were "x\\ny", "=2+2". Fix the row, then clear this cell.');
      expect(problemOf(plan, 1)).toBe('');
      expect(plan.errors[0]!.message).not.toMatch(/[\r\n]/);
      expect(plan.accepted).toBe(1);
    });

    it('keeps the cut-off end of an over-long cell, naming the column and its length', () => {
      const long = `=${'y'.repeat(50000)}END`;
      const plan = planImport('conversions', csv(`order_id,amount,date,product\nA1,1.00,2026-03-01,"${long}"\n`), EMPTY, 'imp-1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      const product = plan.append[0]![plan.tab_headers.indexOf('product')] as string;
      expect(product).toBe(`'${long.slice(0, 49999)}`); // neutralised, and cut to what a cell holds
      expect(problemOf(plan, 0)).toBe(
        'CELL_TOO_LONG: product had 50004 characters in C.csv line 2 but a sheet cell holds at most 50000; ' +
        'it keeps the first 49999, and the 5 cut off were "yyEND". Fix the row, then clear this cell.');
      expect(plan.errors.map((e) => [e.column, e.code])).toEqual([['product', 'CELL_TOO_LONG']]);
    });

    it('keeps an import_problem cell within what a sheet cell holds, saying when it had to cut', () => {
      const plan = planImport('conversions', csv(`order_id,amount,date,product\nA1,1.00,2026-03-01,"${'z'.repeat(120000)}"\n`), EMPTY, 'imp-1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      const problem = problemOf(plan, 0);
      expect(problem.length).toBeLessThanOrEqual(50000);
      expect(problem).toContain('… (the rest did not fit in one cell) Fix the row, then clear this cell.');
    });

    it('keeps a line whose only values are extra ones, instead of skipping it as blank', () => {
      const plan = planImport('conversions', csv('order_id,amount,date\n,,,A1,1.00\n,,\n'), EMPTY, 'imp-1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect([plan.append.length, plan.blank_lines, plan.accepted]).toEqual([1, [3], 0]);
      expect(problemOf(plan, 0)).toContain('the extra values were "A1", "1.00"');
    });

    it('appends nothing when a file with ragged lines and an over-long cell is imported again', () => {
      const file = `order_id,amount,date,product\nA1,1.00,2026-03-01,p,EXTRA\nA2,2.00\nA3,3.00,2026-03-01,"-${'w'.repeat(50001)}"\n`;
      const first = planImport('conversions', csv(file), EMPTY, 'imp-1', ctx);
      if (!first.ok) throw new Error('structural');
      expect(first.append.length).toBe(3);
      const again = planImport('conversions', csv(file), applied(EMPTY, first), 'imp-2', ctx);
      expect(again.ok && [again.append.length, again.duplicates, again.errors.length]).toEqual([0, 3, 0]);
    });

    it('keeps, neutralised, a problem the file itself carries in an import_problem column', () => {
      const file = 'order_id,amount,date,import_problem\nA1,1.00,2026-03-01,=HYPERLINK("http://x")\nA2,1.00,2026-03-01,\n';
      const plan = planImport('conversions', csv(file), EMPTY, 'imp-1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.info.map((i) => i.code)).not.toContain('UNKNOWN_COLUMN');
      expect([problemOf(plan, 0), problemOf(plan, 1)]).toEqual(['\'=HYPERLINK("http://x")', '']);
      expect(plan.errors.map((e) => [e.row, e.column, e.code])).toEqual([[2, 'import_problem', 'IMPORT_PROBLEM']]);
    });

    it('adds import_problem after import_id to a set-up tab that lacks it, and does not match on it', () => {
      const existing: ExistingTab = {
        headers: ['order_id', 'code', 'customer_id', 'customer_email', 'amount', 'currency', 'date', 'type', 'product', 'import_id'],
        rows: [['A1', '', '', '', 1, 'USD', '2026-03-01', '', '', 'imp-0']],
      };
      const plan = planImport('conversions', csv('order_id,amount,date\nA1,1.00,2026-03-01\nA2,2.00,2026-03-01,extra\n'), existing, 'imp-1', ctx);
      if (!plan.ok) throw new Error(plan.error.message);
      expect([plan.write_headers, plan.tab_headers.slice(-2)]).toEqual([true, ['import_id', 'import_problem']]);
      expect([plan.append.length, plan.duplicates]).toEqual([1, 1]);
      expect(problemOf(plan, 0)).toContain('"extra"');
    });
  });
});
