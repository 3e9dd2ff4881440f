// The Problems list: row errors and posting exceptions, a page at a time, each with a link that
// selects the offending cell in the spreadsheet.
import type { RowError } from '../core/model';
import { act, el, h, pager, status } from './dom';
import { server } from './server';

export const PROBLEMS_PAGE = 50;

export function showProblems(errors: RowError[], total: number, offset = 0): void {
  const list = el('problems');
  list.textContent = '';
  list.setAttribute('start', String(offset + 1));
  for (const e of errors) {
    const link = h('a', { href: '#', title: 'Select this cell in the spreadsheet' }, `${e.tab}!${e.row}, ${e.column}`);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      void server.selectCell(e.tab, e.row, e.column).then((r) => { if (!r.ok) status(r.message, 'error'); });
    });
    list.append(h('li', {}, link, `: ${e.message}${e.value ? ` (${e.value})` : ''}`));
  }
  el('problem-count').textContent = String(total);
  el('problems-card').hidden = total === 0;
  const nav = el('problems-pager');
  nav.textContent = '';
  nav.append(pager(offset, PROBLEMS_PAGE, total, (next) => void loadProblems(next)));
}

export async function loadProblems(offset: number): Promise<void> {
  const result = await act('Loading problems', () => server.getExceptions(offset, PROBLEMS_PAGE));
  if (!result) return;
  if (!result.ok) { status(result.message, 'error'); return; }
  showProblems(result.errors, result.total, result.offset);
}
