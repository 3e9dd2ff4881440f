// What the sidebar reads when it opens: counts and the first problems, never whole tabs (the
// ledger can hold a million rows; this stays a handful of calls and a few thousand cells).
import { rolesOf } from '../../core/access/roles';
import type { RowError } from '../../core/model';
import { EXCEPTION_COLUMNS, TAB } from '../../core/schema/tabs';
import { unneutraliseCell } from '../../core/text/neutralise';
import { findTab, lastRow, selectCell as selectSheetCell } from '../../gas/sheets';
import { runAction } from '../action';
import { refuse, type ActionResult } from '../result';

/** How many problems the sidebar shows at once. */
export const EXCEPTIONS_PAGE = 50;

export interface SidebarSummaryBody {
  email: string;
  roles: string[];
  set_up: boolean;
  /** [label, count] pairs in display order. */
  counts: Array<[string, number]>;
  exceptions: RowError[];
  exception_total: number;
}
export type SidebarSummary = { ok: true } & SidebarSummaryBody;

export function getSummary(): ActionResult<SidebarSummaryBody> {
  return runAction('summary', (ctx) => {
    const set_up = findTab(TAB.settings) !== null;
    const counts: Array<[string, number]> = [];
    for (const name of [TAB.partners, TAB.conversions, TAB.rules, TAB.fx]) {
      const sheet = findTab(name);
      counts.push([name, sheet ? Math.max(lastRow(name) - 1, 0) : 0]);
    }
    const page = readExceptionsPage(0, EXCEPTIONS_PAGE);
    return {
      ok: true,
      email: ctx.identity.email,
      roles: [...rolesOf(ctx.identity, ctx.settings)],
      set_up,
      counts,
      exceptions: page.errors,
      exception_total: page.total,
    };
  }, { allow_missing_setup: true });
}

/** One page of the Exceptions tab: a single read of `limit` rows. */
export function readExceptionsPage(offset: number, limit: number): { errors: RowError[]; total: number } {
  const sheet = findTab(TAB.exceptions);
  if (!sheet) return { errors: [], total: 0 };
  const total = Math.max(lastRow(TAB.exceptions) - 1, 0);
  const count = Math.min(limit, total - offset);
  if (count <= 0) return { errors: [], total };
  const values = sheet.getRange(2 + offset, 1, count, EXCEPTION_COLUMNS.length).getValues();
  const at = (name: (typeof EXCEPTION_COLUMNS)[number]) => EXCEPTION_COLUMNS.indexOf(name);
  const errors = values.map((row) => ({
    tab: String(row[at('tab')]),
    row: Number(row[at('row')]),
    column: String(row[at('column')]),
    code: String(row[at('code')]),
    // As imported, not as stored: the add-on's own ' before a formula lead is not part of the value.
    message: unneutraliseCell(String(row[at('message')])),
    value: unneutraliseCell(String(row[at('value')])),
  }));
  return { errors, total };
}

export interface SelectCellResult {
  summary: string;
}

/** Selects the cell a problem points at (the sidebar's links). `column` is the header text. */
export function selectCell(tab: string, row: number, column: string): ActionResult<SelectCellResult> {
  return runAction('summary', () => {
    const sheet = findTab(String(tab));
    if (!sheet) return refuse('INVALID_REQUEST', `There is no tab named "${tab}".`);
    const width = Math.max(sheet.getLastColumn(), 1);
    const headers = sheet.getRange(1, 1, 1, width).getValues()[0].map((h) => String(h).trim().toLowerCase());
    const index = headers.indexOf(String(column).trim().toLowerCase());
    const column_number = index >= 0 ? index + 1 : 1;
    selectSheetCell(String(tab), Math.max(Number(row) || 1, 1), column_number);
    return { ok: true, summary: `selected ${tab}!${row}` };
  }, { allow_missing_setup: true });
}
