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
