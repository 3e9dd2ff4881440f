// The domain vocabulary shared by every part of the core. Units go last in names (`amount_minor`,
// `rate_bps`, `hold_days`) so that related names line up and a reader always knows the unit.

/** An amount of money in integer minor units of a currency (cents for USD, yen for JPY). */
export type MinorUnits = number;
/** A rate in basis points: 1 bp = 0.01 %, 10000 bp = 100 %. Always an integer. */
export type BasisPoints = number;
/** A calendar date `YYYY-MM-DD` in the settings time zone. */
export type IsoDate = string;
/** An ISO 4217 currency code, upper case (`USD`). */
export type CurrencyCode = string;
/** An exact decimal written as a string (`"1.0825"`), e.g. an FX rate; never a float. */
export type DecimalString = string;
export type PartnerId = string;
export type EntryId = string;
export type ImportId = string;
export type BatchId = string;
export type Email = string;

/** A cell value as `Range.getValues()` returns it: '' for an empty cell. */
export type Cell = string | number | boolean | Date;

export type RoundingMode = 'half_up' | 'half_even';

/** A problem with one row of user input. `row` is the 1-based sheet row (or file line). */
export interface RowError {
  tab: string;
  row: number;
  column: string;
  code: string;
  message: string;
  value: string;
}

/** A problem with a whole file or tab: nothing from it may be written. */
export interface StructuralError {
  tab: string;
  code: string;
  message: string;
  headers_found: string[];
}

export type PartnerStatus = 'active' | 'inactive';
export type PayoutMethod = 'paypal' | 'wise' | 'bank' | 'other';
export type ConversionType = 'sale' | 'refund';

/** Where a record came from, so every ledger entry can point back at its source row. */
export interface SourceRef {
  import_id: ImportId;
  tab: string;
  row: number;
}

export interface Partner {
  partner_id: PartnerId;
  name: string;
  /** Primary code, trimmed and upper-cased. */
  code: string;
  /** Extra codes, trimmed and upper-cased. */
  aliases: string[];
  email: Email;
  /** Null when the partner is paid by flat fee only. */
  rate_bps: BasisPoints | null;
  /** Flat fee per sale in base-currency minor units; null when absent. */
  flat_fee_minor: MinorUnits | null;
  status: PartnerStatus;
  /** '' when not given (a missing payout method is not an import error). */
  payout_method: PayoutMethod | '';
  payout_account: string;
  country: string;
  source: SourceRef;
}

export interface Conversion {
  order_id: string;
  /** The partner code named by the row (from a code or a referral link), '' when none. */
  code: string;
  customer_id: string;
  customer_email: Email;
  /** Positive amount in minor units of `currency` (refunds are positive too; `type` says refund). */
  amount_minor: MinorUnits;
  currency: CurrencyCode;
  date: IsoDate;
  type: ConversionType;
  product: string;
  source: SourceRef;
}

export interface Rule {
  rule_id: string;
  /** '' = every partner. */
  partner_code: string;
  /** '' = every product. */
  product: string;
  rate_bps: BasisPoints | null;
  flat_fee_minor: MinorUnits | null;
  /** '' = open-ended. */
  effective_from: IsoDate | '';
  effective_to: IsoDate | '';
  max_months: number | null;
  source: SourceRef;
}

export interface FxRate {
  date: IsoDate;
  currency: CurrencyCode;
  /** 1 unit of `currency` = `rate` units of the base currency. */
  rate: DecimalString;
  source: SourceRef;
}
