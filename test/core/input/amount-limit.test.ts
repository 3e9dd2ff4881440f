import { MAX_ROW_AMOUNT_MINOR, MAX_SUMMED_ROWS } from '../../../src/core/input/amount-limit';
import { formatRowError, validateConversions, validatePartners, validateRules } from '../../../src/core/input/validate';
import type { Cell } from '../../../src/core/model';
import { contextWith } from './fixtures';

const ctx = contextWith();
const table = (tab: string, headers: Cell[], rows: Cell[][]) => ({ tab, headers, rows, first_row: 2 });
const CONVERSION_HEADERS = ['order_id', 'code', 'amount', 'currency', 'date'];

describe('input/amount-limit', () => {
  it('keeps the sum of a full spreadsheet of rows at the limit within the exact range of a double', () => {
    expect(MAX_ROW_AMOUNT_MINOR * MAX_SUMMED_ROWS).toBeLessThanOrEqual(2 ** 53);
  });

  describe('validateConversions', () => {
    it('accepts an amount at the limit and refuses one above it, saying where, the limit in major units and how to fix it', () => {
      const r = validateConversions(table('Conversions', CONVERSION_HEADERS, [
        ['O1', 'A', '90000000.00', 'USD', '2026-03-01'],
        ['O2', 'A', '60000000000000.00', 'USD', '2026-03-01'],
        ['O3', 'A', '9000000001', 'JPY', '2026-03-01'],
      ]), ctx);
      expect(r.ok && r.records.map((c) => c.amount_minor)).toEqual([MAX_ROW_AMOUNT_MINOR]);
      expect(r.ok && r.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, 'amount', 'AMOUNT_OVER_LIMIT'], [4, 'amount', 'AMOUNT_OVER_LIMIT']]);
      const [usd, jpy] = r.ok ? r.errors.map(formatRowError) : [];
      expect(usd).toBe('Conversions!3, amount: amount is above 90,000,000.00 USD, the most one row may hold (so that totals stay exact): ' +
        'check the value (a stray digit or a pasted id?), or split it into several rows (60000000000000.00)');
      expect(jpy).toContain('above 9,000,000,000 JPY');
    });
  });

  describe('flat fees', () => {
    it('refuses a partner or rule flat fee above the limit, in the base currency', () => {
      const partners = validatePartners(table('Partners', ['partner_id', 'name', 'code', 'flat_fee'], [['P1', 'Ann', 'ANN', '90000000.01']]), ctx);
      expect(partners.ok && partners.errors.map((e) => [e.column, e.code])).toEqual([['flat_fee', 'AMOUNT_OVER_LIMIT']]);
      const rules = validateRules(table('Rules', ['rule_id', 'flat_fee'], [['R1', '100000000']]), ctx);
      expect(rules.ok && rules.errors.map((e) => [e.column, e.code])).toEqual([['flat_fee', 'AMOUNT_OVER_LIMIT']]);
    });
  });
});
