// How large one row's money may be, so that every sum the add-on makes stays exact (see
// input/amount-limit.ts for the import check and earnings/post.ts for amounts after FX).

/** The most one conversion amount, flat fee, base amount or commission may be, in minor units. */
export const MAX_ROW_AMOUNT_MINOR = 9_000_000_000;

/** The rows whose sum MAX_ROW_AMOUNT_MINOR keeps exact: 1,000,000 × 9 × 10^9 < 2^53. */
export const MAX_SUMMED_ROWS = 1_000_000;
