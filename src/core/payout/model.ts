// What a payout batch is, and the hashes that pin it down: the content hash a manager approves and
// the fingerprint of each payee's payout details. Both are SHA-256 over canonical JSON (fixed field
// order, lines sorted by partner and currency, entry ids sorted), so the same batch always hashes
// the same however it was built or read back from the Batches tab.
import type { BatchId, CurrencyCode, Email, EntryId, IsoDate, MinorUnits, PartnerId, PayoutMethod } from '../model';
import type { PayoutPreset } from '../settings';
import type { LedgerEntry } from '../earnings/ledger-entry';
import { EntryIdIndex } from '../earnings/ids';
import { toSafeNumber } from '../money/rounding';
import type { Sha256Hex } from '../audit/chain';

export const BATCH_STATES = ['draft', 'approved', 'rejected', 'paid', 'voided'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

export const BATCH_EVENTS = ['created', 'approved', 'rejected', 'paid', 'voided'] as const;
export type BatchEventKind = (typeof BATCH_EVENTS)[number];

/** One payee of a batch: a partner in one currency (the entries' base currency). */
export interface BatchLine {
  partner_id: PartnerId;
  name: string;
  payout_method: PayoutMethod | '';
  payout_account: string;
  currency: CurrencyCode;
  /** Always positive: the sum of `entry_ids`' amounts. */
  amount_minor: MinorUnits;
  /** Sorted. */
  entry_ids: EntryId[];
  entry_count: number;
  /** `payoutFingerprint` of the partner's payout details when the batch was built. */
  fingerprint: string;
}

export interface CurrencyTotal {
  currency: CurrencyCode;
  amount_minor: MinorUnits;
  line_count: number;
}

/** One transition, as recorded (one `event` row of the Batches tab, one Audit row). */
export interface BatchEvent {
  batch_id: BatchId;
  event: BatchEventKind;
  actor: Email;
  at_utc: string;
  /** The batch's content hash when the event happened. */
  content_hash: string;
  totals: CurrencyTotal[];
  /** created: the batch's as-of date; '' otherwise. */
  as_of: IsoDate | '';
  /** approved: the preset whose columns the payout tab and files use; '' otherwise. */
  preset: PayoutPreset | '';
  /** paid: the payment reference from the bank or payment system; '' otherwise. */
  reference: string;
  /** rejected / voided: why; '' otherwise. */
  reason: string;
}

export interface Batch {
  batch_id: BatchId;
  state: BatchState;
  as_of: IsoDate;
  created_by: Email;
  created_at_utc: string;
  /** Sorted by partner_id, then currency. */
  lines: BatchLine[];
  /** Sorted by currency. */
  totals: CurrencyTotal[];
  content_hash: string;
  /** Every transition so far, oldest first; the first is always `created`. */
  events: BatchEvent[];
}

const CONTENT_TAG = 'partner-ledger/batch/v1';
const FINGERPRINT_TAG = 'partner-ledger/payee/v1';

/** The payout details a fingerprint covers. Trimmed, so re-typing the same value changes nothing. */
export interface PayeeDetails {
  name: string;
  payout_method: string;
  payout_account: string;
}

/** SHA-256 over the canonical payout details: a changed account, method or name changes it. */
export function payoutFingerprint(p: PayeeDetails, sha256: Sha256Hex): string {
  return sha256(`${FINGERPRINT_TAG}\n${JSON.stringify([p.payout_method.trim(), p.payout_account.trim(), p.name.trim()])}`);
}

export function compareLines(a: Pick<BatchLine, 'partner_id' | 'currency'>, b: Pick<BatchLine, 'partner_id' | 'currency'>): number {
  if (a.partner_id !== b.partner_id) return a.partner_id < b.partner_id ? -1 : 1;
  if (a.currency !== b.currency) return a.currency < b.currency ? -1 : 1;
  return 0;
}

/** `ids` sorted as the default sort sorts them: the array itself when it already is (a built batch's are). */
function ascending(ids: ReadonlyArray<EntryId>): ReadonlyArray<EntryId> {
  for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! <= ids[i]!)) return [...ids].sort();
  return ids;
}

/** The hash a manager approves: batch id, as-of date and every line with its payee and entry ids. */
export function batchContentHash(batch: Pick<Batch, 'batch_id' | 'as_of' | 'lines'>, sha256: Sha256Hex): string {
  const lines = [...batch.lines].sort(compareLines).map((l) => [
    l.partner_id, l.currency, l.amount_minor, l.entry_count, l.name, l.payout_method, l.payout_account, l.fingerprint,
    ascending(l.entry_ids),
  ]);
  return sha256(`${CONTENT_TAG}\n${JSON.stringify([batch.batch_id, batch.as_of, lines])}`);
}

/** Totals per currency, summed exactly. */
export function totalsOf(lines: ReadonlyArray<Pick<BatchLine, 'currency' | 'amount_minor'>>): CurrencyTotal[] {
  const sums = new Map<CurrencyCode, { amount: bigint; count: number }>();
  for (const l of lines) {
    const s = sums.get(l.currency) ?? { amount: 0n, count: 0 };
    s.amount += BigInt(l.amount_minor);
    s.count += 1;
    sums.set(l.currency, s);
  }
  return [...sums.keys()].sort().map((currency) => {
    const s = sums.get(currency)!;
    return { currency, amount_minor: toSafeNumber(s.amount), line_count: s.count };
  });
}

/** What must be true of any batch, as a list of violations (empty = fine). */
export function batchViolations(batch: Batch, sha256?: Sha256Hex): string[] {
  const out: string[] = [];
  // Ids as entryIdFor writes them by value, any other in a set.
  const seen = new EntryIdIndex(batch.lines.reduce((n, l) => n + l.entry_ids.length, 0));
  const seen_others = new Set<EntryId>();
  for (let i = 0; i < batch.lines.length; i++) {
    const l = batch.lines[i]!;
    const where = `batch ${batch.batch_id} line ${l.partner_id} ${l.currency}`;
    if (!Number.isSafeInteger(l.amount_minor) || l.amount_minor <= 0) out.push(`${where}: amount ${l.amount_minor} is not a positive whole number of minor units`);
    if (l.entry_count !== l.entry_ids.length) out.push(`${where}: entry_count ${l.entry_count} but ${l.entry_ids.length} entry ids`);
    for (const id of l.entry_ids) {
      if (seen.positionOf(id) >= 0 || seen_others.has(id)) out.push(`${where}: entry ${id} appears twice in the batch`);
      else if (!seen.setPosition(id, 0)) seen_others.add(id);
    }
    if (i > 0 && compareLines(batch.lines[i - 1]!, l) >= 0) out.push(`${where}: lines are not unique and sorted by partner and currency`);
  }
  const expected = JSON.stringify(totalsOf(batch.lines));
  if (JSON.stringify(batch.totals) !== expected) out.push(`batch ${batch.batch_id}: totals ${JSON.stringify(batch.totals)} do not equal the sum of its lines ${expected}`);
  if (sha256 && batch.content_hash !== batchContentHash(batch, sha256)) out.push(`batch ${batch.batch_id}: content hash does not match its lines`);
  return out;
}

/** Throws when a batch breaks an invariant: a bug in whatever produced it. */
export function assertBatch(batch: Batch, where: string, sha256?: Sha256Hex): void {
  const violations = batchViolations(batch, sha256);
  if (violations.length > 0) throw new Error(`batch invariant violated ${where}: ${violations.join('; ')}`);
}

/** Each line equals the sum of its entries, which belong to its partner and currency. Throws otherwise. */
export function assertLinesMatchLedger(batch: Batch, ledger: ReadonlyArray<LedgerEntry>, where: string): void {
  // Ids as entryIdFor writes them are indexed by value (no map of a million strings); any other
  // id, in a hand-edited Ledger, by a map. As in one map, a later entry with an id replaces an earlier.
  const index = new EntryIdIndex(ledger.length);
  const others = new Map<EntryId, LedgerEntry>();
  for (let position = 0; position < ledger.length; position++) {
    const e = ledger[position]!;
    if (!index.setPosition(e.entry_id, position)) others.set(e.entry_id, e);
  }
  const entryOf = (id: EntryId): LedgerEntry | undefined => {
    const position = index.positionOf(id);
    return position >= 0 ? ledger[position] : others.get(id);
  };
  for (const l of batch.lines) {
    // Summed as doubles while every amount and partial sum is a safe integer (a bigint per entry
    // was a million allocations); summed again as bigints otherwise.
    let sum_minor = 0;
    let exact = true;
    for (const id of l.entry_ids) {
      const e = entryOf(id);
      if (e === undefined) throw new Error(`${where}: batch ${batch.batch_id} line ${l.partner_id} names entry ${id}, which is not on the ledger`);
      if (e.partner_id !== l.partner_id || e.base_currency !== l.currency || e.kind === 'payout') {
        throw new Error(`${where}: entry ${id} (${e.kind}, ${e.partner_id}, ${e.base_currency}) cannot be paid on line ${l.partner_id} ${l.currency}`);
      }
      // A fraction throws here, as a bigint sum would.
      if (!Number.isSafeInteger(e.amount_minor)) BigInt(e.amount_minor);
      sum_minor += e.amount_minor;
      exact &&= Number.isSafeInteger(e.amount_minor) && Number.isSafeInteger(sum_minor);
    }
    const line_minor = BigInt(l.amount_minor);
    const sum = exact ? BigInt(sum_minor) : l.entry_ids.reduce((total, id) => total + BigInt(entryOf(id)!.amount_minor), 0n);
    if (sum !== line_minor) {
      throw new Error(`${where}: batch ${batch.batch_id} line ${l.partner_id} is ${l.amount_minor} but its entries sum to ${sum}`);
    }
  }
}

/** Entries a batch holds back from other batches: everything but rejected and voided batches. */
export function holdsEntries(state: BatchState): boolean {
  return state === 'draft' || state === 'approved' || state === 'paid';
}

/** Draft and approved batches are open: only one at a time. */
export function isOpen(state: BatchState): boolean {
  return state === 'draft' || state === 'approved';
}
