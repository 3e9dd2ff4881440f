// Post commissions: validate the inputs, let the core compute the new ledger entries from every
// valid row and the existing ledger, and append only the new entries in one write. Replaying the
// same data posts nothing; row errors and posting exceptions go to Exceptions.
import { partnerBalances, post, type BatchMembership, type PostCounts } from '../../core/earnings';
import { readBatches } from '../../core/payout';
import { sha256Hex } from '../../gas/digest';
import type { IsoDate, RowError } from '../../core/model';
import { formatMinor } from '../../core/money/format';
import { TAB } from '../../core/schema/tabs';
import { findTab, FIRST_DATA_ROW, readTab, reserveRows } from '../../gas/sheets';
import { alert } from '../../gas/ui';
import { refusedWhenFull, runAction, type ActionContext } from '../action';
import { BOOK_TABS } from '../books';
import { allProblems, readAndValidateInputs, readAndValidatePartners } from '../inputs';
import { appendLedgerEntries, DAMAGED_MESSAGE, readLedger, readReviews } from '../ledger-source';
import { refuse, type ActionResult } from '../result';
import { writeExceptions } from './validate';

export interface PostReport {
  summary: string;
  counts: PostCounts;
  /** False when the time budget ran out: `written` of `counts.posted` entries are in the Ledger,
   * and running Post again continues with the rest. */
  complete: boolean;
  written: number;
  /** Row errors that kept rows from posting, plus posting exceptions (first 200). */
  exceptions: RowError[];
  exception_total: number;
}

const EXCEPTIONS_RETURNED = 200;
const STAGE = 'post';

export function postCommissions(): ActionResult<PostReport> {
  return runAction('post', (ctx) => {
    if (!findTab(TAB.ledger)) return refuse('NOT_SET_UP', 'The Ledger tab is missing: run Partner Ledger → Set up this spreadsheet.');
    const inputs = readAndValidateInputs(ctx);
    const problems = allProblems(inputs);
    if (!inputs.partners.ok || !inputs.conversions.ok) {
      const s = problems.structural[0];
      return refuse('STRUCTURAL', `${s.tab} cannot be read: ${s.message} Headers found: ${s.headers_found.join(', ') || 'none'}. Nothing was posted.`);
    }
    const ledger = readLedger();
    const reviews = readReviews();
    if (!ledger.ok || !reviews.ok) return refuse('FAILED', DAMAGED_MESSAGE, [...(ledger.ok ? [] : ledger.errors), ...(reviews.ok ? [] : reviews.errors)]);
    const result = post({
      partners: inputs.partners.records,
      conversions: inputs.conversions.records,
      rules: inputs.rules.ok ? inputs.rules.records : [],
      fx: inputs.fx.ok ? inputs.fx.records : [],
      settings: ctx.settings,
      ledger: ledger.records,
      reviews: reviews.records,
      as_of: ctx.as_of,
      // A refund of a sale that was already paid becomes a clawback, deducted from the next batch.
      paid_entry_ids: batchMembership().paid,
    });
    // post() has asserted the ledger invariants over exactly what the Ledger will hold after the
    // append (the records read plus the new entries), so that check is not repeated here.
    // Room first: at Sheets' cell limit the post is refused here, before anything is written.
    const full = refusedWhenFull(ctx, 'post', () => reserveRows(TAB.ledger, result.entries.length));
    if (full) return full;
    const c = result.counts;
    // Recorded before the Ledger writes it describes, which carry it (see chained-tabs: audit.pending).
    ctx.audit('POST', 'Ledger', JSON.stringify({ counts: c, input_errors: problems.errors.length, as_of: ctx.as_of }));
    // Long posts stop between two complete chunks before Apps Script's time limit; the next run
    // recomputes from the Ledger as written and posts exactly the entries still missing.
    const written = appendLedgerEntries(result.entries, { budgeted: true });
    const complete = written === result.entries.length;
    if (!complete) {
      ctx.audit('POST_STOPPED', 'Ledger', JSON.stringify({ written, remaining: result.entries.length - written, why: 'time budget: run Post again to continue' }));
    }
    const exceptions: RowError[] = result.exceptions.map((e) => ({ tab: e.tab, row: e.row, column: e.column, code: e.code, message: e.message, value: e.value }));
    writeExceptions(STAGE, exceptions, [], ctx.now_utc);
    const progress = complete ? '' : `Posted ${written} of ${c.posted} new entries before the time limit: run Post again to continue. `;
    const summary = `${progress}${c.posted} entries ${complete ? 'posted' : 'to post'} (${c.commissions} commissions, ${c.reversals} reversals, ${c.rejections} rejections), ` +
      `${c.duplicates} duplicates skipped, ${c.conflicts} conflicts, ${c.unattributed} unattributed, ${c.held} held for review, ` +
      `${c.fx_missing} missing FX rates${c.over_limit > 0 ? `, ${c.over_limit} above the amount limit after FX (see Exceptions)` : ''}; ` +
      `${problems.errors.length} rows with input errors not posted`;
    const all = [...problems.errors, ...exceptions];
    return { ok: true, summary, counts: c, complete, written, exceptions: all.slice(0, EXCEPTIONS_RETURNED), exception_total: all.length };
  }, { reads: BOOK_TABS });
}

export function menuPost(): void {
  const result = postCommissions();
  alert('Partner Ledger: post commissions', result.ok ? `${result.summary}.` : result.message);
}

export interface PartnerTotals {
  partner_id: string;
  name: string;
  currency: string;
  /** Amounts as decimal text in the base currency (`123.45`), for display. */
  pending: string;
  eligible: string;
  held: string;
  payable: string;
  paid_out: string;
  entry_count: number;
}

export interface BalancesReport {
  summary: string;
  as_of: IsoDate;
  partners: PartnerTotals[];
}

/** Per-partner totals by status, derived from the ledger (never stored as a wallet). */
export function getPartnerBalances(): ActionResult<BalancesReport> {
  return runAction('summary', (ctx) => {
    const ledger = readLedger();
    const reviews = readReviews();
    if (!ledger.ok || !reviews.ok) return refuse('FAILED', DAMAGED_MESSAGE);
    const names = partnerNames(ctx);
    const currency = ctx.settings.base_currency;
    const money = (minor: number) => formatMinor(minor, currency);
    const partners = partnerBalances(ledger.records, reviews.records, ctx.as_of, batchMembership()).map((b) => ({
      partner_id: b.partner_id,
      name: names.get(b.partner_id) ?? '',
      currency,
      pending: money(b.pending_minor),
      eligible: money(b.eligible_minor),
      held: money(b.held_minor),
      payable: money(b.payable_minor),
      paid_out: money(b.paid_out_minor),
      entry_count: b.entry_count,
    }));
    return { ok: true, summary: `${partners.length} partners with entries as of ${ctx.as_of}`, as_of: ctx.as_of, partners };
  });
}

function partnerNames(ctx: ActionContext): Map<string, string> {
  const partners = readAndValidatePartners(ctx);
  const names = new Map<string, string>();
  if (partners.ok) for (const p of partners.records) names.set(p.partner_id, p.name);
  return names;
}


/** What the batches hold (batched, approved, paid entry ids), from one read of Batches. */
function batchMembership(): BatchMembership {
  return readBatches(readTab(TAB.batches)?.rows ?? [], { sha256: sha256Hex, first_row: FIRST_DATA_ROW }).membership;
}
