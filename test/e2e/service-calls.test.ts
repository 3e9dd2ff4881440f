// Every Sheets call is a round trip in Apps Script, so an action's calls must not grow with the
// data: the whole month cycle makes the same calls, action by action, for ten times the rows.
import type { WorkbookSession } from '../../src/local/workbook-session';
import { ActionOk, ActionRefused, expectOk, FINANCE, importAs, MANAGER, OPS, readExample, setUpSession } from './helpers';

interface BuildReport extends ActionOk { batch: { batch_id: string; content_hash: string } }

/** Service calls per action for the example month with its conversions repeated `copies` times. */
function callsPerAction(copies: number, listed: Record<string, number> = {}): Record<string, number> {
  const session = setUpSession();
  const calls: Record<string, number> = {};
  const step = <T extends ActionOk>(action: string, run: (s: WorkbookSession) => T | ActionRefused): T => {
    session.emulator.resetStats();
    const result = expectOk(run(session));
    calls[action] = session.emulator.stats.totalCalls;
    listed[action] = session.emulator.stats.calls['Spreadsheet.getSheets'] ?? 0;
    return result;
  };
  step('import partners', (s) => importAs(s, OPS, 'partners', readExample('partners.csv')));
  const csv = readExample('conversions.csv');
  const rows = Array.from({ length: copies }, (_, k) => csv.rows.map((r) => [`${r[0]}-${k}`, ...r.slice(1)])).flat();
  step('import conversions', (s) => importAs(s, OPS, 'conversions', { ...csv, rows, line_of_row: rows.map((_, i) => i + 2) }));
  step('validate', (s) => s.run<ActionOk | ActionRefused>(OPS, 'validateInputs'));
  step('post', (s) => s.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
  const { batch } = step('build batch', (s) => s.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
  step('approve', (s) => s.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash));
  step('export', (s) => s.run<ActionOk | ActionRefused>(FINANCE, 'exportPayoutFile', batch.batch_id));
  step('mark paid', (s) => s.run<ActionOk | ActionRefused>(FINANCE, 'markPayoutBatchPaid', batch.batch_id, 'REF-1'));
  step('verify', (s) => s.run<ActionOk | ActionRefused>(OPS, 'verifyWorkbook'));
  step('sidebar summary', (s) => s.run<ActionOk | ActionRefused>(OPS, 'getSummary'));
  return calls;
}

describe('service calls per action', () => {
  it('are the same for ten times the conversions, for every action of the month', () => {
    const small = callsPerAction(1);
    const large = callsPerAction(10);
    expect(Object.keys(small)).toHaveLength(10);
    expect(large).toEqual(small);
  });

  it('list every tab (a call per tab) only in Verify and Export, which warn about lookalike payout tabs', () => {
    const listed: Record<string, number> = {};
    callsPerAction(1, listed);
    const listing = Object.entries(listed).filter(([, n]) => n > 0).map(([action]) => action);
    expect(listing.sort()).toEqual(['export', 'verify']);
  });
});
