// Small DOM helpers shared by the sidebar's views: find an element, build one, show the status line,
// and run a server call with a busy state so nothing is sent twice.
export function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`sidebar: #${id} is missing`);
  return found as T;
}

type Child = Node | string | null | undefined | false;

/** `h('td', { class: 'num' }, '12.00')`: an element with attributes and children (text is escaped by the DOM). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

export type Tone = 'busy' | 'ok' | 'error' | '';

export function status(text: string, tone: Tone): void {
  const node = el('status');
  node.textContent = text;
  node.className = tone;
}

/** A refusal or failure from the server, as the user reads it (row errors listed under it). */
export interface Refused { ok: false; code: string; message: string; errors?: Array<{ tab: string; row: number; column: string; message: string; value: string }> }

let busy = false;

/**
 * Runs one server call with the busy state on: every button is disabled (so nothing is sent twice)
 * and the status line says what is running. A thrown error (the server crashed, the network went)
 * is shown and returns null; refusals come back as values for the caller to show.
 */
export async function act<T>(label: string, call: () => Promise<T>): Promise<T | null> {
  if (busy) return null;
  busy = true;
  document.body.classList.add('busy');
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('button:not([disabled])'));
  buttons.forEach((b) => (b.disabled = true));
  status(`${label}…`, 'busy');
  try {
    const result = await call();
    status('', '');
    return result;
  } catch (error) {
    status(`${label} failed: ${error instanceof Error ? error.message : String(error)}. Nothing more was sent; try again, and if it repeats, tell the spreadsheet owner.`, 'error');
    return null;
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    busy = false;
    document.body.classList.remove('busy');
  }
}

/** Shows a refusal in the status line and its row errors (if any) in `list`. */
export function showRefusal(result: Refused, list?: HTMLElement): void {
  status(result.message, 'error');
  if (!list) return;
  list.textContent = '';
  for (const e of result.errors ?? []) list.append(h('li', {}, `${e.tab}!${e.row}, ${e.column}: ${e.message}${e.value ? ` (${e.value})` : ''}`));
}

/** A button that is disabled with its reason shown beside it (and as its tooltip). */
export function gatedButton(label: string, gate: { allowed: boolean; reason: string }, onClick: () => void, primary = false): HTMLElement {
  const button = h('button', primary ? { class: 'primary' } : {}, label);
  button.disabled = !gate.allowed;
  if (!gate.allowed) button.title = gate.reason;
  button.addEventListener('click', onClick);
  const wrap = h('div', { class: 'gated' }, button);
  if (!gate.allowed) wrap.append(h('p', { class: 'reason', role: 'note' }, gate.reason));
  return wrap;
}

export function table(headers: string[], rows: Array<Array<string | Node>>, numeric: ReadonlySet<number> = new Set()): HTMLTableElement {
  const head = h('tr', {}, ...headers.map((t, i) => h('th', numeric.has(i) ? { class: 'num' } : {}, t)));
  const body = rows.map((r) => h('tr', {}, ...r.map((c, i) => h('td', numeric.has(i) ? { class: 'num' } : {}, c))));
  return h('table', {}, h('thead', {}, head), h('tbody', {}, ...body));
}

/** Prev / next buttons for a paged list. */
export function pager(offset: number, limit: number, total: number, go: (offset: number) => void): HTMLElement {
  if (total <= limit) return h('p', { class: 'muted' }, `${total} shown`);
  const prev = h('button', {}, '‹ Previous');
  const next = h('button', {}, 'Next ›');
  prev.disabled = offset <= 0;
  next.disabled = offset + limit >= total;
  prev.addEventListener('click', () => go(Math.max(0, offset - limit)));
  next.addEventListener('click', () => go(offset + limit));
  return h('p', { class: 'pager' }, prev, ` ${offset + 1}–${Math.min(offset + limit, total)} of ${total} `, next);
}

/** The input tabs a CSV can go into, in the order the sidebar offers them. */
const INPUT_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['conversions', 'Conversions'], ['partners', 'Partners'], ['rules', 'Commission rules'], ['fx', 'FX rates'],
];

/** Fills every `select.input-kinds` with the input tabs. */
export function fillInputKinds(): void {
  for (const select of Array.from(document.querySelectorAll<HTMLSelectElement>('select.input-kinds'))) {
    select.textContent = '';
    for (const [value, label] of INPUT_KINDS) select.append(h('option', { value }, label));
  }
}
