// Converting a sale to the base currency: the latest FX rate on or before the sale date, applied
// exactly (bigint), with the exponent difference of the two currencies, rounded once by the setting.
import type { CurrencyCode, DecimalString, FxRate, IsoDate, MinorUnits, RoundingMode } from '../model';
import { currencyExponent } from '../money/currencies';
import { divideRoundedSafe, divideRoundedToSafe } from '../money/rounding';

export type FxLookup =
  | { ok: true; rate: DecimalString }
  | { ok: false; reason: 'missing' | 'conflict'; message: string };

export interface FxTable {
  base_currency: CurrencyCode;
  /** Per currency: distinct dates ascending, each with its rates (more than one = a conflict). */
  by_currency: Map<CurrencyCode, Array<{ date: IsoDate; rates: DecimalString[] }>>;
}

/** Two spellings of one rate (`1.10`, `1.1`) are the same rate. */
function canonicalRate(rate: DecimalString): DecimalString {
  const { mantissa, scale } = parseDecimal(rate);
  let m = mantissa;
  let s = scale;
  while (s > 0 && m % 10n === 0n) {
    m /= 10n;
    s -= 1;
  }
  const digits = m.toString().padStart(s + 1, '0');
  return s === 0 ? digits : `${digits.slice(0, -s)}.${digits.slice(-s)}`;
}

export function buildFxTable(fx: ReadonlyArray<FxRate>, base_currency: CurrencyCode): FxTable {
  const grouped = new Map<CurrencyCode, Map<IsoDate, Set<DecimalString>>>();
  for (const row of fx) {
    const dates = grouped.get(row.currency) ?? new Map<IsoDate, Set<DecimalString>>();
    grouped.set(row.currency, dates);
    const rates = dates.get(row.date) ?? new Set<DecimalString>();
    dates.set(row.date, rates);
    rates.add(canonicalRate(row.rate));
  }
  const by_currency = new Map<CurrencyCode, Array<{ date: IsoDate; rates: DecimalString[] }>>();
  for (const [currency, dates] of grouped) {
    const list = [...dates.entries()].map(([date, rates]) => ({ date, rates: [...rates].sort() }));
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    by_currency.set(currency, list);
  }
  return { base_currency, by_currency };
}

/** The rate of the latest FX row on or before `date`. The base currency converts at exactly 1. */
export function lookupFx(table: FxTable, currency: CurrencyCode, date: IsoDate): FxLookup {
  if (currency === table.base_currency) return { ok: true, rate: '1' };
  const list = table.by_currency.get(currency) ?? [];
  let found: { date: IsoDate; rates: DecimalString[] } | undefined;
  for (const item of list) {
    if (item.date > date) break;
    found = item;
  }
  if (!found) {
    return { ok: false, reason: 'missing', message: `no FX rate for ${currency} on or before ${date}: add one to the FX tab` };
  }
  if (found.rates.length > 1) {
    return {
      ok: false,
      reason: 'conflict',
      message: `the FX tab has ${found.rates.length} different ${currency} rates on ${found.date} (${found.rates.join(', ')}): keep one`,
    };
  }
  return { ok: true, rate: found.rates[0]! };
}

/** A non-negative decimal string as mantissa / 10^scale. Malformed rates are a bug upstream. */
export function parseDecimal(text: DecimalString): { mantissa: bigint; scale: number } {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`FX rate is not a plain decimal: ${text}`);
  const fraction = m[2] ?? '';
  return { mantissa: BigInt(m[1]! + fraction), scale: fraction.length };
}

// A post converts many sales at a few rates: each rate's parts are parsed once, kept as doubles
// when they are safe integers (null otherwise). Bounded: past the limit the cache starts again.
const RATE_CACHE_LIMIT = 10_000;
const safe_rates = new Map<DecimalString, { mantissa: number; scale: number } | null>();

function safeRate(rate: DecimalString): { mantissa: number; scale: number } | null {
  let parts = safe_rates.get(rate);
  if (parts === undefined) {
    const { mantissa, scale } = parseDecimal(rate);
    parts = Number.isSafeInteger(Number(mantissa)) ? { mantissa: Number(mantissa), scale } : null;
    if (safe_rates.size >= RATE_CACHE_LIMIT) safe_rates.clear();
    safe_rates.set(rate, parts);
  }
  return parts;
}

/**
 * `amount_minor` of `currency` in base minor units at `rate`:
 * amount × rate × 10^(base exponent − currency exponent), rounded once.
 */
export function toBaseMinor(
  amount_minor: MinorUnits, currency: CurrencyCode, rate: DecimalString, base_currency: CurrencyCode, mode: RoundingMode,
): MinorUnits {
  const from = currencyExponent(currency);
  const to = currencyExponent(base_currency);
  if (from === null || to === null) throw new Error(`unknown currency ${currency} or ${base_currency}`);
  // Most sales are in the base currency: at rate 1 the amount is already exact, no bigints needed.
  if (currency === base_currency && rate === '1' && Number.isSafeInteger(amount_minor)) return amount_minor;
  // In doubles while every product is a safe integer (every realistic sale), exactly as in bigints.
  const parts = safeRate(rate);
  if (parts !== null && Number.isSafeInteger(amount_minor)) {
    const numerator = amount_minor * parts.mantissa * (to >= from ? 10 ** (to - from) : 1);
    const denominator = 10 ** parts.scale * (to >= from ? 1 : 10 ** (from - to));
    if (Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator)) return divideRoundedSafe(numerator, denominator, mode);
  }
  const { mantissa, scale } = parseDecimal(rate);
  let numerator = BigInt(amount_minor) * mantissa;
  let denominator = 10n ** BigInt(scale);
  if (to >= from) numerator *= 10n ** BigInt(to - from);
  else denominator *= 10n ** BigInt(from - to);
  return divideRoundedToSafe(numerator, denominator, mode);
}
