// Settings decide who may approve and what a commission is, and they are edited in the sheet, where
// the add-on does not run. Each action compares the tab with what the last one saw and audits the
// difference first, so Audit shows a rule switched off for one approval and back on.
import { TAB } from '../../src/core/schema/tabs';
import { expectOk, MANAGER, OPS, OWNER, setUpSession, type ActionOk, type ActionRefused } from './helpers';
import { auditRows, builtBatch, typeSetting } from './settings-support';

interface Change { key: string; row: number; from: string | null; to: string | null }

function settingsChangedRows(rows: string[][]): Array<{ actor: string; changes: Change[]; noticed_by: string; note: string }> {
  return rows.filter(([, action]) => action === 'SETTINGS_CHANGED').map(([actor, , , details]) => ({ actor: actor!, ...JSON.parse(details!) }));
}

describe('Settings changes in Audit', () => {
  it('audits separation of duties switched off for a self-approval and back on, and the approval says it did not apply', () => {
    const session = setUpSession();
    const sod_row = typeSetting(session, MANAGER, 'separation_of_duties', 'off');
    const batch = builtBatch(session, MANAGER);
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash));
    typeSetting(session, MANAGER, 'separation_of_duties', 'on');
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'verifyWorkbook'));
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'validateInputs'));

    const rows = auditRows(session);
    const actions = rows.map(([, action]) => action);
    expect(actions.indexOf('SETTINGS_CHANGED')).toBeLessThan(actions.indexOf('BATCH_BUILT'));
    const [off, on] = settingsChangedRows(rows);
    // The first action after the edit (ops importing partners) noticed it, and says who edited is unknown.
    expect(off).toMatchObject({ actor: OPS, noticed_by: OPS, changes: [{ key: 'separation_of_duties', row: sod_row, from: 'on', to: 'off' }] });
    expect(off!.note).toMatch(/does not tell the add-on who edited it.*Version history/);
    expect(on).toMatchObject({ actor: OPS, changes: [{ key: 'separation_of_duties', row: sod_row, from: 'off', to: 'on' }] });
    const approved = rows.find(([, action]) => action === 'BATCH_APPROVED')!;
    expect(JSON.parse(approved[3]!)).toMatchObject({ built_by: MANAGER, separation_of_duties: 'off' });
    expect(actions.filter((a) => a === 'SETTINGS_CHANGED')).toHaveLength(2);
  });

  it('records nothing when Settings did not change, and nothing for a read-only action', () => {
    const session = setUpSession();
    builtBatch(session);
    typeSetting(session, OWNER, 'hold_days', '45');
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'getSummary'));
    expect(settingsChangedRows(auditRows(session))).toEqual([]);
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'validateInputs'));
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'validateInputs'));
    expect(settingsChangedRows(auditRows(session)).map((r) => r.changes)).toEqual([[{ key: 'hold_days', row: 3, from: '30', to: '45' }]]);
  });

  it('reports keys added and removed, and set-up run again records what it wrote without reporting it as a change', () => {
    const session = setUpSession();
    const row = typeSetting(session, OWNER, 'map.code', 'Coupon Used');
    session.emulator.setActiveUser(OWNER);
    session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().getSheetByName(TAB.settings)!.getRange('A3:C3').clearContent();
    expectOk(session.run<ActionOk | ActionRefused>(OWNER, 'setUpWorkbook', {}));
    const [changed] = settingsChangedRows(auditRows(session));
    expect(changed!.changes).toEqual([{ key: 'map.code', row, from: null, to: 'Coupon Used' }, { key: 'hold_days', row: 3, from: '30', to: null }]);
    // Set-up put hold_days back (its default): that is in its SETUP row, and the next action sees no change.
    expect(JSON.parse(auditRows(session).pop()![3]!).settings_added).toEqual(['hold_days']);
    expectOk(session.run<ActionOk | ActionRefused>(OPS, 'validateInputs'));
    expect(settingsChangedRows(auditRows(session))).toHaveLength(1);
  });
});
