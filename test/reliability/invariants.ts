// The invariant checker the replay suite runs after every action, on the workbook itself (what a
// user's spreadsheet holds, read back through the core's own readers):
// - money conservation and one commission per order: the core's checkLedgerInvariants (per
//   partner, entries sum to earned − refunded − rejected − paid out; no entry or idempotency key
//   twice; one commission per order; offsets never exceed their commission);
// - batch totals equal their lines, and each line equals the sum of its entries (batchViolations,
//   assertLinesMatchLedger, and the per-currency totals recomputed here);
// - payouts never above the eligible balance: per partner, what was paid out plus what open
//   (draft or approved) batches would pay never exceeds its entries that were eligible (due, not
//   held, not rejected); every batched entry was due by its batch's as-of date and not held;
//   no entry sits in two live batches.
import { sha256Hex } from '../../src/core/audit/sha256';
import { checkLedgerInvariants, entryFromRow, type LedgerEntry } from '../../src/core/earnings';
import { assertLinesMatchLedger, batchViolations, readBatches, type Batch } from '../../src/core/payout';
import type { WorkbookSession } from '../../src/local/workbook-session';

export function readLedgerEntries(session: WorkbookSession): LedgerEntry[] {
  return session.emulator.workbook.values('Ledger').slice(1).map((row, i) => {
    const read = entryFromRow(row as never, i + 2);
    if ('error' in read) throw new Error(`Ledger row ${i + 2} does not read back: ${read.error.message}`);
    return read;
  });
}

/** The batches, and why any row does not read back (a line whose hash no longer matches its batch). */
export function readBatchesOf(session: WorkbookSession): { batches: Batch[]; errors: string[] } {
  const read = readBatches(session.emulator.workbook.values('Batches').slice(1), { sha256: sha256Hex, first_row: 2 });
  return { batches: read.batches, errors: read.errors.map((e) => `Batches row ${e.row}: ${e.message}`) };
}

/** Every broken invariant, as readable lines (empty when all hold). */
export function invariantViolations(session: WorkbookSession): string[] {
  const ledger = readLedgerEntries(session);
  const { batches, errors } = readBatchesOf(session);
  const out = [...checkLedgerInvariants(ledger).violations, ...errors];
  const byId = new Map(ledger.map((e) => [e.entry_id, e] as const));
  const decisions = new Map(session.emulator.workbook.values('Reviews').slice(1).map((r) => [String(r[1]), String(r[2])] as const));
  const rejected = new Set(ledger.filter((e) => e.kind === 'rejection').map((e) => e.ref_entry_id));
  const rootOf = (e: LedgerEntry) => (e.kind === 'commission' ? e : byId.get(e.ref_entry_id) ?? e);
  const blocked = (e: LedgerEntry) => {
    const root = rootOf(e);
    return rejected.has(root.entry_id) || (root.review === 'held' && decisions.get(root.entry_id) !== 'clear');
  };

  const in_live_batch = new Map<string, string>();
  const owed_by_open = new Map<string, number>();
  for (const batch of batches) {
    out.push(...batchViolations(batch, sha256Hex));
    try {
      assertLinesMatchLedger(batch, ledger, 'replay');
    } catch (e) {
      out.push((e as Error).message);
    }
    const totals = new Map<string, number>();
    for (const l of batch.lines) totals.set(l.currency, (totals.get(l.currency) ?? 0) + l.amount_minor);
    for (const t of batch.totals) {
      if (totals.get(t.currency) !== t.amount_minor) out.push(`batch ${batch.batch_id}: total ${t.amount_minor} ${t.currency} but its lines sum to ${totals.get(t.currency)}`);
    }
    if (batch.state === 'rejected' || batch.state === 'voided') continue;
    for (const l of batch.lines) {
      if (batch.state !== 'paid') owed_by_open.set(l.partner_id, (owed_by_open.get(l.partner_id) ?? 0) + l.amount_minor);
      for (const id of l.entry_ids) {
        const e = byId.get(id);
        if (e && e.eligible_on > batch.as_of) out.push(`batch ${batch.batch_id} holds ${id}, not due until ${e.eligible_on}`);
        if (e && blocked(e)) out.push(`batch ${batch.batch_id} holds ${id}, which is held for review or rejected`);
        const other = in_live_batch.get(id);
        if (other !== undefined) out.push(`entry ${id} is in batches ${other} and ${batch.batch_id}`);
        in_live_batch.set(id, batch.batch_id);
      }
    }
  }

  // The eligible balance as of the latest batch: every due entry that is not held or rejected
  // (reversals and clawbacks included, so it is a net), whether batched yet or not.
  const as_of = batches.reduce((latest, b) => (b.as_of > latest ? b.as_of : latest), '');
  const eligible = new Map<string, number>();
  const paid_out = new Map<string, number>();
  for (const e of ledger) {
    if (e.kind === 'payout') paid_out.set(e.partner_id, (paid_out.get(e.partner_id) ?? 0) - e.amount_minor);
    else if (!blocked(e) && e.eligible_on <= as_of) eligible.set(e.partner_id, (eligible.get(e.partner_id) ?? 0) + e.amount_minor);
  }
  for (const [partner, paid] of paid_out) {
    const owed = paid + (owed_by_open.get(partner) ?? 0);
    if (owed > (eligible.get(partner) ?? 0)) out.push(`partner ${partner}: paid out and batched ${owed}, above its eligible balance ${eligible.get(partner) ?? 0}`);
  }
  for (const [partner, owed] of owed_by_open) {
    if (!paid_out.has(partner) && owed > (eligible.get(partner) ?? 0)) out.push(`partner ${partner}: batched ${owed}, above its eligible balance ${eligible.get(partner) ?? 0}`);
  }
  return out;
}
