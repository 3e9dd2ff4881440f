// assertLinesMatchLedger sums a line's entries in doubles while that is exact; this test holds it
// to the check summed in bigints throughout: the same lines pass, the same errors are thrown.
import fc from 'fast-check';
import { assertLinesMatchLedger, type Batch } from '../../../src/core/payout/model';
import type { LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import { batchOf, entry } from './fixtures';

/** The check as it was, with one bigint per entry. */
function plainCheck(batch: Batch, ledger: ReadonlyArray<LedgerEntry>, where: string): void {
  const byId = new Map<string, LedgerEntry>();
  for (const e of ledger) byId.set(e.entry_id, e);
  for (const l of batch.lines) {
    let sum = 0n;
    for (const id of l.entry_ids) {
      const e = byId.get(id);
      if (e === undefined) throw new Error(`${where}: batch ${batch.batch_id} line ${l.partner_id} names entry ${id}, which is not on the ledger`);
      if (e.partner_id !== l.partner_id || e.base_currency !== l.currency || e.kind === 'payout') {
        throw new Error(`${where}: entry ${id} (${e.kind}, ${e.partner_id}, ${e.base_currency}) cannot be paid on line ${l.partner_id} ${l.currency}`);
      }
      sum += BigInt(e.amount_minor);
    }
    if (sum !== BigInt(l.amount_minor)) throw new Error(`${where}: batch ${batch.batch_id} line ${l.partner_id} is ${l.amount_minor} but its entries sum to ${sum}`);
  }
}

function outcome(run: () => void): string {
  try {
    run();
    return 'ok';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

describe('payout/model (differential)', () => {
  describe('assertLinesMatchLedger', () => {
    it('passes and refuses exactly the lines a bigint sum of their entries does', () => {
      const amountArb = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(2 ** 53 - 1, 2 ** 53, 2 ** 60, -(2 ** 53), 0.5, 1e21));
      const lineArb = fc.record({
        partner_id: fc.constantFrom('P-A', 'P-B'),
        amounts: fc.array(amountArb, { minLength: 1, maxLength: 5 }),
        // The line's amount: the true sum, or off by one, or a fraction.
        claim: fc.constantFrom('sum', 'off', 'fraction', 'unsafe'),
        other_partner: fc.boolean(),
      });
      fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 4 }), (specs) => {
        const ledger: LedgerEntry[] = [];
        const lines = specs.map((spec, i) => {
          const entries = spec.amounts.map((a) => entry(spec.other_partner && a === spec.amounts[0] ? 'P-Z' : spec.partner_id, a, { kind: 'adjustment' }));
          ledger.push(...entries);
          const exact = spec.amounts.reduce((s, a) => s + (Number.isInteger(a) ? BigInt(a) : 0n), 0n);
          const amount_minor = spec.claim === 'sum' ? Number(exact) : spec.claim === 'off' ? Number(exact) + 1 : spec.claim === 'fraction' ? 0.25 : 2 ** 60 + i;
          return { partner_id: spec.partner_id, amount_minor, entry_ids: entries.map((e) => e.entry_id), entry_count: entries.length };
        });
        // One line per partner, as a batch has; built with a safe amount, then given the one claimed.
        const seen = new Set<string>();
        const kept = lines.filter((l) => !seen.has(l.partner_id) && seen.add(l.partner_id));
        const batch = batchOf('B-1', kept.map((l) => ({ ...l, amount_minor: 1 })));
        for (const line of batch.lines) line.amount_minor = kept.find((l) => l.partner_id === line.partner_id)!.amount_minor;
        expect(outcome(() => assertLinesMatchLedger(batch, ledger, 'test'))).toBe(outcome(() => plainCheck(batch, ledger, 'test')));
      }), { numRuns: 3000 });
    });
  });
});
