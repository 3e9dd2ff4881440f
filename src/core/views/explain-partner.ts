// "Why is this partner not being paid?" in plain words: where each part of the partner's money is
// (paid, in a batch, due in the next batch, skipped and why, waiting out the hold, held for review),
// with the dates that matter. The skip reason comes from the same core step that builds batches (a
// preview), so the answer can never disagree with what Build batch would do.
import type { Sha256Hex } from '../audit/chain';
import type { LedgerEntry } from '../earnings/ledger-entry';
import type { BatchMembership, EntryStatus } from '../earnings/status';
import type { CurrencyCode, EntryId, IsoDate, Partner, PartnerId } from '../model';
import { formatMinor } from '../money/format';
import { buildBatch } from '../payout/batch';
import type { Batch } from '../payout/model';
import type { Settings } from '../settings';

export interface PartnerExplanation {
  partner_id: PartnerId;
  name: string;
  /** One plain sentence per fact, most important first. */
  lines: string[];
  /** The next date on which pending money becomes eligible ('' when nothing is pending). */
  next_eligible_on: IsoDate | '';
}

export interface ExplainInput {
  /** What the user typed: a partner id, code, alias, email or name (case-insensitive). */
  query: string;
  partners: ReadonlyArray<Partner>;
  ledger: ReadonlyArray<LedgerEntry>;
  statuses: ReadonlyMap<EntryId, EntryStatus>;
  membership: BatchMembership;
  batches: ReadonlyArray<Batch>;
  settings: Pick<Settings, 'base_currency' | 'min_payout_minor' | 'hold_days' | 'payout_preset'>;
  as_of: IsoDate;
  sha256: Sha256Hex;
}

export type ExplainResult = { ok: true; explanation: PartnerExplanation } | { ok: false; message: string };

export function findPartner(query: string, partners: ReadonlyArray<Partner>, ledger: ReadonlyArray<LedgerEntry>): Partner | PartnerId | null {
  const q = query.trim().toLowerCase();
  if (q === '') return null;
  const hit = partners.find((p) => p.partner_id.toLowerCase() === q || p.code.toLowerCase() === q || p.email.toLowerCase() === q ||
    p.aliases.some((a) => a.toLowerCase() === q)) ?? partners.find((p) => p.name.trim().toLowerCase() === q);
  if (hit) return hit;
  // A partner removed from the Partners tab can still have money on the ledger.
  return ledger.find((e) => e.partner_id.toLowerCase() === q)?.partner_id ?? null;
}

export function explainPartner(input: ExplainInput): ExplainResult {
  const found = findPartner(input.query, input.partners, input.ledger);
  if (found === null) {
    return { ok: false, message: `No partner matches "${input.query.trim()}": type a partner_id, code, alias, email or exact name from the Partners tab.` };
  }
  const partner = typeof found === 'string' ? undefined : found;
  const partner_id = typeof found === 'string' ? found : found.partner_id;
  const entries = input.ledger.filter((e) => e.partner_id === partner_id);
  const who = partner ? `${partner.name} (${partner_id})` : `Partner ${partner_id}`;
  const lines: string[] = [];
  if (entries.length === 0) {
    if (partner === undefined) lines.push(`${who} is not on the Partners tab, so it cannot be paid until it is added back with the same partner_id.`);
    else if (partner.status !== 'active') lines.push(`${who} is ${partner.status} (Partners: status): it keeps earning but is not paid until it is active.`);
    lines.push(`${who} has no entries on the Ledger yet. Check that its conversions carry its code or an alias (${partner ? [partner.code, ...partner.aliases].join(', ') : partner_id}), are imported and validated, then post commissions; unattributed conversions are listed under Problems.`);
    return { ok: true, explanation: { partner_id, name: partner?.name ?? '', lines, next_eligible_on: '' } };
  }

  const money = (minor: bigint, currency: CurrencyCode) => `${formatMinor(Number(minor), currency)} ${currency}`;
  const sumOf = (list: LedgerEntry[]) => {
    const by = new Map<CurrencyCode, bigint>();
    for (const e of list) by.set(e.base_currency, (by.get(e.base_currency) ?? 0n) + BigInt(e.amount_minor));
    return [...by].map(([c, m]) => money(m, c)).join(' + ');
  };
  const withStatus = (status: EntryStatus) => entries.filter((e) => e.kind !== 'payout' && input.statuses.get(e.entry_id) === status);

  const paid_out = entries.filter((e) => e.kind === 'payout');
  if (paid_out.length > 0) {
    const negated = paid_out.map((e) => ({ ...e, amount_minor: -e.amount_minor }));
    lines.push(`Paid so far: ${sumOf(negated)} in ${paid_out.length} payment(s).`);
  }
  for (const batch of input.batches) {
    if (batch.state !== 'draft' && batch.state !== 'approved') continue;
    for (const line of batch.lines) {
      if (line.partner_id !== partner_id) continue;
      const amount = money(BigInt(line.amount_minor), line.currency);
      lines.push(batch.state === 'draft'
        ? `${amount} is in batch ${batch.batch_id}, waiting for a manager's approval.`
        : `${amount} is in batch ${batch.batch_id}, approved and waiting for finance to pay it and mark it paid.`);
    }
  }

  // What Build batch would do now, for this partner alone.
  const preview = buildBatch({
    ledger: entries, membership: input.membership, statuses: input.statuses, partners: partner ? [partner] : [],
    settings: input.settings, as_of: input.as_of, batch_id: 'preview', creator: 'preview', created_at_utc: '',
    existing_batches: [], sha256: input.sha256,
  });
  if (preview.ok) {
    for (const line of preview.batch.lines) {
      lines.push(`${money(BigInt(line.amount_minor), line.currency)} is eligible and will be paid by the next batch (${line.entry_count} entries, by ${line.payout_method} to ${line.payout_account}).`);
    }
  }
  for (const skip of preview.skipped) lines.push(`Not paid now: ${skip.message}`);

  const pending = withStatus('pending');
  let next_eligible_on: IsoDate | '' = '';
  if (pending.length > 0) {
    const dates = pending.map((e) => e.eligible_on).sort();
    next_eligible_on = dates[0]!;
    const last = dates[dates.length - 1]!;
    const span = next_eligible_on === last ? `on ${next_eligible_on}` : `from ${next_eligible_on} to ${last}`;
    lines.push(`${sumOf(pending)} in ${pending.length} entries is still in the ${input.settings.hold_days}-day hold (Settings: hold_days) and becomes eligible ${span}.`);
  }
  const held = withStatus('held');
  if (held.length > 0 && !preview.skipped.some((s) => s.reason === 'HELD_FOR_REVIEW')) {
    lines.push(`${sumOf(held)} in ${held.length} entries is held for review: a manager must clear or reject it (Review).`);
  }
  const rejected = withStatus('rejected').filter((e) => e.kind === 'commission');
  if (rejected.length > 0) lines.push(`${rejected.length} commission(s) were rejected in review and will not be paid.`);
  if (lines.length === 0) lines.push(`${who} has nothing due: every entry is settled.`);
  return { ok: true, explanation: { partner_id, name: partner?.name ?? '', lines, next_eligible_on } };
}
