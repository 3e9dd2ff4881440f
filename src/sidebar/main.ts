// The sidebar: reads a small summary when it opens (who you are, your roles, input counts, the first
// page of problems), then shows the view for your role. Every server call goes through the typed
// `server` wrapper; the views fetch what they show on demand, a page at a time.
import type { SidebarSummary } from '../server/actions/summary';
import { showBatches } from './batch-lists';
import { act, el, fillInputKinds, h, status } from './dom';
import { showOps, wireOps } from './ops-view';
import { showProblems } from './problems';
import { showReview, wireReview } from './review-view';
import { server } from './server';
import { wireSetup } from './setup-interview';

type View = 'setup' | 'ops' | 'review' | 'batches' | 'finance';
const VIEWS: readonly View[] = ['setup', 'ops', 'review', 'batches', 'finance'];

let current: View = 'ops';

async function showView(view: View): Promise<void> {
  current = view;
  for (const v of VIEWS) el(`view-${v}`).hidden = v !== view;
  for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('nav button'))) {
    tab.setAttribute('aria-selected', String(tab.dataset.view === view));
  }
  if (view === 'ops') await showOps();
  if (view === 'review') await showReview(0);
  if (view === 'batches') await showBatches('all');
  if (view === 'finance') await showBatches('payable');
}

/** The view a role starts in: managers approve, finance pays, everyone else operates. */
function firstView(summary: SidebarSummary): View {
  if (!summary.set_up) return 'setup';
  const roles = new Set(summary.roles);
  if (roles.has('operator')) return 'ops';
  if (roles.has('manager')) return 'batches';
  if (roles.has('finance')) return 'finance';
  return 'ops';
}

/** Re-reads the small summary (counts, first problems) without changing the view. */
async function refreshSummary(): Promise<void> {
  const summary = await act('Loading', () => server.getSummary());
  if (summary && summary.ok) render(summary);
}

function render(summary: SidebarSummary): void {
  const roles = summary.roles.length > 0 ? summary.roles.join(', ') : 'no role';
  el('who').textContent = summary.email === ''
    ? 'Your email is hidden from the add-on: you can look, but actions that change data are refused.'
    : `${summary.email} · ${roles}`;
  el('views').hidden = !summary.set_up;
  const counts = el('counts');
  counts.textContent = '';
  for (const [label, value] of summary.counts) counts.append(h('dt', {}, label), h('dd', {}, String(value)));
  showProblems(summary.exceptions, summary.exception_total);
}

async function refresh(): Promise<void> {
  const summary = await act('Loading', () => server.getSummary());
  if (!summary) return;
  if (!summary.ok) { status(summary.message, 'error'); return; }
  render(summary);
  await showView(firstView(summary));
}

for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('nav button'))) {
  tab.addEventListener('click', () => void showView(tab.dataset.view as View));
}
el('refresh').addEventListener('click', () => void showView(current));
fillInputKinds();
wireSetup(refresh);
wireOps(refreshSummary);
wireReview();
void refresh();
