// Tamper evidence for the add-on's protected tabs (Ledger, Batches, Audit). Every row ends with two
// cells: `prev_hash`, the hash of the row above it (GENESIS_HASH for the first row), and `row_hash` =
// sha256(prev_hash + '\n' + canonical JSON of the row's other cells). The Audit tab's `prev_hash`,
// `hash` columns are exactly this layout, so one verifier serves every chained tab.
//
// Why a stored prev link and not just a row hash: with it, each row proves itself (its hash matches
// its own cells and link) independently of its neighbours, which is what lets `verify` tell an
// edited row (its hash no longer matches) from a deleted or moved one (it still matches, but points
// at a row that is gone or elsewhere).
//
// Document Properties anchor each tab's row count and head hash (`ChainAnchor`); the shell writes the
// rows first and the anchor last, so the anchor is the system of record.
//
// Cell values read back from Sheets may be numbers or Dates from another realm: `canonicalCell`
// makes hashing stable across a write/read round trip (see there).
import { unneutralise } from '../text/neutralise';
import { GENESIS_HASH, type Sha256Hex } from './chain';

/** The two cells every chained row ends with. Audit names the second one `hash` (AUDIT_COLUMNS). */
export const CHAIN_COLUMNS = ['prev_hash', 'row_hash'] as const;

/** What Document Properties record per protected tab after each write. */
export interface ChainAnchor {
  /** Data rows (header excluded) the add-on has written. */
  rows: number;
  /** `row_hash` of the last of them; GENESIS_HASH when `rows` is 0. */
  head_hash: string;
}

export const EMPTY_ANCHOR: ChainAnchor = Object.freeze({ rows: 0, head_hash: GENESIS_HASH });

export type CanonicalCell = string | number | boolean;


/**
 * A cell as it is hashed. Strings as they are, except that a leading `'` before a formula trigger is
 * dropped (Sheets keeps it as a prefix, not as text, so `'=x` reads back as `=x`); numbers as JS
 * numbers (-0 is 0); booleans as booleans; Dates (from any realm, detected with
 * Object.prototype.toString) as their ISO instant; empty/missing as ''.
 */
export function canonicalCell(value: unknown): CanonicalCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unneutralise(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    return value === 0 ? 0 : value;
  }
  if (typeof value === 'boolean') return value;
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const time = (value as Date).getTime();
    return Number.isNaN(time) ? 'Invalid Date' : new Date(time).toISOString();
  }
  return String(value);
}

/**
 * The canonical JSON of a row's cells. Every cell counts, trailing empty ones included (the Audit
 * tab's hash covers an empty `details`), so body rows must be written at the tab's full width.
 */
export function canonicalRowJson(cells: ReadonlyArray<unknown>): string {
  return JSON.stringify(cells.map(canonicalCell));
}

export function rowHash(prev_hash: string, body: ReadonlyArray<unknown>, sha256: Sha256Hex): string {
  return sha256(`${prev_hash}\n${canonicalRowJson(body)}`);
}

/** Chains body rows onto a head: each row gets `prev_hash` and `row_hash` appended. */
export function chainRows<T>(
  prev_hash: string, rows: ReadonlyArray<ReadonlyArray<T>>, sha256: Sha256Hex,
): { rows: Array<Array<T | string>>; head_hash: string } {
  const out: Array<Array<T | string>> = [];
  let prev = prev_hash;
  for (const body of rows) {
    const hash = rowHash(prev, body, sha256);
    out.push([...body, prev, hash]);
    prev = hash;
  }
  return { rows: out, head_hash: prev };
}

/** The anchor after appending chained rows to a tab whose anchor was `before`. */
export function advanceAnchor(before: ChainAnchor, appended: { rows: ReadonlyArray<unknown>; head_hash: string }): ChainAnchor {
  if (appended.rows.length === 0) return before;
  return { rows: before.rows + appended.rows.length, head_hash: appended.head_hash };
}

/**
 * Tabs that cannot carry hash cells (a `Payout <batch id>` tab must download as the payout file):
 * the anchor holds their row count and the head of a chain computed over the rows but not stored.
 */
export function sealRows(rows: ReadonlyArray<ReadonlyArray<unknown>>, sha256: Sha256Hex): ChainAnchor {
  let head = GENESIS_HASH;
  for (const row of rows) head = rowHash(head, row, sha256);
  return { rows: rows.length, head_hash: head };
}
