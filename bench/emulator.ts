// Measurement 3, 4 and 5: the built add-on in the local emulator, action by action, counting what
// each asks of the Apps Script services (calls, cells read and written), with wall time; then 1%
// new conversions posted on top of the ledger; then the sidebar opening on the full ledger.
import * as fs from 'fs';
import { parseCsv } from '../src/core/input/csv';
import type { ImportKind } from '../src/core/input/import-plan';
import { WorkbookSession } from '../src/local/workbook-session';
import { AS_OF, SETTINGS_PAIRS, type DataFiles } from './generate';

const OWNER = 'owner@bench.example';
const MANAGER = 'manager@bench.example';
const OPS = 'ops@bench.example';
const FINANCE = 'finance@bench.example';

export interface ActionFigures {
  action: string;
  ok: boolean;
  ms: number;
  calls: number;
  cells_read: number;
  cells_written: number;
  mutating_calls: number;
  summary: string;
  /** Cells in the workbook after the action; above 10,000,000 a real spreadsheet refuses the write. */
  workbook_cells: number;
  /** Calls by service method, for finding what to batch. */
  by_call: Record<string, number>;
}

interface Reply { ok: boolean; summary?: string; message?: string; code?: string; [key: string]: unknown }

function measure(session: WorkbookSession, action: string, email: string, fn: string, ...args: unknown[]): { figures: ActionFigures; reply: Reply } {
  session.emulator.resetStats();
  const start = performance.now();
  const reply = session.run<Reply>(email, fn, ...args);
  const ms = performance.now() - start;
  const s = session.emulator.stats;
  const summary = reply.ok ? String(reply.summary ?? '') : `${reply.code}: ${reply.message}`;
  return {
    figures: {
      action, ok: reply.ok, ms, calls: s.totalCalls, cells_read: s.cellsRead, cells_written: s.cellsWritten, mutating_calls: s.mutatingCalls,
      summary: summary.slice(0, 300), workbook_cells: session.emulator.workbookCells(), by_call: { ...s.calls },
    },
    reply,
  };
}

function importRequest(kind: ImportKind, file: string): Record<string, unknown> {
  const parsed = parseCsv(new Uint8Array(fs.readFileSync(file)), file);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
  return { kind, file: file.split('/').pop(), headers: parsed.headers, rows: parsed.rows, line_of_row: parsed.line_of_row };
}

export interface EmulatorFigures {
  rows: number;
  actions: ActionFigures[];
  incremental: { rows: number; import: ActionFigures; post: ActionFigures; post_ms_share_of_full: number; cells_written_share_of_full: number; ledger_rows_added: number; new_entries: number };
  sidebar: ActionFigures & { ledger_rows: number };
  cycle_ms: number;
  /** The most cells the workbook had; a real spreadsheet stops at 10,000,000. */
  max_workbook_cells: number;
}

export function benchEmulator(files: DataFiles, rows: number, build_dir: string, log: (line: string) => void): EmulatorFigures {
  const session = WorkbookSession.create({ owner: OWNER, now_ms: Date.parse(`${AS_OF}T12:00:00Z`), build_dir });
  // Past about 230k conversions the month no longer fits Sheets' 10M cells; the limit is lifted so
  // the code can still be measured there, and every action records the workbook's cells so the
  // report can say which sizes a real spreadsheet could hold.
  session.emulator.liftCellLimit(true);
  const actions: ActionFigures[] = [];
  const step = (action: string, email: string, fn: string, ...args: unknown[]): Reply => {
    const { figures, reply } = measure(session, action, email, fn, ...args);
    actions.push(figures);
    log(`  ${action}: ${figures.ok ? 'ok' : 'REFUSED'} ${figures.ms.toFixed(0)} ms, ${figures.calls} calls, ${figures.cells_read} cells read, ${figures.cells_written} written, workbook ${figures.workbook_cells} cells — ${figures.summary.slice(0, 100)}`);
    if (!reply.ok) throw new Error(`${action} refused: ${figures.summary}`);
    return reply;
  };
  const settings = [...SETTINGS_PAIRS, ['managers', MANAGER], ['finance', FINANCE], ['operators', OPS]];
  const cycle_start = performance.now();
  step('set-up', OWNER, 'setUpWorkbook', { settings });
  step('import partners', OPS, 'importRows', importRequest('partners', files.partners));
  step('import fx', OPS, 'importRows', importRequest('fx', files.fx));
  step('import conversions', OPS, 'importRows', importRequest('conversions', files.conversions));
  step('validate', OPS, 'validateInputs');
  const full_post = step('post', OPS, 'postCommissions');
  const built = step('build batch', OPS, 'buildPayoutBatch') as Reply & { batch: { batch_id: string; content_hash: string } };
  step('approve', MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash);
  step('export', FINANCE, 'exportPayoutFile', built.batch.batch_id);
  step('mark paid', FINANCE, 'markPayoutBatchPaid', built.batch.batch_id, 'BENCH-REF-1');
  step('verify', OPS, 'verifyWorkbook');
  const cycle_ms = performance.now() - cycle_start;

  // 1% new conversions on top of the posted ledger.
  const ledger_before = session.emulator.workbook.values('Ledger').length;
  const inc_import = measure(session, 'import +1%', OPS, 'importRows', importRequest('conversions', files.increment));
  const inc_post = measure(session, 'post +1%', OPS, 'postCommissions');
  const ledger_after = session.emulator.workbook.values('Ledger').length;
  const full = actions.find((a) => a.action === 'post')!;
  const incremental = {
    rows: Number((inc_import.reply as { appended?: number }).appended ?? 0),
    import: inc_import.figures,
    post: inc_post.figures,
    post_ms_share_of_full: inc_post.figures.ms / full.ms,
    cells_written_share_of_full: inc_post.figures.cells_written / full.cells_written,
    ledger_rows_added: ledger_after - ledger_before,
    new_entries: Number((inc_post.reply as { counts?: { posted?: number } }).counts?.posted ?? -1),
  };
  log(`  post +1%: ${inc_post.figures.ms.toFixed(0)} ms (${(100 * incremental.post_ms_share_of_full).toFixed(1)}% of the full post), ${inc_post.figures.cells_written} cells written, ${incremental.ledger_rows_added} Ledger rows added`);
  void full_post;

  const sidebar = measure(session, 'sidebar getSummary', OPS, 'getSummary').figures;
  const ledger_rows = session.emulator.workbook.values('Ledger').length - 1;
  log(`  sidebar: ${sidebar.calls} calls, ${sidebar.cells_read} cells read on a ${ledger_rows}-entry ledger`);
  const max_workbook_cells = Math.max(...actions.map((a) => a.workbook_cells), inc_post.figures.workbook_cells);
  return { rows, actions, incremental, sidebar: { ...sidebar, ledger_rows }, cycle_ms, max_workbook_cells };
}
