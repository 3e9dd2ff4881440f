// Import CSV rows into an input tab. The sidebar (or the CLI) parses the file where the bytes are
// and sends rows as JSON; the core plans the append (mapping, duplicates, row errors); this writes
// the plan in one block. A structural error writes nothing; row errors are appended and reported,
// so nothing the user gave is lost.
import { IMPORT_KINDS, planImport, type ImportKind } from '../../core/input/import-plan';
import { INPUT_TAB } from '../../core/input/headers';
import type { RowError } from '../../core/model';
import { sha256Hex } from '../../gas/digest';
import { appendRows, findTab, readTab, reserveRows, writeBlock } from '../../gas/sheets';
import { refusedWhenFull, runAction } from '../action';
import { recordPendingAppend } from '../chained-tabs';
import { refuse, type ActionResult } from '../result';

export interface ImportRequest {
  kind: ImportKind;
  file: string;
  headers: string[];
  rows: string[][];
  line_of_row: number[];
}

export interface ImportReport {
  summary: string;
  import_id: string;
  tab: string;
  appended: number;
  accepted: number;
  duplicates: number;
  /** Row errors, the first `ERRORS_RETURNED` of them; all are marked by Validate. */
  errors: RowError[];
  error_total: number;
}

const ERRORS_RETURNED = 200;

export function importRows(request: ImportRequest): ActionResult<ImportReport> {
  return runAction('import', (ctx) => {
    const problem = checkRequest(request);
    if (problem) return refuse('INVALID_REQUEST', problem);
    const tab = INPUT_TAB[request.kind];
    if (!findTab(tab)) return refuse('NOT_SET_UP', `The "${tab}" tab is missing: run Partner Ledger → Set up this spreadsheet.`);
    const existing = readTab(tab) ?? { headers: [], rows: [] };
    const import_id = importId(ctx.now_utc, request);
    const plan = planImport(request.kind, { ...request }, existing, import_id, ctx);
    if (!plan.ok) {
      // The core's message already lists the headers it found.
      return refuse('STRUCTURAL', `${request.file}: ${plan.error.message}. Nothing was imported.`);
    }
    // Room first: at Sheets' cell limit the import is refused here, before anything is written.
    const full = refusedWhenFull(ctx, 'import', () => reserveRows(tab, plan.append.length));
    if (full) return full;
    if (plan.write_headers) writeHeaderRow(tab, plan.tab_headers);
    // The event is recorded, and kept beside the write, before the rows go in: an import stopped
    // after its rows and before its Audit row is audited by the next action (chained-tabs).
    ctx.audit('IMPORT', `${tab} ← ${request.file}`, JSON.stringify({
      import_id, appended: plan.append.length, accepted: plan.accepted, duplicates: plan.duplicates,
      rows_with_errors: plan.rows_with_errors.length, first_row: plan.first_row,
    }));
    recordPendingAppend(tab, existing.rows.length, plan.append.length);
    appendRows(tab, plan.append, plan.text_column_indexes);
    const error_total = plan.errors.length;
    const summary = `${plan.append.length} rows appended to ${tab} (${plan.accepted} valid, ` +
      `${plan.rows_with_errors.length} with errors), ${plan.duplicates} duplicates skipped`;
    return {
      ok: true, summary, import_id, tab, appended: plan.append.length, accepted: plan.accepted,
      duplicates: plan.duplicates, errors: plan.errors.slice(0, ERRORS_RETURNED), error_total,
    };
  });
}

function checkRequest(request: ImportRequest): string | null {
  if (!request || typeof request !== 'object') return 'The import request is empty.';
  if (!(IMPORT_KINDS as readonly string[]).includes(request.kind)) return `Importing "${String(request.kind)}" is not supported: choose ${IMPORT_KINDS.join(' or ')}.`;
  if (!Array.isArray(request.headers) || !Array.isArray(request.rows)) return 'The import request has no headers or rows.';
  if (!Array.isArray(request.line_of_row) || request.line_of_row.length !== request.rows.length) {
    return 'The import request does not say which file line each row came from.';
  }
  return null;
}

/** Unique per import, readable, and traceable to the file's exact content. */
function importId(now_utc: string, request: ImportRequest): string {
  const stamp = now_utc.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const digest = sha256Hex(JSON.stringify([request.file, request.headers, request.rows])).slice(0, 8);
  return `I-${stamp}-${digest}`;
}

function writeHeaderRow(tab: string, headers: string[]): void {
  writeBlock(tab, 1, 1, [headers]);
}
