import fc from 'fast-check';
import { PartnerDays } from '../../../src/core/earnings/partner-days';

/** The same days kept the plain way: one record per day number. */
function naive(events: Array<{ day: number; kind: 'sale' | 'refund'; base: number }>) {
  const days = new Map<number, { sales: number; sold: number; refunded: number }>();
  for (const e of events) {
    const d = days.get(e.day) ?? { sales: 0, sold: 0, refunded: 0 };
    days.set(e.day, d);
    if (e.kind === 'sale') {
      d.sales += 1;
      d.sold += e.base;
    } else d.refunded += e.base;
  }
  return days;
}

const eventsArb = fc.array(fc.record({
  // Around 0 and across several 64-day blocks, negative day numbers (before 1970) included.
  day: fc.integer({ min: -200, max: 200 }),
  kind: fc.constantFrom<'sale' | 'refund'>('sale', 'refund'),
  base: fc.integer({ min: 0, max: 1_000_000 }),
}), { maxLength: 60 });

describe('earnings/partner-days', () => {
  describe('PartnerDays', () => {
    it('reads any window of days as the plain per-day records do, across block boundaries', () => {
      fc.assert(fc.property(eventsArb, fc.integer({ min: -260, max: 260 }), fc.integer({ min: 0, max: 100 }), (events, from, width) => {
        const days = new PartnerDays();
        events.forEach((e, i) => (e.kind === 'sale' ? days.addSale(e.day, `O-${i}`, e.base) : days.addRefund(e.day, e.base)));
        const plain = naive(events);
        const counts = new Float64Array(width);
        days.salesCounts(from, from + width, counts);
        let sales = 0;
        let sold = 0;
        let refunded = 0;
        for (let d = from; d < from + width; d++) {
          const p = plain.get(d);
          expect(counts[d - from]).toBe(p?.sales ?? 0);
          sales += p?.sales ?? 0;
          sold += p?.sold ?? 0;
          refunded += p?.refunded ?? 0;
        }
        expect(days.totals(from, from + width)).toEqual({ sales, sales_base_minor: sold, refunds_base_minor: refunded });
        const sale_days = events.filter((e) => e.kind === 'sale').map((e) => e.day);
        expect(days.first_sale_day).toBe(sale_days.length === 0 ? undefined : Math.min(...sale_days));
      }));
    });

    it('keeps what the flags derived for a day until a day before it changes', () => {
      const days = new PartnerDays();
      days.addSale(10, 'O-1', 500);
      days.memoBefore(20).velocity_median = 1;
      days.addSale(20, 'O-2', 500);
      days.addRefund(25, 100);
      expect(days.memoBefore(20).velocity_median).toBe(1);
      days.addRefund(19, 100);
      expect(days.memoBefore(20).velocity_median).toBeUndefined();
      days.memoBefore(20).velocity_median = 2;
      expect(days.memoBefore(21).velocity_median).toBeUndefined();
    });
  });
});
