import { parseCsv } from '../../../src/core/input/csv';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('input/csv', () => {
  describe('parseCsv', () => {
    it('reads quoted fields with embedded commas, quotes and line breaks, and gives each row its line', () => {
      const r = parseCsv(bytes('a,b\r\n1,"x, ""y""\r\nz"\r\n\r\n2,3\r\n'), 'f.csv');
      expect(r).toEqual({ ok: true, headers: ['a', 'b'], rows: [['1', 'x, "y"\nz'], ['2', '3']], line_of_row: [2, 5], delimiter: ',' });
    });

    it('gives each row its line around blank lines before, between and after the rows', () => {
      const r = parseCsv('\n\na,b\n1,"x\n\ny"\n2,3\n\n\n4,5\n\n', 'f.csv');
      expect(r.ok && r.rows).toEqual([['1', 'x\n\ny'], ['2', '3'], ['4', '5']]);
      expect(r.ok && r.line_of_row).toEqual([4, 7, 10]);
      const edges = parseCsv('\n\na,b\n1,"x\n\ny"\n2,3\n\n', 'f.csv');
      expect(edges.ok && edges.line_of_row).toEqual([4, 7]);
      const last_quoted = parseCsv('a,b\n1,"x\n"\n2,"\n"', 'f.csv');
      expect(last_quoted.ok && last_quoted.line_of_row).toEqual([2, 4]);
    });

    it('strips a BOM and detects semicolon and tab delimiters', () => {
      const semi = parseCsv(bytes('\ufeffa;b\n1,5;2\n'), 'f.csv');
      expect(semi.ok && semi.headers).toEqual(['a', 'b']);
      expect(semi.ok && semi.rows).toEqual([['1,5', '2']]);
      const tab = parseCsv('a\tb\n1\t2\n', 'f.tsv');
      expect(tab.ok && tab.delimiter).toBe('\t');
    });

    it('reads Excel\'s sep=; first line as the delimiter and skips it, keeping the file\'s line numbers', () => {
      const r = parseCsv(bytes('\ufeffsep=;\r\norder_id;code;amount\r\nO1;A,B;1,50\r\n\r\nO2;C;2\r\n'), 'f.csv');
      expect(r).toEqual({ ok: true, headers: ['order_id', 'code', 'amount'], rows: [['O1', 'A,B', '1,50'], ['O2', 'C', '2']], line_of_row: [3, 5], delimiter: ';' });
      // The line wins over detection: here the header has more commas than tabs.
      const tab = parseCsv('SEP=\t\na,b\tc\n1\t2\n', 'f.csv');
      expect(tab.ok && [tab.delimiter, tab.headers, tab.line_of_row]).toEqual(['\t', ['a,b', 'c'], [3]]);
      expect(parseCsv('sep=,,,\na,b\n1,2\n', 'f.csv')).toMatchObject({ ok: true, headers: ['a', 'b'] });
    });

    it('refuses a sep= line naming a delimiter it does not read, quoting the line', () => {
      const r = parseCsv('sep=|\na|b\n1|2\n', 'f.csv');
      expect(r.ok ? '' : r.error.message).toBe('the first line of file f.csv ("sep=|") names a delimiter this importer does not read: ' +
        'save the file with commas, semicolons or tabs (sep=, sep=; or sep= and a tab), or remove that line.');
    });

    it('ends each refusal with a full stop, so "Headers found: …" or "Nothing was imported." can follow it', () => {
      for (const text of ['', 'a,b\n', ',\n1\n', 'a,b\n1,"2\n']) {
        const r = parseCsv(text, 'f.csv');
        expect(r.ok ? '' : r.error.message).toMatch(/[^.]\.$/);
      }
    });

    it('returns ragged rows as they are, without losing them', () => {
      const r = parseCsv('a,b\n1,2,3\n4\n', 'f.csv');
      expect(r.ok && r.rows).toEqual([['1', '2', '3'], ['4']]);
    });

    it('keeps a quote inside an unquoted value literally', () => {
      const r = parseCsv('a,b\n12" screen,2\n', 'f.csv');
      expect(r.ok && r.rows).toEqual([['12" screen', '2']]);
    });

    it('refuses invalid UTF-8, naming the byte offset and line', () => {
      const r = parseCsv(new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0x0a]), 'f.csv');
      expect(!r.ok && r.error.code).toBe('NOT_UTF8');
      expect(!r.ok && r.error.message).toContain('offset 3 (line 2)');
    });

    it('refuses an unclosed quote, naming the line it opened on', () => {
      const r = parseCsv('a,b\n1,2\n3,"4\n5,6\n', 'f.csv');
      expect(!r.ok && r.error.code).toBe('UNBALANCED_QUOTES');
      expect(!r.ok && r.error.message).toContain('line 3');
    });

    it('reads a line of 400,000 quoted values in linear time, not rescanning the rest of the line for each', () => {
      const text = `h\n${Array.from({ length: 400000 }, (_, i) => `"v${i}"`).join(',')}`;
      const started_ms = performance.now();
      const r = parseCsv(text, 'f.csv');
      expect(performance.now() - started_ms).toBeLessThan(3000); // about 50 ms; rescanning took 20 s
      expect(r.ok && r.rows[0]?.length).toBe(400000);
      expect(r.ok && r.rows[0]?.[399999]).toBe('v399999');
    });

    it('refuses empty and header-only files', () => {
      expect(parseCsv('', 'f.csv').ok).toBe(false);
      expect(!parseCsv(new Uint8Array(), 'f.csv').ok).toBe(true);
      const header_only = parseCsv('a,b\n', 'f.csv');
      expect(!header_only.ok && header_only.error.code).toBe('NO_DATA_ROWS');
      expect(!header_only.ok && header_only.error.headers_found).toEqual(['a', 'b']);
    });
  });
});
