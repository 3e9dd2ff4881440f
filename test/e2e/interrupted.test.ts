// Apps Script can stop an action at any service call (the 6-minute limit, a quota, an outage).
// For every k, stop the action at its k-th mutating call, then run it again: the workbook must
// reach the state of an uninterrupted run, with no duplicated rows and a chain that verifies.
import type { WorkbookSession } from '../../src/local/workbook-session';
import { ActionOk, ActionRefused, EXAMPLE_SETTINGS, FINANCE, MANAGER, OPS, OWNER, body, expectOk, importAs, readExample, setUpSession } from './helpers';

type VerifyReport = ActionOk & { verified: boolean; problems: Array<{ message: string }> };

function posted(): WorkbookSession {
  const session = setUpSession({ settings: [...EXAMPLE_SETTINGS, ['min_payout', '10.00']] });
  expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
  expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
  return session;
}

/** How many mutating calls an uninterrupted run of `act` makes. */
function mutatingCallsOf(prepare: () => WorkbookSession, act: (s: WorkbookSession) => unknown): number {
  const session = prepare();
  session.emulator.resetStats();
  act(session);
  return session.emulator.stats.mutatingCalls;
}

function crashThenRetry(prepare: () => WorkbookSession, act: (s: WorkbookSession) => unknown, k: number): WorkbookSession {
  const session = prepare();
  session.emulator.injectFaultAfter(k);
  expect(() => act(session)).toThrow(/Injected fault/);
  session.emulator.injectFaultAfter(null);
  act(session);
  return session;
}

function expectVerified(session: WorkbookSession): void {
  const report = expectOk(session.run<VerifyReport | ActionRefused>(OWNER, 'verifyWorkbook'));
  expect(report.problems.map((p) => p.message)).toEqual([]);
}

describe('an interrupted postCommissions', () => {
  const post = (s: WorkbookSession) => expectOk(s.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
  const expected_ledger = (() => {
    const s = posted();
    post(s);
    return body(s, 'Ledger');
  })();
  const calls = mutatingCallsOf(posted, post);

  it('makes several mutating calls, so the sweep below covers every gap between them', () => {
    expect(calls).toBeGreaterThan(3);
  });

  for (let k = 1; k <= 12; k++) {
    it(`stopped at mutating call ${k}, then run again, leaves the Ledger of an uninterrupted run`, () => {
      if (k > calls) return; // the sweep bound is above the real count; the test above pins the count
      const session = crashThenRetry(posted, post, k);
      expect(body(session, 'Ledger')).toEqual(expected_ledger);
      expectVerified(session);
    });
  }
});

describe('an interrupted approval', () => {
  function built(): WorkbookSession {
    const session = posted();
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'buildPayoutBatch'));
    return session;
  }
  const approve = (s: WorkbookSession) => {
    const listed = expectOk(s.run<ActionOk & { batches: Array<{ batch_id: string; content_hash: string; state: string }> } | ActionRefused>(MANAGER, 'getBatches'));
    const batch = listed.batches[listed.batches.length - 1];
    if (batch.state === 'approved') return;
    expectOk(s.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash));
  };
  const calls = mutatingCallsOf(built, approve);

  for (let k = 1; k <= 16; k++) {
    it(`stopped at mutating call ${k}, then approved again, ends approved with its payout tab, exportable`, () => {
      if (k > calls) return;
      const session = crashThenRetry(built, approve, k);
      const tabs = session.emulator.workbook.sheetNames();
      expect(tabs.filter((t) => t.startsWith('Payout '))).toHaveLength(1);
      expectVerified(session);
      const listed = expectOk(session.run<ActionOk & { batches: Array<{ batch_id: string; state: string }> } | ActionRefused>(FINANCE, 'getBatches'));
      expect(listed.batches.map((b) => b.state)).toEqual(['approved']);
      expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'exportPayoutFile', listed.batches[0].batch_id));
    });
  }
});

describe('rows appended by hand with a valid-looking chain', () => {
  it('are reported by Verify and stop every action that writes, because no recorded intent explains them', () => {
    const session = posted();
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
    const ledger = session.emulator.workbook.values('Ledger');
    const last = ledger[ledger.length - 1].map(String);
    // A forger who knows the scheme chains a copy of the last row onto the current head.
    const { chainRows } = jest.requireActual('../../src/core/audit/tab-chain') as typeof import('../../src/core/audit/tab-chain');
    const { sha256Hex } = jest.requireActual('../../src/core/audit/sha256') as typeof import('../../src/core/audit/sha256');
    const body_cells = last.slice(0, -2).map((v, i) => (i === 0 ? 'E-forged' : v));
    const forged = chainRows(last[last.length - 1], [body_cells], sha256Hex).rows[0];
    session.emulator.workbook.setValues('Ledger', ledger.length + 1, 1, [forged], { raw: true });
    const report = expectOk(session.run<VerifyReport | ActionRefused>(OWNER, 'verifyWorkbook'));
    expect(report.verified).toBe(false);
    const rows_before = body(session, 'Ledger').length;
    // Every action that writes is refused until the tab is restored: nothing is chained onto
    // rows of unknown origin, and nothing is batched from them.
    const refused = session.run<ActionRefused>(OPS, 'buildPayoutBatch');
    expect(refused).toMatchObject({ ok: false, code: 'FAILED' });
    expect(refused.message).toMatch(/^Ledger has (\d+) data rows, 1 more than the (\d+) Partner Ledger wrote: rows were added or deleted by hand/);
    const csv = readExample('conversions.csv');
    const import_refused = importAs<ActionRefused>(session, OPS, 'conversions', { ...csv, rows: [['A-9001', 'ADA10', 'C-900', 'x@mailbox.example', '10.00', 'USD', '2026-05-01', 'sale', 'cable']], line_of_row: [2] });
    expect(import_refused).toMatchObject({ ok: false, code: 'FAILED' });
    expect(session.run<ActionRefused>(OPS, 'postCommissions')).toMatchObject({ ok: false, code: 'FAILED' });
    expect(body(session, 'Ledger')).toHaveLength(rows_before);
  });
});
