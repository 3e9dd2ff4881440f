// One partner's sales and refunds per calendar day, for the review flags, which read a 30-day and a
// 90-day window of them for every sale. Days sit in blocks of 64 consecutive day numbers: a window
// is two or three block look-ups and array reads instead of one map look-up per day, and storage
// stays proportional to the days that have entries, however many years the ledger spans.

/** One partner's sales and refunds dated on one day. */
export interface PartnerDay {
  /** Ascending once `sorted`; posting appends in canonical order, so a sort is rarely needed. */
  order_ids: string[];
  sorted: boolean;
  sales_base_minor: number;
  refunds_base_minor: number;
}

export interface WindowTotals {
  sales: number;
  sales_base_minor: number;
  refunds_base_minor: number;
}

// Day numbers are small integers (±3M for any 4-digit year), so `>>` and `&` give the block and
// the slot, negative days included.
const BLOCK_SHIFT = 6;
const BLOCK_DAYS = 1 << BLOCK_SHIFT;
const SLOT_MASK = BLOCK_DAYS - 1;

// Windows of up to this many days are read from packed copies of the latest days asked about,
// which move forward with the posting: an active partner's next day costs one block read, not a
// window's worth of scattered records. Wider windows are read from the blocks.
const RECENT_DAYS = 128;
const RECENT_FIELDS = 3; // sales, sales_base_minor, refunds_base_minor

/**
 * What the review flags derived from the days before `day` (and the first sale day then): a
 * popular partner has many sales a day, and its windows are the same for all of them. One object
 * per partner, reset in place for each new day (not one per partner and day: a million in a large post).
 */
export interface WindowMemo {
  day: number;
  first_sale_day: number | undefined;
  velocity_median: number | undefined;
  /** The refund window's totals, valid once `refund_window_summed`. */
  readonly refund_window: WindowTotals;
  refund_window_summed: boolean;
}

/** How many of the ascending `sorted` strings are below `value` (the last first: posting appends). */
function countBelow(sorted: ReadonlyArray<string>, value: string): number {
  const n = sorted.length;
  if (n === 0 || sorted[n - 1]! < value) return n;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class PartnerDays {
  private readonly blocks = new Map<number, Array<PartnerDay | undefined>>();
  /** Day number of the partner's earliest sale (any position). */
  first_sale_day: number | undefined;
  /** Day number of the partner's latest sale: no day after it has sales to count. */
  private last_sale_day = -Infinity;
  private readonly memo: WindowMemo = {
    day: NaN, first_sale_day: undefined, velocity_median: undefined, refund_window: { sales: 0, sales_base_minor: 0, refunds_base_minor: 0 }, refund_window_summed: false,
  };
  /** Packed copies of the RECENT_DAYS days before `recent_end` (NaN: none), slot by slot. */
  private recent: Float64Array | undefined;
  private recent_end = NaN;
  /**
   * The last window `totals` summed: [sums_end − sums_width, sums_end) (sums_end NaN: none). The
   * next window of the same width a few days later is that one minus the days it leaves plus the
   * days it adds, while no day before sums_end has changed.
   */
  private sums_end = NaN;
  private sums_width = 0;
  private readonly sums: WindowTotals = { sales: 0, sales_base_minor: 0, refunds_base_minor: 0 };

  /** The memo for windows ending before `day`: kept while nothing before `day` changes. */
  memoBefore(day: number): WindowMemo {
    const memo = this.memo;
    if (memo.day !== day || memo.first_sale_day !== this.first_sale_day) {
      memo.day = day;
      memo.first_sale_day = this.first_sale_day;
      memo.velocity_median = undefined;
      memo.refund_window_summed = false;
    }
    return memo;
  }

  /** The day's record, if it has sales or refunds. */
  at(day: number): PartnerDay | undefined {
    return this.blocks.get(day >> BLOCK_SHIFT)?.[day & SLOT_MASK];
  }

  /** The partner's sales on `day`, whatever their position. */
  salesOn(day: number): number {
    if (day > this.last_sale_day) return 0;
    return this.at(day)?.order_ids.length ?? 0;
  }

  /** The partner's sales on `day` with an order id below `order_id` (before it in the canonical order). */
  salesBefore(day: number, order_id: string): number {
    // Posting in canonical order asks most often about a day the partner has no sale on yet.
    if (day > this.last_sale_day) return 0;
    const d = this.at(day);
    if (d === undefined) return 0;
    if (!d.sorted) {
      d.order_ids.sort();
      d.sorted = true;
    }
    return countBelow(d.order_ids, order_id);
  }

  addSale(day: number, order_id: string, base_minor: number): void {
    const d = this.dayFor(day);
    const last = d.order_ids[d.order_ids.length - 1];
    if (last !== undefined && last > order_id) d.sorted = false;
    // Most of a partner's days have one sale: an array of one, not a push's 16 slots.
    if (d.order_ids.length === 0) d.order_ids = [order_id];
    else d.order_ids.push(order_id);
    d.sales_base_minor += base_minor;
    if (this.first_sale_day === undefined || day < this.first_sale_day) this.first_sale_day = day;
    if (day > this.last_sale_day) this.last_sale_day = day;
  }

  addRefund(day: number, base_minor: number): void {
    this.dayFor(day).refunds_base_minor += base_minor;
  }

  /** Number of sales on each day of [from, to), into `out[0 .. to − from)`. */
  salesCounts(from: number, to: number, out: Float64Array): void {
    if (to - from <= RECENT_DAYS) {
      const recent = this.recentBefore(to);
      for (let d = from; d < to; d++) out[d - from] = recent[(d - to + RECENT_DAYS) * RECENT_FIELDS]!;
      return;
    }
    for (let d = from; d < to;) {
      const block = this.blocks.get(d >> BLOCK_SHIFT);
      const end = Math.min(to, ((d >> BLOCK_SHIFT) + 1) << BLOCK_SHIFT);
      for (; d < end; d++) out[d - from] = block?.[d & SLOT_MASK]?.order_ids.length ?? 0;
    }
  }

  /** Sums over the days of [from, to), into `out` (a new object unless given one to fill). */
  totals(from: number, to: number, out: WindowTotals = { sales: 0, sales_base_minor: 0, refunds_base_minor: 0 }): WindowTotals {
    const width = to - from;
    const step = to - this.sums_end;
    if (!(width === this.sums_width && step >= 0 && step < width && this.slide(from, to))) {
      this.summed(from, to);
      this.sums_end = to;
      this.sums_width = width;
    }
    out.sales = this.sums.sales;
    out.sales_base_minor = this.sums.sales_base_minor;
    out.refunds_base_minor = this.sums.refunds_base_minor;
    return out;
  }

  /**
   * Moves the last window's sums to [from, to): false (sums dropped) when a sum leaves the safe
   * integers, where a double may have rounded. The days are whole minor units and counts, never
   * negative, so while every sum stays safe each one is exact, as a sum from scratch is.
   */
  private slide(from: number, to: number): boolean {
    const sums = this.sums;
    let exact = true;
    for (let d = this.sums_end - this.sums_width; d < from; d++) exact = this.addDay(d, -1) && exact;
    for (let d = this.sums_end; d < to; d++) exact = this.addDay(d, 1) && exact;
    this.sums_end = to;
    if (exact && Number.isSafeInteger(sums.sales) && Number.isSafeInteger(sums.sales_base_minor) && Number.isSafeInteger(sums.refunds_base_minor)) return true;
    this.sums_end = NaN;
    return false;
  }

  /** Adds (or takes away) a day; false when it holds a negative amount (a damaged ledger), which voids the argument. */
  private addDay(day: number, sign: 1 | -1): boolean {
    const d = this.at(day);
    if (d === undefined) return true;
    this.sums.sales += sign * d.order_ids.length;
    this.sums.sales_base_minor += sign * d.sales_base_minor;
    this.sums.refunds_base_minor += sign * d.refunds_base_minor;
    return d.sales_base_minor >= 0 && d.refunds_base_minor >= 0;
  }

  /** Sums over the days of [from, to) from scratch, added from the latest day back, into `sums`. */
  private summed(from: number, to: number): void {
    let sales = 0;
    let sales_base_minor = 0;
    let refunds_base_minor = 0;
    if (to - from <= RECENT_DAYS) {
      const recent = this.recentBefore(to);
      for (let d = to - 1; d >= from; d--) {
        const slot = (d - to + RECENT_DAYS) * RECENT_FIELDS;
        sales += recent[slot]!;
        sales_base_minor += recent[slot + 1]!;
        refunds_base_minor += recent[slot + 2]!;
      }
    } else {
      for (let d = to - 1; d >= from;) {
        const block = this.blocks.get(d >> BLOCK_SHIFT);
        const start = Math.max(from, (d >> BLOCK_SHIFT) << BLOCK_SHIFT);
        for (; d >= start; d--) {
          const day = block?.[d & SLOT_MASK];
          if (day === undefined) continue;
          sales += day.order_ids.length;
          sales_base_minor += day.sales_base_minor;
          refunds_base_minor += day.refunds_base_minor;
        }
      }
    }
    this.sums.sales = sales;
    this.sums.sales_base_minor = sales_base_minor;
    this.sums.refunds_base_minor = refunds_base_minor;
  }

  /** The packed copies of the days before `end`, brought up to date from the blocks. */
  private recentBefore(end: number): Float64Array {
    const recent = this.recent ?? (this.recent = new Float64Array(RECENT_DAYS * RECENT_FIELDS));
    const shift = end - this.recent_end;
    if (shift === 0) return recent;
    let first_new_slot = 0;
    if (shift > 0 && shift < RECENT_DAYS) {
      recent.copyWithin(0, shift * RECENT_FIELDS);
      first_new_slot = RECENT_DAYS - shift;
    }
    for (let slot = first_new_slot; slot < RECENT_DAYS; slot++) {
      const day = this.at(end - RECENT_DAYS + slot);
      recent[slot * RECENT_FIELDS] = day === undefined ? 0 : day.order_ids.length;
      recent[slot * RECENT_FIELDS + 1] = day === undefined ? 0 : day.sales_base_minor;
      recent[slot * RECENT_FIELDS + 2] = day === undefined ? 0 : day.refunds_base_minor;
    }
    this.recent_end = end;
    return recent;
  }

  private dayFor(day: number): PartnerDay {
    // A change to a day already copied or already summarised makes those stale.
    if (day < this.memo.day) this.memo.day = NaN;
    if (day < this.recent_end) this.recent_end = NaN;
    if (day < this.sums_end) this.sums_end = NaN;
    let block = this.blocks.get(day >> BLOCK_SHIFT);
    if (block === undefined) {
      block = new Array<PartnerDay | undefined>(BLOCK_DAYS).fill(undefined);
      this.blocks.set(day >> BLOCK_SHIFT, block);
    }
    let d = block[day & SLOT_MASK];
    if (d === undefined) {
      d = { order_ids: [], sorted: true, sales_base_minor: 0, refunds_base_minor: 0 };
      block[day & SLOT_MASK] = d;
    }
    return d;
  }
}
