// What must be true of any ledger, checked where entries are produced (end of a post) and where
// they are consumed (start of a post, balances). A violation is a bug or a damaged Ledger tab.
import type { EntryId, MinorUnits, PartnerId } from '../model';
import { EntryIdIndex, StringIndex, entryIdFor } from './ids';
import type { LedgerEntry } from './ledger-entry';

export interface LedgerInvariantReport {
  ok: boolean;
  /** Human-readable, at most `MAX_VIOLATIONS`. */
  violations: string[];
}

const MAX_VIOLATIONS = 50;

const SIGN: Record<LedgerEntry['kind'], 'positive' | 'negative' | 'any'> = {
  commission: 'positive',
  reversal: 'negative',
  clawback: 'negative',
  rejection: 'negative',
  payout: 'negative',
  adjustment: 'any',
};

/** The per-partner identity of spec §8, by kind: sum = earned − refunded − rejected − paid out (+ adjustments). */
export interface PartnerIdentity {
  earned_minor: bigint;
  refunded_minor: bigint;
  rejected_minor: bigint;
  paid_out_minor: bigint;
  adjusted_minor: bigint;
  sum_minor: bigint;
}

export function partnerIdentities(ledger: ReadonlyArray<LedgerEntry>): Map<PartnerId, PartnerIdentity> {
  const out = new Map<PartnerId, PartnerIdentity>();
  for (const e of ledger) {
    const p = out.get(e.partner_id) ?? { earned_minor: 0n, refunded_minor: 0n, rejected_minor: 0n, paid_out_minor: 0n, adjusted_minor: 0n, sum_minor: 0n };
    out.set(e.partner_id, p);
    const a = BigInt(e.amount_minor);
    p.sum_minor += a;
    if (e.kind === 'commission') p.earned_minor += a;
    else if (e.kind === 'reversal' || e.kind === 'clawback') p.refunded_minor -= a;
    else if (e.kind === 'rejection') p.rejected_minor -= a;
    else if (e.kind === 'payout') p.paid_out_minor -= a;
    else p.adjusted_minor += a;
  }
  return out;
}

export function checkLedgerInvariants(ledger: ReadonlyArray<LedgerEntry>): LedgerInvariantReport {
  // A sound ledger (every ledger a post or a batch is given, in practice) is confirmed by one pass
  // with fewer and cheaper indexes; anything else is checked again in full, to name each violation.
  if (isSoundLedger(ledger)) return { ok: true, violations: [] };
  return fullLedgerCheck(ledger);
}

/** Per partner, in doubles: exact while every sum stays a safe integer (checked). */
interface PartnerSums { sum: number; earned: number; refunded: number; rejected: number; paid_out: number; adjusted: number }

/**
 * The quick pass of checkLedgerInvariants, one entry at a time: `isSound()` is true only when
 * `fullLedgerCheck` of the entries added so far, in that order, finds nothing. The same rules,
 * answered with less work. Keys need no index of their own: each id is checked to be its key's
 * hash, so two equal keys would be two equal ids. Sums are doubles while they are safe integers
 * (bigints cost an allocation per entry); the first sum that is not, or the first doubt of any
 * kind, answers false. Posting adds each entry as it writes it, while it is still in cache, and
 * carries on from the check of the ledger it was given instead of checking that ledger again.
 */
export class LedgerSoundness {
  /**
   * How many entries were added, and their ids' positions among them. The entries themselves are
   * the caller's (a post's ledger and new entries): `isSound` is told where to find them.
   */
  private count = 0;
  private readonly ids: EntryIdIndex;
  private readonly orders_with_commission: StringIndex;
  private readonly offsets: LedgerEntry[] = [];
  private readonly partners = new Map<PartnerId, PartnerSums>();
  private doubt = false;

  /** `expected`: how many entries the caller will add, if known (the indexes are sized for them). */
  constructor(expected = 0) {
    this.ids = new EntryIdIndex(expected);
    this.orders_with_commission = new StringIndex(expected);
  }

  add(e: LedgerEntry): void {
    if (!this.doubt && !this.admits(e)) this.doubt = true;
  }

  /** Every rule holds of the entries added so far, or there is a doubt. `entryAt`: the entry added at a position (0 first). */
  isSound(entryAt: (position: number) => LedgerEntry | undefined): boolean {
    if (this.doubt) return false;
    for (const p of this.partners.values()) {
      const expected = p.earned - p.refunded - p.rejected - p.paid_out + p.adjusted;
      const parts = [p.sum, p.earned, p.refunded, p.rejected, p.paid_out, p.adjusted, p.earned - p.refunded, p.earned - p.refunded - p.rejected,
        p.earned - p.refunded - p.rejected - p.paid_out, expected];
      if (!parts.every(Number.isSafeInteger) || p.sum !== expected) return false;
    }
    return offsetsAreSound(this.offsets, (entry_id) => {
      const position = this.ids.positionOf(entry_id);
      return position < 0 ? undefined : entryAt(position);
    });
  }

  /** The rules about `e` alone and its id, key and order among the entries before it. */
  private admits(e: LedgerEntry): boolean {
    // Ids by value, not as strings: no map of a million strings (and no string hashed) to build.
    if (!this.ids.addIdOf(e.entry_id, e.idempotency_key, this.count)) return false;
    this.count += 1;
    const a = e.amount_minor;
    const sign = SIGN[e.kind];
    if (!Number.isSafeInteger(a) || (sign === 'positive' && a < 0) || (sign === 'negative' && a > 0)) return false;
    let p = this.partners.get(e.partner_id);
    if (p === undefined) {
      p = { sum: 0, earned: 0, refunded: 0, rejected: 0, paid_out: 0, adjusted: 0 };
      this.partners.set(e.partner_id, p);
    }
    p.sum += a;
    if (e.kind === 'commission') {
      p.earned += a;
      // An order added before keeps its earlier index.
      const orders_before = this.orders_with_commission.size;
      if (this.orders_with_commission.add(e.order_id) < orders_before) return false;
    } else if (e.kind === 'reversal' || e.kind === 'clawback') {
      p.refunded -= a;
      this.offsets.push(e);
    } else if (e.kind === 'rejection') {
      p.rejected -= a;
      this.offsets.push(e);
    } else if (e.kind === 'payout') p.paid_out -= a;
    else p.adjusted += a;
    return true;
  }
}

function isSoundLedger(ledger: ReadonlyArray<LedgerEntry>): boolean {
  const soundness = new LedgerSoundness();
  for (const e of ledger) soundness.add(e);
  return soundness.isSound((position) => ledger[position]);
}

/** True only when `checkOffsets` finds nothing (`byId`: the entry with that id, if any). */
function offsetsAreSound(offsets: ReadonlyArray<LedgerEntry>, byId: (entry_id: EntryId) => LedgerEntry | undefined): boolean {
  // Keyed by the commission itself: its id is unique, or there was a doubt already.
  const clawed = new Map<LedgerEntry, MinorUnits>();
  const rejected = new Map<LedgerEntry, MinorUnits>();
  for (const e of offsets) {
    const c = byId(e.ref_entry_id);
    if (c === undefined || c.kind !== 'commission' || c.partner_id !== e.partner_id || c.order_id !== e.order_id) return false;
    if (e.kind === 'rejection') {
      if (rejected.has(c)) return false;
      rejected.set(c, -e.amount_minor);
    } else {
      clawed.set(c, (clawed.get(c) ?? 0) - e.amount_minor);
    }
  }
  for (const [c, total] of clawed) if (total > c.amount_minor) return false;
  for (const [c, offset] of rejected) if (c.amount_minor - (clawed.get(c) ?? 0) - offset !== 0) return false;
  return true;
}

/**
 * Every violation (up to `MAX_VIOLATIONS`), each described: the check as it was before the quick
 * pass, which the differential test holds `checkLedgerInvariants` to.
 */
export function fullLedgerCheck(ledger: ReadonlyArray<LedgerEntry>): LedgerInvariantReport {
  const violations: string[] = [];
  const fail = (message: string): void => {
    if (violations.length < MAX_VIOLATIONS) violations.push(message);
  };
  const byId = new Map<EntryId, LedgerEntry>();
  const keys = new Set<string>();
  const commissionOfOrder = new Map<string, LedgerEntry>();
  for (const e of ledger) {
    // A collection that did not grow already held the value: one hash look-up instead of two.
    const ids_before = byId.size;
    byId.set(e.entry_id, e);
    if (byId.size === ids_before) fail(`entry ${e.entry_id} appears twice`);
    const keys_before = keys.size;
    keys.add(e.idempotency_key);
    if (keys.size === keys_before) fail(`idempotency key ${e.idempotency_key} appears twice`);
    if (e.entry_id !== entryIdFor(e.idempotency_key)) fail(`entry ${e.entry_id} does not match its idempotency key`);
    checkAmount(e, fail);
    if (e.kind !== 'commission') continue;
    const other = commissionOfOrder.get(e.order_id);
    if (other === undefined) commissionOfOrder.set(e.order_id, e);
    else if (other.partner_id !== e.partner_id) fail(`order ${e.order_id} is credited to ${other.partner_id} and ${e.partner_id}`);
    else fail(`order ${e.order_id} has two commissions (${other.entry_id}, ${e.entry_id})`);
  }
  checkOffsets(ledger, byId, fail);
  for (const [partner_id, p] of partnerIdentities(ledger)) {
    const expected = p.earned_minor - p.refunded_minor - p.rejected_minor - p.paid_out_minor + p.adjusted_minor;
    if (p.sum_minor !== expected) fail(`partner ${partner_id}: entries sum to ${p.sum_minor}, expected ${expected}`);
  }
  return { ok: violations.length === 0, violations };
}

function checkAmount(e: LedgerEntry, fail: (m: string) => void): void {
  if (!Number.isSafeInteger(e.amount_minor)) fail(`entry ${e.entry_id}: amount ${e.amount_minor} is not whole minor units`);
  const sign = SIGN[e.kind];
  if (sign === 'positive' && e.amount_minor < 0) fail(`entry ${e.entry_id}: a ${e.kind} must not be negative`);
  if (sign === 'negative' && e.amount_minor > 0) fail(`entry ${e.entry_id}: a ${e.kind} must not be positive`);
}

/** Reversals, clawbacks and rejections point at a commission of the same partner and order, and never take back more than it paid. */
function checkOffsets(ledger: ReadonlyArray<LedgerEntry>, byId: ReadonlyMap<EntryId, LedgerEntry>, fail: (m: string) => void): void {
  const clawed = new Map<EntryId, MinorUnits>();
  const rejected = new Map<EntryId, MinorUnits>();
  for (const e of ledger) {
    if (e.kind !== 'reversal' && e.kind !== 'clawback' && e.kind !== 'rejection') continue;
    const c = byId.get(e.ref_entry_id);
    if (c === undefined || c.kind !== 'commission') {
      fail(`${e.kind} ${e.entry_id} does not offset a commission (${e.ref_entry_id || 'no ref'})`);
      continue;
    }
    if (c.partner_id !== e.partner_id || c.order_id !== e.order_id) fail(`${e.kind} ${e.entry_id} offsets another partner's or order's commission`);
    if (e.kind === 'rejection') {
      if (rejected.has(c.entry_id)) fail(`commission ${c.entry_id} is rejected twice`);
      rejected.set(c.entry_id, -e.amount_minor);
    } else {
      clawed.set(c.entry_id, (clawed.get(c.entry_id) ?? 0) - e.amount_minor);
    }
  }
  for (const [id, total] of clawed) {
    const c = byId.get(id)!;
    if (total > c.amount_minor) fail(`commission ${id}: clawed back ${total} of ${c.amount_minor}`);
  }
  for (const [id, offset] of rejected) {
    const c = byId.get(id)!;
    if (c.amount_minor - (clawed.get(id) ?? 0) - offset !== 0) fail(`rejected commission ${id} does not net to zero`);
  }
}

/** Throws when the ledger breaks an invariant: a bug, or a Ledger tab edited by hand. */
export function assertLedgerInvariants(ledger: ReadonlyArray<LedgerEntry>, where: string): void {
  throwIfViolated(checkLedgerInvariants(ledger), where);
}

/**
 * `assertLedgerInvariants` of the entries `soundness` was given, in that order: the lists of
 * `parts` one after the other (joined into one list only when the quick pass has a doubt).
 */
export function assertSound(soundness: LedgerSoundness, parts: ReadonlyArray<ReadonlyArray<LedgerEntry>>, where: string): void {
  const entryAt = (position: number): LedgerEntry | undefined => {
    for (const part of parts) {
      if (position < part.length) return part[position];
      position -= part.length;
    }
    return undefined;
  };
  if (!soundness.isSound(entryAt)) throwIfViolated(fullLedgerCheck(parts.flat()), where);
}

function throwIfViolated(report: LedgerInvariantReport, where: string): void {
  if (!report.ok) throw new Error(`ledger invariant violated ${where}: ${report.violations.join('; ')}`);
}
