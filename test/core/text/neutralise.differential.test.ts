// The hand-written link and formula checks of text/neutralise against the regex and split versions
// they replaced (kept here as the reference): the same result, message and all, on generated text.
import fc from 'fast-check';
import { fail, type Parsed } from '../../../src/core/input/error-codes';
import { neutralise, normaliseCode } from '../../../src/core/text/neutralise';

const reference = {
  neutralise(text: string): string {
    return ['=', '+', '-', '@', '\t', '\r'].some((lead) => text.startsWith(lead)) ? `'${text}` : text;
  },

  normaliseCode(text: string, link_params: readonly string[], field = 'code'): Parsed<string> {
    const trimmed = text.trim();
    if (/^(https?:\/\/|www\.)/i.test(trimmed) || /^[^\s?]+\.[a-z]{2,}(\/[^\s?]*)?\?/i.test(trimmed)) {
      const value = reference.firstLinkParam(trimmed, link_params);
      if (value === null) return fail('BAD_LINK', { field, value: trimmed, params: link_params.join(', ') || '(none)' });
      return reference.normaliseCode(value, [], field);
    }
    if (/[,;]/.test(trimmed)) return fail('BAD_CODE', { field, value: trimmed });
    return { ok: true, value: trimmed.toUpperCase().normalize('NFC') };
  },

  firstLinkParam(link: string, link_params: readonly string[]): string | null {
    const query = link.split('#')[0]?.split('?').slice(1).join('?') ?? '';
    const values = new Map<string, string>();
    for (const pair of query.split('&')) {
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = reference.decode(pair.slice(0, equals)).toLowerCase();
      if (!values.has(name)) values.set(name, reference.decode(pair.slice(equals + 1)));
    }
    for (const param of link_params) {
      const value = values.get(param.toLowerCase());
      if (value !== undefined && value.trim() !== '') return value;
    }
    return null;
  },

  decode(part: string): string {
    const spaced = part.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(spaced);
    } catch {
      return spaced;
    }
  },
};

/** Pieces that make links, codes and near-misses when strung together. */
const PIECES = [
  'https://', 'http://', 'HTTP://', 'www.', 'WWW.', 'shop', 'example', '.com', '.c', '.io', '/', '/p', '?', '&', '=', '#', '%', '%20', '%E2%82%AC',
  '%zz', '+', 'ref', 'REF', 'Ref', 'via', 'code', 'aff', 'x', 'save10', ' ', '\u00a0', '\t', ',', ';', 'ü', 'ſ', 'K', '😀', '=', '-', '@', '\r', "'",
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((parts) => parts.join(''));
const part = fc.array(fc.constantFrom('ref', 'REF', 'via', 'code', 'x', 'a+b', '%20', '%zz', '%41', ' ', '', '?', '=', '😀', ',', 'www.a.io'), { maxLength: 3 })
  .map((parts) => parts.join(''));
const pair = fc.tuple(part, fc.constantFrom('=', '', '=='), part).map(([name, equals, value]) => `${name}${equals}${value}`);
/** Links with a query of repeated, empty, encoded and odd parameters, and sometimes a fragment. */
const link = fc.tuple(
  fc.constantFrom('https://', 'http://', 'WWW.', 'www.', '', ' '), fc.constantFrom('shop.example', 'a.b', 'x', 'a.b/p'), fc.constantFrom('?', '#?', '/?', ''),
  fc.array(pair, { maxLength: 5 }), fc.constantFrom('', '#', '#ref=x', '#a&ref=y', '?ref=z'),
).map(([scheme, host, question, pairs, tail]) => `${scheme}${host}${question}${pairs.join('&')}${tail}`);
const any_text = fc.oneof(text, link, link, fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
const link_params = fc.oneof(
  fc.constant(['ref', 'via', 'code', 'aff']),
  fc.array(fc.constantFrom('ref', 'REF', 'via', 'x', 'code', 'aff', ''), { maxLength: 4 }),
);

describe('text/neutralise against the versions it replaced', () => {
  it('normaliseCode gives the same code or the same error for any text and link_params', () => {
    fc.assert(fc.property(any_text, link_params, (t, params) => {
      expect(normaliseCode(t, params)).toEqual(reference.normaliseCode(t, params));
    }), { numRuns: 20000 });
  });

  it('neutralise prefixes exactly the same text', () => {
    fc.assert(fc.property(any_text, (t) => {
      expect(neutralise(t)).toBe(reference.neutralise(t));
    }), { numRuns: 5000 });
  });
});
