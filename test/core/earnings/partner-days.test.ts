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

    it('reads the same windows when days are added between reads, at any day, ends moving either way', () => {
      const stepArb = fc.oneof(
        // Dense days around the ends asked about, and a few far away.
        fc.array(fc.record({
          day: fc.oneof(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -200, max: 200 })),
          kind: fc.constantFrom<'sale' | 'refund'>('sale', 'refund'),
          base: fc.integer({ min: 0, max: 1_000_000 }),
        }), { maxLength: 30 }).map((events) => ({ add: events })),
        // Ends close together most of the time: the packed copies move forward a few days.
        fc.record({ end: fc.oneof(fc.integer({ min: -10, max: 10 }), fc.integer({ min: -200, max: 260 })), width: fc.constantFrom(1, 7, 30, 90, 128, 129, 200) }),
      );
      fc.assert(fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const days = new PartnerDays();
        const added: Array<{ day: number; kind: 'sale' | 'refund'; base: number }> = [];
        let order = 0;
        for (const step of steps) {
          if ('add' in step) {
            for (const e of step.add) {
              if (e.kind === 'sale') days.addSale(e.day, `O-${order++}`, e.base);
              else days.addRefund(e.day, e.base);
              added.push(e);
            }
            continue;
          }
          const plain = naive(added);
          const from = step.end - step.width;
          const counts = new Float64Array(step.width);
          days.salesCounts(from, step.end, counts);
          const expected = { sales: 0, sales_base_minor: 0, refunds_base_minor: 0 };
          for (let d = from; d < step.end; d++) {
            expect(counts[d - from]).toBe(plain.get(d)?.sales ?? 0);
            expected.sales += plain.get(d)?.sales ?? 0;
            expected.sales_base_minor += plain.get(d)?.sold ?? 0;
            expected.refunds_base_minor += plain.get(d)?.refunded ?? 0;
          }
          expect(days.totals(from, step.end)).toEqual(expected);
        }
      }), { numRuns: 300 });
    });

    it('slides a window of one width forward as a sum from scratch gives it, days added anywhere between reads', () => {
      const stepArb = fc.oneof(
        fc.record({ day: fc.integer({ min: -20, max: 250 }), kind: fc.constantFrom<'sale' | 'refund'>('sale', 'refund'), base: fc.integer({ min: 0, max: 1_000_000 }) }),
        fc.record({ forward: fc.integer({ min: 0, max: 12 }) }),
      );
      fc.assert(fc.property(fc.constantFrom(1, 7, 90, 128), fc.array(stepArb, { maxLength: 80 }), (width, steps) => {
        const days = new PartnerDays();
        const added: Array<{ day: number; kind: 'sale' | 'refund'; base: number }> = [];
        let end = 0;
        steps.forEach((step, i) => {
          if ('forward' in step) {
            end += step.forward;
            const plain = naive(added);
            const expected = { sales: 0, sales_base_minor: 0, refunds_base_minor: 0 };
            for (let d = end - width; d < end; d++) {
              expected.sales += plain.get(d)?.sales ?? 0;
              expected.sales_base_minor += plain.get(d)?.sold ?? 0;
              expected.refunds_base_minor += plain.get(d)?.refunded ?? 0;
            }
            expect(days.totals(end - width, end)).toEqual(expected);
            return;
          }
          if (step.kind === 'sale') days.addSale(step.day, `O-${i}`, step.base);
          else days.addRefund(step.day, step.base);
          added.push(step);
        });
      }), { numRuns: 1000 });
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
