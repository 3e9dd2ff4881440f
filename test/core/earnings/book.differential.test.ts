// The Book indexes a customer's bindings by its id and by its email; the questions of spec §4
// (first touch, last touch, first sale with a partner) are answered here the plain way, by scanning
// every commission whose customer_key names one of the customer's keys, for entries read from the
// ledger and entries posted in the run alike, odd ids and emails (with `|`, `|email:`) included.
import fc from 'fast-check';
import { Book, customerKey, splitCustomerKey, type Customer, type Position } from '../../../src/core/earnings/book';
import type { LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import { entry } from '../payout/fixtures';

const partArb = fc.constantFrom('', 'a', 'b', 'a|email:b', 'x|y', 'email:a', 'id:a', 'a@x.io', 'b@x.io|');
const customerArb: fc.Arbitrary<Customer> = fc.record({ customer_id: partArb, customer_email: partArb });
const positionArb: fc.Arbitrary<Position> = fc.record({ date: fc.constantFrom('2024-01-01', '2024-01-02', '2024-01-03'), order_id: fc.constantFrom('O-1', 'O-5', 'O-9') });

const saleArb = fc.record({
  customer: customerArb,
  // Read back from a Ledger tab: sometimes a customer_key edited by hand.
  from_ledger: fc.boolean(),
  edited_key: fc.option(fc.constantFrom('id:a', 'email:b', 'a', 'id:a|email:b|email:x@y', '|email:a', 'id:'), { freq: 4 }),
  partner_id: fc.constantFrom('P-A', 'P-B'),
  at: positionArb,
});

function before(e: LedgerEntry, at: Position): boolean {
  return e.conversion_date < at.date || (e.conversion_date === at.date && e.order_id < at.order_id);
}

/** Commissions whose split customer_key shares a key with `customer`'s own keys, before `at`, in position order. */
function plainHistory(sales: ReadonlyArray<LedgerEntry>, customer: Customer, at: Position): LedgerEntry[] {
  const keys = new Set([
    ...(customer.customer_id === '' ? [] : [`id:${customer.customer_id}`]), ...(customer.customer_email === '' ? [] : [`email:${customer.customer_email}`]),
  ]);
  return sales.filter((e) => before(e, at) && splitCustomerKey(e.customer_key).some((k) => keys.has(k)))
    .sort((a, b) => (before(a, { date: b.conversion_date, order_id: b.order_id }) ? -1 : 1));
}

describe('earnings/book (differential)', () => {
  describe('Book', () => {
    it('answers first touch, last touch and first sale with a partner as a scan of the bindings does', () => {
      fc.assert(fc.property(fc.array(saleArb, { maxLength: 12 }), fc.array(fc.tuple(customerArb, positionArb), { maxLength: 8 }), (sales, questions) => {
        const entries = sales.map((s, i) => entry(s.partner_id, 100, {
          order_id: `${s.at.order_id}-${i}`, conversion_date: s.at.date,
          // Posting writes the customer's own key; a Ledger tab may hold one edited by hand.
          customer_key: s.from_ledger ? s.edited_key ?? customerKey(s.customer) : customerKey(s.customer),
        }));
        const book = new Book(entries.filter((_, i) => sales[i]!.from_ledger));
        entries.forEach((e, i) => {
          if (sales[i]!.from_ledger) return;
          // As posting does: the customer's bindings are looked up (not when last touch credits
          // the row's own code), then the sale binds it.
          if (i % 3 !== 0) book.boundPartner(sales[i]!.customer, sales[i]!.at, i % 2 === 0 ? 'first' : 'last');
          book.addPostedSale(e, sales[i]!.customer);
        });
        for (const [customer, at] of questions) {
          const history = plainHistory(entries, customer, at);
          expect(book.boundPartner(customer, at, 'first')?.order_id).toBe(history[0]?.order_id);
          expect(book.boundPartner(customer, at, 'last')?.order_id).toBe(history[history.length - 1]?.order_id);
          for (const partner_id of ['P-A', 'P-B']) {
            expect(book.firstSaleWith(customer, partner_id, at)).toBe(history.find((e) => e.partner_id === partner_id)?.conversion_date);
          }
        }
      }), { numRuns: 3000 });
    });
  });
});
