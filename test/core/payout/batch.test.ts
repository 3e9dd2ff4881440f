import fc from 'fast-check';
import { buildBatch, type BuildBatchInput } from '../../../src/core/payout/batch';
import { assertLinesMatchLedger, batchViolations } from '../../../src/core/payout/model';
import { SKIP_REASON } from '../../../src/core/payout/reasons';
import { rejectBatch } from '../../../src/core/payout/state';
import { batchRowsFor, eventRow, readBatches } from '../../../src/core/payout/batches-tab';
import { NO_BATCHES } from '../../../src/core/earnings/status';
import type { LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import type { Partner } from '../../../src/core/model';
import { MANAGER, OPS, batchOf, entry, partner, settings, sha256, who } from './fixtures';

function build(ledger: LedgerEntry[], partners: Partner[], over: Partial<BuildBatchInput> = {}) {
  return buildBatch({
    ledger, membership: NO_BATCHES, reviews: [], partners, settings: settings(), as_of: '2024-03-01', batch_id: 'B-1',
    creator: OPS, created_at_utc: '2024-03-01T09:00:00.000Z', existing_batches: [], sha256, ...over,
  });
}

function built(result: ReturnType<typeof build>) {
  if (!result.ok) throw new Error(`expected a batch: ${result.message}`);
  return result;
}

describe('payout/batch', () => {
  describe('buildBatch', () => {
    it('pays each active partner the net of its eligible entries, clawbacks and reversals included', () => {
      const a1 = entry('P-A', 10000);
      const a2 = entry('P-A', -3000);
      const a3 = entry('P-A', -500, { kind: 'reversal' });
      const b1 = entry('P-B', 2500);
      const { batch, skipped } = built(build([a1, a2, a3, b1], [partner('P-A'), partner('P-B')]));
      expect(skipped).toEqual([]);
      expect(batch.state).toBe('draft');
      expect(batch.lines.map((l) => [l.partner_id, l.amount_minor, l.entry_count])).toEqual([['P-A', 6500, 3], ['P-B', 2500, 1]]);
      expect(batch.lines[0]!.entry_ids).toEqual([a1.entry_id, a2.entry_id, a3.entry_id].sort());
      expect(batch.totals).toEqual([{ currency: 'USD', amount_minor: 9000, line_count: 2 }]);
      expect(batch.created_by).toBe(OPS);
      expect(batch.events.map((e) => e.event)).toEqual(['created']);
      expect(batch.content_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('records each paid partner\'s payout details and their fingerprint', () => {
      const p = partner('P-A', { payout_method: 'wise', payout_account: ' a@wise.example ' });
      const { batch } = built(build([entry('P-A', 100)], [p]));
      expect(batch.lines[0]).toMatchObject({ name: 'Partner P-A', payout_method: 'wise', payout_account: 'a@wise.example', currency: 'USD' });
      expect(batch.lines[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    });

    it('leaves out entries that are not yet eligible (still in their hold period)', () => {
      const due = entry('P-A', 1000);
      const pending = entry('P-A', 9000, { eligible_on: '2024-04-01' });
      const { batch } = built(build([due, pending], [partner('P-A')]));
      expect(batch.lines[0]!.entry_ids).toEqual([due.entry_id]);
    });

    it('skips a partner owed less than min_payout, and keeps its entries for later (BELOW_MIN_PAYOUT)', () => {
      const result = built(build([entry('P-A', 2000), entry('P-B', 6000)], [partner('P-A'), partner('P-B')], { settings: settings({ min_payout_minor: 5000 }) }));
      expect(result.batch.lines.map((l) => l.partner_id)).toEqual(['P-B']);
      expect(result.skipped).toEqual([expect.objectContaining({ partner_id: 'P-A', reason: SKIP_REASON.below_min_payout, net_minor: 2000, entry_count: 1 })]);
      expect(result.skipped[0]!.message).toContain('20.00 USD, below the minimum payout of 50.00 USD');
    });

    it('pays a partner owed exactly min_payout', () => {
      const { batch } = built(build([entry('P-A', 5000)], [partner('P-A')], { settings: settings({ min_payout_minor: 5000 }) }));
      expect(batch.lines[0]!.amount_minor).toBe(5000);
    });

    it('skips a partner whose clawbacks exceed what is due, carrying the deficit (NEGATIVE_BALANCE)', () => {
      const result = build([entry('P-A', 1000), entry('P-A', -4000), entry('P-B', 100)], [partner('P-A'), partner('P-B')]);
      expect(built(result).skipped).toEqual([expect.objectContaining({ partner_id: 'P-A', reason: 'NEGATIVE_BALANCE', net_minor: -3000 })]);
      expect(built(result).skipped[0]!.message).toContain('owes 30.00 USD');
    });

    it.each([
      ['a blank payout_account', { payout_account: '  ' }],
      ['a blank payout_method', { payout_method: '' as const }],
    ])('skips a partner with %s (NO_PAYOUT_DETAILS)', (_what, over) => {
      const result = build([entry('P-A', 1000), entry('P-B', 100)], [partner('P-A', over), partner('P-B')]);
      expect(built(result).skipped).toEqual([expect.objectContaining({ partner_id: 'P-A', reason: 'NO_PAYOUT_DETAILS', net_minor: 1000 })]);
    });

    it('skips an inactive partner, who keeps its entries for when it is active again (INACTIVE)', () => {
      const result = build([entry('P-A', 1000), entry('P-B', 100)], [partner('P-A', { status: 'inactive' }), partner('P-B')]);
      expect(built(result).skipped).toEqual([expect.objectContaining({ partner_id: 'P-A', reason: 'INACTIVE' })]);
    });

    it('skips a partner whose only entries are held for review (HELD_FOR_REVIEW)', () => {
      const held = entry('P-A', 1000, { review: 'held', flags: 'HIGH_VALUE' });
      const result = build([held, entry('P-B', 100)], [partner('P-A'), partner('P-B')]);
      expect(built(result).skipped).toEqual([expect.objectContaining({ partner_id: 'P-A', reason: 'HELD_FOR_REVIEW', held_minor: 1000, entry_count: 0 })]);
    });

    it('pays the eligible part of a partner that also has held entries, and leaves the held ones out', () => {
      const held = entry('P-A', 1000, { review: 'held' });
      const due = entry('P-A', 300);
      const { batch } = built(build([held, due], [partner('P-A')]));
      expect(batch.lines[0]!.entry_ids).toEqual([due.entry_id]);
    });

    it('pays a held entry once a manager cleared it', () => {
      const held = entry('P-A', 1000, { review: 'held' });
      const reviews = [{ entry_id: held.entry_id, decision: 'clear' as const, reason: 'ok', actor: MANAGER, at: '2024-02-01T00:00:00Z' }];
      const { batch } = built(build([held], [partner('P-A')], { reviews }));
      expect(batch.lines[0]!.amount_minor).toBe(1000);
    });

    it('lists a sale and its full refund as nothing due, and entries of a removed partner as UNKNOWN_PARTNER', () => {
      const result = build([entry('P-A', 1000), entry('P-A', -1000, { kind: 'reversal' }), entry('P-GONE', 700), entry('P-B', 1)], [partner('P-A'), partner('P-B')]);
      expect(built(result).skipped.map((s) => [s.partner_id, s.reason])).toEqual([['P-A', 'NOTHING_DUE'], ['P-GONE', 'UNKNOWN_PARTNER']]);
    });

    it('refuses to create an empty batch, saying why every partner was skipped', () => {
      const result = build([entry('P-A', 1000)], [partner('P-A', { status: 'inactive' })]);
      expect(result).toMatchObject({ ok: false, code: 'NOTHING_TO_PAY' });
      if (!result.ok) {
        expect(result.message).toContain('1 INACTIVE');
        expect(result.skipped).toHaveLength(1);
      }
    });

    it('refuses a second open batch, and a reused batch id', () => {
      const ledger = [entry('P-A', 1000)];
      expect(build(ledger, [partner('P-A')], { existing_batches: [{ batch_id: 'B-0', state: 'approved' }] }))
        .toMatchObject({ ok: false, code: 'OPEN_BATCH_EXISTS' });
      expect(build(ledger, [partner('P-A')], { existing_batches: [{ batch_id: 'B-1', state: 'paid' }] }))
        .toMatchObject({ ok: false, code: 'BATCH_ID_TAKEN' });
    });

    it('pays partners in each currency their entries were booked in, as separate lines', () => {
      const { batch } = built(build([entry('P-A', 1000), entry('P-A', 500, { base_currency: 'EUR' })], [partner('P-A')]));
      expect(batch.lines.map((l) => [l.currency, l.amount_minor])).toEqual([['EUR', 500], ['USD', 1000]]);
      expect(batch.totals.map((t) => t.currency)).toEqual(['EUR', 'USD']);
    });

    it('never puts an entry in a second batch, and a rejected batch releases its entries', () => {
      const ledger = [entry('P-A', 1000), entry('P-B', 2000)];
      const partners = [partner('P-A'), partner('P-B')];
      const first = built(build(ledger, partners)).batch;
      const tab = batchRowsFor(first);
      const read = readBatches(tab, { sha256 });
      const again = build([...ledger, entry('P-A', 50)], partners, { membership: read.membership, batch_id: 'B-2', existing_batches: read.batches });
      expect(again).toMatchObject({ ok: false, code: 'OPEN_BATCH_EXISTS' });
      const later = built(build([...ledger, entry('P-A', 50)], partners, { membership: read.membership, batch_id: 'B-2', existing_batches: [] }));
      expect(later.batch.lines.map((l) => [l.partner_id, l.amount_minor])).toEqual([['P-A', 50]]);
      const rejected = rejectBatch({ batch: first, identity: who(MANAGER), settings: settings(), reason: 'wrong month', at_utc: '2024-03-02T00:00:00Z' });
      if (!rejected.ok) throw new Error(rejected.message);
      const afterReject = readBatches([...tab, eventRow(rejected.event)], { sha256 });
      const rebuilt = built(build(ledger, partners, { membership: afterReject.membership, batch_id: 'B-3', existing_batches: afterReject.batches }));
      expect(rebuilt.batch.lines.map((l) => l.amount_minor)).toEqual([1000, 2000]);
    });

    const entriesArb = fc.array(
      fc.record({
        partner: fc.constantFrom('P-1', 'P-2', 'P-3', 'P-4', 'P-X'),
        amount: fc.integer({ min: -50000, max: 100000 }),
        held: fc.boolean(),
        pending: fc.boolean(),
        currency: fc.constantFrom('USD', 'USD', 'EUR'),
      }),
      { maxLength: 40 },
    );

    it('sums a line exactly when a partial sum leaves the range of a double, and refuses a line that does not fit one', () => {
      const max = Number.MAX_SAFE_INTEGER;
      const adjust = (amount_minor: number) => entry('P-A', amount_minor, { kind: 'adjustment' });
      expect(built(build([adjust(max), adjust(-5)], [partner('P-A')])).batch.lines[0]!.amount_minor).toBe(max - 5);
      expect(built(build([adjust(max), adjust(5), adjust(-10)], [partner('P-A')])).batch.lines[0]!.amount_minor).toBe(max - 5);
      expect(() => build([adjust(max), adjust(5)], [partner('P-A')])).toThrow(/exceeds the exact range/);
      expect(() => build([adjust(10.5)], [partner('P-A')])).toThrow(RangeError);
    });

    it('property: totals equal the sum of the lines, each line the sum of its entries, and no entry is paid twice', () => {
      fc.assert(fc.property(entriesArb, fc.integer({ min: 0, max: 20000 }), (specs, min_payout_minor) => {
        const ledger = specs.map((s) => entry(s.partner, s.amount, {
          review: s.held ? 'held' : '', eligible_on: s.pending ? '2024-12-01' : '2024-01-31', base_currency: s.currency,
        }));
        const partners = ['P-1', 'P-2', 'P-3', 'P-4'].map((id, i) => partner(id, i === 3 ? { status: 'inactive' } : {}));
        const result = build(ledger, partners, { settings: settings({ min_payout_minor }) });
        const eligible = ledger.filter((e) => !e.review && e.eligible_on <= '2024-03-01');
        const skippedCount = result.skipped.reduce((n, s) => n + s.entry_count, 0);
        if (!result.ok) {
          expect(skippedCount).toBe(eligible.length);
          return;
        }
        const { batch } = result;
        expect(batchViolations(batch, sha256)).toEqual([]);
        const byId = new Map(ledger.map((e) => [e.entry_id, e]));
        for (const line of batch.lines) {
          expect(line.amount_minor).toBe(line.entry_ids.reduce((s, id) => s + byId.get(id)!.amount_minor, 0));
          expect(line.amount_minor).toBeGreaterThan(0);
        }
        const ids = batch.lines.flatMap((l) => l.entry_ids);
        expect(new Set(ids).size).toBe(ids.length);
        // Every eligible entry is either paid by this batch or stays with a skipped partner.
        expect(ids.length + skippedCount).toBe(eligible.length);
        // Building again with this batch's membership never picks its entries again.
        const read = readBatches(batchRowsFor(batch), { sha256 });
        const next = build(ledger, partners, { settings: settings({ min_payout_minor }), membership: read.membership, batch_id: 'B-2' });
        if (next.ok) expect(next.batch.lines.flatMap((l) => l.entry_ids).filter((id) => ids.includes(id))).toEqual([]);
      }), { numRuns: 200 });
    });
  });
});

describe('payout/model', () => {
  describe('batchViolations and assertLinesMatchLedger', () => {
    // Ids written by entryIdFor are indexed by value, any other id (a hand-edited tab) by a map:
    // both must behave as one map of every id.
    const odd = ['E-1', 'E-ABCDEF0123456789', 'E-00000000000000001', ''];

    it('report an entry id twice in a batch, whether entryIdFor wrote it or not', () => {
      const batch = batchOf('B-1', [
        { partner_id: 'P-A', amount_minor: 100, entry_ids: ['E-0000000000000001', ...odd], entry_count: 5 },
        { partner_id: 'P-B', amount_minor: 100, entry_ids: ['E-0000000000000001', ...odd, 'E-1'], entry_count: 6 },
      ]);
      const twice = batchViolations(batch).filter((v) => v.includes('appears twice'));
      expect(twice).toEqual(['E-0000000000000001', ...odd, 'E-1'].map((id) => `batch B-1 line P-B USD: entry ${id} appears twice in the batch`));
    });

    it('read each line\'s entries as the last ledger entry with that id, whatever the id looks like', () => {
      const ids = ['E-0000000000000001', ...odd];
      const ledger = ids.flatMap((entry_id) => [entry('P-Z', 7, { entry_id }), entry('P-A', 20, { entry_id })]);
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 20 * ids.length, entry_ids: ids, entry_count: ids.length }]);
      expect(() => assertLinesMatchLedger(batch, ledger, 'test')).not.toThrow();
      expect(() => assertLinesMatchLedger(batch, [...ledger, entry('P-Z', 20, { entry_id: 'E-1' })], 'test')).toThrow(/entry E-1 \(commission, P-Z, USD\) cannot be paid/);
      expect(() => assertLinesMatchLedger(batch, ledger.slice(0, -2), 'test')).toThrow(/names entry , which is not on the ledger/);
    });
  });
});
