// Settings come from the Settings tab, read once per action. A workbook whose Settings have errors
// is refused for anything that changes data: guessing a default for a mistyped rounding rule or
// manager list is not something a money tool may do quietly.
import type { Cell, RowError } from '../core/model';
import { validateSettings } from '../core/input/validate';
import { SETTINGS_COLUMNS, TAB } from '../core/schema/tabs';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';
import { readTab } from '../gas/sheets';
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
