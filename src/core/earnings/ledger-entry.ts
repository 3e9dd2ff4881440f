// One row of the Ledger tab: one money movement, append-only. `LEDGER_COLUMNS` is the tab's header
// and the only list of its columns; `entryToRow`/`entryFromRow` are the shell's two directions.
// Amounts are stored as integer minor units (columns ending in `_minor`), never as decimals, so a
// round trip through the sheet is exact.
import type {
  BasisPoints, Cell, CurrencyCode, DecimalString, EntryId, ImportId, IsoDate, MinorUnits, PartnerId, RowError,
} from '../model';
import { TAB } from '../schema/tabs';
import { neutralise, unneutralise } from '../text/neutralise';
import { isIsoDate } from './dates';

export const ENTRY_KINDS = ['commission', 'reversal', 'clawback', 'rejection', 'adjustment', 'payout'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** How the partner was found: the row's own code, or the customer's binding (renewal, first touch). */
export type AttributionBasis = 'code' | 'customer' | '';
export type ReviewState = '' | 'held';

export interface LedgerEntry {
  entry_id: EntryId;
  idempotency_key: string;
  kind: EntryKind;
  partner_id: PartnerId;
  /** The code the conversion row carried ('' when none); the partner is `partner_id`. */
  partner_code: string;
  attribution: AttributionBasis;
  order_id: string;
  /** `id:<customer_id>`, `email:<email>`, or both joined by `|` ('' when the row named neither). */
  customer_key: string;
  product: string;
  import_id: ImportId;
  source_tab: string;
  source_row: number;
  /** The date of the row that caused the entry: the sale date, or the refund date for reversals. */
  conversion_date: IsoDate;
  /** The as-of date of the post that wrote the entry. */
  posted_on: IsoDate;
  eligible_on: IsoDate;
  /** The row's amount in its own currency (for reversals: the refund as written, before any cap). */
  original_amount_minor: MinorUnits;
  original_currency: CurrencyCode;
  /** 1 unit of `original_currency` = `fx_rate` units of `base_currency`; '1' for base-currency sales. */
  fx_rate: DecimalString;
  base_currency: CurrencyCode;
  /** The sale (or this refund's share of it) in base minor units; never negative. */
  base_amount_minor: MinorUnits;
  rate_bps: BasisPoints;
  flat_fee_minor: MinorUnits;
  /** '' when the partner's own rate applied. */
  rule_id: string;
  /** A hash of the rule's terms when it was used ('' for the partner's own rate). */
  rule_version: string;
  /** Signed, base minor units: what this entry adds to (or takes from) the partner's balance. */
  amount_minor: MinorUnits;
  /** Review reason codes, comma-separated. */
  flags: string;
  review: ReviewState;
  /** For reversals, clawbacks and rejections: the commission they offset. */
  ref_entry_id: EntryId;
  /** Who caused the entry when a person did (rejections); '' for posted conversions. */
  actor: string;
  /** Why: recurring limit reached, refund capped, first touch kept, rejection reason. */
  note: string;
}

export const LEDGER_COLUMNS = [
  'entry_id', 'idempotency_key', 'kind', 'partner_id', 'partner_code', 'attribution', 'order_id',
  'customer_key', 'product', 'import_id', 'source_tab', 'source_row', 'conversion_date', 'posted_on',
  'eligible_on', 'original_amount_minor', 'original_currency', 'fx_rate', 'base_currency',
  'base_amount_minor', 'rate_bps', 'flat_fee_minor', 'rule_id', 'rule_version', 'amount_minor', 'flags',
  'review', 'ref_entry_id', 'actor', 'note',
] as const satisfies ReadonlyArray<keyof LedgerEntry>;

export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

/** Columns written as numbers; every other column is text (formatted as plain text in the sheet). */
export const LEDGER_NUMBER_COLUMNS: ReadonlySet<LedgerColumn> = new Set([
  'source_row', 'original_amount_minor', 'base_amount_minor', 'rate_bps', 'flat_fee_minor', 'amount_minor',
]);
const DATE_COLUMNS: ReadonlySet<LedgerColumn> = new Set(['conversion_date', 'posted_on', 'eligible_on']);

// Every key of LedgerEntry must be a column, and every column a key: checked at compile time.
type MissingColumns = Exclude<keyof LedgerEntry, LedgerColumn>;
const allKeysAreColumns: MissingColumns extends never ? true : never = true;
void allKeysAreColumns;


/** The entry as the Ledger tab's row, in `LEDGER_COLUMNS` order. */
export function entryToRow(e: LedgerEntry): (string | number)[] {
  return LEDGER_COLUMNS.map((column) => {
    const value = e[column];
    return typeof value === 'number' ? value : neutralise(value);
  });
}

function rowError(sheetRow: number, column: string, message: string, value: Cell | undefined): { error: RowError } {
  return {
    error: { tab: TAB.ledger, row: sheetRow, column, code: 'LEDGER_ROW_INVALID', message, value: String(value ?? '') },
  };
}

/**
 * Reads a Ledger row written by `entryToRow`. The Ledger is written only by the add-on, so a row
 * that does not read back is damage (an edit, a paste, a lost plain-text format), reported as a
 * value for the shell to show; `verify` in the audit chain says which edit it was.
 */
export function entryFromRow(row: ReadonlyArray<Cell>, sheetRow: number): LedgerEntry | { error: RowError } {
  if (row.length < LEDGER_COLUMNS.length) {
    return rowError(sheetRow, '', `has ${row.length} cells, expected ${LEDGER_COLUMNS.length}`, '');
  }
  const v: Array<string | number> = new Array<string | number>(LEDGER_COLUMNS.length);
  for (let i = 0; i < LEDGER_COLUMNS.length; i++) {
    const cell = row[i];
    if (COLUMN_KIND[i] === NUMBER) {
      const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^-?\d+$/.test(cell.trim()) ? Number(cell) : NaN;
      if (!Number.isSafeInteger(n)) return rowError(sheetRow, LEDGER_COLUMNS[i]!, `${LEDGER_COLUMNS[i]!} is not a whole number`, cell);
      v[i] = n;
      continue;
    }
    if (typeof cell !== 'string' && typeof cell !== 'number') {
      return rowError(sheetRow, LEDGER_COLUMNS[i]!, `${LEDGER_COLUMNS[i]!} must be plain text (the column lost its text format?)`, cell);
    }
    const text = typeof cell === 'number' ? String(cell) : unneutralise(cell);
    if (COLUMN_KIND[i] === DATE && !isIsoDate(text)) return rowError(sheetRow, LEDGER_COLUMNS[i]!, `${LEDGER_COLUMNS[i]!} is not a YYYY-MM-DD date`, cell);
    v[i] = text;
  }
  const entry = entryOfValues(v);
  if (!(ENTRY_KINDS as readonly string[]).includes(entry.kind)) {
    return rowError(sheetRow, 'kind', `kind must be one of ${ENTRY_KINDS.join(', ')}`, entry.kind);
  }
  if (entry.review !== '' && entry.review !== 'held') return rowError(sheetRow, 'review', "review must be '' or held", entry.review);
  if (!['', 'code', 'customer'].includes(entry.attribution)) {
    return rowError(sheetRow, 'attribution', "attribution must be '', code or customer", entry.attribution);
  }
  return entry;
}

const TEXT = 0;
const NUMBER = 1;
const DATE = 2;
const COLUMN_KIND: readonly number[] = LEDGER_COLUMNS.map((c) => (LEDGER_NUMBER_COLUMNS.has(c) ? NUMBER : DATE_COLUMNS.has(c) ? DATE : TEXT));

/**
 * The entry from its cells' values in LEDGER_COLUMNS order, as one object literal with its keys in
 * the order the engine writes new entries: entries read from the Ledger and entries just posted
 * then share one shape, which keeps the core's property reads on them fast (a million-entry Ledger
 * is read by every money action). The ledger tests read every written column back unchanged.
 */
function entryOfValues(v: ReadonlyArray<string | number>): LedgerEntry {
  const s = (i: number) => v[i] as string;
  const n = (i: number) => v[i] as number;
  return {
    entry_id: s(0), idempotency_key: s(1), kind: s(2) as EntryKind, partner_id: s(3), partner_code: s(4),
    attribution: s(5) as AttributionBasis, order_id: s(6), customer_key: s(7), product: s(8), import_id: s(9),
    source_tab: s(10), source_row: n(11), conversion_date: s(12), posted_on: s(13), eligible_on: s(14),
    original_amount_minor: n(15), original_currency: s(16), fx_rate: s(17), base_currency: s(18), base_amount_minor: n(19),
    rate_bps: n(20), flat_fee_minor: n(21), rule_id: s(22), rule_version: s(23), amount_minor: n(24),
    flags: s(25), review: s(26) as ReviewState, ref_entry_id: s(27), actor: s(28), note: s(29),
  };
}

/** 0-based indexes of the Ledger's text columns, to format as plain text before writing. */
export const LEDGER_TEXT_COLUMN_INDEXES: readonly number[] = LEDGER_COLUMNS.flatMap((c, i) => (LEDGER_NUMBER_COLUMNS.has(c) ? [] : [i]));
