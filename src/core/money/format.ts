// Writing money back out: the exact inverse of parsing. Amounts are written with exactly the
// currency's exponent, a '-' sign and no grouping (`-1234.50`), which every payment system and
// spreadsheet locale reads the same way.
import type { BasisPoints, CurrencyCode, MinorUnits } from '../model';
import { currencyExponent } from './currencies';
import { assertMinorUnits } from './rounding';

/** `formatMinor(12345, 'USD')` → `'123.45'`; JPY → `'12345'`; KWD → `'12.345'`. */
export function formatMinor(amount_minor: MinorUnits, currency: CurrencyCode): string {
  assertMinorUnits(amount_minor, 'formatMinor amount');
  const exponent = currencyExponent(currency);
  if (exponent === null) throw new Error(`formatMinor: unknown currency ${currency}`);
  const sign = amount_minor < 0 ? '-' : '';
  const digits = String(Math.abs(amount_minor)).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * The number a sheet cell should hold for an amount (12.5 for 1250 USD). Its shortest decimal form is
 * exact. Dividing is the same number as reading `formatMinor`'s text: both operands are exact doubles
 * (a safe integer, and 10^exponent ≤ 10^22), so IEEE division rounds the exact quotient, the decimal
 * amount itself, to the nearest double, which is what parsing its text does.
 */
export function minorToSheetNumber(amount_minor: MinorUnits, currency: CurrencyCode): number {
  assertMinorUnits(amount_minor, 'minorToSheetNumber amount');
  const exponent = currencyExponent(currency);
  if (exponent === null) throw new Error(`minorToSheetNumber: unknown currency ${currency}`);
  return amount_minor / 10 ** exponent + 0; // `+ 0` turns -0 into 0, as the text "0.00" reads
}

/** `formatRateBps(1250)` → `'12.5%'`. */
export function formatRateBps(rate_bps: BasisPoints): string {
  if (!Number.isSafeInteger(rate_bps)) throw new Error(`formatRateBps: not an integer number of basis points: ${rate_bps}`);
  const sign = rate_bps < 0 ? '-' : '';
  const digits = String(Math.abs(rate_bps)).padStart(3, '0');
  const fraction = digits.slice(-2).replace(/0+$/, '');
  return `${sign}${digits.slice(0, -2)}${fraction ? `.${fraction}` : ''}%`;
}

/** The fraction a percent-formatted sheet cell should hold for a rate (0.125 for 1250 bp). */
export function bpsToSheetNumber(rate_bps: BasisPoints): number {
  if (!Number.isSafeInteger(rate_bps)) throw new Error(`bpsToSheetNumber: not an integer number of basis points: ${rate_bps}`);
  const sign = rate_bps < 0 ? '-' : '';
  const digits = String(Math.abs(rate_bps)).padStart(5, '0');
  return Number(`${sign}${digits.slice(0, -4)}.${digits.slice(-4)}`);
}
