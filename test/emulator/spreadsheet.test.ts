import { FORMULA_PLACEHOLDER } from '../../src/local/emulator';
import { emulator } from './helpers';

describe('spreadsheet', () => {
  describe('Spreadsheet.getSheetByName', () => {
    it('returns null for a tab that does not exist', () => {
      const { g } = emulator();
      expect(g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Ledger')).toBeNull();
    });

    it('finds a tab whatever the case of the name', () => {
      const { g } = emulator();
      g.SpreadsheetApp.getActiveSpreadsheet().insertSheet('Ledger');
      expect(g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('ledger')?.getName()).toBe('Ledger');
    });
  });

  describe('Spreadsheet.insertSheet', () => {
    it('creates a 1000 x 26 sheet and makes it active', () => {
      const { g } = emulator();
      const ss = g.SpreadsheetApp.getActiveSpreadsheet();
      const sheet = ss.insertSheet('Audit');
      expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
      expect(ss.getActiveSheet().getName()).toBe('Audit');
      expect(ss.getSheets().map((s) => s.getName())).toEqual(['Sheet1', 'Audit']);
    });

    it('inserts at a 0-based index', () => {
      const { g } = emulator();
      const ss = g.SpreadsheetApp.getActiveSpreadsheet();
      ss.insertSheet('First', 0);
      expect(ss.getSheets().map((s) => s.getName())).toEqual(['First', 'Sheet1']);
    });

    it('refuses a name that is already taken, with Sheets\' message', () => {
      const { g } = emulator();
      const ss = g.SpreadsheetApp.getActiveSpreadsheet();
      ss.insertSheet('Ledger');
      expect(() => ss.insertSheet('LEDGER')).toThrow('A sheet with the name "LEDGER" already exists. Please enter another name.');
    });

    it('refuses to grow the workbook beyond 10,000,000 cells', () => {
      const { g } = emulator();
      const ss = g.SpreadsheetApp.getActiveSpreadsheet();
      const sheet = ss.getSheets()[0];
      sheet.insertRowsAfter(1000, 382_616); // 383,616 x 26 = 9,974,016 cells: one more sheet is too many
      expect(ss.getSheets().length).toBe(1);
      expect(() => ss.insertSheet('More')).toThrow('above the limit of 10000000 cells');
    });
  });

  describe('Spreadsheet.deleteSheet', () => {
    it('removes a sheet but never the last one', () => {
      const { g } = emulator();
      const ss = g.SpreadsheetApp.getActiveSpreadsheet();
      const tmp = ss.insertSheet('Tmp');
      ss.deleteSheet(tmp);
      expect(ss.getSheetByName('Tmp')).toBeNull();
      expect(() => ss.deleteSheet(ss.getSheets()[0])).toThrow("You can't remove all the sheets in a document.");
    });
  });

  describe('Spreadsheet.getRange', () => {
    it('reads a range of a named tab from A1 notation', () => {
      const { emu, g } = emulator();
      emu.workbook.setValues('My Tab', 1, 1, [['a', 'b'], ['c', 'd']]);
      const range = g.SpreadsheetApp.getActiveSpreadsheet().getRange("'My Tab'!A1:B2");
      expect(range.getValues()).toEqual([['a', 'b'], ['c', 'd']]);
      expect(range.getA1Notation()).toBe('A1:B2');
    });
  });

  describe('Spreadsheet.getOwner', () => {
    it('reports the owner and the editors the file is shared with', () => {
      const { g } = emulator();
      const ss = g.SpreadsheetApp.getActiveSpreadsheet();
      ss.addEditor('ops@acme.test');
      expect(ss.getOwner()!.getEmail()).toBe('owner@acme.test');
      expect(ss.getEditors().map((u) => u.getEmail())).toEqual(['owner@acme.test', 'ops@acme.test']);
    });
  });

  describe('SpreadsheetApp.openById', () => {
    it('is refused: the add-on only has access to the current spreadsheet', () => {
      const { g } = emulator();
      expect(() => g.SpreadsheetApp.openById('other')).toThrow('You do not have permission to call SpreadsheetApp.openById');
    });
  });

  describe('Spreadsheet.toast', () => {
    it('records the toast', () => {
      const { emu, g } = emulator();
      g.SpreadsheetApp.getActiveSpreadsheet().toast('Posted 3 entries', 'Partner Ledger');
      expect(emu.ui.toasts).toEqual([{ message: 'Posted 3 entries', title: 'Partner Ledger' }]);
    });
  });
});

describe('sheet', () => {
  describe('Sheet.getRange', () => {
    it('refuses coordinates outside the sheet, as Apps Script does', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      expect(() => sheet.getRange(1001, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
      expect(() => sheet.getRange(1, 27)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
      expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
      expect(() => sheet.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
    });

    it('accepts A1 notation, including whole columns', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      const r = sheet.getRange('B2:C4');
      expect([r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()]).toEqual([2, 2, 3, 2]);
      expect(sheet.getRange('A:A').getNumRows()).toBe(1000);
      expect(() => sheet.getRange('nonsense!!')).toThrow('Range not found');
    });
  });

  describe('Sheet.appendRow', () => {
    it('writes after the last row with content and grows a full sheet', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      sheet.getRange(1000, 1).setValue('last');
      sheet.appendRow(['x', 'y']);
      expect(sheet.getMaxRows()).toBe(1001);
      expect(sheet.getLastRow()).toBe(1001);
      expect(sheet.getRange(1001, 1, 1, 2).getValues()).toEqual([['x', 'y']]);
    });

    it('widens the sheet for a row longer than it', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      sheet.appendRow(new Array(30).fill('v'));
      expect(sheet.getMaxColumns()).toBe(30);
      expect(sheet.getLastColumn()).toBe(30);
    });
  });

  describe('Sheet.insertRowsAfter', () => {
    it('shifts the rows below down and grows the sheet', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      sheet.getRange(1, 1, 2, 1).setValues([['a'], ['b']]);
      sheet.insertRowsAfter(1, 2);
      expect(sheet.getMaxRows()).toBe(1002);
      expect(sheet.getRange(1, 1, 4, 1).getValues()).toEqual([['a'], [''], [''], ['b']]);
    });
  });

  describe('Sheet.deleteRows', () => {
    it('shifts the rows below up and shrinks the sheet', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      sheet.getRange(1, 1, 3, 1).setValues([['a'], ['b'], ['c']]);
      sheet.deleteRows(1, 2);
      expect(sheet.getMaxRows()).toBe(998);
      expect(sheet.getRange(1, 1).getValue()).toBe('c');
      expect(() => sheet.deleteRows(1, 998)).toThrow("You can't delete all the rows on the sheet.");
    });

    it('refuses to leave only frozen rows, and counts deleted frozen rows out of the frozen ones', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      sheet.getRange(1, 1, 3, 1).setValues([['header'], ['b'], ['c']]);
      sheet.setFrozenRows(1);
      // Every row below a frozen header: Sheets refuses, and nothing is deleted.
      expect(() => sheet.deleteRows(2, 999)).toThrow('Sorry, it is not possible to delete all non-frozen rows.');
      expect(sheet.getMaxRows()).toBe(1000);
      expect(sheet.getRange(2, 1).getValue()).toBe('b');
      sheet.setFrozenRows(3);
      sheet.deleteRows(2, 2);
      expect(sheet.getFrozenRows()).toBe(1);
      expect(sheet.getRange(2, 1).getValue()).toBe('');
    });

    it('refuses rows outside the sheet, a start below 1, a count below 1 and fractions', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      for (const [start, count] of [[1000, 2], [1001, 1], [0, 1], [3, 0], [3, -1], [1.5, 1], [2, 0.5]]) {
        expect(() => sheet.deleteRows(start!, count!)).toThrow('Those rows are out of bounds.');
      }
      expect(sheet.getMaxRows()).toBe(1000);
    });
  });

  describe('Sheet.getDataRange', () => {
    it('spans A1 to the last row and column with content', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      expect(sheet.getDataRange().getA1Notation()).toBe('A1');
      sheet.getRange('C5').setValue(1);
      expect(sheet.getDataRange().getA1Notation()).toBe('A1:C5');
    });
  });

  describe('Sheet.hideSheet', () => {
    it('hides a sheet but never the last visible one', () => {
      const { g } = emulator();
      const ss = g.SpreadsheetApp.getActiveSpreadsheet();
      const extra = ss.insertSheet('Settings').hideSheet();
      expect(extra.isSheetHidden()).toBe(true);
      expect(() => ss.getSheets()[0].hideSheet()).toThrow("You can't hide all the sheets in a document.");
    });
  });

  describe('Sheet.setFrozenRows', () => {
    it('records the frozen header rows', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      sheet.setFrozenRows(1);
      expect(sheet.getFrozenRows()).toBe(1);
    });
  });
});

describe('range', () => {
  describe('Range.setValues', () => {
    it('refuses data with the wrong number of rows, with Apps Script\'s message', () => {
      const { g } = emulator();
      const range = g.SpreadsheetApp.getActiveSheet().getRange(1, 1, 2, 2);
      expect(() => range.setValues([['a', 'b']])).toThrow(
        'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
      );
    });

    it('refuses a row with the wrong number of columns', () => {
      const { g } = emulator();
      const range = g.SpreadsheetApp.getActiveSheet().getRange(1, 1, 1, 2);
      expect(() => range.setValues([['a', 'b', 'c']])).toThrow(
        'The number of columns in the data does not match the number of columns in the range. The data has 3 but the range has 2.',
      );
    });

    it('turns number-like, percent, boolean and ISO date strings into typed values', () => {
      const { g } = emulator({ timeZone: 'America/New_York' });
      const range = g.SpreadsheetApp.getActiveSheet().getRange(1, 1, 1, 8);
      range.setValues([['123', '-1.5', '1,234.56', '00123', '10%', 'TRUE', 'false', '2024-03-05']]);
      const [v] = range.getValues();
      expect(v.slice(0, 7)).toEqual([123, -1.5, 1234.56, 123, 0.1, true, false]);
      expect(v[7]).toBeInstanceOf(Date);
      // Midnight in the spreadsheet's time zone.
      expect((v[7] as Date).toISOString()).toBe('2024-03-05T05:00:00.000Z');
    });

    it('keeps text that only looks like a number when the cell is plain text', () => {
      const { g } = emulator();
      const range = g.SpreadsheetApp.getActiveSheet().getRange(1, 1, 1, 3);
      range.setNumberFormat('@');
      range.setValues([['00123', '10%', '=SUM(A1)']]);
      expect(range.getValues()).toEqual([['00123', '10%', '=SUM(A1)']]);
      expect(range.getFormulas()).toEqual([['', '', '']]);
    });

    it('treats a leading apostrophe as "this is text" and drops it', () => {
      const { g } = emulator();
      const cell = g.SpreadsheetApp.getActiveSheet().getRange('A1');
      cell.setValue("'00123");
      expect(cell.getValue()).toBe('00123');
      cell.setValue("'=1+1");
      expect(cell.getValue()).toBe('=1+1');
      expect(cell.getFormula()).toBe('');
    });

    it('stores a string starting with = as a formula it does not evaluate', () => {
      const { g } = emulator();
      const cell = g.SpreadsheetApp.getActiveSheet().getRange('A1');
      cell.setValue('=HYPERLINK("http://evil")');
      expect(cell.getFormula()).toBe('=HYPERLINK("http://evil")');
      expect(cell.getValue()).toBe(FORMULA_PLACEHOLDER);
    });

    it('leaves numbers, booleans, Dates and ordinary text as they are; empty strings empty the cell', () => {
      const { g } = emulator();
      const sheet = g.SpreadsheetApp.getActiveSheet();
      const when = new Date(Date.UTC(2024, 0, 31, 12));
      sheet.getRange(1, 1, 1, 5).setValues([[0.1, false, when, 'ACME-10', '']]);
      expect(sheet.getRange(1, 1, 1, 5).getValues()).toEqual([[0.1, false, when, 'ACME-10', '']]);
      expect(sheet.getLastColumn()).toBe(4);
    });

    it('does not convert impossible dates or badly grouped numbers', () => {
      const { g } = emulator();
      const range = g.SpreadsheetApp.getActiveSheet().getRange(1, 1, 1, 3);
      range.setValues([['2024-02-30', '1,23', '12.3.4']]);
      expect(range.getValues()).toEqual([['2024-02-30', '1,23', '12.3.4']]);
    });
  });

  describe('Range.getDisplayValues', () => {
    it('shows values through their number formats', () => {
      const { g } = emulator();
      const range = g.SpreadsheetApp.getActiveSheet().getRange(1, 1, 1, 4);
      range.setValues([[1234.5, 0.125, '2024-03-05', true]]);
      range.setNumberFormats([['#,##0.00', '0.0%', 'yyyy-mm-dd', '@']]);
      expect(range.getDisplayValues()).toEqual([['1,234.50', '12.5%', '2024-03-05', 'TRUE']]);
    });
  });

  describe('Range.setNotes', () => {
    it('stores notes, backgrounds and font weights per cell', () => {
      const { emu, g } = emulator();
      const range = g.SpreadsheetApp.getActiveSheet().getRange(2, 1, 1, 2);
      range.setNotes([['bad amount', '']]);
      range.setBackgrounds([['#f4cccc', null as unknown as string]]);
      range.setFontWeight('bold');
      expect(range.getNotes()).toEqual([['bad amount', '']]);
      expect(range.getBackgrounds()).toEqual([['#f4cccc', '#ffffff']]);
      expect(range.getFontWeights()).toEqual([['bold', 'bold']]);
      range.clearNote();
      expect(emu.workbook.notes('Sheet1', 'A2:B2')).toEqual([['', '']]);
    });
  });

  describe('Range.clear', () => {
    it('clears contents and formats; clearContent keeps formats', () => {
      const { g } = emulator();
      const cell = g.SpreadsheetApp.getActiveSheet().getRange('A1');
      cell.setValue('x').setBackground('#ff0000');
      cell.clearContent();
      expect([cell.getValue(), cell.getBackground()]).toEqual(['', '#ff0000']);
      cell.clear();
      expect(cell.getBackground()).toBe('#ffffff');
    });
  });
});
