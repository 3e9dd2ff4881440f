// Text that starts like a formula (= + - @ TAB) is written to the sheets with a leading ' and must
// read back as the file held it: names, accounts and ids on the Partners tab, the Batches tab's
// lines, and what the CLI shows; only the payout CSV keeps the ' (CSV-injection protection).
import type { WorkbookSession } from '../../src/local/workbook-session';
import {
  ActionOk, ActionRefused, EXAMPLE_SETTINGS, FINANCE, MANAGER, OPS, csvOf, expectOk, importAs, setUpSession,
} from './helpers';

interface BatchView { batch_id: string; state: string; content_hash: string }
type BuildReport = ActionOk & { batch: BatchView; lines: Array<{ partner_id: string; name: string; payout_account: string }>; skipped: Array<{ partner_id: string; reason: string }> };
type ExportReport = ActionOk & { files: Array<{ name: string; csv: string }> };
type Explain = ActionOk & { explanation: { name: string; lines: string[] } };

const PARTNERS = [
  'partner_id,name,code,aliases,email,rate,flat_fee,status,payout_method,payout_account,country',
  'P1,@fitness.guru,AAA,,a@a.example,10%,,active,paypal,a@a.example,US',
  'P2,=cmd,BBB,,b@b.example,10%,,active,paypal,-acct,US',
  'P3,"\tAl",CCC,,c@c.example,10%,,active,paypal,@acct,US',
  '-P4,Dee,DDD,,d@d.example,10%,,active,paypal,+d@d.example,US',
].join('\n');

const CONVERSIONS = [
  'order_id,code,customer_id,customer_email,amount,currency,date,type,product',
  'O1,AAA,C1,x1@y.example,100.00,USD,2026-03-02,sale,',
  'O2,BBB,C2,x2@y.example,100.00,USD,2026-03-02,sale,',
  'O3,CCC,C3,x3@y.example,100.00,USD,2026-03-02,sale,',
  'O4,DDD,C4,x4@y.example,100.00,USD,2026-03-02,sale,',
].join('\n');

function posted(): WorkbookSession {
  const session = setUpSession({ settings: EXAMPLE_SETTINGS });
  expectOk(importAs(session, OPS, 'partners', csvOf(PARTNERS, 'partners.csv')));
  expectOk(importAs(session, OPS, 'conversions', csvOf(CONVERSIONS, 'conversions.csv')));
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
  return session;
}

describe('text that starts like a formula, through a whole payout', () => {
  it('is stored neutralised on the Partners tab', () => {
    const session = posted();
    const partners = session.emulator.workbook.values('Partners');
    expect(partners.slice(1).map((r) => r[0])).toEqual(['P1', 'P2', 'P3', "'-P4"]);
    expect(partners[1]![1]).toBe("'@fitness.guru");
  });

  it('builds, approves and exports a batch whose names, accounts and ids start with = + - @ or TAB', () => {
    const session = posted();
    const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
    expect(built.skipped).toEqual([]);
    expect(built.summary).toMatch(/40\.00 USD to 4 partners/);
    // The next action reads the Batches tab back: the lines must still match their content hash.
    const explained = expectOk(session.run<Explain | ActionRefused>(OPS, 'explainPartnerPayment', 'P1'));
    expect(explained.explanation.name).toBe('@fitness.guru');
    expect(explained.explanation.lines.join(' ')).toContain("waiting for a manager's approval");
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash));
    const exported = expectOk(session.run<ExportReport | ActionRefused>(FINANCE, 'exportPayoutFile', built.batch.batch_id));
    const csv = exported.files[0]!.csv;
    // The file keeps its CSV-injection protection: every cell that starts like a formula has a '.
    expect(csv).toContain(",P1,'@fitness.guru,paypal,a@a.example,");
    expect(csv).toContain(",P2,'=cmd,paypal,'-acct,");
    expect(csv).toContain(",P3,Al,paypal,'@acct,"); // a name is trimmed, its leading TAB included
    expect(csv).toContain(",'-P4,Dee,paypal,'+d@d.example,");
    expect(csv).not.toMatch(/''/);
    const verify = expectOk(session.run<ActionOk & { verified: boolean } | ActionRefused>(OPS, 'verifyWorkbook'));
    expect(verify.verified).toBe(true);
  });

  it('pays a partner whose partner_id starts with -, imported before the fix (the tab holds \'-P4)', () => {
    const session = posted();
    const balances = expectOk(session.run<ActionOk & { partners: Array<{ partner_id: string; name: string }> } | ActionRefused>(OPS, 'getPartnerBalances'));
    expect(balances.partners.find((b) => b.partner_id === '-P4')?.name).toBe('Dee');
    const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
    expect(built.skipped.map((s) => s.partner_id)).not.toContain('-P4');
  });
});

describe('the problems list', () => {
  it('shows a rejected value as the file held it, not with the add-on\'s protective quote', () => {
    const session = setUpSession({ settings: EXAMPLE_SETTINGS });
    expectOk(importAs(session, OPS, 'partners', csvOf(PARTNERS, 'partners.csv')));
    // A code with a comma is an error: its value goes to Exceptions, neutralised there.
    const bad = 'order_id,code,customer_id,customer_email,amount,currency,date,type,product\nO9,"=HYPERLINK(""x"",""y"")",C9,x9@y.example,10.00,USD,2026-03-02,sale,';
    importAs(session, OPS, 'conversions', csvOf(bad, 'conversions.csv'));
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'validateInputs'));
    const stored = session.emulator.workbook.values('Exceptions').slice(1).map((r) => r.map(String));
    expect(stored.some((r) => r.includes('\'=HYPERLINK("x","y")'))).toBe(true);
    const page = expectOk(session.run<(ActionOk & { errors: Array<{ value: string; message: string }> }) | ActionRefused>(OPS, 'getExceptions', 0, 50));
    const shown = page.errors.find((e) => e.value.includes('HYPERLINK'));
    expect(shown?.value).toBe('=HYPERLINK("x","y")');
  });
});
