// The Payout tab is the approval record, not the upload file: the approval mail sends finance to
// Export (which checks payout details and Verify, and cuts the files the payment system takes), and
// the tab of a voided or paid batch is renamed so nobody pays from it, while Verify still holds it
// to what was approved.
import * as fs from 'fs';
import * as path from 'path';
import type { WorkbookSession } from '../../src/local/workbook-session';
import {
  ActionOk, ActionRefused, EXAMPLE_SETTINGS, FINANCE, MANAGER, OPS, OWNER, ROOT, body, expectOk, importAs, readExample, rewriteTab, setUpSession,
} from './helpers';

interface BatchView { batch_id: string; state: string; content_hash: string }
type BuildReport = ActionOk & { batch: BatchView };
type VerifyReport = ActionOk & { verified: boolean; problems: Array<{ tab: string; row: number; kind: string; message: string }>; warnings: string[] };

function posted(settings: Array<[string, string]> = []): WorkbookSession {
  const session = setUpSession({ settings: [...EXAMPLE_SETTINGS, ['min_payout', '25.00'], ...settings] });
  expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
  expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
  return session;
}

function buildAndApprove(session: WorkbookSession): BatchView {
  const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
  expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash));
  return built.batch;
}

function verify(session: WorkbookSession): VerifyReport {
  return expectOk(session.run<VerifyReport | ActionRefused>(OWNER, 'verifyWorkbook'));
}

/** A staff member renames or deletes a tab by hand (the emulator's state, as Sheets' UI would). */
function renameByHand(session: WorkbookSession, from: string, to: string): void {
  session.emulator.state.spreadsheet.sheets.find((sh) => sh.name === from)!.name = to;
}

function deleteByHand(session: WorkbookSession, name: string): void {
  const sheets = session.emulator.state.spreadsheet.sheets;
  sheets.splice(sheets.findIndex((sh) => sh.name === name), 1);
}

function auditRows(session: WorkbookSession, action: string): unknown[][] {
  return body(session, 'Audit').filter((r) => r[2] === action);
}

describe('the approval mail', () => {
  it('sends finance to Export and says the Payout tab is the approval record, not the upload file', () => {
    const session = posted();
    const batch = buildAndApprove(session);
    const mail = session.emulator.sentMail.find((m) => m.subject.includes('approved for payment'))!;
    expect(mail.to).toBe(FINANCE);
    expect(mail.body).toContain('Download payout CSV');
    expect(mail.body).toContain('partner-ledger export');
    expect(mail.body).toContain(`"Payout ${batch.batch_id}" tab is the approval record, not the upload file`);
    expect(mail.body).not.toMatch(/File → Download/);
  });

  it('the approval summary shown in the sidebar and the CLI says finance pays with Export', () => {
    const session = posted();
    const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
    const done = expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash));
    expect(done.summary).toContain(`batch ${built.batch.batch_id} approved; approval record written to the "Payout ${built.batch.batch_id}" tab (finance pays with Export, not from the tab)`);
    expect(session.emulator.workbook.protection(`Payout ${built.batch.batch_id}`)!.description).toMatch(/not the upload file: pay with Export/);
  });
});

describe('the sidebar', () => {
  it("tells finance to pay from Download payout CSV, and that the Payout tabs are approval records", () => {
    const html = fs.readFileSync(path.join(ROOT, 'build', 'Sidebar.html'), 'utf8');
    const finance = html.slice(html.indexOf('<section id="view-finance"'));
    expect(finance).toMatch(/Pay from <b>Download payout CSV<\/b>/);
    expect(finance).toContain('tabs are approval records, not upload files');
  });
});

describe('a voided batch', () => {
  it('has its Payout tab renamed VOID Payout …, still verified, while the next batch has a plain Payout tab', () => {
    const session = posted();
    const first = buildAndApprove(session);
    const voided = expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'voidPayoutBatch', first.batch_id, 'oops'));
    expect(voided.summary).toContain(`"VOID Payout ${first.batch_id}" tab (never pay from it)`);
    const second = buildAndApprove(session);
    const tabs = session.emulator.workbook.sheetNames();
    expect(tabs).toContain(`VOID Payout ${first.batch_id}`);
    expect(tabs).not.toContain(`Payout ${first.batch_id}`);
    expect(tabs).toContain(`Payout ${second.batch_id}`);
    expect(session.emulator.workbook.protection(`VOID Payout ${first.batch_id}`)!.description).toMatch(/^VOID: batch .* was voided \(oops\)\. Never pay from this tab/);
    expect(verify(session).verified).toBe(true);
    expect(JSON.parse(String(auditRows(session, 'BATCH_VOIDED')[0][4]))).toMatchObject({ reason: 'oops', payout_tab: `VOID Payout ${first.batch_id}` });
    expect(session.run<ActionRefused>(FINANCE, 'exportPayoutFile', first.batch_id)).toMatchObject({ ok: false });
  });

  it('keeps tamper detection on its renamed tab: an edited row is named, and export of the live batch is refused', () => {
    const session = posted();
    const first = buildAndApprove(session);
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'voidPayoutBatch', first.batch_id, 'oops'));
    const second = buildAndApprove(session);
    rewriteTab(session, `VOID Payout ${first.batch_id}`, (rows) => { rows[1][rows[1].length - 3] = '999.99'; return rows; });
    const report = verify(session);
    expect(report.verified).toBe(false);
    expect(report.problems[0]).toMatchObject({ tab: `VOID Payout ${first.batch_id}`, row: 2, kind: 'edited' });
    expect(session.run<ActionRefused>(FINANCE, 'exportPayoutFile', second.batch_id)).toMatchObject({ ok: false });
  });

  it('a deleted VOID tab is reported as deleted', () => {
    const session = posted();
    const first = buildAndApprove(session);
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'voidPayoutBatch', first.batch_id, 'oops'));
    deleteByHand(session, `VOID Payout ${first.batch_id}`);
    const report = verify(session);
    expect(report.verified).toBe(false);
    expect(report.problems[0]).toMatchObject({ tab: `VOID Payout ${first.batch_id}`, kind: 'truncated' });
  });

  it('a tab left under its old name (a stopped void, an older workbook) verifies, and the next batch action renames it, audited', () => {
    const session = posted();
    const first = buildAndApprove(session);
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'voidPayoutBatch', first.batch_id, 'oops'));
    renameByHand(session, `VOID Payout ${first.batch_id}`, `Payout ${first.batch_id}`);
    expect(verify(session).verified).toBe(true);
    expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
    expect(session.emulator.workbook.sheetNames()).toContain(`VOID Payout ${first.batch_id}`);
    expect(session.emulator.workbook.sheetNames()).not.toContain(`Payout ${first.batch_id}`);
    expect(auditRows(session, 'PAYOUT_TAB_RENAMED')).toHaveLength(1);
    expect(verify(session).verified).toBe(true);
  });
});

describe('a paid batch', () => {
  it('has its Payout tab renamed PAID Payout …, verified, and its file can still be exported again', () => {
    const session = posted();
    const batch = buildAndApprove(session);
    const paid = expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'markPayoutBatchPaid', batch.batch_id, 'BANK-1'));
    expect(paid.summary).toContain(`"PAID Payout ${batch.batch_id}" tab`);
    expect(session.emulator.workbook.sheetNames()).toContain(`PAID Payout ${batch.batch_id}`);
    expect(session.emulator.workbook.protection(`PAID Payout ${batch.batch_id}`)!.description).toMatch(/^PAID: .*reference BANK-1.*Do not pay from this tab again/);
    expect(verify(session).verified).toBe(true);
    expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'exportPayoutFile', batch.batch_id));
  });
});

describe('a tab someone named like the renamed payout tab', () => {
  for (const [state, action, arg, prefix] of [['voided', 'voidPayoutBatch', 'oops', 'VOID'], ['paid', 'markPayoutBatchPaid', 'BANK-1', 'PAID']] as const) {
    it(`does not stop the ${state} batch's tab being renamed: it gets a distinct name, the summary says which, and Verify and the next batch pass`, () => {
      const session = posted();
      const batch = buildAndApprove(session);
      session.emulator.workbook.setValues(`${prefix} Payout ${batch.batch_id}`, 1, 1, [['notes']]);
      const done = expectOk(session.run<ActionOk | ActionRefused>(state === 'paid' ? FINANCE : MANAGER, action, batch.batch_id, arg));
      expect(done.summary).toContain(`its approval record is now the "${prefix} Payout ${batch.batch_id} (2)" tab`);
      const tabs = session.emulator.workbook.sheetNames();
      expect(tabs).toContain(`${prefix} Payout ${batch.batch_id} (2)`);
      expect(tabs).not.toContain(`Payout ${batch.batch_id}`);
      expect(session.emulator.workbook.protection(`${prefix} Payout ${batch.batch_id} (2)`)).not.toBeNull();
      expect(session.emulator.workbook.protection(`${prefix} Payout ${batch.batch_id}`)).toBeNull();
      const report = verify(session);
      expect(report.verified).toBe(true);
      expect(report.problems).toEqual([]);
      if (state === 'voided') expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
      else expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'exportPayoutFile', batch.batch_id));
    });
  }

  it('on a workbook whose payout anchor predates sheet ids, the add-on still renames its own tab and Verify holds that one', () => {
    const session = posted();
    const batch = buildAndApprove(session);
    const key = `anchor.Payout ${batch.batch_id}`;
    const { rows, head_hash } = JSON.parse(session.emulator.documentProperties.get(key)!) as { rows: number; head_hash: string };
    session.emulator.documentProperties.set(key, JSON.stringify({ rows, head_hash }));
    session.emulator.workbook.setValues(`VOID Payout ${batch.batch_id}`, 1, 1, [['notes']]);
    const done = expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'voidPayoutBatch', batch.batch_id, 'oops'));
    expect(done.summary).toContain(`"VOID Payout ${batch.batch_id} (2)" tab`);
    expect(verify(session).verified).toBe(true);
  });

  it('a payout tab renamed by hand is still found by its id and verified; deleted, Verify says it is missing and which names it looked for', () => {
    const session = posted();
    const batch = buildAndApprove(session);
    renameByHand(session, `Payout ${batch.batch_id}`, 'old record');
    expect(verify(session).verified).toBe(true);
    deleteByHand(session, 'old record');
    const report = verify(session);
    expect(report.verified).toBe(false);
    expect(report.problems[0].message).toContain(`The payout tab of batch ${batch.batch_id} is missing`);
    expect(report.problems[0].message).toContain(`looked for "Payout ${batch.batch_id}"`);
    expect(report.problems[0].message).not.toMatch(/ends at row 0/);
  });
});

describe('a lookalike payout tab', () => {
  it('an unprotected copy named like a payout tab, with a changed amount, is named by Verify and Export as not written by the add-on', () => {
    const session = posted();
    const batch = buildAndApprove(session);
    expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'markPayoutBatchPaid', batch.batch_id, 'BANK-1'));
    const copy = session.emulator.workbook.values(`PAID Payout ${batch.batch_id}`).map((r) => [...r]);
    copy[1][copy[1].length - 3] = '999.99';
    session.emulator.workbook.setValues(`Payout ${batch.batch_id}`, 1, 1, copy);
    const report = verify(session);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toContain(`The "Payout ${batch.batch_id}" tab is named like a payout tab but Partner Ledger did not write it`);
    expect(report.warnings[0]).toContain(`the record of that batch is the "PAID Payout ${batch.batch_id}" tab`);
    expect(report.warnings[0]).toContain('Finance must pay only from Export');
    expect(report.summary).toContain(`warning: The "Payout ${batch.batch_id}" tab`);
    const exported = expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'exportPayoutFile', batch.batch_id));
    expect(exported.summary).toContain(`warning: The "Payout ${batch.batch_id}" tab`);
  });

  it('whatever case, spacing or prefix it uses ("paid  payout b-…"), and a workbook with only the add-on\'s own VOID, PAID and live tabs has no warning', () => {
    const session = posted();
    const first = buildAndApprove(session);
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'voidPayoutBatch', first.batch_id, 'oops'));
    const second = buildAndApprove(session);
    expectOk(session.run<ActionOk | ActionRefused>(FINANCE, 'markPayoutBatchPaid', second.batch_id, 'BANK-2'));
    const clean = verify(session);
    expect(clean.verified).toBe(true);
    expect(clean.warnings).toEqual([]);
    expect(clean.summary).toBe('every protected tab matches its hash chain and anchor');
    session.emulator.workbook.setValues(`Payout ${second.batch_id}0`, 1, 1, [['x']]);
    expect(verify(session).warnings).toEqual([expect.not.stringContaining('the record of that batch')]);
    deleteByHand(session, `Payout ${second.batch_id}0`);
    session.emulator.workbook.setValues(`paid  payout ${first.batch_id.toLowerCase()}`, 1, 1, [['x']]);
    expect(verify(session).warnings).toEqual([expect.stringContaining(`"paid  payout ${first.batch_id.toLowerCase()}" tab is named like a payout tab`)]);
  });
});

