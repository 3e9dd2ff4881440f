// The one rounding rule of the product: a quotient of exact integers is rounded once, to the
// nearest integer, with ties broken by the `rounding` setting. Everything that divides money goes
// through `divideRounded`, so there is exactly one place where cents can be gained or lost.
import type { RoundingMode } from '../model';

/** Rounds `numerator / denominator` to an integer with the given tie rule. Exact for any size. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new Error('divideRounded: division by zero');
  // Work on magnitudes so that ties round away from zero symmetrically (half_up is "half away
  // from zero" here: -2.5 → -3), which keeps a refund the exact mirror of its sale.
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const twiceRemainder = (n % d) * 2n;
  let magnitude = quotient;
  if (twiceRemainder > d) magnitude = quotient + 1n;
  else if (twiceRemainder === d) {
    if (mode === 'half_up' || quotient % 2n === 1n) magnitude = quotient + 1n;
  }
  return negative ? -magnitude : magnitude;
}

/**
 * `divideRounded` of two safe integers, in doubles: every sale divides once or twice, and bigints
 * cost an allocation per step. Exact: the remainder of safe integers is exact, and so is the
 * quotient of a multiple of the divisor; doubling the remainder only moves the exponent.
 */
export function divideRoundedSafe(numerator: number, denominator: number, mode: RoundingMode): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) {
    throw new Error(`divideRoundedSafe: ${numerator} / ${denominator} are not safe integers`);
  }
  if (denominator === 0) throw new Error('divideRounded: division by zero');
  const negative = numerator < 0 !== denominator < 0;
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const remainder = n % d;
  const quotient = (n - remainder) / d;
  const twiceRemainder = remainder * 2;
  let magnitude = quotient;
  if (twiceRemainder > d) magnitude = quotient + 1;
  else if (twiceRemainder === d) {
    if (mode === 'half_up' || quotient % 2 === 1) magnitude = quotient + 1;
  }
  // No negative zero: the bigint result it stands for has none.
  return negative && magnitude !== 0 ? -magnitude : magnitude;
}

/** `divideRounded` for amounts known to fit in a double exactly (|x| < 2^53). */
export function divideRoundedToSafe(numerator: bigint, denominator: bigint, mode: RoundingMode): number {
  const result = divideRounded(numerator, denominator, mode);
  return toSafeNumber(result);
}

/** Converts an exact integer to a number, refusing anything a double cannot hold exactly. */
export function toSafeNumber(value: bigint): number {
  const asNumber = Number(value);
  if (!Number.isSafeInteger(asNumber)) throw new Error(`amount ${value} exceeds the exact range of a double`);
  return asNumber;
}

/** Asserts an amount is an exact integer number of minor units (a bug otherwise, never user input). */
export function assertMinorUnits(amount_minor: number, what: string): void {
  if (!Number.isSafeInteger(amount_minor)) throw new Error(`${what} is not an integer number of minor units: ${amount_minor}`);
}
