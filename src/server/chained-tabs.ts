// The add-on's protected records (Ledger, Batches, Audit) are hash chains: each row ends with
// prev_hash and row_hash, and Document Properties anchor each tab's row count and head hash. Rows
// are appended first and the anchor moved last, so an interrupted write shows as rows past the
// anchor (Verify names them) instead of a silently shorter record.
import { EMPTY_ANCHOR, advanceAnchor, chainRows, type ChainAnchor } from '../core/audit/tab-chain';
import type { Cell } from '../core/model';
import { TAB } from '../core/schema/tabs';
import { sha256Hex } from '../gas/digest';
import { readDocumentProperties, writeDocumentProperties } from '../gas/properties';
import { appendRows } from '../gas/sheets';

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
 * Appends body rows to a chained tab in one write (hash columns as text), then moves the anchor.
 * `text_columns` are 0-based indexes of the body's text columns.
 */
export function appendChained(tab: string, body: Cell[][], text_columns: readonly number[]): void {
  if (body.length === 0) return;
  const before = readAnchors([tab])[tab] ?? EMPTY_ANCHOR;
  const chained = chainRows(before.head_hash, body, sha256Hex);
  const width = body[0].length;
  appendRows(tab, chained.rows as Cell[][], [...text_columns, width, width + 1]);
  writeDocumentProperties(anchorProperties(tab, advanceAnchor(before, chained)));
}

/** Anchors a tab written whole (a Payout tab) by the seal of its rows. */
export function writeSealAnchor(tab: string, anchor: ChainAnchor): void {
  writeDocumentProperties(anchorProperties(tab, anchor));
}
