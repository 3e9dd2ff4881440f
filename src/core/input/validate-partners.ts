// The Partners tab: who earns, on which codes, at what rate, paid how.
import type { Partner, PartnerId, PartnerStatus, PayoutMethod, SourceRef } from '../model';
import { parseAmountMinor, parseRateBps } from '../money/parse';
import { normaliseCode, normaliseEmail } from '../text/neutralise';
import { withinRowLimit } from './amount-limit';
import { rowProblem } from './error-codes';
import { FirstSeen, RowCheck, validateRows, type InputTable, type RowParser, type Validation, type ValidationContext } from './rows';

const STATUSES: readonly PartnerStatus[] = ['active', 'inactive'];
const PAYOUT_METHODS: readonly PayoutMethod[] = ['paypal', 'wise', 'bank', 'other'];

/**
 * Validates the Partners tab. Codes and aliases are unique across the whole tab: the second use of a
 * code is the error, naming the row that has it first. A blank partner_id stays '' in the record:
 * the shell assigns one with `assignPartnerIds` and writes it back.
 */
export function validatePartners(table: InputTable, ctx: ValidationContext): Validation<Partner> {
  return validateRows('partners', table, ctx, partnerParser(ctx));
}

/** Codes, aliases and ids must be unique in the tab: a row is judged after the rows above it. */
export function partnerParser(ctx: ValidationContext): RowParser<Partner> {
  const codes = new FirstSeen<{ row: number; field: string }>();
  const ids = new FirstSeen<number>();
  return { parse: (check, source) => partnerOf(check, source, ctx, codes, ids), reads_earlier_rows: true };
}

function partnerOf(
  check: RowCheck, source: SourceRef, ctx: ValidationContext,
  codes: FirstSeen<{ row: number; field: string }>, ids: FirstSeen<number>,
): Partner | null {
  const { settings } = ctx;
  const partner_id = check.text('partner_id');
  if (partner_id !== '') {
    const first_row = ids.claim(partner_id.toUpperCase(), check.row);
    if (first_row !== undefined) check.add('partner_id', rowProblem('DUPLICATE_PARTNER_ID', { value: partner_id, first_row }));
  }
  const name = check.requiredText('name', 'the payout file needs the partner\'s name');
  const code = check.isBlank('code')
    ? (check.add('code', rowProblem('MISSING_VALUE', { field: 'code', why: 'a partner needs the code its customers use' })), undefined)
    : check.take('code', normaliseCode(check.text('code'), settings.link_params));
  const aliases = aliasesOf(check, settings.link_params, code);
  for (const [field, value] of [['code', code] as const, ...aliases.map((a) => ['aliases', a] as const)]) {
    if (value === undefined) continue;
    const first = codes.claim(value, { row: check.row, field });
    if (first !== undefined) {
      check.add(field, rowProblem('DUPLICATE_CODE', { field, code: value, first_row: first.row, first_field: first.field }));
    }
  }
  const email = check.optional('email', (c) => normaliseEmail(String(c), 'email'));
  const rate_bps = check.optional('rate', (c) => parseRateBps(c, { field: 'rate', decimal_separator: settings.decimal_separator }));
  const flat_fee_minor = withinRowLimit(check, 'flat_fee', check.optional('flat_fee', (c) => parseAmountMinor(c, settings.base_currency, {
    field: 'flat_fee', decimal_separator: settings.decimal_separator, negative_fix: 'a flat fee is paid to the partner, so write it as a positive amount',
  })), settings.base_currency);
  if (check.isBlank('rate') && check.isBlank('flat_fee')) check.add('rate', rowProblem('MISSING_RATE', { what: 'a partner' }));
  const status = oneOf(check, 'status', STATUSES, 'active', 'UNKNOWN_STATUS');
  const payout_method = oneOf(check, 'payout_method', PAYOUT_METHODS, '', 'UNKNOWN_PAYOUT_METHOD');
  if (check.errors.length > 0 || name === undefined || code === undefined || rate_bps === undefined || flat_fee_minor === undefined
    || email === undefined || status === undefined || payout_method === undefined) return null;
  return {
    partner_id, name, code, aliases, email: email ?? '', rate_bps, flat_fee_minor, status, payout_method,
    payout_account: check.text('payout_account'), country: check.text('country').toUpperCase(), source,
  };
}

/** Extra codes, split on commas, semicolons or line breaks; repeats within the row are dropped. */
function aliasesOf(check: RowCheck, link_params: readonly string[], code: string | undefined): string[] {
  const aliases: string[] = [];
  for (const part of check.text('aliases').split(/[,;\n]/)) {
    if (part.trim() === '') continue;
    const alias = normaliseCode(part, link_params, 'aliases');
    if (!alias.ok) {
      check.add('aliases', alias);
      continue;
    }
    if (alias.value !== code && !aliases.includes(alias.value)) aliases.push(alias.value);
  }
  return aliases;
}

function oneOf<T extends string, D extends T | ''>(
  check: RowCheck, field: string, allowed: readonly T[], blank: D, code: 'UNKNOWN_STATUS' | 'UNKNOWN_PAYOUT_METHOD',
): T | D | undefined {
  const text = check.text(field);
  if (text === '') return blank;
  const value = allowed.find((a) => a === text.toLowerCase());
  if (value === undefined) check.add(field, rowProblem(code, { value: text }));
  return value;
}

/**
 * Ids for new partners: `P-0001` style, continuing after the highest `P-` number already used (never
 * reusing a gap, so a deleted partner's id never names someone else). Deterministic.
 */
export function assignPartnerIds(existing_ids: readonly string[], count: number): PartnerId[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`assignPartnerIds: bad count ${count}`);
  let highest = 0;
  for (const id of existing_ids) {
    const m = /^P-(\d+)$/i.exec(id.trim());
    if (m !== null) highest = Math.max(highest, Number(m[1]));
  }
  const ids: PartnerId[] = [];
  for (let n = highest + 1; ids.length < count; n++) ids.push(`P-${String(n).padStart(4, '0')}`);
  return ids;
}
