// A Settings key written twice (in any case or spelling), in the tab or among set-up's answers, is an
// error naming both rows: never "the last one wins". And the column-map suggestion only names keys
// Settings accepts.
import { TAB } from '../../src/core/schema/tabs';
import { csvOf, importAs, MANAGER, OPS, OWNER, setUpSession, type ActionOk } from './helpers';
import { settingsOf, setUpRefused, typeSetting, type Refused } from './settings-support';

describe('Settings: a key written twice', () => {
  it('refuses set-up answers that set managers twice, naming both rows, instead of keeping the last', () => {
    const result = setUpRefused([['managers', MANAGER], ['managers', 'boss@acme.example'], ['operators', OPS]]);
    expect(result.code).toBe('BAD_SETTINGS');
    expect(result.errors).toHaveLength(1);
    // Settings rows as set-up would write them: the defaults in order, managers at rows 6 and 7.
    expect(result.errors![0]).toMatchObject({ tab: TAB.settings, row: 7, column: 'key', code: 'DUPLICATE_SETTING', value: 'managers' });
    expect(result.errors![0]!.message).toContain('already set in row 6');
  });

  it.each([
    ['managers', 'managers'],
    ['min_payout', 'Min_Payout'],
    ['hold_days', 'Hold Days'],
  ])('treats %s and %s in the Settings tab as one key written twice: every change and set-up again are refused, naming both rows', (first, second) => {
    const session = setUpSession();
    const first_row = typeSetting(session, OWNER, first, first === 'managers' ? MANAGER : '5');
    const second_row = session.emulator.workbook.values(TAB.settings).length + 1;
    typeSettingRow(session, second_row, second, first === 'managers' ? 'boss@acme.example' : '7');
    for (const [who, fn] of [[OPS, 'validateInputs'], [OWNER, 'setUpWorkbook']] as const) {
      const result = session.run<ActionOk | Refused>(who, fn, {});
      expect(!result.ok && result.code).toBe('BAD_SETTINGS');
      const duplicate = (!result.ok && result.errors) ? result.errors.filter((e) => e.code === 'DUPLICATE_SETTING') : [];
      expect(duplicate).toEqual([expect.objectContaining({ tab: TAB.settings, row: second_row, column: 'key' })]);
      expect(duplicate[0]!.message).toContain(`row ${first_row}`);
    }
  });

  function typeSettingRow(session: ReturnType<typeof setUpSession>, row: number, key: string, value: string): void {
    session.emulator.setActiveUser(OWNER);
    session.emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().getSheetByName(TAB.settings)!.getRange(row, 1, 1, 2).setValues([[key, value]]);
  }
});

describe('Settings: the column-map suggestion', () => {
  it('does not suggest map.<column> for two columns of the same name, which no mapping can tell apart', () => {
    const session = setUpSession();
    const result = importAs<ActionOk | Refused>(session, OPS, 'conversions', csvOf('order_id,code,amount,notes,notes\nO-1,ADA,10.00,a,b\n', 'c.csv'));
    expect(!result.ok && result.message).toMatch(/more than one notes column/);
    expect(!result.ok && result.message).not.toMatch(/map\./);
  });

  it('suggests map.code for two different columns that both mean code, and Settings accepts map.code', () => {
    const session = setUpSession();
    const result = importAs<ActionOk | Refused>(session, OPS, 'conversions', csvOf('order_id,Coupon,Promo Code,amount\nO-1,ADA,ADA,10.00\n', 'c.csv'));
    expect(!result.ok && result.message).toMatch(/set map\.code in Settings/);
    const mapped = settingsOf([['map.code', 'Coupon']]);
    expect(mapped.ok && mapped.errors).toEqual([]);
    expect(mapped.ok && mapped.settings.column_map).toEqual({ code: 'Coupon' });
  });
});
