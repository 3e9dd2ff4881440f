import { emulator } from './helpers';

describe('stats', () => {
  describe('AppsScriptEmulator.stats', () => {
    it('counts calls per method, cells read and written, and mutating calls', () => {
      const { emu, g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      sheet.getRange(1, 1, 10, 3).setValues(Array.from({ length: 10 }, () => ['a', 'b', 'c']));
      sheet.getRange(1, 1, 10, 3).getValues();
      g.PropertiesService.getDocumentProperties().setProperty('k', 'v');
      expect(emu.stats.calls['Range.setValues']).toBe(1);
      expect(emu.stats.calls['Range.getValues']).toBe(1);
      expect(emu.stats.calls['Sheet.getRange']).toBe(2);
      expect(emu.stats.cellsWritten).toBe(30);
      expect(emu.stats.cellsRead).toBe(30);
      expect(emu.stats.mutatingCalls).toBe(2);
      emu.resetStats();
      expect([emu.stats.totalCalls, emu.stats.cellsRead, emu.stats.mutatingCalls]).toEqual([0, 0, 0]);
    });

    it('does not count direct workbook access', () => {
      const { emu } = emulator();
      emu.workbook.setValues('Sheet1', 1, 1, [['x']]);
      emu.workbook.values('Sheet1');
      expect(emu.stats.totalCalls).toBe(0);
    });
  });
});

describe('faults', () => {
  describe('AppsScriptEmulator.injectFaultAfter', () => {
    it('stops the run at mutating call k: earlier writes applied, later ones not', () => {
      const { emu, g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      emu.injectFaultAfter(3);
      sheet.appendRow(['1']);
      sheet.appendRow(['2']);
      expect(() => sheet.appendRow(['3'])).toThrow(/^Injected fault at mutating call 3 \(Sheet.appendRow\)$/);
      expect(emu.workbook.values('Sheet1')).toEqual([[1], [2]]);
      // One-shot: later calls work again.
      sheet.appendRow(['4']);
      expect(emu.workbook.values('Sheet1')).toEqual([[1], [2], [4]]);
    });

    it('can be turned off before it fires', () => {
      const { emu, g } = emulator();
      emu.injectFaultAfter(1);
      emu.injectFaultAfter(null);
      g.PropertiesService.getDocumentProperties().setProperty('a', 'b');
      expect(emu.documentProperties.get('a')).toBe('b');
    });
  });

  describe('AppsScriptEmulator.onMutatingCall', () => {
    it('is told each mutating call before it happens', () => {
      const { emu, g } = emulator();
      const seen: Array<[number, string, unknown]> = [];
      emu.onMutatingCall((n, what) => seen.push([n, what, emu.workbook.values('Sheet1')]));
      g.SpreadsheetApp.getActiveSheet().getRange('A1').setValue('x');
      g.MailApp.sendEmail('a@acme.test', 's', 'b');
      expect(seen).toEqual([[1, 'Range.setValue', []], [2, 'MailApp.sendEmail', [['x']]]]);
    });
  });
});
