// One of a customer's two binding indexes (by customer id, or by customer email): per customer,
// the commissions whose sales bound it, ascending by position (conversion date, then order id).
// Posting asks about a customer for every sale, a million times in a large post. Each customer's
// bindings are a doubly linked list of nodes in typed arrays, with each node's day number beside
// its links: a question reads a few integers, compares dates as numbers, and touches an entry only
// on a tie of dates; no array or object is kept per customer or per binding.
import type { IsoDate, PartnerId } from '../model';
import { dayNumber } from './dates';
import { StringIndex } from './ids';
import type { LedgerEntry } from './ledger-entry';

const NONE = -1;
/** Per node: the next node, the previous node (NONE at the ends), the entry's day number and its sale number. */
const NODE_FIELDS = 4;
const NEXT = 0;
const PREV = 1;
const DAY = 2;
const SALE = 3;
/** Per customer: its first node and its last node. */
const CUSTOMER_FIELDS = 2;
const FIRST = 0;
const LAST = 1;

/** `values` with room for `needed` integers, copied to a doubled array when it has not. */
function withRoom(values: Int32Array, needed: number): Int32Array {
  if (needed <= values.length) return values;
  const grown = new Int32Array(Math.max(needed, 2 * values.length));
  grown.set(values);
  return grown;
}

export class CustomerBindings {
  private readonly customers: StringIndex;
  private customer_nodes: Int32Array = new Int32Array(CUSTOMER_FIELDS * 1024);
  private nodes: Int32Array = new Int32Array(NODE_FIELDS * 1024);
  private node_count = 0;
  /** The last key asked about and its customer index (NONE: not bound), until the next binding. */
  private looked_up: string | undefined;
  private looked_up_customer = NONE;

  /**
   * `sales`: the commissions by sale number, which nodes name (the caller's list, not a copy).
   * `expected`: how many customers (at most) the index will hold, if known (sized for them at once).
   */
  constructor(private readonly sales: ReadonlyArray<LedgerEntry>, expected = 0) {
    this.customers = new StringIndex(expected);
  }

  /** The entry of node `node`. */
  private entry(node: number): LedgerEntry {
    return this.sales[this.nodes[NODE_FIELDS * node + SALE]!]!;
  }

  /** Node `node` is before the position (day, order_id). */
  private before(node: number, day: number, order_id: string): boolean {
    const node_day = this.nodes[NODE_FIELDS * node + DAY]!;
    // ISO dates order as their day numbers do: the entry is read only when the days are equal.
    return node_day < day || (node_day === day && this.entry(node).order_id < order_id);
  }

  /** The customer index of `key` (NONE: never bound), remembered for a binding that follows. */
  private customerOf(key: string): number {
    if (key !== this.looked_up) {
      this.looked_up = key;
      this.looked_up_customer = this.customers.indexOf(key);
    }
    return this.looked_up_customer;
  }

  /**
   * The customer's earliest binding (`first`) or its latest (`last`) before the position
   * (date, order_id), if it has one.
   */
  boundBefore(key: string, date: IsoDate, order_id: string, pick: 'first' | 'last'): LedgerEntry | undefined {
    const customer = this.customerOf(key);
    if (customer === NONE) return undefined;
    const day = dayNumber(date);
    if (pick === 'first') {
      const first = this.customer_nodes[CUSTOMER_FIELDS * customer + FIRST]!;
      return this.before(first, day, order_id) ? this.entry(first) : undefined;
    }
    // Back from the last: posting in canonical order asks about positions after all others.
    for (let node = this.customer_nodes[CUSTOMER_FIELDS * customer + LAST]!; node !== NONE; node = this.nodes[NODE_FIELDS * node + PREV]!) {
      if (this.before(node, day, order_id)) return this.entry(node);
    }
    return undefined;
  }

  /**
   * The customer's earliest binding before the position (date, order_id), if that binding's sale
   * was credited to `partner_id`; searching on past other partners' bindings to the first of
   * `partner_id`'s.
   */
  firstWith(key: string, partner_id: PartnerId, date: IsoDate, order_id: string): LedgerEntry | undefined {
    const customer = this.customerOf(key);
    if (customer === NONE) return undefined;
    const day = dayNumber(date);
    for (let node = this.customer_nodes[CUSTOMER_FIELDS * customer + FIRST]!; node !== NONE; node = this.nodes[NODE_FIELDS * node + NEXT]!) {
      if (!this.before(node, day, order_id)) return undefined;
      if (this.entry(node).partner_id === partner_id) return this.entry(node);
    }
    return undefined;
  }

  /** Binds the customer `key` to the commission of sale number `sale`, in its place among the customer's bindings. */
  add(key: string, sale: number): void {
    let customer = this.customerOf(key);
    this.looked_up = undefined;
    const e = this.sales[sale]!;
    const node = this.node_count++;
    const day = dayNumber(e.conversion_date);
    this.nodes = withRoom(this.nodes, NODE_FIELDS * (node + 1));
    this.nodes[NODE_FIELDS * node + DAY] = day;
    this.nodes[NODE_FIELDS * node + SALE] = sale;
    if (customer === NONE) {
      customer = this.customers.add(key);
      this.customer_nodes = withRoom(this.customer_nodes, CUSTOMER_FIELDS * (customer + 1));
      this.customer_nodes[CUSTOMER_FIELDS * customer + FIRST] = NONE;
      this.customer_nodes[CUSTOMER_FIELDS * customer + LAST] = NONE;
      this.link(customer, NONE, node);
      return;
    }
    // After the latest binding before `e`: the last one when posting in canonical order, none
    // when the first is not before `e`, otherwise found walking back from the last.
    const first = this.customer_nodes[CUSTOMER_FIELDS * customer + FIRST]!;
    let after = this.customer_nodes[CUSTOMER_FIELDS * customer + LAST]!;
    if (!this.before(first, day, e.order_id)) after = NONE;
    else while (!this.before(after, day, e.order_id)) after = this.nodes[NODE_FIELDS * after + PREV]!;
    this.link(customer, after, node);
  }

  /** Links `node` into the customer's list after `after` (NONE: as its first). */
  private link(customer: number, after: number, node: number): void {
    const nodes = this.nodes;
    const ends = CUSTOMER_FIELDS * customer;
    const next = after === NONE ? this.customer_nodes[ends + FIRST]! : nodes[NODE_FIELDS * after + NEXT]!;
    nodes[NODE_FIELDS * node + PREV] = after;
    nodes[NODE_FIELDS * node + NEXT] = next;
    if (after === NONE) this.customer_nodes[ends + FIRST] = node;
    else nodes[NODE_FIELDS * after + NEXT] = node;
    if (next === NONE) this.customer_nodes[ends + LAST] = node;
    else nodes[NODE_FIELDS * next + PREV] = node;
  }
}
