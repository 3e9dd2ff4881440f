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
      expect(plan.tab_headers).toEqual(['order_id', 'code', 'customer_id', 'customer_email', 'amount', 'currency', 'date', 'type', 'product', 'import_id']);
      expect(plan.write_headers).toBe(true);
      expect(plan.first_row).toBe(2);
      expect(plan.append[0]).toEqual(['00123', 'save10', '', '', 1234.5, 'USD', '2026-03-01', '', '', 'imp-1']);
      expect(plan.text_columns).toContain('order_id');
      expect(plan.text_columns).toContain('code');
      expect(plan.text_columns).not.toContain('amount');
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
      expect(plan.tab_headers[plan.tab_headers.length - 1]).toBe('import_id');
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
});
