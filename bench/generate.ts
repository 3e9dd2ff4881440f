// Deterministic benchmark data: the same seed gives byte-identical files on every machine, so two
// runs of the benchmark measure the same work. The shape is a realistic month-ish of affiliate
// traffic: 10k partners (some with aliases, flat fees, inactive, without payout details), sales in
// four currencies (one with exponent 0), codes typed as codes, aliases or referral links, refunds
// (full and partial, never before their sale), exact duplicate rows, unknown codes, self-referrals
// and sales above the review threshold.
//
// Customers are bound to one partner each, so first-touch attribution never moves a sale to a
// different partner than its code names: that keeps the per-partner totals computable in plain SQL
// (bench/duckdb.ts), which is the point of the DuckDB comparison.
import * as fs from 'fs';
import * as path from 'path';

export const AS_OF = '2026-05-31';
export const PARTNER_COUNT = 10_000;
export const REVIEW_ABOVE = '2000.00';
export const SETTINGS_PAIRS: Array<[string, string]> = [
  ['base_currency', 'USD'], ['hold_days', '30'], ['min_payout', '10.00'], ['rounding', 'half_up'],
  ['review_above', REVIEW_ABOVE],
];

/** mulberry32: small, fast and good enough for test data; the whole stream follows from the seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CURRENCIES: Array<{ code: string; exponent: number; weight: number }> = [
  { code: 'USD', exponent: 2, weight: 0.7 },
  { code: 'EUR', exponent: 2, weight: 0.15 },
  { code: 'GBP', exponent: 2, weight: 0.1 },
  { code: 'JPY', exponent: 0, weight: 0.05 },
];
const PRODUCTS = ['headphones', 'speaker', 'cable', 'subscription', 'charger', 'case'];

function partnerCode(i: number): string {
  return `PC${i.toString(36).toUpperCase().padStart(4, '0')}`;
}
function aliasOf(i: number): string | null {
  return i % 10 === 3 ? `AL${i.toString(36).toUpperCase().padStart(4, '0')}` : null;
}
function partnerEmail(i: number): string {
  return `p${i}@partner${i % 97}.example`;
}

export function partnersCsv(count = PARTNER_COUNT): string {
  const lines = ['partner_id,name,code,aliases,email,rate,flat_fee,status,payout_method,payout_account,country'];
  for (let i = 0; i < count; i++) {
    const rate = `${5 + (i % 31) * 0.5}%`;
    const flat = i % 7 === 0 ? '0.50' : '';
    const status = i % 50 === 49 ? 'inactive' : 'active';
    const method = ['paypal', 'wise', 'bank'][i % 3]!;
    const account = i % 40 === 39 ? '' : method === 'paypal' ? `pay${i}@partner.example` : `GB${String(10_000_000 + i)}`;
    lines.push([`P-${String(i + 1).padStart(5, '0')}`, `Partner ${i}`, partnerCode(i), aliasOf(i) ?? '', partnerEmail(i), rate, flat, status, method, account, 'GB'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function fxCsv(): string {
  const lines = ['date,currency,rate'];
  const months = ['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01'];
  months.forEach((date, m) => {
    lines.push(`${date},EUR,${(1.0825 + m * 0.0013).toFixed(4)}`);
    lines.push(`${date},GBP,${(1.2650 + m * 0.0021).toFixed(4)}`);
    lines.push(`${date},JPY,${(0.0067 + m * 0.0001).toFixed(4)}`);
  });
  return `${lines.join('\n')}\n`;
}

function pickCurrency(r: number): { code: string; exponent: number } {
  let acc = 0;
  for (const c of CURRENCIES) {
    acc += c.weight;
    if (r < acc) return c;
  }
  return CURRENCIES[0]!;
}

function formatAmount(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const s = String(minor).padStart(exponent + 1, '0');
  return `${s.slice(0, -exponent)}.${s.slice(-exponent)}`;
}

function dateOfDay(day: number): string {
  return new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}
const LAST_DAY = 150; // 2026-05-31

interface Sale { order_id: string; code: string; customer_id: string; email: string; amount_minor: number; currency: { code: string; exponent: number }; day: number; product: string }

/**
 * `rows` conversion lines (sales, then refunds and duplicates mixed in), deterministic in `seed`.
 * `order_prefix` keeps the order ids of an incremental file apart from the base file's.
 */
export function conversionsCsv(rows: number, seed: number, order_prefix = 'O'): string {
  const random = rng(seed);
  const lines: string[] = ['order_id,code,customer_id,customer_email,amount,currency,date,type,product'];
  const sales: Sale[] = [];
  const line = (s: Sale, type: string, amount_minor: number, day: number) =>
    [s.order_id, s.code, s.customer_id, s.email, formatAmount(amount_minor, s.currency.exponent), s.currency.code, dateOfDay(day), type, s.product].join(',');
  let n = 0;
  while (lines.length - 1 < rows) {
    const r = random();
    if (r < 0.05 && sales.length > 0) {
      // A refund of an earlier sale: full (half the time) or partial, on or after the sale date.
      const s = sales[Math.floor(random() * sales.length)]!;
      const amount = random() < 0.5 ? s.amount_minor : Math.max(1, Math.floor(s.amount_minor / (2 + Math.floor(random() * 3))));
      lines.push(line(s, 'refund', amount, Math.min(LAST_DAY, s.day + Math.floor(random() * 20))));
      continue;
    }
    if (r < 0.06 && lines.length > 1) {
      // An exact duplicate of an earlier line (exported twice by the shop).
      lines.push(lines[1 + Math.floor(random() * (lines.length - 1))]!);
      continue;
    }
    // Partner popularity is skewed: a few partners bring most sales.
    const p = Math.floor(PARTNER_COUNT * random() ** 2);
    const how = random();
    const alias = aliasOf(p);
    const code = how < 0.004 ? `ZZ${Math.floor(random() * 1000)}` // unknown code: UNATTRIBUTED
      : how < 0.1 && alias ? alias.toLowerCase()
      : how < 0.15 ? `https://shop.example/p/x?utm_source=bench&ref=${partnerCode(p).toLowerCase()}`
      : partnerCode(p);
    const currency = pickCurrency(random());
    const high = random() < 0.001;
    const major = high ? 2500 + Math.floor(random() * 1000) : 5 + Math.floor(random() * 495);
    const amount_minor = currency.exponent === 0 ? major * 150 : major * 100 + Math.floor(random() * 100);
    // An unknown code's customer is new, id and email: a bound customer would be attributed by
    // the binding (first touch), which the SQL check does not model.
    const unknown = code.startsWith('ZZ');
    const selfReferral = random() < 0.002 && !unknown;
    const customer = unknown ? `U-${seed}-${n}` : `C-${p}-${Math.floor(random() * 40)}`;
    const s: Sale = {
      order_id: `${order_prefix}-${seed}-${n++}`, code, customer_id: customer,
      email: selfReferral ? partnerEmail(p) : `${customer.toLowerCase()}@mail.example`,
      amount_minor, currency, day: Math.floor(random() * (LAST_DAY + 1)), product: PRODUCTS[Math.floor(random() * PRODUCTS.length)]!,
    };
    sales.push(s);
    lines.push(line(s, 'sale', amount_minor, s.day));
  }
  return `${lines.join('\n')}\n`;
}

export function settingsCsv(): string {
  return `key,value\n${SETTINGS_PAIRS.map(([k, v]) => `${k},${v}`).join('\n')}\n`;
}

/** "1k" → 1000, "100k" → 100000, "1M" → 1000000. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text} (use e.g. 1k, 100k, 1M)`);
  const unit = m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1;
  return Math.round(Number(m[1]) * unit);
}

/** Bumped whenever the generator changes, so files of an older generator are never reused. */
const GENERATOR_VERSION = 2;
export const DATA_DIR = path.join(__dirname, 'data', `v${GENERATOR_VERSION}`);

export interface DataFiles { partners: string; conversions: string; fx: string; settings: string; increment: string }

/** Writes (or reuses, when already there) the files for one size. */
export function ensureData(rows: number, label: string): DataFiles {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const files: DataFiles = {
    partners: path.join(DATA_DIR, 'partners-10k.csv'),
    conversions: path.join(DATA_DIR, `conversions-${label}.csv`),
    fx: path.join(DATA_DIR, 'fx.csv'),
    settings: path.join(DATA_DIR, 'settings.csv'),
    increment: path.join(DATA_DIR, `conversions-${label}-plus1pct.csv`),
  };
  const write = (file: string, make: () => string) => { if (!fs.existsSync(file)) fs.writeFileSync(file, make()); };
  write(files.partners, () => partnersCsv());
  write(files.fx, fxCsv);
  write(files.settings, settingsCsv);
  write(files.conversions, () => conversionsCsv(rows, 8));
  write(files.increment, () => conversionsCsv(Math.max(1, Math.round(rows / 100)), 9, 'N'));
  return files;
}
