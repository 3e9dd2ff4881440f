// The payout module's codes: why a partner is left out of a batch, and why a batch action is
// refused. One list each; the sidebar, the Batches tab, Audit and the tests key on these codes.

/** Why a partner with money on the ledger is not paid by this batch. Its entries stay for a later one. */
export const SKIP_REASON = {
  /** Net positive but below Settings: min_payout. */
  below_min_payout: 'BELOW_MIN_PAYOUT',
  /** Clawbacks and reversals exceed what is due: the deficit is carried to the next batch. */
  negative_balance: 'NEGATIVE_BALANCE',
  /** Blank payout_method or payout_account on the Partners tab. */
  no_payout_details: 'NO_PAYOUT_DETAILS',
  /** status = inactive: keeps earning, is not paid while inactive. */
  inactive: 'INACTIVE',
  /** Only held entries (or eligible ones netting to zero next to held ones): wait for the review. */
  held_for_review: 'HELD_FOR_REVIEW',
  /** Eligible entries that net to exactly zero (a sale and its full refund) and nothing held. */
  nothing_due: 'NOTHING_DUE',
  /** Ledger entries of a partner id that is no longer on the Partners tab. */
  unknown_partner: 'UNKNOWN_PARTNER',
  /**
   * Settings: payout_preset cannot pay the partner's payout details (paypal pays payout_method
   * paypal, wise pays wise, both to an email address in payout_account): fix the partner or the preset.
   */
  preset_mismatch: 'PRESET_MISMATCH',
} as const;
export type SkipReason = (typeof SKIP_REASON)[keyof typeof SKIP_REASON];

/** Partners named per reason in `describeSkipped`, besides the first one, whose whole message is shown. */
const NAMED_PER_REASON = 3;

/**
 * Who was skipped and why, for the "nothing to pay" refusal: per reason, how many partners, the
 * first one's whole message (it says how to fix that kind of skip) and the next few by name.
 */
export function describeSkipped(skipped: ReadonlyArray<{ partner_id: string; name: string; reason: SkipReason; message: string }>): string {
  const by_reason = new Map<SkipReason, Array<(typeof skipped)[number]>>();
  for (const s of skipped) by_reason.set(s.reason, [...(by_reason.get(s.reason) ?? []), s]);
  return [...by_reason].map(([reason, list]) => {
    const [first, ...others] = list;
    const named = others.slice(0, NAMED_PER_REASON).map((s) => (s.name ? `${s.name} (${s.partner_id})` : s.partner_id));
    const more = others.length > NAMED_PER_REASON ? ` and ${others.length - NAMED_PER_REASON} more` : '';
    const also = named.length > 0 ? ` Also ${reason}: ${named.join(', ')}${more}.` : '';
    return `${reason} (${list.length}): ${first!.message}${also}`;
  }).join(' ');
}

/** Why a batch action was refused. User problems (values), never bugs. */
export const REFUSAL = {
  not_permitted: 'NOT_PERMITTED',
  no_email: 'NO_EMAIL',
  open_batch_exists: 'OPEN_BATCH_EXISTS',
  batch_id_taken: 'BATCH_ID_TAKEN',
  nothing_to_pay: 'NOTHING_TO_PAY',
  wrong_state: 'WRONG_STATE',
  separation_of_duties: 'SEPARATION_OF_DUTIES',
  batch_changed: 'BATCH_CHANGED',
  payout_details_changed: 'PAYOUT_DETAILS_CHANGED',
  partner_not_payable: 'PARTNER_NOT_PAYABLE',
  reason_required: 'REASON_REQUIRED',
  reference_required: 'REFERENCE_REQUIRED',
  preset_cannot_pay: 'PRESET_CANNOT_PAY',
  verification_failed: 'VERIFICATION_FAILED',
} as const;
export type RefusalCode = (typeof REFUSAL)[keyof typeof REFUSAL];

/** A refused action: what went wrong and how to fix it, plus the partners it is about. */
export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
  partner_ids: string[];
}

export function refusal(code: RefusalCode, message: string, partner_ids: string[] = []): Refusal {
  return { ok: false, code, message, partner_ids };
}
