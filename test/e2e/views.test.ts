// The sidebar's read-only views, through the built bundle: totals by status, "why is this partner
// not being paid?", batch review with its gates (which must agree with the actions themselves), and
// paged problems.
import { EXAMPLE_SETTINGS, FINANCE, MANAGER, OPS, OWNER, ActionOk, ActionRefused, expectOk, importAs, readExample, setUpSession } from './helpers';
import type { WorkbookSession } from '../../src/local/workbook-session';

const SETTINGS: Array<[string, string]> = [...EXAMPLE_SETTINGS, ['min_payout', '25.00'], ['review_above', '2000.00'], ['company_domains', 'acme.example']];

function postedMonth(as_of = '2026-05-31'): WorkbookSession {
  const session = setUpSession({ settings: SETTINGS, as_of });
  for (const kind of ['partners', 'conversions', 'rules', 'fx'] as const) expectOk(importAs(session, OPS, kind, readExample(`${kind}.csv`)));
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
  return session;
}

interface Dashboard extends ActionOk {
  status_totals: Array<{ status: string; currency: string; entry_count: number; amount: string }>; held_count: number; batches: Array<{ batch_id: string; state: string }>;
  capacity: { cells: number; limit: number; percent_used: number; largest: Array<{ tab: string; cells: number }>; warning: string };
}
interface Explain extends ActionOk { explanation: { partner_id: string; lines: string[]; next_eligible_on: string } }
interface Gate { allowed: boolean; reason: string }
interface Review extends ActionOk {
  batch: { batch_id: string; content_hash: string; lines: Array<{ partner_id: string }>; line_total: number };
  line_offset: number; skipped: Array<{ partner_id: string; reason: string }>;
  gates: Record<'approve' | 'reject' | 'void' | 'export' | 'mark_paid', Gate>;
}

function explain(session: WorkbookSession, query: string): string[] {
  return expectOk(session.run<Explain | ActionRefused>(OPS, 'explainPartnerPayment', query)).explanation.lines;
}

describe('getDashboard', () => {
  test('totals by status add up to the ledger, in workflow order, with held entries counted', () => {
    const session = postedMonth();
    const report = expectOk(session.run<Dashboard | ActionRefused>(OPS, 'getDashboard'));
    expect(report.status_totals.map((t) => t.status)).toEqual(['pending', 'eligible', 'held', 'batched', 'approved', 'paid', 'rejected']);
    const ledger = session.emulator.workbook.values('Ledger');
    const amount = ledger[0].indexOf('amount_minor');
    const kind = ledger[0].indexOf('kind');
    const sum = ledger.slice(1).filter((r) => r[kind] !== 'payout').reduce((s, r) => s + Number(r[amount]), 0);
    const shown = report.status_totals.reduce((s, t) => s + Math.round(Number(t.amount) * 100), 0);
    expect(shown).toBe(sum);
    expect(report.status_totals.reduce((n, t) => n + t.entry_count, 0)).toBe(ledger.length - 1);
    const held = expectOk(session.run<ActionOk & { total: number } | ActionRefused>(MANAGER, 'listHeldEntries', 0, 50));
    expect(report.held_count).toBe(held.total);
    expect(report.held_count).toBe(3);
  });

  test('says how much of Google Sheets\' cell limit the spreadsheet uses, and warns from 80% on', () => {
    const session = postedMonth();
    const report = expectOk(session.run<Dashboard | ActionRefused>(OPS, 'getDashboard'));
    expect(report.capacity.cells).toBe(session.emulator.workbookCells());
    expect(report.capacity.limit).toBe(10_000_000);
    expect(report.capacity.percent_used).toBe(Math.floor(session.emulator.workbookCells() / 100_000));
    expect(report.capacity.largest).toHaveLength(3);
    const ledger = session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger')!;
    expect(report.capacity.largest.map((t) => t.cells)).toContain(ledger.getMaxRows() * ledger.getMaxColumns());
    expect(report.capacity.warning).toBe('');

    // The owner keeps an archive tab that takes the spreadsheet past 80%.
    session.emulator.setActiveUser(OWNER);
    const archive = session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().insertSheet('Archive 2025');
    archive.insertRowsAfter(archive.getMaxRows(), Math.ceil((8_100_000 - session.emulator.workbookCells()) / archive.getMaxColumns()));
    const full = expectOk(session.run<Dashboard | ActionRefused>(OPS, 'getDashboard'));
    expect(full.capacity.percent_used).toBe(81);
    expect(full.capacity.largest[0]).toEqual({ tab: 'Archive 2025', cells: archive.getMaxRows() * archive.getMaxColumns() });
    expect(full.capacity.warning).toContain('This spreadsheet is 81% full');
    expect(full.capacity.warning).toContain('Start a new spreadsheet for the next period');
  });
});

describe('explainPartnerPayment: why is this partner not being paid?', () => {
  test('gives the batch skip reason in words, finds partners by code or email, and refuses an unknown one', () => {
    const session = postedMonth();
    expect(explain(session, 'P-0005').join(' ')).toMatch(/Elena Fitness \(P-0005\) is inactive .*set status to active/);
    expect(explain(session, 'P-0006').join(' ')).toContain('below the minimum payout of 25.00 USD');
    const by_id = explain(session, 'P-0001');
    expect(by_id.join(' ')).toContain('held for review');
    const refused = session.run<ActionRefused>(OPS, 'explainPartnerPayment', 'nobody-at-all');
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(refused.message).toContain('No partner matches "nobody-at-all"');
  });

  test('follows a partner through a batch: next batch, awaiting approval, awaiting payment, paid', () => {
    const session = postedMonth();
    const partner = 'P-0003';
    expect(explain(session, partner).join(' ')).toMatch(/eligible and will be paid by the next batch \(\d+ entries, by \w+ to /);
    const built = expectOk(session.run<ActionOk & { batch: { batch_id: string; content_hash: string } } | ActionRefused>(OPS, 'buildPayoutBatch'));
    expect(explain(session, partner).join(' ')).toContain(`is in batch ${built.batch.batch_id}, waiting for a manager's approval`);
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash));
    expect(explain(session, partner).join(' ')).toContain('approved and waiting for finance');
    expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'markPayoutBatchPaid', built.batch.batch_id, 'REF-1'));
    expect(explain(session, partner).join(' ')).toMatch(/^Paid so far: \d+\.\d\d USD in 1 payment/);
  });

  test('money still in the hold says when it becomes eligible', () => {
    const session = postedMonth('2026-04-20');
    const report = expectOk(session.run<Dashboard | ActionRefused>(OPS, 'getDashboard'));
    expect(report.status_totals.find((t) => t.status === 'pending')!.entry_count).toBeGreaterThan(0);
    const pending_partner = ['P-0001', 'P-0002', 'P-0003', 'P-0004', 'P-0007']
      .map((id) => session.run<Explain>(OPS, 'explainPartnerPayment', id))
      .find((r) => r.ok && r.explanation.next_eligible_on !== '');
    expect(pending_partner).toBeDefined();
    const { lines, next_eligible_on } = pending_partner!.explanation;
    expect(next_eligible_on > '2026-04-20').toBe(true);
    expect(lines.join(' ')).toMatch(new RegExp(`30-day hold \\(Settings: hold_days\\) and becomes eligible (on|from) ${next_eligible_on}`));
  });
});

describe('getBatchReview', () => {
  function built(): { session: WorkbookSession; batch_id: string; skipped: Array<{ partner_id: string; reason: string }> } {
    const session = postedMonth();
    const result = expectOk(session.run<ActionOk & { batch: { batch_id: string }; skipped: Array<{ partner_id: string; reason: string }> } | ActionRefused>(OPS, 'buildPayoutBatch'));
    return { session, batch_id: result.batch.batch_id, skipped: result.skipped };
  }

  test('pages the lines and lists who the draft leaves out, as the build did', () => {
    const { session, batch_id, skipped } = built();
    const first = expectOk(session.run<Review | ActionRefused>(MANAGER, 'getBatchReview', batch_id, 0, 2));
    const rest = expectOk(session.run<Review | ActionRefused>(MANAGER, 'getBatchReview', batch_id, 2, 50));
    expect(first.batch.line_total).toBe(4);
    expect(first.batch.lines).toHaveLength(2);
    expect(rest.batch.lines).toHaveLength(2);
    expect(rest.line_offset).toBe(2);
    expect(new Set([...first.batch.lines, ...rest.batch.lines].map((l) => l.partner_id)).size).toBe(4);
    // Everyone the build skipped, plus partners in the batch whose held entries stay behind.
    const listed = first.skipped.map((s) => `${s.partner_id}:${s.reason}`);
    expect(listed).toEqual(expect.arrayContaining(skipped.map((s) => `${s.partner_id}:${s.reason}`)));
    expect(skipped.length).toBeGreaterThanOrEqual(3);
    const in_batch = new Set([...first.batch.lines, ...rest.batch.lines].map((l) => l.partner_id));
    for (const extra of first.skipped.filter((s) => !skipped.some((k) => k.partner_id === s.partner_id))) {
      expect(in_batch.has(extra.partner_id)).toBe(true);
      expect(extra.reason).toBe('HELD_FOR_REVIEW');
    }
  });

  test.each([
    [OPS, false, /may not approve: only managers/],
    [FINANCE, false, /may not approve: only managers/],
    ['', false, /did not tell the add-on who you are/],
    [MANAGER, true, /^$/],
    [OWNER, true, /^$/],
  ])('the Approve gate for %p agrees with approving', (user, allowed, reason) => {
    const { session, batch_id } = built();
    const review = expectOk(session.run<Review | ActionRefused>(user, 'getBatchReview', batch_id, 0, 50));
    expect(review.gates.approve.allowed).toBe(allowed);
    expect(review.gates.approve.reason).toMatch(reason);
    const approved = session.run<ActionOk | ActionRefused>(user, 'approvePayoutBatch', batch_id, review.batch.content_hash);
    expect(approved.ok).toBe(allowed);
    if (!approved.ok) expect(approved.message).toContain(review.gates.approve.reason);
  });

  test('separation of duties: the builder sees why, and export and mark paid open only once approved', () => {
    const session = postedMonth();
    const result = expectOk(session.run<ActionOk & { batch: { batch_id: string; content_hash: string } } | ActionRefused>(MANAGER, 'buildPayoutBatch'));
    const id = result.batch.batch_id;
    const own = expectOk(session.run<Review | ActionRefused>(MANAGER, 'getBatchReview', id, 0, 50));
    expect(own.gates.approve).toEqual({ allowed: false, reason: expect.stringContaining(`built batch ${id}, so another manager must approve it`) });
    const finance_draft = expectOk(session.run<Review | ActionRefused>(FINANCE, 'getBatchReview', id, 0, 50));
    expect(finance_draft.gates.export.allowed).toBe(false);
    expect(finance_draft.gates.export.reason).toContain('only an approved batch has a payout file');
    expectOk(session.run<ActionOk | ActionRefused>(OWNER, 'approvePayoutBatch', id, result.batch.content_hash));
    const finance = expectOk(session.run<Review | ActionRefused>(FINANCE, 'getBatchReview', id, 0, 50));
    expect(finance.gates.export.allowed).toBe(true);
    expect(finance.gates.mark_paid.allowed).toBe(true);
    expect(finance.gates.void.allowed).toBe(false);
    const ops = expectOk(session.run<Review | ActionRefused>(OPS, 'getBatchReview', id, 0, 50));
    expect(ops.gates.mark_paid.allowed).toBe(false);
    // Reading a review writes nothing.
    const audit_rows = session.emulator.workbook.values('Audit').length;
    session.run(OPS, 'getBatchReview', id, 0, 50);
    expect(session.emulator.workbook.values('Audit').length).toBe(audit_rows);
  });
});

test('getExceptions pages the Exceptions tab', () => {
  const session = postedMonth();
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'validateInputs'));
  const all = expectOk(session.run<ActionOk & { total: number; errors: Array<{ row: number }> } | ActionRefused>(OPS, 'getExceptions', 0, 500));
  expect(all.total).toBeGreaterThan(3);
  const page2 = expectOk(session.run<ActionOk & { total: number; offset: number; errors: Array<{ row: number }> } | ActionRefused>(OPS, 'getExceptions', 2, 2));
  expect(page2.offset).toBe(2);
  expect(page2.errors).toEqual(all.errors.slice(2, 4));
});

test('the batch list the manager and finance views open on reads the Batches tab, not the Ledger', () => {
  const session = postedMonth();
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'buildPayoutBatch'));
  const ledger_cells = session.emulator.workbook.values('Ledger').length * session.emulator.workbook.values('Ledger')[0].length;
  const batches_cells = session.emulator.workbook.values('Batches').length * session.emulator.workbook.values('Batches')[0].length;
  session.emulator.resetStats();
  const list = expectOk(session.run<ActionOk & { batches: Array<{ batch_id: string; state: string }> } | ActionRefused>(FINANCE, 'getBatchList'));
  expect(list.batches).toEqual([expect.objectContaining({ batch_id: 'B-20260531-1', state: 'draft' })]);
  expect(session.emulator.stats.cellsRead).toBeLessThan(ledger_cells);
  expect(session.emulator.stats.cellsRead).toBeLessThan(batches_cells + 200);
});
