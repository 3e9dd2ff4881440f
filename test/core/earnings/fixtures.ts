// Builders for the earnings tests: validated records with sensible defaults, so that each test
// shows only what matters to it.
import type { Conversion, FxRate, Partner, Rule } from '../../../src/core/model';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';

export function partner(partner_id: string, code: string, over: Partial<Partner> = {}): Partner {
  return {
    partner_id, name: partner_id, code, aliases: [], email: `${code.toLowerCase()}@gmail.com`,
    rate_bps: 1000, flat_fee_minor: null, status: 'active', payout_method: 'paypal',
    payout_account: `${code.toLowerCase()}@gmail.com`, country: 'US',
    source: { import_id: 'I-P', tab: 'Partners', row: 2 }, ...over,
  };
}

let row = 1;
function nextSource(over?: Partial<Conversion>): Conversion['source'] {
  return over?.source ?? { import_id: 'I-1', tab: 'Conversions', row: ++row };
}

/** A sale in USD: `amount` in minor units. */
export function sale(order_id: string, code: string, amount_minor: number, date: string, over: Partial<Conversion> = {}): Conversion {
  return {
    order_id, code, customer_id: '', customer_email: '', amount_minor, currency: 'USD', date, type: 'sale',
    product: '', ...over, source: nextSource(over),
  };
}

export function refund(order_id: string, amount_minor: number, date: string, over: Partial<Conversion> = {}): Conversion {
  return sale(order_id, '', amount_minor, date, { ...over, type: 'refund' });
}

export function rule(rule_id: string, over: Partial<Rule> = {}): Rule {
  return {
    rule_id, partner_code: '', product: '', rate_bps: null, flat_fee_minor: null, effective_from: '', effective_to: '',
    max_months: null, source: { import_id: 'I-R', tab: 'Rules', row: 2 }, ...over,
  };
}

export function fx(currency: string, date: string, rate: string): FxRate {
  return { currency, date, rate, source: { import_id: 'I-F', tab: 'FX', row: 2 } };
}

export function settings(over: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...over };
}
