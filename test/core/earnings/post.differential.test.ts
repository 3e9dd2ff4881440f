// Posting sorts its rows a day at a time; this test holds that order to the one sort of all rows by
// compareConversions that it replaced, duplicates and rows equal in every field included.
import fc from 'fast-check';
import type { Conversion } from '../../../src/core/model';
import { compareConversions, inCanonicalOrder } from '../../../src/core/earnings/post';

const rowArb: fc.Arbitrary<Conversion> = fc.record({
  order_id: fc.constantFrom('O-1', 'O-2', 'O-10', 'o-1', 'O-1:x', ''),
  code: fc.constantFrom('', 'ANN', 'BEN'),
  customer_id: fc.constantFrom('', 'C-1'),
  customer_email: fc.constantFrom('', 'a@x.io'),
  amount_minor: fc.constantFrom(0, 1, 100, 250),
  currency: fc.constantFrom('USD', 'EUR'),
  // Few days, a leap day and dates across years: many rows share a day.
  date: fc.constantFrom('2024-02-28', '2024-02-29', '2024-03-01', '2023-12-31', '2025-01-01'),
  type: fc.constantFrom<Conversion['type']>('sale', 'refund'),
  product: fc.constantFrom('', 'pro'),
  source: fc.record({ import_id: fc.constantFrom('I-1', 'I-2'), tab: fc.constant('Conversions'), row: fc.integer({ min: 2, max: 6 }) }),
});

describe('earnings/post (differential)', () => {
  describe('inCanonicalOrder', () => {
    it('gives the very rows, in the very order, of one stable sort by compareConversions', () => {
      fc.assert(fc.property(fc.array(rowArb, { maxLength: 80 }), fc.array(fc.nat(), { maxLength: 10 }), (rows, copies) => {
        // The same row object twice, and equal copies of it: a stable sort keeps their input order.
        const input = [...rows, ...(rows.length === 0 ? [] : copies.map((i) => (i % 2 === 0 ? rows[i % rows.length]! : { ...rows[i % rows.length]! })))];
        const expected = [...input].sort(compareConversions);
        const actual = inCanonicalOrder(input);
        expect(actual.length).toBe(expected.length);
        actual.forEach((row, i) => expect(row).toBe(expected[i]));
      }), { numRuns: 3000 });
    });
  });
});
