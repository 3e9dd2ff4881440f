import fc from 'fast-check';
import { parseAmountMinor, parseCount, parsePositiveDecimal, parseRateBps } from '../../../src/core/money/parse';
import { formatMinor } from '../../../src/core/money/format';
import { currencyExponent, knownCurrencies } from '../../../src/core/money/currencies';

const value = <T>(r: { ok: boolean; value?: T }): T | undefined => (r.ok ? r.value : undefined);
const code = (r: { ok: boolean; code?: string }): string | undefined => (r.ok ? undefined : r.code);

describe('money/parse', () => {
  describe('parseAmountMinor', () => {
    it('reads plain and thousands-grouped amounts exactly', () => {
      expect(value(parseAmountMinor('1234.56', 'USD'))).toBe(123456);
      expect(value(parseAmountMinor('1,234.56', 'USD'))).toBe(123456);
      expect(value(parseAmountMinor('1,234,567', 'USD'))).toBe(123456700);
      expect(value(parseAmountMinor(' 0.1 ', 'USD'))).toBe(10);
      expect(value(parseAmountMinor('.5', 'USD'))).toBe(50);
      expect(value(parseAmountMinor('1 234.50', 'USD'))).toBe(123450);
    });

    it('reads decimal-comma amounts when the separator is ","', () => {
      const comma = { decimal_separator: ',' as const };
      expect(value(parseAmountMinor('1.234,56', 'EUR', comma))).toBe(123456);
      expect(value(parseAmountMinor('1234,56', 'EUR', comma))).toBe(123456);
      expect(value(parseAmountMinor('1 234,56 €', 'EUR', comma))).toBe(123456);
      expect(code(parseAmountMinor('1,234.56', 'EUR', comma))).toBe('BAD_GROUPING');
    });

    it('refuses badly grouped numbers and suggests the decimal-comma setting when it looks like one', () => {
      for (const bad of ['1,23.4', '12,34', '1234,5678', '1.234.567', '12 34']) expect(code(parseAmountMinor(bad, 'USD'))).toBe('BAD_GROUPING');
      const r = parseAmountMinor('12,34', 'USD');
      expect(r.ok ? '' : r.message).toContain('decimal_separator to ,');
    });

    it('refuses more decimals than the currency has, suggesting both roundings', () => {
      const r = parseAmountMinor('10.555', 'USD');
      expect(r.ok ? '' : r.message).toBe('amount "10.555" has 3 decimals but USD allows 2: round it to 10.56 or 10.55');
      expect(code(parseAmountMinor('10.5', 'JPY'))).toBe('TOO_MANY_DECIMALS');
      const written = parseAmountMinor('1000.50', 'JPY');
      expect(written.ok ? '' : written.message).toBe('amount "1000.50" has 2 decimals but JPY allows 0: round it to 1001 or 1000');
      expect(code(parseAmountMinor('1.2345', 'KWD'))).toBe('TOO_MANY_DECIMALS');
      expect(value(parseAmountMinor('1.234', 'KWD'))).toBe(1234);
      expect(value(parseAmountMinor('1.2345', 'CLF'))).toBe(12345);
    });

    it('accepts trailing zeros beyond the exponent because they lose nothing', () => {
      expect(value(parseAmountMinor('10.500', 'USD'))).toBe(1050);
      expect(value(parseAmountMinor('1500.0', 'JPY'))).toBe(1500);
    });

    it('refuses NaN, Infinity, exponents, empty text and stray characters', () => {
      for (const bad of ['NaN', 'Infinity', '-Infinity', '1e3', '1.5E+2', '12.', '--12', '(12.00)', 'abc', '']) {
        expect(parseAmountMinor(bad, 'USD').ok).toBe(false);
      }
      expect(code(parseAmountMinor('', 'USD'))).toBe('MISSING_VALUE');
      expect(code(parseAmountMinor('1e3', 'USD'))).toBe('BAD_AMOUNT');
      expect(code(parseAmountMinor(Number.NaN, 'USD'))).toBe('BAD_AMOUNT');
      expect(code(parseAmountMinor(Number.POSITIVE_INFINITY, 'USD'))).toBe('BAD_AMOUNT');
      expect(code(parseAmountMinor(true, 'USD'))).toBe('BAD_AMOUNT');
      expect(code(parseAmountMinor(new Date(0), 'USD'))).toBe('BAD_AMOUNT');
    });

    it('refuses negative amounts unless allowed', () => {
      expect(code(parseAmountMinor('-12.00', 'USD'))).toBe('NEGATIVE_AMOUNT');
      expect(code(parseAmountMinor(-12, 'USD'))).toBe('NEGATIVE_AMOUNT');
      expect(value(parseAmountMinor('-12.00', 'USD', { allow_negative: true }))).toBe(-1200);
      expect(value(parseAmountMinor('-0.00', 'USD'))).toBe(0);
      expect(Object.is(value(parseAmountMinor('-0', 'USD')), 0)).toBe(true);
    });

    it('accepts a currency symbol or code that matches the row currency, and refuses others', () => {
      expect(value(parseAmountMinor('$12.00', 'USD'))).toBe(1200);
      expect(value(parseAmountMinor('$12.00', 'CAD'))).toBe(1200);
      expect(value(parseAmountMinor('-$12.00', 'USD', { allow_negative: true }))).toBe(-1200);
      expect(value(parseAmountMinor('USD 12.00', 'USD'))).toBe(1200);
      expect(value(parseAmountMinor('12.00 usd', 'USD'))).toBe(1200);
      expect(value(parseAmountMinor('€12', 'EUR'))).toBe(1200);
      expect(value(parseAmountMinor('¥1500', 'JPY'))).toBe(1500);
      expect(code(parseAmountMinor('€12.00', 'USD'))).toBe('CURRENCY_MISMATCH');
      expect(code(parseAmountMinor('12.00 EUR', 'USD'))).toBe('CURRENCY_MISMATCH');
      expect(code(parseAmountMinor('$12.00', 'EUR'))).toBe('CURRENCY_MISMATCH');
      expect(code(parseAmountMinor('¤12', 'USD'))).toBe('UNKNOWN_SYMBOL');
      expect(code(parseAmountMinor('12 XYZ', 'USD'))).toBe('UNKNOWN_SYMBOL');
      expect(code(parseAmountMinor('12%', 'USD'))).toBe('UNKNOWN_SYMBOL');
    });

    it('refuses an unknown currency', () => {
      expect(code(parseAmountMinor('12.00', 'XYZ'))).toBe('UNKNOWN_CURRENCY');
    });

    it('reads Sheets numbers exactly, rounding only float noise within 1e-9', () => {
      expect(value(parseAmountMinor(0.1 + 0.2, 'USD'))).toBe(30);
      expect(value(parseAmountMinor(1234.56, 'USD'))).toBe(123456);
      expect(value(parseAmountMinor(19.99, 'USD'))).toBe(1999);
      expect(value(parseAmountMinor(1.0000000001, 'USD'))).toBe(100);
      expect(code(parseAmountMinor(10.555, 'USD'))).toBe('TOO_MANY_DECIMALS');
      expect(code(parseAmountMinor(10.5, 'JPY'))).toBe('TOO_MANY_DECIMALS');
      expect(code(parseAmountMinor(1.00000001, 'USD'))).toBe('TOO_MANY_DECIMALS');
    });

    it('refuses amounts too large to hold exactly', () => {
      expect(code(parseAmountMinor('99999999999999999999', 'USD'))).toBe('AMOUNT_TOO_LARGE');
      expect(code(parseAmountMinor(1e300, 'USD'))).toBe('AMOUNT_TOO_LARGE');
    });

    it('round-trips formatMinor for every currency exponent (0, 2, 3, 4)', () => {
      const currencies = knownCurrencies();
      fc.assert(fc.property(
        fc.constantFrom(...currencies), fc.maxSafeInteger().map((n) => Math.trunc(n / 1000) + 0), (currency, amount_minor) => {
          const text = formatMinor(amount_minor, currency);
          expect(value(parseAmountMinor(text, currency, { allow_negative: true }))).toBe(amount_minor);
        }), { numRuns: 500 });
      expect(new Set(currencies.map((c) => currencyExponent(c)))).toEqual(new Set([0, 2, 3, 4]));
    });

    it('reads plain amounts (digits and a few decimals) exactly as the general path reads them with a sign', () => {
      // '+' sends the same number down the general (decimal.js) path: results and errors must agree.
      const plain = fc.tuple(fc.stringMatching(/^[0-9]{1,14}$/), fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }), fc.constantFrom('', ' '))
        .map(([integer, fraction, pad]) => `${pad}${integer}${fraction === undefined ? '' : `.${fraction}`}${pad}`);
      fc.assert(fc.property(plain, fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'), (text, currency) => {
        const general = parseAmountMinor(`+${text.trim()}`, currency);
        const read = parseAmountMinor(text, currency);
        expect(read.ok).toBe(general.ok);
        if (read.ok && general.ok) expect(read.value).toBe(general.value);
        else if (!read.ok && !general.ok) expect(read.code).toBe(general.code);
      }), { numRuns: 3000 });
    });

    it('reads a positive Sheets number as the general path reads its negation', () => {
      // A negative number goes down the general (decimal.js) path: the same amount, negated, or the same error.
      const numbers = fc.oneof(
        fc.double({ min: Number.MIN_VALUE, max: 1e16, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 40 }).map((n) => n / 100),
        fc.integer({ min: 1, max: 2 ** 40 }).map((n) => n / 1000),
        fc.integer({ min: 1, max: 2 ** 50 }),
      );
      fc.assert(fc.property(numbers, fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'), (x, currency) => {
        const read = parseAmountMinor(x, currency);
        const general = parseAmountMinor(-x, currency, { allow_negative: true });
        expect(read.ok).toBe(general.ok);
        if (read.ok && general.ok) expect(read.value).toBe(0 - general.value); // 0 - 0 is 0, where -0 is not
        else if (!read.ok && !general.ok) expect(read.code).toBe(general.code);
      }), { numRuns: 5000 });
    });

    it('never yields a float: every accepted amount is a safe integer', () => {
      const texty = fc.stringMatching(/^-?[0-9$€,. ]{0,14}(e[0-9])?$/);
      fc.assert(fc.property(
        fc.oneof(texty, fc.double(), fc.integer()), fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'), fc.constantFrom('.' as const, ',' as const),
        (input, currency, decimal_separator) => {
          const r = parseAmountMinor(input, currency, { allow_negative: true, decimal_separator });
          if (r.ok) expect(Number.isSafeInteger(r.value)).toBe(true);
          else expect(r.message.length).toBeGreaterThan(10);
        }), { numRuns: 2000 });
    });
  });

  describe('parseRateBps', () => {
    it('reads 10%, 0.1 and a Sheets percent cell (0.1) as 1000 basis points', () => {
      expect(value(parseRateBps('10%'))).toBe(1000);
      expect(value(parseRateBps('0.1'))).toBe(1000);
      expect(value(parseRateBps(0.1))).toBe(1000);
      expect(value(parseRateBps('12.5 %'))).toBe(1250);
      expect(value(parseRateBps('12,5%', { decimal_separator: ',' }))).toBe(1250);
      expect(value(parseRateBps('12.5%', { decimal_separator: ',' }))).toBe(1250);
      expect(value(parseRateBps(0.07))).toBe(700);
      expect(value(parseRateBps('0%'))).toBe(0);
      expect(value(parseRateBps('100%'))).toBe(10000);
      expect(value(parseRateBps(1))).toBe(10000);
    });

    it('refuses a decimal comma while decimal_separator is ".", naming the setting, as amounts do', () => {
      const r = parseRateBps('10,5%');
      expect(r.ok ? '' : r.message).toBe('rate "10,5%" has a decimal comma, but decimal_separator in Settings is ".": ' +
        'write 10.5%, or set decimal_separator to , in Settings if your numbers use a decimal comma');
      expect(code(parseRateBps('0,1'))).toBe('RATE_DECIMAL_COMMA');
    });

    it('refuses a bare number above 1 as ambiguous, telling the user to write 10%', () => {
      for (const bad of ['10', 10, '1.5', 25]) expect(code(parseRateBps(bad))).toBe('AMBIGUOUS_RATE');
      const r = parseRateBps('10');
      expect(r.ok ? '' : r.message).toContain('like 10%');
    });

    it('refuses rates finer than one basis point or outside 0–100%', () => {
      expect(code(parseRateBps('12.345%'))).toBe('RATE_TOO_PRECISE');
      expect(code(parseRateBps(0.12345))).toBe('RATE_TOO_PRECISE');
      expect(code(parseRateBps('150%'))).toBe('RATE_OUT_OF_RANGE');
      expect(code(parseRateBps('-5%'))).toBe('RATE_OUT_OF_RANGE');
      expect(code(parseRateBps(-0.1))).toBe('RATE_OUT_OF_RANGE');
      expect(code(parseRateBps('abc'))).toBe('BAD_RATE');
      expect(code(parseRateBps('1e-1'))).toBe('BAD_RATE');
      expect(code(parseRateBps(''))).toBe('MISSING_VALUE');
    });

    it('always yields an integer between 0 and 10000 when it accepts', () => {
      fc.assert(fc.property(fc.oneof(fc.double(), fc.string(), fc.integer({ min: 0, max: 10000 }).map((b) => `${b / 100}%`)), (input) => {
        const r = parseRateBps(input);
        if (r.ok) {
          expect(Number.isSafeInteger(r.value)).toBe(true);
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(10000);
        }
      }), { numRuns: 1000 });
    });
  });

  describe('parsePositiveDecimal', () => {
    const fx = { field: 'rate', max_decimals: 12, expected: 'a positive rate like 1.0825' };
    it('keeps an FX rate as an exact decimal string', () => {
      expect(value(parsePositiveDecimal('1.0825', fx))).toBe('1.0825');
      expect(value(parsePositiveDecimal(0.0067, fx))).toBe('0.0067');
      expect(value(parsePositiveDecimal('1,0825', { ...fx, decimal_separator: ',' }))).toBe('1.0825');
    });
    it('refuses zero, negatives and junk', () => {
      for (const bad of ['0', '-1.2', 'abc', 0, -1]) expect(code(parsePositiveDecimal(bad, fx))).toBe('BAD_NUMBER');
    });
  });

  describe('parseCount', () => {
    const days = { field: 'hold_days', min: 0, max: 3650, expected: 'a whole number of days' };
    it('reads whole numbers from text and numbers', () => {
      expect(value(parseCount('30', days))).toBe(30);
      expect(value(parseCount(30, days))).toBe(30);
    });
    it('refuses fractions, negatives and text', () => {
      for (const bad of ['1.5', 1.5, -1, 'thirty', '9999']) expect(code(parseCount(bad, days))).toBe('BAD_NUMBER');
    });
  });
});
