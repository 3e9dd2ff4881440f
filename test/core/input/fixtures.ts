// Shared test context: a USD workbook in a UTC-5 zone, as of 2026-03-31.
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import type { ValidationContext } from '../../../src/core/input/rows';

export const AS_OF = '2026-03-31';

/** The calendar date of an instant in a fixed-offset zone (what the shell builds from the settings zone). */
export function dateOfInstantAt(offset_hours: number): (epoch_ms: number) => string {
  return (epoch_ms) => new Date(epoch_ms + offset_hours * 3600000).toISOString().slice(0, 10);
}

export function settingsWith(overrides: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, link_params: [...DEFAULT_SETTINGS.link_params], column_map: {}, ...overrides };
}

export function contextWith(overrides: Partial<Settings> = {}, as_of = AS_OF, offset_hours = -5): ValidationContext {
  return { settings: settingsWith(overrides), as_of, dateOfInstant: dateOfInstantAt(offset_hours) };
}
