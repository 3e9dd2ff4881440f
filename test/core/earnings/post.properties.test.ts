// Property tests of posting: each property is named by the invariant it checks.
import fc from 'fast-check';
import type { Conversion, RoundingMode } from '../../../src/core/model';
import type { Settings } from '../../../src/core/settings';
import { post, compareConversions, type PostInput } from '../../../src/core/earnings/post';
import type { LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import { checkLedgerInvariants, partnerIdentities } from '../../../src/core/earnings/invariants';
import { clawbackTotalMinor } from '../../../src/core/earnings/commission';
import { addDays } from '../../../src/core/earnings/dates';
import type { ReviewDecision } from '../../../src/core/earnings/review';
import { fx, partner, rule, settings } from './fixtures';

const AS_OF = '2024-12-31';
const PARTNERS = [
  partner('P-A', 'ALICE', { aliases: ['ALI'], email: 'alice@acme.io' }),
  partner('P-B', 'BOB', { rate_bps: null, flat_fee_minor: 300, email: 'bob@gmail.com' }),
  partner('P-C', 'CAROL', { rate_bps: 1234, flat_fee_minor: 50 }),
];
const RULES = [
  rule('R-1', { partner_code: 'ALICE', product: 'pro', rate_bps: 2000, effective_from: '2024-01-15' }),
  rule('R-2', { product: 'pro', rate_bps: 1500 }),
  rule('R-3', { partner_code: 'BOB', rate_bps: 700, effective_to: '2024-02-10', max_months: 1 }),
];
const FX = [fx('EUR', '2024-01-01', '1.0825'), fx('EUR', '2024-01-20', '1.1'), fx('JPY', '2024-01-01', '0.0067')];

const amountArb = fc.oneof(fc.constantFrom(1000, 3333, 9999, 10000), fc.integer({ min: 0, max: 50000 }));

/** One order: its sale, its refunds (mostly after the sale, in its currency), and sometimes a conflicting variant. */
const orderArb = fc.record({
  // A dense fortnight (velocity) inside two months (recurring limits).
  day: fc.oneof(fc.integer({ min: 8, max: 14 }), fc.integer({ min: 0, max: 60 })),
  amount: amountArb,
  currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR', 'JPY', 'GBP'),
  code: fc.constantFrom('ALICE', 'ALICE', 'BOB', 'ALI', 'CAROL', 'NOBODY', '', ''),
  customer: fc.constantFrom('C-1', 'C-2', 'C-3', 'C-4', ''),
  email: fc.constantFrom('', 'ann@acme.io', 'dan@gmail.com', 'x@ourco.com'),
  product: fc.constantFrom('', 'pro'),
  refunds: fc.array(fc.record({ after: fc.integer({ min: -2, max: 30 }), amount: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: amountArb.map((a) => Math.max(1, a)), weight: 1 }), share: fc.constantFrom(1, 2, 3), otherCurrency: fc.oneof({ arbitrary: fc.constant(false), weight: 15 }, { arbitrary: fc.constant(true), weight: 1 }) }), { maxLength: 3 }),
  variant: fc.oneof(
    { arbitrary: fc.constant(null), weight: 6 },
    { arbitrary: fc.record({ amount: amountArb, code: fc.constantFrom('ALICE', 'BOB', ''), day: fc.integer({ min: 0, max: 25 }) }), weight: 1 },
  ),
});

type Row = Omit<Conversion, 'source'>;

type Order = typeof orderArb extends fc.Arbitrary<infer T> ? T : never;

function orderRows(o: Order, id: string): Row[] {
  const sale: Row = {
    order_id: id, code: o.code, customer_id: o.customer, customer_email: o.email, amount_minor: o.amount, currency: o.currency,
    date: addDays('2024-01-01', o.day), type: 'sale', product: o.product,
  };
  const refunds = o.refunds.map((r): Row => ({
    ...sale, code: '', type: 'refund', date: addDays(sale.date, r.after),
    amount_minor: r.amount ?? Math.max(1, Math.floor(o.amount / r.share)), currency: r.otherCurrency ? 'EUR' : o.currency,
  }));
  const variant: Row[] = o.variant === null ? [] : [{ ...sale, amount_minor: o.variant.amount, code: o.variant.code, date: addDays('2024-01-01', o.variant.day) }];
  return [sale, ...refunds, ...variant];
}

/** Conversion rows with natural duplicates (the same row imported twice under another source row). */
const rowsArb = fc.tuple(fc.array(orderArb, { maxLength: 24, size: 'medium' }), fc.array(fc.nat(), { maxLength: 6 })).map(([orders, dupes]) => {
  const rows = orders.flatMap((o, i) => orderRows(o, `O-${i}`));
  const all = [...rows, ...(rows.length === 0 ? [] : dupes.map((i) => rows[i % rows.length]!))];
  return all.map((r, i): Conversion => ({ ...r, source: { import_id: 'I-1', tab: 'Conversions', row: i + 2 } }));
});

const settingsArb: fc.Arbitrary<Settings> = fc.record({
  attribution: fc.constantFrom('first_touch' as const, 'last_touch' as const),
  rounding: fc.constantFrom<RoundingMode>('half_up', 'half_even'),
  recurring_months: fc.constantFrom(null, 1, 2),
  review_above_minor: fc.constantFrom(null, 20000),
  velocity_multiple: fc.constantFrom(1, 1, 2, 10),
  refund_rate_bps: fc.constantFrom(1000, 3000),
  hold_days: fc.constantFrom(0, 30),
  company_domains: fc.constantFrom<string[]>([], ['ourco.com']),
}).map((over) => settings(over));

function input(s: Settings, conversions: Conversion[], ledger: LedgerEntry[], reviews: ReviewDecision[] = []): PostInput {
  return { partners: PARTNERS, rules: RULES, fx: FX, settings: s, conversions, ledger, reviews, as_of: AS_OF };
}

function postAll(s: Settings, rows: Conversion[]): LedgerEntry[] {
  return post(input(s, rows, [])).entries;
}

/** Posts growing prefixes of `rows` (each post sees the earlier rows again, like a tab that keeps them). */
function postCumulative(s: Settings, rows: Conversion[], cuts: number[], shuffle: (xs: Conversion[]) => Conversion[]): LedgerEntry[] {
  let ledger: LedgerEntry[] = [];
  for (const cut of [...cuts.map((c) => c % (rows.length + 1)).sort((a, b) => a - b), rows.length]) {
    ledger = [...ledger, ...post(input(s, shuffle(rows.slice(0, cut)), ledger)).entries];
  }
  return ledger;
}

const shuffled = <T>(xs: T[], seed: number): T[] => {
  const out = [...xs];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('earnings/post properties', () => {
  describe('post', () => {
    it('yields the identical ledger for any order of the input rows', () => {
      fc.assert(fc.property(settingsArb, rowsArb, fc.integer(), (s, rows, seed) => {
        const a = post(input(s, rows, []));
        const b = post(input(s, shuffled(rows, seed), []));
        expect(b.entries).toEqual(a.entries);
        expect(b.counts).toEqual(a.counts);
        expect(b.exceptions).toEqual(a.exceptions);
      }));
    });

    it('adds nothing when the same data is posted again (idempotent replay)', () => {
      fc.assert(fc.property(settingsArb, rowsArb, fc.integer(), (s, rows, seed) => {
        const ledger = postAll(s, rows);
        const again = post(input(s, shuffled(rows, seed), ledger));
        expect(again.entries).toEqual([]);
        expect(again.counts.duplicates).toBeGreaterThanOrEqual(ledger.length);
      }));
    });

    it('yields the identical ledger when the rows arrive in date order in any number of posts (ledger fed back in)', () => {
      fc.assert(fc.property(settingsArb, rowsArb, fc.array(fc.nat(), { maxLength: 5 }), fc.integer(), (s, rows, cuts, seed) => {
        const canonical = [...rows].sort(compareConversions);
        const chunked = postCumulative(s, canonical, cuts, (xs) => shuffled(xs, seed));
        expect(chunked).toEqual(postAll(s, rows));
      }));
    });

    it('keeps every ledger invariant (one commission per order, no order credited to two partners, clawback ≤ commission) for any arrival order and chunking', () => {
      fc.assert(fc.property(settingsArb, rowsArb, fc.array(fc.nat(), { maxLength: 5 }), fc.integer(), (s, rows, cuts, seed) => {
        const ledger = postCumulative(s, shuffled(rows, seed), cuts, (xs) => shuffled(xs, seed + 1));
        expect(checkLedgerInvariants(ledger)).toEqual({ ok: true, violations: [] });
        const partnersOfOrder = new Map<string, Set<string>>();
        for (const e of ledger) partnersOfOrder.set(e.order_id, (partnersOfOrder.get(e.order_id) ?? new Set()).add(e.partner_id));
        for (const partners of partnersOfOrder.values()) expect(partners.size).toBe(1);
      }));
    });

    it('for every partner, the sum of its entries equals earned − refunded − rejected, order by order', () => {
      fc.assert(fc.property(settingsArb, rowsArb, fc.integer({ min: 0, max: 30 }), fc.integer(), (s, rows, split, seed) => {
        const first = post(input(s, rows.slice(0, split), [])).entries;
        const reviews: ReviewDecision[] = first
          .filter((e) => e.review === 'held')
          .map((e, i) => ({ entry_id: e.entry_id, decision: i % 2 === 0 ? 'reject' : 'clear', reason: 'r', actor: 'm@ourco.com', at: '2024-06-01' }));
        const ledger = [...first, ...post(input(s, shuffled(rows, seed), first, reviews)).entries];
        const byId = new Map(ledger.map((e) => [e.entry_id, e]));
        const expected = new Map<string, number>();
        for (const c of ledger.filter((e) => e.kind === 'commission')) {
          const offsets = ledger.filter((e) => e.ref_entry_id === c.entry_id);
          const rejected = offsets.some((e) => e.kind === 'rejection');
          const refunded = offsets.filter((e) => e.kind === 'reversal' || e.kind === 'clawback').reduce((t, e) => t + e.original_amount_minor, 0);
          const net = rejected ? 0 : c.amount_minor - clawbackTotalMinor(c.amount_minor, c.original_amount_minor, refunded, s.rounding);
          expected.set(c.partner_id, (expected.get(c.partner_id) ?? 0) + net);
        }
        for (const [partner_id, identity] of partnerIdentities(ledger)) {
          expect(identity.sum_minor).toBe(identity.earned_minor - identity.refunded_minor - identity.rejected_minor);
          expect(Number(identity.sum_minor)).toBe(expected.get(partner_id) ?? 0);
        }
        for (const e of ledger) if (e.ref_entry_id !== '') expect(byId.get(e.ref_entry_id)?.kind).toBe('commission');
      }));
    });
  });

  describe('refunds', () => {
    const fullRefundArb = fc.record({
      amount: fc.integer({ min: 1, max: 10_000_000 }),
      currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
      rate: fc.tuple(fc.integer({ min: 1, max: 99999 }), fc.integer({ min: 0, max: 6 })).map(([m, s]) => (m / 10 ** s).toFixed(s)),
      rate_bps: fc.integer({ min: 0, max: 10000 }),
      flat_fee_minor: fc.integer({ min: 0, max: 10000 }),
      rounding: fc.constantFrom<RoundingMode>('half_up', 'half_even'),
      cuts: fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
      extra: fc.constantFrom(0, 0, 1, 500),
      posts: fc.integer({ min: 1, max: 4 }),
    // A sale above the most one row may hold after FX is an exception, not an entry (worked examples).
    }).filter((g) => g.amount * Number(g.rate) * 10 ** (2 - ({ USD: 2, EUR: 2, JPY: 0, KWD: 3 } as const)[g.currency]) <= 8e9);

    it('a full refund nets the sale entries to exactly zero, and the total clawback never exceeds the commission', () => {
      fc.assert(fc.property(fullRefundArb, (g) => {
        const s = settings({ rounding: g.rounding });
        const partners = [partner('P-A', 'ALICE', { rate_bps: g.rate_bps, flat_fee_minor: g.flat_fee_minor })];
        const points = [...new Set(g.cuts.map((c) => Math.floor(c * g.amount)))].filter((p) => p > 0 && p < g.amount).sort((a, b) => a - b);
        const parts = [...points, g.amount].map((p, i, all) => p - (i === 0 ? 0 : all[i - 1]!));
        if (g.extra > 0) parts.push(g.extra);
        const source = (row: number) => ({ import_id: 'I-1', tab: 'Conversions', row });
        const rows: Conversion[] = [
          { order_id: 'O-1', code: 'ALICE', customer_id: '', customer_email: '', amount_minor: g.amount, currency: g.currency, date: '2024-01-01', type: 'sale', product: '', source: source(2) },
          ...parts.map((amount_minor, i): Conversion => ({
            order_id: 'O-1', code: '', customer_id: '', customer_email: '', amount_minor, currency: g.currency,
            date: addDays('2024-01-02', i), type: 'refund', product: '', source: source(i + 3),
          })),
        ];
        let ledger: LedgerEntry[] = [];
        const per = Math.ceil(rows.length / g.posts);
        for (let end = per; ledger.length === 0 || end < rows.length + per; end += per) {
          const base: PostInput = { partners, rules: [], fx: [fx(g.currency, '2024-01-01', g.rate)], settings: s, ledger, reviews: [], as_of: AS_OF, conversions: rows.slice(0, end) };
          ledger = [...ledger, ...post(base).entries];
          if (end >= rows.length) break;
        }
        const commission = ledger.find((e) => e.kind === 'commission')!;
        const clawed = ledger.filter((e) => e.kind === 'reversal').reduce((t, e) => t - e.amount_minor, 0);
        expect(ledger.reduce((t, e) => t + e.amount_minor, 0)).toBe(0);
        expect(clawed).toBe(commission.amount_minor);
        for (const e of ledger) if (e.kind === 'reversal') expect(e.amount_minor).toBeLessThanOrEqual(0);
        expect(ledger.filter((e) => e.kind === 'reversal').reduce((t, e) => t + e.base_amount_minor, 0)).toBe(commission.base_amount_minor);
      }));
    });
  });
});
