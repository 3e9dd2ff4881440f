import { createHash } from 'crypto';
import fc from 'fast-check';
import { bytesToHex } from '../../../src/core/audit/chain';
import { sha256Hex, utf8Bytes } from '../../../src/core/audit/sha256';
import { AppsScriptEmulator } from '../../../src/local/emulator';

describe('audit/sha256', () => {
  describe('sha256Hex', () => {
    it('equals Node\'s SHA-256 of the UTF-8 text for any string, including emoji and lone surrogates', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }), { numRuns: 500 });
    });

    it('gives each text its own digest when a long text is hashed between short ones (the encoder reuses one buffer)', () => {
      fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 3000 }), { minLength: 2, maxLength: 6 }), (texts) => {
        const ours = texts.map(sha256Hex);
        expect(ours).toEqual(texts.map((t) => createHash('sha256').update(t, 'utf8').digest('hex')));
      }), { numRuns: 200 });
    });

    it('equals what Apps Script\'s Utilities.computeDigest returns (as the emulator implements it)', () => {
      const { Utilities } = new AppsScriptEmulator({ owner: 'owner@example.com' }).typedGlobals();
      for (const text of ['', 'ledger row', 'Zoë €12,50 — 日本 🎉', '\n'.repeat(3)]) {
        const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
        expect(sha256Hex(text)).toBe(bytesToHex(bytes));
      }
    });
  });

  describe('utf8Bytes', () => {
    it('matches TextEncoder for any string', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(Array.from(utf8Bytes(text))).toEqual(Array.from(new TextEncoder().encode(text)));
      }), { numRuns: 500 });
    });
  });
});
