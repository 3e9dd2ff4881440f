// Who may act, and what happens when they may not or when another action holds the lock: a refusal
// is a value with a code, and it changes nothing (beyond recording the refusal in Audit when it can).
import { TAB } from '../../src/core/schema/tabs';
import {
  body, expectOk, FINANCE, importAs, MANAGER, OPS, OWNER, readExample, setUpSession, snapshot, STRANGER, validateAs,
  type ActionOk, type ActionRefused, type ImportReport,
} from './helpers';
import { auditRows, builtBatch, typeSetting } from './settings-support';

const NEW_MANAGER = 'newboss@acme.example';

/** Shares the spreadsheet with `email` for editing, as the owner would from the Share dialog. */
function shareWith(session: ReturnType<typeof setUpSession> | ReturnType<typeof blankSession>, email: string): void {
  session.emulator.setActiveUser(OWNER);
  session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().addEditor(email);
}

function blankSession() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { WorkbookSession } = require('../../src/local/workbook-session') as typeof import('../../src/local/workbook-session');
  return WorkbookSession.create({ owner: OWNER, now_ms: Date.parse('2026-05-31T12:00:00Z') });
}

const conversions = readExample('conversions.csv');

function auditActions(session: ReturnType<typeof setUpSession>): string[][] {
  return body(session, TAB.audit).map((r) => [String(r[1]), String(r[2]), String(r[3])]);
}

describe('e2e: roles and the document lock', () => {
  it('refuses an import from a user whose email Google withholds with NO_EMAIL, changing nothing', () => {
    const session = setUpSession();
    const before = snapshot(session);
    const result = importAs<ImportReport | ActionRefused>(session, '', 'conversions', conversions);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('NO_EMAIL');
    expect(!result.ok && result.message).toMatch(/did not tell the add-on who you are/);
    expect(snapshot(session)).toBe(before);
  });

  it('refuses Validate to an empty email with NO_EMAIL, changing nothing', () => {
    const session = setUpSession();
    expectOk(importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', conversions));
    const before = snapshot(session);
    const result = validateAs(session, '');
    expect(!result.ok && result.code).toBe('NO_EMAIL');
    expect(snapshot(session)).toBe(before);
  });

  it('refuses an import by a staff member who is not an operator (operators is set) with NOT_PERMITTED, and audits the refusal', () => {
    const session = setUpSession();
    const tab_before = session.emulator.workbook.values(TAB.conversions);
    const result = importAs<ImportReport | ActionRefused>(session, FINANCE, 'conversions', conversions);
    expect(!result.ok && result.code).toBe('NOT_PERMITTED');
    expect(!result.ok && result.message).toContain(FINANCE);
    expect(session.emulator.workbook.values(TAB.conversions)).toEqual(tab_before);
    expect(auditActions(session)).toEqual([[OWNER, 'SETUP', 'workbook'], [FINANCE, 'REFUSED', 'import']]);
  });

  it('refuses an import by a stranger with NOT_PERMITTED and writes nothing at all (Audit is protected from them)', () => {
    const session = setUpSession();
    const before = snapshot(session);
    const result = importAs<ImportReport | ActionRefused>(session, STRANGER, 'conversions', conversions);
    expect(!result.ok && result.code).toBe('NOT_PERMITTED');
    expect(!result.ok && result.message).toMatch(/could not be written to Audit/);
    expect(snapshot(session)).toBe(before);
  });

  it('lets the listed operator, a manager and the owner import', () => {
    for (const who of [OPS, MANAGER, OWNER]) {
      const session = setUpSession();
      const result = importAs<ImportReport | ActionRefused>(session, who, 'conversions', conversions);
      expect(result.ok && result.appended).toBe(33);
    }
  });

  it('lets every editor import when operators is empty', () => {
    const session = setUpSession({ settings: [['managers', MANAGER], ['finance', FINANCE]] });
    const result = importAs<ImportReport | ActionRefused>(session, FINANCE, 'conversions', conversions);
    expect(result.ok && result.appended).toBe(33);
  });

  it('answers BUSY and writes nothing while another execution holds the document lock, then works once it is released', () => {
    const session = setUpSession();
    const before = snapshot(session);
    session.emulator.holdDocumentLock('someone');
    const busy = importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', conversions);
    expect(!busy.ok && busy.code).toBe('BUSY');
    expect(!busy.ok && busy.message).toMatch(/Nothing was changed/);
    const busy_validate = validateAs(session, OPS);
    expect(!busy_validate.ok && busy_validate.code).toBe('BUSY');
    expect(session.emulator.documentLockHolder()).toBe('helper:someone');
    expect(snapshot(session)).toBe(before);

    session.emulator.releaseDocumentLock();
    const done = importAs<ImportReport | ActionRefused>(session, OPS, 'conversions', conversions);
    expect(done.ok && done.appended).toBe(33);
    expect(session.emulator.documentLockHolder()).toBeNull(); // the action let go of it
  });

  describe('a role that the protections do not reflect yet', () => {
    it('refuses an operator who is not an editor of the protected tabs (operators empty, not shared at set-up) clearly, writing nothing', () => {
      const session = setUpSession({ settings: [] });
      const before = snapshot(session);
      const result = importAs<ImportReport | ActionRefused>(session, OPS, 'partners', readExample('partners.csv'));
      expect(!result.ok && result.code).toBe('NOT_PERMITTED');
      expect(!result.ok && result.message).toMatch(/may import as an operator \(Settings: operators is empty.*not among the editors of the protected Audit tab/);
      expect(!result.ok && result.message).toMatch(/Nothing was changed.*owner@acme\.example\) or a manager .* Set up this spreadsheet again/);
      expect(snapshot(session)).toBe(before);
    });

    it('with operators empty, lists the editors the spreadsheet is shared with at set-up, so they may import', () => {
      const session = blankSession();
      shareWith(session, OPS);
      expectOk(session.run<ActionOk | ActionRefused>(OWNER, 'setUpWorkbook', { settings: [['managers', MANAGER]] }));
      expect(session.emulator.workbook.protection(TAB.audit)?.editors).toContain(OPS);
      expect(session.emulator.workbook.protection(TAB.settings)?.editors).not.toContain(OPS);
      expect(importAs<ImportReport | ActionRefused>(session, OPS, 'partners', readExample('partners.csv')).ok).toBe(true);
    });

    it('refuses a manager added in Settings after set-up until set-up runs again, which re-applies Settings to the protections and audits it', () => {
      const session = setUpSession();
      const batch = builtBatch(session);
      typeSetting(session, OWNER, 'managers', `${MANAGER},${NEW_MANAGER}`);
      const before = snapshot(session);
      const refused = session.run<ActionOk | ActionRefused>(NEW_MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash);
      expect(!refused.ok && refused.code).toBe('NOT_PERMITTED');
      expect(!refused.ok && refused.message).toMatch(/newboss@acme\.example may approve as a manager \(Settings: managers\), but is not among the editors of the protected Audit tab/);
      expect(snapshot(session)).toBe(before);

      // The new manager cannot run set-up themselves: Settings' protection does not list them either.
      const own_setup = session.run<ActionOk | ActionRefused>(NEW_MANAGER, 'setUpWorkbook', {});
      expect(!own_setup.ok && own_setup.message).toMatch(/not among the editors of the protected Settings tab/);
      expect(snapshot(session)).toBe(before);

      const again = expectOk(session.run<ActionOk | ActionRefused>(OWNER, 'setUpWorkbook', {}));
      expect(again.summary).toMatch(/protection editors updated from Settings on Settings, Ledger, Batches, Reviews, Exceptions, Audit/);
      const setup_row = auditRows(session).filter(([, action]) => action === 'SETUP').pop()!;
      expect(JSON.parse(setup_row[3]!).protection_editors).toEqual(expect.arrayContaining([
        { tab: TAB.settings, added: [NEW_MANAGER], removed: [] }, { tab: TAB.audit, added: [NEW_MANAGER], removed: [] },
      ]));
      expect(session.emulator.workbook.protection(TAB.settings)?.editors).toContain(NEW_MANAGER);
      expectOk(session.run<ActionOk | ActionRefused>(NEW_MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash));
    });

    it('takes a manager removed from Settings off the protections when set-up runs again, and audits it', () => {
      const session = setUpSession();
      typeSetting(session, OWNER, 'managers', '');
      expectOk(session.run<ActionOk | ActionRefused>(OWNER, 'setUpWorkbook', {}));
      expect(session.emulator.workbook.protection(TAB.settings)?.editors).not.toContain(MANAGER);
      const details = JSON.parse(auditRows(session).filter(([, action]) => action === 'SETUP').pop()![3]!);
      expect(details.protection_editors).toContainEqual({ tab: TAB.settings, added: [], removed: [MANAGER] });
    });
  });

  it('tells a non-manager who built a batch that they are not a manager and who is, not that "another manager" must approve', () => {
    const session = setUpSession();
    const batch = builtBatch(session);
    const result = session.run<ActionOk | ActionRefused>(OPS, 'approvePayoutBatch', batch.batch_id, batch.content_hash);
    expect(!result.ok && result.code).toBe('NOT_PERMITTED');
    expect(!result.ok && result.message).toMatch(/olivia\.ops@acme\.example may not approve: only managers \(Settings: managers\) may, and olivia\.ops@acme\.example is not one of them\. Managers: owner@acme\.example, maria\.manager@acme\.example\./);
    expect(!result.ok && result.message).not.toMatch(/another manager/);
  });
});
