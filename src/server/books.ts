// Everything an action about money needs to know, read once: the ledger, review decisions, batches
// (and what they hold), and the valid partners. Damage to the add-on's own tabs stops the action.
import { entryStatuses, type EntryStatus, type LedgerEntry, type ReviewDecision } from '../core/earnings';
import type { BatchMembership } from '../core/earnings';
import type { EntryId, Partner, RowError } from '../core/model';
import { readBatches, type Batch } from '../core/payout';
import { TAB, looksLikePayoutTabName, payoutTabName, payoutTabNameIn } from '../core/schema/tabs';
import { lookalikePayoutTab, missingPayoutTab, verifyAll, type TamperProblem, type TabToVerify } from '../core/audit/verify';
import { sealRows } from '../core/audit/tab-chain';
import { payoutTabRows } from '../core/payout';
import { sha256Hex } from '../gas/digest';
import { FIRST_DATA_ROW, findTab, readTab, tabIds, tabNames, type TabId } from '../gas/sheets';
import type { ActionContext } from './action';
import { CHAINED_TABS, effectiveAnchors, readPayoutAnchors, type PayoutAnchor } from './chained-tabs';
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
 * what its batch says it holds; every problem names the first bad row. A tab named like a payout
 * tab that the add-on did not write is a warning (its rows are nobody's record), not a problem.
 */
export function verifyProtectedTabs(batches: readonly Batch[], options: { lookalikes?: boolean } = {}):
  { ok: true; warnings: string[] } | { ok: false; problems: TamperProblem[]; warnings: string[] } {
  const tabs: TabToVerify[] = [];
  const data_rows: Record<string, number> = {};
  for (const name of CHAINED_TABS) {
    const values = readTab(name);
    if (!values) continue;
    tabs.push({ name, rows: values.rows, first_row: FIRST_DATA_ROW });
    data_rows[name] = values.rows.length;
  }
  const located = locatePayoutTabs(batches);
  const missing: TamperProblem[] = [];
  const anchors: Record<string, PayoutAnchor | undefined> = {};
  for (const { batch, name, anchor, looked_for } of located) {
    if (name === null) {
      missing.push(missingPayoutTab(batch.batch_id, looked_for));
      continue;
    }
    const approved = batch.events.find((e) => e.event === 'approved');
    const values = readTab(name);
    tabs.push({ name, rows: values ? [values.headers, ...values.rows] : [], first_row: 1, expected_rows: payoutTabRows(batch, approved?.preset || 'generic') });
    anchors[name] = anchor;
  }
  Object.assign(anchors, effectiveAnchors(CHAINED_TABS, data_rows));
  const verified = verifyAll({ tabs, anchors, sha256: sha256Hex });
  const problems = [...(verified.ok ? [] : verified.problems), ...missing];
  // Listing every tab costs a call per tab: only where someone is about to pay or check (Verify, Export).
  const warnings = options.lookalikes ? lookalikeWarnings(located, tabNames()) : [];
  return problems.length === 0 ? { ok: true, warnings } : { ok: false, problems, warnings };
}

interface LocatedPayoutTab {
  batch: Batch;
  /** The tab the add-on wrote for the batch, under its current name; null when none is found. */
  name: string | null;
  anchor: PayoutAnchor | undefined;
  /** The names searched, for the message when it is missing. */
  looked_for: string[];
}

/**
 * Finds each approved batch's payout tab by its anchor: by the sheet id recorded at approval
 * (whatever the tab is called now, and never a tab someone else named like it); for anchors from
 * before ids were recorded, by name, the state's name first, the one the add-on wrote second.
 */
export function locatePayoutTabs(batches: readonly Batch[]): LocatedPayoutTab[] {
  const approved = batchesWithPayoutTab(batches);
  if (approved.length === 0) return [];
  const anchors = readPayoutAnchors(approved.map((b) => payoutTabName(b.batch_id)));
  // Every action verifies the payout tabs: each is looked up by the names the add-on gives it and
  // confirmed by its id (a call or two per batch); all tabs are listed (two calls per tab) only
  // when a recorded id is under none of those names, i.e. someone renamed the tab by hand.
  let listed: TabId[] | undefined;
  return approved.map((batch) => {
    const anchor = anchors[payoutTabName(batch.batch_id)];
    const looked_for = [...new Set([anchor?.tab, payoutTabNameIn(batch.batch_id, batch.state), payoutTabName(batch.batch_id)].filter((n): n is string => !!n))];
    if (anchor?.sheet_id !== undefined) {
      const named = looked_for.find((n) => findTab(n)?.getSheetId() === anchor.sheet_id);
      if (named !== undefined) return { batch, anchor, looked_for, name: named };
      listed ??= tabIds();
      return { batch, anchor, looked_for, name: listed.find((t) => t.sheet_id === anchor.sheet_id)?.name ?? null };
    }
    const by_name = looked_for.filter((n) => findTab(n) !== null);
    // Both names present on an older workbook: the one whose rows carry the seal is the add-on's.
    const sealed = by_name.length > 1 && anchor ? by_name.find((n) => sealOf(n) === anchor.head_hash) : undefined;
    return { batch, anchor, looked_for, name: sealed ?? by_name[0] ?? null };
  });
}

function sealOf(name: string): string {
  const values = readTab(name);
  return values ? sealRows([values.headers, ...values.rows], sha256Hex).head_hash : '';
}

/** Tabs named like a payout tab that are not one the add-on wrote. */
function lookalikeWarnings(located: readonly LocatedPayoutTab[], names: readonly string[]): string[] {
  // Sheets finds tabs whatever the case of their names, so the add-on's own tab may be spelled
  // differently from the name it was found under.
  const ours = new Set(located.map((l) => l.name?.toLowerCase()));
  return names
    .filter((name) => looksLikePayoutTabName(name) && !ours.has(name.toLowerCase()))
    .map((name) => lookalikePayoutTab(name, located.find((l) => namesBatch(name, l.batch.batch_id))?.name ?? null));
}

/** Whether a tab name holds this batch id as a whole (`B-…-1` is not in `Payout B-…-12`). */
function namesBatch(name: string, batch_id: string): boolean {
  const at = name.toLowerCase().indexOf(batch_id.toLowerCase());
  return at >= 0 && !/[0-9]/.test(name.charAt(at + batch_id.length));
}

/**
 * The tab that holds a batch's payout rows, under its current name (`VOID Payout …`, `PAID Payout
 * …`, or still `Payout …` when the renaming that follows a void or a payment has not happened yet);
 * null when there is none.
 */
export function payoutTabOf(batch: Batch): string | null {
  return locatePayoutTabs([batch])[0]?.name ?? null;
}
