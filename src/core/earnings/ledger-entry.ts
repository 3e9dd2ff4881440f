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
  const entry: Record<string, string | number> = {};
  for (let i = 0; i < LEDGER_COLUMNS.length; i++) {
    const column = LEDGER_COLUMNS[i]!;
    const cell = row[i];
    if (LEDGER_NUMBER_COLUMNS.has(column)) {
      const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^-?\d+$/.test(cell.trim()) ? Number(cell) : NaN;
      if (!Number.isSafeInteger(n)) return rowError(sheetRow, column, `${column} is not a whole number`, cell);
      entry[column] = n;
      continue;
    }
    if (typeof cell !== 'string' && typeof cell !== 'number') {
      return rowError(sheetRow, column, `${column} must be plain text (the column lost its text format?)`, cell);
    }
    const text = typeof cell === 'number' ? String(cell) : unneutralise(cell);
    if (DATE_COLUMNS.has(column) && !isIsoDate(text)) {
      return rowError(sheetRow, column, `${column} is not a YYYY-MM-DD date`, cell);
    }
    entry[column] = text;
  }
  if (!(ENTRY_KINDS as readonly string[]).includes(entry.kind as string)) {
    return rowError(sheetRow, 'kind', `kind must be one of ${ENTRY_KINDS.join(', ')}`, entry.kind);
  }
  if (entry.review !== '' && entry.review !== 'held') return rowError(sheetRow, 'review', "review must be '' or held", entry.review);
  if (!['', 'code', 'customer'].includes(entry.attribution as string)) {
    return rowError(sheetRow, 'attribution', "attribution must be '', code or customer", entry.attribution);
  }
  return entry as unknown as LedgerEntry;
}

/** 0-based indexes of the Ledger's text columns, to format as plain text before writing. */
export const LEDGER_TEXT_COLUMN_INDEXES: readonly number[] = LEDGER_COLUMNS.flatMap((c, i) => (LEDGER_NUMBER_COLUMNS.has(c) ? [] : [i]));
