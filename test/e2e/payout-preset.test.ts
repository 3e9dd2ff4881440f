// The payout preset's needs (payout method, an email account for paypal and wise) are checked when
// the batch is built: a partner the preset cannot pay is skipped with the reason and where to fix
// it, so the built batch can be approved, and a bank partner is never paid through PayPal.
import type { WorkbookSession } from '../../src/local/workbook-session';
import * as fs from 'fs';
import * as path from 'path';
import {
  ActionOk, ActionRefused, EXAMPLES, EXAMPLE_SETTINGS, FINANCE, MANAGER, OPS, body, columnOf, csvOf, expectOk, importAs, readExample, setUpSession,
} from './helpers';

interface Skip { partner_id: string; reason: string; message: string }
interface BuildReport extends ActionOk { batch: { batch_id: string; content_hash: string; lines: Array<{ partner_id: string; payout_method: string }> }; skipped: Skip[] }
type ExportReport = ActionOk & { files: Array<{ name: string; csv: string; row_count: number }> };

function posted(preset: string, change?: (session: WorkbookSession) => void, partners_csv = readExample('partners.csv')): WorkbookSession {
  const session = setUpSession({ settings: [...EXAMPLE_SETTINGS, ['min_payout', '25.00'], ['payout_preset', preset]] });
  expectOk(importAs(session, OPS, 'partners', partners_csv));
  change?.(session);
  expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
  expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
  return session;
}

function partnerRow(session: WorkbookSession, partner_id: string): number {
  return body(session, 'Partners').findIndex((r) => r[0] === partner_id) + 2;
}

describe('buildPayoutBatch with the paypal preset', () => {
  it('skips the wise partner (PRESET_MISMATCH, naming its Partners row), and the manager approves the batch; finance exports it', () => {
    const session = posted('paypal');
    const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
    expect(built.batch.lines.map((l) => [l.partner_id, l.payout_method])).toEqual([['P-0001', 'paypal'], ['P-0004', 'paypal']]);
    const gamma = built.skipped.find((s) => s.partner_id === 'P-0007')!;
    expect(gamma.reason).toBe('PRESET_MISMATCH');
    expect(gamma.message).toBe(
      'Gamma Creators Network (P-0007) is owed 40.27 USD but cannot be paid by the paypal payout file (Settings: payout_preset): ' +
      `payout_method is "wise", and the paypal payout file pays paypal only. Change payout_method / payout_account on Partners!${partnerRow(session, 'P-0007')}, ` +
      'or the payout_preset in Settings, then build the batch again; its entries stay for a later batch.');
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash));
    const mail = session.emulator.sentMail.find((m) => m.subject.includes('approved for payment'))!;
    expect(mail.body).toContain('(paypal)');
    const exported = expectOk(session.run<ExportReport | ActionRefused>(FINANCE, 'exportPayoutFile', built.batch.batch_id));
    expect(exported.files.map((f) => [f.name, f.row_count])).toEqual([[`payout-${built.batch.batch_id}-USD-1.csv`, 2]]);
    expect(exported.files[0].csv.startsWith('recipient')).toBe(false);
  });

  it('does not pay a bank partner through PayPal because its payout_account is an email address', () => {
    const session = posted('paypal', (s) => {
      const row = partnerRow(s, 'P-0004');
      s.emulator.workbook.setValues('Partners', row, columnOf(s, 'Partners', 'payout_method'), [['bank']]);
    });
    const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
    expect(built.batch.lines.map((l) => l.partner_id)).toEqual(['P-0001']);
    expect(built.skipped.find((s) => s.partner_id === 'P-0004')).toMatchObject({ reason: 'PRESET_MISMATCH' });
    expect(built.skipped.find((s) => s.partner_id === 'P-0004')!.message).toContain('payout_method is "bank"');
  });
});

describe('buildPayoutBatch with the wise preset', () => {
  it('skips a wise partner whose payout_account is an IBAN, not an email address', () => {
    const session = posted('wise');
    const refused = session.run<ActionRefused>(OPS, 'buildPayoutBatch');
    // Every partner due is either paid by PayPal or a wise partner with an IBAN: nothing to pay.
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toMatch(/PRESET_MISMATCH/);
  });
});

/** The example partners with some payout accounts replaced (as imported from the file). */
function partnersWith(accounts: Record<string, string>): ReturnType<typeof readExample> {
  let text = fs.readFileSync(path.join(EXAMPLES, 'partners.csv'), 'utf8');
  for (const [from, to] of Object.entries(accounts)) text = text.replace(from, to);
  return csvOf(text, 'partners.csv');
}

/** Builds the batch and checks the partner was skipped for an account the file would alter, naming its row. */
function builtSkipping(session: WorkbookSession, preset: string, partner_id: string, account: string): BuildReport {
  const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
  const skipped = built.skipped.find((s) => s.partner_id === partner_id)!;
  expect(skipped.reason).toBe('PRESET_MISMATCH');
  expect(skipped.message).toContain(`payout_account "${account}" starts with "${account[0]}", so the ${preset} payout file would have to write it as "'${account}"`);
  expect(skipped.message).toContain(`Partners!${partnerRow(session, partner_id)}`);
  return built;
}

describe('a payout_account the payout file would have to alter', () => {
  it('paypal: +pp1@p.example is skipped at build (PRESET_MISMATCH, its Partners row, the altered form), and the file holds only recipients as approved', () => {
    const session = posted('paypal', undefined, partnersWith({ 'ada-pay@adareviews.example': '+pp1@p.example' }));
    expect(body(session, 'Partners').find((r) => r[0] === 'P-0001')![columnOf(session, 'Partners', 'payout_account') - 1]).toBe("'+pp1@p.example");
    const built = builtSkipping(session, 'paypal', 'P-0001', '+pp1@p.example');
    expect(built.batch.lines.map((l) => l.partner_id)).toEqual(['P-0004']);
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash));
    const exported = expectOk(session.run<ExportReport | ActionRefused>(FINANCE, 'exportPayoutFile', built.batch.batch_id));
    expect(exported.files[0].csv.split('\r\n')[0].split(',')[0]).toBe('finance@dailycouponhub.example');
  });

  it('wise: -w5@p.example is skipped at build the same way', () => {
    const session = posted('wise', undefined, partnersWith({ 'paypal,ada-pay@': 'wise,ada-pay@', GB29NWBK60161331926819: '-w5@p.example' }));
    const built = builtSkipping(session, 'wise', 'P-0002', '-w5@p.example');
    expect(built.batch.lines.map((l) => l.partner_id)).toEqual(['P-0001']);
  });

  it('a batch built before the check (under generic, then Settings switched to paypal) is refused at approval, naming the partner', () => {
    const session = posted('generic', undefined, partnersWith({ 'ada-pay@adareviews.example': '+pp1@p.example' }));
    const built = expectOk(session.run<BuildReport | ActionRefused>(OPS, 'buildPayoutBatch'));
    expect(built.batch.lines.map((l) => l.partner_id)).toContain('P-0001');
    const setting = body(session, 'Settings').findIndex((r) => r[0] === 'payout_preset') + 2;
    session.emulator.workbook.setValues('Settings', setting, 2, [['paypal']]);
    const refused = session.run<ActionRefused>(MANAGER, 'approvePayoutBatch', built.batch.batch_id, built.batch.content_hash);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toContain(`(P-0001): payout_account "+pp1@p.example" starts with "+"`);
  });
});
