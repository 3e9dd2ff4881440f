// The Ledger's amounts are minor units of the currency it was posted in. Changing base_currency
// afterwards used to re-read them (25.00 USD shown as 2500 JPY) and add new sales in the new units:
// now every money action and view is refused, naming the Settings row and the way back.
import { TAB } from '../../src/core/schema/tabs';
import { body, expectOk, FINANCE, MANAGER, OPS, OWNER, setUpSession, type ActionOk, type ActionRefused } from './helpers';
import { auditRows, builtBatch, typeSetting, type Refused } from './settings-support';

/** Every tab but Audit, which records the refusals. */
function withoutAudit(session: ReturnType<typeof setUpSession>): string {
  return JSON.stringify(session.emulator.workbook.sheetNames().filter((n) => n !== TAB.audit).map((n) => [n, session.emulator.workbook.values(n)]));
}

describe('base_currency changed after posting', () => {
  it('refuses every money action and view, naming Settings!row, the Ledger currency and the way back; verify still runs', () => {
    const session = setUpSession();
    const batch = builtBatch(session);
    const row = typeSetting(session, OWNER, 'base_currency', 'JPY');
    const before = withoutAudit(session);
    const calls: Array<[string, string, unknown[]]> = [
      [OPS, 'postCommissions', []], [OPS, 'buildPayoutBatch', []], [OPS, 'importRows', [{ kind: 'partners', file: 'p.csv', headers: ['name', 'code', 'rate'], rows: [['Ada', 'ADA', '10%']], line_of_row: [2] }]],
      [MANAGER, 'approvePayoutBatch', [batch.batch_id, batch.content_hash]], [MANAGER, 'rejectPayoutBatch', [batch.batch_id, 'check']],
      [FINANCE, 'exportPayoutFile', [batch.batch_id]], [OPS, 'getPartnerBalances', []], [OPS, 'getDashboard', []],
      [OPS, 'getSummary', []], [MANAGER, 'getBatchReview', [batch.batch_id]], [OPS, 'explainPartnerPayment', ['P-0001']],
    ];
    for (const [who, fn, args] of calls) {
      const result = session.run<ActionOk | Refused>(who, fn, ...args);
      expect([fn, result.ok]).toEqual([fn, false]);
      if (result.ok) continue;
      expect(result.code).toBe('BAD_SETTINGS');
      expect(result.message).toMatch(new RegExp(`^Settings!B${row} says base_currency is JPY, but the Ledger's entries are in USD`));
      expect(result.message).toMatch(/Nothing was changed.*Set it back to USD in the Settings tab.*start a new spreadsheet/);
      expect(result.errors).toEqual([expect.objectContaining({ tab: TAB.settings, row, column: 'value', code: 'BASE_CURRENCY_CHANGED', value: 'JPY' })]);
    }
    expect(withoutAudit(session)).toBe(before);
    const actions = auditRows(session).map(([, action, subject]) => `${action} ${subject}`);
    expect(actions).toContain('SETTINGS_CHANGED Settings');
    expect(actions).toEqual(expect.arrayContaining(['REFUSED post', 'REFUSED build_batch', 'REFUSED approve', 'REFUSED export']));
    expect(expectOk(session.run<ActionOk & { verified: boolean } | ActionRefused>(OPS, 'verifyWorkbook')).verified).toBe(true);

    // Set back, everything works again and the balances are in dollars.
    typeSetting(session, OWNER, 'base_currency', 'USD');
    const balances = expectOk(session.run<ActionOk & { partners: Array<{ currency: string }> } | ActionRefused>(OPS, 'getPartnerBalances'));
    expect(new Set(balances.partners.map((p) => p.currency))).toEqual(new Set(['USD']));
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash));
  });

  it('lets the base currency change while the Ledger has no entries', () => {
    const session = setUpSession();
    typeSetting(session, OWNER, 'base_currency', 'EUR');
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'validateInputs'));
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'getPartnerBalances'));
    expect(body(session, TAB.ledger)).toEqual([]);
  });
});
