// Reads and validates the four input tabs, each with one read. Shared by Validate and Post, so
// both see the inputs exactly the same way. Text the import neutralised (`'=x`, `'-P4`) is read
// with the add-on's `'` removed, so ids, codes, names and accounts are what the file held.
import { mapHeaders, type InputKind } from '../core/input/headers';
import { assignPartnerIds, validateConversions, validateFx, validatePartners, validateRules, type Validation, type ValidationContext } from '../core/input/validate';
import type { Cell, Conversion, FxRate, Partner, RowError, Rule, StructuralError } from '../core/model';
import { TAB } from '../core/schema/tabs';
import { neutraliseCell, unneutraliseCell, unneutraliseRow } from '../core/text/neutralise';
import { findTab, FIRST_DATA_ROW, readTab, type CellMark, type TabValues } from '../gas/sheets';

export interface ValidatedInputs {
  partners: Validation<Partner>;
  conversions: Validation<Conversion>;
  rules: Validation<Rule>;
  fx: Validation<FxRate>;
  /** The tab values as read, for marking cells. */
  tabs: Record<'partners' | 'conversions' | 'rules' | 'fx', TabValues>;
  /** Partner ids generated for blank cells in this read: the caller writes them back. */
  assigned_partner_ids: { column: number; values: Cell[][] } | null;
}

const EMPTY: TabValues = { headers: [], rows: [] };

const table = (tab: string, values: TabValues) => ({ tab, headers: values.headers, rows: values.rows, first_row: FIRST_DATA_ROW });

/** The Partners tab as read, copied: blank partner ids are filled in, and readTab's arrays are shared in the action. */
function readPartnersTab(): TabValues {
  const read = readTab(TAB.partners) ?? EMPTY;
  return { headers: read.headers, rows: read.rows.map((row) => row.map(unneutraliseCell)) };
}

/**
 * An input tab as read, its neutralised text restored. readTab's arrays are shared in the action, so
 * a row that changes is a copy; the others (nearly all, in a Conversions tab of a million rows) are
 * passed on as they are.
 */
function readInputTab(name: string): TabValues {
  const read = readTab(name) ?? EMPTY;
  return { headers: read.headers, rows: read.rows.map(unneutraliseRow) };
}

/**
 * The partners alone (what batches, approval and export need): one read of the Partners tab, the
 * same validation and the same ids for blank cells as readAndValidateInputs, without reading or
 * validating the conversions (a million rows would otherwise be re-validated by every money action).
 */
export function readAndValidatePartners(ctx: ValidationContext): Validation<Partner> {
  const partners = readPartnersTab();
  fillBlankPartnerIds(partners, ctx);
  return validatePartners(table(TAB.partners, partners), ctx);
}

export function readAndValidateInputs(ctx: ValidationContext): ValidatedInputs {
  const tabs = {
    partners: readPartnersTab(),
    conversions: readInputTab(TAB.conversions),
    rules: readInputTab(TAB.rules),
    fx: readInputTab(TAB.fx),
  };
  const assigned_partner_ids = fillBlankPartnerIds(tabs.partners, ctx);
  return {
    partners: validatePartners(table(TAB.partners, tabs.partners), ctx),
    conversions: validateConversions(table(TAB.conversions, tabs.conversions), ctx),
    // Rules and FX are optional tabs: absent or empty means "none".
    rules: isEmpty(tabs.rules) ? noRecords<Rule>() : validateRules(table(TAB.rules, tabs.rules), ctx),
    fx: isEmpty(tabs.fx) ? noRecords<FxRate>() : validateFx(table(TAB.fx, tabs.fx), ctx),
    tabs,
    assigned_partner_ids,
  };
}

/**
 * A partner without an id gets the next free `P-0001`-style id, written back to the tab so it is
 * stable from then on (an id derived from the code would move commissions when the code changes).
 */
function fillBlankPartnerIds(tab: TabValues, ctx: ValidationContext): ValidatedInputs['assigned_partner_ids'] {
  if (tab.rows.length === 0) return null;
  const mapped = mapHeaders(tab.headers, 'partners', ctx.settings, { require: false });
  if (!mapped.ok) return null;
  const id_col = mapped.mapping.index_of['partner_id'];
  if (id_col === undefined) return null;
  const blank = tab.rows.flatMap((row, i) => (isBlankText(row[id_col]) && !row.every(isBlankText) ? [i] : []));
  if (blank.length === 0) return null;
  const existing = tab.rows.map((row) => String(row[id_col] ?? '').trim()).filter((id) => id !== '');
  const ids = assignPartnerIds(existing, blank.length);
  blank.forEach((row_index, k) => (tab.rows[row_index][id_col] = ids[k]));
  // Written back as the import wrote them: neutralised.
  return { column: id_col + 1, values: tab.rows.map((row) => [neutraliseCell(row[id_col] ?? '')]) };
}

function isBlankText(value: Cell | undefined): boolean {
  return value === undefined || value === null || String(value).trim() === '';
}

function isEmpty(tab: TabValues): boolean {
  return tab.headers.length === 0 && tab.rows.length === 0;
}

function noRecords<T>(): Validation<T> {
  return { ok: true, records: [], errors: [], rows_with_errors: [], blank_rows: [], info: [] };
}

/** Row errors and structural errors of every input tab, in tab order. */
export function allProblems(inputs: ValidatedInputs): { errors: RowError[]; structural: StructuralError[] } {
  const errors: RowError[] = [];
  const structural: StructuralError[] = [];
  for (const v of [inputs.partners, inputs.conversions, inputs.rules, inputs.fx] as Array<Validation<unknown>>) {
    if (v.ok) errors.push(...v.errors);
    else structural.push(v.error);
  }
  return { errors, structural };
}

/** Where each row error sits on its tab, for a note and a highlight. */
export function marksFor(kind: InputKind, tab: TabValues, errors: RowError[], ctx: ValidationContext): CellMark[] {
  const mapped = mapHeaders(tab.headers, kind, ctx.settings, { require: false });
  const index_of: Record<string, number | undefined> = mapped.ok ? mapped.mapping.index_of : {};
  return errors.map((e) => ({ row: e.row, column: (index_of[e.column] ?? 0) + 1, note: `${e.message} (${e.code})` }));
}

export function tabExists(name: string): boolean {
  return findTab(name) !== null;
}
