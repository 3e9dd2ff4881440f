// Where money leaves: build a payout batch (ops), approve or reject it (managers, with the hash they
// saw), export the payout file and mark it paid (finance), void an approved batch (managers), and
// verify the protected tabs (anyone). The core decides every transition; this reads and writes.
import { sealRows } from '../../core/audit/tab-chain';
import type { TamperProblem } from '../../core/audit/verify';
import type { IsoDate } from '../../core/model';
import { formatMinor } from '../../core/money/format';
import {
  BATCHES_TAB_HEADER, approveBatch, batchRowsFor, buildBatch, checkExport, eventRow, markBatchPaid, payoutFileCsv, payoutFiles,
  payoutTabRows, rejectBatch, REFUSAL, describeSkipped, voidBatch, type Batch, type BatchEvent, type SkippedPartner,
} from '../../core/payout';
import { TAB, distinctTabName, isPayoutTabNameIn, payoutTabName, payoutTabNameIn } from '../../core/schema/tabs';
import { sha256Hex } from '../../gas/digest';
import { notify } from '../../gas/mail';
import { mayEditTab, protectTab } from '../../gas/protection';
import { cutColumnsTo, ensureTab, findTab, renameTab, replaceBody, requireTab } from '../../gas/sheets';
import { alert } from '../../gas/ui';
import { runAction, type ActionContext } from '../action';
import { BOOK_TABS, locatePayoutTabs, payoutTabOf, readBooks, verifyProtectedTabs, type Books, type BooksOptions } from '../books';
import { appendChained, CHAINED_TABS, readPayoutAnchors, writeSealAnchor } from '../chained-tabs';
import { appendLedgerEntries, DAMAGED_MESSAGE } from '../ledger-source';
import { refuse, type ActionResult, type Refusal } from '../result';

export interface BatchLineView {
  partner_id: string;
  name: string;
  payout_method: string;
  payout_account: string;
  currency: string;
  amount: string;
  entry_count: number;
}

export interface BatchView {
  batch_id: string;
  state: string;
  as_of: IsoDate;
  created_by: string;
  /** The hash the approver sends back: approval is refused if the batch changed since. */
  content_hash: string;
  totals: Array<{ currency: string; amount: string; line_count: number }>;
  lines: BatchLineView[];
  line_total: number;
}

/** Lines sent with a batch by default; the sidebar pages through the rest (getBatchReview). */
const LINES_SHOWN = 200;

export function viewOf(batch: Batch, offset = 0, limit = LINES_SHOWN): BatchView {
  return {
    batch_id: batch.batch_id,
    state: batch.state,
    as_of: batch.as_of,
    created_by: batch.created_by,
    content_hash: batch.content_hash,
    totals: batch.totals.map((t) => ({ currency: t.currency, amount: formatMinor(t.amount_minor, t.currency), line_count: t.line_count })),
    lines: batch.lines.slice(offset, offset + limit).map((l) => ({
      partner_id: l.partner_id, name: l.name, payout_method: l.payout_method, payout_account: l.payout_account,
      currency: l.currency, amount: formatMinor(l.amount_minor, l.currency), entry_count: l.entry_count,
    })),
    line_total: batch.lines.length,
  };
}

function fromCore(refusal: { code: string; message: string }): Refusal {
  return refuse('NOT_PERMITTED' === refusal.code || 'NO_EMAIL' === refusal.code ? refusal.code : 'FAILED', refusal.message);
}

export function loadBooks(ctx: ActionContext, options: BooksOptions = { partners: true }): { ok: true; books: Books } | Refusal {
  if (!findTab(TAB.ledger) || !findTab(TAB.batches)) return refuse('NOT_SET_UP', 'The Ledger or Batches tab is missing: run Partner Ledger → Set up this spreadsheet.');
  const loaded = readBooks(ctx, options);
  return loaded.ok ? loaded : refuse('FAILED', DAMAGED_MESSAGE, loaded.errors);
}

export function findBatch(books: Books, batch_id: string): Batch | Refusal {
  const batch = books.batches.find((b) => b.batch_id === batch_id);
  return batch ?? refuse('INVALID_REQUEST', `There is no batch ${batch_id}. Open the sidebar to see the current batches.`);
}

function tamperRefusal(problems: TamperProblem[]): Refusal {
  const first = problems[0];
  return refuse('FAILED', `Verification failed, so this is refused until it is resolved: ${first.message}` +
    (problems.length > 1 ? ` (${problems.length - 1} more problem(s): run Verify for the full list.)` : ''));
}

/** Appends a batch event row (and, for a new batch, its line rows) to the Batches chain. */
function appendBatchRows(rows: ReturnType<typeof batchRowsFor>): void {
  const width = BATCHES_TAB_HEADER.length - 2;
  const text_columns = Array.from({ length: width }, (_, i) => i).filter((i) => BATCHES_TAB_HEADER[i] !== 'amount_minor' && BATCHES_TAB_HEADER[i] !== 'entry_count');
  appendChained(TAB.batches, rows as never, text_columns);
}

// ---------- build ----------

export interface BuildReport {
  summary: string;
  batch: BatchView | null;
  skipped: SkippedPartner[];
}

export function buildPayoutBatch(): ActionResult<BuildReport> {
  return runAction('build_batch', (ctx) => {
    const loaded = loadBooks(ctx);
    if (!loaded.ok) return loaded;
    const { books } = loaded;
    // Nothing is batched from a ledger that does not verify: a forged entry must never be paid.
    const verified = verifyProtectedTabs(books.batches);
    if (!verified.ok) return refuseAudited(ctx, 'BATCH_REFUSED', 'Batches', tamperRefusal(verified.problems));
    markClosedPayoutTabs(ctx, books.batches);
    const batch_id = `B-${ctx.as_of.replace(/-/g, '')}-${books.batches.length + 1}`;
    const result = buildBatch({
      ledger: books.ledger, membership: books.membership, statuses: books.statuses, partners: books.partners,
      settings: ctx.settings, as_of: ctx.as_of, batch_id, creator: ctx.actor, created_at_utc: ctx.now_utc,
      existing_batches: books.batches, sha256: sha256Hex,
    });
    if (!result.ok) return { ...fromCore(nothingToPayExplained(result)), errors: undefined };
    // Audit events are recorded before the write that commits them (see chained-tabs: audit.pending).
    ctx.audit('BATCH_BUILT', batch_id, JSON.stringify({ content_hash: result.batch.content_hash, totals: result.batch.totals, skipped: result.skipped.length }));
    appendBatchRows(batchRowsFor(result.batch));
    const view = viewOf(result.batch);
    const totals = view.totals.map((t) => `${t.amount} ${t.currency} to ${t.line_count} partners`).join(', ');
    // Mail goes out right after the write that commits the batch (anything after it is completed by
    // the next action), so a stop later on neither loses it nor, on a retry, sends it twice.
    const mailed = notify(managersOf(ctx), `Partner Ledger: batch ${batch_id} awaits your approval`,
      `${ctx.actor} built payout batch ${batch_id} (${totals}). Open the spreadsheet, then Extensions → Partner Ledger → Open Partner Ledger to review and approve it.`);
    const summary = `batch ${batch_id} built: ${totals}; ${result.skipped.length} partners skipped${mailed}`;
    return { ok: true, summary, batch: view, skipped: result.skipped };
  }, { reads: CHAINED_TABS });
}

/** "Nothing to pay" says who was skipped and why, in the message the CLI and the sidebar show. */
function nothingToPayExplained(refused: { code: string; message: string; skipped: readonly SkippedPartner[] }): { code: string; message: string } {
  if (refused.code !== REFUSAL.nothing_to_pay || refused.skipped.length === 0) return refused;
  return {
    code: refused.code,
    message: `${refused.message} ${describeSkipped(refused.skipped)} ` +
      'Ask "why is this partner not being paid?" in the sidebar (partner-ledger explain PARTNER) about any of them.',
  };
}

// ---------- look ----------

export interface BatchesReport {
  summary: string;
  batches: BatchView[];
}

export function getBatches(): ActionResult<BatchesReport> {
  return runAction('summary', (ctx) => {
    const loaded = loadBooks(ctx);
    if (!loaded.ok) return loaded;
    const views = loaded.books.batches.map((b) => viewOf(b));
    return { ok: true, summary: `${views.length} batches`, batches: views };
  });
}

// ---------- approve / reject / void ----------

export interface TransitionReport {
  summary: string;
  batch: BatchView;
}

export function approvePayoutBatch(batch_id: string, seen_hash: string): ActionResult<TransitionReport> {
  return runAction('approve', (ctx) => {
    const loaded = loadBooks(ctx);
    if (!loaded.ok) return loaded;
    const batch = findBatch(loaded.books, String(batch_id));
    if ('ok' in batch) return batch;
    const verified = verifyProtectedTabs(loaded.books.batches);
    if (!verified.ok) return refuseAudited(ctx, 'APPROVE_REFUSED', batch.batch_id, tamperRefusal(verified.problems));
    markClosedPayoutTabs(ctx, loaded.books.batches);
    const result = approveBatch({
      batch, identity: ctx.identity, settings: ctx.settings, at_utc: ctx.now_utc, seen_hash: String(seen_hash),
      partners: loaded.books.partners, sha256: sha256Hex, ledger: loaded.books.ledger,
    });
    if (!result.ok) return refuseAudited(ctx, 'APPROVE_REFUSED', batch.batch_id, fromCore(result));
    writePayoutTab(ctx, result.batch);
    ctx.audit('BATCH_APPROVED', batch.batch_id, JSON.stringify({
      content_hash: batch.content_hash, preset: ctx.settings.payout_preset, built_by: batch.created_by,
      separation_of_duties: ctx.settings.separation_of_duties ? 'on' : 'off',
    }));
    appendBatchRows([eventRow(result.event)]);
    const mailed = notify(ctx.settings.finance, `Partner Ledger: batch ${batch.batch_id} is approved for payment`, approvalMail(ctx, result.batch));
    return {
      ok: true,
      summary: `batch ${batch.batch_id} approved; approval record written to the "${payoutTabName(batch.batch_id)}" tab ` +
        `(finance pays with Export, not from the tab)${mailed}`,
      batch: viewOf(result.batch),
    };
  }, { reads: CHAINED_TABS });
}

export function rejectPayoutBatch(batch_id: string, reason: string): ActionResult<TransitionReport> {
  return reasonedTransition('reject', batch_id, reason);
}

export function voidPayoutBatch(batch_id: string, reason: string): ActionResult<TransitionReport> {
  return reasonedTransition('void', batch_id, reason);
}

function reasonedTransition(kind: 'reject' | 'void', batch_id: string, reason: string): ActionResult<TransitionReport> {
  return runAction(kind, (ctx) => {
    const loaded = loadBooks(ctx);
    if (!loaded.ok) return loaded;
    const batch = findBatch(loaded.books, String(batch_id));
    if ('ok' in batch) return batch;
    markClosedPayoutTabs(ctx, loaded.books.batches);
    const input = { batch, identity: ctx.identity, settings: ctx.settings, at_utc: ctx.now_utc, reason: String(reason ?? '') };
    const result = kind === 'reject' ? rejectBatch(input) : voidBatch(input);
    if (!result.ok) return refuseAudited(ctx, kind === 'reject' ? 'REJECT_REFUSED' : 'VOID_REFUSED', batch.batch_id, fromCore(result));
    if (kind === 'reject') {
      ctx.audit('BATCH_REJECTED', batch.batch_id, JSON.stringify({ reason: input.reason }));
      appendBatchRows([eventRow(result.event)]);
      return { ok: true, summary: `batch ${batch.batch_id} rejected; its entries are free for the next batch`, batch: viewOf(result.batch) };
    }
    // The renaming is recorded with the void (before the write that commits it), so an action
    // stopped between the two still has it in Audit; the next batch action completes the renaming.
    const rename = planPayoutTabRename(result.batch);
    ctx.audit('BATCH_VOIDED', batch.batch_id, JSON.stringify({ reason: input.reason, payout_tab: rename.to ?? rename.from }));
    appendBatchRows([eventRow(result.event)]);
    applyPayoutTabRename(ctx, result.batch, rename);
    return {
      ok: true,
      summary: `batch ${batch.batch_id} voided; its entries are free for the next batch; ${renamedSummary(rename)} (never pay from it)`,
      batch: viewOf(result.batch),
    };
  }, { reads: BOOK_TABS });
}

// ---------- export / mark paid ----------

export interface PayoutFileView {
  name: string;
  currency: string;
  csv: string;
  row_count: number;
  sum: string;
}

export interface ExportReport {
  summary: string;
  files: PayoutFileView[];
  /** Set when the batch was already marked paid: the files are a record of that payment, not a new one. */
  already_paid?: { on: string; reference: string };
}

/** The name a paid batch's files are exported under: a re-download must never pass for a new payment. */
export const ALREADY_PAID_PREFIX = 'ALREADY-PAID-';

export function exportPayoutFile(batch_id: string): ActionResult<ExportReport> {
  return runAction('export', (ctx) => {
    // The payout file comes from the approved batch; the Ledger is only verified, not parsed.
    const loaded = loadBooks(ctx, { partners: true, ledger: false });
    if (!loaded.ok) return loaded;
    const batch = findBatch(loaded.books, String(batch_id));
    if ('ok' in batch) return batch;
    const verified = verifyProtectedTabs(loaded.books.batches, { lookalikes: true });
    if (!verified.ok) return refuseAudited(ctx, 'EXPORT_REFUSED', batch.batch_id, tamperRefusal(verified.problems));
    markClosedPayoutTabs(ctx, loaded.books.batches);
    const allowed = checkExport({ batch, identity: ctx.identity, settings: ctx.settings, partners: loaded.books.partners, sha256: sha256Hex, verification: verified });
    if (!allowed.ok) return refuseAudited(ctx, 'EXPORT_REFUSED', batch.batch_id, fromCore(allowed));
    const approved = batch.events.find((e) => e.event === 'approved');
    const files = payoutFiles(batch, approved?.preset || ctx.settings.payout_preset);
    if (!files.ok) return refuseAudited(ctx, 'EXPORT_REFUSED', batch.batch_id, refuse('FAILED', files.message));
    // Export of a paid batch stays allowed (finance keeps records), but its files say so in their
    // names and the summary, so a second download is never uploaded as a new payment.
    const paid = batch.state === 'paid' ? batch.events.find((e) => e.event === 'paid') : undefined;
    const already_paid = paid === undefined ? undefined : { on: paid.at_utc.slice(0, 10), reference: paid.reference };
    const views = files.files.map((f) => ({
      name: already_paid ? `${ALREADY_PAID_PREFIX}${f.name}` : f.name,
      currency: f.currency, csv: payoutFileCsv(f), row_count: f.control.row_count, sum: formatMinor(f.control.sum_minor, f.control.currency),
    }));
    ctx.audit('PAYOUT_EXPORTED', batch.batch_id, JSON.stringify({
      files: views.map((v) => ({ name: v.name, rows: v.row_count, sum: v.sum, currency: v.currency })), ...(already_paid ? { already_paid } : {}),
    }));
    const totals = views.map((v) => `${v.name}: ${v.row_count} rows, ${v.sum} ${v.currency}`).join('; ');
    const warning = already_paid
      ? `. This batch was marked paid on ${already_paid.on} (reference ${already_paid.reference}): these files are a record of that payment; do not upload them to pay again`
      : '';
    const lookalikes = verified.warnings.map((w) => `; warning: ${w}`).join('');
    return { ok: true, summary: `payout file(s) for ${batch.batch_id}: ${totals}${warning}${lookalikes}`, files: views, ...(already_paid ? { already_paid } : {}) };
  }, { reads: CHAINED_TABS });
}

export function markPayoutBatchPaid(batch_id: string, payment_reference: string): ActionResult<TransitionReport> {
  return runAction('mark_paid', (ctx) => {
    const loaded = loadBooks(ctx);
    if (!loaded.ok) return loaded;
    const batch = findBatch(loaded.books, String(batch_id));
    if ('ok' in batch) return batch;
    const verified = verifyProtectedTabs(loaded.books.batches);
    if (!verified.ok) return refuseAudited(ctx, 'MARK_PAID_REFUSED', batch.batch_id, tamperRefusal(verified.problems));
    markClosedPayoutTabs(ctx, loaded.books.batches);
    const result = markBatchPaid({
      batch, identity: ctx.identity, settings: ctx.settings, at_utc: ctx.now_utc,
      payment_reference: String(payment_reference ?? ''), paid_on: ctx.as_of, ledger: loaded.books.ledger,
    });
    if (!result.ok) return refuseAudited(ctx, 'MARK_PAID_REFUSED', batch.batch_id, fromCore(result));
    // The payout entries first, then the event that says the batch is paid: an interruption between
    // them leaves entries whose deterministic ids make the retry skip what was already written.
    const already = new Set(loaded.books.ledger.map((e) => e.entry_id));
    appendLedgerEntries(result.payout_entries.filter((e) => !already.has(e.entry_id)));
    // Recorded after the payout entries and before the event that commits the payment: an
    // interruption between the two must not leave an Audit row saying the batch was paid.
    const rename = planPayoutTabRename(result.batch);
    ctx.audit('BATCH_PAID', batch.batch_id, JSON.stringify({ reference: payment_reference, payout_entries: result.payout_entries.length, payout_tab: rename.to ?? rename.from }));
    appendBatchRows([eventRow(result.event)]);
    applyPayoutTabRename(ctx, result.batch, rename);
    return {
      ok: true,
      summary: `batch ${batch.batch_id} marked paid (reference ${String(payment_reference).trim()}); ${renamedSummary(rename)}`,
      batch: viewOf(result.batch),
    };
  }, { reads: CHAINED_TABS });
}

// ---------- verify ----------

export interface VerifyReport {
  summary: string;
  verified: boolean;
  problems: TamperProblem[];
  /** Tabs named like payout tabs that the add-on did not write: not a failure, but nobody may pay from them. */
  warnings: string[];
}

export function verifyWorkbook(): ActionResult<VerifyReport> {
  return runAction('verify', (ctx): ActionResult<VerifyReport> => {
    // Verify hashes the rows as they are: the Ledger's entries need not be parsed.
    const loaded = readBooks(ctx, { partners: false, ledger: false });
    const batches = loaded.ok ? loaded.books.batches : [];
    const result = verifyProtectedTabs(batches, { lookalikes: true });
    const warned = result.warnings.map((w) => `; warning: ${w}`).join('');
    if (result.ok) return { ok: true, summary: `every protected tab matches its hash chain and anchor${warned}`, verified: true, problems: [], warnings: result.warnings };
    return { ok: true, summary: `${result.problems.length} problem(s): ${result.problems[0].message}${warned}`, verified: false, problems: result.problems, warnings: result.warnings };
  });
}

export function menuVerify(): void {
  const result = verifyWorkbook();
  alert('Partner Ledger: verify', result.ok ? result.summary : result.message);
}

export function menuBuildBatch(): void {
  const result = buildPayoutBatch();
  alert('Partner Ledger: build batch', result.ok ? `${result.summary}. Open the sidebar to review it.` : result.message);
}

// ---------- helpers ----------

/** Refusals of money actions are recorded in Audit (the runner writes them with the action). */
function refuseAudited(ctx: ActionContext, action: string, subject: string, refusal: Refusal): Refusal {
  ctx.audit(action, subject, `${refusal.code}: ${refusal.message}`);
  return refusal;
}

function managersOf(ctx: ActionContext): string[] {
  return ctx.settings.managers.length > 0 ? ctx.settings.managers : [ctx.identity.owner_email].filter((e) => e !== '');
}

/** The protected Payout tab, in the preset's exact columns, anchored by the seal of its rows. */
function writePayoutTab(ctx: ActionContext, batch: Batch): void {
  const approved: BatchEvent | undefined = batch.events.find((e) => e.event === 'approved');
  const rows = payoutTabRows(batch, approved?.preset || ctx.settings.payout_preset);
  const name = payoutTabName(batch.batch_id);
  const [header, ...body] = rows;
  // A payout tab stays for good: it is cut to its columns, like every tab set-up creates. Also when
  // it already exists, since an approval stopped between creating and cutting it is run again;
  // the tab is protected and only ever holds the payout file's columns.
  ensureTab(name, []);
  cutColumnsTo(name, header.length);
  replaceBody(name, header, body, header.map((_, i) => i));
  protectTab(name, staffOf(ctx), payoutTabDescription(batch));
  writeSealAnchor(name, { ...sealRows(rows, sha256Hex), sheet_id: requireTab(name).getSheetId(), tab: name });
}

function staffOf(ctx: ActionContext): string[] {
  return [ctx.identity.owner_email, ...ctx.settings.managers, ...ctx.settings.finance, ...ctx.settings.operators];
}

/**
 * Finance pays from Export, never from the tab: Export refuses a voided batch, payout details
 * changed since approval and a workbook that fails Verify, and cuts the files the way the payment
 * system takes them (PayPal: no header, at most 5,000 rows a file); the tab is none of that.
 */
function approvalMail(ctx: ActionContext, batch: Batch): string {
  const totals = batch.totals.map((t) => `${formatMinor(t.amount_minor, t.currency)} ${t.currency} to ${t.line_count} partners`).join(', ');
  return `${ctx.actor} approved payout batch ${batch.batch_id} (${totals}).\n\n` +
    'To pay it, get the payout file from Export: open the spreadsheet, Extensions → Partner Ledger → Open Partner Ledger, ' +
    `open batch ${batch.batch_id} and click "Download payout CSV" (locally: partner-ledger export). Export checks, when you download, ` +
    'that no partner\'s payout details changed since approval and that the records verify, and gives the file(s) in the form your ' +
    `payment system takes (${ctx.settings.payout_preset}), each with its control total.\n\n` +
    `The "${payoutTabName(batch.batch_id)}" tab is the approval record, not the upload file: do not download it to pay ` +
    '(it skips those checks, and it stays behind if the batch is voided).\n\n' +
    'Mark the batch paid with the payment reference once the payment is sent.';
}

const TAB_COLOUR = { voided: '#cc0000', paid: '#999999' } as const;

/** What the protection of a batch's payout tab says (shown when someone tries to edit it). */
function payoutTabDescription(batch: Batch): string {
  const last = batch.events[batch.events.length - 1];
  const by = 'Written only by the Partner Ledger add-on.';
  if (batch.state === 'voided') {
    return `VOID: batch ${batch.batch_id} was voided (${last?.reason ?? ''}). Never pay from this tab: it is only the record of what was approved. ${by}`;
  }
  if (batch.state === 'paid') {
    return `PAID: batch ${batch.batch_id} was paid (reference ${last?.reference ?? ''}). Do not pay from this tab again: it is the record of what was approved. ${by}`;
  }
  return `Approval record of batch ${batch.batch_id}, not the upload file: pay with Export (sidebar → Download payout CSV), which checks payout details and Verify first. ${by}`;
}

/**
 * The renaming of a voided or paid batch's payout tab (`VOID Payout …`, `PAID Payout …`): `from`
 * is the add-on's tab, found by its anchor (null when it is missing); `to` the name it gets, or
 * null with `why_not` when it is not renamed now. A name held by a tab the add-on did not write is
 * left to that tab, and the payout tab gets a distinct one (`VOID Payout … (2)`).
 */
interface PayoutTabRename {
  from: string | null;
  to: string | null;
  why_not: string;
}

function planPayoutTabRename(batch: Batch, from: string | null = payoutTabOf(batch)): PayoutTabRename {
  const wanted = payoutTabNameIn(batch.batch_id, batch.state);
  if (from === null) return { from, to: null, why_not: `no payout tab of batch ${batch.batch_id} was found (run Verify)` };
  if (isPayoutTabNameIn(from, batch.batch_id, batch.state)) return { from, to: null, why_not: '' };
  if (!mayEditTab(from)) {
    return { from, to: null, why_not: 'you are not among the editors its protection lists; the next batch action by someone who is renames it' };
  }
  const to = distinctTabName(wanted, (name) => findTab(name) !== null);
  if (to === null) return { from, to: null, why_not: `every name from "${wanted}" to "${wanted} (100)" is taken by another tab` };
  return { from, to, why_not: '' };
}

/**
 * Colours the tab, says why in its protection, records its new name and sheet id in its anchor,
 * then renames it: its rows and their seal stay as they are, so Verify still holds the tab to what
 * was approved. The name last: a tab found under its new name is complete, and one still under its
 * old name is marked again.
 */
function applyPayoutTabRename(ctx: ActionContext, batch: Batch, rename: PayoutTabRename): boolean {
  if (rename.from === null || rename.to === null) return false;
  const anchored_as = payoutTabName(batch.batch_id);
  const anchor = readPayoutAnchors([anchored_as])[anchored_as];
  protectTab(rename.from, staffOf(ctx), payoutTabDescription(batch));
  if (anchor) writeSealAnchor(anchored_as, { ...anchor, sheet_id: requireTab(rename.from).getSheetId(), tab: rename.to });
  renameTab(rename.from, rename.to, TAB_COLOUR[batch.state as 'voided' | 'paid']);
  return true;
}

/** What a void or a payment says about the approval record: only a renaming that happened. */
function renamedSummary(rename: PayoutTabRename): string {
  if (rename.to !== null) return `its approval record is now the "${rename.to}" tab`;
  if (rename.why_not === '') return `its approval record is the "${rename.from}" tab`;
  return rename.from === null
    ? `its approval record could not be renamed: ${rename.why_not}`
    : `its approval record, the "${rename.from}" tab, was not renamed: ${rename.why_not}`;
}

/**
 * Completes the renaming a stopped void or payment left undone, and renames the tabs of batches
 * closed before payout tabs were renamed: each batch action calls it before its own work.
 */
function markClosedPayoutTabs(ctx: ActionContext, batches: readonly Batch[]): void {
  const closed = batches.filter((b) => b.state === 'voided' || b.state === 'paid');
  // One look at the tabs for all of them: most were renamed long ago and need nothing.
  const undone = locatePayoutTabs(closed).filter((l) => l.name !== null && !isPayoutTabNameIn(l.name, l.batch.batch_id, l.batch.state));
  for (const { batch, name } of undone) {
    const rename = planPayoutTabRename(batch, name);
    if (!applyPayoutTabRename(ctx, batch, rename)) continue;
    ctx.audit('PAYOUT_TAB_RENAMED', batch.batch_id, JSON.stringify({ from: rename.from, to: rename.to }));
  }
}
