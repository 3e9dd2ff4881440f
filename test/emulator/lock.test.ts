import { loadBundle } from '../../src/local/emulator';
import { ALICE, BOB, emulator, tempDir } from './helpers';

const LOCK_TIMEOUT = 'Lock timeout: another process was holding the lock for too long.';

const BUNDLE = `
function tryIt() { var lock = LockService.getDocumentLock(); var ok = lock.tryLock(1000); return [ok, lock.hasLock()]; }
function waitIt() { LockService.getDocumentLock().waitLock(5000); return 'got it'; }
function postAndRecord(tag) {
  var lock = LockService.getDocumentLock();
  if (!lock.tryLock(100)) return 'busy, try again';
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
  sheet.appendRow([tag, Session.getActiveUser().getEmail()]);
  sheet.appendRow([tag + ' done']);
  lock.releaseLock();
  return 'ok';
}
function holdAndThrow() { LockService.getDocumentLock().waitLock(100); throw new Error('boom'); }
`;

describe('lock', () => {
  describe('Lock.tryLock', () => {
    it('returns false while another holder has the document lock', () => {
      const { emu } = emulator();
      const ctx = loadBundle(emu, tempDir({ 'Code.js': BUNDLE }));
      emu.holdDocumentLock('other-execution');
      expect(ctx.call('tryIt')).toEqual([false, false]);
      emu.releaseDocumentLock();
      expect(ctx.call('tryIt')).toEqual([true, true]);
    });

    it('advances the fake clock by the time it waited instead of blocking', () => {
      const { emu } = emulator({ now: () => 1_000_000 });
      const ctx = loadBundle(emu, tempDir({ 'Code.js': BUNDLE }));
      emu.holdDocumentLock('other');
      ctx.call('tryIt');
      expect(emu.now()).toBe(1_001_000);
    });
  });

  describe('Lock.waitLock', () => {
    it('throws Apps Script\'s timeout message while another holder has the lock', () => {
      const { emu } = emulator();
      const ctx = loadBundle(emu, tempDir({ 'Code.js': BUNDLE }));
      emu.holdDocumentLock('other');
      expect(() => ctx.call('waitIt')).toThrow(LOCK_TIMEOUT);
    });

    it('refuses a bundle while a host-side script holds the lock', () => {
      const { emu, g } = emulator();
      const first = g.LockService.getDocumentLock();
      expect(first.tryLock(10)).toBe(true);
      const bundle = loadBundle(emu, tempDir({ 'Code.js': BUNDLE }));
      expect(() => bundle.call('waitIt')).toThrow(LOCK_TIMEOUT);
      first.releaseLock();
      expect(bundle.call('waitIt')).toBe('got it');
    });
  });

  describe('two users at once', () => {
    it('bob is told "busy" while alice holds the lock inside her action', () => {
      const { emu } = emulator();
      const dir = tempDir({ 'Code.js': BUNDLE });
      const alice = loadBundle(emu, dir, { user: ALICE });
      const bob = loadBundle(emu, dir, { user: BOB });
      const bobSaw: unknown[] = [];
      emu.onMutatingCall((n) => {
        if (n === 1) bobSaw.push(bob.call('postAndRecord', 'bob'));
      });
      expect(alice.call('postAndRecord', 'alice')).toBe('ok');
      expect(bobSaw).toEqual(['busy, try again']);
      expect(emu.workbook.values('Sheet1')).toEqual([['alice', ALICE], ['alice done', '']]);
      emu.onMutatingCall(null);
      expect(bob.call('postAndRecord', 'bob')).toBe('ok');
    });
  });

  describe('end of execution', () => {
    it('releases a lock held by a call that threw', () => {
      const { emu } = emulator();
      const ctx = loadBundle(emu, tempDir({ 'Code.js': BUNDLE }));
      expect(() => ctx.call('holdAndThrow')).toThrow('boom');
      expect(emu.documentLockHolder()).toBeNull();
    });
  });
});
