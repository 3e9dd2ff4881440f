import { describeMapping, headerKey, mapHeaders } from '../../../src/core/input/headers';
import { settingsWith } from './fixtures';

describe('input/headers', () => {
  describe('headerKey', () => {
    it('ignores case, spaces, underscores and dashes', () => {
      expect(headerKey('Order_ID')).toBe(headerKey('order-id'));
      expect(headerKey(' Customer Email ')).toBe('customeremail');
    });
  });

  describe('mapHeaders', () => {
    it('maps the aliases ops exports use', () => {
      const r = mapHeaders(['Order #', 'Promo Code', 'Customer Email', 'Order Total', 'Currency Code', 'Created At', 'Notes'], 'conversions', settingsWith());
      expect(r.ok && r.mapping.index_of).toEqual({ order_id: 0, code: 1, customer_email: 2, amount: 3, currency: 4, date: 5 });
      expect(r.ok && r.mapping.ignored).toEqual([{ header: 'Notes', index: 6 }]);
      expect(r.ok && r.mapping.info.map((i) => i.code)).toEqual(['UNKNOWN_COLUMN']);
    });

    it('knows the import bookkeeping columns import_id and import_problem, in every input tab but Settings', () => {
      for (const [kind, required] of [['conversions', ['order_id', 'amount', 'date']], ['partners', ['name', 'code', 'rate']], ['rules', ['rule_id', 'rate']], ['fx', ['date', 'currency', 'rate']]] as const) {
        const r = mapHeaders([...required, 'Import ID', 'import_problem'], kind, settingsWith());
        expect(r.ok && r.mapping.info.map((i) => i.code).filter((c) => c === 'UNKNOWN_COLUMN')).toEqual([]);
        expect(r.ok && [r.mapping.index_of['import_id'], r.mapping.index_of['import_problem']]).toEqual([required.length, required.length + 1]);
      }
      const settings = mapHeaders(['key', 'value', 'import_problem'], 'settings', settingsWith());
      expect(settings.ok && settings.mapping.ignored).toEqual([{ header: 'import_problem', index: 2 }]);
    });

    it('lets a user mapping in Settings win', () => {
      const settings = settingsWith({ column_map: { code: 'Coupon Used' } });
      const r = mapHeaders(['order_id', 'Coupon Used', 'code', 'amount', 'date'], 'conversions', settings);
      expect(r.ok && r.mapping.index_of['code']).toBe(1);
    });

    it('names the missing column and lists the headers found', () => {
      const r = mapHeaders(['order_id', 'date', 'Notes'], 'conversions', settingsWith());
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('MISSING_COLUMN');
        expect(r.error.message).toContain('no amount column');
        expect(r.error.message).toContain('"order_id", "date", "Notes"');
        expect(r.error.headers_found).toEqual(['order_id', 'date', 'Notes']);
      }
    });

    it('refuses two headers for the same field, and literal duplicates', () => {
      const alias = mapHeaders(['order_id', 'Total', 'Revenue', 'date'], 'conversions', settingsWith());
      expect(!alias.ok && alias.error.code).toBe('DUPLICATE_HEADER');
      const literal = mapHeaders(['order_id', 'amount', 'date', 'Notes', 'notes'], 'conversions', settingsWith());
      expect(!literal.ok && literal.error.code).toBe('DUPLICATE_HEADER');
    });

    it('refuses an empty header row', () => {
      const r = mapHeaders(['', ' ', ''], 'partners', settingsWith());
      expect(!r.ok && r.error.code).toBe('EMPTY_HEADER_ROW');
    });

    it('accepts a partners tab with either rate or flat_fee', () => {
      expect(mapHeaders(['name', 'code', 'Flat Fee'], 'partners', settingsWith()).ok).toBe(true);
      expect(mapHeaders(['name', 'code', 'email'], 'partners', settingsWith()).ok).toBe(false);
    });
  });

  describe('describeMapping', () => {
    it('shows how each header maps, for the set-up preview', () => {
      const settings = settingsWith({ column_map: { amount: 'Paid' } });
      expect(describeMapping(['order_id', 'Coupon', 'Paid', 'Total', 'Notes', ''], 'conversions', settings)).toEqual([
        { header: 'order_id', field: 'order_id', how: 'exact' },
        { header: 'Coupon', field: 'code', how: 'alias' },
        { header: 'Paid', field: 'amount', how: 'user_map' },
        { header: 'Total', field: null, how: 'ignored' },
        { header: 'Notes', field: null, how: 'ignored' },
        { header: '', field: null, how: 'ignored' },
      ]);
    });
    it('accepts the tab name as well as the kind', () => {
      expect(describeMapping(['Coupon'], 'Conversions', settingsWith())).toEqual([{ header: 'Coupon', field: 'code', how: 'alias' }]);
    });
  });
});
