// Mapping the headers a user's file or tab actually has onto the canonical columns. Matching ignores
// case, spaces, `_` and `-`; the aliases below are the names ops teams' exports really use; a
// `map.<field>` setting wins over both.
import type { Cell, StructuralError } from '../model';
import type { Settings } from '../settings';
import {
  CONVERSION_COLUMNS, FX_COLUMNS, IMPORT_COLUMNS, PARTNER_COLUMNS, RULE_COLUMNS, SETTINGS_COLUMNS, TAB,
} from '../schema/tabs';
import { info, structuralMessage, type Info } from './error-codes';
import { cellText } from './cells';

export type InputKind = 'partners' | 'conversions' | 'rules' | 'fx' | 'settings';

export const INPUT_TAB: Readonly<Record<InputKind, string>> = {
  partners: TAB.partners, conversions: TAB.conversions, rules: TAB.rules, fx: TAB.fx, settings: TAB.settings,
};

/** Canonical columns of each input tab, in the order the add-on writes them. */
export const INPUT_COLUMNS: Readonly<Record<InputKind, readonly string[]>> = {
  partners: PARTNER_COLUMNS, conversions: CONVERSION_COLUMNS, rules: RULE_COLUMNS, fx: FX_COLUMNS, settings: SETTINGS_COLUMNS,
};

/** Columns without which a tab cannot be read at all. `[a, b]` means "a or b". */
export const REQUIRED_COLUMNS: Readonly<Record<InputKind, ReadonlyArray<readonly string[]>>> = {
  partners: [['name'], ['code'], ['rate', 'flat_fee']],
  conversions: [['order_id'], ['amount'], ['date']],
  rules: [['rule_id'], ['rate', 'flat_fee']],
  fx: [['date'], ['currency'], ['rate']],
  settings: [['key'], ['value']],
};

/** The one table of header aliases (besides the canonical name itself). */
export const HEADER_ALIASES: Readonly<Record<InputKind, Readonly<Record<string, readonly string[]>>>> = {
  partners: {
    partner_id: ['Affiliate ID', 'Partner Number'],
    name: ['Partner Name', 'Affiliate Name', 'Full Name', 'Partner'],
    code: ['Promo Code', 'Coupon', 'Coupon Code', 'Referral Code', 'Discount Code', 'Partner Code', 'Affiliate Code'],
    aliases: ['Alias', 'Other Codes', 'Extra Codes', 'Additional Codes'],
    email: ['Partner Email', 'Email Address', 'E-mail'],
    rate: ['Commission Rate', 'Commission %', 'Commission Percent', 'Rate %'],
    flat_fee: ['Flat Fee', 'Fixed Fee', 'Bounty', 'Fee Per Sale'],
    status: ['Partner Status'],
    payout_method: ['Payment Method', 'Pay Method'],
    payout_account: ['Payment Account', 'Payout Details', 'Payout Email', 'PayPal Email'],
    country: ['Country Code'],
  },
  conversions: {
    order_id: ['Order ID', 'Order #', 'Order Number', 'Order No', 'Transaction ID', 'Order'],
    code: ['Promo Code', 'Coupon', 'Coupon Code', 'Referral Code', 'Discount Code', 'Affiliate Code', 'Referral Link', 'Ref'],
    customer_id: ['Customer', 'Customer Number', 'Client ID', 'User ID'],
    customer_email: ['Email', 'Customer Email', 'Buyer Email', 'Email Address', 'E-mail'],
    amount: ['Total', 'Revenue', 'Value', 'Order Total', 'Sale Amount', 'Order Amount'],
    currency: ['Currency Code'],
    date: ['Order Date', 'Created At', 'Transaction Date', 'Purchase Date'],
    type: ['Transaction Type', 'Kind'],
    product: ['Product Name', 'SKU', 'Plan', 'Item'],
  },
  rules: {
    rule_id: ['Rule', 'Rule Name'],
    partner_code: ['Code', 'Partner', 'Promo Code'],
    product: ['Product Name', 'SKU', 'Plan'],
    rate: ['Commission Rate', 'Commission %'],
    flat_fee: ['Flat Fee', 'Fixed Fee', 'Bounty'],
    effective_from: ['From', 'Start Date', 'Valid From', 'Starts'],
    effective_to: ['To', 'End Date', 'Valid To', 'Until', 'Ends'],
    max_months: ['Months', 'Max Months'],
  },
  fx: {
    date: ['Rate Date', 'As Of'],
    currency: ['Currency Code', 'From Currency'],
    rate: ['FX Rate', 'Exchange Rate'],
  },
  settings: {
    key: ['Setting', 'Name'],
    value: ['Setting Value'],
    help: ['Description', 'Notes'],
  },
};

/** The input kind of a tab name (`Partners` → `partners`), or of a kind itself; null for other tabs. */
export function inputKindOf(tab_or_kind: string): InputKind | null {
  const kinds = Object.keys(INPUT_TAB) as InputKind[];
  return kinds.find((k) => k === tab_or_kind || INPUT_TAB[k] === tab_or_kind) ?? null;
}

/** How a header is compared: case-insensitive, ignoring spaces, `_` and `-`. */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[\s_-]+/g, '');
}

export type MappingHow = 'exact' | 'alias' | 'user_map' | 'ignored';

export interface HeaderDescription {
  header: string;
  field: string | null;
  how: MappingHow;
}

/** The columns of a tab found in a header row: field → index into the row. */
export interface HeaderMapping {
  kind: InputKind;
  index_of: Record<string, number>;
  /** Headers that map to nothing (reported as info, never an error). */
  ignored: Array<{ header: string; index: number }>;
  info: Info[];
}

/** The fields a tab knows besides its canonical ones: the import bookkeeping columns (optional, never required). */
function knownFields(kind: InputKind): string[] {
  const columns = [...INPUT_COLUMNS[kind]];
  return kind === 'settings' ? columns : [...columns, ...IMPORT_COLUMNS];
}

/** How each of the user's headers maps, for the set-up preview. */
export function describeMapping(headers: readonly Cell[], tab: InputKind | string, settings: Pick<Settings, 'column_map'>): HeaderDescription[] {
  const kind = inputKindOf(tab);
  if (kind === null) throw new Error(`describeMapping: ${tab} is not an input tab`);
  const user_map = userMapFor(kind, settings);
  const aliases = HEADER_ALIASES[kind];
  const canonical = new Map(knownFields(kind).map((f) => [headerKey(f), f]));
  const alias = new Map<string, string>();
  for (const [field, names] of Object.entries(aliases)) for (const name of names) alias.set(headerKey(name), field);
  const present = new Set(headers.map((h) => headerKey(cellText(h).trim())));
  // A user mapping only applies when its header is present; otherwise the usual names still work.
  const mapped_fields = new Set([...user_map].filter(([key]) => present.has(key)).map(([, field]) => field));
  return headers.map((h): HeaderDescription => {
    const header = cellText(h).trim();
    const key = headerKey(header);
    if (key === '') return { header, field: null, how: 'ignored' };
    const user = user_map.get(key);
    if (user !== undefined) return { header, field: user, how: 'user_map' };
    const exact = canonical.get(key);
    if (exact !== undefined) return mapped_fields.has(exact) ? { header, field: null, how: 'ignored' } : { header, field: exact, how: 'exact' };
    const via_alias = alias.get(key);
    if (via_alias !== undefined) return mapped_fields.has(via_alias) ? { header, field: null, how: 'ignored' } : { header, field: via_alias, how: 'alias' };
    return { header, field: null, how: 'ignored' };
  });
}

/** header key → field, from `settings.column_map`, restricted to the fields this tab has. */
function userMapFor(kind: InputKind, settings: Pick<Settings, 'column_map'>): Map<string, string> {
  const fields = new Set(INPUT_COLUMNS[kind]);
  const map = new Map<string, string>();
  for (const [field, header] of Object.entries(settings.column_map)) {
    if (fields.has(field) && header.trim() !== '') map.set(headerKey(header), field);
  }
  return map;
}

export type MappingResult = { ok: true; mapping: HeaderMapping } | { ok: false; error: StructuralError };

export interface MapOptions {
  /** Where the headers came from, for messages: `file C.csv` or `the Conversions tab`. */
  what?: string;
  /** When false, a missing required column is not an error (an existing tab the import will extend). */
  require?: boolean;
}

/** Maps a header row, refusing it when a required column is missing or a column appears twice. */
export function mapHeaders(headers: readonly Cell[], kind: InputKind, settings: Pick<Settings, 'column_map' | 'base_currency'>, options: MapOptions = {}): MappingResult {
  const tab = INPUT_TAB[kind];
  const what = options.what ?? `the ${tab} tab`;
  const found = headers.map((h) => cellText(h).trim());
  const structural = (code: string, message: string): MappingResult => ({ ok: false, error: { tab, code, message, headers_found: found } });
  if (found.every((h) => h === '')) return structural('EMPTY_HEADER_ROW', structuralMessage('EMPTY_HEADER_ROW', { what }));
  const literal = firstLiteralDuplicate(found);
  if (literal !== null) {
    return structural('DUPLICATE_HEADER', structuralMessage('DUPLICATE_HEADER', { what, field: literal, map_field: null, headers: `"${literal}" twice`, found: listHeaders(found) }));
  }
  const described = describeMapping(headers, kind, settings);
  const index_of: Record<string, number> = {};
  const ignored: HeaderMapping['ignored'] = [];
  const infos: Info[] = [];
  for (const [index, d] of described.entries()) {
    if (d.field === null) {
      if (d.header !== '') {
        ignored.push({ header: d.header, index });
        infos.push(info('UNKNOWN_COLUMN', { header: d.header }));
      }
      continue;
    }
    const first = index_of[d.field];
    if (first !== undefined) {
      const headers_text = `"${found[first]}" and "${d.header}"`;
      return structural('DUPLICATE_HEADER', structuralMessage('DUPLICATE_HEADER', { what, field: d.field, map_field: kind === 'settings' ? null : d.field, headers: headers_text, found: listHeaders(found) }));
    }
    index_of[d.field] = index;
  }
  if (options.require !== false) {
    for (const alternatives of REQUIRED_COLUMNS[kind]) {
      if (alternatives.some((f) => index_of[f] !== undefined)) continue;
      const field = alternatives.join(' or ');
      const accepted = alternatives.flatMap((f) => [f, ...(HEADER_ALIASES[kind][f] ?? [])]).map((n) => `"${n}"`).join(', ');
      return structural('MISSING_COLUMN', structuralMessage('MISSING_COLUMN', { what, field, map_field: kind === 'settings' ? null : alternatives[0] ?? field, accepted, found: listHeaders(found) }));
    }
  }
  if (kind === 'conversions' && index_of['currency'] === undefined) infos.push(info('DEFAULT_CURRENCY', { currency: settings.base_currency }));
  return { ok: true, mapping: { kind, index_of, ignored, info: infos } };
}

function firstLiteralDuplicate(headers: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const header of headers) {
    if (header === '') continue;
    const key = header.toLowerCase();
    if (seen.has(key)) return header;
    seen.add(key);
  }
  return null;
}

function listHeaders(headers: readonly string[]): string {
  const named = headers.filter((h) => h !== '');
  return named.length === 0 ? '(none)' : named.map((h) => `"${h}"`).join(', ');
}
