// Batches: the list, and one batch under review — totals per currency, its lines a page at a time,
// who is left out and why, and the buttons the caller may press. A button the caller may not press
// is disabled with the server's reason (not a manager, built this batch, email unavailable …).
// Managers approve and reject here; finance downloads the payout file and marks it paid.
import type { BatchReview } from '../server/actions/views';
import { act, el, gatedButton, h, pager, showRefusal, status, table } from './dom';
import { server } from './server';

const LINES_PAGE = 50;

/** Which list a view shows: managers look at drafts first, finance at approved batches. */
export type BatchFilter = 'all' | 'payable';

export async function showBatches(filter: BatchFilter): Promise<void> {
  const target = filter === 'payable' ? el('finance-list') : el('batch-list');
  const result = await act('Loading batches', () => server.getBatchList());
  if (!result) return;
  if (!result.ok) { showRefusal(result); return; }
  target.textContent = '';
  const batches = result.batches.filter((b) => filter === 'all' || b.state === 'approved' || b.state === 'paid');
  if (batches.length === 0) {
    target.append(h('p', { class: 'muted' }, filter === 'payable' ? 'No batch is approved for payment yet.' : 'No batches yet: ops build one from the Ops view.'));
    return;
  }
  for (const b of batches) {
    const totals = b.totals.map((t) => `${t.amount} ${t.currency}`).join(' + ');
    const open = h('button', { 'data-batch': b.batch_id }, 'Open');
    open.addEventListener('click', () => void openBatch(b.batch_id, filter, 0));
    target.append(h('div', { class: `batch-row state-${b.state}` }, h('strong', {}, b.batch_id), ` ${b.state} · ${totals} · by ${b.created_by} `, open));
  }
}

export async function openBatch(batch_id: string, filter: BatchFilter, offset: number): Promise<void> {
  const result = await act(`Opening ${batch_id}`, () => server.getBatchReview(batch_id, offset, LINES_PAGE));
  if (!result) return;
  if (!result.ok) { showRefusal(result); return; }
  render(result, filter === 'payable' ? el('finance-detail') : el('batch-detail'), filter);
}

function render(review: BatchReview, box: HTMLElement, filter: BatchFilter): void {
  const { batch, gates } = review;
  box.textContent = '';
  box.append(h('h3', {}, `${batch.batch_id} · ${batch.state}`),
    h('p', { class: 'muted' }, `As of ${batch.as_of}, built by ${batch.created_by}. Content hash ${batch.content_hash.slice(0, 16)}…`));
  box.append(table(['Currency', 'Partners', 'Total'], batch.totals.map((t) => [t.currency, String(t.line_count), t.amount]), new Set([1, 2])));
  // Three columns fit the 300-px sidebar: who, where the money goes, how much (and from how many entries).
  const lines = batch.lines.map((l) => [
    h('span', {}, h('span', { class: 'id' }, l.partner_id), h('br'), h('span', { class: 'muted' }, l.name)),
    h('span', { class: 'account' }, `${l.payout_method} ${l.payout_account}`),
    h('span', {}, `${l.amount} ${l.currency}`, h('br'), h('span', { class: 'muted' }, `${l.entry_count} entries`)),
  ]);
  box.append(h('div', { class: 'scroll' }, table(['Partner', 'Pay to', 'Amount'], lines, new Set([2]))),
    pager(review.line_offset, LINES_PAGE, batch.line_total, (next) => void openBatch(batch.batch_id, filter, next)));
  if (review.skipped.length > 0) {
    box.append(h('p', { class: 'muted' }, `Not in this batch (${review.skipped.length}):`), h('ul', { class: 'skips' }, ...review.skipped.map((s) => h('li', {}, s.message))));
  }
  const actions = h('div', { class: 'actions' });
  if (filter === 'all') {
    if (batch.state === 'draft') {
      // The hash sent back is the one this view showed: approval is refused if the batch changed since.
      actions.append(gatedButton('Approve', gates.approve, () => void transition('approve', batch.batch_id, batch.content_hash, filter), true));
      const reason = h('input', { type: 'text', id: 'reject-reason', placeholder: 'Reason for rejecting' });
      actions.append(reason, gatedButton('Reject', gates.reject, () => void transition('reject', batch.batch_id, reason.value, filter)));
    } else if (batch.state === 'approved') {
      const reason = h('input', { type: 'text', id: 'void-reason', placeholder: 'Reason for voiding' });
      actions.append(reason, gatedButton('Void', gates.void, () => void transition('void', batch.batch_id, reason.value, filter)));
    }
  } else {
    actions.append(gatedButton('Download payout CSV', gates.export, () => void download(batch.batch_id), true));
    if (batch.state === 'approved') {
      const reference = h('input', { type: 'text', id: 'payment-reference', placeholder: 'Payment reference from your bank' });
      actions.append(reference, gatedButton('Mark paid', gates.mark_paid, () => void transition('paid', batch.batch_id, reference.value, filter)));
    }
  }
  box.append(actions);
}

async function transition(kind: 'approve' | 'reject' | 'void' | 'paid', batch_id: string, arg: string, filter: BatchFilter): Promise<void> {
  const label = { approve: 'Approving', reject: 'Rejecting', void: 'Voiding', paid: 'Marking paid' }[kind];
  const result = await act(`${label} ${batch_id}`, () =>
    kind === 'approve' ? server.approvePayoutBatch(batch_id, arg)
      : kind === 'reject' ? server.rejectPayoutBatch(batch_id, arg)
        : kind === 'void' ? server.voidPayoutBatch(batch_id, arg)
          : server.markPayoutBatchPaid(batch_id, arg));
  if (!result) return;
  if (!result.ok) { showRefusal(result); return; }
  await showBatches(filter);
  await openBatch(batch_id, filter, 0);
  status(`Done: ${result.summary}`, 'ok');
}

/** The payout file as a CSV Blob download: no Drive scope needed, and the bytes are the export's. */
async function download(batch_id: string): Promise<void> {
  const result = await act(`Exporting ${batch_id}`, () => server.exportPayoutFile(batch_id));
  if (!result) return;
  if (!result.ok) { showRefusal(result); return; }
  const box = el('finance-files');
  box.textContent = '';
  for (const file of result.files) {
    const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
    const link = h('a', { href: url, download: file.name, class: 'download' }, `Download ${file.name}`);
    box.append(h('p', {}, link, ` · control total: ${file.row_count} rows, ${file.sum} ${file.currency}`));
  }
  // The first file downloads at once; every file keeps its own link (PayPal splits large batches).
  box.querySelector<HTMLAnchorElement>('a.download')?.click();
  status(`Exported: ${result.summary}`, 'ok');
}
