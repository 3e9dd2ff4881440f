// Idempotency keys and entry ids. An entry id is a pure function of its idempotency key, so the
// same money movement gets the same id however the data is ordered, chunked or replayed.
import type { EntryId, IsoDate, MinorUnits, PartnerId } from '../model';

/** The characters encodeURIComponent leaves as they are (ECMAScript's uriUnreserved). */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

/** Key components are URI-encoded so that a `:` inside an order id cannot fake another key. */
function part(text: string): string {
  // Most ids need no escape: the text itself, not a new copy of it for every key.
  return UNRESERVED.test(text) ? text : encodeURIComponent(text);
}

export function saleKey(partner_id: PartnerId, order_id: string): string {
  return `sale:${part(partner_id)}:${part(order_id)}`;
}

/**
 * A refund is identified by its order, date, amount and its position (1-based) among otherwise
 * identical refund rows of that order (spec §6).
 */
export function refundKey(sale_key: string, date: IsoDate, amount_minor: MinorUnits, position: number): string {
  return `${sale_key}:refund:${date}:${amount_minor}:${position}`;
}

export function rejectionKey(commission_key: string): string {
  return `${commission_key}:reject`;
}

// Every entry id is derived (and re-derived by the invariant check), a million of them in a large
// post. The id is written as one flat string from its character codes: built from pieces, it was
// a chain of concatenations that every later hash or comparison first had to copy into one string.
const HEX_DIGIT = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const E = 'E'.charCodeAt(0);
const DASH = '-'.charCodeAt(0);
/** `E-` then 16 digits; `hash64` writes from index 2. Reused: posting is single-threaded. */
const ID_CODES: number[] = [E, DASH, ...new Array<number>(16).fill(0)];

// The two 32-bit halves of the last `mix`: kept here rather than returned, so no array per hash.
let mixed_high = 0;
let mixed_low = 0;

/** cyrb53's mixing, both lanes kept: sets `mixed_high` (h2) and `mixed_low` (h1). */
function mix(text: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  mixed_high = h2;
  mixed_low = h1;
}

/** The hex digit codes of the last `mix` (high half first) into `ID_CODES[2..17]`. */
function writeDigits(): void {
  for (let i = 0; i < 8; i++) {
    const shift = 28 - 4 * i;
    ID_CODES[2 + i] = HEX_DIGIT[(mixed_high >>> shift) & 15]!;
    ID_CODES[10 + i] = HEX_DIGIT[(mixed_low >>> shift) & 15]!;
  }
}

/**
 * A 64-bit non-cryptographic hash (cyrb53's mixing, both lanes kept), as 16 hex digits. Ids only
 * need to be stable and, in practice, unique: at a million entries the chance of any collision is
 * about 3e-8, and `checkLedgerInvariants` would catch one.
 */
export function hash64(text: string): string {
  mix(text);
  writeDigits();
  return String.fromCharCode(...ID_CODES.slice(2));
}

/** `E-` and 16 hex digits derived from the idempotency key. */
export function entryIdFor(idempotency_key: string): EntryId {
  mix(idempotency_key);
  writeDigits();
  return String.fromCharCode(...ID_CODES);
}

/** `entry_id === entryIdFor(idempotency_key)`, without building the id to compare. */
export function isEntryIdOf(entry_id: string, idempotency_key: string): boolean {
  if (entry_id.length !== ID_CODES.length || entry_id.charCodeAt(0) !== E || entry_id.charCodeAt(1) !== DASH) return false;
  mix(idempotency_key);
  writeDigits();
  for (let i = 2; i < ID_CODES.length; i++) if (entry_id.charCodeAt(i) !== ID_CODES[i]) return false;
  return true;
}

const HEX_VALUE = new Int8Array(128).fill(-1);
HEX_DIGIT.forEach((code, value) => (HEX_VALUE[code] = value));

/** The value of a lower-case hex digit's code, -1 for any other code. */
function hexValue(code: number): number {
  return code < HEX_VALUE.length ? HEX_VALUE[code]! : -1;
}

/** Capacity of a new index, in slots (a power of two); it doubles past half full. */
const INITIAL_SLOTS = 1024;

/**
 * An open-addressing table from 64-bit hashes (two 32-bit halves) to positions, in one array of
 * 32-bit integers: a probe reads one slot, where a Map of a million strings reads a bucket, each
 * chained entry and each key string it compares, all cold.
 */
abstract class HashSlots {
  /** Per slot: the hash's high half, its low half, and a position + 1 (0: an empty slot). */
  protected slots: Int32Array;
  protected mask: number;
  protected count = 0;

  /** `expected`: how many the caller will add, if known (the table is sized for them at once). */
  constructor(expected: number) {
    let capacity = INITIAL_SLOTS;
    while (capacity < 2 * expected) capacity *= 2;
    this.slots = new Int32Array(3 * capacity);
    this.mask = capacity - 1;
  }

  /** Adds a slot for (high, low), growing the table first when it would pass half full. */
  protected insert(high: number, low: number, position: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    this.put(high, low, position);
    this.count += 1;
  }

  private put(high: number, low: number, position: number): void {
    const slots = this.slots;
    let slot = low & this.mask;
    while (slots[3 * slot + 2] !== 0) slot = (slot + 1) & this.mask;
    slots[3 * slot] = high;
    slots[3 * slot + 1] = low;
    slots[3 * slot + 2] = position + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    this.mask = 2 * (this.mask + 1) - 1;
    for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) this.put(old[at]!, old[at + 1]!, old[at + 2]! - 1);
  }
}

/**
 * Entry ids to positions (in a ledger), for ids as entryIdFor writes them: keyed by the id's
 * 64-bit value, so indexing a million ids hashes no string and builds no map of a million
 * strings. Any other text is never in the index.
 */
export class EntryIdIndex extends HashSlots {
  constructor(expected = 0) {
    super(expected);
  }

  /**
   * Adds `entry_id` at `position` when it is the id of `idempotency_key` and is not yet in the
   * index; false otherwise (and nothing is added).
   */
  addIdOf(entry_id: string, idempotency_key: string, position: number): boolean {
    if (!isEntryIdOf(entry_id, idempotency_key)) return false;
    if (this.find(mixed_high, mixed_low) >= 0) return false;
    this.insert(mixed_high, mixed_low, position);
    return true;
  }

  /**
   * Sets the position of `entry_id` (a later position replaces an earlier one, as in a map);
   * false when it is not an id entryIdFor writes (nothing is set).
   */
  setPosition(entry_id: string, position: number): boolean {
    if (!this.read(entry_id)) return false;
    const slot = this.slotOf(this.read_high, this.read_low);
    if (slot >= 0) {
      this.slots[3 * slot + 2] = position + 1;
      return true;
    }
    this.insert(this.read_high, this.read_low, position);
    return true;
  }

  /** The position of `entry_id`, or -1 when it is not in the index. */
  positionOf(entry_id: string): number {
    return this.read(entry_id) ? this.find(this.read_high, this.read_low) : -1;
  }

  // The halves of the id `read` parsed last.
  private read_high = 0;
  private read_low = 0;

  /** Parses an id as entryIdFor writes it into `read_high` and `read_low`; false for any other text. */
  private read(entry_id: string): boolean {
    if (entry_id.length !== ID_CODES.length || entry_id.charCodeAt(0) !== E || entry_id.charCodeAt(1) !== DASH) return false;
    let high = 0;
    let low = 0;
    for (let i = 0; i < 8; i++) {
      const h = hexValue(entry_id.charCodeAt(2 + i));
      const l = hexValue(entry_id.charCodeAt(10 + i));
      if (h < 0 || l < 0) return false;
      high = (high << 4) | h;
      low = (low << 4) | l;
    }
    this.read_high = high;
    this.read_low = low;
    return true;
  }

  private find(high: number, low: number): number {
    const slot = this.slotOf(high, low);
    return slot < 0 ? -1 : this.slots[3 * slot + 2]! - 1;
  }

  /** The slot holding (high, low), or -1. */
  private slotOf(high: number, low: number): number {
    const slots = this.slots;
    for (let slot = low & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = 3 * slot;
      if (slots[at + 2] === 0) return -1;
      if (slots[at] === high && slots[at + 1] === low) return slot;
    }
  }
}

/**
 * Strings to the order they were first added in (0, 1, 2, …): the indexes posting keeps of a
 * million order ids and customers. Keyed by the string's 64-bit hash; a key string is compared
 * only when a slot's whole hash matches, so a miss reads no string but the one asked about.
 */
export class StringIndex extends HashSlots {
  private readonly keys: string[] = [];

  constructor(expected = 0) {
    super(expected);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The index of `key`, or -1 when it was never added. */
  indexOf(key: string): number {
    mix(key);
    return this.find(key, mixed_high, mixed_low);
  }

  /** The index of `key`, added as the next index (`size` before the call) when it is new. */
  add(key: string): number {
    mix(key);
    const found = this.find(key, mixed_high, mixed_low);
    if (found >= 0) return found;
    this.insert(mixed_high, mixed_low, this.keys.length);
    this.keys.push(key);
    return this.keys.length - 1;
  }

  private find(key: string, high: number, low: number): number {
    const slots = this.slots;
    for (let slot = low & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = 3 * slot;
      const index = slots[at + 2]! - 1;
      if (index < 0) return -1;
      if (slots[at] === high && slots[at + 1] === low && this.keys[index] === key) return index;
    }
  }
}
