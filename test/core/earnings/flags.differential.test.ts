// VELOCITY is computed from packed day windows, memos and an early exit; this test holds it to the
// rule of spec §7 computed the plain way from the list of sales, while sales keep arriving.
// SELF_REFERRAL compares ASCII addresses in place; it is held to the plain lower-cased comparison.
import fc from 'fast-check';
import { isSelfReferral, isVelocitySpike, VELOCITY_MIN_HISTORY_DAYS, VELOCITY_WINDOW_DAYS } from '../../../src/core/earnings/flags';
import { FREE_MAIL_DOMAINS } from '../../../src/core/earnings/reasons';
import { PartnerDays } from '../../../src/core/earnings/partner-days';
import { addDays } from '../../../src/core/earnings/dates';
import { partner } from './fixtures';

interface Sold { day: number; order_id: string }

/** The rule, from scratch: rank on the day > multiple × max(1, median of the daily counts before it). */
function plainVelocity(sales: ReadonlyArray<Sold>, today: number, order_id: string, multiple: number): boolean {
  if (sales.length === 0) return false;
  const first = Math.min(...sales.map((s) => s.day));
  if (first > today - VELOCITY_MIN_HISTORY_DAYS) return false;
  const counts: number[] = [];
  for (let d = Math.max(today - VELOCITY_WINDOW_DAYS, first); d < today; d++) counts.push(sales.filter((s) => s.day === d).length);
  counts.sort((a, b) => a - b);
  const mid = counts.length >> 1;
  const median = counts.length % 2 === 1 ? counts[mid]! : (counts[mid - 1]! + counts[mid]!) / 2;
  const rank = sales.filter((s) => s.day === today && s.order_id < order_id).length + 1;
  return rank > multiple * Math.max(1, median);
}

const stepArb = fc.oneof(
  fc.record({ add: fc.record({ day: fc.integer({ min: 0, max: 60 }), order: fc.integer({ min: 0, max: 40 }) }) }),
  fc.record({ ask: fc.record({ day: fc.integer({ min: 0, max: 70 }), order: fc.integer({ min: 0, max: 40 }) }) }),
);

describe('earnings/flags (differential)', () => {
  describe('isVelocitySpike', () => {
    it('flags exactly the sales the plain rule flags (and ranks them as it does), for any multiple, as sales keep arriving', () => {
      const who = partner('P-A', 'ANN');
      fc.assert(fc.property(
        fc.array(stepArb, { maxLength: 120 }), fc.constantFrom(-1, 0, 0.5, 1, 1.5, 2, 3, 10, Infinity),
        (steps, multiple) => {
          const days = new PartnerDays();
          const sales: Sold[] = [];
          steps.forEach((step, i) => {
            if ('add' in step) {
              const sold = { day: step.add.day, order_id: `O-${String(step.add.order).padStart(3, '0')}-${i}` };
              sales.push(sold);
              days.addSale(sold.day, sold.order_id, 100);
              return;
            }
            const order_id = `O-${String(step.ask.order).padStart(3, '0')}`;
            const at = { date: addDays('1970-01-01', step.ask.day), order_id };
            const facts = { at, partner: who, customer_email: '', base_amount_minor: 100 };
            expect(days.salesBefore(step.ask.day, order_id)).toBe(sales.filter((s) => s.day === step.ask.day && s.order_id < order_id).length);
            expect(isVelocitySpike(facts, multiple, days)).toBe(plainVelocity(sales, step.ask.day, order_id, multiple));
          });
        },
      ), { numRuns: 2000 });
    });
  });

  describe('isSelfReferral', () => {
    it('answers as the plain comparison of the lower-cased addresses and domains does', () => {
      const plain = (customer: string, partner: string): boolean => {
        if (customer === '' || partner === '') return false;
        if (customer.toLowerCase() === partner.toLowerCase()) return true;
        const domainOf = (email: string) => (email.lastIndexOf('@') < 0 ? '' : email.slice(email.lastIndexOf('@') + 1).toLowerCase());
        const domain = domainOf(customer);
        return domain !== '' && domain === domainOf(partner) && !FREE_MAIL_DOMAINS.has(domain);
      };
      // Pieces that make near misses: case, characters beside A–Z in the ASCII table, non-ASCII
      // letters that lower-case to other lengths, free-mail domains, '@' anywhere.
      const pieceArb = fc.constantFrom('a', 'A', 'z', 'Z', '@', '`', '[', '{', '.', 'İ', 'ß', 'é', 'É', 'Σ', 'x.io', 'X.IO', 'gmail.com', 'GMail.com', 'ann', 'Ann', '');
      const emailArb = fc.oneof(fc.array(pieceArb, { maxLength: 6 }).map((p) => p.join('')), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 }));
      fc.assert(fc.property(emailArb, emailArb, fc.boolean(), (customer, partner, recased) => {
        // Often the same address or domain in another case, the near misses that matter.
        const other = recased ? customer.toUpperCase() : partner;
        expect(isSelfReferral(customer, other)).toBe(plain(customer, other));
        expect(isSelfReferral(customer, partner)).toBe(plain(customer, partner));
      }), { numRuns: 20000 });
    });
  });
});
