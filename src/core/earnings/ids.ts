// Idempotency keys and entry ids. An entry id is a pure function of its idempotency key, so the
// same money movement gets the same id however the data is ordered, chunked or replayed.
import type { EntryId, IsoDate, MinorUnits, PartnerId } from '../model';

/** Key components are URI-encoded so that a `:` inside an order id cannot fake another key. */
function part(text: string): string {
  return encodeURIComponent(text);
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

// Every entry id is derived (and re-derived by the invariant check): a byte table is several
// times faster than `toString(16).padStart(8, '0')`, with the same digits.
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex8(n: number): string {
  return HEX_BYTE[n >>> 24]! + HEX_BYTE[(n >>> 16) & 255]! + HEX_BYTE[(n >>> 8) & 255]! + HEX_BYTE[n & 255]!;
}

/**
 * A 64-bit non-cryptographic hash (cyrb53's mixing, both lanes kept). Ids only need to be stable
 * and, in practice, unique: at a million entries the chance of any collision is about 3e-8, and
 * `checkLedgerInvariants` would catch one.
 */
export function hash64(text: string): string {
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
  return hex8(h2) + hex8(h1);
}

/** `E-` and 16 hex digits derived from the idempotency key. */
export function entryIdFor(idempotency_key: string): EntryId {
  return `E-${hash64(idempotency_key)}`;
}
