// Tab names and the canonical columns of every tab: the one source of truth for both. The add-on
// writes exactly these headers; the importer maps the user's headers onto the input ones.

export const TAB = {
  partners: 'Partners',
  conversions: 'Conversions',
  rules: 'Rules',
  fx: 'FX',
  settings: 'Settings',
  ledger: 'Ledger',
  batches: 'Batches',
  exceptions: 'Exceptions',
  audit: 'Audit',
  reviews: 'Reviews',
  dashboard: 'Dashboard',
} as const;

export type TabName = (typeof TAB)[keyof typeof TAB];

/** The tab that holds an approved batch's payout lines: the approval record (finance pays from Export). */
export function payoutTabName(batch_id: string): string {
  return `Payout ${batch_id}`;
}

/**
 * The name the payout tab of a batch in `state` carries: a voided batch's tab is renamed
 * `VOID Payout …` and a paid batch's `PAID Payout …`, so nobody pays from a closed batch's record.
 * The tab keeps its anchor under `payoutTabName` (its rows never change).
 */
export function payoutTabNameIn(batch_id: string, state: string): string {
  if (state === 'voided') return `VOID ${payoutTabName(batch_id)}`;
  if (state === 'paid') return `PAID ${payoutTabName(batch_id)}`;
  return payoutTabName(batch_id);
}

/** Whether a tab is a payout tab (under any of its names). */
export function isPayoutTabName(name: string): boolean {
  return /^((VOID|PAID) )?Payout /.test(name);
}

/**
 * Whether a tab's name reads like a batch's payout tab to a person (any state prefix, any case or
 * spacing): such a tab the add-on did not write is a lookalike someone might pay from.
 */
export function looksLikePayoutTabName(name: string): boolean {
  return /^\s*((void|paid)\s+)?payout\s+b-/i.test(name);
}

/**
 * Whether `name` is the payout tab name for `state`, or the distinct form the add-on gives it when
 * a tab it did not write already has that name (`VOID Payout B-… (2)`).
 */
export function isPayoutTabNameIn(name: string, batch_id: string, state: string): boolean {
  const wanted = payoutTabNameIn(batch_id, state);
  return name === wanted || (name.startsWith(`${wanted} (`) && /^ \(\d+\)$/.test(name.slice(wanted.length)));
}

/** `wanted`, or `wanted (2)`, `(3)`… : the first name `taken` does not hold (a name the add-on may give a tab). */
export function distinctTabName(wanted: string, taken: (name: string) => boolean, limit = 100): string | null {
  if (!taken(wanted)) return wanted;
  for (let n = 2; n <= limit; n++) if (!taken(`${wanted} (${n})`)) return `${wanted} (${n})`;
  return null;
}

export const PARTNER_COLUMNS = [
  'partner_id', 'name', 'code', 'aliases', 'email', 'rate', 'flat_fee', 'status',
  'payout_method', 'payout_account', 'country',
] as const;

export const CONVERSION_COLUMNS = [
  'order_id', 'code', 'customer_id', 'customer_email', 'amount', 'currency', 'date', 'type', 'product',
] as const;

export const RULE_COLUMNS = [
  'rule_id', 'partner_code', 'product', 'rate', 'flat_fee', 'effective_from', 'effective_to', 'max_months',
] as const;

export const FX_COLUMNS = ['date', 'currency', 'rate'] as const;

export const SETTINGS_COLUMNS = ['key', 'value', 'help'] as const;

/** Columns the add-on adds to an input tab to remember which import a row came from. */
export const IMPORT_ID_COLUMN = 'import_id';

/**
 * Where an import records what it could not put in the row's own cells (a line with more fields than
 * the file has columns, a cell cut to fit a sheet), in words. A non-blank cell keeps the row from
 * being posted until the user fixes the row and clears it.
 */
export const IMPORT_PROBLEM_COLUMN = 'import_problem';

/** The bookkeeping columns an import adds after an input tab's canonical ones, in this order. */
export const IMPORT_COLUMNS = [IMPORT_ID_COLUMN, IMPORT_PROBLEM_COLUMN] as const;

/** `stage` says which action found it (validate, post, batch), so each action replaces only its own. */
export const EXCEPTION_COLUMNS = ['stage', 'tab', 'row', 'column', 'code', 'message', 'value', 'detected_at'] as const;

/** Managers' decisions on held entries, append-only: the latest decision on an entry is in force. */
export const REVIEW_COLUMNS = ['at_utc', 'entry_id', 'decision', 'reason', 'actor'] as const;

export const AUDIT_COLUMNS = ['time_utc', 'actor', 'action', 'subject', 'details', 'prev_hash', 'hash'] as const;

export type PartnerColumn = (typeof PARTNER_COLUMNS)[number];
export type ConversionColumn = (typeof CONVERSION_COLUMNS)[number];
export type RuleColumn = (typeof RULE_COLUMNS)[number];
export type FxColumn = (typeof FX_COLUMNS)[number];
