import * as path from 'path';
import { AppsScriptEmulator } from '../../src/local/emulator';
import { ALICE, BOB, emulator, OWNER, tempDir } from './helpers';

describe('workbook-file', () => {
  describe('AppsScriptEmulator.save', () => {
    it('round-trips values (Dates included), notes, formats, protections, properties, triggers and mail', () => {
      const { emu, g } = emulator({ timeZone: 'Europe/Berlin' });
      const ss = g.SpreadsheetApp.getActiveSpreadsheet();
      const ledger = ss.insertSheet('Ledger');
      const when = new Date(Date.UTC(2024, 4, 1, 9, 30));
      ledger.getRange(1, 1, 2, 4).setValues([['id', 'date', 'amount', 'formula'], ['E-1', when, 12.5, '=A2']]);
      ledger.getRange('A2').setNote('posted by ops');
      ledger.getRange('C2').setNumberFormat('#,##0.00').setBackground('#d9ead3');
      ledger.setFrozenRows(1);
      ledger.protect().setDescription('add-on only').addEditor(ALICE);
      g.PropertiesService.getDocumentProperties().setProperty('audit_head', 'abc');
      emu.setActiveUser(ALICE);
      g.PropertiesService.getUserProperties().setProperty('tab', 'batches');
      g.ScriptApp.newTrigger('nightly').timeBased().everyHours(6).create();
      g.MailApp.sendEmail('finance@acme.test', 'Approved', 'ready');

      const file = path.join(tempDir(), 'book.json');
      emu.save(file);
      const back = AppsScriptEmulator.load(file);

      expect(back.owner).toBe(OWNER);
      expect(back.workbook.timeZone).toBe('Europe/Berlin');
      expect(back.workbook.sheetNames()).toEqual(['Sheet1', 'Ledger']);
      expect(back.workbook.values('Ledger')).toEqual([['id', 'date', 'amount', 'formula'], ['E-1', when, 12.5, '#FORMULA!']]);
      expect(back.workbook.values('Ledger')[1][1]).toBeInstanceOf(Date);
      expect(back.workbook.formulas('Ledger', 'D2')).toEqual([['=A2']]);
      expect(back.workbook.notes('Ledger', 'A2')).toEqual([['posted by ops']]);
      expect(back.workbook.numberFormats('Ledger', 'C2')).toEqual([['#,##0.00']]);
      expect(back.workbook.backgrounds('Ledger', 'C2')).toEqual([['#d9ead3']]);
      expect(back.workbook.info('Ledger').frozenRows).toBe(1);
      expect(back.workbook.protection('Ledger')).toEqual({
        sheet: 'Ledger', description: 'add-on only', editors: [OWNER, ALICE], warningOnly: false, domainEdit: false,
      });
      expect(back.documentProperties.get('audit_head')).toBe('abc');
      expect(back.userProperties(ALICE).get('tab')).toBe('batches');
      expect(back.triggers.map((t) => [t.handler, t.owner, t.schedule])).toEqual([['nightly', ALICE, { everyHours: 6 }]]);
      expect(back.sentMail.map((m) => m.to)).toEqual(['finance@acme.test']);
    });

    it('keeps protection enforced after loading', () => {
      const { emu, g } = emulator();
      g.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Audit').protect();
      const file = path.join(tempDir(), 'book.json');
      emu.save(file);
      const back = AppsScriptEmulator.load(file);
      back.setActiveUser(BOB);
      const sheet = back.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Audit')!;
      expect(() => sheet.appendRow(['forged'])).toThrow('You are trying to edit a protected cell or object.');
    });
  });

  describe('AppsScriptEmulator.load', () => {
    it('refuses a file that is not an emulator workbook', () => {
      const file = path.join(tempDir({ 'x.json': '{"hello": 1}' }), 'x.json');
      expect(() => AppsScriptEmulator.load(file)).toThrow('is not an emulator workbook file');
    });
  });
});
