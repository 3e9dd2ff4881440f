// ISO 4217 minor-unit exponents: the number of decimals each currency's amounts carry. Money is
// stored as integer minor units (amount × 10^exponent), so this table is the whole truth about
// what "one cent" means per currency. Codes not listed here are unknown and rejected.
import type { CurrencyCode } from '../model';

const EXPONENT_0 = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const EXPONENT_3 = 'BHD IQD JOD KWD LYD OMR TND';
const EXPONENT_4 = 'CLF UYW';
const EXPONENT_2 =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
  'GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD ' +
  'MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP ' +
  'PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS ' +
  'TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWG';

function table(): Map<CurrencyCode, number> {
  const exponents = new Map<CurrencyCode, number>();
  const groups: Array<[string, number]> = [[EXPONENT_0, 0], [EXPONENT_2, 2], [EXPONENT_3, 3], [EXPONENT_4, 4]];
  for (const [codes, exponent] of groups) {
    for (const code of codes.split(' ')) exponents.set(code, exponent);
  }
  return exponents;
}

const EXPONENTS = table();

/** The minor-unit exponent of a currency, or null when the code is not an ISO 4217 currency. */
export function currencyExponent(currency: CurrencyCode): number | null {
  const exponent = EXPONENTS.get(currency);
  return exponent === undefined ? null : exponent;
}

export function isKnownCurrency(currency: string): boolean {
  return EXPONENTS.has(currency);
}

/** Every known currency code, for property tests and pickers. */
export function knownCurrencies(): CurrencyCode[] {
  return [...EXPONENTS.keys()].sort();
}
