// The Conversions tab: sales and refunds, each in its own currency, on a calendar date.
import type { Conversion, ConversionType, SourceRef } from '../model';
import { isKnownCurrency } from '../money/currencies';
import { parseAmountMinor, type AmountOptions } from '../money/parse';
import { normaliseCode, normaliseEmail } from '../text/neutralise';
import { parseDate, type DateContext } from './dates';
import { withinRowLimit } from './amount-limit';
import { rowProblem } from './error-codes';
import { RowCheck, validateRows, type InputTable, type RowParser, type Validation, type ValidationContext } from './rows';

const TYPES: readonly ConversionType[] = ['sale', 'refund'];

/**
 * Validates the Conversions tab. Without a currency column every amount is in the base currency; with
 * one, a blank currency cell is an error (a guess would be a silent FX mistake). Refunds are written
 * as positive amounts with type refund, so a negative amount is an error for both types.
 */
export function validateConversions(table: InputTable, ctx: ValidationContext): Validation<Conversion> {
  return validateRows('conversions', table, ctx, conversionParser(ctx));
}

/** Conversions are judged each on its own: nothing in one row depends on another. */
export function conversionParser(ctx: ValidationContext): RowParser<Conversion> {
  const { settings } = ctx;
  // Made once per table, not per row: a tab can hold a million conversions.
  const rules: ConversionRules = {
    ctx,
    dates: { as_of: ctx.as_of, date_format: settings.date_format, dateOfInstant: ctx.dateOfInstant },
    sale_amounts: { field: 'amount', decimal_separator: settings.decimal_separator, negative_fix: 'a sale cannot be negative: write a refund as a positive amount with type refund' },
    refund_amounts: { field: 'amount', decimal_separator: settings.decimal_separator, negative_fix: 'a refund is written as a positive amount with type refund, so remove the minus sign' },
  };
  return { parse: (check, source) => conversionOf(check, source, rules), reads_earlier_rows: false };
}

interface ConversionRules {
  ctx: ValidationContext;
  dates: DateContext;
  sale_amounts: AmountOptions;
  refund_amounts: AmountOptions;
}

function conversionOf(check: RowCheck, source: SourceRef, rules: ConversionRules): Conversion | null {
  const { settings } = rules.ctx;
  const order_id = check.requiredText('order_id', 'refunds and duplicates are matched by order');
  const code_text = check.text('code');
  const code = code_text === '' ? '' : check.take('code', normaliseCode(code_text, settings.link_params));
  const email_text = check.text('customer_email');
  const customer_email = email_text === '' ? '' : check.take('customer_email', normaliseEmail(email_text, 'customer_email'));
  const type = typeOf(check);
  const currency = currencyOf(check, settings.base_currency);
  const amounts = type === 'refund' ? rules.refund_amounts : rules.sale_amounts;
  const amount_minor = currency === undefined ? undefined
    : withinRowLimit(check, 'amount', check.take('amount', parseAmountMinor(check.cell('amount') ?? '', currency, amounts)), currency) ?? undefined;
  const date = check.take('date', parseDate(check.cell('date') ?? '', rules.dates));
  if (check.errors.length > 0 || order_id === undefined || code === undefined || customer_email === undefined || type === undefined
    || currency === undefined || amount_minor === undefined || date === undefined) return null;
  return {
    order_id, code, customer_id: check.text('customer_id'), customer_email, amount_minor, currency, date, type,
    product: check.text('product'), source,
  };
}

function typeOf(check: RowCheck): ConversionType | undefined {
  const text = check.text('type');
  if (text === '') return 'sale';
  for (const type of TYPES) if (type === text) return type; // most are written lower-case: no copy
  const lower = text.toLowerCase();
  for (const type of TYPES) if (type === lower) return type;
  check.add('type', rowProblem('UNKNOWN_TYPE', { value: text }));
  return undefined;
}

function currencyOf(check: RowCheck, base_currency: string): string | undefined {
  if (!check.has('currency')) return base_currency;
  const text = check.text('currency');
  if (text === '') {
    check.add('currency', rowProblem('MISSING_VALUE', { field: 'currency', why: `write the order's currency, like ${base_currency}` }));
    return undefined;
  }
  const currency = isKnownCurrency(text) ? text : text.toUpperCase(); // most are written upper-case: no copy
  if (!isKnownCurrency(currency)) {
    check.add('currency', rowProblem('UNKNOWN_CURRENCY', { field: 'currency', value: text }));
    return undefined;
  }
  return currency;
}
