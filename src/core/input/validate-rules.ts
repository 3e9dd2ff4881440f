// The optional Rules and FX tabs: commission overrides by partner/product and date, and exchange rates.
import type { FxRate, Rule, SourceRef } from '../model';
import { isKnownCurrency } from '../money/currencies';
import { parseAmountMinor, parseCount, parsePositiveDecimal, parseRateBps } from '../money/parse';
import { normaliseCode } from '../text/neutralise';
import { parseDate, type DateContext } from './dates';
import { withinRowLimit } from './amount-limit';
import { rowProblem } from './error-codes';
import { FirstSeen, RowCheck, validateRows, type InputTable, type RowParser, type Validation, type ValidationContext } from './rows';

/** How many months a rule may limit commissions to (a century is plenty). */
const MAX_MONTHS = 1200;
/** FX rates carry at most this many decimals. */
const FX_DECIMALS = 12;

function dateContext(ctx: ValidationContext): DateContext {
  return { as_of: ctx.as_of, date_format: ctx.settings.date_format, dateOfInstant: ctx.dateOfInstant };
}

/**
 * Validates the Rules tab. A rule may have several versions (rows with the same rule_id and different
 * effective_from); two rows with the same rule_id and effective_from are an error. Rule dates may lie
 * after the as-of date (a rate change planned for next month).
 */
export function validateRules(table: InputTable, ctx: ValidationContext): Validation<Rule> {
  return validateRows('rules', table, ctx, ruleParser(ctx));
}

/** A rule version (rule_id + effective_from) must be unique in the tab: a row is judged after the rows above it. */
export function ruleParser(ctx: ValidationContext): RowParser<Rule> {
  const versions = new FirstSeen<number>();
  return { parse: (check, source) => ruleOf(check, source, ctx, versions), reads_earlier_rows: true };
}

function ruleOf(check: RowCheck, source: SourceRef, ctx: ValidationContext, versions: FirstSeen<number>): Rule | null {
  const { settings } = ctx;
  const dates = dateContext(ctx);
  const rule_id = check.requiredText('rule_id', 'ledger entries name the rule they used');
  const partner_code = check.isBlank('partner_code') ? '' : check.take('partner_code', normaliseCode(check.text('partner_code'), settings.link_params, 'partner_code'));
  const rate_bps = check.optional('rate', (c) => parseRateBps(c, { field: 'rate', decimal_separator: settings.decimal_separator }));
  const flat_fee_minor = withinRowLimit(check, 'flat_fee', check.optional('flat_fee', (c) => parseAmountMinor(c, settings.base_currency, { field: 'flat_fee', decimal_separator: settings.decimal_separator })), settings.base_currency);
  if (check.isBlank('rate') && check.isBlank('flat_fee')) check.add('rate', rowProblem('MISSING_RATE', { what: 'a rule' }));
  const effective_from = check.optional('effective_from', (c) => parseDate(c, dates, { field: 'effective_from', allow_future: true }));
  const effective_to = check.optional('effective_to', (c) => parseDate(c, dates, { field: 'effective_to', allow_future: true }));
  if (effective_from && effective_to && effective_to < effective_from) {
    check.add('effective_to', rowProblem('BAD_DATE_RANGE', { from: effective_from, to: effective_to }));
  }
  const max_months = check.optional('max_months', (c) => parseCount(c, { field: 'max_months', min: 1, max: MAX_MONTHS, expected: 'a whole number of months, like 12 (blank = no limit)' }));
  if (rule_id !== undefined && effective_from !== undefined) {
    const first_row = versions.claim(`${rule_id}\u0000${effective_from ?? ''}`, check.row);
    if (first_row !== undefined) check.add('rule_id', rowProblem('DUPLICATE_RULE', { value: rule_id, from: effective_from ?? '', first_row }));
  }
  if (check.errors.length > 0 || rule_id === undefined || partner_code === undefined || rate_bps === undefined || flat_fee_minor === undefined
    || effective_from === undefined || effective_to === undefined || max_months === undefined) return null;
  return {
    rule_id, partner_code, product: check.text('product'), rate_bps, flat_fee_minor,
    effective_from: effective_from ?? '', effective_to: effective_to ?? '', max_months, source,
  };
}

/** Validates the FX tab: one rate per currency and day, for currencies other than the base. */
export function validateFx(table: InputTable, ctx: ValidationContext): Validation<FxRate> {
  return validateRows('fx', table, ctx, fxParser(ctx));
}

/** One rate per currency and day: a row is judged after the rows above it. */
export function fxParser(ctx: ValidationContext): RowParser<FxRate> {
  const days = new FirstSeen<number>();
  return { parse: (check, source) => fxOf(check, source, ctx, days), reads_earlier_rows: true };
}

function fxOf(check: RowCheck, source: SourceRef, ctx: ValidationContext, days: FirstSeen<number>): FxRate | null {
  const { settings } = ctx;
  const date = check.take('date', parseDate(check.cell('date') ?? '', dateContext(ctx)));
  const currency = fxCurrencyOf(check, settings.base_currency);
  const rate = check.take('rate', parsePositiveDecimal(check.cell('rate') ?? '', {
    field: 'rate', decimal_separator: settings.decimal_separator, max_decimals: FX_DECIMALS,
    expected: `a positive number of ${settings.base_currency} per unit of the currency with at most ${FX_DECIMALS} decimals, like 1.0825`,
  }));
  if (date !== undefined && currency !== undefined) {
    const first_row = days.claim(`${currency} ${date}`, check.row);
    if (first_row !== undefined) check.add('date', rowProblem('DUPLICATE_FX_RATE', { currency, date, first_row }));
  }
  if (check.errors.length > 0 || date === undefined || currency === undefined || rate === undefined) return null;
  return { date, currency, rate, source };
}

function fxCurrencyOf(check: RowCheck, base_currency: string): string | undefined {
  const text = check.requiredText('currency');
  if (text === undefined) return undefined;
  const currency = text.toUpperCase();
  if (!isKnownCurrency(currency)) return check.add('currency', rowProblem('UNKNOWN_CURRENCY', { field: 'currency', value: text })), undefined;
  if (currency === base_currency) return check.add('currency', rowProblem('FX_BASE_CURRENCY', { currency })), undefined;
  return currency;
}
