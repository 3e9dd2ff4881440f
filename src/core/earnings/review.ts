// Manager decisions on held entries. A decision is data passed in (who, when, why); clearing makes
// a held entry eligible when due, rejecting posts an offsetting `rejection` entry. Posted amounts
// never change.
import type { EntryId, Email, IsoDate, MinorUnits } from '../model';
import { entryIdFor, rejectionKey } from './ids';
import type { LedgerEntry } from './ledger-entry';

export interface ReviewDecision {
  entry_id: EntryId;
  decision: 'clear' | 'reject';
  reason: string;
  actor: Email;
  /** When the decision was made (ISO timestamp, UTC): the latest decision on an entry wins. */
  at: string;
}

function compareDecisions(a: ReviewDecision, b: ReviewDecision): number {
  const ka = [a.at, a.decision, a.actor, a.reason];
  const kb = [b.at, b.decision, b.actor, b.reason];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

/** The decision in force for each entry: the latest by `at` (ties broken by content, not by order). */
export function effectiveDecisions(reviews: ReadonlyArray<ReviewDecision>): Map<EntryId, ReviewDecision> {
  const latest = new Map<EntryId, ReviewDecision>();
  for (const r of reviews) {
    const current = latest.get(r.entry_id);
    if (current === undefined || compareDecisions(r, current) > 0) latest.set(r.entry_id, r);
  }
  return latest;
}

/**
 * The entry that offsets a held commission, so that the order nets to exactly zero.
 * `reversed_minor` is the sum (≤ 0) of the reversals already posted against the commission: a
 * commission of 10.00 that was half refunded is rejected with −5.00, not −10.00.
 */
export function rejectHeld(entry: LedgerEntry, reason: string, actor: Email, as_of: IsoDate, reversed_minor: MinorUnits = 0): LedgerEntry {
  if (entry.kind !== 'commission' || entry.review !== 'held') {
    throw new Error(`only a held commission can be rejected: ${entry.entry_id} is ${entry.kind} ${entry.review || 'not held'}`);
  }
  const remaining = entry.amount_minor + reversed_minor;
  if (reversed_minor > 0 || remaining < 0) throw new Error(`reversals ${reversed_minor} exceed commission ${entry.amount_minor}`);
  const idempotency_key = rejectionKey(entry.idempotency_key);
  return {
    ...entry,
    entry_id: entryIdFor(idempotency_key),
    idempotency_key,
    kind: 'rejection',
    attribution: '',
    posted_on: as_of,
    amount_minor: remaining === 0 ? 0 : -remaining,
    review: '',
    ref_entry_id: entry.entry_id,
    actor,
    note: reason,
  };
}
