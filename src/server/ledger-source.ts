// Reads the add-on's own records: the Ledger and the managers' review decisions, each with one read.
// These tabs are written only by the add-on, so a row that does not read back is damage: it stops
// every action that would build on it, and Verify says which row and how.
import { CHAIN_COLUMNS } from '../core/audit/tab-chain';
import { entryFromRow, entryToRow, LEDGER_COLUMNS, LEDGER_TEXT_COLUMN_INDEXES, type LedgerEntry, type ReviewDecision } from '../core/earnings';
import type { RowError } from '../core/model';
import { REVIEW_COLUMNS, TAB } from '../core/schema/tabs';
import { fitsBudget } from '../gas/budget';
import { FIRST_DATA_ROW, readTab, reserveRows } from '../gas/sheets';
import { appendChained } from './chained-tabs';

export type Loaded<T> = { ok: true; records: T[] } | { ok: false; errors: RowError[] };

export function readLedger(): Loaded<LedgerEntry> {
  const tab = readTab(TAB.ledger);
  if (!tab) return { ok: true, records: [] };
  const records: LedgerEntry[] = [];
  const errors: RowError[] = [];
  tab.rows.forEach((row, i) => {
    if (row.every((cell) => cell === '' || cell === null)) return;
    const read = entryFromRow(row, FIRST_DATA_ROW + i);
    if ('error' in read) errors.push(read.error);
    else records.push(read);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, records };
}

export function readReviews(): Loaded<ReviewDecision> {
  const tab = readTab(TAB.reviews);
  if (!tab) return { ok: true, records: [] };
  const at = (name: (typeof REVIEW_COLUMNS)[number]) => REVIEW_COLUMNS.indexOf(name);
  const records: ReviewDecision[] = [];
  const errors: RowError[] = [];
  tab.rows.forEach((row, i) => {
    if (row.every((cell) => cell === '')) return;
    const decision = String(row[at('decision')]);
    if (decision !== 'clear' && decision !== 'reject') {
      errors.push({ tab: TAB.reviews, row: FIRST_DATA_ROW + i, column: 'decision', code: 'REVIEW_ROW_INVALID', message: 'is neither clear nor reject: the Reviews tab was edited by hand', value: decision });
      return;
    }
    records.push({
      at: String(row[at('at_utc')]),
      entry_id: String(row[at('entry_id')]),
      decision,
      reason: String(row[at('reason')]),
      actor: String(row[at('actor')]),
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, records };
}

export const DAMAGED_MESSAGE =
  'Some rows of the add-on\'s own tabs cannot be read back (they were edited by hand). Nothing was ' +
  'changed. Run Verify to see which rows, and restore them from File → Version history.';

/** Entries per Ledger write: 160,000 cells, a size one setValues takes comfortably. */
export const LEDGER_CHUNK_ENTRIES = 5_000;

/**
 * Appends entries to the Ledger chain, text columns kept as text (dates stay ISO strings): one
 * chained write per `LEDGER_CHUNK_ENTRIES`, each complete with its anchor. With `budgeted`, stops
 * before a chunk that would not fit the action's time budget (the first always runs). Returns how
 * many entries were written: always a prefix of `entries`, so the next run continues after it.
 */
export function appendLedgerEntries(entries: readonly LedgerEntry[], options: { budgeted: boolean } = { budgeted: false }): number {
  let written = 0;
  let slowest_chunk_ms = 0;
  if (entries.length > LEDGER_CHUNK_ENTRIES) reserveRows(TAB.ledger, entries.length);
  for (let chunks = 0; written < entries.length; chunks++) {
    if (options.budgeted && !fitsBudget(slowest_chunk_ms, chunks)) break;
    const chunk = entries.slice(written, written + LEDGER_CHUNK_ENTRIES);
    const started_ms = Date.now();
    appendChained(TAB.ledger, chunk.map(entryToRow), LEDGER_TEXT_COLUMN_INDEXES);
    slowest_chunk_ms = Math.max(slowest_chunk_ms, Date.now() - started_ms);
    written += chunk.length;
  }
  return written;
}

/** The Ledger's header: the entry's columns, then the chain's. */
export const LEDGER_TAB_HEADER: readonly string[] = [...LEDGER_COLUMNS, ...CHAIN_COLUMNS];
