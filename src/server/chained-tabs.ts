// The add-on's protected records (Ledger, Batches, Audit) are hash chains: each row ends with
// prev_hash and row_hash, and Document Properties anchor each tab's row count and head hash. Rows
// are appended first and the anchor moved last, so an interrupted write shows as rows past the
// anchor (Verify names them) instead of a silently shorter record.
import { EMPTY_ANCHOR, advanceAnchor, chainRows, type ChainAnchor } from '../core/audit/tab-chain';
import type { Cell } from '../core/model';
import { TAB } from '../core/schema/tabs';
import { sha256Hex } from '../gas/digest';
import { readDocumentProperties, writeDocumentProperties } from '../gas/properties';
import { appendRows, findTab, lastRow } from '../gas/sheets';

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

/** The tabs whose rows are hash-chained. */
export const CHAINED_TABS: readonly string[] = [TAB.ledger, TAB.batches, TAB.audit];

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
  if (data_rows !== before.rows) throw new Error(tamperedMessage(tab, Math.min(data_rows, before.rows) + 2));
  const chained = chainRows(before.head_hash, body, sha256Hex);
  const after = advanceAnchor(before, chained);
  writeDocumentProperties({ [intentKey(tab)]: JSON.stringify(after) });
  const width = body[0].length;
  appendRows(tab, chained.rows as Cell[][], [...text_columns, width, width + 1]);
  writeDocumentProperties({ ...anchorProperties(tab, after), [intentKey(tab)]: '' });
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
export function prepareChainedTabs(): string | null {
  const props = readDocumentProperties();
  const updates: Record<string, string> = {};
  let problem: string | null = null;
  for (const tab of CHAINED_TABS) {
    const sheet = findTab(tab);
    if (!sheet) continue;
    const data_rows = Math.max(lastRow(tab) - 1, 0);
    let anchor = parseAnchor(tab, props) ?? EMPTY_ANCHOR;
    const intent = parseIntent(props[intentKey(tab)]);
    if (intent) {
      if (data_rows === intent.rows && lastRowHash(tab, intent.rows) === intent.head_hash) {
        Object.assign(updates, anchorProperties(tab, intent));
        anchor = intent;
      }
      updates[intentKey(tab)] = '';
    }
    if (problem === null && data_rows !== anchor.rows) problem = tamperedMessage(tab, Math.min(data_rows, anchor.rows) + 2);
  }
  if (Object.keys(updates).length > 0) writeDocumentProperties(updates);
  return problem;
}

function parseIntent(raw: string | undefined): ChainAnchor | null {
  if (!raw) return null;
  const parsed = JSON.parse(raw) as ChainAnchor;
  return { rows: Number(parsed.rows), head_hash: String(parsed.head_hash) };
}

function tamperedMessage(tab: string, row: number): string {
  return `${tab} has rows from row ${row} on that Partner Ledger did not write (or rows it wrote are missing). ` +
    'Nothing was changed. Run Verify to see what happened, and restore the tab from File → Version history.';
}

/** The row_hash cell (last column) of data row `rows` of a chained tab. */
function lastRowHash(tab: string, rows: number): string {
  const sheet = findTab(tab);
  if (!sheet || rows === 0) return '';
  return String(sheet.getRange(rows + 1, sheet.getLastColumn()).getValue());
}

/** Anchors a tab written whole (a Payout tab) by the seal of its rows. */
export function writeSealAnchor(tab: string, anchor: ChainAnchor): void {
  writeDocumentProperties(anchorProperties(tab, anchor));
}
