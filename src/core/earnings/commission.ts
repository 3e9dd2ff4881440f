// Which terms price a sale, and what the sale earns. The most specific effective rule wins:
// partner+product > partner > product > every partner and product > the partner's own rate.
import type { BasisPoints, IsoDate, MinorUnits, Partner, RoundingMode, Rule } from '../model';
import { assertMinorUnits, divideRoundedSafe, divideRoundedToSafe } from '../money/rounding';
import { hash64 } from './ids';

export interface Terms {
  rule_id: string;
  rule_version: string;
  rate_bps: BasisPoints;
  flat_fee_minor: MinorUnits;
  /** The rule's own limit; null = use the `recurring_months` setting. */
  max_months: number | null;
}

/** A rule's version is a hash of its terms: editing a rule shows up as a new version on new entries. */
export function ruleVersion(rule: Rule): string {
  const terms = [rule.partner_code, rule.product, rule.rate_bps, rule.flat_fee_minor, rule.effective_from, rule.effective_to, rule.max_months];
  return `v${hash64(JSON.stringify(terms)).slice(0, 8)}`;
}

function sameProduct(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function isEffective(rule: Rule, date: IsoDate): boolean {
  return (rule.effective_from === '' || rule.effective_from <= date) && (rule.effective_to === '' || date <= rule.effective_to);
}

/** 3 = partner+product, 2 = partner, 1 = product, 0 = everyone; -1 = does not apply. */
function specificity(rule: Rule, partner: Partner, product: string): number {
  const forPartner = rule.partner_code !== '';
  if (forPartner && rule.partner_code !== partner.code && !partner.aliases.includes(rule.partner_code)) return -1;
  const forProduct = rule.product !== '';
  if (forProduct && !sameProduct(rule.product, product)) return -1;
  return (forPartner ? 2 : 0) + (forProduct ? 1 : 0);
}

/**
 * The terms for a sale by `partner` of `product` on `date`. Among equally specific rules the one that
 * took effect last wins (then the smallest rule_id), so overlapping rules resolve the same way
 * whatever their order in the tab.
 */
export function selectTerms(rules: ReadonlyArray<Rule>, partner: Partner, product: string, date: IsoDate): Terms {
  let best: Rule | undefined;
  let bestRank = -1;
  for (const rule of rules) {
    if (!isEffective(rule, date)) continue;
    const rank = specificity(rule, partner, product);
    if (rank < 0) continue;
    if (best === undefined || rank > bestRank || (rank === bestRank && beats(rule, best))) {
      best = rule;
      bestRank = rank;
    }
  }
  if (best === undefined) {
    return { rule_id: '', rule_version: '', rate_bps: partner.rate_bps ?? 0, flat_fee_minor: partner.flat_fee_minor ?? 0, max_months: null };
  }
  return {
    rule_id: best.rule_id,
    rule_version: ruleVersion(best),
    rate_bps: best.rate_bps ?? 0,
    flat_fee_minor: best.flat_fee_minor ?? 0,
    max_months: best.max_months,
  };
}

function beats(a: Rule, b: Rule): boolean {
  if (a.effective_from !== b.effective_from) return a.effective_from > b.effective_from;
  if (a.rule_id !== b.rule_id) return a.rule_id < b.rule_id;
  return a.source.row < b.source.row;
}

/** `round(base × rate_bps / 10000) + flat_fee`, rounded once. */
export function commissionMinor(base_amount_minor: MinorUnits, terms: Pick<Terms, 'rate_bps' | 'flat_fee_minor'>, mode: RoundingMode): MinorUnits {
  assertMinorUnits(base_amount_minor, 'base amount');
  if (base_amount_minor < 0 || terms.rate_bps < 0 || terms.flat_fee_minor < 0) {
    throw new Error(`commission inputs must not be negative: ${base_amount_minor}, ${terms.rate_bps}, ${terms.flat_fee_minor}`);
  }
  // In doubles while the product is a safe integer (every realistic sale), exactly as in bigints.
  const product = base_amount_minor * terms.rate_bps;
  const percentage = Number.isSafeInteger(terms.rate_bps) && Number.isSafeInteger(product) ? divideRoundedSafe(product, 10000, mode)
    : divideRoundedToSafe(BigInt(base_amount_minor) * BigInt(terms.rate_bps), 10000n, mode);
  const commission = percentage + terms.flat_fee_minor;
  assertMinorUnits(commission, 'commission');
  return commission;
}

/**
 * The total clawed back after cumulative refunds `refunded_minor` of a sale of `sale_minor` that
 * earned `commission_minor`: round(C × min(R, A) / A). Never more than C; exactly C at a full refund.
 */
export function clawbackTotalMinor(commission_minor: MinorUnits, sale_minor: MinorUnits, refunded_minor: MinorUnits, mode: RoundingMode): MinorUnits {
  if (sale_minor <= 0) return refunded_minor > 0 ? commission_minor : 0;
  const r = Math.min(refunded_minor, sale_minor);
  const product = commission_minor * r;
  const exact = Number.isSafeInteger(commission_minor) && Number.isSafeInteger(r) && Number.isSafeInteger(sale_minor) && Number.isSafeInteger(product);
  const total = exact ? divideRoundedSafe(product, sale_minor, mode)
    : divideRoundedToSafe(BigInt(commission_minor) * BigInt(r), BigInt(sale_minor), mode);
  if (total < 0 || total > commission_minor) throw new Error(`clawback ${total} outside 0..${commission_minor}`);
  return total;
}
