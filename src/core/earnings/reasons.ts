// The earnings engine's reason codes: review flags stored on entries, and the exceptions a post
// reports. One list each; the shell, the Exceptions tab and the tests key on these codes.

/** Why an entry is held for review (spec §7). Stored comma-separated in the entry's `flags`. */
export const FLAG = {
  self_referral: 'SELF_REFERRAL',
  company_domain: 'COMPANY_DOMAIN',
  high_value: 'HIGH_VALUE',
  velocity: 'VELOCITY',
  refund_rate: 'REFUND_RATE',
} as const;
export type FlagCode = (typeof FLAG)[keyof typeof FLAG];

/** Problems a post reports instead of (or next to) an entry. User problems, never bugs. */
export const EXCEPTION = {
  /** Unknown code, or a code-less conversion of a customer nobody is bound to. Not posted. */
  unattributed: 'UNATTRIBUTED',
  /** No FX rate for the currency on or before the sale date. Not posted. */
  fx_missing: 'FX_MISSING',
  /** Two FX rows for the same currency and day with different rates. Not posted. */
  fx_conflict: 'FX_CONFLICT',
  /** Same order posted before with a different amount/date/currency or another partner. Not posted. */
  conflict: 'CONFLICT',
  /** A refund larger than what remains of its sale: posted, capped at what remained. */
  refund_exceeds_sale: 'REFUND_EXCEEDS_SALE',
  /** A refund whose order has no posted sale on or before the refund date. Not posted. */
  refund_unknown_order: 'REFUND_UNKNOWN_ORDER',
  /**
   * A sale whose amount in the base currency (after its FX rate), or whose commission, is more than
   * one row may hold (MAX_ROW_AMOUNT_MINOR): almost always a wrong FX rate. Not posted.
   */
  amount_over_limit: 'AMOUNT_OVER_LIMIT',
  /** A review decision names an entry that is not a held, unpaid commission. Ignored. */
  review_invalid: 'REVIEW_INVALID',
} as const;
export type ExceptionCode = (typeof EXCEPTION)[keyof typeof EXCEPTION];

/** Why a zero commission earned nothing; written at the start of the entry's `note`. */
export const NOTE = {
  recurring_limit: 'RECURRING_LIMIT',
  refund_capped: 'REFUND_CAPPED',
  commission_rejected: 'COMMISSION_REJECTED',
  first_touch: 'FIRST_TOUCH',
  renewal: 'RENEWAL',
} as const;

/**
 * Free-mail providers: two people sharing one of these domains are strangers, so a shared domain
 * only counts as self-referral when it is not in this list.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com',
  'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com',
  'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com',
  'zoho.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'qq.com', '163.com', '126.com', 'fastmail.com',
  'hey.com', 'tutanota.com', 'tuta.io', 'orange.fr', 'free.fr', 'laposte.net', 'libero.it', 'naver.com',
]);
