// The add-on's protected records (Ledger, Batches, Audit) are hash chains: each row ends with
// prev_hash and row_hash, and Document Properties anchor each tab's row count and head hash. Rows
// are appended first and the anchor moved last, so an interrupted write shows as rows past the
// anchor (Verify names them) instead of a silently shorter record.
import type { AuditEvent } from '../core/audit/chain';
import { EMPTY_ANCHOR, advanceAnchor, chainRows, type ChainAnchor } from '../core/audit/tab-chain';
import type { Cell } from '../core/model';
import { TAB } from '../core/schema/tabs';
import { sha256Hex } from '../gas/digest';
import { deferDocumentProperties, readDocumentProperties, writeDocumentProperties } from '../gas/properties';
import { appendRows, findTab, lastRow } from '../gas/sheets';

/** The Document Property holding the schema version the workbook was set up (or migrated) to. */
export const SCHEMA_VERSION_KEY = 'schema.version';

/** The schema version from which Reviews is a chained tab (set-up migrates older workbooks). */
export const REVIEWS_CHAINED_SINCE = 2;

const OUTDATED_MESSAGE = 'This spreadsheet was set up by an older version of Partner Ledger. Nothing was changed. ' +
  'Run Extensions → Partner Ledger → Set up this spreadsheet once to bring it up to date (no data is lost), then try again.';

/** Audit keeps the anchor keys it has had from the start; other tabs use `anchor.<Tab>`. */
const AUDIT_KEYS = { head: 'audit.head_hash', rows: 'audit.rows' } as const;

function anchorKey(tab: string): string {
  return `anchor.${tab}`;
}

export function readAnchors(tabs: readonly string[]): Record<string, ChainAnchor | undefined> {
  const props = readDocumentProperties();
  const anchors: Record<string, ChainAnchor | undefined> = {};
  for (const tab of tabs) anchors[tab] = parseAnchor(tab, props);
  return anchors;
}

function parseAnchor(tab: string, props: Record<string, string>): ChainAnchor | undefined {
  if (tab === TAB.audit) {
    const head = props[AUDIT_KEYS.head];
    return head === undefined ? undefined : { head_hash: head, rows: Number(props[AUDIT_KEYS.rows] ?? '0') };
  }
  const raw = props[anchorKey(tab)];
  if (raw === undefined) return undefined;
  const parsed = JSON.parse(raw) as ChainAnchor;
  return { rows: Number(parsed.rows), head_hash: String(parsed.head_hash) };
}

export function anchorProperties(tab: string, anchor: ChainAnchor): Record<string, string> {
  if (tab === TAB.audit) return { [AUDIT_KEYS.head]: anchor.head_hash, [AUDIT_KEYS.rows]: String(anchor.rows) };
  return { [anchorKey(tab)]: JSON.stringify(anchor) };
}

/**
 * The tabs whose rows are hash-chained. Reviews is one: its decisions release held entries for
 * payment, so a decision typed in by hand must show in Verify and stop every write.
 */
export const CHAINED_TABS: readonly string[] = [TAB.ledger, TAB.batches, TAB.reviews, TAB.audit];

function intentKey(tab: string): string {
  return `intent.${tab}`;
}

/**
 * Appends body rows to a chained tab in one write (hash columns as text). Order: record the
 * intended anchor, append the rows, then move the anchor and clear the intent. An interruption
 * anywhere leaves either nothing, or rows that match the recorded intent exactly, which the next
 * action completes (see `completeInterruptedWrites`). `text_columns` are 0-based body indexes.
 */
export function appendChained(tab: string, body: Cell[][], text_columns: readonly number[]): void {
  if (body.length === 0) return;
  const before = readAnchors([tab])[tab] ?? EMPTY_ANCHOR;
  const sheet = findTab(tab);
  const data_rows = sheet ? Math.max(lastRow(tab) - 1, 0) : 0;
  // Rows the anchor does not account for were not written by the add-on (interrupted writes were
  // completed before the action began): chaining after them would bless them.
  if (data_rows !== before.rows) throw new Error(tamperedMessage(tab, data_rows, before.rows));
  const chained = chainRows(before.head_hash, body, sha256Hex);
  const after = advanceAnchor(before, chained);
  const is_audit = tab === TAB.audit;
  // A data write carries the action's audit events in the same property write as its intent; the
  // Audit write's anchor clears them. Both ride on calls the chain makes anyway.
  const pending = is_audit ? {} : pendingAuditFor({ tab, rows: after.rows, head_hash: after.head_hash, what: `${tab} rows ${before.rows + 2}–${after.rows + 1}`, first_row: before.rows + 2 });
  writeDocumentProperties({ [intentKey(tab)]: JSON.stringify(after), ...pending });
  const width = body[0].length;
  appendRows(tab, chained.rows as Cell[][], [...text_columns, width, width + 1]);
  // The anchor waits for the action's next property write (the next chunk's intent, the Audit
  // write's, or the flush before the lock is released): an execution stopped before then leaves
  // the intent and rows that match it, which the next action anchors (prepareChainedTabs).
  deferDocumentProperties({ ...anchorProperties(tab, after), [intentKey(tab)]: '', ...(is_audit ? pendingAuditCleared() : {}) });
}

/**
 * The anchors Verify should hold each tab to: a tab whose rows match the write an interrupted
 * action recorded as its intent is held to that intent (the write is complete, only its anchor is
 * missing); everything else to its anchor, so hand-added rows are still reported.
 */
export function effectiveAnchors(tabs: readonly string[], data_rows: Record<string, number>): Record<string, ChainAnchor | undefined> {
  const props = readDocumentProperties();
  const anchors: Record<string, ChainAnchor | undefined> = {};
  for (const tab of tabs) {
    const anchor = parseAnchor(tab, props);
    const intent = parseIntent(props[intentKey(tab)]);
    anchors[tab] = intent && data_rows[tab] === intent.rows && lastRowHash(tab, intent.rows) === intent.head_hash ? intent : anchor;
  }
  return anchors;
}

/**
 * Runs at the start of every mutating action, under the lock. A write an earlier action recorded
 * as its intent and completed is anchored now; an intent whose rows never arrived is dropped; the
 * workbook reaches the state of an uninterrupted run. Then every chained tab must hold exactly the
 * rows its anchor records: otherwise returns why (nothing may be chained onto rows of unknown
 * origin, and Audit itself may be the damaged tab).
 */
export function prepareChainedTabs(resumer: { actor: string; time_utc: string; action: string }): string | null {
  const props = readDocumentProperties();
  const updates: Record<string, string> = {};
  const anchors: Record<string, ChainAnchor> = {};
  let audit_completed = false;
  let problem: string | null = null;
  for (const tab of CHAINED_TABS) {
    const sheet = findTab(tab);
    if (!sheet) continue;
    if (tab === TAB.reviews && Number(props[SCHEMA_VERSION_KEY] ?? '0') < REVIEWS_CHAINED_SINCE) {
      // Set-up chains an older workbook's Reviews (schema v1); nothing else may write before it.
      if (resumer.action !== 'setup') return OUTDATED_MESSAGE;
      continue;
    }
    const data_rows = Math.max(lastRow(tab) - 1, 0);
    let anchor = parseAnchor(tab, props) ?? EMPTY_ANCHOR;
    const intent = parseIntent(props[intentKey(tab)]);
    if (intent) {
      if (data_rows === intent.rows && lastRowHash(tab, intent.rows) === intent.head_hash) {
        Object.assign(updates, anchorProperties(tab, intent));
        anchor = intent;
        if (tab === TAB.audit) audit_completed = true;
      }
      updates[intentKey(tab)] = '';
    }
    anchors[tab] = anchor;
    if (problem === null && data_rows !== anchor.rows) problem = tamperedMessage(tab, data_rows, anchor.rows);
  }
  const pending = parsePendingAudit(props[PENDING_AUDIT_KEY]);
  // Audit rows that arrived are the interrupted action's own: nothing is left to recover.
  if (pending && audit_completed) updates[PENDING_AUDIT_KEY] = '';
  if (Object.keys(updates).length > 0) writeDocumentProperties(updates);
  if (problem === null && pending && !audit_completed && findTab(TAB.audit)) resumeAudit(pending, anchors, resumer);
  return problem;
}

function parseIntent(raw: string | undefined): ChainAnchor | null {
  if (!raw) return null;
  const parsed = JSON.parse(raw) as ChainAnchor;
  return { rows: Number(parsed.rows), head_hash: String(parsed.head_hash) };
}

/**
 * Only the row counts are compared here (no row is hashed before the action), so the message says
 * what the counts show and leaves naming the first changed row to Verify, which finds it.
 */
function tamperedMessage(tab: string, data_rows: number, written: number): string {
  const what = data_rows > written ? `${data_rows - written} more than` : `${written - data_rows} fewer than`;
  return `${tab} has ${data_rows} data rows, ${what} the ${written} Partner Ledger wrote: rows were added or deleted by hand. ` +
    'Nothing was changed. Run Verify to see the first row that differs, and restore the tab from File → Version history.';
}

/** The row_hash cell (last column) of data row `rows` of a chained tab. */
function lastRowHash(tab: string, rows: number): string {
  const sheet = findTab(tab);
  if (!sheet || rows === 0) return '';
  return String(sheet.getRange(rows + 1, sheet.getLastColumn()).getValue());
}

/**
 * A Payout tab's anchor, kept under the name it was written with: the seal of its rows, and which
 * tab holds them (its sheet id, which survives renaming, and the name the add-on last gave it).
 * Anchors written before sheet ids were recorded have neither.
 */
export interface PayoutAnchor extends ChainAnchor {
  sheet_id?: number;
  tab?: string;
}

/** Anchors a tab written whole (a Payout tab) by the seal of its rows and the tab that holds them. */
export function writeSealAnchor(tab: string, anchor: PayoutAnchor): void {
  writeDocumentProperties({ [anchorKey(tab)]: JSON.stringify(anchor) });
}

export function readPayoutAnchors(tabs: readonly string[]): Record<string, PayoutAnchor | undefined> {
  const props = readDocumentProperties();
  const anchors: Record<string, PayoutAnchor | undefined> = {};
  for (const tab of tabs) {
    const raw = props[anchorKey(tab)];
    if (raw === undefined) continue;
    const parsed = JSON.parse(raw) as PayoutAnchor;
    anchors[tab] = {
      rows: Number(parsed.rows), head_hash: String(parsed.head_hash),
      ...(typeof parsed.sheet_id === 'number' ? { sheet_id: parsed.sheet_id } : {}),
      ...(typeof parsed.tab === 'string' ? { tab: parsed.tab } : {}),
    };
  }
  return anchors;
}

// ---------- the audit of an interrupted action ----------
//
// An action keeps its Audit events in memory and writes them last. Stopped after its data write
// committed but before its Audit rows were anchored, it would leave the books changed with no Audit
// row saying so. So each committing data write also records, in the same property write as its
// intent, the events the action has recorded so far (actions record their events just before their
// committing write) under `audit.pending`; anchoring the action's Audit rows clears it. The next
// action that finds `audit.pending` left over appends those events exactly as they were recorded
// (same time, actor, details) when the write they describe committed, then a RESUMED row saying who
// completed what, so the Audit tab accounts for every change and for the interruption itself.

const PENDING_AUDIT_KEY = 'audit.pending';
/** Document Properties hold at most 9 KB per value: longer events are kept by their hash only. */
const PENDING_AUDIT_MAX_CHARS = 8000;

interface PendingWrite {
  tab: string;
  /** Data rows of `tab` once the write is complete. */
  rows: number;
  /** Its last row_hash on a chained tab; '' on a plain tab (an input tab), where the row count tells. */
  head_hash: string;
  /** For the RESUMED row: `Ledger rows 30–41`. */
  what: string;
  /** The first sheet row the write appends (absent in records written before it was kept). */
  first_row?: number;
  /** How many of the action's events were recorded before this write: its completion makes them true. */
  events: number;
}

interface PendingAudit {
  action: string;
  actor: string;
  time_utc: string;
  events: AuditEvent[];
  /** Writes the action completed before `write`. */
  done: PendingWrite[];
  write: PendingWrite;
}

interface Journal {
  action: string;
  actor: string;
  time_utc: string;
  events: AuditEvent[];
  done: PendingWrite[];
  last: PendingWrite | null;
  pending_written: boolean;
}

let journal_of_action: Journal | null = null;

/** Called by the action runner before a mutating body: `events` is the array ctx.audit fills. */
export function beginJournal(action: string, actor: string, time_utc: string, events: AuditEvent[]): void {
  journal_of_action = { action, actor, time_utc, events, done: [], last: null, pending_written: false };
}

/** After a body that returned: an action that wrote data but recorded no event clears its record. */
export function endJournal(): void {
  const leftover = journal_of_action?.pending_written === true;
  journal_of_action = null;
  if (leftover) writeDocumentProperties({ [PENDING_AUDIT_KEY]: '' });
}

/** The `audit.pending` property for the write about to start (empty outside an action). */
function pendingAuditFor(planned: Omit<PendingWrite, 'events'>): Record<string, string> {
  const journal = journal_of_action;
  if (!journal) return {};
  const write: PendingWrite = { ...planned, events: journal.events.length };
  // Reaching a later write means the earlier one completed.
  if (journal.last !== null) journal.done = withCompleted(journal.done, journal.last);
  journal.last = write;
  journal.pending_written = true;
  const pending: PendingAudit = { action: journal.action, actor: journal.actor, time_utc: journal.time_utc, events: [...journal.events], done: [...journal.done], write };
  let text = JSON.stringify(pending);
  if (text.length > PENDING_AUDIT_MAX_CHARS) {
    pending.events = pending.events.map((e) => ({ ...e, subject: shortened(e.subject), details: shortened(e.details) }));
    text = JSON.stringify(pending);
  }
  return { [PENDING_AUDIT_KEY]: text };
}

/**
 * The completed writes with one more. Consecutive writes to one tab (a long post's Ledger chunks)
 * become one range, so the record stays a few lines long (a property holds 9 KB) however many
 * chunks an action writes.
 */
function withCompleted(done: PendingWrite[], write: PendingWrite): PendingWrite[] {
  const previous = done[done.length - 1];
  if (previous === undefined || previous.tab !== write.tab || previous.first_row === undefined) return [...done, write];
  const merged: PendingWrite = { ...write, first_row: previous.first_row, what: `${write.tab} rows ${previous.first_row}–${write.rows + 1}` };
  return [...done.slice(0, -1), merged];
}

/** Anchoring Audit rows covers the action's events: the pending record goes with the same write. */
function pendingAuditCleared(): Record<string, string> {
  if (journal_of_action) journal_of_action.pending_written = false;
  return { [PENDING_AUDIT_KEY]: '' };
}

function shortened(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 120)}… (${text.length} characters, sha256 ${sha256Hex(text)}; kept whole only in the interrupted action)`;
}

/**
 * The committing write of an action on a plain (unchained) tab, recorded before it starts: the next
 * action audits it should this one stop before its Audit rows are written.
 */
export function recordPendingAppend(tab: string, data_rows_before: number, appended: number): void {
  if (appended === 0) return;
  const journal = pendingAuditFor({ tab, rows: data_rows_before + appended, head_hash: '', what: `${tab} rows ${data_rows_before + 2}–${data_rows_before + appended + 1}`, first_row: data_rows_before + 2 });
  if (Object.keys(journal).length > 0) writeDocumentProperties(journal);
}

function parsePendingAudit(raw: string | undefined): PendingAudit | null {
  if (!raw) return null;
  return JSON.parse(raw) as PendingAudit;
}

function writeCommitted(write: PendingWrite, anchors: Record<string, ChainAnchor>): boolean {
  if (write.head_hash !== '') {
    const anchor = anchors[write.tab];
    return anchor !== undefined && anchor.rows === write.rows && anchor.head_hash === write.head_hash;
  }
  const sheet = findTab(write.tab);
  return sheet !== null && sheet.getLastRow() - 1 >= write.rows;
}

/** Writes the Audit rows an interrupted action recorded for a write that committed, and a RESUMED row. */
function resumeAudit(pending: PendingAudit, anchors: Record<string, ChainAnchor>, resumer: { actor: string; time_utc: string }): void {
  const committed = writeCommitted(pending.write, anchors);
  const completed = committed ? [...pending.done, pending.write] : pending.done;
  // The events recorded before the last write that completed are true (events only accumulate).
  const recovered = pending.events.slice(0, completed.length > 0 ? completed[completed.length - 1].events : 0);
  const details = JSON.stringify({
    interrupted: pending.action, by: pending.actor, at_utc: pending.time_utc, completed: completed.map((w) => w.what), audit_rows_recovered: recovered.length,
    note: [
      recovered.length > 0 ? `The ${recovered.length} Audit row(s) above are the ones it had recorded for the writes listed.` : '',
      completed.length === 0 ? 'None of its writes had completed.' : '',
      committed ? '' : `It stopped before ${pending.write.what} was written: run it again to finish it.`,
    ].filter((t) => t !== '').join(' '),
  });
  const resumed: AuditEvent = { time_utc: resumer.time_utc, actor: resumer.actor, action: 'RESUMED', subject: pending.action, details };
  const rows = [...recovered, resumed].map((e) => [e.time_utc, e.actor, e.action, e.subject, e.details]);
  appendChained(TAB.audit, rows, [0, 1, 2, 3, 4]);
}
