// parseCsv reads files by hand and leaves to csv-parse only what the hand reader does not follow.
// Whatever it reads itself must be exactly what csv-parse reads: the same records, the same line for
// each, on generated text full of quotes, delimiters, line breaks, blank lines and unicode.
import fc from 'fast-check';
import { parseCsv, readRecords, recordsByCsvParse as byCsvParse, recordsByHand } from '../../../src/core/input/csv';

type Delimiter = ',' | ';' | '\t';

const PIECES = [
  'a', 'b', 'xyz', '12.50', '1,234.50', '(12.00)', '1e3', ' 12 ', ' ', '"', '""', '"""', ',', ';', '\t', '\n', '\n\n', 'é', 'ü', '😀', '€', '\u00a0',
  '\ufeff', '\0', '\\', "'", '=1+1', '#', '\u2028',
];
const DELIMITERS: Delimiter[] = [',', ';', '\t'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

/** Well-formed CSV: values quoted when they must be (and sometimes when they need not), any delimiter. */
const csv = fc.tuple(
  fc.constantFrom(...DELIMITERS),
  fc.array(fc.array(fc.tuple(fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => p.join('')), fc.boolean()), { maxLength: 6 }), { maxLength: 8 }),
  fc.constantFrom('\n', '\n\n', ''),
).map(([delimiter, rows, tail]) => ({
  delimiter,
  text: rows.map((row) => row.map(([value, force]) => (force || /["\n,;\t]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(delimiter)).join('\n') + tail,
}));

describe('input/csv read by hand against csv-parse', () => {
  it('reads the same records and lines as csv-parse from any text, or leaves the text to csv-parse', () => {
    let by_hand = 0;
    fc.assert(fc.property(text, fc.constantFrom(...DELIMITERS), (t, delimiter) => {
      const hand = recordsByHand(t, delimiter);
      if (hand === null) return;
      by_hand++;
      expect(hand).toEqual(byCsvParse(t, delimiter));
    }), { numRuns: 30000 });
    expect(by_hand).toBeGreaterThan(10000); // most text, stray quotes and all, is read by hand
  });

  it('reads every well-formed CSV by hand, exactly as csv-parse does', () => {
    fc.assert(fc.property(csv, ({ text: t, delimiter }) => {
      const hand = recordsByHand(t, delimiter);
      expect(hand).not.toBeNull();
      expect(hand).toEqual(byCsvParse(t, delimiter));
    }), { numRuns: 10000 });
  });

  it('leaves an unclosed quote and text after a closing quote to csv-parse', () => {
    for (const t of ['a,b\n"x,y\n', 'a\n"x"y\n', 'a\n"x"\0\n', 'a\n"x""\n', '"']) expect(recordsByHand(t, ',')).toBeNull();
    expect(readRecords('a\n"x"y,z\n', ',')).toEqual({ ok: true, records: [['a'], ['"x"y', 'z']], lines: [1, 2] });
    expect(readRecords('a\n"x\n', ',')).toEqual({ ok: false, unclosed_quote: true });
  });

  it('reads any string, lone surrogates and all, as csv-parse reads it', () => {
    const surrogates = fc.array(fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '😀', 'a', ',', '\n', '"', ' '), { minLength: 1, maxLength: 30 })
      .map((parts) => `h,i\n${parts.join('')}\nz`);
    fc.assert(fc.property(surrogates, (t) => {
      const parsed = parseCsv(t, 'f.csv');
      const expected = byCsvParse(t, ',');
      expect(parsed.ok).toBe(expected.ok); // a data row and a header always; refused only for an unclosed quote
      if (!parsed.ok || !expected.ok) return;
      expect([parsed.headers, ...parsed.rows]).toEqual(expected.records);
      expect(parsed.line_of_row).toEqual(expected.lines.slice(1));
    }), { numRuns: 5000 });
  });

  it('reads a string with lone surrogates as csv-parse does (each becomes U+FFFD)', () => {
    const lone = 'a,b\n\ud800x,"y\udc00"\n😀,\udbff\n';
    const parsed = parseCsv(lone, 'f.csv');
    const expected = byCsvParse(lone, ',');
    expect(expected.ok).toBe(true);
    if (!expected.ok) return;
    expect(parsed).toEqual({ ok: true, headers: ['a', 'b'], rows: expected.records.slice(1), line_of_row: expected.lines.slice(1), delimiter: ',' });
    expect(expected.records[1]).toEqual(['\ufffdx', 'y\ufffd']);
  });
});
