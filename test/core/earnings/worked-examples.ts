// The worked examples: each rule of the earnings engine on a small data set, with the exact cents a
// person can check by hand. `worked-examples.test.ts` posts each one and compares.
import type { Conversion, FxRate, Partner, Rule } from '../../../src/core/model';
import type { Settings } from '../../../src/core/settings';
import type { ReviewDecision } from '../../../src/core/earnings/review';
import type { EntryKind } from '../../../src/core/earnings/ledger-entry';
import type { ExceptionCode } from '../../../src/core/earnings/reasons';
import type { PostCounts } from '../../../src/core/earnings/post';
import { fx, partner, refund, rule, sale } from './fixtures';

/** [kind, order_id, partner_id, amount_minor, other fields that must match]. In canonical order. */
export type ExpectedEntry = [EntryKind, string, string, number, Record<string, unknown>?];

export interface WorkedExample {
  name: string;
  settings?: Partial<Settings>;
  partners: Partner[];
  rules?: Rule[];
  fx?: FxRate[];
  /** Posted first (their entries become the ledger), then `conversions` is posted. */
  earlier?: Conversion[];
  /** Commissions (by order id) paid before `conversions` is posted. */
  paid_orders?: string[];
  /** Decisions on the entries of `earlier` (by order id). */
  reviews?: Array<{ order_id: string; decision: ReviewDecision['decision']; reason: string }>;
  conversions: Conversion[];
  entries: ExpectedEntry[];
  exceptions?: ExceptionCode[];
  counts?: Partial<PostCounts>;
}

const ALICE = partner('P-A', 'ALICE');
const BOB = partner('P-B', 'BOB');
const c1 = { customer_id: 'C-1' };

export const WORKED_EXAMPLES: WorkedExample[] = [
  // ---- rounding ----
  {
    name: 'half_up rounds 10% of 123.45 (12.345) up to 12.35',
    partners: [ALICE],
    conversions: [sale('O-1', 'ALICE', 12345, '2024-01-10')],
    entries: [['commission', 'O-1', 'P-A', 1235, { base_amount_minor: 12345, rate_bps: 1000 }]],
  },
  {
    name: 'half_even rounds 10% of 123.45 (12.345) down to 12.34 and 10% of 123.55 (12.355) up to 12.36',
    settings: { rounding: 'half_even' },
    partners: [ALICE],
    conversions: [sale('O-1', 'ALICE', 12345, '2024-01-10'), sale('O-2', 'ALICE', 12355, '2024-01-10')],
    entries: [['commission', 'O-1', 'P-A', 1234], ['commission', 'O-2', 'P-A', 1236]],
  },
  // ---- flat fees ----
  {
    name: 'a flat fee is added once per sale, after rounding the percentage',
    partners: [partner('P-F', 'FLAT', { rate_bps: null, flat_fee_minor: 500 }), partner('P-M', 'MIX', { rate_bps: 1000, flat_fee_minor: 250 })],
    conversions: [sale('O-1', 'FLAT', 99999, '2024-01-10'), sale('O-2', 'MIX', 10005, '2024-01-10')],
    // MIX: 10% of 100.05 = 10.005 → 10.01, + 2.50 = 12.51
    entries: [['commission', 'O-1', 'P-F', 500, { flat_fee_minor: 500 }], ['commission', 'O-2', 'P-M', 1251]],
  },
  // ---- rule hierarchy ----
  {
    name: 'the most specific rule wins: partner+product > partner > product > everyone > own rate',
    partners: [ALICE, BOB, partner('P-C', 'CAROL')],
    rules: [
      rule('R-ALL', { rate_bps: 500, effective_from: '2024-02-01' }),
      rule('R-PRO', { product: 'Pro', rate_bps: 2000 }),
      rule('R-ALICE', { partner_code: 'ALICE', rate_bps: 1500 }),
      rule('R-ALICE-PRO', { partner_code: 'ALICE', product: 'pro', rate_bps: 2500 }),
    ],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2024-01-10', { product: 'pro' }),
      sale('O-2', 'ALICE', 10000, '2024-01-10', { product: 'basic' }),
      sale('O-3', 'BOB', 10000, '2024-01-10', { product: 'PRO' }),
      sale('O-4', 'BOB', 10000, '2024-01-10', { product: 'basic' }),
      sale('O-5', 'CAROL', 10000, '2024-02-10', { product: 'basic' }),
    ],
    entries: [
      ['commission', 'O-1', 'P-A', 2500, { rule_id: 'R-ALICE-PRO' }],
      ['commission', 'O-2', 'P-A', 1500, { rule_id: 'R-ALICE' }],
      ['commission', 'O-3', 'P-B', 2000, { rule_id: 'R-PRO' }],
      ['commission', 'O-4', 'P-B', 1000, { rule_id: '', rule_version: '' }],
      ['commission', 'O-5', 'P-C', 500, { rule_id: 'R-ALL' }],
    ],
  },
  {
    name: 'rules are effective-dated by the conversion date, both ends inclusive',
    partners: [ALICE],
    rules: [
      rule('R-Q1', { partner_code: 'ALICE', rate_bps: 1500, effective_from: '2024-01-01', effective_to: '2024-03-31' }),
      rule('R-Q2', { partner_code: 'ALICE', rate_bps: 2000, effective_from: '2024-04-01' }),
    ],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2023-12-31'),
      sale('O-2', 'ALICE', 10000, '2024-01-01'),
      sale('O-3', 'ALICE', 10000, '2024-03-31'),
      sale('O-4', 'ALICE', 10000, '2024-04-01'),
    ],
    entries: [
      ['commission', 'O-1', 'P-A', 1000, { rule_id: '' }],
      ['commission', 'O-2', 'P-A', 1500, { rule_id: 'R-Q1' }],
      ['commission', 'O-3', 'P-A', 1500, { rule_id: 'R-Q1' }],
      ['commission', 'O-4', 'P-A', 2000, { rule_id: 'R-Q2' }],
    ],
  },
  {
    name: 'a rule naming an alias applies to its partner',
    partners: [partner('P-A', 'ALICE', { aliases: ['ALI'] })],
    rules: [rule('R-ALI', { partner_code: 'ALI', rate_bps: 1200 })],
    conversions: [sale('O-1', 'ALI', 10000, '2024-01-10')],
    entries: [['commission', 'O-1', 'P-A', 1200, { rule_id: 'R-ALI', partner_code: 'ALI' }]],
  },
  // ---- FX ----
  {
    name: 'EUR converts at the latest rate on or before the sale date',
    partners: [ALICE],
    fx: [fx('EUR', '2024-01-01', '1.08'), fx('EUR', '2024-02-01', '1.0825')],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2024-01-31', { currency: 'EUR' }),
      sale('O-2', 'ALICE', 10000, '2024-02-15', { currency: 'EUR' }),
      sale('O-3', 'ALICE', 9999, '2024-02-01', { currency: 'EUR' }),
    ],
    // 100.00 × 1.08 = 108.00 → 10.80; 99.99 × 1.0825 = 108.239175 → 108.24 → 10.824 → 10.82;
    // 100.00 × 1.0825 = 108.25 → 10.825 → 10.83
    entries: [
      ['commission', 'O-1', 'P-A', 1080, { base_amount_minor: 10800, fx_rate: '1.08', original_amount_minor: 10000, original_currency: 'EUR' }],
      ['commission', 'O-3', 'P-A', 1082, { base_amount_minor: 10824, fx_rate: '1.0825' }],
      ['commission', 'O-2', 'P-A', 1083, { base_amount_minor: 10825, fx_rate: '1.0825' }],
    ],
  },
  {
    name: 'JPY (exponent 0) and KWD (exponent 3) convert exactly across exponents',
    partners: [ALICE],
    fx: [fx('JPY', '2024-01-01', '0.0067'), fx('KWD', '2024-01-01', '3.25')],
    conversions: [
      sale('O-J', 'ALICE', 12345, '2024-01-10', { currency: 'JPY' }),
      sale('O-K', 'ALICE', 12345, '2024-01-10', { currency: 'KWD' }),
    ],
    // ¥12,345 × 0.0067 = $82.7115 → 8271; 10% = 827.1 → 827.
    // KWD 12.345 × 3.25 = $40.12125 → 4012; 10% = 401.2 → 401.
    entries: [
      ['commission', 'O-J', 'P-A', 827, { base_amount_minor: 8271 }],
      ['commission', 'O-K', 'P-A', 401, { base_amount_minor: 4012 }],
    ],
  },
  {
    name: 'a missing FX rate is an exception, not a guess',
    partners: [ALICE],
    fx: [fx('EUR', '2024-02-01', '1.08')],
    conversions: [sale('O-1', 'ALICE', 10000, '2024-01-31', { currency: 'EUR' }), sale('O-2', 'ALICE', 10000, '2024-02-01', { currency: 'GBP' })],
    entries: [],
    exceptions: ['FX_MISSING', 'FX_MISSING'],
    counts: { fx_missing: 2, posted: 0 },
  },
  {
    name: 'a wrong FX rate that makes a sale larger than one row may hold is an exception, and the other sales post',
    partners: [ALICE, BOB],
    // JPY 9,000,000,000 is within the import limit in yen; at 10000 (a rate typed the wrong way round)
    // it would be 9 × 10^14 US cents, and the sum of two such sales leaves the exact range of a double.
    fx: [fx('JPY', '2024-01-01', '10000')],
    conversions: [
      sale('O-1', 'ALICE', 9_000_000_000, '2024-01-10', { currency: 'JPY' }),
      sale('O-2', 'ALICE', 9_000_000_000, '2024-01-11', { currency: 'JPY' }),
      sale('O-3', 'BOB', 10000, '2024-01-11'),
    ],
    entries: [['commission', 'O-3', 'P-B', 1000, { base_amount_minor: 10000 }]],
    exceptions: ['AMOUNT_OVER_LIMIT', 'AMOUNT_OVER_LIMIT'],
    counts: { over_limit: 2, posted: 1 },
  },
  // ---- refunds ----
  {
    name: 'three partial refunds summing to the sale net the commission to exactly zero',
    partners: [ALICE],
    conversions: [
      sale('O-1', 'ALICE', 9999, '2024-01-10'),
      refund('O-1', 3333, '2024-02-01'),
      refund('O-1', 3333, '2024-02-01'),
      refund('O-1', 3333, '2024-02-05'),
    ],
    // C = 999.9 → 1000. Clawed total after each: 1000×3333/9999 = 333.3 → 333; 666.7 → 667; 1000.
    entries: [
      ['commission', 'O-1', 'P-A', 1000, { eligible_on: '2024-02-09' }],
      ['reversal', 'O-1', 'P-A', -333, { eligible_on: '2024-02-09' }],
      ['reversal', 'O-1', 'P-A', -334],
      ['reversal', 'O-1', 'P-A', -333],
    ],
  },
  {
    name: 'a refund above what remains is capped and listed; a refund of an unknown order is listed',
    partners: [ALICE],
    conversions: [
      sale('O-1', 'ALICE', 5000, '2024-01-10'),
      refund('O-1', 3000, '2024-01-20'),
      refund('O-1', 3000, '2024-01-21'),
      refund('O-9', 1000, '2024-01-21'),
    ],
    entries: [
      ['commission', 'O-1', 'P-A', 500],
      ['reversal', 'O-1', 'P-A', -300],
      ['reversal', 'O-1', 'P-A', -200, { note: expect.stringContaining('REFUND_CAPPED') }],
    ],
    exceptions: ['REFUND_EXCEEDS_SALE', 'REFUND_UNKNOWN_ORDER'],
  },
  {
    name: 'a refund of a paid sale is a clawback, eligible no earlier than the refund date',
    partners: [ALICE],
    earlier: [sale('O-1', 'ALICE', 10000, '2024-01-10')],
    paid_orders: ['O-1'],
    conversions: [refund('O-1', 2500, '2024-03-01'), refund('O-1', 2500, '2024-01-15')],
    // The January refund arrives in the same post; the canonical order puts it first.
    entries: [
      ['clawback', 'O-1', 'P-A', -250, { eligible_on: '2024-02-09' }],
      ['clawback', 'O-1', 'P-A', -250, { eligible_on: '2024-03-01' }],
    ],
  },
  // ---- attribution ----
  {
    name: 'first touch: the first partner keeps the customer, even against another code; renewals follow',
    partners: [ALICE, BOB],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2024-01-01', c1),
      sale('O-2', 'BOB', 10000, '2024-02-01', c1),
      sale('O-3', '', 10000, '2024-03-01', c1),
    ],
    entries: [
      ['commission', 'O-1', 'P-A', 1000, { attribution: 'code', customer_key: 'id:C-1' }],
      ['commission', 'O-2', 'P-A', 1000, { attribution: 'customer', partner_code: 'BOB', note: expect.stringContaining('FIRST_TOUCH') }],
      ['commission', 'O-3', 'P-A', 1000, { attribution: 'customer', note: expect.stringContaining('RENEWAL') }],
    ],
  },
  {
    name: 'last touch: the code on a conversion wins and rebinds the customer',
    settings: { attribution: 'last_touch' },
    partners: [ALICE, BOB],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2024-01-01', c1),
      sale('O-2', 'BOB', 10000, '2024-02-01', c1),
      sale('O-3', '', 10000, '2024-03-01', c1),
    ],
    entries: [
      ['commission', 'O-1', 'P-A', 1000],
      ['commission', 'O-2', 'P-B', 1000, { attribution: 'code' }],
      ['commission', 'O-3', 'P-B', 1000, { attribution: 'customer' }],
    ],
  },
  {
    name: 'a customer bound by email is found by email; first touch holds across chunks',
    partners: [ALICE, BOB],
    earlier: [sale('O-1', 'ALICE', 10000, '2024-01-01', { customer_email: 'ann@example.org' })],
    conversions: [sale('O-2', 'BOB', 10000, '2024-02-01', { customer_id: 'C-9', customer_email: 'ann@example.org' })],
    entries: [['commission', 'O-2', 'P-A', 1000, { customer_key: 'id:C-9|email:ann@example.org' }]],
  },
  {
    name: 'unknown codes and unbound customers are unattributed and not posted',
    partners: [ALICE],
    conversions: [
      sale('O-1', 'NOBODY', 10000, '2024-01-01', c1),
      sale('O-2', '', 10000, '2024-01-02', { customer_id: 'C-2' }),
      sale('O-3', '', 10000, '2024-01-03'),
    ],
    entries: [],
    exceptions: ['UNATTRIBUTED', 'UNATTRIBUTED', 'UNATTRIBUTED'],
    counts: { unattributed: 3 },
  },
  // ---- recurring limits ----
  {
    name: 'recurring_months stops commissions that many months after the first sale: a zero entry says why',
    settings: { recurring_months: 12 },
    partners: [ALICE],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2023-01-15', c1),
      sale('O-2', '', 10000, '2024-01-14', c1),
      sale('O-3', '', 10000, '2024-01-15', c1),
    ],
    entries: [
      ['commission', 'O-1', 'P-A', 1000],
      ['commission', 'O-2', 'P-A', 1000],
      ['commission', 'O-3', 'P-A', 0, { note: expect.stringContaining('RECURRING_LIMIT: 12 months') }],
    ],
    counts: { limit_reached: 1 },
  },
  {
    name: "a rule's max_months overrides recurring_months; month ends clamp (Jan 31 + 1 month = Feb 29)",
    settings: { recurring_months: 12 },
    partners: [ALICE],
    rules: [rule('R-1', { partner_code: 'ALICE', rate_bps: 1000, max_months: 1 })],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2024-01-31', c1),
      sale('O-2', '', 10000, '2024-02-28', c1),
      sale('O-3', '', 10000, '2024-02-29', c1),
    ],
    entries: [['commission', 'O-1', 'P-A', 1000], ['commission', 'O-2', 'P-A', 1000], ['commission', 'O-3', 'P-A', 0]],
  },
  // ---- duplicates and conflicts ----
  {
    name: 'an identical duplicate is skipped and counted; a changed amount or another partner is a conflict',
    partners: [ALICE, BOB],
    earlier: [sale('O-1', 'ALICE', 10000, '2024-01-01')],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2024-01-01'),
      sale('O-1', 'ALICE', 12000, '2024-01-01'),
      sale('O-1', 'BOB', 10000, '2024-01-01'),
      sale('O-2', 'ALICE', 10000, '2024-01-02'),
      sale('O-2', 'ALICE', 10000, '2024-01-02'),
    ],
    entries: [['commission', 'O-2', 'P-A', 1000]],
    exceptions: ['CONFLICT', 'CONFLICT'],
    counts: { duplicates: 2, conflicts: 2 },
  },
  {
    name: 'replaying refunds adds nothing; identical refund rows are distinct refunds',
    partners: [ALICE],
    earlier: [sale('O-1', 'ALICE', 10000, '2024-01-01'), refund('O-1', 2000, '2024-01-05'), refund('O-1', 2000, '2024-01-05')],
    conversions: [sale('O-1', 'ALICE', 10000, '2024-01-01'), refund('O-1', 2000, '2024-01-05'), refund('O-1', 2000, '2024-01-05'), refund('O-1', 2000, '2024-01-05')],
    entries: [['reversal', 'O-1', 'P-A', -200]],
    counts: { duplicates: 3 },
  },
  // ---- review flags ----
  {
    name: 'self-referral: the same email, or the same non-free-mail domain; a shared gmail.com is not',
    partners: [partner('P-A', 'ALICE', { email: 'alice@acme.io' }), partner('P-B', 'BOB', { email: 'bob@gmail.com' })],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2024-01-01', { customer_email: 'alice@acme.io' }),
      sale('O-2', 'ALICE', 10000, '2024-01-01', { customer_email: 'carl@acme.io' }),
      sale('O-3', 'BOB', 10000, '2024-01-01', { customer_email: 'dana@gmail.com' }),
    ],
    entries: [
      ['commission', 'O-1', 'P-A', 1000, { flags: 'SELF_REFERRAL', review: 'held' }],
      ['commission', 'O-2', 'P-A', 1000, { flags: 'SELF_REFERRAL', review: 'held' }],
      ['commission', 'O-3', 'P-B', 1000, { flags: '', review: '' }],
    ],
    counts: { held: 2 },
  },
  {
    name: 'company domain: a customer or partner at the company is held',
    settings: { company_domains: ['ourco.com'] },
    partners: [ALICE, partner('P-S', 'STAFF', { email: 'sam@ourco.com' })],
    conversions: [
      sale('O-1', 'ALICE', 10000, '2024-01-01', { customer_email: 'eve@ourco.com' }),
      sale('O-2', 'STAFF', 10000, '2024-01-01', { customer_email: 'x@gmail.com' }),
    ],
    entries: [
      ['commission', 'O-1', 'P-A', 1000, { flags: 'COMPANY_DOMAIN', review: 'held' }],
      ['commission', 'O-2', 'P-S', 1000, { flags: 'COMPANY_DOMAIN', review: 'held' }],
    ],
  },
  {
    name: 'high value: a sale above review_above (in base currency) is held; exactly at it is not',
    settings: { review_above_minor: 100000 },
    partners: [ALICE],
    fx: [fx('EUR', '2024-01-01', '1.1')],
    conversions: [
      sale('O-1', 'ALICE', 100000, '2024-01-01'),
      sale('O-2', 'ALICE', 100001, '2024-01-01'),
      sale('O-3', 'ALICE', 91000, '2024-01-01', { currency: 'EUR' }),
    ],
    entries: [
      ['commission', 'O-1', 'P-A', 10000, { review: '' }],
      ['commission', 'O-2', 'P-A', 10000, { flags: 'HIGH_VALUE', review: 'held' }],
      ['commission', 'O-3', 'P-A', 10010, { flags: 'HIGH_VALUE', base_amount_minor: 100100 }],
    ],
  },
  {
    name: "velocity: the sales of a day beyond velocity_multiple × the partner's daily median are held",
    settings: { velocity_multiple: 3 },
    partners: [ALICE],
    earlier: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((d) => sale(`O-${d}`, 'ALICE', 1000, `2024-01-${d}`)),
    conversions: ['V-1', 'V-2', 'V-3', 'V-4', 'V-5'].map((o) => sale(o, 'ALICE', 1000, '2024-01-11')),
    entries: [
      ['commission', 'V-1', 'P-A', 100, { flags: '' }],
      ['commission', 'V-2', 'P-A', 100, { flags: '' }],
      ['commission', 'V-3', 'P-A', 100, { flags: '' }],
      ['commission', 'V-4', 'P-A', 100, { flags: 'VELOCITY', review: 'held' }],
      ['commission', 'V-5', 'P-A', 100, { flags: 'VELOCITY', review: 'held' }],
    ],
  },
  {
    name: 'velocity: a new partner (under 7 days of history) is never flagged',
    settings: { velocity_multiple: 3 },
    partners: [ALICE],
    earlier: [sale('O-0', 'ALICE', 1000, '2024-01-05')],
    conversions: ['V-1', 'V-2', 'V-3', 'V-4', 'V-5'].map((o) => sale(o, 'ALICE', 1000, '2024-01-10')),
    entries: ['V-1', 'V-2', 'V-3', 'V-4', 'V-5'].map((o): ExpectedEntry => ['commission', o, 'P-A', 100, { flags: '' }]),
  },
  {
    name: "refund rate: once refunds pass refund_rate of the partner's sales in the last 90 days, new sales are held",
    partners: [ALICE],
    earlier: [
      ...['01', '02', '03', '04', '05'].map((d) => sale(`O-${d}`, 'ALICE', 10000, `2024-01-${d}`)),
      refund('O-01', 10000, '2024-01-06'),
      refund('O-02', 10000, '2024-01-06'),
    ],
    conversions: [sale('O-10', 'ALICE', 10000, '2024-01-06'), sale('O-11', 'ALICE', 10000, '2024-01-07')],
    // On Jan 6 only earlier days count (no refunds yet); on Jan 7: 200.00 of 600.00 refunded = 33% > 30%.
    entries: [['commission', 'O-10', 'P-A', 1000, { flags: '' }], ['commission', 'O-11', 'P-A', 1000, { flags: 'REFUND_RATE', review: 'held' }]],
  },
  // ---- hold periods and review ----
  {
    name: 'hold_days sets eligible_on; a reversal is eligible no earlier than its refund date',
    settings: { hold_days: 14 },
    partners: [ALICE],
    conversions: [sale('O-1', 'ALICE', 10000, '2024-02-20'), refund('O-1', 5000, '2024-02-25'), refund('O-1', 5000, '2024-03-10')],
    entries: [
      ['commission', 'O-1', 'P-A', 1000, { eligible_on: '2024-03-05', posted_on: '2024-12-31' }],
      ['reversal', 'O-1', 'P-A', -500, { eligible_on: '2024-03-05' }],
      ['reversal', 'O-1', 'P-A', -500, { eligible_on: '2024-03-10' }],
    ],
  },
  {
    name: 'rejecting a half-refunded held commission offsets what remains, so the order nets to zero',
    settings: { review_above_minor: 5000 },
    partners: [ALICE],
    earlier: [sale('O-1', 'ALICE', 10000, '2024-01-01'), refund('O-1', 5000, '2024-01-05')],
    reviews: [{ order_id: 'O-1', decision: 'reject', reason: 'test order' }],
    conversions: [refund('O-1', 5000, '2024-01-06')],
    entries: [
      ['rejection', 'O-1', 'P-A', -500, { note: 'test order', actor: 'manager@ourco.com' }],
      ['reversal', 'O-1', 'P-A', 0, { note: expect.stringContaining('COMMISSION_REJECTED') }],
    ],
    counts: { rejections: 1 },
  },
];
