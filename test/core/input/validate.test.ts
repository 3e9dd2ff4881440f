import fc from 'fast-check';
import {
  assignPartnerIds, formatRowError, validateConversions, validateFx, validatePartners, validateRules, validateSettings,
} from '../../../src/core/input/validate';
import type { Cell } from '../../../src/core/model';
import { CONVERSION_COLUMNS, FX_COLUMNS, PARTNER_COLUMNS, RULE_COLUMNS, SETTINGS_COLUMNS } from '../../../src/core/schema/tabs';
import { contextWith } from './fixtures';

const ctx = contextWith();
const table = (tab: string, headers: Cell[], rows: Cell[][], first_row = 2) => ({ tab, headers, rows, first_row });

describe('input/validate', () => {
  describe('validatePartners', () => {
    const headers = ['partner_id', 'name', 'code', 'aliases', 'email', 'rate', 'flat_fee', 'status', 'payout_method', 'payout_account', 'country'];

    it('turns a good row into a typed partner', () => {
      const r = validatePartners(table('Partners', headers, [['', ' Alice ', 'save10', 'spring, Alice2', 'Alice@Example.com', '10%', '', '', 'PayPal', 'alice@pp.com', 'us']]), ctx);
      expect(r.ok && r.records).toEqual([{
        partner_id: '', name: 'Alice', code: 'SAVE10', aliases: ['SPRING', 'ALICE2'], email: 'alice@example.com', rate_bps: 1000,
        flat_fee_minor: null, status: 'active', payout_method: 'paypal', payout_account: 'alice@pp.com', country: 'US',
        source: { import_id: '', tab: 'Partners', row: 2 },
      }]);
    });

    it('reports the second use of a code or alias, naming the first row', () => {
      const r = validatePartners(table('Partners', headers, [
        ['', 'A', 'X1', 'X2', '', '10%', '', '', '', '', ''],
        ['', 'B', 'x2', '', '', '10%', '', '', '', '', ''],
      ]), ctx);
      expect(r.ok && r.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, 'code', 'DUPLICATE_CODE']]);
      expect(r.ok && r.errors[0]!.message).toContain('row 2 (aliases)');
      expect(r.ok && r.records.length).toBe(1);
    });

    it('refuses a duplicated partner_id', () => {
      const r = validatePartners(table('Partners', headers, [
        ['P-0001', 'A', 'A', '', '', '10%', '', '', '', '', ''],
        ['p-0001', 'B', 'B', '', '', '10%', '', '', '', '', ''],
      ]), ctx);
      expect(r.ok && r.errors.map((e) => e.code)).toEqual(['DUPLICATE_PARTNER_ID']);
    });

    it('reads Sheets numbers for rate and flat fee', () => {
      const r = validatePartners(table('Partners', headers, [['P-1', 'A', 'A', '', '', 0.125, 5, 'Inactive', '', '', '']]), ctx);
      expect(r.ok && r.records[0]).toMatchObject({ rate_bps: 1250, flat_fee_minor: 500, status: 'inactive' });
    });

    it('skips blank spacer rows without an error', () => {
      const r = validatePartners(table('Partners', headers, [['', '', '', '', '', '', '', '', '', '', '']]), ctx);
      expect(r.ok && [r.records.length, r.errors.length, r.blank_rows]).toEqual([0, 0, [2]]);
    });

    it('reports a cell longer than a sheet holds', () => {
      const r = validatePartners(table('Partners', headers, [['', 'x'.repeat(50001), 'A', '', '', '10%', '', '', '', '', '']]), ctx);
      expect(r.ok && r.errors.map((e) => e.code)).toEqual(['CELL_TOO_LONG']);
      expect(r.ok && r.errors[0]!.value.length).toBeLessThan(200);
    });
  });

  describe('assignPartnerIds', () => {
    it('continues after the highest P- id, deterministically', () => {
      expect(assignPartnerIds([], 2)).toEqual(['P-0001', 'P-0002']);
      expect(assignPartnerIds(['P-0001', 'P-0007', 'ACME-3', 'p-0003'], 2)).toEqual(['P-0008', 'P-0009']);
      expect(assignPartnerIds(['P-9999'], 1)).toEqual(['P-10000']);
      expect(assignPartnerIds(['P-0001'], 0)).toEqual([]);
    });
  });

  describe('validateConversions', () => {
    const headers = ['Order ID', 'Coupon', 'Customer Email', 'Total', 'Currency', 'Date', 'Type', 'Product'];

    it('turns good rows into conversions, with refunds as positive amounts', () => {
      const r = validateConversions(table('Conversions', headers, [
        ['1001', 'https://shop.example/?ref=save10', 'Bob@X.com', '1,234.50', 'usd', '2026-03-01', '', 'Pro'],
        [1002, '', '', 5, 'JPY', new Date(Date.UTC(2026, 2, 2, 12)), 'REFUND', ''],
      ]), ctx);
      expect(r.ok && r.errors).toEqual([]);
      expect(r.ok && r.records.map((c) => [c.order_id, c.code, c.customer_email, c.amount_minor, c.currency, c.date, c.type])).toEqual([
        ['1001', 'SAVE10', 'bob@x.com', 123450, 'USD', '2026-03-01', 'sale'],
        ['1002', '', '', 5, 'JPY', '2026-03-02', 'refund'],
      ]);
    });

    it('uses the base currency when the tab has no currency column', () => {
      const r = validateConversions(table('Conversions', ['order_id', 'amount', 'date'], [['1', '10.00', '2026-03-01']]), contextWith({ base_currency: 'EUR' }));
      expect(r.ok && r.records[0]!.currency).toBe('EUR');
      expect(r.ok && r.info.map((i) => i.code)).toContain('DEFAULT_CURRENCY');
    });

    it('collects every problem of a row, and the row yields no record', () => {
      const r = validateConversions(table('Conversions', headers, [['', '', 'nope', '10.555', 'USD', '2026-04-02', 'return', '']], 12), ctx);
      expect(r.ok && r.errors.map((e) => e.column)).toEqual(['order_id', 'customer_email', 'type', 'amount', 'date']);
      expect(r.ok && r.records).toEqual([]);
      expect(r.ok && r.rows_with_errors).toEqual([12]);
      expect(r.ok && formatRowError(r.errors[3]!)).toBe('Conversions!12, amount: amount "10.555" has 3 decimals but USD allows 2: round it to 10.56 or 10.55 (10.555)');
    });

    it('refuses the tab when a required column is missing', () => {
      const r = validateConversions(table('Conversions', ['order_id', 'date'], [['1', '2026-03-01']]), ctx);
      expect(!r.ok && r.error.code).toBe('MISSING_COLUMN');
      expect(!r.ok && r.error.tab).toBe('Conversions');
    });

    it('takes the import id from the import_id column or from the table', () => {
      const r = validateConversions(table('Conversions', ['order_id', 'amount', 'date', 'import_id'], [['1', '1', '2026-03-01', 'imp-7']]), ctx);
      expect(r.ok && r.records[0]!.source).toEqual({ import_id: 'imp-7', tab: 'Conversions', row: 2 });
      const t = { ...table('Conversions', ['order_id', 'amount', 'date'], [['1', '1', '2026-03-01']]), import_ids: ['imp-9'] };
      const r2 = validateConversions(t, ctx);
      expect(r2.ok && r2.records[0]!.source.import_id).toBe('imp-9');
    });

    it('either validates a row or reports at least one error for it, never both and never neither', () => {
      const cell = fc.oneof(
        fc.constantFrom('', '10%', '0.1', '12.50', '1,234.56', '-3', 'USD', 'JPY', 'XYZ', '2026-03-01', '2026-02-30', '03/04/2026',
          'sale', 'refund', 'x@y.com', 'SAVE10', '=1+1', 'https://s.example/?ref=a', 'active', 'paypal', 'venmo'),
        fc.string({ maxLength: 8 }), fc.double(), fc.integer(), fc.boolean(),
        fc.date({ min: new Date(Date.UTC(2020, 0, 1)), max: new Date(Date.UTC(2027, 0, 1)), noInvalidDate: true }),
      );
      const check = (kind: 'partners' | 'conversions', columns: readonly string[]) => fc.assert(fc.property(
        fc.array(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const t = table(kind, [...columns], rows);
          const r = kind === 'partners' ? validatePartners(t, ctx) : validateConversions(t, ctx);
          if (!r.ok) throw new Error(r.error.message);
          const recorded = new Set(r.records.map((x) => x.source.row));
          const errored = new Set(r.errors.map((e) => e.row));
          for (let i = 0; i < rows.length; i++) {
            const row = 2 + i;
            const outcomes = [recorded.has(row), errored.has(row), r.blank_rows.includes(row)].filter(Boolean).length;
            expect(outcomes).toBe(1);
          }
          expect(r.rows_with_errors).toEqual([...errored].sort((a, b) => a - b));
        }), { numRuns: 300 });
      check('partners', PARTNER_COLUMNS);
      check('conversions', CONVERSION_COLUMNS);
    });
  });

  describe('validateRules', () => {
    const headers = ['rule_id', 'partner_code', 'product', 'rate', 'flat_fee', 'effective_from', 'effective_to', 'max_months'];
    it('reads rules, allowing future effective dates', () => {
      const r = validateRules(table('Rules', headers, [['R1', 'save10', '', '15%', '', '2026-01-01', '2026-12-31', '12']]), ctx);
      expect(r.ok && r.records[0]).toMatchObject({ rule_id: 'R1', partner_code: 'SAVE10', rate_bps: 1500, flat_fee_minor: null, effective_from: '2026-01-01', effective_to: '2026-12-31', max_months: 12 });
    });
    it('refuses a rule with no rate, reversed dates, or a repeated version', () => {
      const r = validateRules(table('Rules', headers, [
        ['R1', '', '', '', '', '', '', ''],
        ['R2', '', '', '5%', '', '2026-03-01', '2026-02-01', ''],
        ['R3', '', '', '5%', '', '2026-01-01', '', ''],
        ['R3', '', '', '6%', '', '2026-01-01', '', '0'],
      ]), ctx);
      expect(r.ok && r.errors.map((e) => [e.row, e.code])).toEqual([[2, 'MISSING_RATE'], [3, 'BAD_DATE_RANGE'], [5, 'BAD_NUMBER'], [5, 'DUPLICATE_RULE']]);
    });
  });

  describe('validateFx', () => {
    it('reads exact rates and refuses duplicates, the base currency and future dates', () => {
      const r = validateFx(table('FX', ['date', 'currency', 'rate'], [
        ['2026-03-01', 'eur', '1.0825'],
        ['2026-03-01', 'EUR', '1.09'],
        ['2026-03-01', 'USD', '1'],
        ['2026-04-01', 'GBP', '1.27'],
        ['2026-03-01', 'JPY', '-1'],
      ]), ctx);
      expect(r.ok && r.records.map((x) => [x.currency, x.rate])).toEqual([['EUR', '1.0825']]);
      expect(r.ok && r.errors.map((e) => [e.row, e.code])).toEqual([[3, 'DUPLICATE_FX_RATE'], [4, 'FX_BASE_CURRENCY'], [5, 'FUTURE_DATE'], [6, 'BAD_NUMBER']]);
    });
  });

  describe('validateFx: the decimal limit', () => {
    it('states the 12-decimal limit when a rate has more', () => {
      const r = validateFx(table('FX', ['date', 'currency', 'rate'], [['2026-03-01', 'EUR', '1.0825000000001']]), ctx);
      expect(r.ok && r.errors.map((e) => e.message)).toEqual(['rate "1.0825000000001" is not valid: write a positive number of USD per unit of the currency with at most 12 decimals, like 1.0825']);
    });
  });

  describe('validateSettings', () => {
    it('parses keys into Settings, defaults for the rest', () => {
      const r = validateSettings(table('Settings', ['key', 'value', 'help'], [
        ['base_currency', 'eur', ''], ['min_payout', '50,00', ''], ['decimal_separator', ',', ''], ['hold_days', 14, ''],
        ['managers', 'Boss@X.com; cfo@x.com', ''], ['refund_rate', '25%', ''], ['review_above', 1000, ''],
        ['map.code', 'Coupon Used', ''], ['self_referral_check', 'off', ''], ['date_format', 'DMY', ''],
        ['company_domains', '@Acme.com, acme.io', ''], ['link_params', 'ref, utm_partner', ''], ['time_zone', 'Europe/Paris', ''],
        ['', '', ''],
      ]));
      expect(r.ok && r.errors).toEqual([]);
      expect(r.ok && r.settings).toMatchObject({
        base_currency: 'EUR', min_payout_minor: 5000, decimal_separator: ',', hold_days: 14, managers: ['boss@x.com', 'cfo@x.com'],
        refund_rate_bps: 2500, review_above_minor: 100000, column_map: { code: 'Coupon Used' }, self_referral_check: false,
        date_format: 'dmy', company_domains: ['acme.com', 'acme.io'], link_params: ['ref', 'utm_partner'], time_zone: 'Europe/Paris',
        rounding: 'half_up', payout_preset: 'generic',
      });
      expect(r.ok && r.blank_rows).toEqual([15]);
    });

    it('reports unknown keys, bad values and repeats, keeping the defaults', () => {
      const r = validateSettings(table('Settings', ['key', 'value'], [
        ['basecurrency', 'XYZ'], ['holdays', '30'], ['rounding', 'banker'], ['rounding', 'half_even'], ['date_format', 'ymd'],
        ['managers', 'not-an-email'], ['map.nonsense', 'X'], ['refund_rate', '30'], ['min_payout', '-5'],
      ]));
      expect(r.ok && r.errors.map((e) => [e.row, e.code])).toEqual([
        [2, 'BAD_SETTING'], [3, 'UNKNOWN_SETTING'], [4, 'BAD_SETTING'], [5, 'DUPLICATE_SETTING'], [6, 'BAD_SETTING'],
        [7, 'BAD_EMAIL'], [8, 'UNKNOWN_SETTING'], [9, 'AMBIGUOUS_RATE'], [10, 'NEGATIVE_AMOUNT'],
      ]);
      expect(r.ok && r.settings.base_currency).toBe('USD');
      expect(r.ok && r.settings.rounding).toBe('half_up');
    });
  });

  describe('import_problem', () => {
    const TABS = [
      { tab: 'Partners', validate: validatePartners, headers: ['partner_id', 'name', 'code', 'rate'], good: ['P-0001', 'Ann', 'ANN', '10%'] },
      { tab: 'Conversions', validate: validateConversions, headers: ['order_id', 'amount', 'date'], good: ['A1', '1.00', '2026-03-01'] },
      { tab: 'Rules', validate: validateRules, headers: ['rule_id', 'rate'], good: ['R1', '5%'] },
      { tab: 'FX', validate: validateFx, headers: ['date', 'currency', 'rate'], good: ['2026-03-01', 'EUR', '1.08'] },
    ] as const;
    const PROBLEM = 'RAGGED_ROW: C.csv line 2 had 5 fields but the file has 3 columns; the extra values were "x". Fix the row, then clear this cell.';

    it.each(TABS.map((t) => [t.tab, t] as const))('keeps a %s row with an import problem from being valid until the cell is cleared', (_tab, t) => {
      const headers = [...t.headers, 'import_id', 'import_problem'];
      const flagged = t.validate(table(t.tab, headers, [[...t.good, 'imp-1', PROBLEM]]), ctx);
      expect(flagged.ok && flagged.info.filter((i) => i.code === 'UNKNOWN_COLUMN')).toEqual([]); // both are known columns
      expect(flagged.ok && flagged.errors.map((e) => [e.row, e.column, e.code])).toEqual([[2, 'import_problem', 'IMPORT_PROBLEM']]);
      expect(flagged.ok && flagged.errors[0]!.message).toContain('then clear the import_problem cell');
      expect(flagged.ok && flagged.errors[0]!.value).toContain('RAGGED_ROW');
      expect(flagged.ok && [flagged.records.length, flagged.rows_with_errors]).toEqual([0, [2]]);
      const cleared = t.validate(table(t.tab, headers, [[...t.good, 'imp-1', ' ']]), ctx);
      expect(cleared.ok && [cleared.records.length, cleared.errors]).toEqual([1, []]);
    });

    it('lists the row\'s other problems with its import problem, so the user sees what to fix at once', () => {
      const r = validateConversions(table('Conversions', ['order_id', 'amount', 'currency', 'date', 'import_problem'], [['A1', '12', '34', 'USD', PROBLEM]]), ctx);
      expect(r.ok && r.errors.map((e) => [e.column, e.code])).toEqual([['import_problem', 'IMPORT_PROBLEM'], ['currency', 'UNKNOWN_CURRENCY'], ['date', 'BAD_DATE']]);
    });

    it('treats a row with nothing but an import problem as a row with an error, not a blank spacer', () => {
      const headers = ['order_id', 'amount', 'date', 'import_id', 'import_problem'];
      const r = validateConversions(table('Conversions', headers, [['', '', '', 'imp-1', PROBLEM], ['', '', '', 'imp-1', '']]), ctx);
      expect(r.ok && r.errors.map((e) => [e.row, e.code])).toEqual([[2, 'IMPORT_PROBLEM'], [2, 'MISSING_VALUE'], [2, 'MISSING_VALUE'], [2, 'MISSING_VALUE']]);
      expect(r.ok && [r.rows_with_errors, r.blank_rows]).toEqual([[2], [3]]);
    });
  });

  describe('row error messages', () => {
    const BREAKS = ['\n', '\r\n', '\r', '\u2028', '\u2029', '\u000b', '\u000c', '\u0085'];

    it('quote a value with line breaks on one line, each break shown as ↵', () => {
      const r = validateConversions(table('Conversions', ['order_id', 'amount', 'currency', 'date'], [['A1', '12\n34', 'US\r\nD', 'March\u20281']]), ctx);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.errors.map((e) => e.code)).toEqual(['UNKNOWN_CURRENCY', 'BAD_DATE']);
      expect(r.errors[0]!.message).toContain('"US↵D"');
      for (const e of r.errors) expect(e.message).not.toMatch(/[\n\r\u2028\u2029\v\f\u0085]/);
    });

    it('are single-line whatever the cells hold, in every input tab and in Settings', () => {
      const piece = fc.oneof(fc.constantFrom(...BREAKS), fc.constantFrom('12', '1,2', '10%', 'USD', '2026-03-01', 'x@y', 'a;b', '=1', 'http://a.b/?ref=x'), fc.string({ maxLength: 4 }));
      const cell = fc.oneof(fc.array(piece, { maxLength: 4 }).map((parts) => parts.join('')), fc.double(), fc.integer());
      const tabs = [
        { columns: PARTNER_COLUMNS, run: (t: ReturnType<typeof table>) => validatePartners(t, ctx) },
        { columns: CONVERSION_COLUMNS, run: (t: ReturnType<typeof table>) => validateConversions(t, ctx) },
        { columns: RULE_COLUMNS, run: (t: ReturnType<typeof table>) => validateRules(t, ctx) },
        { columns: FX_COLUMNS, run: (t: ReturnType<typeof table>) => validateFx(t, ctx) },
        { columns: SETTINGS_COLUMNS, run: (t: ReturnType<typeof table>) => validateSettings(t) },
      ];
      for (const { columns, run } of tabs) {
        fc.assert(fc.property(
          fc.array(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), { minLength: 1, maxLength: 4 }),
          (rows) => {
            const r = run(table('Tab', [...columns], rows));
            if (!r.ok) throw new Error(r.error.message);
            for (const e of r.errors) expect(e.message).not.toMatch(/[\n\r\u2028\u2029\v\f\u0085]/);
          }), { numRuns: 200 });
      }
    });
  });
});
