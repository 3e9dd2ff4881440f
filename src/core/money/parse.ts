// Exact parsing of user-written money and rates. Text is read digit by digit into a decimal.js value
// and a Sheets number is read through its shortest round-trip decimal, so no float arithmetic ever
// touches an amount. Results are safe integers: minor units of a currency, or basis points.
//
// Currency markers (decision): an ISO code (`USD 12.00`, `12.00 usd`) or a symbol that can denote the
// row's currency (`$12.00` for USD, CAD, AUD, …; `€`; `£`; `¥` …) is accepted and dropped. A symbol or
// code that denotes another currency is CURRENCY_MISMATCH; any other character is UNKNOWN_SYMBOL.
// Trailing zeros beyond the exponent are harmless (`10.500` USD = 1050): only a non-zero digit the
// currency cannot hold is TOO_MANY_DECIMALS, because only that would lose money.
import Decimal from 'decimal.js';
import type { BasisPoints, Cell, CurrencyCode, DecimalString, MinorUnits } from '../model';
import { currencyExponent, isKnownCurrency } from './currencies';
import { fail, type Parsed } from '../input/error-codes';
import { isBlankCell, isDateCell, shownValue } from '../input/cells';

/** A private decimal.js constructor: enough precision that no operation here ever rounds. */
const Dec = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
type Dec = Decimal;

/** A Sheets number is taken as a decimal when it is within this distance of one (in major units). */
const NUMBER_TOLERANCE = new Dec('1e-9');
/** More digits than this cannot be an amount anyone meant. */
const MAX_DIGITS = 30;

export type DecimalSeparator = '.' | ',';

export interface AmountOptions {
  /** Column name used in messages (default `amount`). */
  field?: string;
  decimal_separator?: DecimalSeparator;
  /** Sale amounts, fees and thresholds are never negative (the default). */
  allow_negative?: boolean;
  /** What a negative value should be instead, for the message. */
  negative_fix?: string;
}

// Symbols people put in front of or after amounts, and the currencies each one can denote.
const DOLLAR_LIKE = 'USD CAD AUD NZD SGD HKD MXN TWD ARS CLP COP BSD BBD BMD BND BZD FJD GYD JMD KYD LRD NAD SBD SRD TTD XCD UYU CUP DOP';
const SYMBOLS: ReadonlyArray<readonly [symbol: string, currencies: string, meaning: string]> = [
  ['US$', 'USD', 'US dollars'], ['CA$', 'CAD', 'Canadian dollars'], ['C$', 'CAD', 'Canadian dollars'],
  ['AU$', 'AUD', 'Australian dollars'], ['A$', 'AUD', 'Australian dollars'], ['NZ$', 'NZD', 'New Zealand dollars'],
  ['HK$', 'HKD', 'Hong Kong dollars'], ['S$', 'SGD', 'Singapore dollars'], ['R$', 'BRL', 'Brazilian reais'],
  ['MX$', 'MXN', 'Mexican pesos'], ['$', DOLLAR_LIKE, 'a dollar or peso sign'], ['€', 'EUR', 'euros'],
  ['£', 'GBP GIP FKP SHP', 'pounds'], ['¥', 'JPY CNY', 'yen or yuan'], ['₹', 'INR', 'Indian rupees'],
  ['₩', 'KRW', 'won'], ['₽', 'RUB', 'roubles'], ['₺', 'TRY', 'lira'], ['₪', 'ILS', 'shekels'], ['฿', 'THB', 'baht'],
  ['₫', 'VND', 'dong'], ['₱', 'PHP', 'Philippine pesos'], ['₦', 'NGN', 'naira'], ['₴', 'UAH', 'hryvnia'],
  ['zł', 'PLN', 'złoty'], ['Kč', 'CZK', 'koruna'], ['kr', 'SEK NOK DKK ISK', 'kronor/kroner'],
];

const GROUP_SPACES = [' ', '\u00a0', '\u202f', "'", '’'];

/** Parses an amount into integer minor units of `currency`, exactly. */
export function parseAmountMinor(value: Cell | null | undefined, currency: CurrencyCode, options: AmountOptions = {}): Parsed<MinorUnits> {
  const field = options.field ?? 'amount';
  const exponent = currencyExponent(currency);
  if (exponent === null) return fail('UNKNOWN_CURRENCY', { field: 'currency', value: currency });
  // First, before any other test: a plain amount is never blank, a boolean or a date.
  if (typeof value === 'string' && (options.decimal_separator ?? '.') === '.') {
    const plain = plainAmountMinor(value, exponent);
    if (plain !== null) return { ok: true, value: plain };
  }
  // A Sheets number is read through its shortest round-trip decimal (see numberToDecimal), which is
  // String(value): when that is plain and fits the currency, it is the amount, without decimal.js
  // (Post reads every imported amount back from the Conversions tab as a number).
  if (typeof value === 'number' && value >= 0) {
    const plain = plainAmountMinor(String(value), exponent);
    if (plain !== null) return { ok: true, value: plain };
  }
  const shown = shownValue(value ?? '');
  if (isBlankCell(value)) return fail('MISSING_VALUE', { field });
  if (typeof value === 'boolean' || isDateCell(value)) {
    return fail('BAD_AMOUNT', { field, value: shown, fix: 'write a number like 12.50' });
  }
  const decimal = typeof value === 'number' ? numberToDecimal(value, field) : textAmountToDecimal(String(value), currency, field, options);
  if (!decimal.ok) return decimal;
  return decimalToMinor(decimal.value, shown, currency, exponent, field, options, typeof value === 'number');
}

// Most amounts in a file are plain (`123.45`): digits, at most the currency's decimals, no sign,
// symbol or grouping. Those are exact in integer arithmetic without decimal.js; anything else takes
// the general path above, which gives the same value for plain text and the messages for the rest.
const PLAIN_AMOUNT = /^\s*(\d{1,12})(?:\.(\d{1,3}))?\s*$/;
const PLAIN_INTEGER_DIGITS = 12;
const PLAIN_FRACTION_DIGITS = 3;

/**
 * A PLAIN_AMOUNT in minor units, or null. Text of only digits and one `.` is read character by
 * character (a regex match allocates, and files hold millions of amounts); text with anything else,
 * such as the surrounding spaces PLAIN_AMOUNT allows, by the regex.
 */
function plainAmountMinor(text: string, exponent: number): MinorUnits | null {
  let integer = 0;
  let i = 0;
  for (; i < text.length && isDigit(text.charCodeAt(i)); i++) integer = integer * 10 + (text.charCodeAt(i) - 0x30);
  const integer_digits = i;
  let fraction = 0;
  if (i < text.length && text.charCodeAt(i) === 0x2e) {
    for (i++; i < text.length && isDigit(text.charCodeAt(i)); i++) fraction = fraction * 10 + (text.charCodeAt(i) - 0x30);
  }
  if (i < text.length) return plainAmountMinorByRegex(text, exponent);
  const fraction_digits = Math.max(0, i - integer_digits - 1);
  const plain = integer_digits >= 1 && integer_digits <= PLAIN_INTEGER_DIGITS
    && (i === integer_digits || (fraction_digits >= 1 && fraction_digits <= PLAIN_FRACTION_DIGITS));
  return plain ? minorOf(integer, fraction, fraction_digits, exponent) : null;
}

function plainAmountMinorByRegex(text: string, exponent: number): MinorUnits | null {
  const m = PLAIN_AMOUNT.exec(text);
  if (m === null) return null;
  const fraction = m[2] ?? '';
  return minorOf(Number(m[1]), fraction === '' ? 0 : Number(fraction), fraction.length, exponent);
}

/** integer.fraction (the fraction written with `fraction_digits` digits) in minor units, when the currency holds it. */
function minorOf(integer: number, fraction: number, fraction_digits: number, exponent: number): MinorUnits | null {
  if (fraction_digits > exponent) return null;
  const minor = integer * 10 ** exponent + (fraction_digits === 0 ? 0 : fraction * 10 ** (exponent - fraction_digits));
  return Number.isSafeInteger(minor) ? minor : null;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function decimalToMinor(
  amount: Dec, shown: string, currency: string, exponent: number, field: string, options: AmountOptions, from_number: boolean,
): Parsed<MinorUnits> {
  if (amount.isNegative() && !amount.isZero() && !options.allow_negative) {
    return fail('NEGATIVE_AMOUNT', { field, value: shown, fix: options.negative_fix ?? 'write a positive amount' });
  }
  let exact = amount;
  if (amount.decimalPlaces() > exponent) {
    const rounded = amount.toDecimalPlaces(exponent, Decimal.ROUND_HALF_UP);
    if (!from_number || amount.minus(rounded).abs().greaterThan(NUMBER_TOLERANCE)) {
      const other = amount.toDecimalPlaces(exponent, rounded.greaterThan(amount) ? Decimal.ROUND_FLOOR : Decimal.ROUND_CEIL);
      const separator = options.decimal_separator ?? '.';
      return fail('TOO_MANY_DECIMALS', {
        field, value: shown, decimals: from_number ? amount.decimalPlaces() : writtenDecimals(shown, options.decimal_separator ?? '.'), currency, allowed: exponent,
        nearest: withSeparator(rounded.toFixed(exponent), separator), other: withSeparator(other.toFixed(exponent), separator),
      });
    }
    exact = rounded;
  }
  const minor = exact.times(new Dec(10).pow(exponent));
  const asNumber = minor.toNumber() + 0; // `+ 0` turns -0 into 0
  if (!Number.isSafeInteger(asNumber)) return fail('AMOUNT_TOO_LARGE', { field, value: shown });
  return { ok: true, value: asNumber };
}

/** The decimals as written (`1000.50` has 2; decimal.js counts 1, without the trailing zero). */
function writtenDecimals(text: string, separator: DecimalSeparator): number {
  const at = text.lastIndexOf(separator);
  if (at < 0) return 0;
  let digits = 0;
  while (isDigit(text.charCodeAt(at + 1 + digits))) digits++;
  return digits;
}

function withSeparator(text: string, separator: DecimalSeparator): string {
  return separator === ',' ? text.replace('.', ',') : text;
}

/** A Sheets number read through its shortest round-trip decimal (0.1 is 0.1, not 0.1000000000000000055…). */
function numberToDecimal(value: number, field: string): Parsed<Dec> {
  if (!Number.isFinite(value)) return fail('BAD_AMOUNT', { field, value: String(value), fix: 'write a number like 12.50' });
  return { ok: true, value: new Dec(value) };
}

function textAmountToDecimal(raw: string, currency: string, field: string, options: AmountOptions): Parsed<Dec> {
  const text = raw.trim();
  if (/^\(.*\)$/.test(text)) {
    return fail('BAD_AMOUNT', { field, value: text, fix: 'accounting brackets are not accepted: write -12.00 for a negative amount' });
  }
  const parts = /^([+-]?)\s*([^\d\s+\-.,'’]*)\s*([+-]?)\s*(.*?)\s*([^\d\s.,'’]*)$/u.exec(text);
  if (parts === null) return fail('BAD_AMOUNT', { field, value: text, fix: 'write a number like 1234.56' });
  const [, sign_before, prefix = '', sign_after, body = '', suffix = ''] = parts;
  if (sign_before && sign_after) return fail('BAD_AMOUNT', { field, value: text, fix: 'write a single sign, like -12.00' });
  for (const marker of [prefix, suffix]) {
    const checked = checkCurrencyMarker(marker, currency, field, text);
    if (!checked.ok) return checked;
  }
  const number = parseDecimalText(body, field, text, options.decimal_separator ?? '.', true);
  if (!number.ok) return number;
  return { ok: true, value: sign_before === '-' || sign_after === '-' ? number.value.negated() : number.value };
}

function checkCurrencyMarker(marker: string, currency: string, field: string, text: string): Parsed<true> {
  if (marker === '') return { ok: true, value: true };
  if (/^(nan|inf|infinity)$/i.test(marker)) return fail('BAD_AMOUNT', { field, value: text, fix: 'write a number like 12.50' });
  if (/^[A-Za-z]{3}$/.test(marker)) {
    const code = marker.toUpperCase();
    if (code === currency) return { ok: true, value: true };
    if (isKnownCurrency(code)) return fail('CURRENCY_MISMATCH', { field, value: text, symbol: code, meaning: code, currency });
  }
  const symbol = SYMBOLS.find(([s]) => s.toLowerCase() === marker.toLowerCase());
  if (symbol === undefined) return fail('UNKNOWN_SYMBOL', { field, value: text, symbol: marker });
  const [, currencies, meaning] = symbol;
  if (currencies.split(' ').includes(currency)) return { ok: true, value: true };
  return fail('CURRENCY_MISMATCH', { field, value: text, symbol: marker, meaning, currency });
}

/**
 * Reads unsigned decimal text such as `1,234.56` (or `1.234,56` with the `,` separator) exactly.
 * Thousands separators must split the integer part into groups of three; spaces and apostrophes are
 * accepted as group separators in either mode. `text` is the whole cell, for messages.
 */
export function parseDecimalText(body: string, field: string, text: string, decimal: DecimalSeparator, allow_grouping: boolean): Parsed<Dec> {
  if (body === '') return fail('BAD_AMOUNT', { field, value: text, fix: 'write a number like 1234.56' });
  const exponent = /^(\d*[.,]?\d*)e([+-]?\d+)$/i.exec(body);
  if (exponent !== null) {
    const [, mantissa = '', power = '0'] = exponent;
    const full = Math.abs(Number(power)) <= 12 && /\d/.test(mantissa) ? new Dec(`${mantissa.replace(',', '.')}e${power}`).toFixed() : '1000';
    return fail('BAD_AMOUNT', { field, value: text, fix: `exponent notation is not accepted: write the number in full, like ${full}` });
  }
  const stray = /[^\d.,'’\s]+/u.exec(body);
  if (stray !== null) return fail('UNKNOWN_SYMBOL', { field, value: text, symbol: stray[0] });
  const group = decimal === '.' ? ',' : '.';
  const pieces = body.split(decimal);
  const tip = decimal === '.'
    ? '; if "," is your decimal separator, set decimal_separator to , in Settings'
    : '; if "." is your decimal separator, set decimal_separator to . in Settings';
  if (pieces.length > 2) return fail('BAD_GROUPING', { field, value: text, group, decimal, tip, twice: true });
  const [integer = '', fraction] = pieces;
  if (fraction !== undefined && !/^\d+$/.test(fraction)) {
    if (fraction === '') return fail('BAD_AMOUNT', { field, value: text, fix: `write digits after the "${decimal}", like 12${decimal}00` });
    return fail('BAD_GROUPING', { field, value: text, group, decimal, tip: '' });
  }
  const digits = integerDigits(integer, group, allow_grouping);
  if (digits === null) {
    const looks_decimal = new RegExp(`^\\d+\\${group}\\d{1,2}$`).test(integer) || new RegExp(`^\\d+\\${group}\\d{4,}$`).test(integer);
    return fail('BAD_GROUPING', { field, value: text, group: groupShown(integer, group), decimal, tip: looks_decimal && fraction === undefined ? tip : '' });
  }
  if (digits === '' && fraction === undefined) return fail('BAD_AMOUNT', { field, value: text, fix: 'write a number like 1234.56' });
  if (digits.replace(/^0+/, '').length + (fraction?.length ?? 0) > MAX_DIGITS) return fail('AMOUNT_TOO_LARGE', { field, value: text });
  return { ok: true, value: new Dec(`${digits || '0'}.${fraction ?? '0'}`) };
}

/** The integer part without group separators, or null when it is badly grouped. */
function integerDigits(integer: string, group: string, allow_grouping: boolean): string | null {
  if (/^\d*$/.test(integer)) return integer;
  if (!allow_grouping) return null;
  for (const separator of [group, ...GROUP_SPACES]) {
    const groups = integer.split(separator);
    if (groups.length < 2) continue;
    const [head = '', ...rest] = groups;
    if (/^\d{1,3}$/.test(head) && rest.every((g) => /^\d{3}$/.test(g))) return groups.join('');
    return null;
  }
  return null;
}

function groupShown(integer: string, group: string): string {
  return integer.includes(group) ? group : (/[^\d]/u.exec(integer)?.[0] ?? group);
}

export interface RateOptions {
  field?: string;
  decimal_separator?: DecimalSeparator;
}

/**
 * Parses a commission rate into basis points: `10%`, `0.1` and a Sheets percent cell (the number
 * 0.1) are all 1000 bp. A bare number above 1 (`10`) could mean 10% or 1000%, so it is refused.
 * With decimal_separator `,` either `.` or `,` is read as the decimal point (rates never need
 * grouping); with `.` (the default) a comma is an error naming the setting, as it is in an amount.
 */
export function parseRateBps(value: Cell | null | undefined, options: RateOptions = {}): Parsed<BasisPoints> {
  const field = options.field ?? 'rate';
  if (isBlankCell(value)) return fail('MISSING_VALUE', { field });
  const shown = shownValue(value ?? '');
  if (typeof value === 'boolean' || isDateCell(value)) return fail('BAD_RATE', { field, value: shown });
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('BAD_RATE', { field, value: shown });
    return fractionToBps(new Dec(value), shown, field, true);
  }
  const text = String(value).trim();
  const match = /^([+-]?)(\d*)(?:[.,](\d*))?(\s*%)?$/.exec(text);
  if (match === null || (match[2] === '' && !match[3])) return fail('BAD_RATE', { field, value: text });
  const [, sign, integer = '', fraction = '', percent] = match;
  if ((options.decimal_separator ?? '.') === '.' && text.includes(',')) {
    return fail('RATE_DECIMAL_COMMA', { field, value: text, fixed: text.replace(',', '.') });
  }
  if (integer.length + fraction.length > MAX_DIGITS) return fail('RATE_OUT_OF_RANGE', { field, value: text });
  const magnitude = new Dec(`${integer || '0'}.${fraction || '0'}`);
  const number = sign === '-' ? magnitude.negated() : magnitude;
  if (percent) return percentToBps(number, text, field);
  return fractionToBps(number, text, field, false);
}

function fractionToBps(fraction: Dec, shown: string, field: string, from_number: boolean): Parsed<BasisPoints> {
  if (fraction.greaterThan(1)) {
    return fail('AMBIGUOUS_RATE', { field, value: shown, percent: fraction.toFixed(), hundredfold: fraction.times(100).toFixed() });
  }
  if (fraction.isNegative() && !fraction.isZero()) return fail('RATE_OUT_OF_RANGE', { field, value: shown });
  const bps = fraction.times(10000);
  // A percent cell holding 12.5% arrives as 0.125 exactly; allow only float noise, never a real fraction of a bp.
  const rounded = bps.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  if (!bps.equals(rounded) && !(from_number && bps.minus(rounded).abs().lessThan('1e-6'))) return tooPrecise(bps, shown, field);
  return { ok: true, value: rounded.toNumber() + 0 };
}

function percentToBps(percent: Dec, shown: string, field: string): Parsed<BasisPoints> {
  if (percent.isNegative() && !percent.isZero()) return fail('RATE_OUT_OF_RANGE', { field, value: shown });
  if (percent.greaterThan(100)) return fail('RATE_OUT_OF_RANGE', { field, value: shown });
  const bps = percent.times(100);
  if (!bps.isInteger()) return tooPrecise(bps, shown, field);
  return { ok: true, value: bps.toNumber() + 0 };
}

function tooPrecise(bps: Dec, shown: string, field: string): Parsed<never> {
  const nearest = bps.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const other = bps.toDecimalPlaces(0, nearest.greaterThan(bps) ? Decimal.ROUND_FLOOR : Decimal.ROUND_CEIL);
  return fail('RATE_TOO_PRECISE', {
    field, value: shown, nearest: `${nearest.dividedBy(100).toFixed()}%`, other: `${other.dividedBy(100).toFixed()}%`,
  });
}

export interface DecimalOptions {
  field: string;
  decimal_separator?: DecimalSeparator;
  /** How many decimals are meaningful (FX rates: 10). */
  max_decimals: number;
  /** What to write instead, for messages, e.g. `a positive rate like 1.0825`. */
  expected: string;
}

/** Parses a positive exact decimal such as an FX rate into its canonical string (`1.0825`). */
export function parsePositiveDecimal(value: Cell | null | undefined, options: DecimalOptions): Parsed<DecimalString> {
  const { field, expected } = options;
  if (isBlankCell(value)) return fail('MISSING_VALUE', { field });
  const shown = shownValue(value ?? '');
  let decimal: Dec;
  if (typeof value === 'number' && Number.isFinite(value)) decimal = new Dec(value);
  else if (typeof value === 'string') {
    const parsed = parseDecimalText(value.trim(), field, value.trim(), options.decimal_separator ?? '.', true);
    if (!parsed.ok) return fail('BAD_NUMBER', { field, value: shown, expected });
    decimal = parsed.value;
  } else return fail('BAD_NUMBER', { field, value: shown, expected });
  if (decimal.isZero() || decimal.isNegative() || decimal.decimalPlaces() > options.max_decimals) {
    return fail('BAD_NUMBER', { field, value: shown, expected });
  }
  return { ok: true, value: decimal.toFixed() };
}

export interface CountOptions {
  field: string;
  min: number;
  max: number;
  expected: string;
}

/** Parses a whole number such as `hold_days` or `max_months` (text `30` or the number 30). */
export function parseCount(value: Cell | null | undefined, options: CountOptions): Parsed<number> {
  const { field, expected } = options;
  if (isBlankCell(value)) return fail('MISSING_VALUE', { field });
  const shown = shownValue(value ?? '');
  let count: number;
  if (typeof value === 'number') count = value;
  else if (typeof value === 'string' && /^\s*\d{1,9}\s*$/.test(value)) count = Number(value.trim());
  else return fail('BAD_NUMBER', { field, value: shown, expected });
  if (!Number.isInteger(count) || count < options.min || count > options.max) return fail('BAD_NUMBER', { field, value: shown, expected });
  return { ok: true, value: count };
}
