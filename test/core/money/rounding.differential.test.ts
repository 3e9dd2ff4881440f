// Money divides in doubles while the operands are safe integers; this test holds that path to the
// bigint division it stands for, ties and signs included, and the callers to their bigint formulas.
import fc from 'fast-check';
import { divideRounded, divideRoundedSafe } from '../../../src/core/money/rounding';
import { clawbackTotalMinor, commissionMinor } from '../../../src/core/earnings/commission';
import { parseDecimal, toBaseMinor } from '../../../src/core/earnings/fx';
import { currencyExponent } from '../../../src/core/money/currencies';
import type { RoundingMode } from '../../../src/core/model';

const modeArb = fc.constantFrom<RoundingMode>('half_up', 'half_even');
/** Small and huge safe integers, and quotients that land on ties. */
const safeArb = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger(), fc.maxSafeInteger().map((n) => -n), fc.integer(), fc.constantFrom(0, 1, -1, 2, 5, 10000, 2 ** 53 - 1, -(2 ** 53 - 1)));

function outcome(run: () => number | bigint): string {
  try {
    const value = run();
    return Object.is(value, -0) ? '-0' : String(value);
  } catch (e) {
    return `threw ${(e as Error).message}`;
  }
}

describe('money/rounding (differential)', () => {
  describe('divideRoundedSafe', () => {
    it('rounds every quotient of safe integers as the bigint division does', () => {
      fc.assert(fc.property(safeArb, safeArb, modeArb, fc.boolean(), (n, d, mode, tie) => {
        // Half the time a numerator that is an exact tie (k + ½) × d, where one fits.
        const numerator = tie && Number.isSafeInteger(n * 2 * d + d) ? (n * 2 * d + d) / 2 : n;
        if (!Number.isSafeInteger(numerator)) return;
        const expected = d === 0 ? 'threw divideRounded: division by zero' : String(divideRounded(BigInt(numerator), BigInt(d), mode));
        expect(outcome(() => divideRoundedSafe(numerator, d, mode))).toBe(expected);
      }), { numRuns: 20000 });
    });
  });

  describe('commissionMinor, clawbackTotalMinor, toBaseMinor', () => {
    it('give what their bigint formulas give, or throw where they throw', () => {
      const amountArb = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeInteger(), fc.constantFrom(0, 1, 5000, 2 ** 53 - 1, 1.5));
      const rateArb = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(0, 1, 550, 5000, 550.5, 2 ** 40));
      const fxArb = fc.oneof(fc.constantFrom('1', '1.0825', '0.0067', '1.2650', '150', '0.5', '1.00005', '123456789012345678901234.5'),
        fc.tuple(fc.nat(1_000_000), fc.nat(8)).map(([m, s]) => (s === 0 ? String(m) : `${Math.floor(m / 10 ** s)}.${String(m % 10 ** s).padStart(s, '0')}`)));
      const currencyArb = fc.constantFrom('USD', 'EUR', 'JPY', 'BHD');
      fc.assert(fc.property(amountArb, rateArb, amountArb, amountArb, fxArb, currencyArb, currencyArb, modeArb, (base, rate_bps, sale, refunded, fx, from, to, mode) => {
        const commission = outcome(() => commissionMinor(base, { rate_bps, flat_fee_minor: 7 }, mode));
        const plainCommission = outcome(() => {
          if (!Number.isSafeInteger(base) || base < 0 || rate_bps < 0) throw new Error('refused');
          const result = Number(divideRounded(BigInt(base) * BigInt(rate_bps), 10000n, mode)) + 7;
          if (!Number.isSafeInteger(result)) throw new Error('unsafe');
          return result;
        });
        expect(commission.startsWith('threw') ? 'threw' : commission).toBe(plainCommission.startsWith('threw') ? 'threw' : plainCommission);
        const c = Math.min(base, 1_000_000);
        const clawback = outcome(() => clawbackTotalMinor(c, sale, refunded, mode));
        const plainClawback = outcome(() => {
          if (sale <= 0) return refunded > 0 ? c : 0;
          const total = Number(divideRounded(BigInt(c) * BigInt(Math.min(refunded, sale)), BigInt(sale), mode));
          if (total < 0 || total > c) throw new Error('outside');
          return total;
        });
        expect(clawback.startsWith('threw') ? 'threw' : clawback).toBe(plainClawback.startsWith('threw') ? 'threw' : plainClawback);
        const converted = outcome(() => toBaseMinor(base, from, fx, to, mode));
        const plainConverted = outcome(() => {
          const { mantissa, scale } = parseDecimal(fx);
          const [e_from, e_to] = [currencyExponent(from)!, currencyExponent(to)!];
          const numerator = BigInt(base) * mantissa * 10n ** BigInt(Math.max(0, e_to - e_from));
          const result = divideRounded(numerator, 10n ** BigInt(scale) * 10n ** BigInt(Math.max(0, e_from - e_to)), mode);
          if (!Number.isSafeInteger(Number(result))) throw new Error('unsafe');
          return Number(result);
        });
        if (!(from === to && fx === '1' && Number.isSafeInteger(base))) {
          expect(converted.startsWith('threw') ? 'threw' : converted).toBe(plainConverted.startsWith('threw') ? 'threw' : plainConverted);
        }
      }), { numRuns: 20000 });
    });
  });
});
