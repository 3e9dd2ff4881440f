// The most one row may carry, so that every sum the add-on makes stays exact. Amounts are integer
// minor units held in doubles, exact up to 2^53 (9,007,199,254,740,992). A spreadsheet holds
// 10,000,000 cells, so at most about 1,000,000 rows of any tab; 1,000,000 rows of at most
// 9,000,000,000 minor units each sum to 9 × 10^15, which is below 2^53. A larger amount is refused
// at import and by Validate, where the user can still split or correct it, instead of failing
// later in a balance or a batch total.
import type { CurrencyCode, MinorUnits } from '../model';
import { formatMinor } from '../money/format';
import { rowProblem } from './error-codes';
import type { RowCheck } from './rows';

import { MAX_ROW_AMOUNT_MINOR } from '../money/limits';

export { MAX_ROW_AMOUNT_MINOR, MAX_SUMMED_ROWS } from '../money/limits';

/** `amount_minor` when it is within the limit; otherwise the row gets an AMOUNT_OVER_LIMIT error. */
export function withinRowLimit(check: RowCheck, field: string, amount_minor: MinorUnits | null | undefined, currency: CurrencyCode): MinorUnits | null | undefined {
  if (amount_minor === null || amount_minor === undefined || Math.abs(amount_minor) <= MAX_ROW_AMOUNT_MINOR) return amount_minor;
  check.add(field, rowProblem('AMOUNT_OVER_LIMIT', { field, limit: grouped(formatMinor(MAX_ROW_AMOUNT_MINOR, currency)), currency }));
  return undefined;
}

/** `90000000.00` → `90,000,000.00`: a limit of this size is read more easily grouped. */
function grouped(amount: string): string {
  const [integer = '', fraction] = amount.split('.');
  const with_commas = integer.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? with_commas : `${with_commas}.${fraction}`;
}
