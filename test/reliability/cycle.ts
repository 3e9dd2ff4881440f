// The month's cycle on the example data, as the steps a user takes: every mutating action of the
// add-on appears at least once (import, validate, post, clear and reject a held entry, build,
// reject, approve, export, void, mark paid). A step is a user's intent ("approve the latest batch"), so
// running it again after an interruption is what the user would do.
import type { WorkbookSession } from '../../src/local/workbook-session';
import {
  EXAMPLE_SETTINGS, FINANCE, MANAGER, OPS, expectOk, importAs, readExample, setUpSession,
} from '../e2e/helpers';
import { latestBatch, type Result } from './support';

export const SECOND_MANAGER = 'mo.manager@acme.example';

export const CYCLE_SETTINGS: Array<[string, string]> = [
  ...EXAMPLE_SETTINGS.filter(([k]) => k !== 'managers'), ['managers', `${MANAGER},${SECOND_MANAGER}`], ['min_payout', '10.00'],
  // Large sales are held for review, so the cycle has entries to clear and to reject.
  ['review_above', '100.00'],
];

export interface Step {
  name: string;
  run(session: WorkbookSession): Result;
}

type HeldReport = { ok: true; summary: string; entries: Array<{ entry_id: string }> };

/** The n-th held entry (0-based) as the manager's review queue lists it now. */
function held(session: WorkbookSession, n: number): string | null {
  const listed = session.run<HeldReport | Result>(MANAGER, 'listHeldEntries', 0, 50) as HeldReport;
  return listed.entries[n]?.entry_id ?? null;
}

/**
 * Review steps name their entry when the cycle is planned (`plan`), as the manager's click names
 * the row they saw: a retry after an interruption decides the same entry again.
 */
export function cycleSteps(plan: { clear: string; reject: string }): Step[] {
  return [
    { name: 'import partners', run: (s) => importAs<Result>(s, OPS, 'partners', readExample('partners.csv')) },
    { name: 'import conversions', run: (s) => importAs<Result>(s, OPS, 'conversions', readExample('conversions.csv')) },
    { name: 'import fx', run: (s) => importAs<Result>(s, OPS, 'fx', readExample('fx.csv')) },
    { name: 'validate', run: (s) => s.run<Result>(OPS, 'validateInputs') },
    { name: 'post', run: (s) => s.run<Result>(OPS, 'postCommissions') },
    { name: 'clear review', run: (s) => s.run<Result>(MANAGER, 'reviewEntries', { entry_ids: [plan.clear], decision: 'clear', reason: '' }) },
    { name: 'reject review', run: (s) => s.run<Result>(MANAGER, 'reviewEntries', { entry_ids: [plan.reject], decision: 'reject', reason: 'self-referral confirmed' }) },
    { name: 'build batch', run: (s) => s.run<Result>(OPS, 'buildPayoutBatch') },
    { name: 'reject batch', run: (s) => s.run<Result>(MANAGER, 'rejectPayoutBatch', latestBatch(s, MANAGER).batch_id, 'wrong month') },
    { name: 'build batch again', run: (s) => s.run<Result>(OPS, 'buildPayoutBatch') },
    { name: 'approve', run: (s) => approveLatest(s, MANAGER) },
    { name: 'export', run: (s) => s.run<Result>(FINANCE, 'exportPayoutFile', latestBatch(s, FINANCE).batch_id) },
    { name: 'void', run: (s) => s.run<Result>(SECOND_MANAGER, 'voidPayoutBatch', latestBatch(s, SECOND_MANAGER).batch_id, 'bank details to be checked') },
    { name: 'build third batch', run: (s) => s.run<Result>(OPS, 'buildPayoutBatch') },
    { name: 'approve third', run: (s) => approveLatest(s, SECOND_MANAGER) },
    { name: 'mark paid', run: (s) => s.run<Result>(FINANCE, 'markPayoutBatchPaid', latestBatch(s, FINANCE).batch_id, 'BANK-2026-06-01-17') },
  ];
}

export function approveLatest(session: WorkbookSession, manager: string): Result {
  const batch = latestBatch(session, manager);
  return session.run<Result>(manager, 'approvePayoutBatch', batch.batch_id, batch.content_hash);
}

/** A set-up workbook for the cycle, and the held entries its review steps decide. */
export function startCycle(): { session: WorkbookSession; steps: Step[] } {
  const session = setUpSession({ settings: CYCLE_SETTINGS });
  // The held entries are known once posted: plan on a throwaway copy of the steps up to the post.
  const probe = setUpSession({ settings: CYCLE_SETTINGS });
  for (const step of cycleSteps({ clear: '', reject: '' }).slice(0, 5)) expectOk(step.run(probe));
  const clear = held(probe, 0);
  const reject = held(probe, 1);
  if (!clear || !reject) throw new Error('the example month should hold at least two entries for review');
  return { session, steps: cycleSteps({ clear, reject }) };
}
