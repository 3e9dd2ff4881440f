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
