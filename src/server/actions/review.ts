// Managers clear or reject commissions held for review. A decision is appended to the Reviews tab;
// a rejection also posts its offsetting entry at once (through the same core step as posting, so a
// replayed decision never posts twice). Held entries never enter a batch until cleared.
import { entryStatuses, NO_BATCHES, post, type LedgerEntry, type ReviewDecision } from '../../core/earnings';
import type { EntryId } from '../../core/model';
import { formatMinor } from '../../core/money/format';
import { REVIEW_COLUMNS, TAB } from '../../core/schema/tabs';
import { findTab } from '../../gas/sheets';
import { runAction } from '../action';
import { appendChained } from '../chained-tabs';
import { appendLedgerEntries, DAMAGED_MESSAGE, readLedger, readReviews } from '../ledger-source';
import { refuse, type ActionResult } from '../result';

export interface ReviewRequest {
  entry_ids: EntryId[];
  decision: 'clear' | 'reject';
  /** Required for a rejection; shown on the rejection entry and in Audit. */
  reason: string;
}

export interface ReviewReport {
  summary: string;
  decided: number;
  rejection_entries: number;
}

/** How many entries one decision may cover: keeps one action well inside Apps Script's time limit. */
const MAX_ENTRIES_PER_DECISION = 5000;

export function reviewEntries(request: ReviewRequest): ActionResult<ReviewReport> {
  return runAction('review', (ctx) => {
    const problem = checkRequest(request);
    if (problem) return refuse('INVALID_REQUEST', problem);
    if (!findTab(TAB.reviews)) return refuse('NOT_SET_UP', 'The Reviews tab is missing: run Partner Ledger → Set up this spreadsheet.');
    const ledger = readLedger();
    const reviews = readReviews();
    if (!ledger.ok || !reviews.ok) return refuse('FAILED', DAMAGED_MESSAGE);
    const statuses = entryStatuses(ledger.records, reviews.records, ctx.as_of, NO_BATCHES);
    const by_id = new Map<EntryId, LedgerEntry>(ledger.records.map((e) => [e.entry_id, e]));
    const not_held = request.entry_ids.filter((id) => by_id.get(id)?.kind !== 'commission' || statuses.get(id) !== 'held');
    if (not_held.length > 0) {
      return refuse('INVALID_REQUEST', `Only commissions held for review can be cleared or rejected; these are not: ${not_held.slice(0, 10).join(', ')}${not_held.length > 10 ? ` and ${not_held.length - 10} more` : ''}. Nothing was decided.`);
    }
    // A rejection stays held until its offsetting entry is posted, so a rejection interrupted after
    // its decision was written comes back here: its decision is not written twice, and the post
    // below writes the entry it still lacks.
    const decided = new Map(reviews.records.map((r) => [r.entry_id, r.decision]));
    const decisions: ReviewDecision[] = request.entry_ids.filter((entry_id) => decided.get(entry_id) !== request.decision).map((entry_id) => ({
      entry_id, decision: request.decision, reason: request.reason.trim(), actor: ctx.actor, at: ctx.now_utc,
    }));
    // Rejections are posted now: the core turns the new decisions into offsetting entries.
    const result = post({
      partners: [], conversions: [], rules: [], fx: [], settings: ctx.settings,
      ledger: ledger.records, reviews: [...reviews.records, ...decisions], as_of: ctx.as_of,
    });
    // The decisions are what commits a review, so the event is recorded before they are written and
    // travels with their chained write (chained-tabs: audit.pending); the rejection entries would
    // follow from them at the next post even if this action stopped before writing them.
    ctx.audit(request.decision === 'clear' ? 'REVIEW_CLEAR' : 'REVIEW_REJECT', request.entry_ids.join(','),
      JSON.stringify({
        reason: request.reason.trim(), entries: decisions.length, rejection_entries: result.entries.length,
        ...(decisions.length < request.entry_ids.length ? { already_decided: request.entry_ids.length - decisions.length } : {}),
      }));
    appendChained(TAB.reviews, decisions.map((d) => [d.at, d.entry_id, d.decision, d.reason, d.actor]), REVIEW_COLUMNS.map((_, i) => i));
    if (result.entries.length > 0) appendLedgerEntries(result.entries);
    const verb = request.decision === 'clear' ? 'cleared (eligible when due)' : 'rejected';
    return { ok: true, summary: `${decisions.length} entries ${verb}`, decided: decisions.length, rejection_entries: result.entries.length };
  }, { reads: [TAB.ledger, TAB.reviews] });
}

function checkRequest(request: ReviewRequest): string | null {
  if (!request || !Array.isArray(request.entry_ids) || request.entry_ids.length === 0) return 'Choose at least one held entry.';
  if (request.entry_ids.length > MAX_ENTRIES_PER_DECISION) return `Decide at most ${MAX_ENTRIES_PER_DECISION} entries at once.`;
  if (new Set(request.entry_ids).size !== request.entry_ids.length) return 'The same entry is listed twice.';
  if (request.decision !== 'clear' && request.decision !== 'reject') return 'The decision must be clear or reject.';
  if (request.decision === 'reject' && (typeof request.reason !== 'string' || request.reason.trim() === '')) {
    return 'A rejection needs a reason: it is recorded on the rejection entry and in Audit.';
  }
  if (typeof request.reason !== 'string') return 'The reason must be text.';
  return null;
}

export interface HeldEntry {
  entry_id: EntryId;
  partner_id: string;
  order_id: string;
  conversion_date: string;
  amount_minor: number;
  currency: string;
  /** amount_minor formatted in the currency's decimals (for display). */
  amount: string;
  flags: string;
  note: string;
}

export interface HeldReport {
  summary: string;
  entries: HeldEntry[];
  total: number;
}

/** The review queue: held commissions, a page at a time. */
export function listHeldEntries(offset = 0, limit = 50): ActionResult<HeldReport> {
  return runAction('summary', (ctx) => {
    const ledger = readLedger();
    const reviews = readReviews();
    if (!ledger.ok || !reviews.ok) return refuse('FAILED', DAMAGED_MESSAGE);
    const statuses = entryStatuses(ledger.records, reviews.records, ctx.as_of, NO_BATCHES);
    const held = ledger.records.filter((e) => e.kind === 'commission' && statuses.get(e.entry_id) === 'held');
    const page = held.slice(Math.max(0, offset), Math.max(0, offset) + Math.min(Math.max(1, limit), 500));
    const entries = page.map((e) => ({
      entry_id: e.entry_id, partner_id: e.partner_id, order_id: e.order_id, conversion_date: e.conversion_date,
      amount_minor: e.amount_minor, currency: e.base_currency, amount: formatMinor(e.amount_minor, e.base_currency), flags: e.flags, note: e.note,
    }));
    return { ok: true, summary: `${held.length} entries held for review`, entries, total: held.length };
  });
}
