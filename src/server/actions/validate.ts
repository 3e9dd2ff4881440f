// Validate: check every input tab, mark each bad cell (note + highlight), clear marks that were
// fixed, and list the problems in Exceptions and the sidebar. Writes nothing to the ledger.
import type { InputKind } from '../../core/input/headers';
import type { Cell, RowError, StructuralError } from '../../core/model';
import { EXCEPTION_COLUMNS, TAB } from '../../core/schema/tabs';
import { neutraliseCell } from '../../core/text/neutralise';
import { applyMarks, findTab, FIRST_DATA_ROW, readTab, replaceBody, writeBlock } from '../../gas/sheets';
import { readDocumentProperty, writeDocumentProperties } from '../../gas/properties';
import { alert } from '../../gas/ui';
import { runAction } from '../action';
import { allProblems, marksFor, readAndValidateInputs } from '../inputs';
import { refuse, type ActionResult } from '../result';

export interface ValidationReport {
  summary: string;
  /** Valid records per tab. */
  valid: Record<'partners' | 'conversions' | 'rules' | 'fx', number>;
  errors: RowError[];
  error_total: number;
  structural: StructuralError[];
}

const ERRORS_RETURNED = 200;

/** How many cells of a tab the last Validate marked (a Document Property). */
export function marksKey(tab: string): string {
  return `marks.${tab}`;
}

/** One property write for the counts that change (none when nothing changes). */
function writeMarkCounts(plans: ReadonlyArray<{ tab: string; before: string | null; marks: readonly unknown[] }>): void {
  const changed: Record<string, string> = {};
  for (const p of plans) if (p.before !== String(p.marks.length)) changed[marksKey(p.tab)] = String(p.marks.length);
  if (Object.keys(changed).length > 0) writeDocumentProperties(changed);
}
const STAGE = 'validate';

export function validateInputs(): ActionResult<ValidationReport> {
  return runAction('validate', (ctx) => {
    if (!findTab(TAB.partners) || !findTab(TAB.conversions)) {
      return refuse('NOT_SET_UP', 'The Partners or Conversions tab is missing: run Partner Ledger → Set up this spreadsheet.');
    }
    const inputs = readAndValidateInputs(ctx);
    if (inputs.assigned_partner_ids) {
      const { column, values } = inputs.assigned_partner_ids;
      writeBlock(TAB.partners, FIRST_DATA_ROW, column, values);
    }
    const { errors, structural } = allProblems(inputs);
    const kinds: Array<[InputKind & keyof typeof inputs.tabs, string]> = [
      ['partners', TAB.partners], ['conversions', TAB.conversions], ['rules', TAB.rules], ['fx', TAB.fx],
    ];
    // Clearing old marks reads the tab's notes and backgrounds (two whole-tab reads, as big as its
    // values). A tab the last Validate left unmarked that gets no mark now has none of ours to
    // clear, so it is skipped; an unknown count (a workbook validated before counts were kept)
    // reads. A count that claims marks is written before they are set and a zero only after they
    // are cleared, so a Validate stopped in between leaves a count that makes the next one look.
    const plans = kinds.map(([kind, tab]) => ({
      tab, before: readDocumentProperty(marksKey(tab)), marks: marksFor(kind, inputs.tabs[kind], errors.filter((e) => e.tab === tab), ctx),
    }));
    writeMarkCounts(plans.filter((p) => p.marks.length > 0));
    for (const p of plans) if (!(p.before === '0' && p.marks.length === 0)) applyMarks(p.tab, p.marks);
    writeMarkCounts(plans.filter((p) => p.marks.length === 0));
    writeExceptions(STAGE, errors, structural, ctx.now_utc);
    const valid = {
      partners: inputs.partners.ok ? inputs.partners.records.length : 0,
      conversions: inputs.conversions.ok ? inputs.conversions.records.length : 0,
      rules: inputs.rules.ok ? inputs.rules.records.length : 0,
      fx: inputs.fx.ok ? inputs.fx.records.length : 0,
    };
    const summary = `${valid.partners} partners, ${valid.conversions} conversions, ${valid.rules} rules, ` +
      `${valid.fx} FX rates valid; ${errors.length} row errors` +
      (structural.length > 0 ? `; ${structural.length} tab(s) unreadable: ${structural.map((s) => `${s.tab}: ${s.message}`).join(' ')}` : '');
    ctx.audit('VALIDATE', 'inputs', JSON.stringify({ valid, row_errors: errors.length, structural: structural.length }));
    return { ok: true, summary, valid, errors: errors.slice(0, ERRORS_RETURNED), error_total: errors.length, structural };
  });
}

export function menuValidate(): void {
  const result = validateInputs();
  alert('Partner Ledger: validate', result.ok
    ? `${result.summary}.${result.error_total > 0 ? ' Problem cells are highlighted with a note; the full list is in the Exceptions tab.' : ''}`
    : result.message);
}

/**
 * Exceptions holds every stage's findings; a stage replaces only its own rows, so validating does
 * not hide what posting found (and the other way round). One read, one clear, one write.
 */
export function writeExceptions(stage: string, errors: RowError[], structural: StructuralError[], now_utc: string): void {
  const current = readTab(TAB.exceptions);
  if (!current) return;
  const stage_col = EXCEPTION_COLUMNS.indexOf('stage');
  const kept = current.rows.filter((row) => String(row[stage_col]) !== stage && row.some((v) => v !== ''));
  const fresh: Cell[][] = [
    ...structural.map((s) => [stage, s.tab, '', '', s.code, s.message, s.headers_found.join(', '), now_utc]),
    ...errors.map((e) => [stage, e.tab, e.row, e.column, e.code, e.message, e.value, now_utc]),
  ].map((row) => row.map(neutraliseCell));
  const text_columns = [0, 1, 3, 4, 5, 6, 7];
  replaceBody(TAB.exceptions, EXCEPTION_COLUMNS, [...kept, ...fresh], text_columns);
}
