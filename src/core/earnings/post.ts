// Posting: turns validated conversions into new ledger entries. Attribution, pricing, FX, refunds,
// duplicates and review flags are decided here once and written down; nothing posted is changed.
//
// Determinism. Rows are processed in one canonical order — date, order id, sale before refund, then
// the row's content, then its source — never in the order they arrive. Every question about history
// (customer bindings, the recurring limit, velocity, refund rate) is answered from the sales before
// the row in that order, whether they come from the existing ledger or from this post. So:
//   - any row order gives the same entries, in the same (canonical) order;
//   - replaying data already posted adds nothing (idempotency keys);
//   - posting in several chunks gives the same ledger as posting at once, as long as each post sees
//     the rows of the earlier ones again (the Conversions tab keeps its rows) and the rows arrive in
//     date order — split anywhere, even inside a day.
// When an older row arrives after newer ones were posted, posted entries stand (attribution is
// resolved once): the late row is judged as of its own date, but a later sale already credited
// to another partner, or a refund amount already taken back, is not re-decided. See
// `test/core/earnings/post.properties.test.ts`.
import type { Conversion, EntryId, FxRate, IsoDate, Partner, Rule } from '../model';
import type { Settings } from '../settings';
import { TAB } from '../schema/tabs';
import { Book, customerKey, type Customer, type Position, type SaleState } from './book';
import { clawbackTotalMinor, commissionMinor, selectTerms } from './commission';
import { addDays, addMonths, isIsoDate, maxDate } from './dates';
import { buildFxTable, lookupFx, toBaseMinor, type FxTable } from './fx';
import { MAX_ROW_AMOUNT_MINOR } from '../money/limits';
import { currencyExponent } from '../money/currencies';
import { formatMinor } from '../money/format';
import { entryIdFor, refundKey, saleKey } from './ids';
import { assertSound, LedgerSoundness } from './invariants';
import type { AttributionBasis, LedgerEntry } from './ledger-entry';
import { reviewFlags } from './flags';
import { EXCEPTION, NOTE, type ExceptionCode } from './reasons';
import { effectiveDecisions, rejectHeld, type ReviewDecision } from './review';

export interface PostInput {
  partners: ReadonlyArray<Partner>;
  conversions: ReadonlyArray<Conversion>;
  rules: ReadonlyArray<Rule>;
  fx: ReadonlyArray<FxRate>;
  settings: Settings;
  /** Every entry posted so far. */
  ledger: ReadonlyArray<LedgerEntry>;
  /** Every review decision so far (replaying them is harmless). */
  reviews: ReadonlyArray<ReviewDecision>;
  as_of: IsoDate;
  /** Commissions already paid: a refund of one of them is a `clawback`. */
  paid_entry_ids?: ReadonlySet<EntryId>;
}

/** A row the post could not (fully) post, for the Exceptions tab. */
export interface EarningsException {
  code: ExceptionCode;
  tab: string;
  /** 1-based sheet row of the source row (0 for review decisions). */
  row: number;
  column: string;
  message: string;
  value: string;
  import_id: string;
  order_id: string;
}

export interface PostCounts {
  /** Conversion rows read. */
  rows: number;
  /** New entries of every kind. */
  posted: number;
  commissions: number;
  /** Reversals and clawbacks. */
  reversals: number;
  rejections: number;
  /** Rows already posted with the same content: skipped. */
  duplicates: number;
  conflicts: number;
  unattributed: number;
  fx_missing: number;
  /** REFUND_UNKNOWN_ORDER and REFUND_EXCEEDS_SALE. */
  refund_problems: number;
  /** New commissions held for review. */
  held: number;
  /** New commissions that earned nothing because the recurring limit was reached. */
  limit_reached: number;
  /** Sales not posted because their base amount or commission is above MAX_ROW_AMOUNT_MINOR. */
  over_limit: number;
}

export interface PostResult {
  /** Only the new entries, in canonical order: append them to the Ledger. */
  entries: LedgerEntry[];
  exceptions: EarningsException[];
  counts: PostCounts;
}

function emptyCounts(rows: number): PostCounts {
  return {
    rows, posted: 0, commissions: 0, reversals: 0, rejections: 0, duplicates: 0, conflicts: 0, unattributed: 0,
    fx_missing: 0, refund_problems: 0, held: 0, limit_reached: 0, over_limit: 0,
  };
}

const TYPE_RANK = { sale: 0, refund: 1 } as const;

/** `a` before `b`: -1, after: 1, equal: 0 (strings by code unit, as `<` compares them). */
function order<T extends string | number>(a: T, b: T): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** The canonical order of conversion rows: what "first" means everywhere in posting. */
export function compareConversions(a: Conversion, b: Conversion): number {
  return order(a.date, b.date) || compareSameDay(a, b);
}

/** compareConversions of two rows of one date: the sort of a day's rows skips comparing their dates. */
function compareSameDay(a: Conversion, b: Conversion): number {
  // Field by field, without building key arrays: the sort calls this n·log n times.
  return order(a.order_id, b.order_id) || order(TYPE_RANK[a.type], TYPE_RANK[b.type])
    || order(a.amount_minor, b.amount_minor) || order(a.currency, b.currency) || order(a.code, b.code)
    || order(a.customer_id, b.customer_id) || order(a.customer_email, b.customer_email) || order(a.product, b.product)
    || order(a.source.import_id, b.source.import_id) || order(a.source.tab, b.source.tab) || order(a.source.row, b.source.row);
}

/**
 * `conversions` sorted by `compareConversions`, a day at a time: the days' rows are bucketed
 * first, so each sort is of one day's rows (fewer comparisons, and a working set that stays in
 * cache). Both sorts are stable, so rows that compare equal keep their input order either way.
 */
export function inCanonicalOrder(conversions: ReadonlyArray<Conversion>): Conversion[] {
  const byDate = new Map<IsoDate, Conversion[]>();
  for (const c of conversions) {
    const day = byDate.get(c.date);
    if (day === undefined) byDate.set(c.date, [c]);
    else day.push(c);
  }
  // The default sort compares strings by code unit, as `<` does in compareConversions.
  const dates = [...byDate.keys()].sort();
  const rows: Conversion[] = [];
  for (const date of dates) for (const c of byDate.get(date)!.sort(compareSameDay)) rows.push(c);
  return rows;
}

export function post(input: PostInput): PostResult {
  if (!isIsoDate(input.as_of)) throw new Error(`as_of is not an ISO date: ${input.as_of}`);
  // One check of the given ledger, carried on entry by entry as the run appends.
  // Sized for every entry the post could end with, so its indexes never grow.
  const expected = input.ledger.length + input.conversions.length + input.reviews.length;
  const soundness = new LedgerSoundness(expected);
  for (const e of input.ledger) soundness.add(e);
  assertSound(soundness, [input.ledger], 'in the ledger given to post');
  const run = new PostRun(input, soundness);
  run.applyReviews();
  run.postConversions();
  assertSound(soundness, [input.ledger, run.entries], 'after posting');
  return { entries: run.entries, exceptions: run.exceptions, counts: run.counts };
}

type Attribution =
  | { ok: true; partner: Partner; basis: AttributionBasis; note: string }
  | { ok: false; message: string };

class PostRun {
  readonly entries: LedgerEntry[] = [];
  readonly exceptions: EarningsException[] = [];
  readonly counts: PostCounts;
  private readonly book: Book;
  private readonly fx: FxTable;
  private readonly partnersByCode = new Map<string, Partner>();
  private readonly partnersById = new Map<string, Partner>();
  private readonly paid: ReadonlySet<EntryId>;

  constructor(private readonly input: PostInput, private readonly soundness: LedgerSoundness) {
    this.counts = emptyCounts(input.conversions.length);
    this.book = new Book(input.ledger, input.ledger.length + input.conversions.length);
    this.fx = buildFxTable(input.fx, input.settings.base_currency);
    this.paid = input.paid_entry_ids ?? new Set();
    for (const p of input.partners) {
      this.partnersById.set(p.partner_id, p);
      for (const code of [p.code, ...p.aliases]) if (code !== '') this.partnersByCode.set(code, p);
    }
  }

  private append(e: LedgerEntry, customer?: Customer): void {
    if (customer === undefined) this.book.add(e);
    else this.book.addPostedSale(e, customer);
    this.entries.push(e);
    this.soundness.add(e);
    this.counts.posted += 1;
  }

  private report(code: ExceptionCode, c: Conversion, column: string, message: string, value: string): void {
    this.exceptions.push({ code, tab: c.source.tab, row: c.source.row, column, message, value, import_id: c.source.import_id, order_id: c.order_id });
  }

  // ---- reviews ------------------------------------------------------------------------------

  applyReviews(): void {
    const decisions = [...effectiveDecisions(this.input.reviews).values()].sort((a, b) => (a.entry_id < b.entry_id ? -1 : a.entry_id > b.entry_id ? 1 : 0));
    for (const d of decisions) {
      const entry = this.book.entryById(d.entry_id);
      const sale = entry === undefined ? undefined : this.book.sale(entry.order_id);
      const problem = entry === undefined ? 'is not in the Ledger'
        : entry.kind !== 'commission' || sale === undefined ? `is a ${entry.kind}, not a commission`
        : sale.rejected ? (d.decision === 'reject' ? '' : 'was already rejected')
        : entry.review !== 'held' ? 'is not held for review'
        : this.paid.has(entry.entry_id) ? 'is already paid' : '';
      if (problem !== '') {
        this.exceptions.push({
          code: EXCEPTION.review_invalid, tab: TAB.ledger, row: 0, column: 'entry_id', value: d.entry_id, import_id: '', order_id: entry?.order_id ?? '',
          message: `${d.decision} by ${d.actor}: entry ${d.entry_id} ${problem}`,
        });
        continue;
      }
      if (d.decision !== 'reject' || sale!.rejected) continue;
      this.append(rejectHeld(entry!, d.reason, d.actor, this.input.as_of, -sale!.clawed_minor));
      this.counts.rejections += 1;
    }
  }

  // ---- conversions --------------------------------------------------------------------------

  postConversions(): void {
    const rows = inCanonicalOrder(this.input.conversions);
    const refundPositions = new Map<string, number>();
    for (const c of rows) {
      if (c.type === 'sale') {
        this.postSale(c);
        continue;
      }
      const identity = JSON.stringify([c.order_id, c.date, c.amount_minor]);
      const position = (refundPositions.get(identity) ?? 0) + 1;
      refundPositions.set(identity, position);
      this.postRefund(c, position);
    }
  }

  private postSale(c: Conversion): void {
    const existing = this.book.commission(c.order_id);
    if (existing !== undefined) return this.compareWithPosted(c, existing);
    // The row is its own position (its date and order id): no object per sale.
    const at: Position = c;
    const attribution = this.attribute(c, at);
    if (!attribution.ok) {
      this.counts.unattributed += 1;
      return this.report(EXCEPTION.unattributed, c, 'code', attribution.message, c.code);
    }
    const fx = lookupFx(this.fx, c.currency, c.date);
    if (!fx.ok) {
      this.counts.fx_missing += 1;
      return this.report(fx.reason === 'missing' ? EXCEPTION.fx_missing : EXCEPTION.fx_conflict, c, 'currency', fx.message, c.currency);
    }
    const { settings } = this.input;
    const partner = attribution.partner;
    const base_amount_minor = this.baseWithinLimit(c, fx.rate);
    if (base_amount_minor === null) return;
    const terms = selectTerms(this.input.rules, partner, c.product, c.date);
    const limitNote = this.recurringLimit(c, partner, at, terms.max_months ?? settings.recurring_months);
    const amount_minor = limitNote === '' ? commissionMinor(base_amount_minor, terms, settings.rounding) : 0;
    if (amount_minor > MAX_ROW_AMOUNT_MINOR) {
      return this.overLimit(c, 'amount', `the commission of order ${c.order_id} (${amount_minor} ${settings.base_currency} minor units, ` +
        `rule ${terms.rule_id || 'of the partner'}) is above the most one row may hold (${MAX_ROW_AMOUNT_MINOR} minor units): ` +
        `check the partner's rate and flat fee, and the amount`, String(c.amount_minor));
    }
    const flags = reviewFlags({ at, partner, customer_email: c.customer_email, base_amount_minor }, settings, this.book);
    const review = flags.length > 0 && amount_minor > 0 ? 'held' : '';
    const idempotency_key = saleKey(partner.partner_id, c.order_id);
    this.append({
      entry_id: entryIdFor(idempotency_key), idempotency_key, kind: 'commission',
      partner_id: partner.partner_id, partner_code: c.code, attribution: attribution.basis,
      order_id: c.order_id, customer_key: customerKey(c), product: c.product,
      import_id: c.source.import_id, source_tab: c.source.tab, source_row: c.source.row,
      conversion_date: c.date, posted_on: this.input.as_of, eligible_on: addDays(c.date, settings.hold_days),
      original_amount_minor: c.amount_minor, original_currency: c.currency, fx_rate: fx.rate,
      base_currency: settings.base_currency, base_amount_minor,
      rate_bps: terms.rate_bps, flat_fee_minor: terms.flat_fee_minor, rule_id: terms.rule_id, rule_version: terms.rule_version,
      amount_minor, flags: flags.join(','), review, ref_entry_id: '', actor: '',
      note: limitNote === '' || attribution.note === '' ? limitNote + attribution.note : `${limitNote}; ${attribution.note}`,
    }, c);
    this.counts.commissions += 1;
    if (review === 'held') this.counts.held += 1;
    if (limitNote !== '') this.counts.limit_reached += 1;
  }

  /**
   * The sale in base minor units, or null (reported) when it is above the most one row may hold:
   * the import limits the amount in its own currency, but a wrong FX rate can still multiply it
   * past what balances and batch totals can sum exactly, and a posted entry cannot be taken back.
   */
  private baseWithinLimit(c: Conversion, rate: string): number | null {
    const { settings } = this.input;
    // A double estimate first, so an absurd rate never reaches the exact conversion (which refuses
    // results beyond 2^53); anything near the limit is decided exactly.
    const estimate = Math.abs(c.amount_minor) * Number(rate) * 10 ** (currencyExponent(settings.base_currency)! - currencyExponent(c.currency)!);
    const base = estimate > 2 * MAX_ROW_AMOUNT_MINOR ? null : toBaseMinor(c.amount_minor, c.currency, rate, settings.base_currency, settings.rounding);
    if (base !== null && Math.abs(base) <= MAX_ROW_AMOUNT_MINOR) return base;
    this.overLimit(c, 'currency', `sale of order ${c.order_id}: ${c.amount_minor} ${c.currency} minor units at the FX rate ${rate} is above the ` +
      `most one row may hold in ${settings.base_currency} (${MAX_ROW_AMOUNT_MINOR} minor units): check the FX rate for ${c.currency} ` +
      `on or before ${c.date} (FX tab) and the amount`, `${c.currency} ${rate}`);
    return null;
  }

  private overLimit(c: Conversion, column: string, message: string, value: string): void {
    this.counts.over_limit += 1;
    this.report(EXCEPTION.amount_over_limit, c, column, message, value);
  }

  /**
   * Spec §4. First touch: the customer's earliest binding before this sale stands, whatever code
   * the sale carries. Last touch: a known code wins; a code-less sale goes to the latest binding.
   */
  private attribute(c: Conversion, at: Position): Attribution {
    const named = c.code === '' ? undefined : this.partnersByCode.get(c.code);
    const firstTouch = this.input.settings.attribution === 'first_touch';
    if (!firstTouch && named !== undefined) return { ok: true, partner: named, basis: 'code', note: '' };
    if (!firstTouch && c.code !== '') return { ok: false, message: `code ${c.code} matches no partner's code or alias` };
    const bound = this.book.boundPartner(c, at, firstTouch ? 'first' : 'last');
    if (bound === undefined) {
      if (named !== undefined) return { ok: true, partner: named, basis: 'code', note: '' };
      return {
        ok: false,
        message: c.code !== '' ? `code ${c.code} matches no partner's code or alias`
          : c.customer_id === '' && c.customer_email === '' ? 'no code and no customer id or email: nothing names a partner'
          : 'no code, and the customer is not bound to a partner by an earlier sale',
      };
    }
    const partner = this.partnersById.get(bound.partner_id);
    if (partner === undefined) return { ok: false, message: `the customer is bound to partner ${bound.partner_id}, who is no longer in Partners` };
    if (named === partner) return { ok: true, partner, basis: 'code', note: '' };
    const note = c.code === ''
      ? `${NOTE.renewal}: customer bound to ${partner.partner_id} since ${bound.conversion_date}`
      : `${NOTE.first_touch}: customer bound to ${partner.partner_id} since ${bound.conversion_date}; code ${c.code} not credited`;
    return { ok: true, partner, basis: 'customer', note };
  }

  /** '' while the customer is within the limit; the reason otherwise. */
  private recurringLimit(customer: Customer, partner: Partner, at: Position, months: number | null): string {
    if (months === null || (customer.customer_id === '' && customer.customer_email === '')) return '';
    const first = this.book.firstSaleWith(customer, partner.partner_id, at);
    const since = first ?? at.date;
    const stop = addMonths(since, months);
    if (at.date < stop) return '';
    return `${NOTE.recurring_limit}: ${months} months after the customer's first sale on ${since} (commissions stopped on ${stop})`;
  }

  /** A sale whose order is already posted: a duplicate, or a conflict that leaves the posted entry standing. */
  private compareWithPosted(c: Conversion, posted: LedgerEntry): void {
    const named = this.partnersByCode.get(c.code)?.partner_id ?? `code ${c.code}`;
    const postedNamed = this.partnersByCode.get(posted.partner_code)?.partner_id ?? `code ${posted.partner_code}`;
    const differences: string[] = [];
    if (c.code !== '' && c.code !== posted.partner_code && named !== posted.partner_id && named !== postedNamed) {
      differences.push(`it names ${named} but the order is credited to ${posted.partner_id}`);
    }
    if (c.amount_minor !== posted.original_amount_minor) {
      // In the currency's units, as the user typed them (QA: "amount 20000 ≠ 10000" read as minor units).
      differences.push(`amount ${formatMinor(c.amount_minor, c.currency)} ${c.currency} ≠ ${formatMinor(posted.original_amount_minor, posted.original_currency)} ${posted.original_currency}`);
    }
    if (c.currency !== posted.original_currency) differences.push(`currency ${c.currency} ≠ ${posted.original_currency}`);
    if (c.date !== posted.conversion_date) differences.push(`date ${c.date} ≠ ${posted.conversion_date}`);
    if (differences.length === 0) {
      this.counts.duplicates += 1;
      return;
    }
    this.counts.conflicts += 1;
    this.report(EXCEPTION.conflict, c, 'order_id',
      `order ${c.order_id} was posted from ${posted.source_tab}!${posted.source_row} (entry ${posted.entry_id}); this row differs: ` +
      `${differences.join('; ')}. The posted entry stands`, c.order_id);
  }

  // ---- refunds ------------------------------------------------------------------------------

  private postRefund(c: Conversion, position: number): void {
    const sale = this.book.sale(c.order_id);
    if (sale === undefined || sale.entry.conversion_date > c.date) {
      this.counts.refund_problems += 1;
      const why = sale === undefined ? 'has no posted sale' : `was sold on ${sale.entry.conversion_date}, after this refund`;
      return this.report(EXCEPTION.refund_unknown_order, c, 'order_id', `refund of order ${c.order_id}: the order ${why}`, c.order_id);
    }
    const idempotency_key = refundKey(sale.entry.idempotency_key, c.date, c.amount_minor, position);
    const existing = this.book.byKey.get(idempotency_key);
    if (existing !== undefined && existing.original_currency === c.currency) {
      this.counts.duplicates += 1;
      return;
    }
    if (c.currency !== sale.entry.original_currency) {
      this.counts.conflicts += 1;
      return this.report(EXCEPTION.conflict, c, 'currency',
        `refund of order ${c.order_id} is in ${c.currency} but the sale was in ${sale.entry.original_currency}`, c.currency);
    }
    this.append(this.reversal(c, sale, idempotency_key));
    this.counts.reversals += 1;
  }

  /** The refund's share of the commission: what the cumulative clawback becomes minus what was already taken back. */
  private reversal(c: Conversion, sale: SaleState, idempotency_key: string): LedgerEntry {
    const { rounding } = this.input.settings;
    const s = sale.entry;
    const refunded = sale.refunded_minor + c.amount_minor;
    const remaining = Math.max(0, s.original_amount_minor - sale.refunded_minor);
    const notes: string[] = [];
    if (c.amount_minor > remaining) {
      notes.push(`${NOTE.refund_capped}: ${remaining} of the refunded ${c.amount_minor} ${c.currency} minor units remained of the sale`);
      this.counts.refund_problems += 1;
      this.report(EXCEPTION.refund_exceeds_sale, c, 'amount',
        `refund of order ${c.order_id} (${c.amount_minor}) exceeds what remains of the sale (${remaining}, in ${c.currency} minor units): capped`, String(c.amount_minor));
    }
    let clawback = clawbackTotalMinor(s.amount_minor, s.original_amount_minor, refunded, rounding) - sale.clawed_minor;
    if (sale.rejected) {
      clawback = 0;
      notes.push(`${NOTE.commission_rejected}: the commission was rejected, nothing left to take back`);
    }
    const base_share = clawbackTotalMinor(s.base_amount_minor, s.original_amount_minor, refunded, rounding) - sale.refunded_base_minor;
    if (clawback < 0 || clawback + sale.clawed_minor > s.amount_minor || base_share < 0) {
      throw new Error(`order ${c.order_id}: clawback ${clawback} breaks 0 ≤ total ≤ ${s.amount_minor}`);
    }
    return {
      ...s,
      entry_id: entryIdFor(idempotency_key), idempotency_key,
      kind: this.paid.has(s.entry_id) ? 'clawback' : 'reversal',
      attribution: '',
      import_id: c.source.import_id, source_tab: c.source.tab, source_row: c.source.row,
      conversion_date: c.date, posted_on: this.input.as_of, eligible_on: maxDate(s.eligible_on, c.date),
      original_amount_minor: c.amount_minor, base_amount_minor: base_share,
      amount_minor: clawback === 0 ? 0 : -clawback,
      flags: '', ref_entry_id: s.entry_id, actor: '', note: notes.join('; '),
    };
  }
}
