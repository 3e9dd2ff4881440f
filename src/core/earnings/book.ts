// What the engine knows while posting: the existing ledger plus the entries posted so far in this
// run, indexed for the questions posting asks. Everything here is reconstructed from ledger
// entries alone, so a post that receives the ledger of earlier posts knows what they knew.
//
// History questions ("who was this customer bound to?", "how many sales did this partner make that
// day?") are answered as of a conversion's place in the canonical order (date, then order id):
// only sales before it count, wherever they came from. That is what makes a result independent of
// how the rows were ordered or chunked.
import type { Conversion, EntryId, IsoDate, MinorUnits, PartnerId } from '../model';
import { dayNumber } from './dates';
import { CustomerBindings } from './bindings';
import { StringIndex } from './ids';
import type { LedgerEntry } from './ledger-entry';
import { PartnerDays } from './partner-days';

/** A sale's place in the canonical order. Refunds never bind or count as sales. */
export interface Position {
  date: IsoDate;
  order_id: string;
}

/**
 * A customer's binding is the commission of the sale that bound it: its conversion date and order
 * id are its position. The entry itself is kept, not a copy: a million sales are a million fewer
 * objects for the garbage collector to trace.
 */
type Binding = LedgerEntry;

/** `b` is before the position (date, order_id); the position is passed as its parts, not as a new object. */
function bindingBefore(b: Binding, date: IsoDate, order_id: string): boolean {
  return b.conversion_date < date || (b.conversion_date === date && b.order_id < order_id);
}

/** A posted sale and what has happened to it since. */
export interface SaleState {
  entry: LedgerEntry;
  /** Sum of the refund rows' amounts in the sale's currency, uncapped. */
  refunded_minor: MinorUnits;
  /** Sum of what reversals and clawbacks took back (positive). */
  clawed_minor: MinorUnits;
  /** Sum of the base amounts of the refunds (positive, capped at the sale's base amount). */
  refunded_base_minor: MinorUnits;
  rejected: boolean;
}

/** Who a sale's customer is: its id and its email, each '' when the row has none. */
export type Customer = Pick<Conversion, 'customer_id' | 'customer_email'>;

/** `id:<customer_id>` and `email:<email>`, most specific first, joined by `|` ('' when neither). */
export function customerKey({ customer_id, customer_email }: Customer): string {
  if (customer_id === '') return customer_email === '' ? '' : `email:${customer_email}`;
  return customer_email === '' ? `id:${customer_id}` : `id:${customer_id}|email:${customer_email}`;
}

export function splitCustomerKey(customer_key: string): string[] {
  if (customer_key === '') return [];
  const at = customer_key.lastIndexOf('|email:');
  return at > 0 ? [customer_key.slice(0, at), customer_key.slice(at + 1)] : [customer_key];
}

const ID_PREFIX = 'id:';
const EMAIL_PREFIX = 'email:';

/** Which of a customer's two binding indexes: by id (0), by email (1). */
type KeyKind = 0 | 1;
const KEY_KINDS: readonly KeyKind[] = [0, 1];

export class Book {
  /**
   * The ledger's entries by idempotency key, except the commissions this run posts: those are
   * found by order in `commissions`, and their keys (`sale:<partner>:<order>`, never the shape of a
   * refund's or rejection's key) are checked for uniqueness by the invariant check after posting.
   */
  readonly byKey = new Map<string, LedgerEntry>();
  /** The orders with a commission, and each one's commission by the order's index. */
  private readonly orders: StringIndex;
  private readonly commission_of_order: LedgerEntry[] = [];
  /**
   * The state of each order refunded or rejected since its sale; most never are, so a sale gets
   * its state object only then (a million fewer long-lived objects in a large post).
   */
  private readonly changed_sales = new Map<string, SaleState>();
  /**
   * Per customer id and per customer email: the `id:` and `email:` keys of spec §4 without their
   * prefix (the row's own strings, no key built per sale).
   */
  private readonly bindings: readonly [CustomerBindings, CustomerBindings];
  /** The ledger given, indexed by id on the first look-up by id (only review decisions need one). */
  private readonly ledger: ReadonlyArray<LedgerEntry>;
  private byId: Map<EntryId, LedgerEntry> | undefined;
  /**
   * Entries added since construction while there was no index by id: a look-up by id must come
   * first (reviews are applied before conversions are posted), so no list of every entry is kept.
   */
  private added_unindexed = 0;
  private readonly days = new Map<PartnerId, PartnerDays>();

  /** `expected_sales`: how many commissions the book will hold, if known (its order index is sized for them). */
  constructor(ledger: ReadonlyArray<LedgerEntry>, expected_sales = 0) {
    this.orders = new StringIndex(expected_sales);
    // A sale binds at most one new customer of each kind.
    this.bindings = [new CustomerBindings(this.commission_of_order, expected_sales), new CustomerBindings(this.commission_of_order, expected_sales)];
    for (const e of ledger) if (e.kind === 'commission') this.add(e);
    for (const e of ledger) if (e.kind !== 'commission') this.add(e);
    this.ledger = ledger;
    this.added_unindexed = 0;
  }

  add(e: LedgerEntry): void {
    if (this.byKey.has(e.idempotency_key)) throw new Error(`idempotency key posted twice: ${e.idempotency_key}`);
    this.byKey.set(e.idempotency_key, e);
    this.index(e, undefined);
  }

  /** A commission this run posts, with the customer its sale was attributed by. */
  addPostedSale(e: LedgerEntry, customer: Customer): void {
    if (e.kind !== 'commission') throw new Error(`addPostedSale: ${e.entry_id} is a ${e.kind}`);
    this.index(e, customer);
  }

  private index(e: LedgerEntry, customer: Customer | undefined): void {
    if (this.byId === undefined) this.added_unindexed += 1;
    else this.byId.set(e.entry_id, e);
    if (e.kind === 'commission') this.addSale(e, customer);
    else if (e.kind === 'reversal' || e.kind === 'clawback') this.addReversal(e);
    else if (e.kind === 'rejection') this.addRejection(e);
  }

  private addSale(e: LedgerEntry, customer: Customer | undefined): void {
    // One probe: an order added before keeps its earlier index.
    if (this.orders.add(e.order_id) < this.commission_of_order.length) throw new Error(`order ${e.order_id} has two commissions`);
    const sale = this.commission_of_order.push(e) - 1;
    // Without a `|` in the id or email, `splitCustomerKey` gives back exactly the sale's id and
    // email keys: bind by the row's strings. Otherwise (and for entries read from the ledger) the
    // keys are what the joined customer_key splits into, as a later post will read them.
    if (customer !== undefined && !customer.customer_id.includes('|') && !customer.customer_email.includes('|')) {
      this.bind(0, customer.customer_id, sale);
      this.bind(1, customer.customer_email, sale);
    } else {
      for (const key of splitCustomerKey(e.customer_key)) {
        if (key.startsWith(ID_PREFIX)) this.bind(0, key.slice(ID_PREFIX.length), sale);
        else if (key.startsWith(EMAIL_PREFIX)) this.bind(1, key.slice(EMAIL_PREFIX.length), sale);
        // Any other key (a Ledger cell edited by hand) is never asked about: a sale's keys are id: and email:.
      }
    }
    this.partnerDaysFor(e.partner_id).addSale(dayNumber(e.conversion_date), e.order_id, e.base_amount_minor);
  }

  /** Binds the customer to the commission of sale number `sale` (its index in `commission_of_order`). */
  private bind(kind: KeyKind, customer: string, sale: number): void {
    if (customer !== '') this.bindings[kind].add(customer, sale);
  }

  /** The customer's id (0) or email (1); '' when it has none. */
  private static keyOf(kind: KeyKind, customer: Customer): string {
    return kind === 0 ? customer.customer_id : customer.customer_email;
  }

  private addReversal(e: LedgerEntry): void {
    const sale = this.saleOf(e);
    sale.refunded_minor += e.original_amount_minor;
    sale.clawed_minor -= e.amount_minor;
    sale.refunded_base_minor += e.base_amount_minor;
    if (sale.clawed_minor > sale.entry.amount_minor) throw new Error(`order ${e.order_id}: clawback exceeds its commission`);
    this.partnerDaysFor(e.partner_id).addRefund(dayNumber(e.conversion_date), e.base_amount_minor);
  }

  private addRejection(e: LedgerEntry): void {
    this.saleOf(e).rejected = true;
  }

  /** The state of the sale `e` offsets, kept from now on. */
  private saleOf(e: LedgerEntry): SaleState {
    const sale = this.sale(e.order_id);
    if (sale === undefined || sale.entry.entry_id !== e.ref_entry_id) throw new Error(`${e.kind} ${e.entry_id} offsets no posted commission`);
    this.changed_sales.set(e.order_id, sale);
    return sale;
  }

  /** The order's commission, if one is posted. */
  commission(order_id: string): LedgerEntry | undefined {
    const index = this.orders.indexOf(order_id);
    return index < 0 ? undefined : this.commission_of_order[index];
  }

  /** The order's posted sale and what has happened to it since (a copy to read, for a sale nothing happened to yet). */
  sale(order_id: string): SaleState | undefined {
    const changed = this.changed_sales.get(order_id);
    if (changed !== undefined) return changed;
    const entry = this.commission(order_id);
    return entry === undefined ? undefined : { entry, refunded_minor: 0, clawed_minor: 0, refunded_base_minor: 0, rejected: false };
  }

  private partnerDaysFor(partner_id: PartnerId): PartnerDays {
    let days = this.days.get(partner_id);
    if (days === undefined) {
      days = new PartnerDays();
      this.days.set(partner_id, days);
    }
    return days;
  }

  /**
   * The partner a customer was bound to before `at`: the earliest binding (first touch) or the
   * latest (last touch) over all the customer's keys, with the date it started.
   */
  boundPartner(customer: Customer, at: Position, pick: 'first' | 'last'): Binding | undefined {
    let found: Binding | undefined;
    for (const kind of KEY_KINDS) {
      const key = Book.keyOf(kind, customer);
      const event = key === '' ? undefined : this.bindings[kind].boundBefore(key, at.date, at.order_id, pick);
      if (event === undefined) continue;
      if (found === undefined || (pick === 'first' ? bindingBefore(event, found.conversion_date, found.order_id)
        : bindingBefore(found, event.conversion_date, event.order_id))) found = event;
    }
    return found;
  }

  /** The date of the customer's first sale credited to `partner_id` before `at`, if any. */
  firstSaleWith(customer: Customer, partner_id: PartnerId, at: Position): IsoDate | undefined {
    let first: IsoDate | undefined;
    for (const kind of KEY_KINDS) {
      const key = Book.keyOf(kind, customer);
      const event = key === '' ? undefined : this.bindings[kind].firstWith(key, partner_id, at.date, at.order_id);
      if (event !== undefined && (first === undefined || event.conversion_date < first)) first = event.conversion_date;
    }
    return first;
  }

  entryById(entry_id: EntryId): LedgerEntry | undefined {
    if (this.byId === undefined) {
      if (this.added_unindexed > 0) throw new Error('Book.entryById: entries were added before the first look-up by id');
      // In the order the constructor added them: with a repeated id, the same entry wins.
      this.byId = new Map<EntryId, LedgerEntry>();
      for (const e of this.ledger) if (e.kind === 'commission') this.byId.set(e.entry_id, e);
      for (const e of this.ledger) if (e.kind !== 'commission') this.byId.set(e.entry_id, e);
    }
    return this.byId.get(entry_id);
  }

  /** The partner's sales and refunds per day (any position: read only days before the one asked about). */
  partnerDays(partner_id: PartnerId): Readonly<PartnerDays> | undefined {
    return this.days.get(partner_id);
  }
}
