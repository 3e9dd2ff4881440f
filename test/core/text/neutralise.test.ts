import fc from 'fast-check';
import { neutralise, neutraliseCell, normaliseCode, normaliseEmail, unneutralise, unneutraliseRow } from '../../../src/core/text/neutralise';

const LINKS = ['ref', 'via', 'code', 'aff'];

describe('text/neutralise', () => {
  describe('neutralise', () => {
    it('prefixes text that a spreadsheet would run as a formula', () => {
      for (const payload of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil")']) {
        expect(neutralise(payload)).toBe(`'${payload}`);
      }
    });
    it('leaves ordinary text alone', () => {
      expect(neutralise('Alice')).toBe('Alice');
      expect(neutralise('a=b')).toBe('a=b');
      expect(neutralise('')).toBe('');
    });
    it('leaves numbers alone: a negative number is not a formula', () => {
      expect(neutraliseCell(-5)).toBe(-5);
      expect(neutraliseCell('-5')).toBe("'-5");
      expect(neutraliseCell(true)).toBe(true);
    });
  });

  describe('unneutralise', () => {
    it('unneutralise(neutralise(text)) is the text, for every text that does not itself start with \' before a formula lead', () => {
      const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", 'a', ' ', '1') });
      fc.assert(fc.property(text, (t) => {
        fc.pre(!/^'[=+\-@\t\r]/.test(t));
        expect(unneutralise(neutralise(t))).toBe(t);
      }));
    });
    it('leaves a user\'s own apostrophe before ordinary text alone', () => {
      expect(unneutralise("'abc")).toBe("'abc");
      expect(unneutralise("'-P4")).toBe('-P4');
    });
  });

  describe('unneutraliseRow', () => {
    it('returns the same row when nothing was neutralised, and a restored copy otherwise', () => {
      const plain = ['P1', 10, 'Ada'];
      expect(unneutraliseRow(plain)).toBe(plain);
      const neutralised = ["'-P4", 10, "'@fitness.guru", "'abc"];
      expect(unneutraliseRow(neutralised)).toEqual(['-P4', 10, '@fitness.guru', "'abc"]);
      expect(neutralised[0]).toBe("'-P4");
    });
  });

  describe('normaliseCode', () => {
    it('trims and upper-cases a code', () => {
      expect(normaliseCode('  save10 ', LINKS)).toEqual({ ok: true, value: 'SAVE10' });
    });
    it('takes the first link parameter in settings order, not link order', () => {
      expect(normaliseCode('https://shop.example/?via=bob&ref=alice', LINKS)).toEqual({ ok: true, value: 'ALICE' });
      expect(normaliseCode('https://shop.example/p?x=1&aff=%20carol%20#top', LINKS)).toEqual({ ok: true, value: 'CAROL' });
      expect(normaliseCode('www.shop.example/?ref=&via=dan', LINKS)).toEqual({ ok: true, value: 'DAN' });
      expect(normaliseCode('shop.example/landing?REF=eve', LINKS)).toEqual({ ok: true, value: 'EVE' });
    });
    it('refuses a link without a referral parameter', () => {
      const r = normaliseCode('https://shop.example/p?utm=1', LINKS);
      expect(r.ok ? '' : r.code).toBe('BAD_LINK');
    });
    it('composes a code typed with combining accents (NFD, as macOS exports write it) into NFC', () => {
      const composed = normaliseCode('jos\u00e9 10', LINKS);
      expect(normaliseCode('JOSE\u0301 10', LINKS)).toEqual(composed);
      expect(composed).toEqual({ ok: true, value: 'JOS\u00c9 10' });
      expect(normaliseCode('https://shop.example/?ref=jose%CC%81', LINKS)).toEqual({ ok: true, value: 'JOS\u00c9' });
    });
    it('refuses a comma inside a code', () => {
      const r = normaliseCode('A,B', LINKS);
      expect(r.ok ? '' : r.code).toBe('BAD_CODE');
    });
  });

  describe('normaliseEmail', () => {
    it('trims and lower-cases', () => {
      expect(normaliseEmail('  Alice@Example.COM ')).toEqual({ ok: true, value: 'alice@example.com' });
    });
    it('composes an address written with combining accents (NFC)', () => {
      expect(normaliseEmail('Jose\u0301@Example.com')).toEqual(normaliseEmail('jos\u00e9@example.com'));
    });
    it('refuses things that are not one address', () => {
      for (const bad of ['bob at example', 'a@b', 'a@@b.com', 'a@b.com, c@d.com', 'Name <a@b.com>', 'a..b@c.com']) {
        const r = normaliseEmail(bad);
        expect(r.ok ? '' : r.code).toBe('BAD_EMAIL');
      }
    });
  });
});
