// The ops dashboard's figures: how many entries, and how much money, sit in each workflow status,
// per currency. Derived from the ledger and the statuses like every other figure (never stored).
import type { CurrencyCode, EntryId, MinorUnits } from '../model';
import type { LedgerEntry } from '../earnings/ledger-entry';
import { ENTRY_STATUSES, type EntryStatus } from '../earnings/status';
import { toSafeNumber } from '../money/rounding';

export interface StatusTotal {
  status: EntryStatus;
  currency: CurrencyCode;
  entry_count: number;
  amount_minor: MinorUnits;
}

/**
 * One row per status and currency that has entries, in workflow order. `payout` entries (money that
 * left) are not a status of commission money, so they are left out; `paid` counts the entries of
 * paid batches.
 */
export function statusTotals(ledger: ReadonlyArray<LedgerEntry>, statuses: ReadonlyMap<EntryId, EntryStatus>): StatusTotal[] {
  const sums = new Map<string, { status: EntryStatus; currency: CurrencyCode; count: number; sum: bigint }>();
  for (const e of ledger) {
    if (e.kind === 'payout') continue;
    const status = statuses.get(e.entry_id);
    if (status === undefined) throw new Error(`statusTotals: no status for entry ${e.entry_id}`);
    const key = `${status}\u0000${e.base_currency}`;
    const s = sums.get(key) ?? { status, currency: e.base_currency, count: 0, sum: 0n };
    s.count += 1;
    s.sum += BigInt(e.amount_minor);
    sums.set(key, s);
  }
  const order = (status: EntryStatus) => ENTRY_STATUSES.indexOf(status);
  return [...sums.values()]
    .sort((a, b) => order(a.status) - order(b.status) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
    .map((s) => ({ status: s.status, currency: s.currency, entry_count: s.count, amount_minor: toSafeNumber(s.sum) }));
}
