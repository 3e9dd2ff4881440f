// The Settings tab's key/value rows into a `Settings` value. A bad or unknown row is an error and
// leaves that setting at its default, so one typo never stops the rest of the workbook from working.
import type { Cell, RowError } from '../model';
import { DEFAULT_SETTINGS, SETTINGS_DEFAULT_TEXT, type Settings } from '../settings';
import { isKnownCurrency } from '../money/currencies';
import { parseAmountMinor, parseCount, parsePositiveDecimal, parseRateBps, type DecimalSeparator } from '../money/parse';
import { normaliseEmail } from '../text/neutralise';
import { rowProblem, type Info, type Parsed, type Problem } from './error-codes';
import { cellText, isBlankCell } from './cells';
import { headerKey, INPUT_COLUMNS, mapHeaders, type HeaderMapping } from './headers';
import { FirstSeen, RowCheck, type InputTable } from './rows';
import type { StructuralError } from '../model';

export type SettingsValidation =
  | { ok: false; error: StructuralError }
  | { ok: true; settings: Settings; errors: RowError[]; rows_with_errors: number[]; blank_rows: number[]; info: Info[] };

const KNOWN_KEYS = SETTINGS_DEFAULT_TEXT.map(([key]) => key);
const MAPPABLE_FIELDS = new Set([...INPUT_COLUMNS.partners, ...INPUT_COLUMNS.conversions, ...INPUT_COLUMNS.rules, ...INPUT_COLUMNS.fx]);

interface SettingRow {
  check: RowCheck;
  key: string;
  value: Cell;
}

/** Parses the Settings tab. `time_zone` is returned as written ('' = the spreadsheet's; the shell fills it in). */
export function validateSettings(table: InputTable): SettingsValidation {
  const mapped = mapHeaders(table.headers, 'settings', DEFAULT_SETTINGS, { what: `the ${table.tab} tab` });
  if (!mapped.ok) return { ok: false, error: { ...mapped.error, tab: table.tab } };
  const { rows, blank_rows } = settingRows(table, mapped.mapping);
  const settings: Settings = { ...DEFAULT_SETTINGS, managers: [], finance: [], operators: [], company_domains: [], link_params: [...DEFAULT_SETTINGS.link_params], column_map: {} };
  // Amounts depend on the base currency and the decimal separator, so those two are read first.
  const ordered = [...rows].sort((a, b) => priority(a.key) - priority(b.key));
  for (const row of ordered) applySetting(settings, row);
  const errors = rows.flatMap((r) => r.check.errors);
  const rows_with_errors = rows.filter((r) => r.check.errors.length > 0).map((r) => r.check.row);
  return { ok: true, settings, errors, rows_with_errors, blank_rows, info: mapped.mapping.info };
}

function priority(key: string): number {
  return key === 'base_currency' || key === 'decimal_separator' ? 0 : 1;
}

function settingRows(table: InputTable, mapping: HeaderMapping): { rows: SettingRow[]; blank_rows: number[] } {
  const rows: SettingRow[] = [];
  const blank_rows: number[] = [];
  const keys = new FirstSeen<number>();
  for (const [i, cells] of table.rows.entries()) {
    const check = new RowCheck(table.tab, table.first_row + i, cells, mapping);
    if (check.isBlank('key') && check.isBlank('value')) {
      blank_rows.push(check.row);
      continue;
    }
    const key = settingKey(check);
    if (key !== null) {
      const first_row = keys.claim(key, check.row);
      if (first_row !== undefined) check.add('key', rowProblem('DUPLICATE_SETTING', { key, first_row }));
    }
    rows.push({ check, key: check.errors.length > 0 || key === null ? '' : key, value: check.cell('value') ?? '' });
  }
  return { rows, blank_rows };
}

/** The canonical key (`base_currency`, `map.code`), or null after recording why the key is unusable. */
function settingKey(check: RowCheck): string | null {
  const text = check.text('key');
  if (text === '') return check.add('key', rowProblem('MISSING_VALUE', { field: 'key', why: 'write the name of the setting' })), null;
  const key = canonicalSettingKey(text);
  if (key === null) check.add('key', rowProblem('UNKNOWN_SETTING', { key: text, known: KNOWN_KEYS.join(', ') }));
  return key;
}

/**
 * The key a Settings row's key text names, or null when it names none. Case, spaces, `_` and `-`
 * do not count (`Min Payout` is `min_payout`), so two rows that differ only in them are duplicates.
 */
export function canonicalSettingKey(text: string): string | null {
  const map = /^map\.(.+)$/i.exec(text.trim());
  if (map !== null) {
    const field = (map[1] ?? '').trim().toLowerCase();
    return MAPPABLE_FIELDS.has(field) ? `map.${field}` : null;
  }
  return KNOWN_KEYS.find((k) => headerKey(k) === headerKey(text.trim())) ?? null;
}

function applySetting(settings: Settings, row: SettingRow): void {
  const { check, key, value } = row;
  if (key === '') return;
  const blank = isBlankCell(value);
  const text = cellText(value).trim();
  const set = <T>(parsed: Parsed<T>, apply: (v: T) => void): void => {
    if (parsed.ok) apply(parsed.value);
    else check.add('value', parsed);
  };
  const bad = (expected: string): Parsed<never> => ({ ok: false, ...badSetting(key, text, expected) });
  if (key.startsWith('map.')) {
    if (!blank) settings.column_map[key.slice(4)] = text;
    return;
  }
  const sep: DecimalSeparator = settings.decimal_separator;
  switch (key) {
    case 'base_currency':
      return set(isKnownCurrency(text.toUpperCase()) ? ok(text.toUpperCase()) : bad('an ISO 4217 code like USD or EUR'), (v) => { settings.base_currency = v; });
    case 'hold_days':
      return set(blank ? ok(DEFAULT_SETTINGS.hold_days) : parseCount(value, { field: 'hold_days', min: 0, max: 3650, expected: 'a whole number of days, like 30' }), (v) => { settings.hold_days = v; });
    case 'min_payout':
      return set(blank ? ok(0) : parseAmountMinor(value, settings.base_currency, { field: 'min_payout', decimal_separator: sep }), (v) => { settings.min_payout_minor = v; });
    case 'review_above':
      return set(blank ? ok(null) : parseAmountMinor(value, settings.base_currency, { field: 'review_above', decimal_separator: sep }), (v) => { settings.review_above_minor = v; });
    case 'recurring_months':
      return set(blank ? ok(null) : parseCount(value, { field: 'recurring_months', min: 1, max: 1200, expected: 'a whole number of months, like 12 (blank = no limit)' }), (v) => { settings.recurring_months = v; });
    case 'refund_rate':
      return set(blank ? ok(DEFAULT_SETTINGS.refund_rate_bps) : parseRateBps(value, { field: 'refund_rate', decimal_separator: sep }), (v) => { settings.refund_rate_bps = v; });
    case 'velocity_multiple':
      return set(blank ? ok(DEFAULT_SETTINGS.velocity_multiple) : positiveNumber(value, sep), (v) => { settings.velocity_multiple = v; });
    case 'rounding':
      return set(choice<Settings['rounding']>(text, ['half_up', 'half_even'], DEFAULT_SETTINGS.rounding, bad), (v) => { settings.rounding = v; });
    case 'attribution':
      return set(choice<Settings['attribution']>(text, ['first_touch', 'last_touch'], DEFAULT_SETTINGS.attribution, bad), (v) => { settings.attribution = v; });
    case 'payout_preset':
      return set(choice<Settings['payout_preset']>(text, ['generic', 'paypal', 'wise'], DEFAULT_SETTINGS.payout_preset, bad), (v) => { settings.payout_preset = v; });
    case 'date_format':
      return set(choice<Settings['date_format']>(text, ['iso', 'dmy', 'mdy'], DEFAULT_SETTINGS.date_format, bad), (v) => { settings.date_format = v; });
    case 'decimal_separator':
      return set(decimalSeparator(text, bad), (v) => { settings.decimal_separator = v; });
    case 'self_referral_check':
      return set(onOff(value, DEFAULT_SETTINGS.self_referral_check, bad), (v) => { settings.self_referral_check = v; });
    case 'separation_of_duties':
      return set(onOff(value, DEFAULT_SETTINGS.separation_of_duties, bad), (v) => { settings.separation_of_duties = v; });
    case 'managers':
    case 'finance':
    case 'operators':
      return set(emailList(text, key), (v) => { settings[key as 'managers' | 'finance' | 'operators'] = v; });
    case 'company_domains':
      return set(domainList(text, bad), (v) => { settings.company_domains = v; });
    case 'link_params':
      return set(paramList(text, bad), (v) => { settings.link_params = v; });
    case 'time_zone':
      return set(blank ? ok('') : timeZone(text, bad), (v) => { settings.time_zone = v; });
    default:
      throw new Error(`validateSettings: no parser for known key ${key}`);
  }
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function badSetting(key: string, value: string, expected: string): Problem {
  return rowProblem('BAD_SETTING', { key, value, expected });
}

function choice<T extends string>(text: string, allowed: readonly T[], fallback: T, bad: (e: string) => Parsed<never>): Parsed<T> {
  if (text === '') return ok(fallback);
  const value = allowed.find((a) => a === text.toLowerCase());
  return value === undefined ? bad(`one of ${allowed.join(', ')}`) : ok(value);
}

function decimalSeparator(text: string, bad: (e: string) => Parsed<never>): Parsed<DecimalSeparator> {
  const lower = text.toLowerCase();
  if (lower === '' || lower === '.' || lower === 'dot' || lower === 'point') return ok('.');
  if (lower === ',' || lower === 'comma') return ok(',');
  return bad('. or ,');
}

function onOff(value: Cell, fallback: boolean, bad: (e: string) => Parsed<never>): Parsed<boolean> {
  if (typeof value === 'boolean') return ok(value); // a checkbox cell
  const text = cellText(value).trim().toLowerCase();
  if (text === '') return ok(fallback);
  if (['on', 'yes', 'true'].includes(text)) return ok(true);
  if (['off', 'no', 'false'].includes(text)) return ok(false);
  return bad('on or off');
}

function splitList(text: string): string[] {
  return text.split(/[,;\n]/).map((s) => s.trim()).filter((s) => s !== '');
}

function emailList(text: string, key: string): Parsed<string[]> {
  const emails: string[] = [];
  for (const part of splitList(text)) {
    const email = normaliseEmail(part, key);
    if (!email.ok) return email;
    if (!emails.includes(email.value)) emails.push(email.value);
  }
  return ok(emails);
}

function domainList(text: string, bad: (e: string) => Parsed<never>): Parsed<string[]> {
  const domains: string[] = [];
  for (const part of splitList(text)) {
    const domain = part.toLowerCase().replace(/^@/, '');
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return bad('comma-separated domains like example.com');
    if (!domains.includes(domain)) domains.push(domain);
  }
  return ok(domains);
}

function paramList(text: string, bad: (e: string) => Parsed<never>): Parsed<string[]> {
  if (text === '') return ok([...DEFAULT_SETTINGS.link_params]);
  const params = splitList(text).map((p) => p.toLowerCase());
  if (!params.every((p) => /^[a-z0-9_.-]+$/.test(p))) return bad('comma-separated query parameter names like ref,via,code,aff');
  return ok(params);
}

/**
 * An IANA zone the runtime knows. Apps Script's date formatting (Java's TimeZone) silently falls
 * back to GMT for an id it does not know, and is case-sensitive, so an unknown zone must be an error
 * here and a known one is kept in its canonical spelling (`europe/paris` → `Europe/Paris`). V8's
 * Intl throws a RangeError for an unknown zone, in Apps Script as in Node.
 */
function timeZone(text: string, bad: (e: string) => Parsed<never>): Parsed<string> {
  const expected = "an IANA time zone like Europe/Paris or America/New_York (blank = the spreadsheet's own zone)";
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return bad(expected);
  }
  return ok(resolved.toLowerCase() === text.toLowerCase() ? resolved : text);
}

function positiveNumber(value: Cell, sep: DecimalSeparator): Parsed<number> {
  const parsed = parsePositiveDecimal(value, { field: 'velocity_multiple', decimal_separator: sep, max_decimals: 2, expected: 'a positive number like 10' });
  return parsed.ok ? ok(Number(parsed.value)) : parsed;
}

// ---------- what changed in Settings since the last action ----------
//
// Settings decide who may approve and what a commission is, and anyone the protection lets in can
// edit the tab without the add-on running. So each action compares the tab with what the last
// action saw (kept in Document Properties) and audits the difference before it proceeds.

/** One key's change: `from`/`to` null when the key was added or removed. */
export interface SettingChange {
  key: string;
  /** The sheet row the key is on now (its old row when it was removed). */
  row: number;
  from: string | null;
  to: string | null;
}

/** Values kept per key (a key written twice keeps both, in row order). */
type SeenSettings = Record<string, { row: number; values: string[] }>;

/** Document Properties hold 9 KB per value: a longer Settings tab is kept as its hash only. */
const SNAPSHOT_MAX_CHARS = 8000;
const HASH_PREFIX = 'sha256:';

function seenOf(rows: readonly Cell[][], first_row: number): SeenSettings {
  const seen: SeenSettings = {};
  rows.forEach((row, i) => {
    const text = cellText(row[0] ?? '').trim();
    const value = cellText(row[1] ?? '').trim();
    if (text === '' && value === '') return;
    const key = canonicalSettingKey(text) ?? text;
    const entry = seen[key] ?? (seen[key] = { row: first_row + i, values: [] });
    entry.values.push(value);
  });
  return seen;
}

/** The Settings rows (from `first_row`) as kept between actions: their values, or their hash when too long. */
export function settingsSnapshot(rows: readonly Cell[][], first_row: number, sha256: (text: string) => string): string {
  const text = JSON.stringify(seenOf(rows, first_row));
  return text.length <= SNAPSHOT_MAX_CHARS ? text : `${HASH_PREFIX}${sha256(text)}`;
}

/**
 * The keys whose values differ between a snapshot and the rows now; [] when nothing changed.
 * A row that only moved is no change. `previous` null: nothing was recorded (an older version set
 * the workbook up), so every key is reported as added. A hashed snapshot that differs reports
 * every key with `from` unknown ('?').
 */
export function settingsChanges(previous: string | null, rows: readonly Cell[][], first_row: number, sha256: (text: string) => string): SettingChange[] {
  const now = seenOf(rows, first_row);
  const now_text = JSON.stringify(now);
  if (previous !== null && previous.startsWith(HASH_PREFIX)) {
    if (previous === `${HASH_PREFIX}${sha256(now_text)}` || previous === now_text) return [];
    return Object.entries(now).map(([key, v]) => ({ key, row: v.row, from: '?', to: v.values.join(' | ') }));
  }
  const before: SeenSettings = previous === null ? {} : JSON.parse(previous) as SeenSettings;
  const changes: SettingChange[] = [];
  for (const [key, v] of Object.entries(now)) {
    const old = before[key];
    const to = v.values.join(' | ');
    if (old === undefined) changes.push({ key, row: v.row, from: null, to });
    else if (old.values.join(' | ') !== to) changes.push({ key, row: v.row, from: old.values.join(' | '), to });
  }
  for (const [key, old] of Object.entries(before)) {
    if (now[key] === undefined) changes.push({ key, row: old.row, from: old.values.join(' | '), to: null });
  }
  return changes;
}
