// Per-partner totals by workflow status, derived from the ledger every time (never stored as a
// wallet). The parts always add up to the partner's balance; that is asserted, not hoped.
import type { IsoDate, MinorUnits, PartnerId } from '../model';
import { toSafeNumber } from '../money/rounding';
import type { LedgerEntry } from './ledger-entry';
import type { ReviewDecision } from './review';
import { entryStatuses, type BatchMembership, type EntryStatus } from './status';

export interface PartnerBalance {
  partner_id: PartnerId;
  pending_minor: MinorUnits;
  eligible_minor: MinorUnits;
  held_minor: MinorUnits;
  batched_minor: MinorUnits;
  approved_minor: MinorUnits;
  /** Entries in paid batches (before the `payout` entries that record the payment). */
  paid_minor: MinorUnits;
  /** Rejected commissions with their reversals and rejections: nets to zero per order. */
  rejected_minor: MinorUnits;
  /** What was paid out (the `payout` entries, as a positive number). */
  paid_out_minor: MinorUnits;
  /** Due and unpaid: eligible + batched + approved (clawbacks included, so it can be negative). */
  payable_minor: MinorUnits;
  /** The sum of all the partner's entries. */
  balance_minor: MinorUnits;
  entry_count: number;
}

export function partnerBalances(
  ledger: ReadonlyArray<LedgerEntry>, reviews: ReadonlyArray<ReviewDecision>, as_of: IsoDate, membership: BatchMembership,
): PartnerBalance[] {
  const statuses = entryStatuses(ledger, reviews, as_of, membership);
  const sums = new Map<PartnerId, { buckets: Record<EntryStatus, bigint>; paid_out: bigint; total: bigint; count: number }>();
  for (const e of ledger) {
    let s = sums.get(e.partner_id);
    if (s === undefined) {
      s = { buckets: { pending: 0n, eligible: 0n, held: 0n, batched: 0n, approved: 0n, paid: 0n, rejected: 0n }, paid_out: 0n, total: 0n, count: 0 };
      sums.set(e.partner_id, s);
    }
    const amount = BigInt(e.amount_minor);
    s.total += amount;
    s.count += 1;
    if (e.kind === 'payout') s.paid_out -= amount;
    else s.buckets[statuses.get(e.entry_id)!] += amount;
  }
  const out: PartnerBalance[] = [];
  for (const [partner_id, s] of sums) {
    const b = s.buckets;
    const parts = b.pending + b.eligible + b.held + b.batched + b.approved + b.paid + b.rejected - s.paid_out;
    if (parts !== s.total) throw new Error(`partner ${partner_id}: balance parts ${parts} do not add up to ${s.total}`);
    out.push({
      partner_id,
      pending_minor: toSafeNumber(b.pending),
      eligible_minor: toSafeNumber(b.eligible),
      held_minor: toSafeNumber(b.held),
      batched_minor: toSafeNumber(b.batched),
      approved_minor: toSafeNumber(b.approved),
      paid_minor: toSafeNumber(b.paid),
      rejected_minor: toSafeNumber(b.rejected),
      paid_out_minor: toSafeNumber(s.paid_out),
      payable_minor: toSafeNumber(b.eligible + b.batched + b.approved),
      balance_minor: toSafeNumber(s.total),
      entry_count: s.count,
    });
  }
  return out.sort((a, b) => (a.partner_id < b.partner_id ? -1 : a.partner_id > b.partner_id ? 1 : 0));
}
