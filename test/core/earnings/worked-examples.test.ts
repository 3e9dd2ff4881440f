import { post, type PostResult } from '../../../src/core/earnings/post';
import type { LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import { checkLedgerInvariants } from '../../../src/core/earnings/invariants';
import type { ReviewDecision } from '../../../src/core/earnings/review';
import { settings } from './fixtures';
import { WORKED_EXAMPLES, type WorkedExample } from './worked-examples';

const AS_OF = '2024-12-31';

function run(example: WorkedExample): { earlier: LedgerEntry[]; result: PostResult } {
  const base = {
    partners: example.partners, rules: example.rules ?? [], fx: example.fx ?? [], settings: settings(example.settings), as_of: AS_OF,
  };
  const earlier = post({ ...base, conversions: example.earlier ?? [], ledger: [], reviews: [] }).entries;
  const byOrder = (order_id: string): LedgerEntry => earlier.find((e) => e.kind === 'commission' && e.order_id === order_id)!;
  const reviews: ReviewDecision[] = (example.reviews ?? []).map((r) => ({
    entry_id: byOrder(r.order_id).entry_id, decision: r.decision, reason: r.reason, actor: 'manager@ourco.com', at: '2024-06-01T10:00:00Z',
  }));
  const paid_entry_ids = new Set((example.paid_orders ?? []).map((o) => byOrder(o).entry_id));
  const result = post({ ...base, conversions: example.conversions, ledger: earlier, reviews, paid_entry_ids });
  return { earlier, result };
}

describe('earnings worked examples', () => {
  describe('post', () => {
    it.each(WORKED_EXAMPLES.map((e) => [e.name, e] as const))('%s', (_name, example) => {
      const { earlier, result } = run(example);
      const actual = result.entries.map((e) => [e.kind, e.order_id, e.partner_id, e.amount_minor]);
      expect(actual).toEqual(example.entries.map(([kind, order, partner, amount]) => [kind, order, partner, amount]));
      example.entries.forEach(([, , , , fields], i) => {
        if (fields) expect(result.entries[i]).toMatchObject(fields);
      });
      expect(result.exceptions.map((x) => x.code).sort()).toEqual([...(example.exceptions ?? [])].sort());
      if (example.counts) expect(result.counts).toMatchObject(example.counts);
      expect(checkLedgerInvariants([...earlier, ...result.entries])).toEqual({ ok: true, violations: [] });
    });
  });
});
