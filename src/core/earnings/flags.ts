// Review flags (spec §7): why a sale is posted but held until a manager looks at it. Flags that
// depend on other rows (velocity, refund rate) read only the partner's history before the sale in
// the canonical order, so they come out the same however the rows were ordered or chunked.
import type { Email, MinorUnits, Partner } from '../model';
import type { Settings } from '../settings';
import type { Book, Position } from './book';
import type { PartnerDays } from './partner-days';
import { dayNumber } from './dates';
import { FLAG, FREE_MAIL_DOMAINS, type FlagCode } from './reasons';

/** VELOCITY compares a day with the partner's daily counts over this many days before it. */
export const VELOCITY_WINDOW_DAYS = 30;
/** …and only once the partner's first sale is at least this many days old (no flag on day one). */
export const VELOCITY_MIN_HISTORY_DAYS = 7;
/** REFUND_RATE looks at sales and refunds dated in this many days before the sale… */
export const REFUND_RATE_WINDOW_DAYS = 90;
/** …and only once the partner made at least this many sales in that window. */
export const REFUND_RATE_MIN_SALES = 5;

export interface SaleFacts {
  at: Position;
  partner: Partner;
  customer_email: Email;
  base_amount_minor: MinorUnits;
}

export function reviewFlags(sale: SaleFacts, settings: Settings, book: Book): FlagCode[] {
  const flags: FlagCode[] = [];
  if (settings.self_referral_check && isSelfReferral(sale.customer_email, sale.partner.email)) flags.push(FLAG.self_referral);
  if (isCompanyDomain(sale.customer_email, sale.partner.email, settings.company_domains)) flags.push(FLAG.company_domain);
  if (settings.review_above_minor !== null && sale.base_amount_minor > settings.review_above_minor) flags.push(FLAG.high_value);
  // One look-up of the partner's days for both windows.
  const days = book.partnerDays(sale.partner.partner_id);
  if (days !== undefined && isVelocitySpike(sale, settings.velocity_multiple, days)) flags.push(FLAG.velocity);
  if (days !== undefined && isRefundRateHigh(sale, settings.refund_rate_bps, days)) flags.push(FLAG.refund_rate);
  return flags;
}

function domainOf(email: Email): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}

/** Same address, or the same domain when that domain is not a free-mail provider. */
export function isSelfReferral(customer_email: Email, partner_email: Email): boolean {
  if (customer_email === '' || partner_email === '') return false;
  // Every sale asks: plain ASCII addresses (all of them, in practice) are compared in place.
  if (isAscii(customer_email) && isAscii(partner_email)) return isAsciiSelfReferral(customer_email, partner_email);
  if (customer_email.toLowerCase() === partner_email.toLowerCase()) return true;
  const domain = domainOf(customer_email);
  return domain !== '' && domain === domainOf(partner_email) && !FREE_MAIL_DOMAINS.has(domain);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** `a[from_a..]` and `b[from_b..]` are equal once lower-cased, for ASCII text (where lower-casing maps A–Z alone). */
function equalIgnoringAsciiCase(a: string, from_a: number, b: string, from_b: number): boolean {
  if (a.length - from_a !== b.length - from_b) return false;
  for (let i = 0; from_a + i < a.length; i++) {
    const x = a.charCodeAt(from_a + i);
    const y = b.charCodeAt(from_b + i);
    if (x !== y && (x | 0x20) !== (y | 0x20)) return false;
    if (x !== y && !((x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a)) return false;
  }
  return true;
}

/** isSelfReferral of two non-empty ASCII addresses, without a lower-cased copy of either. */
function isAsciiSelfReferral(customer_email: Email, partner_email: Email): boolean {
  if (equalIgnoringAsciiCase(customer_email, 0, partner_email, 0)) return true;
  const at = customer_email.lastIndexOf('@');
  if (at < 0 || at === customer_email.length - 1) return false;
  const partner_at = partner_email.lastIndexOf('@');
  if (partner_at < 0 || !equalIgnoringAsciiCase(customer_email, at + 1, partner_email, partner_at + 1)) return false;
  return !FREE_MAIL_DOMAINS.has(domainOf(customer_email));
}

/** Normalised once per settings list (settings are never mutated), not once per sale. */
const companyDomainSets = new WeakMap<ReadonlyArray<string>, ReadonlySet<string>>();

function companyDomainSet(company_domains: ReadonlyArray<string>): ReadonlySet<string> {
  let set = companyDomainSets.get(company_domains);
  if (set === undefined) {
    set = new Set(company_domains.map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter((d) => d !== ''));
    companyDomainSets.set(company_domains, set);
  }
  return set;
}

export function isCompanyDomain(customer_email: Email, partner_email: Email, company_domains: ReadonlyArray<string>): boolean {
  // No list, no company domain (and no look-up of its set for every sale).
  if (company_domains.length === 0) return false;
  const company = companyDomainSet(company_domains);
  if (company.size === 0) return false;
  return (customer_email !== '' && company.has(domainOf(customer_email))) || (partner_email !== '' && company.has(domainOf(partner_email)));
}

/** Reused for every sale: a fresh array per sale was a large part of posting's garbage. */
const WINDOW_COUNTS = new Float64Array(VELOCITY_WINDOW_DAYS);

/** Median of `values` (sorted in place: a typed array sorts numerically, natively). */
function median(values: Float64Array): number {
  const sorted = values.sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The sale is the n-th of the partner's day (counting sales before it in the canonical order) and
 * n exceeds `multiple × max(1, median)` of the partner's daily counts over the window (days before
 * its first sale are not counted). The sales of a burst beyond the threshold are held; those within
 * it are not, because they were normal when they came in.
 */
export function isVelocitySpike(sale: SaleFacts, multiple: number, days: Readonly<PartnerDays>): boolean {
  const first_day = days.first_sale_day;
  if (first_day === undefined) return false;
  const today = dayNumber(sale.at.date);
  if (first_day > today - VELOCITY_MIN_HISTORY_DAYS) return false;
  // The threshold is at least `multiple` (the median counts as at least 1): a sale ranked within
  // it is no spike, whatever the median. Most sales are their partner's first few of the day, so
  // the window's counts and their median are rarely needed.
  // A day with fewer sales than that needs no rank (and no order id compared).
  if (days.salesOn(today) + 1 <= multiple) return false;
  const rank = days.salesBefore(today, sale.at.order_id) + 1;
  if (rank <= multiple) return false;
  const memo = days.memoBefore(today);
  if (memo.velocity_median === undefined) {
    const start = Math.max(today - VELOCITY_WINDOW_DAYS, first_day);
    const counts = WINDOW_COUNTS.subarray(0, today - start);
    days.salesCounts(start, today, counts);
    memo.velocity_median = median(counts);
  }
  return rank > multiple * Math.max(1, memo.velocity_median);
}

/** Refunds dated in the window exceed `refund_rate_bps` of the sales dated in it (base amounts). */
export function isRefundRateHigh(sale: SaleFacts, refund_rate_bps: number, days: Readonly<PartnerDays>): boolean {
  const today = dayNumber(sale.at.date);
  // Summed as doubles while they stay exact (every realistic window), as bigints past that.
  const memo = days.memoBefore(today);
  const window = memo.refund_window;
  if (!memo.refund_window_summed) {
    days.totals(today - REFUND_RATE_WINDOW_DAYS, today, window);
    memo.refund_window_summed = true;
  }
  if (window.sales < REFUND_RATE_MIN_SALES) return false;
  const refunded_scaled = window.refunds_base_minor * 10000;
  const sold_scaled = refund_rate_bps * window.sales_base_minor;
  if (Number.isSafeInteger(refunded_scaled) && Number.isSafeInteger(sold_scaled)) return refunded_scaled > sold_scaled;
  return exactRefundRateHigh(days, today, refund_rate_bps);
}

function exactRefundRateHigh(days: Readonly<PartnerDays>, today: number, refund_rate_bps: number): boolean {
  let sold = 0n;
  let refunded = 0n;
  for (let i = 1; i <= REFUND_RATE_WINDOW_DAYS; i++) {
    const day = days.at(today - i);
    if (day === undefined) continue;
    sold += BigInt(day.sales_base_minor);
    refunded += BigInt(day.refunds_base_minor);
  }
  return refunded * 10000n > BigInt(refund_rate_bps) * sold;
}
