import fc from 'fast-check';
import { bpsToSheetNumber, formatMinor, formatRateBps, minorToSheetNumber } from '../../../src/core/money/format';

describe('money/format', () => {
  describe('formatMinor', () => {
    it('writes exactly the currency exponent digits, a minus sign and no grouping', () => {
      expect(formatMinor(12345, 'USD')).toBe('123.45');
      expect(formatMinor(5, 'USD')).toBe('0.05');
      expect(formatMinor(-5, 'USD')).toBe('-0.05');
      expect(formatMinor(123456789, 'USD')).toBe('1234567.89');
      expect(formatMinor(12345, 'JPY')).toBe('12345');
      expect(formatMinor(12345, 'KWD')).toBe('12.345');
      expect(formatMinor(1, 'CLF')).toBe('0.0001');
      expect(formatMinor(0, 'USD')).toBe('0.00');
    });
    it('treats a non-integer amount or unknown currency as a bug', () => {
      expect(() => formatMinor(1.5, 'USD')).toThrow();
      expect(() => formatMinor(1, 'XYZ')).toThrow();
    });
  });
  describe('formatRateBps', () => {
    it('writes a rate as a percentage', () => {
      expect(formatRateBps(1000)).toBe('10%');
      expect(formatRateBps(1250)).toBe('12.5%');
      expect(formatRateBps(5)).toBe('0.05%');
      expect(formatRateBps(10000)).toBe('100%');
    });
  });
  describe('sheet numbers', () => {
    it('gives the number a cell should hold', () => {
      expect(minorToSheetNumber(123456, 'USD')).toBe(1234.56);
      expect(bpsToSheetNumber(1250)).toBe(0.125);
      expect(bpsToSheetNumber(700)).toBe(0.07);
    });
    it('gives exactly the number the written amount reads as, for every safe amount and exponent', () => {
      const currencies = ['JPY', 'USD', 'KWD', 'CLF'];
      fc.assert(fc.property(fc.maxSafeInteger(), fc.constantFrom(...currencies), (amount_minor, currency) => {
        expect(Object.is(minorToSheetNumber(amount_minor, currency), Number(formatMinor(amount_minor, currency)))).toBe(true);
      }), { numRuns: 20000 });
      for (const currency of currencies) expect(Object.is(minorToSheetNumber(-0, currency), 0)).toBe(true);
      expect(() => minorToSheetNumber(1.5, 'USD')).toThrow();
      expect(() => minorToSheetNumber(1, 'XYZ')).toThrow();
    });
  });
});
