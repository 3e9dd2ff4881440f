import { ALICE, BOB, emulator, OWNER } from './helpers';

const PROTECTED =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

function protectedLedger(protector = OWNER) {
  const env = emulator();
  env.emu.setActiveUser(protector);
  const sheet = env.g.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Ledger');
  const protection = sheet.protect().setDescription('Partner Ledger: written by the add-on only');
  return { ...env, sheet, protection };
}

describe('protection', () => {
  describe('Sheet.protect', () => {
    it('starts with the owner and the user who protected the sheet as editors', () => {
      const { protection } = protectedLedger(ALICE);
      expect(protection.getEditors().map((u) => u.getEmail())).toEqual([OWNER, ALICE]);
      expect(protection.getDescription()).toBe('Partner Ledger: written by the add-on only');
    });

    it('returns the existing protection when the sheet is already protected', () => {
      const { sheet, protection } = protectedLedger();
      protection.addEditor(ALICE);
      expect(sheet.protect().getEditors().map((u) => u.getEmail())).toEqual([OWNER, ALICE]);
      expect(sheet.getProtections(SpreadsheetAppProtectionType.SHEET)).toHaveLength(1);
    });
  });

  describe('writing to a protected sheet', () => {
    it('refuses a user who is not an editor of the protection', () => {
      const { emu, sheet } = protectedLedger();
      emu.setActiveUser(BOB);
      expect(() => sheet.getRange('A1').setValue('tampered')).toThrow(PROTECTED);
      expect(() => sheet.appendRow(['x'])).toThrow(PROTECTED);
      expect(() => sheet.deleteRow(1)).toThrow(PROTECTED);
      expect(() => sheet.setName('Renamed')).toThrow(PROTECTED);
      expect(emu.workbook.values('Ledger')).toEqual([]);
    });

    it('allows the owner', () => {
      const { emu, sheet } = protectedLedger(ALICE);
      emu.setActiveUser(OWNER);
      sheet.getRange('A1').setValue('by owner');
      expect(emu.workbook.values('Ledger')).toEqual([['by owner']]);
    });

    it('allows an editor added to the protection', () => {
      const { emu, sheet, protection } = protectedLedger();
      protection.addEditor(BOB);
      emu.setActiveUser(BOB);
      sheet.appendRow(['by bob']);
      expect(emu.workbook.values('Ledger')).toEqual([['by bob']]);
    });

    it('refuses a user whose email Apps Script withholds', () => {
      const { emu, sheet } = protectedLedger();
      emu.setActiveUser('');
      expect(() => sheet.getRange('A1').setValue('x')).toThrow(PROTECTED);
    });

    it('lets everyone write through a warning-only protection', () => {
      const { emu, sheet, protection } = protectedLedger();
      protection.setWarningOnly(true);
      emu.setActiveUser(BOB);
      sheet.getRange('A1').setValue('warned');
      expect(emu.workbook.values('Ledger')).toEqual([['warned']]);
    });

    it('lets users of the owner\'s domain write when domain edit is on', () => {
      const { emu, sheet, protection } = protectedLedger();
      protection.setDomainEdit(true);
      emu.setActiveUser(BOB);
      sheet.getRange('A1').setValue('same domain');
      emu.setActiveUser('mallory@elsewhere.test');
      expect(() => sheet.getRange('A2').setValue('x')).toThrow(PROTECTED);
    });
  });

  describe('Protection.removeEditor', () => {
    it('never removes the owner', () => {
      const { protection } = protectedLedger();
      protection.addEditors([ALICE, BOB]).removeEditors([OWNER, ALICE]);
      expect(protection.getEditors().map((u) => u.getEmail())).toEqual([OWNER, BOB]);
    });

    it('takes away a removed editor\'s right to write', () => {
      const { emu, sheet, protection } = protectedLedger();
      protection.addEditor(BOB);
      protection.removeEditor(BOB);
      emu.setActiveUser(BOB);
      expect(() => sheet.getRange('A1').setValue('x')).toThrow(PROTECTED);
    });
  });

  describe('changing a protection', () => {
    it('is refused to users who are not its editors', () => {
      const { emu, g } = protectedLedger();
      emu.setActiveUser(BOB);
      const protection = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger')!.protect();
      expect(protection.canEdit()).toBe(false);
      expect(() => protection.addEditor(BOB)).toThrow(PROTECTED);
      expect(() => protection.remove()).toThrow(PROTECTED);
    });

    it('can be removed by an editor, which unprotects the sheet', () => {
      const { emu, sheet, protection } = protectedLedger();
      protection.remove();
      emu.setActiveUser(BOB);
      sheet.getRange('A1').setValue('free');
      expect(emu.workbook.protection('Ledger')).toBeNull();
    });
  });

  describe('Spreadsheet.getProtections', () => {
    it('lists sheet protections with their editors', () => {
      const { emu, g, protection } = protectedLedger();
      protection.addEditor(ALICE);
      const list = g.SpreadsheetApp.getActiveSpreadsheet().getProtections(SpreadsheetAppProtectionType.SHEET);
      expect(list).toHaveLength(1);
      expect(emu.workbook.protections()).toEqual([{
        sheet: 'Ledger', description: 'Partner Ledger: written by the add-on only', editors: [OWNER, ALICE],
        warningOnly: false, domainEdit: false,
      }]);
    });
  });
});

// The enum value as scripts pass it (SpreadsheetApp.ProtectionType.SHEET).
const SpreadsheetAppProtectionType = emulator().g.SpreadsheetApp.ProtectionType;
