// Where money leaves, end to end in the built add-on: the approval gate, the payout tab and file,
// changed payout details, payment, and tamper evidence on every protected tab.
import type { WorkbookSession } from '../../src/local/workbook-session';
import {
  ActionOk, ActionRefused, EXAMPLE_SETTINGS, FINANCE, MANAGER, OPS, OWNER, body, columnOf, expectOk, importAs, readExample,
  rewriteTab, setUpSession,
} from './helpers';

interface BatchView { batch_id: string; state: string; content_hash: string; totals: Array<{ currency: string; amount: string }> }
type BuildReport = ActionOk & { batch: BatchView; skipped: Array<{ partner_id: string; reason: string }> };
type ExportReport = ActionOk & { files: Array<{ name: string; csv: string; row_count: number; sum: string }> };
type VerifyReport = ActionOk & { verified: boolean; problems: Array<{ tab: string; row: number; kind: string; message: string }> };

const SECOND_MANAGER = 'mo.manager@acme.example';

/** The example month posted and batched by ops; a second manager exists to test separation of duties. */
function batched(): { session: WorkbookSession; batch: BatchView; summary: string } {
  const session = setUpSession({ settings: [...EXAMPLE_SETTINGS.filter(([k]) => k !== 'managers'), ['managers', `${MANAGER},${SECOND_MANAGER}`], ['min_payout', '25.00']] });
  expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
  expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
  const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
  return { session, batch: built.batch, summary: built.summary };
}

function approved(): { session: WorkbookSession; batch: BatchView } {
  const { session, batch } = batched();
  expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash));
  return { session, batch };
}

/** Everything but Audit, which records refusals. */
function stateWithoutAudit(session: WorkbookSession): string {
  const names = session.emulator.workbook.sheetNames().filter((n) => n !== 'Audit');
  return JSON.stringify(names.map((n) => [n, session.emulator.workbook.values(n)]));
}

function auditActions(session: WorkbookSession): string[] {
  return body(session, 'Audit').map((row) => String(row[2]));
}

describe('buildPayoutBatch', () => {
  it('pays partners above the minimum and lists the others with their reasons', () => {
    const session = setUpSession({ settings: [...EXAMPLE_SETTINGS, ['min_payout', '25.00']] });
    expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
    expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
    const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
    expect(built.batch.state).toBe('draft');
    const reasons = Object.fromEntries(built.skipped.map((s) => [s.partner_id, s.reason]));
    expect(reasons['P-0005']).toBe('INACTIVE');
    // Carlos is owed 11.10 without the FX file (his EUR and JPY sales wait for rates): below 25.00.
    expect(reasons['P-0003']).toBe('BELOW_MIN_PAYOUT');
    expect(session.run<ActionRefused>(OPS, 'buildPayoutBatch')).toMatchObject({ ok: false });
  });

  it('says who was skipped and why when there is nothing to pay: a count per reason, how to fix it, and the first partners', () => {
    const session = setUpSession({ settings: [...EXAMPLE_SETTINGS, ['min_payout', '5000.00']] });
    expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
    expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
    const refused = session.run<ActionRefused>(OPS, 'buildPayoutBatch');
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toMatch(/^Nothing to pay as of 2026-05-31: every partner with money due was skipped \(5 BELOW_MIN_PAYOUT, 1 INACTIVE\)\. No batch was created\. /);
    expect(refused.message).toContain("BELOW_MIN_PAYOUT (5): Ada's Audio Reviews (P-0001) is owed 27.40 USD, below the minimum payout of 5000.00 USD (Settings: min_payout)");
    expect(refused.message).toContain('Also BELOW_MIN_PAYOUT: Brightside Deals (P-0002), Carlos Tech Tips (P-0003), Daily Coupon Hub (P-0004) and 1 more.');
    expect(refused.message).toContain('INACTIVE (1): Elena Fitness (P-0005) is inactive (Partners: status)');
    expect(session.emulator.workbook.values('Batches').length).toBe(1);
  });
});

describe('approvePayoutBatch', () => {
  it('refuses a non-manager, audits the refusal and changes nothing else', () => {
    const { session, batch } = batched();
    const before = stateWithoutAudit(session);
    expect(session.run<ActionRefused>(OPS, 'approvePayoutBatch', batch.batch_id, batch.content_hash)).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    expect(stateWithoutAudit(session)).toEqual(before);
    expect(auditActions(session)).toContain('REFUSED');
  });

  it('refuses an empty email (identity unknown), changing nothing', () => {
    const { session, batch } = batched();
    const before = stateWithoutAudit(session);
    expect(session.run<ActionRefused>('', 'approvePayoutBatch', batch.batch_id, batch.content_hash)).toMatchObject({ ok: false, code: 'NO_EMAIL' });
    expect(stateWithoutAudit(session)).toEqual(before);
  });

  it('refuses the manager who built the batch when separation of duties is on', () => {
    const session = setUpSession({ settings: [...EXAMPLE_SETTINGS.filter(([k]) => k !== 'managers'), ['managers', `${MANAGER},${SECOND_MANAGER}`]] });
    expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
    expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
    const built = expectOk(session.run<BuildReport | ActionRefused>(MANAGER, 'buildPayoutBatch'));
    const before = stateWithoutAudit(session);
    const refused = session.run<ActionRefused>(MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/another manager must approve/);
    expect(stateWithoutAudit(session)).toEqual(before);
    expect(auditActions(session)).toContain('APPROVE_REFUSED');
    expectOk(session.run<ActionOk | ActionRefused>(SECOND_MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash));
  });

  it('refuses a stale hash: the manager must approve what they saw', () => {
    const { session, batch } = batched();
    const refused = session.run<ActionRefused>(MANAGER, 'approvePayoutBatch', batch.batch_id, 'f'.repeat(64));
    expect(refused.message).toMatch(/changed since you looked/);
    expect(session.emulator.workbook.sheetNames()).not.toContain(`Payout ${batch.batch_id}`);
  });

  it('writes a protected Payout tab whose CSV download equals the exported payout file', () => {
    const { session, batch } = approved();
    const tab = `Payout ${batch.batch_id}`;
    expect(session.emulator.workbook.protection(tab)).not.toBeNull();
    const exported = expectOk(session.run<ExportReport | ActionRefused>(FINANCE, 'exportPayoutFile', batch.batch_id));
    expect(exported.files).toHaveLength(1);
    const tab_csv = session.emulator.workbook.values(tab).filter((r) => r.some((v) => v !== '')).map((r) => r.join(',')).join('\r\n') + '\r\n';
    expect(exported.files[0].csv).toBe(tab_csv);
    expect(exported.files[0].sum).toBe(batch.totals[0].amount);
    expect(session.emulator.sentMail.map((m) => m.to)).toEqual(expect.arrayContaining([expect.stringContaining(FINANCE)]));
  });
});

describe('notification mail', () => {
  it('tells the managers about a built batch once it is written, and the summary says who was told', () => {
    const { session, batch, summary } = batched();
    const mail = session.emulator.sentMail.filter((m) => m.subject.includes(batch.batch_id));
    expect(mail.map((m) => m.to)).toEqual([`${MANAGER},${SECOND_MANAGER}`]);
    expect(mail[0].subject).toBe(`Partner Ledger: batch ${batch.batch_id} awaits your approval`);
    expect(summary).toMatch(new RegExp(`; notified ${MANAGER}, ${SECOND_MANAGER}$`));
  });

  it('keeps an approval whose mail cannot be sent (quota used up), and says so in the summary', () => {
    const { session, batch } = batched();
    session.emulator.state.mailUsed = session.emulator.state.mailQuota;
    const done = expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash));
    expect(done.summary).toMatch(/; the notification email could not be sent \(.+\)$/);
    expect(session.emulator.sentMail.some((m) => m.subject.includes('approved for payment'))).toBe(false);
    expect(auditActions(session)).toContain('BATCH_APPROVED');
    expect(session.emulator.workbook.sheetNames()).toContain(`Payout ${batch.batch_id}`);
  });
});

describe('exportPayoutFile', () => {
  it('refuses, naming the partner, when payout details changed after approval', () => {
    const { session, batch } = approved();
    const row = body(session, 'Partners').findIndex((r) => r[0] === 'P-0001') + 2;
    session.emulator.workbook.setValues('Partners', row, columnOf(session, 'Partners', 'payout_account'), [['attacker@evil.example']]);
    const refused = session.run<ActionRefused>(FINANCE, 'exportPayoutFile', batch.batch_id);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/P-0001|Ada's Audio Reviews/);
  });

  it('is refused for operators', () => {
    const { session, batch } = approved();
    expect(session.run<ActionRefused>(OPS, 'exportPayoutFile', batch.batch_id)).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
  });

  it('names the files of a batch already paid ALREADY-PAID and says not to pay them again', () => {
    const { session, batch } = approved();
    const first = expectOk(session.run<ExportReport | ActionRefused>(FINANCE, 'exportPayoutFile', batch.batch_id));
    expect(first.files.map((f) => f.name)).toEqual([`payout-${batch.batch_id}.csv`]);
    expect(first.summary).not.toMatch(/pay again/);
    expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'markPayoutBatchPaid', batch.batch_id, 'BANK-77'));
    const again = expectOk(session.run<ExportReport & { already_paid?: { on: string; reference: string } } | ActionRefused>(FINANCE, 'exportPayoutFile', batch.batch_id));
    expect(again.files.map((f) => f.name)).toEqual([`ALREADY-PAID-payout-${batch.batch_id}.csv`]);
    // The same rows as the file that was paid: only the name and the warning differ.
    expect(again.files.map((f) => f.csv)).toEqual(first.files.map((f) => f.csv));
    expect(again.already_paid).toEqual({ on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), reference: 'BANK-77' });
    expect(again.summary).toMatch(/marked paid on \d{4}-\d{2}-\d{2} \(reference BANK-77\): these files are a record of that payment; do not upload them to pay again$/);
    const exported = body(session, 'Audit').filter((r) => r.includes('PAYOUT_EXPORTED'));
    expect(exported).toHaveLength(2);
    expect(JSON.stringify(exported[1])).toContain('already_paid');
  });
});

describe('markPayoutBatchPaid', () => {
  it('records the reference, appends payout entries and leaves nothing payable for the paid partners', () => {
    const { session, batch } = approved();
    type Balances = ActionOk & { partners: Array<{ partner_id: string; eligible: string; payable: string; paid_out: string }> };
    const before = expectOk(session.run<Balances | ActionRefused>(FINANCE, 'getPartnerBalances'));
    const ada_due = before.partners.find((p) => p.partner_id === 'P-0001')!.payable;
    const ledger_before = body(session, 'Ledger').length;
    expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'markPayoutBatchPaid', batch.batch_id, 'BANK-2026-06-01-17'));
    const payouts = body(session, 'Ledger').slice(ledger_before);
    expect(payouts.every((r) => r[2] === 'payout')).toBe(true);
    const balances = expectOk(session.run<Balances | ActionRefused>(FINANCE, 'getPartnerBalances'));
    const ada = balances.partners.find((p) => p.partner_id === 'P-0001')!;
    expect(Number(ada_due)).toBeGreaterThan(0);
    expect(ada.payable).toBe('0.00');
    expect(ada.paid_out).toBe(ada_due);
    expect(session.run<ActionRefused>(FINANCE, 'markPayoutBatchPaid', batch.batch_id, 'again')).toMatchObject({ ok: false });
  });

  it('needs a payment reference', () => {
    const { session, batch } = approved();
    expect(session.run<ActionRefused>(FINANCE, 'markPayoutBatchPaid', batch.batch_id, '  ')).toMatchObject({ ok: false });
  });
});

describe('verifyWorkbook', () => {
  const cases: Array<[string, (rows: unknown[][]) => unknown[][]]> = [
    ['an edited cell', (rows) => { rows[2][rows[2].length - 3] = `${rows[2][rows[2].length - 3]}x`; return rows; }],
    ['a deleted row', (rows) => [...rows.slice(0, 2), ...rows.slice(3)]],
    ['an inserted row', (rows) => [...rows.slice(0, 2), rows[1].map(() => 'forged'), ...rows.slice(2)]],
    ['two swapped rows', (rows) => [rows[0], rows[1], rows[3], rows[2], ...rows.slice(4)]],
  ];

  for (const tab of ['Ledger', 'Batches', 'Audit', 'Payout B-20260531-1']) {
    for (const [what, change] of cases) {
      it(`names the first bad row of ${tab} after ${what}, and export is refused`, () => {
        const { session, batch } = approved();
        expect(expectOk(session.run<VerifyReport | ActionRefused>(OWNER, 'verifyWorkbook')).verified).toBe(true);
        rewriteTab(session, tab, change);
        const report = expectOk(session.run<VerifyReport | ActionRefused>(OWNER, 'verifyWorkbook'));
        expect(report.verified).toBe(false);
        const problem = report.problems.find((p) => p.tab === tab);
        expect(problem).toBeDefined();
        // Row 2 of a chained tab (row 1 of a Payout tab, whose header is row 1) is never the first bad one here.
        expect(problem!.row).toBeGreaterThanOrEqual(tab.startsWith('Payout') ? 2 : 3);
        expect(problem!.row).toBeLessThanOrEqual(4);
        expect(session.run<ActionRefused>(FINANCE, 'exportPayoutFile', batch.batch_id)).toMatchObject({ ok: false });
      });
    }
  }
});
