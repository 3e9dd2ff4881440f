// checkLedgerInvariants answers a sound ledger with a quicker pass and re-checks anything else in
// full. This test holds it to the full check (`fullLedgerCheck`, the check as it was before the
// quick pass) on ledgers the engine wrote, damaged in every way the check knows about.
import fc from 'fast-check';
import type { PartnerId } from '../../../src/core/model';
import { post } from '../../../src/core/earnings/post';
import { rejectHeld } from '../../../src/core/earnings/review';
import { entryIdFor } from '../../../src/core/earnings/ids';
import type { LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import { assertLedgerInvariants, checkLedgerInvariants, fullLedgerCheck, type LedgerInvariantReport } from '../../../src/core/earnings/invariants';
import { partner, refund, sale, settings } from './fixtures';

// ---- ledgers the engine wrote -------------------------------------------------------------------

const PARTNERS = [partner('P-A', 'ANN'), partner('P-B', 'BEN', { rate_bps: 2500, flat_fee_minor: 99 }), partner('P-C', 'CY')];

/** Sales of a few partners, some refunded once or twice, some held (above review_above) and rejected. */
const ledgerArb = fc.array(fc.record({
  code: fc.constantFrom('ANN', 'BEN', 'CY'),
  amount: fc.integer({ min: 1, max: 90_000 }),
  day: fc.integer({ min: 1, max: 28 }),
  refunds: fc.array(fc.integer({ min: 1, max: 60_000 }), { maxLength: 2 }),
  reject: fc.boolean(),
}), { maxLength: 12 }).map((orders) => {
  const rows = orders.flatMap((o, i) => {
    const date = `2024-02-${String(o.day).padStart(2, '0')}`;
    return [sale(`O-${i}`, o.code, o.amount, date), ...o.refunds.map((r) => refund(`O-${i}`, r, date))];
  });
  const s = settings({ review_above_minor: 50_000 });
  const posted = post({ partners: PARTNERS, conversions: rows, rules: [], fx: [], settings: s, ledger: [], reviews: [], as_of: '2024-03-31' }).entries;
  const rejections = posted.filter((e, i) => e.kind === 'commission' && e.review === 'held' && orders[i % orders.length]!.reject).map((e) => rejectHeld(e, 'no', 'm@x.io', '2024-03-31',
    posted.filter((r) => r.ref_entry_id === e.entry_id).reduce((sum, r) => sum + r.amount_minor, 0)));
  return [...posted, ...rejections];
});

/** One way to damage a ledger, at entry `at` (modulo its length), with `other` as a second entry. */
type Damage = (ledger: LedgerEntry[], at: number, other: number) => LedgerEntry[];

const rekeyed = (e: LedgerEntry, idempotency_key: string): LedgerEntry => ({ ...e, idempotency_key, entry_id: entryIdFor(idempotency_key) });
const replace = (ledger: LedgerEntry[], i: number, e: LedgerEntry): LedgerEntry[] => ledger.map((x, j) => (j === i ? e : x));

const DAMAGES: Record<string, Damage> = {
  duplicate: (l, at) => [...l, l[at]!],
  drop: (l, at) => l.filter((_, j) => j !== at),
  swap_ids: (l, at, other) => replace(l, at, { ...l[at]!, entry_id: l[other]!.entry_id }),
  tamper_id: (l, at) => replace(l, at, { ...l[at]!, entry_id: 'E-0000000000000000' }),
  copy_key: (l, at, other) => replace(l, at, { ...l[at]!, idempotency_key: l[other]!.idempotency_key }),
  copy_key_and_id: (l, at, other) => replace(l, at, rekeyed(l[at]!, l[other]!.idempotency_key)),
  flip_sign: (l, at) => replace(l, at, { ...l[at]!, amount_minor: -l[at]!.amount_minor || 1 }),
  fraction: (l, at) => replace(l, at, { ...l[at]!, amount_minor: l[at]!.amount_minor + 0.5 }),
  unsafe: (l, at) => replace(l, at, { ...l[at]!, amount_minor: l[at]!.kind === 'commission' ? 2 ** 53 : -(2 ** 53) }),
  huge_adjustment: (l, at) => [...l, rekeyed({ ...l[at]!, kind: 'adjustment', amount_minor: Number.MAX_SAFE_INTEGER }, `adj:${at}`)],
  huge_adjustments: (l, at) => [...l, ...[1, 2].map((n) => rekeyed({ ...l[at]!, kind: 'adjustment', amount_minor: Number.MAX_SAFE_INTEGER - n }, `adj:${at}:${n}`))],
  payout: (l, at) => [...l, rekeyed({ ...l[at]!, kind: 'payout', amount_minor: -Math.abs(l[at]!.amount_minor) }, `pay:${at}`)],
  other_partner: (l, at) => replace(l, at, rekeyed({ ...l[at]!, partner_id: 'P-Z' as PartnerId }, `${l[at]!.idempotency_key}:z`)),
  other_order: (l, at, other) => replace(l, at, { ...l[at]!, order_id: l[other]!.order_id }),
  other_ref: (l, at, other) => replace(l, at, { ...l[at]!, ref_entry_id: l[other]!.entry_id }),
  no_ref: (l, at) => replace(l, at, { ...l[at]!, ref_entry_id: '' }),
  kind: (l, at) => replace(l, at, { ...l[at]!, kind: l[at]!.kind === 'commission' ? 'adjustment' : 'commission' }),
  over_claw: (l, at) => replace(l, at, { ...l[at]!, amount_minor: l[at]!.kind === 'commission' ? 0 : l[at]!.amount_minor - 1 }),
};

const damageArb = fc.array(fc.tuple(fc.constantFrom(...Object.keys(DAMAGES)), fc.nat(), fc.nat()), { maxLength: 3 });

function damage(ledger: LedgerEntry[], damages: ReadonlyArray<[string, number, number]>): LedgerEntry[] {
  let damaged = ledger;
  for (const [name, at, other] of damages) {
    if (damaged.length === 0) break;
    damaged = DAMAGES[name]!(damaged, at % damaged.length, other % damaged.length);
  }
  return damaged;
}

function outcome(check: () => LedgerInvariantReport): LedgerInvariantReport | { threw: string } {
  try {
    return check();
  } catch (e) {
    return { threw: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

describe('earnings/invariants (differential)', () => {
  describe('checkLedgerInvariants', () => {
    it('reports exactly what the full check reports, on sound and damaged ledgers', () => {
      fc.assert(fc.property(ledgerArb, damageArb, (ledger, damages) => {
        const damaged = damage(ledger, damages);
        expect(outcome(() => checkLedgerInvariants(damaged))).toEqual(outcome(() => fullLedgerCheck(damaged)));
      }), { numRuns: 3000 });
    });

    it('makes post refuse a damaged ledger with the very message of assertLedgerInvariants', () => {
      fc.assert(fc.property(ledgerArb, damageArb, (ledger, damages) => {
        const damaged = damage(ledger, damages);
        const refusal = (run: () => unknown): string => {
          try {
            run();
            return 'accepted';
          } catch (e) {
            return e instanceof Error && e.message.startsWith('ledger invariant violated') ? e.message : 'accepted';
          }
        };
        const posted = refusal(() => post({ partners: PARTNERS, conversions: [], rules: [], fx: [], settings: settings(), ledger: damaged, reviews: [], as_of: '2024-03-31' }));
        expect(posted).toBe(refusal(() => assertLedgerInvariants(damaged, 'in the ledger given to post')));
      }), { numRuns: 1000 });
    });

    it('accepts every ledger the engine wrote, as the full check does', () => {
      fc.assert(fc.property(ledgerArb, (ledger) => {
        expect(checkLedgerInvariants(ledger)).toEqual({ ok: true, violations: [] });
        expect(fullLedgerCheck(ledger)).toEqual({ ok: true, violations: [] });
      }), { numRuns: 300 });
    });
  });
});
