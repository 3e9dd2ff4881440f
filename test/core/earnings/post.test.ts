import { post, type PostInput } from '../../../src/core/earnings/post';
import type { LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import type { Conversion } from '../../../src/core/model';
import { partner, sale, settings } from './fixtures';

const ALICE = partner('P-A', 'ALICE');
const BOB = partner('P-B', 'BOB');
const c1 = { customer_id: 'C-1' };

function input(conversions: Conversion[], ledger: LedgerEntry[] = [], over: Partial<PostInput> = {}): PostInput {
  return { partners: [ALICE, BOB], conversions, rules: [], fx: [], settings: settings({ review_above_minor: 5000 }), ledger, reviews: [], as_of: '2024-06-30', ...over };
}

describe('earnings/post', () => {
  describe('post', () => {
    it('posts an unattributed conversion once its partner exists', () => {
      const rows = [sale('O-1', 'CAROL', 1000, '2024-01-01')];
      const first = post(input(rows));
      expect(first.entries).toEqual([]);
      expect(first.exceptions.map((x) => x.code)).toEqual(['UNATTRIBUTED']);
      const later = post(input(rows, [], { partners: [ALICE, partner('P-C', 'CAROL')] }));
      expect(later.entries.map((e) => [e.partner_id, e.amount_minor])).toEqual([['P-C', 100]]);
    });

    it('states a conflicting amount in the currency\'s units, as the user typed it', () => {
      const ledger = post(input([sale('O-1', 'ALICE', 1000, '2024-01-01')])).entries;
      const again = post(input([sale('O-1', 'ALICE', 2000, '2024-01-01')], ledger));
      expect(again.exceptions.map((x) => x.code)).toEqual(['CONFLICT']);
      expect(again.exceptions[0]!.message).toContain('amount 20.00 USD ≠ 10.00 USD');
    });

    it('rejects a held entry once, however often the decision is replayed', () => {
      const ledger = post(input([sale('O-1', 'ALICE', 10000, '2024-01-01')])).entries;
      const reviews = [{ entry_id: ledger[0]!.entry_id, decision: 'reject' as const, reason: 'fake order', actor: 'm@ourco.com', at: '2024-02-01T09:00:00Z' }];
      const once = post(input([], ledger, { reviews }));
      expect(once.entries.map((e) => [e.kind, e.amount_minor, e.note])).toEqual([['rejection', -1000, 'fake order']]);
      expect(post(input([], [...ledger, ...once.entries], { reviews })).entries).toEqual([]);
    });

    it('reports a decision on an entry that is not held instead of posting it', () => {
      const ledger = post(input([sale('O-1', 'ALICE', 1000, '2024-01-01')])).entries;
      const reviews = [{ entry_id: ledger[0]!.entry_id, decision: 'reject' as const, reason: 'x', actor: 'm', at: '2024-02-01' }];
      const result = post(input([], ledger, { reviews }));
      expect(result.entries).toEqual([]);
      expect(result.exceptions).toEqual([expect.objectContaining({ code: 'REVIEW_INVALID', value: ledger[0]!.entry_id })]);
    });

    it('judges a late-arriving older sale as of its own date, and leaves posted entries standing', () => {
      // February's sale arrives first and binds the customer to BOB; January's (ALICE) arrives later.
      const feb = post(input([sale('O-2', 'BOB', 1000, '2024-02-01', c1)])).entries;
      const jan = post(input([sale('O-1', 'ALICE', 1000, '2024-01-01', c1), sale('O-3', '', 1000, '2024-03-01', c1)], feb)).entries;
      // January goes to ALICE by its own code (nothing bound the customer before it); the March renewal
      // follows the first binding, which is now ALICE's; February stays with BOB.
      expect([...feb, ...jan].map((e) => [e.order_id, e.partner_id])).toEqual([['O-2', 'P-B'], ['O-1', 'P-A'], ['O-3', 'P-A']]);
    });

    it('refuses a ledger that breaks an invariant (a damaged Ledger tab) instead of posting on it', () => {
      const [e] = post(input([sale('O-1', 'ALICE', 1000, '2024-01-01')])).entries;
      expect(() => post(input([], [e!, { ...e!, amount_minor: -5 }]))).toThrow(/ledger invariant violated/);
    });
  });
});
