// What the sidebar's views read, each on demand and a page at a time: the ops dashboard (totals by
// status), the answer to "why is this partner not being paid?", a batch under review with the
// buttons the caller may press (and why not), and pages of problems. Nothing here writes.
import { ENTRY_STATUSES } from '../../core/earnings';
import { formatMinor } from '../../core/money/format';
import {
  approveBatch, buildBatch, checkExport, markBatchPaid, readBatches, rejectBatch, voidBatch, type Batch, type SkippedPartner,
} from '../../core/payout';
import { TAB } from '../../core/schema/tabs';
import { cellsByTab, findTab, FIRST_DATA_ROW, grouped, readTab, SPREADSHEET_CELL_LIMIT, type TabCells } from '../../gas/sheets';
import { DAMAGED_MESSAGE } from '../ledger-source';
import { explainPartner, statusTotals, type PartnerExplanation } from '../../core/views';
import type { RowError } from '../../core/model';
import { sha256Hex } from '../../gas/digest';
import { runAction, type ActionContext } from '../action';
import type { Books } from '../books';
import { refuse, type ActionResult } from '../result';
import { findBatch, loadBooks, viewOf, type BatchView } from './batches';
import { readExceptionsPage } from './summary';

const PAGE_MAX = 500;

function page(offset: unknown, limit: unknown, fallback: number): { offset: number; limit: number } {
  const o = Math.max(0, Math.floor(Number(offset) || 0));
  const l = Math.min(PAGE_MAX, Math.max(1, Math.floor(Number(limit) || fallback)));
  return { offset: o, limit: l };
}

// ---------- ops dashboard ----------

export interface StatusTotalView {
  status: string;
  currency: string;
  entry_count: number;
  amount: string;
}

export interface BatchHeadline {
  batch_id: string;
  state: string;
  created_by: string;
  totals: BatchView['totals'];
}

export interface DashboardReport {
  summary: string;
  as_of: string;
  /** Every status in workflow order, with zero rows for statuses that have no entries. */
  status_totals: StatusTotalView[];
  batches: BatchHeadline[];
  held_count: number;
  capacity: Capacity;
}

/** How much of Google Sheets' per-spreadsheet cell limit the workbook uses (empty cells count). */
export interface Capacity {
  cells: number;
  limit: number;
  /** Whole percent, rounded down. */
  percent_used: number;
  /** The three largest tabs. */
  largest: TabCells[];
  /** Set from CAPACITY_WARNING_PERCENT on: what to do before the limit stops an import or a post. */
  warning: string;
}

/** From here on the sidebar warns: a month's import and post need room at once. */
export const CAPACITY_WARNING_PERCENT = 80;

function capacity(): Capacity {
  const tabs = cellsByTab();
  const cells = tabs.reduce((sum, t) => sum + t.cells, 0);
  const percent_used = Math.floor((cells * 100) / SPREADSHEET_CELL_LIMIT);
  const warning = percent_used < CAPACITY_WARNING_PERCENT ? '' :
    `This spreadsheet is ${percent_used}% full. Google Sheets stops at ${grouped(SPREADSHEET_CELL_LIMIT)} cells, ` +
    'and an import or a post that needs more is refused. Start a new spreadsheet for the next period, or delete tabs you no longer need.';
  return { cells, limit: SPREADSHEET_CELL_LIMIT, percent_used, largest: tabs.slice(0, 3), warning };
}

export function getDashboard(): ActionResult<DashboardReport> {
  return runAction('summary', (ctx) => {
    const loaded = loadBooks(ctx, { partners: false });
    if (!loaded.ok) return loaded;
    const { books } = loaded;
    const totals = statusTotals(books.ledger, books.statuses);
    const currencies = [...new Set([ctx.settings.base_currency, ...totals.map((t) => t.currency)])];
    const status_totals: StatusTotalView[] = [];
    for (const status of ENTRY_STATUSES) {
      for (const currency of currencies) {
        const t = totals.find((x) => x.status === status && x.currency === currency);
        if (t === undefined && currency !== ctx.settings.base_currency) continue;
        status_totals.push({ status, currency, entry_count: t?.entry_count ?? 0, amount: formatMinor(t?.amount_minor ?? 0, currency) });
      }
    }
    const held_count = totals.filter((t) => t.status === 'held').reduce((n, t) => n + t.entry_count, 0);
    const batches = [...books.batches].reverse().map(headline);
    return {
      ok: true, summary: `${books.ledger.length} ledger entries as of ${ctx.as_of}`, as_of: ctx.as_of, status_totals, batches, held_count,
      capacity: capacity(),
    };
  });
}

/** The batch list the manager and finance views open on: reads the Batches tab only, never the Ledger. */
export interface BatchListReport {
  summary: string;
  batches: BatchHeadline[];
}

export function getBatchList(): ActionResult<BatchListReport> {
  return runAction('summary', () => {
    if (!findTab(TAB.batches)) return refuse('NOT_SET_UP', 'The Batches tab is missing: run Partner Ledger → Set up this spreadsheet.');
    const read = readBatches(readTab(TAB.batches)?.rows ?? [], { sha256: sha256Hex, first_row: FIRST_DATA_ROW });
    if (read.errors.length > 0) return refuse('FAILED', DAMAGED_MESSAGE, read.errors);
    const batches = [...read.batches].reverse().map(headline);
    return { ok: true, summary: `${batches.length} batches`, batches };
  });
}

function headline(b: Batch): BatchHeadline {
  return { batch_id: b.batch_id, state: b.state, created_by: b.created_by, totals: viewOf(b, 0, 0).totals };
}

// ---------- why is this partner not being paid? ----------

export interface ExplainReport {
  summary: string;
  explanation: PartnerExplanation;
}

export function explainPartnerPayment(query: string): ActionResult<ExplainReport> {
  return runAction('summary', (ctx) => {
    const loaded = loadBooks(ctx);
    if (!loaded.ok) return loaded;
    const { books } = loaded;
    const result = explainPartner({
      query: String(query ?? ''), partners: books.partners, ledger: books.ledger, statuses: books.statuses, membership: books.membership,
      batches: books.batches, settings: ctx.settings, as_of: ctx.as_of, sha256: sha256Hex,
    });
    if (!result.ok) return refuse('INVALID_REQUEST', result.message);
    return { ok: true, summary: `${result.explanation.lines.length} facts about ${result.explanation.partner_id}`, explanation: result.explanation };
  });
}

// ---------- batch review ----------

/** Whether the caller may press a button, and if not, why (shown next to the disabled button). */
export interface Gate {
  allowed: boolean;
  reason: string;
}

export interface BatchReview {
  summary: string;
  batch: BatchView;
  line_offset: number;
  /** For a draft: partners with money on the ledger that this batch does not pay, and why. */
  skipped: SkippedPartner[];
  gates: { approve: Gate; reject: Gate; void: Gate; export: Gate; mark_paid: Gate };
}

export function getBatchReview(batch_id: string, offset = 0, limit = 50): ActionResult<BatchReview> {
  return runAction('summary', (ctx) => {
    const loaded = loadBooks(ctx);
    if (!loaded.ok) return loaded;
    const batch = findBatch(loaded.books, String(batch_id));
    if ('ok' in batch) return batch;
    const p = page(offset, limit, 50);
    const skipped = batch.state === 'draft' ? notPaidBy(ctx, loaded.books) : [];
    return {
      ok: true,
      summary: `batch ${batch.batch_id}: ${batch.state}, ${batch.lines.length} lines`,
      batch: viewOf(batch, p.offset, p.limit),
      line_offset: p.offset,
      skipped,
      gates: gatesFor(ctx, loaded.books, batch),
    };
  });
}

/** Who is left out: a preview batch over the entries no batch holds, kept only for its skip list. */
function notPaidBy(ctx: ActionContext, books: Books): SkippedPartner[] {
  const preview = buildBatch({
    ledger: books.ledger, membership: books.membership, statuses: books.statuses, partners: books.partners,
    settings: ctx.settings, as_of: ctx.as_of, batch_id: 'preview', creator: 'preview', created_at_utc: '',
    existing_batches: [], sha256: sha256Hex,
  });
  return preview.skipped;
}

/** The core's own checks, run without recording anything: the button and the action never disagree. */
function gatesFor(ctx: ActionContext, books: Books, batch: Batch): BatchReview['gates'] {
  const base = { batch, identity: ctx.identity, settings: ctx.settings, at_utc: ctx.now_utc };
  const gate = (result: { ok: true } | { ok: false; message: string }): Gate =>
    result.ok ? { allowed: true, reason: '' } : { allowed: false, reason: result.message };
  return {
    approve: gate(approveBatch({ ...base, seen_hash: batch.content_hash, partners: books.partners, sha256: sha256Hex })),
    reject: gate(rejectBatch({ ...base, reason: 'check' })),
    void: gate(voidBatch({ ...base, reason: 'check' })),
    export: gate(checkExport({ batch, identity: ctx.identity, settings: ctx.settings, partners: books.partners, sha256: sha256Hex })),
    mark_paid: gate(markBatchPaid({ ...base, payment_reference: 'check', paid_on: ctx.as_of })),
  };
}

// ---------- problems, a page at a time ----------

export interface ExceptionsPage {
  summary: string;
  errors: RowError[];
  total: number;
  offset: number;
}

export function getExceptions(offset = 0, limit = 50): ActionResult<ExceptionsPage> {
  return runAction('summary', () => {
    const p = page(offset, limit, 50);
    const found = readExceptionsPage(p.offset, p.limit);
    return { ok: true, summary: `${found.total} problems`, errors: found.errors, total: found.total, offset: p.offset };
  });
}
