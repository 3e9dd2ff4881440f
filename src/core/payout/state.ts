// The batch state machine: draft → approved → paid, draft → rejected, approved → voided. Every
// other transition is refused with a message. Each action is a pure check of its preconditions
// (role, separation of duties, the hash the approver saw, unchanged payout details) followed by the
// event to record; the shell appends the event row, the Audit row and (for paid) the payout entries.
import type { Email, IsoDate, Partner, PartnerId } from '../model';
import type { Settings } from '../settings';
import { permit, type ActionName, type Identity } from '../access/roles';
import type { Sha256Hex } from '../audit/chain';
import type { LedgerEntry } from '../earnings/ledger-entry';
import { entryIdFor } from '../earnings/ids';
import type { BatchMembership } from '../earnings/status';
import {
  assertBatch, assertLinesMatchLedger, holdsEntries, payoutFingerprint,
  type Batch, type BatchEvent, type BatchEventKind, type BatchLine, type BatchState,
} from './model';
import { presetMismatches } from './presets';
import { REFUSAL, refusal, type Refusal } from './reasons';

type Transition = Exclude<BatchEventKind, 'created'>;

/** The only allowed transitions. */
export const TRANSITIONS: Readonly<Record<BatchState, Partial<Record<Transition, BatchState>>>> = {
  draft: { approved: 'approved', rejected: 'rejected' },
  approved: { paid: 'paid', voided: 'voided' },
  rejected: {},
  paid: {},
  voided: {},
};

const VERB: Record<Transition, string> = { approved: 'approved', rejected: 'rejected', paid: 'marked paid', voided: 'voided' };

const WHAT_NEXT: Record<BatchState, string> = {
  draft: 'A draft batch can only be approved or rejected (by a manager).',
  approved: 'An approved batch can only be marked paid (finance or a manager) or voided (a manager).',
  rejected: 'A rejected batch is closed and its entries were released: build a new batch.',
  // Nothing in the product creates an `adjustment` entry, so no message may offer one.
  paid: 'Paid is final: if a paid sale was refunded, import the refund (Conversions: type refund, same order_id) and post it: ' +
    'its clawback is deducted from the partner\'s next batch. Money sent to the wrong account or in the wrong amount must be ' +
    'recovered in your payment system: the add-on cannot reverse a payment.',
  voided: 'A voided batch is closed and its entries were released: build a new batch.',
};

/** The state after `event`, or why the state machine refuses it. */
export function nextState(batch: Pick<Batch, 'batch_id' | 'state'>, event: Transition): { ok: true; state: BatchState } | Refusal {
  const to = TRANSITIONS[batch.state][event];
  if (to !== undefined) return { ok: true, state: to };
  return refusal(REFUSAL.wrong_state, `Batch ${batch.batch_id} is ${batch.state}, so it cannot be ${VERB[event]}. ${WHAT_NEXT[batch.state]}`);
}

/** The batch after a recorded event (used by the actions and by replaying the Batches tab). */
export function applyEvent(batch: Batch, event: BatchEvent): Batch | Refusal {
  if (event.event === 'created') return refusal(REFUSAL.wrong_state, `Batch ${batch.batch_id} was already created.`);
  const next = nextState(batch, event.event);
  if (!next.ok) return next;
  return { ...batch, state: next.state, events: [...batch.events, event] };
}

export type TransitionResult = { ok: true; batch: Batch; event: BatchEvent } | Refusal;

interface ActorInput {
  batch: Batch;
  identity: Identity;
  settings: Pick<Settings, 'managers' | 'finance' | 'operators'>;
  at_utc: string;
}

function eventOf(batch: Batch, kind: Transition, actor: Email, at_utc: string, extra: Partial<BatchEvent>): BatchEvent {
  return {
    batch_id: batch.batch_id, event: kind, actor, at_utc, content_hash: batch.content_hash, totals: batch.totals,
    as_of: '', preset: '', reference: '', reason: '', ...extra,
  };
}

function transition(input: ActorInput, action: ActionName, kind: Transition, extra: Partial<BatchEvent>): TransitionResult {
  const event = eventOf(input.batch, kind, input.identity.email.trim().toLowerCase(), input.at_utc, extra);
  const batch = applyEvent(input.batch, event);
  if ('ok' in batch) return batch;
  assertBatch(batch, action);
  return { ok: true, batch, event };
}

/** Role first (strangers learn nothing about the batch), then the state machine. */
function gate(input: ActorInput, action: ActionName, kind: Transition): Refusal | null {
  const permission = permit(action, input.identity, input.settings);
  if (!permission.allowed) return refusal(permission.code === 'NO_EMAIL' ? REFUSAL.no_email : REFUSAL.not_permitted, permission.message);
  const next = nextState(input.batch, kind);
  return next.ok ? null : next;
}

export interface ApproveInput extends ActorInput {
  settings: Pick<Settings, 'managers' | 'finance' | 'operators' | 'separation_of_duties' | 'payout_preset'>;
  /** The content hash the sidebar displayed when the manager clicked Approve. */
  seen_hash: string;
  /** The Partners tab now. */
  partners: ReadonlyArray<Partner>;
  sha256: Sha256Hex;
  /** When given, each line is checked against its entries (a line equals the sum of its entries). */
  ledger?: ReadonlyArray<LedgerEntry>;
}

/** draft → approved. Records the preset, whose columns the payout tab and files will use. */
export function approveBatch(input: ApproveInput): TransitionResult {
  const { batch, settings } = input;
  const refused = gate(input, 'approve', 'approved');
  if (refused) return refused;
  const approver = input.identity.email.trim().toLowerCase();
  if (settings.separation_of_duties && approver === batch.created_by.trim().toLowerCase()) {
    return refusal(REFUSAL.separation_of_duties,
      `${approver} built batch ${batch.batch_id}, so another manager must approve it (Settings: separation_of_duties is on).`);
  }
  if (input.seen_hash !== batch.content_hash) {
    return refusal(REFUSAL.batch_changed,
      `Batch ${batch.batch_id} changed since you looked at it: approval refused. Reopen the batch in the sidebar, check it again and approve what you see.`);
  }
  const changed = payeeChanges(batch, input.partners, input.sha256);
  if (changed.length > 0) {
    return refusal(REFUSAL.payout_details_changed,
      `${describeChanges(changed)} since batch ${batch.batch_id} was built: approval refused, so nobody approves an account they did not review. ` +
      'Reject this batch and build a new one.', changed.map((c) => c.line.partner_id));
  }
  const problems = presetMismatches(batch, settings.payout_preset);
  if (problems.length > 0) {
    return refusal(REFUSAL.preset_cannot_pay,
      `The ${settings.payout_preset} payout file cannot pay ${problems.map((p) => p.message).join('; ')}. ` +
      'Fix the partners\' payout details (or Settings: payout_preset), then reject this batch and build a new one.',
      problems.map((p) => p.partner_id));
  }
  if (input.ledger) assertLinesMatchLedger(batch, input.ledger, 'approveBatch');
  return transition(input, 'approve', 'approved', { preset: settings.payout_preset });
}

export interface ReasonInput extends ActorInput {
  reason: string;
}

/** draft → rejected (managers, with a reason): the entries are released for a later batch. */
export function rejectBatch(input: ReasonInput): TransitionResult {
  const refused = gate(input, 'reject', 'rejected');
  if (refused) return refused;
  const reason = input.reason.trim();
  if (reason === '') return refusal(REFUSAL.reason_required, `Say why batch ${input.batch.batch_id} is rejected: the reason is recorded in Batches and Audit.`);
  return transition(input, 'reject', 'rejected', { reason });
}

/** approved → voided (managers, with a reason): reverses an approved, unpaid batch; its entries are released. */
export function voidBatch(input: ReasonInput): TransitionResult {
  const refused = gate(input, 'void', 'voided');
  if (refused) return refused;
  const reason = input.reason.trim();
  if (reason === '') return refusal(REFUSAL.reason_required, `Say why batch ${input.batch.batch_id} is voided: the reason is recorded in Batches and Audit.`);
  return transition(input, 'void', 'voided', { reason });
}

export interface MarkPaidInput extends ActorInput {
  payment_reference: string;
  /** The calendar date of the payment (settings time zone): the payout entries' dates. */
  paid_on: IsoDate;
  ledger?: ReadonlyArray<LedgerEntry>;
}

export type MarkPaidResult = { ok: true; batch: Batch; event: BatchEvent; payout_entries: LedgerEntry[] } | Refusal;

/**
 * approved → paid (finance or managers, with the payment reference). Returns one `payout` entry per
 * line, amount = −line amount, so the batch's entries and its payouts net to zero on the ledger.
 * Entry ids are derived from batch, partner and currency: the shell appends the ones not on the
 * Ledger yet, so a mark-paid interrupted half way completes without paying twice.
 */
export function markBatchPaid(input: MarkPaidInput): MarkPaidResult {
  const refused = gate(input, 'mark_paid', 'paid');
  if (refused) return refused;
  const reference = input.payment_reference.trim();
  if (reference === '') {
    return refusal(REFUSAL.reference_required,
      `Enter the payment reference of batch ${input.batch.batch_id} (from your bank or payment system), so the payment can be traced.`);
  }
  if (input.ledger) assertLinesMatchLedger(input.batch, input.ledger, 'markBatchPaid');
  const result = transition(input, 'mark_paid', 'paid', { reference });
  if (!result.ok) return result;
  const actor = result.event.actor;
  const payout_entries = result.batch.lines.map((line) => payoutEntry(result.batch, line, reference, actor, input.paid_on));
  return { ...result, payout_entries };
}

export function payoutKey(batch_id: string, partner_id: PartnerId, currency: string): string {
  return `payout:${encodeURIComponent(batch_id)}:${encodeURIComponent(partner_id)}:${currency}`;
}

function payoutEntry(batch: Batch, line: BatchLine, reference: string, actor: Email, paid_on: IsoDate): LedgerEntry {
  const idempotency_key = payoutKey(batch.batch_id, line.partner_id, line.currency);
  return {
    entry_id: entryIdFor(idempotency_key), idempotency_key, kind: 'payout', partner_id: line.partner_id,
    partner_code: '', attribution: '', order_id: '', customer_key: '', product: '',
    import_id: batch.batch_id, source_tab: 'Batches', source_row: 0,
    conversion_date: paid_on, posted_on: paid_on, eligible_on: paid_on,
    original_amount_minor: line.amount_minor, original_currency: line.currency, fx_rate: '1', base_currency: line.currency,
    base_amount_minor: line.amount_minor, rate_bps: 0, flat_fee_minor: 0, rule_id: '', rule_version: '',
    amount_minor: -line.amount_minor, flags: '', review: '', ref_entry_id: '', actor,
    note: `batch ${batch.batch_id} paid (${line.entry_count} entries), reference ${reference}`,
  };
}

export interface ExportInput {
  batch: Batch;
  identity: Identity;
  settings: Pick<Settings, 'managers' | 'finance' | 'operators'>;
  partners: ReadonlyArray<Partner>;
  sha256: Sha256Hex;
  /** The result of `verifyAll` just before exporting: export refuses while verification fails. */
  verification?: { ok: boolean };
}

/**
 * May the payout file of an approved (or paid, for a re-download) batch be exported? Refused, naming
 * the partners, when anyone's payout details differ from the ones approved.
 */
export function checkExport(input: ExportInput): { ok: true } | Refusal {
  const { batch } = input;
  const permission = permit('export', input.identity, input.settings);
  if (!permission.allowed) return refusal(permission.code === 'NO_EMAIL' ? REFUSAL.no_email : REFUSAL.not_permitted, permission.message);
  if (batch.state !== 'approved' && batch.state !== 'paid') {
    return refusal(REFUSAL.wrong_state, `Batch ${batch.batch_id} is ${batch.state}: only an approved batch has a payout file. ${WHAT_NEXT[batch.state]}`);
  }
  if (input.verification && !input.verification.ok) {
    return refusal(REFUSAL.verification_failed,
      'The workbook failed verification (Partner Ledger → Verify lists what was changed): the payout file is refused until it is restored.');
  }
  const changed = payeeChanges(batch, input.partners, input.sha256);
  if (changed.length > 0) {
    return refusal(REFUSAL.payout_details_changed,
      `${describeChanges(changed)} since batch ${batch.batch_id} was approved: the payout file is refused, so money goes only to ` +
      'the accounts a manager approved. Restore the details on the Partners tab, or have a manager void the batch and build a new one.',
      changed.map((c) => c.line.partner_id));
  }
  return { ok: true };
}

interface PayeeChange {
  line: BatchLine;
  /** The fields that differ, or 'removed' / 'inactive'. */
  what: string[];
}

/** Lines whose partner's payout details no longer match the fingerprint taken when the batch was built. */
export function payeeChanges(batch: Batch, partners: ReadonlyArray<Partner>, sha256: Sha256Hex): PayeeChange[] {
  const byId = new Map(partners.map((p) => [p.partner_id, p] as const));
  const out: PayeeChange[] = [];
  for (const line of batch.lines) {
    const p = byId.get(line.partner_id);
    if (p === undefined) {
      out.push({ line, what: ['removed'] });
      continue;
    }
    if (p.status !== 'active') out.push({ line, what: ['inactive'] });
    else if (payoutFingerprint(p, sha256) !== line.fingerprint) {
      const what = (['payout_method', 'payout_account', 'name'] as const).filter((f) => p[f].trim() !== line[f].trim());
      out.push({ line, what: what.length > 0 ? what : ['payout details'] });
    }
  }
  return out;
}

function describeChanges(changes: ReadonlyArray<PayeeChange>): string {
  const shown = changes.slice(0, 5).map(({ line, what }) => {
    const who = `${line.name} (${line.partner_id})`;
    if (what[0] === 'removed') return `${who} was removed from the Partners tab`;
    if (what[0] === 'inactive') return `${who} was made inactive`;
    return `the ${what.join(', ')} of ${who} changed`;
  });
  const more = changes.length > 5 ? ` and ${changes.length - 5} more partners changed` : '';
  return `${shown.join('; ')}${more}`.replace(/^./, (c) => c.toUpperCase());
}

/** Which entries the batches hold: batched (draft, approved, paid), approved (approved, paid), paid. */
export function membershipOf(batches: ReadonlyArray<Batch>): BatchMembership {
  const batched = new Set<string>();
  const approved = new Set<string>();
  const paid = new Set<string>();
  for (const b of batches) {
    if (!holdsEntries(b.state)) continue;
    for (const line of b.lines) {
      for (const id of line.entry_ids) {
        batched.add(id);
        if (b.state !== 'draft') approved.add(id);
        if (b.state === 'paid') paid.add(id);
      }
    }
  }
  return { batched, approved, paid };
}
