// The first-run set-up interview: money rules, people, and how the user's own CSV headers map to the
// canonical fields (with a preview of the first rows), checked here with the core's own validators
// before anything is written. Its last step calls setUpWorkbook, which creates the tabs,
// protections and Settings and records it in Audit.
import { parseCsv } from '../core/input/csv';
import { describeMapping, INPUT_COLUMNS, mapHeaders, type InputKind } from '../core/input/headers';
import { validateSettings } from '../core/input/settings';
import { DEFAULT_SETTINGS } from '../core/settings';
import { act, el, h, showRefusal, status, table } from './dom';
import { server } from './server';

const STEPS = ['setup-step-money', 'setup-step-people', 'setup-step-files', 'setup-step-confirm'] as const;
const PREVIEW_ROWS = 5;

interface Sample {
  kind: Exclude<InputKind, 'settings'>;
  file: string;
  headers: string[];
  rows: string[][];
}

let step = 0;
let sample: Sample | null = null;
/** field → the user's header, kept per field across samples (becomes `map.<field>` settings). */
const column_map: Record<string, string> = {};

/** The interview's answers as Settings `[key, value]` pairs, in the order they are shown. */
export function answers(): Array<[string, string]> {
  const value = (id: string) => el<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(id).value.trim();
  const list = (id: string) => value(id).split(/[\s,;]+/).filter((x) => x !== '').join(',');
  const pairs: Array<[string, string]> = [
    ['base_currency', value('setup-base_currency').toUpperCase()],
    ['hold_days', value('setup-hold_days')],
    ['min_payout', value('setup-min_payout')],
    ['payout_preset', value('setup-payout_preset')],
    ['managers', list('setup-managers')],
    ['finance', list('setup-finance')],
    ['operators', list('setup-operators')],
  ];
  for (const [field, header] of Object.entries(column_map)) pairs.push([`map.${field}`, header]);
  return pairs;
}

/** The answers checked as the Settings tab would be: row errors name the question to fix. */
function checkAnswers(): string[] {
  const pairs = answers();
  const checked = validateSettings({ tab: 'Settings', headers: ['key', 'value'], rows: pairs, first_row: 2 });
  if (!checked.ok) return [checked.error.message];
  return checked.errors.map((e) => `${pairs[e.row - 2]?.[0] ?? e.column}: ${e.message}`);
}

function showStep(next: number): void {
  step = Math.max(0, Math.min(STEPS.length - 1, next));
  STEPS.forEach((id, i) => (el(id).hidden = i !== step));
  el('setup-progress').textContent = `Step ${step + 1} of ${STEPS.length}`;
  el<HTMLButtonElement>('setup-back').disabled = step === 0;
  el('setup-next').hidden = step === STEPS.length - 1;
  if (STEPS[step] === 'setup-step-confirm') renderConfirm();
}

function goNext(): void {
  // Money and people are checked before moving on, so a typo is fixed where it was typed.
  const problems = checkAnswers();
  if (problems.length > 0 && step < 2) { status(`Please fix: ${problems.join(' ')}`, 'error'); return; }
  status('', '');
  showStep(step + 1);
}

async function readSample(): Promise<void> {
  const file = el<HTMLInputElement>('setup-sample').files?.[0];
  if (!file) return;
  const parsed = parseCsv(new Uint8Array(await file.arrayBuffer()), file.name);
  if (!parsed.ok) {
    status(`${file.name}: ${parsed.error.message}`, 'error');
    sample = null;
    renderMapping();
    return;
  }
  sample = { kind: el<HTMLSelectElement>('setup-sample-kind').value as Sample['kind'], file: file.name, headers: parsed.headers, rows: parsed.rows.slice(0, PREVIEW_ROWS) };
  status('', '');
  renderMapping();
}

const HOW: Record<string, string> = { exact: 'same name', alias: 'known alias', user_map: 'your mapping', ignored: 'not used' };

function renderMapping(): void {
  const box = el('setup-mapping');
  box.textContent = '';
  if (!sample) return;
  const current = sample;
  const settings = { column_map, base_currency: DEFAULT_SETTINGS.base_currency };
  const described = describeMapping(current.headers, current.kind, settings);
  const fields = INPUT_COLUMNS[current.kind];
  const rows = described.map((d) => {
    const select = h('select', { 'data-header': d.header, 'aria-label': `Field for ${d.header}` },
      h('option', { value: '' }, '(not used)'), ...fields.map((f) => h('option', { value: f }, f)));
    select.value = d.field ?? '';
    select.addEventListener('change', () => remap(d.header, select.value));
    return [d.header, select, HOW[d.how] ?? d.how];
  });
  box.append(h('p', {}, `${current.file}: how its columns will be read into ${current.kind}.`), table(['Your header', 'Field', 'How'], rows));
  const mapped = mapHeaders(current.headers, current.kind, settings, { what: `file ${current.file}` });
  box.append(mapped.ok
    ? h('p', { class: 'ok' }, 'Every required column is found.')
    : h('p', { class: 'error', role: 'alert' }, mapped.error.message));
  const heads = described.map((d) => (d.field ? `${d.header} → ${d.field}` : `${d.header} (not used)`));
  box.append(h('p', { class: 'muted' }, `Preview of the first ${current.rows.length} rows (nothing is written yet):`),
    h('div', { class: 'scroll' }, table(heads, current.rows)));
}

/** Points `field` at `header` (or stops using a header the user had mapped). */
function remap(header: string, field: string): void {
  for (const [f, hd] of Object.entries(column_map)) if (hd === header || f === field) delete column_map[f];
  if (field !== '') column_map[field] = header;
  renderMapping();
}

function renderConfirm(): void {
  const box = el('setup-summary');
  box.textContent = '';
  const problems = checkAnswers();
  box.append(table(['Setting', 'Value'], answers().map(([k, v]) => [k, v === '' ? '(blank)' : v])));
  if (problems.length > 0) box.append(h('p', { class: 'error', role: 'alert' }, `Fix before creating: ${problems.join(' ')}`));
  el<HTMLButtonElement>('setup-create').disabled = problems.length > 0;
}

async function create(onDone: () => Promise<void>): Promise<void> {
  const result = await act('Creating the tabs, protections and Settings', () => server.setUpWorkbook({ settings: answers() }));
  if (!result) return;
  if (!result.ok) { showRefusal(result, el('setup-errors')); return; }
  await onDone();
  status(`Set up: ${result.summary}`, 'ok');
}

export function wireSetup(onDone: () => Promise<void>): void {
  el('setup-next').addEventListener('click', goNext);
  el('setup-back').addEventListener('click', () => showStep(step - 1));
  el('setup-sample').addEventListener('change', () => void readSample());
  el('setup-sample-kind').addEventListener('change', () => {
    if (sample) sample = { ...sample, kind: el<HTMLSelectElement>('setup-sample-kind').value as Sample['kind'] };
    renderMapping();
  });
  el('setup-create').addEventListener('click', () => void create(onDone));
  showStep(0);
}
