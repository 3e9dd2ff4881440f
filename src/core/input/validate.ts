// Validation of every input tab, in one place for the shell: each function turns a tab's cells into
// typed records or row errors (never both for one row), or refuses the tab with a structural error.
export { validatePartners, assignPartnerIds } from './validate-partners';
export { validateConversions } from './validate-conversions';
export { validateRules, validateFx } from './validate-rules';
export { validateSettings, type SettingsValidation } from './settings';
export type { InputTable, Validation, ValidationContext } from './rows';
export { formatRowError } from './error-codes';
