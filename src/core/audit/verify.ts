// Verify: recompute every protected tab's chain and compare it with its anchor, and name the FIRST
// bad row of each tab with what happened to it, in words a person can act on.
//
// How a chained tab's first bad row is told apart (see tab-chain.ts for the layout). Walking down,
// row i is fine when its hash matches its own cells and link (self-consistent) and its link names
// the row above. At the first row that is not fine:
//   - not self-consistent, and the row below links to the row above it → inserted (the chain skips it);
//   - not self-consistent otherwise → edited;
//   - self-consistent, and its hash also appears on another row → inserted (a copied row);
//   - self-consistent, linking to a row further down → reordered (moved, swapped or sorted);
//   - self-consistent, linking to a row further up than the one above it, or to the start → inserted;
//   - self-consistent, linking to a row that is nowhere → deleted (the rows above it are gone).
// Rows past the anchored count are `appended` (by hand, or by an action interrupted before it moved
// the anchor); fewer rows than anchored is `truncated`; a clean chain whose head differs from the
// anchor is `anchor_mismatch` (the tab was rewritten, or the anchor changed).
//
// `Payout <batch id>` tabs (renamed `VOID Payout …` / `PAID Payout …` once their batch is voided or
// paid) carry no hash cells: they are sealed by the anchor and compared with the rows the batch says
// they hold (`payoutTabRows`).
import { GENESIS_HASH, type Sha256Hex } from './chain';
import { isPayoutTabName } from '../schema/tabs';
import { canonicalCell, canonicalRowJson, rowHash, sealRows, type ChainAnchor } from './tab-chain';

export const TAMPER_KINDS = ['edited', 'deleted', 'inserted', 'reordered', 'truncated', 'appended', 'anchor_mismatch'] as const;
export type TamperKind = (typeof TAMPER_KINDS)[number];

export interface TamperProblem {
  tab: string;
  /** The sheet row (1-based) where the problem shows. */
  row: number;
  kind: TamperKind;
  message: string;
}

export type VerifyResult = { ok: true } | { ok: false; problems: TamperProblem[] };

export interface TabToVerify {
  name: string;
  /** The tab's rows as read (header excluded for chained tabs; see `first_row`). */
  rows: ReadonlyArray<ReadonlyArray<unknown>>;
  /** The sheet row of `rows[0]`: 2 for chained tabs (row 1 is the header), 1 for sealed tabs. */
  first_row?: number;
  /**
   * Sealed tabs only (Payout tabs): every row the tab must hold, header included, from
   * `payoutTabRows(batch, preset)`. A tab named `Payout …` without it is checked against its anchor only.
   */
  expected_rows?: ReadonlyArray<ReadonlyArray<unknown>>;
}

export interface VerifyAllInput {
  tabs: ReadonlyArray<TabToVerify>;
  /** Per tab name, from Document Properties. A tab with an anchor but missing from `tabs` was deleted. */
  anchors: Readonly<Record<string, ChainAnchor | undefined>>;
  sha256: Sha256Hex;
}

const RESTORE = 'Restore it from version history (File → Version history) or ask a manager to investigate.';

function isSealed(tab: TabToVerify): boolean {
  return tab.expected_rows !== undefined || isPayoutTabName(tab.name);
}

export function verifyAll(input: VerifyAllInput): VerifyResult {
  const problems: TamperProblem[] = [];
  const present = new Set(input.tabs.map((t) => t.name));
  for (const tab of input.tabs) {
    const anchor = input.anchors[tab.name];
    const problem = isSealed(tab)
      ? verifySealedTab(tab.name, tab.rows, tab.expected_rows, anchor, input.sha256, tab.first_row ?? 1)
      : verifyChainedTab(tab.name, tab.rows, anchor, input.sha256, tab.first_row ?? 2);
    if (problem) problems.push(problem);
  }
  for (const [name, anchor] of Object.entries(input.anchors)) {
    if (anchor === undefined || present.has(name) || anchor.rows === 0) continue;
    problems.push({
      tab: name, row: 1, kind: 'truncated',
      message: `The ${name} tab is missing: it held ${anchor.rows} rows written by the add-on and was deleted or renamed. ${RESTORE}`,
    });
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** Drops trailing rows with no content at all (a read range may include cleared rows). */
function withoutTrailingBlanks(rows: ReadonlyArray<ReadonlyArray<unknown>>): ReadonlyArray<ReadonlyArray<unknown>> {
  let end = rows.length;
  while (end > 0 && rows[end - 1]!.every((c) => canonicalCell(c) === '')) end--;
  return rows.slice(0, end);
}

interface Link {
  body: ReadonlyArray<unknown>;
  prev: string;
  hash: string;
}

/** The first bad row of a chained tab (rows end with prev_hash and the row hash), or null. */
export function verifyChainedTab(
  tab: string, all_rows: ReadonlyArray<ReadonlyArray<unknown>>, anchor: ChainAnchor | undefined, sha256: Sha256Hex, first_row = 2,
): TamperProblem | null {
  const rows = withoutTrailingBlanks(all_rows);
  const at = (i: number): number => first_row + i;
  const anchored = anchor?.rows ?? rows.length;
  // One pass holding only the previous hash: a million-row Ledger is walked without a second copy
  // of its cells. The rows are only gathered into links to tell what went wrong at the first bad one.
  let expected_prev = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const link = linkOf(rows[i]!);
    const self_ok = link.hash === rowHash(link.prev, link.body, sha256);
    if (self_ok && link.prev === expected_prev) {
      expected_prev = link.hash;
      continue;
    }
    if (i >= anchored) return appended(tab, at(anchored), rows.length - anchored);
    return classify(tab, rows.map(linkOf), i, expected_prev, self_ok, at);
  }
  if (anchor === undefined) {
    if (rows.length === 0) return null;
    return problem(tab, at(0), 'anchor_mismatch',
      `${tab} has ${rows.length} rows but the workbook holds no record of what the add-on wrote to it (its anchor in Document Properties is missing). ${RESTORE}`);
  }
  if (rows.length < anchor.rows) {
    const missing = anchor.rows - rows.length;
    return problem(tab, at(rows.length), 'truncated',
      `${truncatedAt(tab, rows.length, anchor.rows, at)}: the last ${missing === 1 ? 'row was' : `${missing} rows were`} deleted ` +
      `(from row ${at(rows.length)}). ${RESTORE}`);
  }
  const head = anchor.rows === 0 ? GENESIS_HASH : linkOf(rows[anchor.rows - 1]!).hash;
  if (head !== anchor.head_hash) {
    return problem(tab, at(Math.max(0, anchor.rows - 1)), 'anchor_mismatch',
      `${tab}'s rows are consistent with each other but not with the record of the add-on's last write (Document Properties): ` +
      `the tab was rewritten, or the record was changed. Which row changed cannot be told. ${RESTORE}`);
  }
  if (rows.length > anchor.rows) return appended(tab, at(anchor.rows), rows.length - anchor.rows);
  return null;
}

function linkOf(r: ReadonlyArray<unknown>): Link {
  return { body: r.slice(0, Math.max(0, r.length - 2)), prev: String(canonicalCell(r[r.length - 2])), hash: String(canonicalCell(r[r.length - 1])) };
}

function classify(
  tab: string, links: ReadonlyArray<Link>, i: number, expected_prev: string, self_ok: boolean, at: (i: number) => number,
): TamperProblem {
  const row = at(i);
  if (!self_ok) {
    const next = links[i + 1];
    if (next !== undefined && next.prev === expected_prev) {
      return problem(tab, row, 'inserted', `${tab} row ${row} was inserted by hand: the add-on did not write it, and the rows around it link past it. Delete the row, or restore the tab from version history (File → Version history).`);
    }
    return problem(tab, row, 'edited', `${tab} row ${row} was edited after it was written: its contents no longer match its hash. ${RESTORE}`);
  }
  const link = links[i]!;
  const copy = links.findIndex((l, j) => j !== i && l.hash === link.hash);
  if (copy >= 0) {
    return problem(tab, row, 'inserted', `${tab} row ${row} is a copy of row ${at(copy)} pasted in by hand. Delete the copy, or restore the tab from version history (File → Version history).`);
  }
  const parent = links.findIndex((l) => l.hash === link.prev);
  if (parent > i) {
    return problem(tab, row, 'reordered', `${tab} row ${row} is out of order: it was written after row ${at(parent)}, so rows were moved, swapped or sorted. Undo the sort, or restore the tab from version history (File → Version history).`);
  }
  if (parent >= 0 || link.prev === GENESIS_HASH) {
    return problem(tab, row, 'inserted', `${tab} row ${row} was inserted by hand: it does not follow the row above it, which is already followed correctly elsewhere. Delete the row, or restore the tab from version history (File → Version history).`);
  }
  return problem(tab, row, 'deleted', `${tab}: a row was deleted just above row ${row} (row ${row} no longer follows the row before it). ${RESTORE}`);
}

function appended(tab: string, row: number, count: number): TamperProblem {
  return problem(tab, row, 'appended',
    `${tab} has ${count} row${count === 1 ? '' : 's'} from row ${row} on that the add-on did not record writing (added by hand, or left by an action that was interrupted). ` +
    'Delete them, or run the interrupted action again; ask a manager to investigate if nobody was running one.');
}

function problem(tab: string, row: number, kind: TamperKind, message: string): TamperProblem {
  return { tab, row, kind, message };
}

/**
 * The first bad row of a sealed tab (no hash cells): compared with the rows it must hold when
 * `expected_rows` is given, and with its anchor (row count and head of the unstored chain).
 */
export function verifySealedTab(
  tab: string, all_rows: ReadonlyArray<ReadonlyArray<unknown>>, expected_rows: ReadonlyArray<ReadonlyArray<unknown>> | undefined,
  anchor: ChainAnchor | undefined, sha256: Sha256Hex, first_row = 1,
): TamperProblem | null {
  const rows = withoutTrailingBlanks(all_rows);
  const at = (i: number): number => first_row + i;
  if (expected_rows !== undefined) {
    const found = compareWithExpected(tab, rows, expected_rows, at);
    if (found) return found;
  }
  if (anchor === undefined) {
    if (expected_rows !== undefined) return null;
    return problem(tab, at(0), 'anchor_mismatch', `${tab} has no record of what the add-on wrote to it (its anchor in Document Properties is missing). ${RESTORE}`);
  }
  if (rows.length < anchor.rows) {
    return problem(tab, at(rows.length), 'truncated', `${truncatedAt(tab, rows.length, anchor.rows, at)}: rows from ${at(rows.length)} on were deleted. ${RESTORE}`);
  }
  if (rows.length > anchor.rows) return appended(tab, at(anchor.rows), rows.length - anchor.rows);
  if (sealRows(rows, sha256).head_hash !== anchor.head_hash) {
    const kind: TamperKind = expected_rows === undefined ? 'edited' : 'anchor_mismatch';
    return problem(tab, at(0), kind, `${tab} no longer matches what the add-on wrote (its record in Document Properties): a row was changed. ${RESTORE}`);
  }
  return null;
}

function compareWithExpected(
  tab: string, rows: ReadonlyArray<ReadonlyArray<unknown>>, expected_rows: ReadonlyArray<ReadonlyArray<unknown>>, at: (i: number) => number,
): TamperProblem | null {
  const got = rows.map(canonicalRowJson);
  const want = expected_rows.map(canonicalRowJson);
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  if (i === got.length && i === want.length) return null;
  const row = at(i);
  if (i === want.length) return appended(tab, row, got.length - want.length);
  if (i === got.length) {
    return problem(tab, row, 'truncated', `${tab} ends at row ${row - 1}, but the batch's rows end at row ${at(want.length) - 1}: the rows from ${row} on were deleted. ${RESTORE}`);
  }
  if (got.length === want.length && [...got].sort().join('\n') === [...want].sort().join('\n')) {
    return problem(tab, row, 'reordered', `${tab} row ${row} is out of order: the rows were moved or sorted after the add-on wrote them. Undo the sort, or restore the tab from version history (File → Version history).`);
  }
  if (got.length === want.length - 1 && got.slice(i).join('\n') === want.slice(i + 1).join('\n')) {
    return problem(tab, row, 'deleted', `${tab}: a row was deleted just above row ${row}. ${RESTORE}`);
  }
  if (got.length === want.length + 1 && got.slice(i + 1).join('\n') === want.slice(i).join('\n')) {
    return problem(tab, row, 'inserted', `${tab} row ${row} was inserted by hand: the batch has no such payment. Delete the row, or restore the tab from version history (File → Version history).`);
  }
  return problem(tab, row, 'edited', `${tab} row ${row} was edited after it was written: it no longer matches the approved batch. ${RESTORE}`);
}

/**
 * "Ledger has 26 data rows (its last is row 27), but the add-on wrote 27": data rows and sheet rows
 * are both counted, and said apart, so the two numbers never look like the same thing.
 */
function truncatedAt(tab: string, data_rows: number, written: number, at: (index: number) => number): string {
  const last = data_rows === 0 ? 'only its header is left' : `its last is row ${at(data_rows) - 1}`;
  return `${tab} has ${data_rows} data ${data_rows === 1 ? 'row' : 'rows'} (${last}), but the add-on wrote ${written}`;
}

/**
 * A batch's payout tab is nowhere: no tab carries the id the add-on recorded for it (or, on an
 * older workbook, any of the names it could have). Says which names were looked for.
 */
export function missingPayoutTab(batch_id: string, looked_for: readonly string[]): TamperProblem {
  const names = looked_for.map((n) => `"${n}"`).join(' or ');
  return problem(looked_for[0] ?? batch_id, 1, 'truncated',
    `The payout tab of batch ${batch_id} is missing: no tab is the one the add-on wrote (looked for ${names}); it was deleted, ` +
    `or renamed and replaced. If it was renamed, name it ${names.split(' or ')[0]} again; otherwise ${RESTORE.charAt(0).toLowerCase()}${RESTORE.slice(1)}`);
}

/** A tab named like a payout tab that the add-on did not write: nobody verifies its rows. */
export function lookalikePayoutTab(name: string, real: string | null): string {
  return `The "${name}" tab is named like a payout tab but Partner Ledger did not write it` +
    `${real === null ? '' : ` (the record of that batch is the "${real}" tab)`}: its rows are not verified and may not be what was approved. ` +
    'Finance must pay only from Export (sidebar → Download payout CSV; locally partner-ledger export), never from a tab. Rename or delete this tab if it is yours.';
}
