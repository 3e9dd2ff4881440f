import { LEDGER_COLUMNS, entryFromRow, entryToRow, type LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import { post } from '../../../src/core/earnings/post';
import { entryIdFor, saleKey, refundKey } from '../../../src/core/earnings/ids';
import { rejectHeld, effectiveDecisions, type ReviewDecision } from '../../../src/core/earnings/review';
import { entryStatuses, NO_BATCHES } from '../../../src/core/earnings/status';
import { partnerBalances } from '../../../src/core/earnings/balances';
import { checkLedgerInvariants } from '../../../src/core/earnings/invariants';
import { buildFxTable, lookupFx, toBaseMinor } from '../../../src/core/earnings/fx';
import { addMonths } from '../../../src/core/earnings/dates';
import { fx, partner, refund, sale, settings } from './fixtures';

const ALICE = partner('P-A', 'ALICE');
const BOB = partner('P-B', 'BOB');

function ledgerOf(conversions = [sale('O-1', 'ALICE', 10000, '2024-01-10'), refund('O-1', 2500, '2024-01-20')], over = {}): LedgerEntry[] {
  return post({ partners: [ALICE, BOB], conversions, rules: [], fx: [], settings: settings(over), ledger: [], reviews: [], as_of: '2024-03-01' }).entries;
}

describe('earnings/ledger-entry', () => {
  describe('entryToRow / entryFromRow', () => {
    it('writes the columns in LEDGER_COLUMNS order and reads them back unchanged', () => {
      for (const e of ledgerOf()) {
        const row = entryToRow(e);
        expect(row).toHaveLength(LEDGER_COLUMNS.length);
        expect(row[LEDGER_COLUMNS.indexOf('amount_minor')]).toBe(e.amount_minor);
        expect(entryFromRow(row, 7)).toEqual(e);
      }
    });

    it('reads each column into the field of the same name (every cell distinct)', () => {
      const fixed: Record<string, string> = { kind: 'reversal', review: 'held', attribution: 'customer' };
      const row = LEDGER_COLUMNS.map((column, i) => {
        if (column in fixed) return fixed[column]!;
        if (/_date$|_on$/.test(column)) return `2024-02-${String(i).padStart(2, '0')}`;
        return /_minor$|_bps$|_row$/.test(column) ? 1000 + i : `${column}-value`;
      });
      const read = entryFromRow(row, 2) as unknown as Record<string, unknown>;
      expect(Object.keys(read)).toEqual([...LEDGER_COLUMNS]);
      LEDGER_COLUMNS.forEach((column, i) => expect([column, read[column]]).toEqual([column, row[i]]));
    });

    it('neutralises text that a sheet would run as a formula, and reads it back as written', () => {
      const [e] = ledgerOf([sale('=HYPERLINK("x")', 'ALICE', 10000, '2024-01-10')]);
      const row = entryToRow(e!);
      expect(row[LEDGER_COLUMNS.indexOf('order_id')]).toBe('\'=HYPERLINK("x")');
      expect(entryFromRow(row, 2)).toEqual(e);
    });

    it('reads numbers that the sheet returned for text columns (an order id of 1001) as text', () => {
      const [e] = ledgerOf([sale('1001', 'ALICE', 10000, '2024-01-10')]);
      const row: (string | number)[] = entryToRow(e!);
      row[LEDGER_COLUMNS.indexOf('order_id')] = 1001;
      expect(entryFromRow(row, 2)).toEqual(e);
    });

    it('reports a damaged row as a value naming the column', () => {
      const row: Array<string | number | Date> = entryToRow(ledgerOf()[0]!);
      row[LEDGER_COLUMNS.indexOf('amount_minor')] = '12.5';
      expect(entryFromRow(row, 9)).toEqual({ error: expect.objectContaining({ tab: 'Ledger', row: 9, column: 'amount_minor' }) });
      row[LEDGER_COLUMNS.indexOf('amount_minor')] = 1250;
      row[LEDGER_COLUMNS.indexOf('eligible_on')] = new Date(Date.UTC(2024, 0, 1));
      expect(entryFromRow(row, 9)).toEqual({ error: expect.objectContaining({ column: 'eligible_on' }) });
      expect(entryFromRow(row.slice(0, 3), 9)).toEqual({ error: expect.objectContaining({ row: 9 }) });
    });
  });
});

describe('earnings/ids', () => {
  describe('entryIdFor', () => {
    it('derives the same id from the same key, and different ids from different keys', () => {
      expect(entryIdFor(saleKey('P-A', 'O-1'))).toBe(entryIdFor(saleKey('P-A', 'O-1')));
      expect(entryIdFor(saleKey('P-A', 'O-1'))).toMatch(/^E-[0-9a-f]{16}$/);
      expect(entryIdFor(saleKey('P-A', 'O-1'))).not.toBe(entryIdFor(saleKey('P-A', 'O-2')));
    });

    it('derives the ids already written to Ledger tabs, leading zeros included', () => {
      // Ids are stored: a faster derivation must give exactly these.
      expect(entryIdFor('sale:P-00001:O-1')).toBe('E-ea18142d4d093554');
      expect(entryIdFor('sale:P-00001:O-1:refund:2026-05-01:100:1')).toBe('E-fb43eadefa10aebe');
      expect(entryIdFor('')).toBe('E-488bdcb81aee8d83');
      expect(entryIdFor('sale:P-1:O-3')).toBe('E-bf2e4f0c06b897a7');
      expect(entryIdFor('sale:P-1:O-8')).toBe('E-78f1ebc0047584cd');
      expect(entryIdFor('sale:P-1:O-9')).toBe('E-0c38e773d58c7f57');
    });

    it('keeps a colon inside an order id from faking another key', () => {
      expect(saleKey('P-A', 'B:O-1')).not.toBe(saleKey('P-A:B', 'O-1'));
      expect(refundKey(saleKey('P-A', 'O-1'), '2024-01-01', 500, 2)).toBe('sale:P-A:O-1:refund:2024-01-01:500:2');
    });
  });
});

describe('earnings/fx', () => {
  describe('toBaseMinor', () => {
    it('converts across exponents exactly and rounds once', () => {
      expect(toBaseMinor(12345, 'JPY', '0.0067', 'USD', 'half_up')).toBe(8271);
      expect(toBaseMinor(12345, 'KWD', '3.25', 'USD', 'half_up')).toBe(4012);
      expect(toBaseMinor(1000, 'USD', '150.5', 'JPY', 'half_up')).toBe(1505);
      expect(toBaseMinor(1, 'USD', '0.5', 'USD', 'half_even')).toBe(0);
      expect(toBaseMinor(1, 'USD', '0.5', 'USD', 'half_up')).toBe(1);
    });
  });

  describe('lookupFx', () => {
    it('treats 1.10 and 1.1 as one rate, but two different rates on one day as a conflict', () => {
      const same = buildFxTable([fx('EUR', '2024-01-01', '1.10'), fx('EUR', '2024-01-01', '1.1')], 'USD');
      expect(lookupFx(same, 'EUR', '2024-01-05')).toEqual({ ok: true, rate: '1.1' });
      const clash = buildFxTable([fx('EUR', '2024-01-01', '1.1'), fx('EUR', '2024-01-01', '1.2')], 'USD');
      expect(lookupFx(clash, 'EUR', '2024-01-05')).toMatchObject({ ok: false, reason: 'conflict' });
      expect(lookupFx(clash, 'USD', '2024-01-05')).toEqual({ ok: true, rate: '1' });
    });
  });
});

describe('earnings/dates', () => {
  describe('addMonths', () => {
    it('clamps to the last day of a shorter month', () => {
      expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
      expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
      expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    });
  });
});

describe('earnings/review', () => {
  const held = ledgerOf([sale('O-1', 'ALICE', 10000, '2024-01-10')], { review_above_minor: 5000 })[0]!;

  describe('rejectHeld', () => {
    it('offsets a held commission with a rejection entry carrying the reason and actor', () => {
      const r = rejectHeld(held, 'fraud', 'm@ourco.com', '2024-02-01');
      expect(r).toMatchObject({ kind: 'rejection', amount_minor: -1000, ref_entry_id: held.entry_id, note: 'fraud', actor: 'm@ourco.com', posted_on: '2024-02-01' });
      expect(checkLedgerInvariants([held, r]).ok).toBe(true);
    });

    it('refuses to reject an entry that is not held (a bug in the caller)', () => {
      expect(() => rejectHeld({ ...held, review: '' }, 'x', 'm', '2024-02-01')).toThrow();
    });
  });

  describe('effectiveDecisions', () => {
    it('keeps the latest decision per entry, whatever the order of the list', () => {
      const d = (decision: ReviewDecision['decision'], at: string): ReviewDecision => ({ entry_id: 'E-1', decision, reason: '', actor: 'm', at });
      const list = [d('reject', '2024-01-02T00:00:00Z'), d('clear', '2024-01-01T00:00:00Z')];
      expect(effectiveDecisions(list).get('E-1')?.decision).toBe('reject');
      expect(effectiveDecisions([...list].reverse()).get('E-1')?.decision).toBe('reject');
    });
  });
});

describe('earnings/status', () => {
  describe('entryStatuses', () => {
    const ledger = ledgerOf(
      [sale('O-1', 'ALICE', 10000, '2024-01-10'), sale('O-2', 'ALICE', 90000, '2024-01-10'), sale('O-3', 'BOB', 10000, '2024-02-20'), refund('O-2', 9000, '2024-01-20')],
      { review_above_minor: 50000 },
    );
    const [c1, c2, r2, c3] = ledger;

    it('is pending before eligible_on, eligible from it, and held while flagged', () => {
      const s = entryStatuses(ledger, [], '2024-02-09', NO_BATCHES);
      expect([s.get(c1!.entry_id), s.get(c2!.entry_id), s.get(r2!.entry_id), s.get(c3!.entry_id)]).toEqual(['eligible', 'held', 'held', 'pending']);
      expect(entryStatuses(ledger, [], '2024-02-08', NO_BATCHES).get(c1!.entry_id)).toBe('pending');
    });

    it('a cleared entry becomes eligible when due; a rejected one and its reversals are rejected', () => {
      const clear: ReviewDecision = { entry_id: c2!.entry_id, decision: 'clear', reason: 'ok', actor: 'm', at: '2024-02-01' };
      const s = entryStatuses(ledger, [clear], '2024-02-09', NO_BATCHES);
      expect([s.get(c2!.entry_id), s.get(r2!.entry_id)]).toEqual(['eligible', 'eligible']);
      const rejection = rejectHeld(c2!, 'no', 'm', '2024-02-01', r2!.amount_minor);
      const after = entryStatuses([...ledger, rejection], [], '2024-02-09', NO_BATCHES);
      expect([after.get(c2!.entry_id), after.get(r2!.entry_id), after.get(rejection.entry_id)]).toEqual(['rejected', 'rejected', 'rejected']);
    });

    it('follows batch membership: batched, approved, paid', () => {
      const s = entryStatuses(ledger, [], '2024-03-01', { batched: new Set([c1!.entry_id, c3!.entry_id]), approved: new Set([c1!.entry_id]), paid: new Set([c3!.entry_id]) });
      expect([s.get(c1!.entry_id), s.get(c3!.entry_id)]).toEqual(['approved', 'paid']);
    });
  });
});

describe('earnings/balances', () => {
  describe('partnerBalances', () => {
    it('splits each partner by status, and the parts add up to the balance', () => {
      const ledger = ledgerOf(
        [sale('O-1', 'ALICE', 10000, '2024-01-10'), sale('O-2', 'ALICE', 90000, '2024-01-10'), sale('O-3', 'ALICE', 10000, '2024-02-20'), refund('O-1', 2500, '2024-01-20')],
        { review_above_minor: 50000 },
      );
      const [a] = partnerBalances(ledger, [], '2024-02-15', NO_BATCHES);
      expect(a).toEqual({
        partner_id: 'P-A', pending_minor: 1000, eligible_minor: 750, held_minor: 9000, batched_minor: 0, approved_minor: 0, paid_minor: 0,
        rejected_minor: 0, paid_out_minor: 0, payable_minor: 750, balance_minor: 10750, entry_count: 4,
      });
    });
  });
});

describe('earnings/invariants', () => {
  describe('checkLedgerInvariants', () => {
    const [c, r] = ledgerOf();

    it('accepts a ledger the engine wrote', () => {
      expect(checkLedgerInvariants([c!, r!])).toEqual({ ok: true, violations: [] });
    });

    it('catches an order credited to two partners, a clawback above its commission, and a tampered id', () => {
      const other = { ...c!, partner_id: 'P-B', idempotency_key: saleKey('P-B', 'O-1') };
      other.entry_id = entryIdFor(other.idempotency_key);
      expect(checkLedgerInvariants([c!, other]).violations).toEqual([expect.stringContaining('credited to P-A and P-B')]);
      expect(checkLedgerInvariants([c!, { ...r!, amount_minor: -1001 }]).violations).toEqual([expect.stringContaining('clawed back 1001 of 1000')]);
      expect(checkLedgerInvariants([{ ...c!, entry_id: 'E-0' }]).violations).toEqual([expect.stringContaining('does not match its idempotency key')]);
    });
  });
});
