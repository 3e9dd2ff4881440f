// Payout files in the columns each payment system expects, from an approved batch. Every file holds
// one currency and carries a control total (row count and sum) for finance to compare with the
// payment system's own. Amounts are written with the currency's exponent (`123.45`, JPY `123`).
//
// Presets (decisions):
// - generic: header `batch_id,partner_id,partner_name,payout_method,payout_account,currency,amount,
//   entry_count,reference`; `reference` is `<batch id>-<partner id>`, unique per payment.
// - paypal: the PayPal Payouts upload file: NO header; recipient email, amount, currency, customer
//   id (partner id), note (`Partner Ledger payout <batch id>`), recipient wallet (`PayPal`); at most
//   5,000 rows per file, files named `payout-<batch>-<CUR>-<n>.csv`.
// - wise: Wise's "send by email" batch template: `name,recipientEmail,paymentReference,receiverType,
//   amountCurrency,amount,sourceCurrency,targetCurrency`; receiverType `PERSON`, amountCurrency
//   `target` (the partner receives the exact amount, fees are ours), source = target = the line's
//   currency, paymentReference = the batch id; at most 1,000 rows per file (Wise's batch limit).
// paypal and wise pay an email address, so their lines need an email in payout_account.
//
// The `Payout <batch id>` tab is the approval record: the header (paypal too, so people can read the
// tab) and every file's rows in file order. It is not the upload file: finance pays from Export,
// which refuses a voided batch, changed payout details and a failed Verify, and cuts the files as
// the payment system takes them (PayPal: no header, 5,000 rows a file). A voided or paid batch's
// tab is renamed `VOID Payout …` / `PAID Payout …` (see payoutTabNameIn).
import type { CurrencyCode, MinorUnits, Partner, PartnerId, PayoutMethod } from '../model';
import type { PayoutPreset } from '../settings';
import { toCsv } from '../export/csv';
import { formatMinor } from '../money/format';
import { toSafeNumber } from '../money/rounding';
import { neutralise } from '../text/neutralise';
import type { Batch, BatchLine } from './model';

export const PAYOUT_COLUMNS = {
  generic: ['batch_id', 'partner_id', 'partner_name', 'payout_method', 'payout_account', 'currency', 'amount', 'entry_count', 'reference'],
  /** Not written to the PayPal file (PayPal wants no header); used as the payout tab's header. */
  paypal: ['recipient', 'amount', 'currency', 'customer_id', 'note', 'recipient_wallet'],
  wise: ['name', 'recipientEmail', 'paymentReference', 'receiverType', 'amountCurrency', 'amount', 'sourceCurrency', 'targetCurrency'],
} as const satisfies Record<PayoutPreset, readonly string[]>;

/** Whether the file itself starts with the header row. */
const FILE_HAS_HEADER: Record<PayoutPreset, boolean> = { generic: true, paypal: false, wise: true };

/** Rows per file the payment system accepts (payments, not counting a header). */
export const MAX_ROWS_PER_FILE: Record<PayoutPreset, number> = { generic: Number.POSITIVE_INFINITY, paypal: 5000, wise: 1000 };

export interface ControlTotal {
  /** Payment rows (the header is not counted). */
  row_count: number;
  sum_minor: MinorUnits;
  currency: CurrencyCode;
}

export interface PayoutFile {
  name: string;
  preset: PayoutPreset;
  currency: CurrencyCode;
  /** Every row of the file, header first when the preset has one; cells already neutralised. */
  rows: string[][];
  header_rows: 0 | 1;
  control: ControlTotal;
}

export interface PresetProblem {
  partner_id: PartnerId;
  message: string;
}

const EMAIL = /^[^\s@,;<>"()[\]]+@[^\s@,;<>"()[\]]+\.[A-Za-z0-9-]{2,}$/;

/**
 * The payout_method a preset pays (paypal: PayPal accounts, wise: Wise recipients); generic writes
 * the method in the file and pays any. A `bank` partner must not be paid through PayPal just because
 * its payout_account happens to be an email address.
 */
const METHOD_OF_PRESET: Record<PayoutPreset, PayoutMethod | null> = { generic: null, paypal: 'paypal', wise: 'wise' };

/**
 * What stops the preset from paying a partner's payout details, or null when it can: the method
 * must be the preset's, and paypal and wise pay an email address. Build batch skips such a
 * partner (PRESET_MISMATCH) and approval refuses such a line, so a batch never holds one.
 */
export function presetMismatch(payee: Pick<Partner, 'payout_method' | 'payout_account'>, preset: PayoutPreset): string | null {
  const method = METHOD_OF_PRESET[preset];
  if (method === null) return null;
  if (payee.payout_method !== method) return `payout_method is "${payee.payout_method}", and the ${preset} payout file pays ${method} only`;
  if (!EMAIL.test(payee.payout_account.trim())) return `payout_account "${payee.payout_account}" is not an email address, which the ${preset} payout file needs`;
  return alteredRecipient(payee.payout_account, preset);
}

/**
 * Why the file could not hold the recipient exactly as approved, or null. Every cell of a payout
 * file is neutralised (a leading =, +, - or @ gets a `'`, so a spreadsheet that opens the CSV never
 * runs it); on a recipient that would pay, or fail to pay, an address nobody approved.
 */
function alteredRecipient(payout_account: string, preset: PayoutPreset): string | null {
  const recipient = payout_account.trim();
  if (neutralise(recipient) === recipient) return null;
  return `payout_account "${recipient}" starts with "${recipient.charAt(0)}", so the ${preset} payout file would have to write it as ` +
    `"${neutralise(recipient)}" (a spreadsheet opening the file must not run it as a formula): that is not the recipient approved. ` +
    'Use an address that does not start with =, +, - or @, or pay this partner another way';
}

/** Why Build batch leaves a partner out of a `preset` batch, and how to fix it. */
export function presetMismatchMessage(partner: Partner, preset: PayoutPreset, owed: string): string {
  return `${partner.name} (${partner.partner_id}) is owed ${owed} but cannot be paid by the ${preset} payout file (Settings: payout_preset): ` +
    `${presetMismatch(partner, preset)}. Change payout_method / payout_account on ${partner.source.tab}!${partner.source.row}, ` +
    'or the payout_preset in Settings, then build the batch again; its entries stay for a later batch.';
}

/** Lines whose payout details a preset cannot pay (approval refuses them). */
export function presetMismatches(batch: Pick<Batch, 'lines'>, preset: PayoutPreset): PresetProblem[] {
  return batch.lines.flatMap((l) => {
    const problem = presetMismatch(l, preset);
    return problem === null ? [] : [{ partner_id: l.partner_id, message: `${l.name} (${l.partner_id}): ${problem}` }];
  });
}

/**
 * Lines the preset's file cannot be written for (paypal and wise pay an email address). The method
 * is not checked here: batches approved before it was checked must still verify and export.
 */
export function presetProblems(batch: Pick<Batch, 'lines'>, preset: PayoutPreset): PresetProblem[] {
  if (preset === 'generic') return [];
  return batch.lines
    .filter((l) => !EMAIL.test(l.payout_account.trim()))
    .map((l) => ({ partner_id: l.partner_id, message: `${l.name} (${l.partner_id}): payout_account "${l.payout_account}" is not an email address` }));
}

/**
 * Lines whose recipient the file would alter: Build batch skips such a partner and approval refuses
 * it, and Export refuses one in a batch approved before either checked it.
 */
export function alteredRecipients(batch: Pick<Batch, 'lines'>, preset: PayoutPreset): PresetProblem[] {
  if (preset === 'generic') return [];
  return batch.lines.flatMap((l) => {
    const problem = alteredRecipient(l.payout_account, preset);
    return problem === null ? [] : [{ partner_id: l.partner_id, message: `${l.name} (${l.partner_id}): ${problem}` }];
  });
}

export type PayoutFilesResult = { ok: true; files: PayoutFile[] } | { ok: false; problems: PresetProblem[]; message: string };

/** The payout files of a batch in a preset: one currency each, split at the preset's row limit. */
export function payoutFiles(batch: Batch, preset: PayoutPreset): PayoutFilesResult {
  const problems = [...presetProblems(batch, preset), ...alteredRecipients(batch, preset)];
  if (problems.length > 0) {
    return {
      ok: false, problems,
      message: `The ${preset} payout file cannot pay ${problems.map((p) => p.message).join('; ')}. Nothing was exported: ` +
        `void batch ${batch.batch_id} (managers), fix the partners' payout details on the Partners tab, and build a new batch.`,
    };
  }
  return { ok: true, files: filesOf(batch, preset) };
}

function filesOf(batch: Batch, preset: PayoutPreset): PayoutFile[] {
  const currencies = [...new Set(batch.lines.map((l) => l.currency))].sort();
  const parts = currencies.flatMap((currency) => chunk(batch.lines.filter((l) => l.currency === currency), MAX_ROWS_PER_FILE[preset]));
  const files = parts.map((lines, i) => fileOf(batch, preset, lines, nameOf(batch.batch_id, preset, lines[0]!.currency, parts, i)));
  assertFilesMatchBatch(batch, files);
  return files;
}

/** The file's bytes (as text): RFC 4180, CRLF line ends. */
export function payoutFileCsv(file: PayoutFile): string {
  return toCsv(file.rows);
}

/** The rows of the `Payout <batch id>` tab: the preset's header, then every file's payment rows. */
export function payoutTabRows(batch: Batch, preset: PayoutPreset): string[][] {
  // Not payoutFiles: a batch approved before recipients were checked for alteration still has the
  // tab it was approved with (Verify compares with it); only its export is refused.
  const problems = presetProblems(batch, preset);
  if (problems.length > 0) throw new Error(`payoutTabRows: batch ${batch.batch_id} cannot be paid by ${preset}: ${problems.map((p) => p.message).join('; ')}`);
  return [[...PAYOUT_COLUMNS[preset]], ...filesOf(batch, preset).flatMap((f) => f.rows.slice(f.header_rows))];
}

function chunk<T>(items: T[], size: number): T[][] {
  if (!Number.isFinite(size)) return [items];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `payout-<batch>.csv` when one file says it all; otherwise the currency and, for split files, the part. */
function nameOf(batch_id: string, preset: PayoutPreset, currency: string, parts: BatchLine[][], index: number): string {
  const safe = batch_id.replace(/[^A-Za-z0-9._-]/g, '_');
  if (preset === 'paypal') {
    const sameCurrency = parts.slice(0, index + 1).filter((p) => p[0]!.currency === currency).length;
    return `payout-${safe}-${currency}-${sameCurrency}.csv`;
  }
  if (parts.length === 1) return `payout-${safe}.csv`;
  const ofCurrency = parts.filter((p) => p[0]!.currency === currency);
  if (ofCurrency.length === 1) return `payout-${safe}-${currency}.csv`;
  return `payout-${safe}-${currency}-${ofCurrency.indexOf(parts[index]!) + 1}.csv`;
}

function fileOf(batch: Batch, preset: PayoutPreset, lines: BatchLine[], name: string): PayoutFile {
  const currency = lines[0]!.currency;
  const body = lines.map((l) => rowOf(batch, preset, l).map(neutralise));
  const header = FILE_HAS_HEADER[preset] ? [[...PAYOUT_COLUMNS[preset]]] : [];
  const sum = lines.reduce((s, l) => s + BigInt(l.amount_minor), 0n);
  return {
    name, preset, currency, rows: [...header, ...body], header_rows: header.length as 0 | 1,
    control: { row_count: body.length, sum_minor: toSafeNumber(sum), currency },
  };
}

function rowOf(batch: Batch, preset: PayoutPreset, l: BatchLine): string[] {
  const amount = formatMinor(l.amount_minor, l.currency);
  switch (preset) {
    case 'generic':
      return [batch.batch_id, l.partner_id, l.name, l.payout_method, l.payout_account, l.currency, amount, String(l.entry_count), `${batch.batch_id}-${l.partner_id}`];
    case 'paypal':
      return [l.payout_account.trim(), amount, l.currency, l.partner_id, `Partner Ledger payout ${batch.batch_id}`, 'PayPal'];
    case 'wise':
      return [l.name, l.payout_account.trim(), batch.batch_id, 'PERSON', 'target', amount, l.currency, l.currency];
  }
}

/** Produced files must add up to the batch: per currency, rows = lines and sums = totals. */
function assertFilesMatchBatch(batch: Batch, files: ReadonlyArray<PayoutFile>): void {
  for (const total of batch.totals) {
    const mine = files.filter((f) => f.currency === total.currency);
    const rows = mine.reduce((n, f) => n + f.control.row_count, 0);
    const sum = mine.reduce((s, f) => s + BigInt(f.control.sum_minor), 0n);
    if (rows !== total.line_count || sum !== BigInt(total.amount_minor)) {
      throw new Error(`payoutFiles: batch ${batch.batch_id} ${total.currency} files hold ${rows} rows / ${sum}, the batch ${total.line_count} lines / ${total.amount_minor}`);
    }
  }
  if (files.some((f) => !batch.totals.some((t) => t.currency === f.currency))) throw new Error(`payoutFiles: a file has a currency the batch does not`);
}
