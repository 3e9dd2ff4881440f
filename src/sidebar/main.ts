// The sidebar: reads a small summary when it opens, then lets ops import, validate and jump to
// each problem cell. Every server call goes through the typed `server` wrapper.
import { parseCsv } from '../core/input/csv';
import type { RowError } from '../core/model';
import type { SidebarSummary } from '../server/actions/summary';
import { server } from './server';

function el<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`sidebar: #${id} is missing`);
  return found as T;
}

type Tone = 'busy' | 'ok' | 'error' | '';

function status(text: string, tone: Tone): void {
  const node = el('status');
  node.textContent = text;
  node.className = tone;
}

/** Runs one server action with a busy state, disabling the buttons so nothing is sent twice. */
async function act<T>(label: string, call: () => Promise<T>): Promise<T | null> {
  const buttons = Array.from(document.querySelectorAll('button'));
  buttons.forEach((b) => (b.disabled = true));
  status(`${label}…`, 'busy');
  try {
    return await call();
  } catch (error) {
    status(`${label} failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
    return null;
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    el<HTMLButtonElement>('import').disabled = !el<HTMLInputElement>('import-file').files?.length;
  }
}

function showErrors(errors: RowError[], total: number): void {
  const list = el('exceptions');
  list.textContent = '';
  for (const e of errors) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.textContent = `${e.tab}!${e.row}, ${e.column}`;
    link.title = 'Select this cell';
    link.addEventListener('click', () => void server.selectCell(e.tab, e.row, e.column));
    item.append(link, document.createTextNode(`: ${e.message} (${e.value})`));
    list.append(item);
  }
  el('exception-count').textContent = String(total);
  el('exceptions-card').hidden = total === 0;
}

function render(summary: SidebarSummary): void {
  const roles = summary.roles.length > 0 ? summary.roles.join(', ') : 'no role';
  el('who').textContent = summary.email === ''
    ? 'Your email is hidden from the add-on: you can look, but actions that change data are refused.'
    : `${summary.email} · ${roles}`;
  el('setup-card').hidden = summary.set_up;
  for (const id of ['overview', 'import-card', 'validate-card']) el(id).hidden = !summary.set_up;
  const counts = el('counts');
  counts.textContent = '';
  for (const [label, value] of summary.counts) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    counts.append(dt, dd);
  }
  showErrors(summary.exceptions, summary.exception_total);
}

async function refresh(): Promise<void> {
  const summary = await act('Loading', () => server.getSummary());
  if (!summary) return;
  if (!summary.ok) { status(summary.message, 'error'); return; }
  render(summary);
  status('', '');
}

async function importSelectedFile(): Promise<void> {
  const file = el<HTMLInputElement>('import-file').files?.[0];
  if (!file) return;
  const kind = el<HTMLSelectElement>('import-kind').value as 'partners' | 'conversions';
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parsed = parseCsv(bytes, file.name);
  if (!parsed.ok) {
    status(`${file.name}: ${parsed.error.message} Headers found: ${parsed.error.headers_found.join(', ') || 'none'}. Nothing was imported.`, 'error');
    return;
  }
  const result = await act(`Importing ${file.name}`, () =>
    server.importRows({ kind, file: file.name, headers: parsed.headers, rows: parsed.rows, line_of_row: parsed.line_of_row }));
  if (!result) return;
  if (!result.ok) { status(result.message, 'error'); if (result.errors) showErrors(result.errors, result.errors.length); return; }
  status(`Imported ${file.name}: ${result.summary}`, 'ok');
  await refresh();
}

async function validate(): Promise<void> {
  const result = await act('Validating', () => server.validateInputs());
  if (!result) return;
  if (!result.ok) { status(result.message, 'error'); return; }
  showErrors(result.errors, result.error_total);
  status(`Validated: ${result.summary}`, result.error_total === 0 ? 'ok' : 'error');
}

async function postCommissions(): Promise<void> {
  const result = await act('Posting commissions', () => server.postCommissions());
  if (!result) return;
  if (!result.ok) { status(result.message, 'error'); if (result.errors) showErrors(result.errors, result.errors.length); return; }
  showErrors(result.exceptions, result.exception_total);
  status(`Posted: ${result.summary}`, 'ok');
}

async function setUp(): Promise<void> {
  const result = await act('Setting up', () => server.setUpWorkbook({}));
  if (!result) return;
  if (!result.ok) { status(result.message, 'error'); return; }
  status(`Set up: ${result.summary}`, 'ok');
  await refresh();
}

el('import-file').addEventListener('change', () => {
  el<HTMLButtonElement>('import').disabled = !el<HTMLInputElement>('import-file').files?.length;
});
el('import').addEventListener('click', () => void importSelectedFile());
el('validate').addEventListener('click', () => void validate());
el('post').addEventListener('click', () => void postCommissions());
el('setup').addEventListener('click', () => void setUp());
void refresh();
