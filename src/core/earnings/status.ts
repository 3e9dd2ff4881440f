// The workflow state of each entry, derived (never stored) from the ledger, the review decisions,
// the as-of date and what the batches say about each entry.
import type { EntryId, IsoDate } from '../model';
import type { LedgerEntry } from './ledger-entry';
import { effectiveDecisions, type ReviewDecision } from './review';

export const ENTRY_STATUSES = ['pending', 'eligible', 'held', 'batched', 'approved', 'paid', 'rejected'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** Which entries are in a batch, in an approved batch, in a paid batch (built by the batch module). */
export interface BatchMembership {
  batched: ReadonlySet<EntryId>;
  approved: ReadonlySet<EntryId>;
  paid: ReadonlySet<EntryId>;
}

export const NO_BATCHES: BatchMembership = { batched: new Set(), approved: new Set(), paid: new Set() };

/** What an entry's status depends on besides the entry itself: derived once per ledger. */
interface StatusContext {
  /** Only the commissions that reversals point at: indexing the whole ledger cost a million-entry map. */
  byId: ReadonlyMap<EntryId, LedgerEntry>;
  rejected: ReadonlySet<EntryId>;
  decisions: ReadonlyMap<EntryId, ReviewDecision>;
  as_of: IsoDate;
  membership: BatchMembership;
}

function statusContext(
  ledger: ReadonlyArray<LedgerEntry>, reviews: ReadonlyArray<ReviewDecision>, as_of: IsoDate, membership: BatchMembership,
): StatusContext {
  // One pass for what offsets point at; a second only when reversals point at something.
  const refs = new Set<EntryId>();
  const rejected = new Set<EntryId>();
  for (const e of ledger) {
    if (e.kind === 'reversal' || e.kind === 'clawback') refs.add(e.ref_entry_id);
    else if (e.kind === 'rejection') rejected.add(e.ref_entry_id);
  }
  const byId = new Map<EntryId, LedgerEntry>();
  if (refs.size > 0) for (const e of ledger) if (refs.has(e.entry_id)) byId.set(e.entry_id, e);
  return { byId, rejected, decisions: effectiveDecisions(reviews), as_of, membership };
}

/**
 * Status of every entry. A reversal follows its commission's review: while the commission is held
 * (or once it is rejected) its reversals are too, so a partner is never charged for a refund of a
 * commission it was not paid.
 */
export function entryStatuses(
  ledger: ReadonlyArray<LedgerEntry>, reviews: ReadonlyArray<ReviewDecision>, as_of: IsoDate, membership: BatchMembership,
): Map<EntryId, EntryStatus> {
  const context = statusContext(ledger, reviews, as_of, membership);
  const statuses = new Map<EntryId, EntryStatus>();
  for (const e of ledger) statuses.set(e.entry_id, statusOf(e, context));
  return statuses;
}

/**
 * The same statuses as `entryStatuses`, as an array in ledger order: for a caller that walks the
 * ledger anyway, without a map of a million entry ids to build and then look up.
 */
export function entryStatusList(
  ledger: ReadonlyArray<LedgerEntry>, reviews: ReadonlyArray<ReviewDecision>, as_of: IsoDate, membership: BatchMembership,
): EntryStatus[] {
  const context = statusContext(ledger, reviews, as_of, membership);
  return ledger.map((e) => statusOf(e, context));
}

function statusOf(e: LedgerEntry, { byId, rejected, decisions, as_of, membership }: StatusContext): EntryStatus {
  if (e.kind === 'rejection') return 'rejected';
  if (e.kind === 'payout') return 'paid';
  // Each set is asked only when it has members: a look-up in an empty set still hashes the id.
  if (membership.paid.size > 0 && membership.paid.has(e.entry_id)) return 'paid';
  if (membership.approved.size > 0 && membership.approved.has(e.entry_id)) return 'approved';
  if (membership.batched.size > 0 && membership.batched.has(e.entry_id)) return 'batched';
  const root = e.kind === 'reversal' || e.kind === 'clawback' ? byId.get(e.ref_entry_id) ?? e : e;
  if (rejected.size > 0 && rejected.has(root.entry_id)) return 'rejected';
  if (root.review === 'held' && decisions.get(root.entry_id)?.decision !== 'clear') return 'held';
  return as_of < e.eligible_on ? 'pending' : 'eligible';
}
