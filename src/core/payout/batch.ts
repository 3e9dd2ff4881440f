// Building a draft batch: per partner and currency, every eligible entry no other batch holds
// (reversals, clawbacks and rejections included, so a partner is paid its net), and for each
// partner that is not paid the reason why. Nothing is decided by the shell: the ledger, the
// membership of earlier batches and the review decisions come in; the batch and its `created`
// event come out.
import type { BatchId, CurrencyCode, Email, EntryId, IsoDate, MinorUnits, Partner, PartnerId } from '../model';
import type { Settings } from '../settings';
import type { Sha256Hex } from '../audit/chain';
import type { LedgerEntry } from '../earnings/ledger-entry';
import type { ReviewDecision } from '../earnings/review';
import { entryStatusList, type BatchMembership, type EntryStatus } from '../earnings/status';
import { formatMinor } from '../money/format';
import { toSafeNumber } from '../money/rounding';
import {
  assertBatch, assertLinesMatchLedger, batchContentHash, compareLines, isOpen, payoutFingerprint, totalsOf,
  type Batch, type BatchEvent, type BatchLine,
} from './model';
import { presetMismatch, presetMismatchMessage } from './presets';
import { REFUSAL, SKIP_REASON, refusal, type Refusal, type SkipReason } from './reasons';

export interface BuildBatchInput {
  ledger: ReadonlyArray<LedgerEntry>;
  /** What earlier batches hold (from `readBatches`). */
  membership: BatchMembership;
  /** Review decisions, to derive each entry's status; ignored when `statuses` is given. */
  reviews?: ReadonlyArray<ReviewDecision>;
  /** Entry statuses already derived (`entryStatuses`) with the same ledger, as-of date and membership. */
  statuses?: ReadonlyMap<EntryId, EntryStatus>;
  partners: ReadonlyArray<Partner>;
  /** payout_preset absent: generic (any payout method). */
  settings: Pick<Settings, 'base_currency' | 'min_payout_minor'> & Partial<Pick<Settings, 'payout_preset'>>;
  as_of: IsoDate;
  batch_id: BatchId;
  creator: Email;
  created_at_utc: string;
  /** Every batch so far (from `readBatches`): one open batch at a time, and ids are never reused. */
  existing_batches: ReadonlyArray<Pick<Batch, 'batch_id' | 'state'>>;
  sha256: Sha256Hex;
}

/** A partner (in one currency) left out of the batch, and why. */
export interface SkippedPartner {
  partner_id: PartnerId;
  name: string;
  currency: CurrencyCode;
  reason: SkipReason;
  /** Net of the eligible, unbatched entries. */
  net_minor: MinorUnits;
  /** Sum of the held entries (waiting for review). */
  held_minor: MinorUnits;
  /** Eligible, unbatched entries that stay for a later batch. */
  entry_count: number;
  message: string;
}

export type BuildBatchResult =
  | { ok: true; batch: Batch; event: BatchEvent; skipped: SkippedPartner[] }
  | (Refusal & { skipped: SkippedPartner[] });

interface Group {
  partner_id: PartnerId;
  currency: CurrencyCode;
  entries: LedgerEntry[];
  net: bigint;
  held: bigint;
  held_count: number;
}

/** A group while the ledger is read: its net summed as a double while that is exact. */
interface OpenGroup extends Group {
  net_sum: number;
  net_exact: boolean;
}

export function buildBatch(input: BuildBatchInput): BuildBatchResult {
  const existing = input.existing_batches;
  const open = existing.find((b) => isOpen(b.state));
  if (open !== undefined) {
    return {
      ...refusal(REFUSAL.open_batch_exists,
        `Batch ${open.batch_id} is still ${open.state}: only one batch may be open at a time. ` +
        (open.state === 'draft' ? 'Ask a manager to approve or reject it first.' : 'Mark it paid (finance) or void it (a manager) first.')),
      skipped: [],
    };
  }
  if (existing.some((b) => b.batch_id === input.batch_id)) {
    return { ...refusal(REFUSAL.batch_id_taken, `A batch called ${input.batch_id} already exists: batch ids are never reused.`), skipped: [] };
  }
  const groups = groupEntries(input.ledger, statusesOf(input), input.membership);
  const partners = partnersById(input.partners);
  const lines: BatchLine[] = [];
  const skipped: SkippedPartner[] = [];
  for (const g of groups) {
    const partner = partners.get(g.partner_id);
    const reason = skipReason(g, partner, input.settings);
    if (reason !== null) {
      skipped.push(skippedPartner(g, partner, reason, input.settings));
      continue;
    }
    lines.push(lineOf(g, partner!, input.sha256));
  }
  if (lines.length === 0) {
    const why = skipped.length === 0
      ? 'no partner has eligible entries that are not already in a batch'
      : `every partner with money due was skipped (${summariseReasons(skipped)})`;
    return { ...refusal(REFUSAL.nothing_to_pay, `Nothing to pay as of ${input.as_of}: ${why}. No batch was created.`), skipped };
  }
  const batch = draftBatch(input, lines);
  assertLinesMatchLedger(batch, input.ledger, 'buildBatch');
  // Without the hash: draftBatch has just computed it from these lines, and hashing a million
  // entry ids twice cost a second; readBatches recomputes it wherever the batch is read back.
  assertBatch(batch, 'buildBatch');
  return { ok: true, batch, event: batch.events[0]!, skipped };
}

function draftBatch(input: BuildBatchInput, lines: BatchLine[]): Batch {
  const shell = { batch_id: input.batch_id, as_of: input.as_of, lines: lines.sort(compareLines) };
  const content_hash = batchContentHash(shell, input.sha256);
  const totals = totalsOf(lines);
  const event: BatchEvent = {
    batch_id: input.batch_id, event: 'created', actor: input.creator, at_utc: input.created_at_utc, content_hash, totals,
    as_of: input.as_of, preset: '', reference: '', reason: '',
  };
  return {
    ...shell, state: 'draft', created_by: input.creator, created_at_utc: input.created_at_utc, totals, content_hash, events: [event],
  };
}

/** Each entry's status, by its index in the ledger. */
type StatusAt = (e: LedgerEntry, index: number) => EntryStatus | undefined;

function statusesOf(input: BuildBatchInput): StatusAt {
  const given = input.statuses;
  if (given !== undefined) return (e) => given.get(e.entry_id);
  const list = entryStatusList(input.ledger, input.reviews ?? [], input.as_of, input.membership);
  return (_e, index) => list[index];
}

/** Eligible entries no batch holds, and held entries, per partner and currency (sorted). Payouts are never paid out again. */
function groupEntries(ledger: ReadonlyArray<LedgerEntry>, statusAt: StatusAt, membership: BatchMembership): Group[] {
  // Per partner, then per currency: no key string to build for each of a million entries.
  const groups = new Map<PartnerId, Map<CurrencyCode, OpenGroup>>();
  const all: OpenGroup[] = [];
  for (let i = 0; i < ledger.length; i++) {
    const e = ledger[i]!;
    if (e.kind === 'payout') continue;
    const status = statusAt(e, i);
    if (status === undefined) throw new Error(`buildBatch: no status for entry ${e.entry_id}`);
    const eligible = status === 'eligible' && (membership.batched.size === 0 || !membership.batched.has(e.entry_id));
    if (!eligible && status !== 'held') continue;
    let currencies = groups.get(e.partner_id);
    if (currencies === undefined) {
      currencies = new Map<CurrencyCode, OpenGroup>();
      groups.set(e.partner_id, currencies);
    }
    let g = currencies.get(e.base_currency);
    if (g === undefined) {
      g = { partner_id: e.partner_id, currency: e.base_currency, entries: [], net: 0n, held: 0n, held_count: 0, net_sum: 0, net_exact: true };
      currencies.set(e.base_currency, g);
      all.push(g);
    }
    if (eligible) {
      g.entries.push(e);
      // A bigint per entry was a million allocations; the sum is exact while every partial sum
      // is a safe integer, and is summed again as bigints (which refuse a fraction) otherwise.
      g.net_sum += e.amount_minor;
      g.net_exact &&= Number.isSafeInteger(e.amount_minor) && Number.isSafeInteger(g.net_sum);
    } else {
      g.held += BigInt(e.amount_minor);
      g.held_count += 1;
    }
  }
  for (const g of all) g.net = g.net_exact ? BigInt(g.net_sum) : g.entries.reduce((sum, e) => sum + BigInt(e.amount_minor), 0n);
  return all.sort(compareLines);
}

function partnersById(partners: ReadonlyArray<Partner>): Map<PartnerId, Partner> {
  const byId = new Map<PartnerId, Partner>();
  for (const p of partners) {
    if (byId.has(p.partner_id)) throw new Error(`buildBatch: partner id ${p.partner_id} appears twice (validation should have refused it)`);
    byId.set(p.partner_id, p);
  }
  return byId;
}

/**
 * The first reason that applies, in this order: who the partner is (unknown, inactive), then
 * whether anything is due (only held entries, a negative or zero net, below the minimum), and only
 * then whether we know where to send it — so ops are not asked for payout details of a partner
 * who would not be paid anyway. The minimum applies to the base currency only.
 */
function skipReason(g: Group, partner: Partner | undefined, settings: BuildBatchInput['settings']): SkipReason | null {
  if (partner === undefined) return SKIP_REASON.unknown_partner;
  if (partner.status !== 'active') return SKIP_REASON.inactive;
  if (g.entries.length === 0) return SKIP_REASON.held_for_review;
  if (g.net < 0n) return SKIP_REASON.negative_balance;
  if (g.net === 0n) return g.held_count > 0 ? SKIP_REASON.held_for_review : SKIP_REASON.nothing_due;
  if (g.currency === settings.base_currency && g.net < BigInt(settings.min_payout_minor)) return SKIP_REASON.below_min_payout;
  if (partner.payout_method === '' || partner.payout_account.trim() === '') return SKIP_REASON.no_payout_details;
  if (presetMismatch(partner, settings.payout_preset ?? 'generic') !== null) return SKIP_REASON.preset_mismatch;
  return null;
}

function lineOf(g: Group, partner: Partner, sha256: Sha256Hex): BatchLine {
  const entry_ids = g.entries.map((e) => e.entry_id).sort();
  return {
    partner_id: partner.partner_id,
    name: partner.name,
    payout_method: partner.payout_method,
    payout_account: partner.payout_account.trim(),
    currency: g.currency,
    amount_minor: toSafeNumber(g.net),
    entry_ids,
    entry_count: entry_ids.length,
    fingerprint: payoutFingerprint(partner, sha256),
  };
}

function skippedPartner(g: Group, partner: Partner | undefined, reason: SkipReason, settings: BuildBatchInput['settings']): SkippedPartner {
  const net_minor = toSafeNumber(g.net);
  const held_minor = toSafeNumber(g.held);
  const name = partner?.name ?? '';
  const who = partner ? `${name} (${g.partner_id})` : `Partner ${g.partner_id}`;
  const money = (m: number): string => `${formatMinor(m, g.currency)} ${g.currency}`;
  const later = 'its entries stay for a later batch';
  const held = held_minor !== 0 ? `; ${money(held_minor)} more is held for review` : '';
  const messages: Record<SkipReason, () => string> = {
    UNKNOWN_PARTNER: () => `${who} has ${money(net_minor)} due but is not on the Partners tab: add the partner back (same partner_id) to pay it; ${later}.`,
    INACTIVE: () => `${who} is inactive (Partners: status), so it is not paid while inactive: ${money(net_minor)} is due${held}; set status to active to pay it; ${later}.`,
    HELD_FOR_REVIEW: () => `${who} has only entries held for review (${money(held_minor)}) and nothing else payable: a manager must clear or reject them (Review) first.`,
    NEGATIVE_BALANCE: () => `${who} owes ${money(-net_minor)} (clawbacks and refunds exceed what is due)${held}: the deficit is deducted from later commissions; ${later}.`,
    NOTHING_DUE: () => `${who} has entries that net to exactly ${money(0)} (e.g. a sale and its full refund): nothing to pay.`,
    BELOW_MIN_PAYOUT: () => `${who} is owed ${money(net_minor)}, below the minimum payout of ${money(settings.min_payout_minor)} (Settings: min_payout)${held}; ${later}.`,
    PRESET_MISMATCH: () => presetMismatchMessage(partner!, settings.payout_preset ?? 'generic', money(net_minor)),
    NO_PAYOUT_DETAILS: () => `${who} is owed ${money(net_minor)} but has no ${partner?.payout_method === '' ? 'payout_method' : 'payout_account'} on the Partners tab: fill in payout_method and payout_account, then build the batch again; ${later}.`,
  };
  return { partner_id: g.partner_id, name, currency: g.currency, reason, net_minor, held_minor, entry_count: g.entries.length, message: messages[reason]() };
}

function summariseReasons(skipped: ReadonlyArray<SkippedPartner>): string {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
}
