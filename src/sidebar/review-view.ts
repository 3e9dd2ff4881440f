// The manager's review queue: commissions held for review, a page at a time, cleared or rejected
// (with a reason) in one decision.
import type { HeldReport } from '../server/actions/review';
import { act, el, h, pager, showRefusal, status, table } from './dom';
import { server } from './server';

const PAGE = 50;
let offset = 0;

export async function showReview(at = offset): Promise<void> {
  const result = await act('Loading the review queue', () => server.listHeldEntries(at, PAGE));
  if (!result) return;
  if (!result.ok) { showRefusal(result); return; }
  offset = at;
  render(result);
}

function render(report: HeldReport): void {
  const box = el('review-list');
  box.textContent = '';
  if (report.total === 0) {
    box.append(h('p', { class: 'muted' }, 'Nothing is held for review.'));
    el('review-actions').hidden = true;
    return;
  }
  const rows = report.entries.map((e) => {
    const check = h('input', { type: 'checkbox', value: e.entry_id, 'aria-label': `Select ${e.order_id}` });
    return [check, e.partner_id, e.order_id, e.conversion_date, `${e.amount} ${e.currency}`, e.flags || e.note];
  });
  box.append(table(['', 'Partner', 'Order', 'Date', 'Amount', 'Why held'], rows, new Set([4])), pager(offset, PAGE, report.total, (next) => void showReview(next)));
  el('review-actions').hidden = false;
}

async function decide(decision: 'clear' | 'reject'): Promise<void> {
  const entry_ids = Array.from(el('review-list').querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')).map((c) => c.value);
  if (entry_ids.length === 0) { status('Tick the entries to decide first.', 'error'); return; }
  const reason = el<HTMLInputElement>('review-reason').value;
  const verb = decision === 'clear' ? 'Clearing' : 'Rejecting';
  const result = await act(`${verb} ${entry_ids.length} entries`, () => server.reviewEntries({ entry_ids, decision, reason }));
  if (!result) return;
  if (!result.ok) { showRefusal(result); return; }
  el<HTMLInputElement>('review-reason').value = '';
  await showReview(0);
  status(`Done: ${result.summary}`, 'ok');
}

export function wireReview(): void {
  el('review-clear').addEventListener('click', () => void decide('clear'));
  el('review-reject').addEventListener('click', () => void decide('reject'));
}
