import { buildBatch } from '../../../src/core/payout/batch';
import type { Batch } from '../../../src/core/payout/model';
import {
  approveBatch, checkExport, markBatchPaid, rejectBatch, voidBatch, TRANSITIONS, type TransitionResult,
} from '../../../src/core/payout/state';
import { batchRowsFor, eventRow, readBatches } from '../../../src/core/payout/batches-tab';
import { NO_BATCHES } from '../../../src/core/earnings/status';
import { partnerBalances } from '../../../src/core/earnings/balances';
import { checkLedgerInvariants } from '../../../src/core/earnings/invariants';
import type { LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import type { Partner } from '../../../src/core/model';
import { FINANCE, MANAGER, MANAGER2, OPS, OWNER, entry, partner, settings, sha256, who } from './fixtures';

const AT = '2024-03-02T10:00:00.000Z';
const PARTNERS = [partner('P-A'), partner('P-B')];

function fresh(ledger: LedgerEntry[] = [entry('P-A', 10000), entry('P-A', -2500), entry('P-B', 4000)], creator = OPS): { batch: Batch; ledger: LedgerEntry[] } {
  const result = buildBatch({
    ledger, membership: NO_BATCHES, reviews: [], partners: PARTNERS, settings: settings(), as_of: '2024-03-01', batch_id: 'B-7',
    creator, created_at_utc: '2024-03-01T09:00:00.000Z', existing_batches: [], sha256,
  });
  if (!result.ok) throw new Error(result.message);
  return { batch: result.batch, ledger };
}

function ok(result: TransitionResult): Batch {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.batch;
}

function approve(batch: Batch, email = MANAGER, over: Partial<Parameters<typeof approveBatch>[0]> = {}) {
  return approveBatch({ batch, seen_hash: batch.content_hash, identity: who(email), settings: settings(), partners: PARTNERS, at_utc: AT, sha256, ...over });
}
const reject = (batch: Batch, email = MANAGER, reason = 'amounts look wrong') => rejectBatch({ batch, identity: who(email), settings: settings(), reason, at_utc: AT });
const voidIt = (batch: Batch, email = MANAGER, reason = 'paid by mistake twice') => voidBatch({ batch, identity: who(email), settings: settings(), reason, at_utc: AT });
const pay = (batch: Batch, email = FINANCE, payment_reference = 'WIRE-2024-03-0042') =>
  markBatchPaid({ batch, identity: who(email), settings: settings(), payment_reference, at_utc: AT, paid_on: '2024-03-02' });

function inState(state: Batch['state']): Batch {
  const { batch } = fresh();
  if (state === 'draft') return batch;
  if (state === 'rejected') return ok(reject(batch));
  const approved = ok(approve(batch));
  if (state === 'approved') return approved;
  if (state === 'voided') return ok(voidIt(approved));
  return ok(pay(approved));
}

describe('payout/state', () => {
  describe('TRANSITIONS', () => {
    it('allows exactly draft → approved → paid, draft → rejected and approved → voided', () => {
      expect(TRANSITIONS).toEqual({
        draft: { approved: 'approved', rejected: 'rejected' }, approved: { paid: 'paid', voided: 'voided' }, rejected: {}, paid: {}, voided: {},
      });
    });

    const actions = {
      approve: (b: Batch) => approve(b, MANAGER2),
      reject: (b: Batch) => reject(b),
      void: (b: Batch) => voidIt(b),
      'mark paid': (b: Batch) => pay(b),
    };
    const allowed: Record<Batch['state'], string[]> = { draft: ['approve', 'reject'], approved: ['void', 'mark paid'], rejected: [], paid: [], voided: [] };
    const cases = (Object.keys(allowed) as Array<Batch['state']>).flatMap((state) =>
      (Object.keys(actions) as Array<keyof typeof actions>).map((action) => [state, action, allowed[state].includes(action)] as const));

    it.each(cases)('a %s batch: %s is allowed = %s', (state, action, permitted) => {
      const result = actions[action](inState(state));
      if (permitted) {
        expect(result.ok).toBe(true);
      } else {
        expect(result).toMatchObject({ ok: false, code: 'WRONG_STATE' });
        if (!result.ok) expect(result.message).toContain(`Batch B-7 is ${state}, so it cannot be`);
      }
    });

    it('tells a user that paid is final and how to correct a paid batch, with steps the product offers', () => {
      const result = voidIt(inState('paid'));
      expect(!result.ok && result.message).toContain('Batch B-7 is paid, so it cannot be voided. Paid is final: ' +
        'if a paid sale was refunded, import the refund (Conversions: type refund, same order_id) and post it: its clawback is deducted from the partner\'s next batch.');
      // Nothing in the product creates an adjustment entry: no message may send the user to one.
      expect(!result.ok && result.message).not.toMatch(/adjustment/i);
    });
  });

  describe('approveBatch', () => {
    it('approves a draft and records the approver, the time and the payout preset', () => {
      const { batch } = fresh();
      const result = approve(batch, MANAGER, { settings: settings({ payout_preset: 'paypal' }) });
      expect(result).toMatchObject({ ok: true, batch: { state: 'approved' }, event: { event: 'approved', actor: MANAGER, at_utc: AT, preset: 'paypal', content_hash: batch.content_hash } });
    });

    it.each([[OPS], [FINANCE], ['stranger@else.com']])('refuses %s: only managers approve', (email) => {
      expect(approve(fresh().batch, email)).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    });

    it('refuses an unknown user (empty email) and says why', () => {
      const result = approve(fresh().batch, '');
      expect(result).toMatchObject({ ok: false, code: 'NO_EMAIL' });
    });

    it('refuses the manager who built the batch while separation_of_duties is on, and allows it when off', () => {
      const { batch } = fresh(undefined, MANAGER);
      const refused = approve(batch, 'BOSS@acme.com');
      expect(refused).toMatchObject({ ok: false, code: 'SEPARATION_OF_DUTIES' });
      expect(approve(batch, MANAGER, { settings: settings({ separation_of_duties: false }) }).ok).toBe(true);
      expect(approve(batch, MANAGER2).ok).toBe(true);
    });

    it('lets the spreadsheet owner approve as a manager', () => {
      expect(approve(fresh().batch, OWNER).ok).toBe(true);
    });

    it('refuses when the batch changed since the manager looked at it', () => {
      const { batch } = fresh();
      const result = approve(batch, MANAGER, { seen_hash: 'a'.repeat(64) });
      expect(result).toMatchObject({ ok: false, code: 'BATCH_CHANGED' });
      expect(!result.ok && result.message).toContain('changed since you looked at it');
    });

    it('refuses, naming the partner, when a payee\'s payout account changed since the batch was built', () => {
      const { batch } = fresh();
      const partners = [partner('P-A', { payout_account: 'thief@evil.example' }), partner('P-B')];
      const result = approve(batch, MANAGER, { partners });
      expect(result).toMatchObject({ ok: false, code: 'PAYOUT_DETAILS_CHANGED', partner_ids: ['P-A'] });
      expect(!result.ok && result.message).toContain('The payout_account of Partner P-A (P-A) changed');
    });

    it('refuses when a payee was made inactive since the batch was built', () => {
      const result = approve(fresh().batch, MANAGER, { partners: [partner('P-A'), partner('P-B', { status: 'inactive' })] });
      expect(result).toMatchObject({ ok: false, code: 'PAYOUT_DETAILS_CHANGED', partner_ids: ['P-B'] });
    });

    it('refuses a paypal preset when a payee has no email address to pay', () => {
      const partners = [partner('P-A', { payout_method: 'bank', payout_account: 'DE89370400440532013000' })];
      const result = buildBatch({
        ledger: [entry('P-A', 100)], membership: NO_BATCHES, partners, settings: settings(), as_of: '2024-03-01', batch_id: 'B-9',
        creator: OPS, created_at_utc: AT, existing_batches: [], sha256,
      });
      if (!result.ok) throw new Error(result.message);
      expect(approve(result.batch, MANAGER, { partners, settings: settings({ payout_preset: 'paypal' }) }))
        .toMatchObject({ ok: false, code: 'PRESET_CANNOT_PAY', partner_ids: ['P-A'] });
      expect(approve(result.batch, MANAGER, { partners, settings: settings({ payout_preset: 'generic' }) }).ok).toBe(true);
    });
  });

  describe('a batch built for the preset', () => {
    const paypal = settings({ payout_preset: 'paypal' });
    const partners = [
      partner('P-A'),
      partner('P-B', { payout_method: 'bank', payout_account: 'b@example.com', source: { import_id: 'I-P', tab: 'Partners', row: 3 } }),
      partner('P-C', { payout_method: 'paypal', payout_account: 'DE89370400440532013000', source: { import_id: 'I-P', tab: 'Partners', row: 4 } }),
    ];
    const build = (preset_settings = paypal) => buildBatch({
      ledger: [entry('P-A', 1000), entry('P-B', 2000), entry('P-C', 3000)], membership: NO_BATCHES, partners, settings: preset_settings,
      as_of: '2024-03-01', batch_id: 'B-P', creator: OPS, created_at_utc: AT, existing_batches: [], sha256,
    });

    it('skips the partners the preset cannot pay (PRESET_MISMATCH), saying what is wrong and where to fix it, and the rest approves', () => {
      const result = build();
      if (!result.ok) throw new Error(result.message);
      expect(result.batch.lines.map((l) => l.partner_id)).toEqual(['P-A']);
      expect(result.skipped.map((s) => [s.partner_id, s.reason, s.net_minor])).toEqual([['P-B', 'PRESET_MISMATCH', 2000], ['P-C', 'PRESET_MISMATCH', 3000]]);
      expect(result.skipped[0]!.message).toBe(
        'Partner P-B (P-B) is owed 20.00 USD but cannot be paid by the paypal payout file (Settings: payout_preset): ' +
        'payout_method is "bank", and the paypal payout file pays paypal only. Change payout_method / payout_account on Partners!3, ' +
        'or the payout_preset in Settings, then build the batch again; its entries stay for a later batch.');
      expect(result.skipped[1]!.message).toContain('payout_account "DE89370400440532013000" is not an email address, which the paypal payout file needs');
      expect(approve(result.batch, MANAGER, { partners, settings: paypal }).ok).toBe(true);
    });

    it('pays every method with the generic preset', () => {
      const result = build(settings());
      if (!result.ok) throw new Error(result.message);
      expect(result.batch.lines.map((l) => l.partner_id)).toEqual(['P-A', 'P-B', 'P-C']);
      expect(result.skipped).toEqual([]);
    });

    it('refuses approval when the preset changed since the batch was built and cannot pay a line', () => {
      const result = build(settings());
      if (!result.ok) throw new Error(result.message);
      expect(approve(result.batch, MANAGER, { partners, settings: paypal })).toMatchObject({ ok: false, code: 'PRESET_CANNOT_PAY', partner_ids: ['P-B', 'P-C'] });
    });
  });

  describe('rejectBatch / voidBatch', () => {
    it('needs a reason', () => {
      expect(reject(fresh().batch, MANAGER, '  ')).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
      expect(voidIt(inState('approved'), MANAGER, '')).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    });

    it('is for managers only', () => {
      expect(reject(fresh().batch, FINANCE)).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
      expect(voidIt(inState('approved'), FINANCE)).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    });

    it('releases the entries of a rejected or voided batch for a later batch', () => {
      for (const close of [(b: Batch) => reject(b), (b: Batch) => voidIt(ok(approve(b)))]) {
        const { batch } = fresh();
        const closed = ok(close(batch));
        const read = readBatches(batchRowsFor(closed), { sha256 });
        expect(read.errors).toEqual([]);
        expect(read.membership.batched.size).toBe(0);
        expect(closed.events.at(-1)!.reason).not.toBe('');
      }
    });
  });

  describe('markBatchPaid', () => {
    it('needs a payment reference, and finance or a manager', () => {
      expect(pay(inState('approved'), FINANCE, ' ')).toMatchObject({ ok: false, code: 'REFERENCE_REQUIRED' });
      expect(pay(inState('approved'), OPS)).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
      expect(pay(inState('approved'), MANAGER).ok).toBe(true);
    });

    it('appends one payout entry per line that nets the batch to zero payable', () => {
      const { batch, ledger } = fresh();
      const approved = ok(approve(batch));
      const paid = pay(approved);
      if (!paid.ok) throw new Error(paid.message);
      expect(paid.event).toMatchObject({ event: 'paid', reference: 'WIRE-2024-03-0042', actor: FINANCE });
      expect(paid.payout_entries.map((e) => [e.kind, e.partner_id, e.amount_minor])).toEqual([['payout', 'P-A', -7500], ['payout', 'P-B', -4000]]);
      const full = [...ledger, ...paid.payout_entries];
      expect(checkLedgerInvariants(full)).toEqual({ ok: true, violations: [] });
      const membership = readBatches(batchRowsFor(paid.batch), { sha256 }).membership;
      const balances = partnerBalances(full, [], '2024-03-02', membership);
      expect(balances.map((b) => [b.partner_id, b.payable_minor, b.balance_minor, b.paid_out_minor])).toEqual([['P-A', 0, 0, 7500], ['P-B', 0, 0, 4000]]);
      for (const line of paid.batch.lines) {
        const mine = full.filter((e) => line.entry_ids.includes(e.entry_id) || (e.kind === 'payout' && e.partner_id === line.partner_id));
        expect(mine.reduce((s, e) => s + e.amount_minor, 0)).toBe(0);
      }
    });

    it('leaves a partner\'s unbatched money payable after the payout', () => {
      const { batch, ledger } = fresh();
      const paid = pay(ok(approve(batch)));
      if (!paid.ok) throw new Error(paid.message);
      const later = entry('P-A', 1234);
      const full = [...ledger, later, ...paid.payout_entries];
      const membership = readBatches(batchRowsFor(paid.batch), { sha256 }).membership;
      const a = partnerBalances(full, [], '2024-03-02', membership).find((b) => b.partner_id === 'P-A')!;
      expect([a.payable_minor, a.balance_minor]).toEqual([1234, 1234]);
    });

    it('derives the payout entry ids from batch and partner, so marking paid again yields the same entries', () => {
      const approved = inState('approved');
      const one = pay(approved);
      const two = markBatchPaid({ batch: approved, identity: who(MANAGER), settings: settings(), payment_reference: 'WIRE-2024-03-0042', at_utc: '2024-03-03T00:00:00Z', paid_on: '2024-03-03' });
      if (!one.ok || !two.ok) throw new Error('refused');
      expect(one.payout_entries.map((e) => e.entry_id)).toEqual(two.payout_entries.map((e) => e.entry_id));
      expect(new Set(one.payout_entries.map((e) => e.entry_id)).size).toBe(2);
    });
  });

  describe('checkExport', () => {
    const exportAs = (batch: Batch, partners: Partner[] = PARTNERS, email = FINANCE, verification?: { ok: boolean }) =>
      checkExport({ batch, identity: who(email), settings: settings(), partners, sha256, verification });

    it('allows finance and managers to export an approved or paid batch', () => {
      expect(exportAs(inState('approved'))).toEqual({ ok: true });
      expect(exportAs(inState('paid'), PARTNERS, MANAGER)).toEqual({ ok: true });
      expect(exportAs(inState('approved'), PARTNERS, OPS)).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    });

    it('refuses a draft, rejected or voided batch', () => {
      for (const state of ['draft', 'rejected', 'voided'] as const) expect(exportAs(inState(state))).toMatchObject({ ok: false, code: 'WRONG_STATE' });
    });

    it('refuses the payout file, naming the partner, when payout details changed since approval', () => {
      const partners = [partner('P-A'), partner('P-B', { payout_method: 'wise', name: 'Bobby' })];
      const result = exportAs(inState('approved'), partners);
      expect(result).toMatchObject({ ok: false, code: 'PAYOUT_DETAILS_CHANGED', partner_ids: ['P-B'] });
      expect(!result.ok && result.message).toContain('The payout_method, name of Partner P-B (P-B) changed since batch B-7 was approved');
    });

    it('refuses while verification fails', () => {
      expect(exportAs(inState('approved'), PARTNERS, FINANCE, { ok: false })).toMatchObject({ ok: false, code: 'VERIFICATION_FAILED' });
    });
  });

  describe('the Batches tab replays to the same state', () => {
    it('reads back every transition written as event rows', () => {
      const { batch } = fresh();
      const approved = approve(batch);
      if (!approved.ok) throw new Error(approved.message);
      const paid = pay(approved.batch);
      if (!paid.ok) throw new Error(paid.message);
      const rows = [...batchRowsFor(batch), eventRow(approved.event), eventRow(paid.event)];
      const read = readBatches(rows, { sha256 });
      expect(read.errors).toEqual([]);
      expect(read.batches).toEqual([paid.batch]);
      expect(read.membership.paid.size).toBe(3);
    });
  });
});
