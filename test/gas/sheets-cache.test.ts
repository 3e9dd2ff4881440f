// The per-action extent cache of src/gas/sheets.ts, run against the emulator's services installed
// as globals (as Apps Script provides them): it must answer what Sheets would, with fewer calls.
import { AppsScriptEmulator } from '../../src/local/emulator';
import { appendRows, ensureTab, lastRow, readTab, startAction } from '../../src/gas/sheets';

function installedEmulator(): AppsScriptEmulator {
  const emulator = new AppsScriptEmulator({ owner: 'owner@acme.example' });
  Object.assign(globalThis, emulator.globals());
  startAction();
  return emulator;
}

describe('sheets extent cache', () => {
  it('asks Sheets for a tab\'s last row once per action, and moves it with each append', () => {
    const emulator = installedEmulator();
    ensureTab('T', ['a', 'b']);
    appendRows('T', [['p', 'q'], ['r', 's']]);
    emulator.resetStats();
    expect(lastRow('T')).toBe(3);
    appendRows('T', [['t', 'u']]);
    expect(lastRow('T')).toBe(4);
    expect(emulator.stats.calls['Sheet.getLastRow'] ?? 0).toBe(0);
    expect(emulator.workbook.values('T')).toEqual([['a', 'b'], ['p', 'q'], ['r', 's'], ['t', 'u']]);
  });

  it('does not count a trailing blank row as content: the next append follows the real last row', () => {
    const emulator = installedEmulator();
    ensureTab('T', ['a', 'b']);
    appendRows('T', [['p', 'q'], ['', '']]);
    expect(lastRow('T')).toBe(emulator.typedGlobals().SpreadsheetApp.getActiveSpreadsheet().getSheetByName('T')!.getLastRow());
    appendRows('T', [['r', 's']]);
    expect(emulator.workbook.values('T')).toEqual([['a', 'b'], ['p', 'q'], ['r', 's']]);
  });

  it('takes the last row from a read, and starts again in the next action', () => {
    const emulator = installedEmulator();
    ensureTab('T', ['a']);
    appendRows('T', [['p'], ['q']]);
    startAction();
    expect(readTab('T')?.rows).toHaveLength(2);
    emulator.resetStats();
    expect(lastRow('T')).toBe(3);
    expect(emulator.stats.totalCalls).toBe(0);
  });
});
