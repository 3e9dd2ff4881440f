// Everything an action about money needs to know, read once: the ledger, review decisions, batches
// (and what they hold), and the valid partners. Damage to the add-on's own tabs stops the action.
import { entryStatuses, type EntryStatus, type LedgerEntry, type ReviewDecision } from '../core/earnings';
import type { BatchMembership } from '../core/earnings';
import type { EntryId, Partner, RowError } from '../core/model';
import { readBatches, type Batch } from '../core/payout';
import { TAB, payoutTabName, payoutTabNameIn } from '../core/schema/tabs';
import { verifyAll, type TamperProblem, type TabToVerify } from '../core/audit/verify';
import { payoutTabRows } from '../core/payout';
import { sha256Hex } from '../gas/digest';
import { FIRST_DATA_ROW, findTab, readTab } from '../gas/sheets';
import type { ActionContext } from './action';
import { CHAINED_TABS, effectiveAnchors, readAnchors } from './chained-tabs';
import { readAndValidatePartners } from './inputs';
import { readLedger, readReviews } from './ledger-source';

export interface Books {
  ledger: LedgerEntry[];
  reviews: ReviewDecision[];
  batches: Batch[];
  membership: BatchMembership;
  statuses: Map<EntryId, EntryStatus>;
  partners: Partner[];
}

export type BooksLoad = { ok: true; books: Books } | { ok: false; errors: RowError[] };

export interface BooksOptions {
  partners: boolean;
  /**
   * False for an action that needs the Ledger only as part of the verification (export): its
   * entries are then not parsed, and `ledger` and `statuses` are empty. A row edited by hand
   * still stops the action, through its hash.
   */
  ledger?: boolean;
}

const NO_LEDGER = { ok: true as const, records: [] as LedgerEntry[] };

/** The tabs readBooks reads whole (an action that loads the books can ask for them first). */
export const BOOK_TABS: readonly string[] = [TAB.ledger, TAB.batches, TAB.reviews];

export function readBooks(ctx: ActionContext, options: BooksOptions = { partners: true }): BooksLoad {
  const ledger = options.ledger === false ? NO_LEDGER : readLedger();
  const reviews = readReviews();
  const batches = readBatches(readTab(TAB.batches)?.rows ?? [], { sha256: sha256Hex, first_row: FIRST_DATA_ROW });
  const errors = [...(ledger.ok ? [] : ledger.errors), ...(reviews.ok ? [] : reviews.errors), ...batches.errors];
  if (!ledger.ok || !reviews.ok || errors.length > 0) return { ok: false, errors };
  const partners = options.partners ? readAndValidatePartners(ctx) : null;
  return {
    ok: true,
    books: {
      ledger: ledger.records,
      reviews: reviews.records,
      batches: batches.batches,
      membership: batches.membership,
      statuses: entryStatuses(ledger.records, reviews.records, ctx.as_of, batches.membership),
      partners: partners && partners.ok ? partners.records : [],
    },
  };
}

/** Batches whose payout tab exists (written on approval and kept afterwards). */
export function batchesWithPayoutTab(batches: readonly Batch[]): Batch[] {
  return batches.filter((b) => b.events.some((e) => e.event === 'approved'));
}

/**
 * Recomputes every protected tab's chain (Ledger, Batches, Audit) and compares each Payout tab with
 * what its batch says it holds; every problem names the first bad row.
 */
export function verifyProtectedTabs(batches: readonly Batch[]): { ok: true } | { ok: false; problems: TamperProblem[] } {
  const tabs: TabToVerify[] = [];
  const data_rows: Record<string, number> = {};
  for (const name of CHAINED_TABS) {
    const values = readTab(name);
    if (!values) continue;
    tabs.push({ name, rows: values.rows, first_row: FIRST_DATA_ROW });
    data_rows[name] = values.rows.length;
  }
  const payout_tabs = batchesWithPayoutTab(batches).map((batch) => {
    const name = payoutTabOf(batch);
    const approved = batch.events.find((e) => e.event === 'approved');
    const values = readTab(name);
    const rows = values ? [values.headers, ...values.rows] : [];
    return { name, anchored_as: payoutTabName(batch.batch_id), rows, first_row: 1, expected_rows: payoutTabRows(batch, approved?.preset || 'generic') };
  });
  tabs.push(...payout_tabs);
  // A payout tab keeps its anchor under the name it was written with, whatever it is called now.
  const payout_anchors = readAnchors(payout_tabs.map((t) => t.anchored_as));
  const anchors = { ...Object.fromEntries(payout_tabs.map((t) => [t.name, payout_anchors[t.anchored_as]])), ...effectiveAnchors(CHAINED_TABS, data_rows) };
  return verifyAll({ tabs, anchors, sha256: sha256Hex });
}

/**
 * The tab that holds a batch's payout rows: under the name for its state (`VOID Payout …`,
 * `PAID Payout …`), or still under the name it was written with when the renaming that follows a
 * void or a payment has not happened yet (an interrupted action, a workbook from before renaming;
 * the next batch action renames it). The name for its state when there is neither.
 */
export function payoutTabOf(batch: Pick<Batch, 'batch_id' | 'state'>): string {
  const wanted = payoutTabNameIn(batch.batch_id, batch.state);
  if (wanted === payoutTabName(batch.batch_id) || findTab(wanted)) return wanted;
  return findTab(payoutTabName(batch.batch_id)) ? payoutTabName(batch.batch_id) : wanted;
}
