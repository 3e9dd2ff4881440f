// Who may act, and what happens when they may not or when another action holds the lock: a refusal
// is a value with a code, and it changes nothing (beyond recording the refusal in Audit when it can).
import { TAB } from '../../src/core/schema/tabs';
import {
  body, expectOk, FINANCE, importAs, MANAGER, OPS, OWNER, readExample, setUpSession, snapshot, STRANGER, validateAs,
  type ActionRefused, type ImportReport,
} from './helpers';

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
});
