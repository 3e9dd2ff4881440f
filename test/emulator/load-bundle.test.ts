import { loadBundle } from '../../src/local/emulator';
import { ALICE, BOB, emulator, OWNER, tempDir } from './helpers';

const CODE = `
function probe() { return [typeof require, typeof process, typeof Buffer, typeof setTimeout, typeof setInterval, typeof module, typeof global]; }
function globalsSeen() { return ['SpreadsheetApp', 'Session', 'LockService', 'PropertiesService', 'HtmlService', 'Utilities', 'MailApp', 'ScriptApp', 'Logger', 'console'].map(function (n) { return typeof globalThis[n]; }); }
function writeAndRead() {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().insertSheet('Ledger');
  sheet.getRange(1, 1, 1, 3).setValues([['E-1', '2024-01-31', 1250]]);
  var row = sheet.getRange(1, 1, 1, 3).getValues()[0];
  return { isDate: row[1] instanceof Date, isArray: row instanceof Array, amount: row[2], who: Session.getActiveUser().getEmail() };
}
function clock() { return [Date.now(), new Date().toISOString(), typeof Date(), new Date(0).getTime(), new Date(2024, 0, 1) instanceof Date]; }
function catchesServiceErrors() {
  try { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(0, 1); } catch (e) { return [e instanceof Error, e.message]; }
}
function badResult() { return { batch: 'B-1', approvedAt: new Date() }; }
function nanResult() { return [1, NaN]; }
function echo(x) { return { got: x, isArray: Array.isArray(x && x.list), proto: x && Object.getPrototypeOf(x) === Object.prototype }; }
function swallowFaults() {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
  for (var i = 1; i <= 5; i++) { try { sheet.appendRow([i]); } catch (e) { /* a careless script */ } }
  return 'finished';
}
var notAFunction = 1;
`;

function load(opts: { now?: () => number } = {}) {
  const { emu } = emulator(opts);
  const dir = tempDir({ 'Code.js': CODE });
  return { emu, dir, ctx: loadBundle(emu, dir) };
}

describe('load-bundle', () => {
  describe('loadBundle', () => {
    it('gives the bundle no Node globals', () => {
      const { ctx } = load();
      expect(ctx.call('probe')).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
    });

    it('gives the bundle the Apps Script services', () => {
      const { ctx } = load();
      expect(ctx.call('globalsSeen')).toEqual(['object', 'object', 'object', 'object', 'object', 'object', 'object', 'object', 'object', 'object']);
    });

    it('lets the bundle use SpreadsheetApp, with Dates and arrays of its own realm', () => {
      const { emu, ctx } = load();
      emu.setActiveUser(ALICE);
      expect(ctx.call('writeAndRead')).toEqual({ isDate: true, isArray: true, amount: 1250, who: ALICE });
      expect(emu.workbook.sheetNames()).toContain('Ledger');
    });

    it('makes the bundle\'s Date report the emulator\'s clock', () => {
      const { ctx } = load({ now: () => Date.UTC(2024, 5, 30, 12) });
      const [now, iso, called, epoch, isDate] = ctx.call('clock') as [number, string, string, number, boolean];
      expect([now, iso, epoch, isDate]).toEqual([Date.UTC(2024, 5, 30, 12), '2024-06-30T12:00:00.000Z', 0, true]);
      expect(typeof called).toBe('string');
    });

    it('throws service errors the bundle can catch as its own Errors', () => {
      const { ctx } = load();
      expect(ctx.call('catchesServiceErrors')).toEqual([true, 'The starting row of the range is too small.']);
    });
  });

  describe('BundleContext.call', () => {
    it('refuses a name that is not a top-level function', () => {
      const { ctx } = load();
      expect(ctx.has('probe')).toBe(true);
      expect(ctx.has('notAFunction')).toBe(false);
      expect(() => ctx.call('nope')).toThrow('Script function not found: nope');
    });

    it('ends the run at an injected fault even when the script catches it', () => {
      const { emu, ctx } = load();
      emu.injectFaultAfter(3);
      expect(() => ctx.call('swallowFaults')).toThrow('Injected fault at mutating call 3 (Sheet.appendRow)');
      expect(emu.workbook.values('Sheet1')).toEqual([[1], [2]]);
      expect(ctx.call('swallowFaults')).toBe('finished');
    });

    it('runs as the context\'s own user when one is pinned', () => {
      const { emu, dir } = load();
      const bob = loadBundle(emu, dir, { user: BOB });
      emu.setActiveUser(ALICE);
      expect((bob.call('writeAndRead') as { who: string }).who).toBe(BOB);
      bob.setUser(null);
      expect(bob.user).toBe(ALICE);
      emu.setActiveUser(OWNER);
      expect(bob.user).toBe(OWNER);
    });
  });

  describe('BundleContext.run', () => {
    it('refuses a Date in the result, naming where it is', () => {
      const { ctx } = load();
      expect(() => ctx.run('badResult')).toThrow('result.approvedAt is a Date');
    });

    it('refuses NaN, functions, undefined in arrays and class instances', () => {
      const { ctx } = load();
      expect(() => ctx.run('nanResult')).toThrow('result[1] is NaN');
      expect(() => ctx.run('echo', { f: () => 1 })).toThrow('args[0].f is a function');
      expect(() => ctx.run('echo', [1, undefined])).toThrow('args[0][1] is undefined');
      expect(() => ctx.run('echo', new Map())).toThrow('args[0] is a Map instance');
      expect(() => ctx.run('echo', { when: new Date() })).toThrow('args[0].when is a Date');
    });

    it('passes JSON copies both ways, as plain objects of the bundle\'s realm', () => {
      const { ctx } = load();
      const arg = { list: [1, 'two', null, { three: true }] };
      const out = ctx.run('echo', arg) as { got: unknown; isArray: boolean; proto: boolean };
      expect(out).toEqual({ got: arg, isArray: true, proto: true });
      expect(out.got).not.toBe(arg);
    });
  });
});
