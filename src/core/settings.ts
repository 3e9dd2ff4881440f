// The Settings tab's keys, their meaning and their defaults: the one list every other module reads.
// Parsing the tab's text into a `Settings` value lives in `input/settings.ts`.
import type { BasisPoints, CurrencyCode, Email, MinorUnits, RoundingMode } from './model';

export type Attribution = 'first_touch' | 'last_touch';
export type PayoutPreset = 'generic' | 'paypal' | 'wise';
export type DateFormat = 'iso' | 'dmy' | 'mdy';

export interface Settings {
  base_currency: CurrencyCode;
  hold_days: number;
  /** In base-currency minor units. */
  min_payout_minor: MinorUnits;
  rounding: RoundingMode;
  managers: Email[];
  finance: Email[];
  /** Empty = every editor may operate; the protections list the spreadsheet's editors as of the last set-up. */
  operators: Email[];
  attribution: Attribution;
  /** Null = no limit. */
  recurring_months: number | null;
  /** In base-currency minor units; null = off. */
  review_above_minor: MinorUnits | null;
  self_referral_check: boolean;
  company_domains: string[];
  payout_preset: PayoutPreset;
  separation_of_duties: boolean;
  decimal_separator: '.' | ',';
  date_format: DateFormat;
  /** IANA zone; '' = the spreadsheet's own zone (the shell fills it in). */
  time_zone: string;
  link_params: string[];
  /** VELOCITY flag: a day's conversions above this multiple of the trailing daily median. */
  velocity_multiple: number;
  /** REFUND_RATE flag: a partner's refunded share of sales above this, in basis points. */
  refund_rate_bps: BasisPoints;
  /** User column mappings: canonical field → the header the user's file uses (`map.code = Coupon Used`). */
  column_map: Record<string, string>;
}

/** The keys as they are written in the Settings tab, in display order, with their default text. */
export const SETTINGS_DEFAULT_TEXT: ReadonlyArray<readonly [key: string, value: string, help: string]> = [
  ['base_currency', 'USD', 'ISO 4217 code every commission is computed and paid in'],
  ['hold_days', '30', 'days after the conversion date before a commission becomes eligible'],
  ['min_payout', '0', 'smallest net payout per partner, in the base currency (e.g. 50.00)'],
  ['rounding', 'half_up', 'half_up or half_even: how a commission is rounded to the cent, once per entry'],
  ['managers', '', 'comma-separated emails who may approve, reject and void batches (the owner is one too); run Set-up again after changing it, to update the tabs\' protection'],
  ['finance', '', 'comma-separated emails who may export payout files and mark batches paid; run Set-up again after changing it'],
  ['operators', '', 'comma-separated emails who may import, post and build batches (empty = every editor of the spreadsheet as of the last Set-up: run Set-up again after sharing it with someone new)'],
  ['attribution', 'first_touch', 'first_touch or last_touch: who keeps a customer that arrives with another code'],
  ['recurring_months', '', 'months after a customer first converts that commissions stop (blank = no limit)'],
  ['review_above', '', 'sales above this amount (base currency) are held for review (blank = off)'],
  ['self_referral_check', 'on', 'on or off: hold sales where the customer looks like the partner'],
  ['company_domains', '', 'comma-separated email domains of your own company: such sales are held'],
  ['payout_preset', 'generic', 'generic, paypal or wise: the columns of the payout file'],
  ['separation_of_duties', 'on', 'on or off: the person who built a batch may not approve it'],
  ['decimal_separator', '.', '. or , in imported amounts'],
  ['date_format', 'iso', 'iso, dmy or mdy: how imported dates are written'],
  ['time_zone', '', "IANA time zone of calendar dates (blank = the spreadsheet's)"],
  ['link_params', 'ref,via,code,aff', 'query parameters of referral links that carry the partner code'],
  ['velocity_multiple', '10', "hold a partner's day when its conversions exceed this multiple of its daily median"],
  ['refund_rate', '30%', "hold a partner's sales when its refunded share of sales exceeds this"],
];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  base_currency: 'USD',
  hold_days: 30,
  min_payout_minor: 0,
  rounding: 'half_up',
  managers: [],
  finance: [],
  operators: [],
  attribution: 'first_touch',
  recurring_months: null,
  review_above_minor: null,
  self_referral_check: true,
  company_domains: [],
  payout_preset: 'generic',
  separation_of_duties: true,
  decimal_separator: '.',
  date_format: 'iso',
  time_zone: '',
  link_params: ['ref', 'via', 'code', 'aff'],
  velocity_multiple: 10,
  refund_rate_bps: 3000,
  column_map: {},
} satisfies Settings);
