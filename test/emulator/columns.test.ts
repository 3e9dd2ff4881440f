// Deleting columns, and the storage behind it: formats shared between rows must behave as if each
// cell had its own.
import * as path from 'path';
import { AppsScriptEmulator } from '../../src/local/emulator';
import { ALICE, emulator, OWNER, tempDir } from './helpers';

const PROTECTED =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

function filledSheet() {
  const env = emulator();
  const sheet = env.g.SpreadsheetApp.getActiveSheet();
  const range = sheet.getRange(1, 1, 2, 5);
  range.setNumberFormats([['@', '@', '0.00', '@', '@'], ['@', '@', '0.00', '@', '@']]);
  range.setValues([['a', 'b', 1.5, 'd', 'e'], ['f', 'g', 2.5, 'i', 'j']]);
  sheet.getRange('D2').setNote('check').setBackground('#f4cccc');
  return { ...env, sheet };
}

describe('Sheet.deleteColumns', () => {
  it('shifts the columns to the right of the deleted ones left, with their formats and notes, and shrinks the sheet', () => {
    const { sheet } = filledSheet();
    expect(sheet.deleteColumns(2, 2)).toBeUndefined();
    expect(sheet.getMaxColumns()).toBe(24);
    expect(sheet.getLastColumn()).toBe(3);
    expect(sheet.getRange(1, 1, 2, 3).getValues()).toEqual([['a', 'd', 'e'], ['f', 'i', 'j']]);
    expect(sheet.getRange(1, 1, 2, 3).getNumberFormats()).toEqual([['@', '@', '@'], ['@', '@', '@']]);
    expect(sheet.getRange('B2').getNote()).toBe('check');
    expect(sheet.getRange('B2').getBackground()).toBe('#f4cccc');
    expect(sheet.getRange('D1').getValue()).toBe('');
  });

  it('deleteColumn deletes one column and returns the sheet', () => {
    const { sheet } = filledSheet();
    expect(sheet.deleteColumn(1).getMaxColumns()).toBe(25);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([['b', 1.5]]);
  });

  it('makes the workbook smaller by the deleted columns times the rows', () => {
    const { emu, g } = emulator();
    const before = emu.workbookCells();
    g.SpreadsheetApp.getActiveSheet().deleteColumns(12, 15);
    expect(emu.workbookCells()).toBe(before - 15 * 1000);
  });

  it('refuses to delete every column of the sheet', () => {
    const { sheet } = filledSheet();
    expect(() => sheet.deleteColumns(1, 26)).toThrow("You can't delete all the columns on the sheet.");
    expect(sheet.getMaxColumns()).toBe(26);
  });

  it('refuses columns outside the sheet, a start below 1 and a count below 1', () => {
    const { sheet } = filledSheet();
    for (const [start, count] of [[26, 2], [27, 1], [0, 1], [3, 0], [3, -1]]) {
      expect(() => sheet.deleteColumns(start!, count!)).toThrow('Those columns are out of bounds.');
    }
    expect(() => sheet.deleteColumn(27)).toThrow('Those columns are out of bounds.');
    expect(sheet.getRange(1, 1, 1, 5).getValues()).toEqual([['a', 'b', 1.5, 'd', 'e']]);
  });

  it('refuses to leave only frozen columns, and counts deleted frozen columns out of the frozen ones', () => {
    const { sheet } = filledSheet();
    sheet.setFrozenColumns(3);
    expect(() => sheet.deleteColumns(4, 23)).toThrow('Sorry, it is not possible to delete all non-frozen columns.');
    sheet.deleteColumns(2, 2);
    expect(sheet.getFrozenColumns()).toBe(1);
  });

  it('is refused on a protected sheet to a user who is not an editor, and allowed to an editor', () => {
    const { emu, g } = emulator();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    emu.setActiveUser(OWNER);
    sheet.protect();
    emu.setActiveUser(ALICE);
    expect(() => sheet.deleteColumns(12, 15)).toThrow(PROTECTED);
    expect(sheet.getMaxColumns()).toBe(26);
    emu.setActiveUser(OWNER);
    sheet.deleteColumns(12, 15);
    expect(sheet.getMaxColumns()).toBe(11);
  });

  it('counts as one mutating call', () => {
    const { emu, g } = emulator();
    const sheet = g.SpreadsheetApp.getActiveSheet();
    const before = emu.stats.mutatingCalls;
    sheet.deleteColumns(12, 15);
    expect(emu.stats.calls['Sheet.deleteColumns']).toBe(1);
    expect(emu.stats.mutatingCalls).toBe(before + 1);
  });
});

describe('formats shared between rows', () => {
  function blockOfText(rows: number) {
    const env = emulator();
    const sheet = env.g.SpreadsheetApp.getActiveSheet();
    const row = ['@', 'General', '@'];
    const range = sheet.getRange(1, 1, rows, 3);
    range.setNumberFormats(Array.from({ length: rows }, () => row));
    return { ...env, sheet };
  }

  it('a format written to one cell of a block formatted alike changes that cell only', () => {
    const { sheet } = blockOfText(4);
    sheet.getRange('B3').setNumberFormat('0.00%');
    expect(sheet.getRange('A1:C4').getNumberFormats()).toEqual([
      ['@', 'General', '@'], ['@', 'General', '@'], ['@', '0.00%', '@'], ['@', 'General', '@'],
    ]);
  });

  it('a value a cell converts (a date typed as text) formats that cell only', () => {
    const { sheet } = blockOfText(3);
    sheet.getRange(1, 1, 3, 3).setValues([['00123', '2026-05-31', '007'], ['x', '', 'y'], ['z', '10%', 'w']]);
    expect(sheet.getRange('A1:C3').getValues()[0]![0]).toBe('00123');
    expect(sheet.getRange('A1:C3').getNumberFormats()).toEqual([
      ['@', 'General', '@'], ['@', 'General', '@'], ['@', 'General', '@'],
    ]);
    sheet.getRange('B2').clearFormat();
    sheet.getRange('B2').setValue('2026-05-31');
    expect(sheet.getRange('B1:B3').getNumberFormats()).toEqual([['General'], ['yyyy-mm-dd'], ['General']]);
  });

  it('clearing formats over part of a block leaves the rest, and inserted columns move every row alike', () => {
    const { sheet } = blockOfText(3);
    sheet.getRange('A2:C2').clearFormat();
    sheet.insertColumnsAfter(1, 1);
    expect(sheet.getRange('A1:D3').getNumberFormats()).toEqual([
      ['@', '0.###############', 'General', '@'],
      ['0.###############', '0.###############', '0.###############', '0.###############'],
      ['@', '0.###############', 'General', '@'],
    ]);
  });

  it('survive a save and a load, and stay independent afterwards', () => {
    const { emu, sheet } = blockOfText(3);
    sheet.getRange('A1:C3').setValues([['a', 1, 'b'], ['c', 2, 'd'], ['e', 3, 'f']]);
    const file = path.join(tempDir(), 'book.json');
    emu.save(file);
    const back = AppsScriptEmulator.load(file);
    back.setActiveUser(OWNER);
    const loaded = back.typedGlobals().SpreadsheetApp.getActiveSheet();
    loaded.getRange('C2').setNumberFormat('0.0');
    expect(loaded.getRange('A1:C3').getNumberFormats()).toEqual([['@', 'General', '@'], ['@', 'General', '0.0'], ['@', 'General', '@']]);
    expect(loaded.getRange('A1:C3').getValues()).toEqual([['a', 1, 'b'], ['c', 2, 'd'], ['e', 3, 'f']]);
  });
});
