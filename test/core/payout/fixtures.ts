// Builders for the payout tests: ledger entries, partners, people and batches with sensible
// defaults, so each test shows only what matters to it.
import { createHash } from 'node:crypto';
import type { Partner } from '../../../src/core/model';
import type { Identity } from '../../../src/core/access/roles';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import type { LedgerEntry } from '../../../src/core/earnings/ledger-entry';
import { entryIdFor } from '../../../src/core/earnings/ids';
import { batchContentHash, payoutFingerprint, totalsOf, type Batch, type BatchLine } from '../../../src/core/payout/model';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const OWNER = 'owner@acme.com';
export const OPS = 'ops@acme.com';
export const MANAGER = 'boss@acme.com';
export const MANAGER2 = 'deputy@acme.com';
export const FINANCE = 'money@acme.com';

export function who(email: string): Identity {
  return { email, owner_email: OWNER };
}

export function settings(over: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, managers: [MANAGER, MANAGER2], finance: [FINANCE], operators: [OPS], ...over };
}

export function partner(partner_id: string, over: Partial<Partner> = {}): Partner {
  const code = partner_id.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return {
    partner_id, name: `Partner ${partner_id}`, code, aliases: [], email: `${code.toLowerCase()}@example.com`,
    rate_bps: 1000, flat_fee_minor: null, status: 'active', payout_method: 'paypal',
    payout_account: `${code.toLowerCase()}@example.com`, country: 'US',
    source: { import_id: 'I-P', tab: 'Partners', row: 2 }, ...over,
  };
}

let seq = 0;

/** An eligible entry in USD: a commission when positive, an adjustment (a deduction) when negative. */
export function entry(partner_id: string, amount_minor: number, over: Partial<LedgerEntry> = {}): LedgerEntry {
  const idempotency_key = over.idempotency_key ?? `test:${partner_id}:${++seq}`;
  return {
    entry_id: entryIdFor(idempotency_key), idempotency_key, kind: amount_minor >= 0 ? 'commission' : 'adjustment',
    partner_id, partner_code: '', attribution: 'code', order_id: `O-${seq}`, customer_key: '', product: '',
    import_id: 'I-1', source_tab: 'Conversions', source_row: seq + 1, conversion_date: '2024-01-01', posted_on: '2024-01-01',
    eligible_on: '2024-01-31', original_amount_minor: Math.abs(amount_minor) * 10, original_currency: 'USD', fx_rate: '1',
    base_currency: 'USD', base_amount_minor: Math.abs(amount_minor) * 10, rate_bps: 1000, flat_fee_minor: 0, rule_id: '',
    rule_version: '', amount_minor, flags: '', review: '', ref_entry_id: '', actor: '', note: '', ...over,
  };
}

/** A draft batch with the given lines (amounts in minor units), built without a ledger. */
export function batchOf(batch_id: string, lines: Array<Partial<BatchLine> & { partner_id: string; amount_minor: number }>): Batch {
  const full: BatchLine[] = lines.map((l, i) => {
    const p = partner(l.partner_id);
    const base = {
      name: p.name, payout_method: p.payout_method, payout_account: p.payout_account, currency: 'USD',
      entry_ids: [`E-${String(i).padStart(16, '0')}`], entry_count: 1, ...l,
    };
    return { ...base, fingerprint: payoutFingerprint(base, sha256) } as BatchLine;
  }).sort((a, b) => (a.partner_id < b.partner_id ? -1 : a.partner_id > b.partner_id ? 1 : a.currency < b.currency ? -1 : 1));
  const shell = { batch_id, as_of: '2024-03-01', lines: full };
  const content_hash = batchContentHash(shell, sha256);
  const totals = totalsOf(full);
  return {
    ...shell, state: 'draft', created_by: OPS, created_at_utc: '2024-03-01T09:00:00.000Z', totals, content_hash,
    events: [{ batch_id, event: 'created', actor: OPS, at_utc: '2024-03-01T09:00:00.000Z', content_hash, totals, as_of: '2024-03-01', preset: '', reference: '', reason: '' }],
  };
}
