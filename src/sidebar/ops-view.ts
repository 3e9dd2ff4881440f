// The ops view: totals by status, importing a CSV (parsed here in the browser), Validate, Post,
// Build batch, and the plain answer to "why is this partner not being paid?".
import { parseCsv } from '../core/input/csv';
import type { ImportKind } from '../core/input/import-plan';
import type { DashboardReport } from '../server/actions/views';
import { act, el, h, showRefusal, status, table } from './dom';
import { loadProblems, showProblems } from './problems';
import { server } from './server';

const STATUS_LABEL: Record<string, string> = {
  pending: 'Pending (in hold)', eligible: 'Eligible', held: 'Held for review', batched: 'In a draft batch',
  approved: 'Approved', paid: 'Paid', rejected: 'Rejected',
};

/**
 * Opening the view reads nothing big: totals by status come from the whole Ledger, so they are read
 * when asked for (and after Post and Build batch, which change them), never just by opening.
 */
export async function showOps(): Promise<void> {
  const box = el('ops-totals');
  // Once someone asked for the totals, coming back (or ↻) keeps them current.
  if (box.querySelector('table')) { await loadTotals(); return; }
  box.textContent = '';
  const button = h('button', { id: 'show-totals' }, 'Show totals by status');
  button.addEventListener('click', () => void loadTotals());
  box.append(button, h('span', { class: 'muted' }, ' (reads the Ledger)'));
}

async function loadTotals(): Promise<void> {
  const result = await act('Loading totals', () => server.getDashboard());
  if (!result) return;
  if (!result.ok) { showRefusal(result); return; }
  renderTotals(result);
}

function renderTotals(report: DashboardReport): void {
  const box = el('ops-totals');
  box.textContent = '';
  const rows = report.status_totals.map((t) => [STATUS_LABEL[t.status] ?? t.status, String(t.entry_count), `${t.amount} ${t.currency}`]);
  box.append(h('p', { class: 'muted' }, `As of ${report.as_of}`), table(['Status', 'Entries', 'Amount'], rows, new Set([1, 2])));
  const c = report.capacity;
  const largest = c.largest.map((t) => `${t.tab} ${millions(t.cells)}`).join(', ');
  box.append(h('p', { id: 'capacity', class: c.warning === '' ? 'muted' : 'warning' },
    `Spreadsheet size: ${millions(c.cells)} of ${millions(c.limit)} cells (${c.percent_used}%); largest tabs: ${largest}.`,
    ...(c.warning === '' ? [] : [h('br'), c.warning])));
}

/** 6,223,988 → "6.22M", 10,000,000 → "10M": the capacity line is for reading at a glance. */
function millions(cells: number): string {
  return cells >= 1_000_000 ? `${(cells / 1_000_000).toFixed(2).replace(/\.?0+$/, '')}M` : cells >= 1_000 ? `${Math.round(cells / 1_000)}k` : String(cells);
}

/** Called after an import so the sidebar's input counts follow (set by wireOps). */
let inputsChanged: () => Promise<void> = async () => undefined;

async function importSelectedFile(): Promise<void> {
  const input = el<HTMLInputElement>('import-file');
  const file = input.files?.[0];
  if (!file) { status('Choose a CSV file first.', 'error'); return; }
  const kind = el<HTMLSelectElement>('import-kind').value as ImportKind;
  status(`Reading ${file.name}…`, 'busy');
  const parsed = parseCsv(new Uint8Array(await file.arrayBuffer()), file.name);
  if (!parsed.ok) {
    const found = parsed.error.headers_found.length > 0 ? ` Headers found: ${parsed.error.headers_found.join(', ')}.` : '';
    status(`${file.name}: ${parsed.error.message}${found} Nothing was imported.`, 'error');
    return;
  }
  const result = await act(`Importing ${file.name} (${parsed.rows.length} rows)`, () =>
    server.importRows({ kind, file: file.name, headers: parsed.headers, rows: parsed.rows, line_of_row: parsed.line_of_row }));
  if (!result) return;
  if (!result.ok) { showRefusal(result, el('ops-errors')); return; }
  await inputsChanged();
  status(`Imported ${file.name}: ${result.summary}`, result.error_total > 0 ? 'error' : 'ok');
  if (result.error_total > 0) showProblems(result.errors, result.error_total);
  input.value = '';
  el<HTMLButtonElement>('import').disabled = true;
}

async function validate(): Promise<void> {
  const result = await act('Validating', () => server.validateInputs());
  if (!result) return;
  if (!result.ok) { showRefusal(result, el('ops-errors')); return; }
  await loadProblems(0);
  status(`Validated: ${result.summary}`, result.error_total === 0 ? 'ok' : 'error');
}

/** How many executions one click of Post may chain before handing back (each has its own time limit). */
const MAX_POST_RUNS = 20;

/**
 * Posts, and when the server stopped at its time budget ("run Post again"), runs it again at once:
 * each call is a new Apps Script execution with its own 6-minute limit, and each continues where
 * the last one stopped. Every run writes at least one chunk, so this always moves forward.
 */
async function postCommissions(): Promise<void> {
  let posted = 0;
  for (let run = 1; run <= MAX_POST_RUNS; run++) {
    const label = run === 1 ? 'Posting commissions' : `Posting commissions: ${posted} entries written so far, continuing (run ${run})`;
    const result = await act(label, () => server.postCommissions());
    if (!result) return;
    if (!result.ok) { showRefusal(result, el('ops-errors')); return; }
    posted += result.written;
    if (result.complete || result.written === 0) {
      await loadProblems(0);
      await loadTotals();
      status(run === 1 ? `Posted: ${result.summary}` : `Posted in ${run} runs (${posted} entries): ${result.summary}`, 'ok');
      return;
    }
  }
  status(`Posted ${posted} entries in ${MAX_POST_RUNS} runs and more remain: press Post commissions again to continue.`, 'error');
}

async function buildBatch(): Promise<void> {
  const result = await act('Building a payout batch', () => server.buildPayoutBatch());
  if (!result) return;
  const box = el('ops-batch');
  box.textContent = '';
  if (!result.ok) { showRefusal(result, el('ops-errors')); return; }
  if (result.batch) {
    const totals = result.batch.totals.map((t) => `${t.amount} ${t.currency} to ${t.line_count} partners`).join(', ');
    box.append(h('p', {}, `Batch ${result.batch.batch_id} (${totals}) waits for a manager's approval.`));
  }
  if (result.skipped.length > 0) {
    box.append(h('p', { class: 'muted' }, 'Not in this batch:'), h('ul', { class: 'skips' }, ...result.skipped.map((s) => h('li', {}, s.message))));
  }
  await loadTotals();
  status(`Built: ${result.summary}`, 'ok');
}

async function explain(): Promise<void> {
  const query = el<HTMLInputElement>('explain-query').value;
  const box = el('explain-answer');
  box.textContent = '';
  if (query.trim() === '') { status('Type a partner id, code, email or name.', 'error'); return; }
  const result = await act(`Looking up ${query.trim()}`, () => server.explainPartnerPayment(query));
  if (!result) return;
  if (!result.ok) { showRefusal(result); return; }
  const who = result.explanation.name ? `${result.explanation.name} (${result.explanation.partner_id})` : result.explanation.partner_id;
  box.append(h('p', {}, h('strong', {}, who)), h('ul', {}, ...result.explanation.lines.map((line) => h('li', {}, line))));
}

export function wireOps(onInputsChanged: () => Promise<void>): void {
  inputsChanged = onInputsChanged;
  el('import-file').addEventListener('change', () => {
    el<HTMLButtonElement>('import').disabled = !el<HTMLInputElement>('import-file').files?.length;
  });
  el('import').addEventListener('click', () => void importSelectedFile());
  el('validate').addEventListener('click', () => void validate());
  el('post').addEventListener('click', () => void postCommissions());
  el('build-batch').addEventListener('click', () => void buildBatch());
  el('explain').addEventListener('click', () => void explain());
  el('explain-query').addEventListener('keydown', (event) => { if (event.key === 'Enter') void explain(); });
}
