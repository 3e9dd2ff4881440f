// Settings come from the Settings tab, read once per action. A workbook whose Settings have errors
// is refused for anything that changes data: guessing a default for a mistyped rounding rule or
// manager list is not something a money tool may do quietly.
import type { Cell, RowError } from '../core/model';
import { validateSettings } from '../core/input/validate';
import { SETTINGS_COLUMNS, TAB } from '../core/schema/tabs';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';
import { canonicalSettingKey } from '../core/input/settings';
import { FIRST_DATA_ROW, readTab } from '../gas/sheets';
import { refuse, type Refusal } from './result';

export type SettingsLoad = { ok: true; settings: Settings } | (Refusal & { defaults: Settings });

export const NOT_SET_UP_MESSAGE =
  'This spreadsheet is not set up for Partner Ledger yet. The owner or a manager should run ' +
  'Extensions → Partner Ledger → Set up this spreadsheet.';

export function loadSettings(): SettingsLoad {
  const tab = readTab(TAB.settings);
  if (!tab) return { ...refuse('NOT_SET_UP', NOT_SET_UP_MESSAGE), defaults: DEFAULT_SETTINGS };
  const checked = parseSettings(tab.headers, tab.rows);
  if (checked.ok) return checked;
  return { ...refuse('BAD_SETTINGS', checked.message, checked.errors), defaults: checked.settings };
}

type Parsed = { ok: true; settings: Settings } | { ok: false; message: string; errors: RowError[]; settings: Settings };

function parseSettings(headers: Cell[], rows: Cell[][]): Parsed {
  const validation = validateSettings({ tab: TAB.settings, headers, rows, first_row: 2 });
  if (!validation.ok) {
    const found = validation.error.headers_found.join(', ') || 'none';
    return { ok: false, message: `The Settings tab cannot be read: ${validation.error.message} Headers found: ${found}.`, errors: [], settings: DEFAULT_SETTINGS };
  }
  if (validation.errors.length > 0) {
    const message = `The Settings tab has ${validation.errors.length} problem(s); actions that change data are refused until they are fixed.`;
    return { ok: false, message, errors: validation.errors, settings: validation.settings };
  }
  return { ok: true, settings: validation.settings };
}

/** Validates would-be Settings (set-up answers) without a tab. */
export function settingsFromPairs(pairs: Array<[string, string]>): { ok: true; settings: Settings } | { ok: false; errors: RowError[] } {
  const checked = parseSettings([...SETTINGS_COLUMNS.slice(0, 2)], pairs);
  if (checked.ok) return checked;
  const errors = checked.errors.length > 0
    ? checked.errors
    : [{ tab: TAB.settings, row: 1, column: 'key', code: 'BAD_SETTINGS', message: checked.message, value: '' }];
  return { ok: false, errors };
}

/**
 * The Ledger's amounts are minor units of the base currency it was posted in (every entry records
 * it). Read in another currency they are wrong money (25.00 USD shown as 2500 JPY) and a post would
 * add the new currency's units to the old ones, so once the Ledger has entries a Settings
 * base_currency that differs is refused, naming the row and the way back.
 */
export function baseCurrencyRefusal(settings: Settings, ledger_currency: string): Refusal | null {
  if (ledger_currency === '' || ledger_currency === settings.base_currency) return null;
  const row = settingsRowOf('base_currency');
  const where = row === null ? `Settings has no base_currency row, so ${settings.base_currency} is assumed` : `Settings!B${row} says base_currency is ${settings.base_currency}`;
  const message = `${where}, but the Ledger's entries are in ${ledger_currency}: their amounts are ${ledger_currency} ` +
    `minor units, and read as ${settings.base_currency} they would show and pay wrong amounts. Nothing was changed; ` +
    `money actions and balances are refused until base_currency is ${ledger_currency} again. Set it back to ` +
    `${ledger_currency} in the Settings tab. A ledger keeps the currency it started with: to keep books in ` +
    `${settings.base_currency}, start a new spreadsheet for them.`;
  const error: RowError = { tab: TAB.settings, row: row ?? 1, column: 'value', code: 'BASE_CURRENCY_CHANGED', message, value: settings.base_currency };
  return refuse('BAD_SETTINGS', message, [error]);
}

/** The sheet row of a setting's first row in the Settings tab (read once per action already). */
function settingsRowOf(key: string): number | null {
  const index = (readTab(TAB.settings)?.rows ?? []).findIndex((row) => canonicalSettingKey(String(row[0] ?? '')) === key);
  return index < 0 ? null : FIRST_DATA_ROW + index;
}
