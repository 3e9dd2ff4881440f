// The Batches tab: append-only, and the only record of batches. A batch's state is never stored;
// it is derived by replaying the tab's rows through the state machine:
//   - `line` rows (written once, when the batch is created): one per partner and currency, with the
//     payee details, amount, entry count, payout fingerprint and the first chunk of entry ids;
//   - `entries` rows: continuation chunks of a line's entry ids (a cell holds at most 50,000
//     characters, so long lists are split);
//   - `event` rows: one per transition (created, approved, rejected, paid, voided) with actor, time,
//     content hash and a JSON `detail` (as_of, preset, reference, reason, totals per currency).
// The tab is narrow on purpose (a spreadsheet holds at most 10,000,000 cells): the columns are shared
// between the row kinds, and every row ends with the chain's `prev_hash` and `row_hash`.
import type { Cell, CurrencyCode, EntryId, PayoutMethod, RowError } from '../model';
import type { PayoutPreset } from '../settings';
import { TAB } from '../schema/tabs';
import { neutralise } from '../text/neutralise';
import type { Sha256Hex } from '../audit/chain';
import { canonicalCell, CHAIN_COLUMNS } from '../audit/tab-chain';
import type { BatchMembership } from '../earnings/status';
import {
  BATCH_EVENTS, batchContentHash, batchViolations, compareLines, holdsEntries, totalsOf,
  type Batch, type BatchEvent, type BatchEventKind, type BatchLine, type CurrencyTotal,
} from './model';
import { applyEvent, membershipOf } from './state';

export const BATCH_COLUMNS = [
  'batch_id', 'record', 'event', 'actor', 'at_utc', 'partner_id', 'name', 'payout_method', 'payout_account',
  'currency', 'amount_minor', 'entry_count', 'hash', 'detail', 'entry_ids',
] as const;
export type BatchColumn = (typeof BATCH_COLUMNS)[number];

/** The tab's header: the batch columns, then the hash chain's two columns. */
export const BATCHES_TAB_HEADER: readonly string[] = [...BATCH_COLUMNS, ...CHAIN_COLUMNS];

export const BATCH_RECORDS = ['event', 'line', 'entries'] as const;
export type BatchRecord = (typeof BATCH_RECORDS)[number];

/** Entry ids per cell stay under this many characters (Sheets' limit is 50,000). */
export const ENTRY_IDS_CELL_MAX_CHARS = 45000;

export type BatchRow = Array<string | number>;

const COL = Object.fromEntries(BATCH_COLUMNS.map((c, i) => [c, i])) as Record<BatchColumn, number>;

function emptyRow(): BatchRow {
  return BATCH_COLUMNS.map(() => '');
}

function put(row: BatchRow, values: Partial<Record<BatchColumn, string | number>>): BatchRow {
  for (const [column, value] of Object.entries(values) as Array<[BatchColumn, string | number]>) {
    row[COL[column]] = typeof value === 'string' ? neutralise(value) : value;
  }
  return row;
}

/** Splits entry ids into comma-joined chunks that each fit in a cell. */
export function chunkEntryIds(ids: ReadonlyArray<EntryId>, max_chars = ENTRY_IDS_CELL_MAX_CHARS): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const id of ids) {
    if (id === '' || id.includes(',') || id.length > max_chars) throw new Error(`entry id cannot be stored in the Batches tab: "${id}"`);
    if (current !== '' && current.length + 1 + id.length > max_chars) {
      chunks.push(current);
      current = '';
    }
    current = current === '' ? id : `${current},${id}`;
  }
  return current === '' && chunks.length > 0 ? chunks : [...chunks, current];
}

/** The `line` row and its `entries` continuation rows. */
export function lineRows(batch_id: string, line: BatchLine, max_chars = ENTRY_IDS_CELL_MAX_CHARS): BatchRow[] {
  const [first = '', ...rest] = chunkEntryIds(line.entry_ids, max_chars);
  const head = put(emptyRow(), {
    batch_id, record: 'line', partner_id: line.partner_id, name: line.name, payout_method: line.payout_method,
    payout_account: line.payout_account, currency: line.currency, amount_minor: line.amount_minor,
    entry_count: line.entry_count, hash: line.fingerprint, entry_ids: first,
  });
  const more = rest.map((ids) => put(emptyRow(), { batch_id, record: 'entries', partner_id: line.partner_id, currency: line.currency, entry_ids: ids }));
  return [head, ...more];
}

interface EventDetail {
  as_of?: string;
  preset?: string;
  reference?: string;
  reason?: string;
  /** [currency, amount_minor, line_count] per currency. */
  totals: Array<[CurrencyCode, number, number]>;
}

/** One `event` row. */
export function eventRow(event: BatchEvent): BatchRow {
  const detail: EventDetail = { totals: event.totals.map((t) => [t.currency, t.amount_minor, t.line_count]) };
  const ordered: EventDetail = {
    ...(event.as_of ? { as_of: event.as_of } : {}), ...(event.preset ? { preset: event.preset } : {}),
    ...(event.reference ? { reference: event.reference } : {}), ...(event.reason ? { reason: event.reason } : {}), ...detail,
  };
  return put(emptyRow(), {
    batch_id: event.batch_id, record: 'event', event: event.event, actor: event.actor, at_utc: event.at_utc,
    hash: event.content_hash, detail: JSON.stringify(ordered),
  });
}

/** Every row of a batch: its lines, then its events (a new batch: lines and the `created` event). */
export function batchRowsFor(batch: Batch, max_chars = ENTRY_IDS_CELL_MAX_CHARS): BatchRow[] {
  return [...batch.lines.flatMap((l) => lineRows(batch.batch_id, l, max_chars)), ...batch.events.map(eventRow)];
}

export interface ReadBatchesResult {
  /** In order of creation, each in its current state. */
  batches: Batch[];
  membership: BatchMembership;
  /** Damaged or impossible rows: shown to the user; `verify` says how the tab was changed. */
  errors: RowError[];
}

interface Draft {
  batch_id: string;
  lines: Map<string, DraftLine>;
  events: Array<{ event: BatchEvent; row: number }>;
}

interface DraftLine {
  line: BatchLine;
  row: number;
  /** The payee text exactly as the cells hold it, for batches hashed before reads removed the `'` (see `replay`). */
  as_stored: Pick<BatchLine, 'name' | 'payout_account'>;
}

/** A cell as the add-on wrote it: neutralised text comes back without its `'` (as it is hashed). */
function text(cell: unknown): string {
  return String(canonicalCell(cell));
}

function storedText(cell: unknown): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

function wholeNumber(cell: unknown): number | null {
  const v = canonicalCell(cell);
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Replays the Batches tab (data rows, header excluded; chain cells may follow). Needs the hash
 * function to recompute each batch's content hash from its lines: a batch whose lines no longer
 * match what was created is reported.
 */
export function readBatches(rows: ReadonlyArray<ReadonlyArray<Cell | unknown>>, options: { sha256: Sha256Hex; first_row?: number }): ReadBatchesResult {
  const first_row = options.first_row ?? 2;
  const errors: RowError[] = [];
  const error = (row: number, column: string, message: string, value: unknown = ''): void => {
    errors.push({ tab: TAB.batches, row, column, code: 'BATCH_ROW_INVALID', message, value: text(value) });
  };
  const drafts = new Map<string, Draft>();
  rows.forEach((cells, i) => readRow(cells, first_row + i, drafts, error));
  const batches: Batch[] = [];
  const created_rows = new Map<string, number>();
  for (const draft of drafts.values()) {
    const batch = replay(draft, options.sha256, error);
    if (batch === null) continue;
    batches.push(batch);
    created_rows.set(batch.batch_id, draft.events[0]!.row);
  }
  checkEntriesHeldOnce(batches, created_rows, error);
  return { batches, membership: membershipOf(batches), errors };
}

type ErrorFn = (row: number, column: string, message: string, value?: unknown) => void;

function readRow(cells: ReadonlyArray<unknown>, row: number, drafts: Map<string, Draft>, error: ErrorFn): void {
  const get = (c: BatchColumn): unknown => cells[COL[c]];
  if (cells.every((c) => text(c) === '')) return;
  const batch_id = text(get('batch_id')).trim();
  const record = text(get('record'));
  if (batch_id === '') return error(row, 'batch_id', 'batch_id is empty');
  if (!(BATCH_RECORDS as readonly string[]).includes(record)) return error(row, 'record', `record must be ${BATCH_RECORDS.join(', ')}`, get('record'));
  let draft = drafts.get(batch_id);
  if (draft === undefined) {
    draft = { batch_id, lines: new Map(), events: [] };
    drafts.set(batch_id, draft);
  }
  const partner_id = text(get('partner_id'));
  const currency = text(get('currency'));
  const key = `${partner_id}\u0000${currency}`;
  const ids = text(get('entry_ids')).split(',').filter((id) => id !== '');
  if (record === 'entries') {
    const line = draft.lines.get(key);
    if (line === undefined) return error(row, 'partner_id', `entries row for ${partner_id} ${currency} does not follow its line row`, partner_id);
    line.line.entry_ids.push(...ids);
    return;
  }
  if (record === 'line') {
    const amount_minor = wholeNumber(get('amount_minor'));
    const entry_count = wholeNumber(get('entry_count'));
    if (amount_minor === null) return error(row, 'amount_minor', 'amount_minor is not a whole number', get('amount_minor'));
    if (entry_count === null) return error(row, 'entry_count', 'entry_count is not a whole number', get('entry_count'));
    if (draft.lines.has(key)) return error(row, 'partner_id', `batch ${batch_id} has two lines for ${partner_id} ${currency}`, partner_id);
    if (draft.events.length > 0) return error(row, 'record', `line row after batch ${batch_id} was created: lines are fixed when a batch is created`);
    draft.lines.set(key, {
      row,
      line: {
        partner_id, name: text(get('name')), payout_method: text(get('payout_method')) as PayoutMethod | '',
        payout_account: text(get('payout_account')), currency, amount_minor, entry_ids: ids, entry_count, fingerprint: text(get('hash')),
      },
      as_stored: { name: storedText(get('name')), payout_account: storedText(get('payout_account')) },
    });
    return;
  }
  const event = readEvent(batch_id, get, row, error);
  if (event !== null) draft.events.push({ event, row });
}

function readEvent(batch_id: string, get: (c: BatchColumn) => unknown, row: number, error: ErrorFn): BatchEvent | null {
  const kind = text(get('event'));
  if (!(BATCH_EVENTS as readonly string[]).includes(kind)) {
    error(row, 'event', `event must be ${BATCH_EVENTS.join(', ')}`, get('event'));
    return null;
  }
  let detail: EventDetail;
  try {
    detail = JSON.parse(text(get('detail'))) as EventDetail;
    if (!Array.isArray(detail.totals)) throw new Error('no totals');
  } catch {
    error(row, 'detail', 'detail is not the JSON the add-on wrote', get('detail'));
    return null;
  }
  const totals: CurrencyTotal[] = detail.totals.map(([currency, amount_minor, line_count]) => ({ currency, amount_minor, line_count }));
  return {
    batch_id, event: kind as BatchEventKind, actor: text(get('actor')), at_utc: text(get('at_utc')), content_hash: text(get('hash')),
    totals, as_of: detail.as_of ?? '', preset: (detail.preset ?? '') as PayoutPreset | '', reference: detail.reference ?? '', reason: detail.reason ?? '',
  };
}

function replay(draft: Draft, sha256: Sha256Hex, error: ErrorFn): Batch | null {
  const [created, ...later] = draft.events;
  const first_row = Math.min(...[...draft.lines.values()].map((l) => l.row), ...draft.events.map((e) => e.row));
  if (created === undefined || created.event.event !== 'created') {
    error(created?.row ?? first_row, 'event', `batch ${draft.batch_id} has no created event before its other rows: it was not fully written, and is ignored`);
    return null;
  }
  for (const { line, row } of draft.lines.values()) {
    line.entry_ids.sort();
    if (line.entry_ids.length !== line.entry_count) {
      error(row, 'entry_count', `line ${line.partner_id} ${line.currency} of batch ${draft.batch_id} lists ${line.entry_ids.length} entry ids but says ${line.entry_count}`, line.entry_count);
    }
  }
  const c = created.event;
  let batch = createdBatch(draft, c, [...draft.lines.values()].map((l) => l.line), sha256);
  if (batch.content_hash !== c.content_hash) {
    // Earlier versions read the Partners tab with the import's `'` kept, so a name or account such
    // as `@fitness.guru` was hashed as `'@fitness.guru`: such a batch matches its cells as stored.
    const as_stored = createdBatch(draft, c, [...draft.lines.values()].map((l) => ({ ...l.line, ...l.as_stored })), sha256);
    if (as_stored.content_hash === c.content_hash) batch = as_stored;
  }
  if (batch.content_hash !== c.content_hash) {
    error(created.row, 'hash', `batch ${draft.batch_id}'s lines no longer match the content hash recorded when it was created: the Batches tab was changed (run Verify)`, c.content_hash);
  }
  if (JSON.stringify(batch.totals) !== JSON.stringify(c.totals)) {
    error(created.row, 'detail', `batch ${draft.batch_id}'s totals do not equal the sum of its lines`, JSON.stringify(c.totals));
  }
  for (const v of batchViolations(batch)) error(created.row, 'batch_id', v, draft.batch_id);
  for (const { event, row } of later) {
    if (event.event === 'created') {
      error(row, 'event', `batch ${draft.batch_id} is created twice`);
      continue;
    }
    const next = applyEvent(batch, event);
    if ('ok' in next) {
      error(row, 'event', next.message, event.event);
      continue;
    }
    if (event.content_hash !== c.content_hash) error(row, 'hash', `the ${event.event} event of batch ${draft.batch_id} names another content hash than its creation`, event.content_hash);
    batch = next;
  }
  return batch;
}

/** The batch as its `created` event made it, its content hash recomputed from `lines`. */
function createdBatch(draft: Draft, c: BatchEvent, lines: BatchLine[], sha256: Sha256Hex): Batch {
  const sorted = [...lines].sort(compareLines);
  const batch: Batch = {
    batch_id: draft.batch_id, state: 'draft', as_of: c.as_of, created_by: c.actor, created_at_utc: c.at_utc, lines: sorted,
    totals: totalsOf(sorted), content_hash: '', events: [c],
  };
  batch.content_hash = batchContentHash(batch, sha256);
  return batch;
}

/** An entry is in at most one batch that holds entries (rejected and voided batches released theirs). */
function checkEntriesHeldOnce(batches: ReadonlyArray<Batch>, created_rows: ReadonlyMap<string, number>, error: ErrorFn): void {
  const holder = new Map<EntryId, string>();
  for (const b of batches) {
    if (!holdsEntries(b.state)) continue;
    for (const line of b.lines) {
      for (const id of line.entry_ids) {
        const other = holder.get(id);
        if (other !== undefined) error(created_rows.get(b.batch_id) ?? 0, 'entry_ids', `entry ${id} is in batch ${other} and batch ${b.batch_id}: an entry may be in one batch only`, id);
        else holder.set(id, b.batch_id);
      }
    }
  }
}
