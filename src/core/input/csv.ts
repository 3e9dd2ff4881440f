// CSV files into header + rows, for the sidebar (browser) and the CLI (Node) ONLY: csv-parse needs
// Node's Buffer, so this module must never be imported by anything bundled into Apps Script.
//
// Decisions: bytes must be strict UTF-8 (a BOM is dropped); line breaks inside quoted values become
// "\n" (what a sheet cell holds); the delimiter is the one a first line `sep=;` (Excel's) names, else
// whichever of `,` `;` tab occurs most in the header line (ties go to `,`); a quote inside an
// unquoted value is literal (`12" screen`); blank lines are skipped. Ragged rows are returned as
// they are (shorter or longer than the header): the import plan turns them into row errors, so the
// row is kept and nothing is silently shifted or dropped.
//
// csv-parse defines the records (with the options below). A file is read by hand first, which is
// several times quicker (csv-parse copies every byte through a buffer and decodes every field
// again); what the hand reader does not follow exactly (a quote that is never closed, a closing
// quote followed by more text) it leaves to csv-parse, so both give the same records and lines.
import { parse } from 'csv-parse/sync';
import type { StructuralError } from '../model';
import { structuralMessage } from './error-codes';

export type Delimiter = ',' | ';' | '\t';

export type CsvResult =
  | { ok: true; headers: string[]; rows: string[][]; line_of_row: number[]; delimiter: Delimiter }
  | { ok: false; error: StructuralError };

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** The options every parse shares; `info` (the line of each record) is asked for only when needed, see `lineOfRecords`. */
type ParseOptions = { delimiter: string; relax_column_count: true; relax_quotes: true; skip_empty_lines: true };

/** Parses a CSV file. `file` names it in messages. `line_of_row[i]` is the file line where rows[i] starts. */
export function parseCsv(input: Uint8Array | string, file: string): CsvResult {
  const what = `file ${file}`;
  // A file's refusal is shown as it is, before "Headers found: …" or "Nothing was imported.": a sentence.
  const refuse = (code: string, message: string, headers_found: string[] = []): CsvResult => ({
    ok: false, error: { tab: file, code, message: `${message}.`, headers_found },
  });
  let text: string;
  if (typeof input === 'string') text = withoutLoneSurrogates(input);
  else {
    const decoded = decodeUtf8(input);
    if (!decoded.ok) {
      return refuse('NOT_UTF8', structuralMessage('NOT_UTF8', { what, byte: decoded.byte, offset: decoded.offset, line: decoded.line }));
    }
    text = decoded.text;
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n'); // the test is a plain scan, quicker than a regex over the file
  if (text.trim() === '') return refuse('EMPTY_FILE', structuralMessage('EMPTY_FILE', { what }));
  const declared = declaredDelimiter(text);
  if (declared !== null && !declared.ok) return refuse('BAD_CSV', structuralMessage('BAD_SEPARATOR_LINE', { what, line: declared.line }));
  // The `sep=` line is blanked, not cut: blank lines are skipped, so every later line keeps its number.
  if (declared !== null) text = text.slice(declared.line_length);
  const delimiter = declared?.delimiter ?? detectDelimiter(text);
  const read = readRecords(text, delimiter);
  if (!read.ok) {
    if (read.unclosed_quote) return refuse('UNBALANCED_QUOTES', structuralMessage('UNBALANCED_QUOTES', { what, line: lineOfUnclosedQuote(text, delimiter) }));
    return refuse('BAD_CSV', structuralMessage('BAD_CSV', { what, line: read.line, detail: read.detail }));
  }
  const { records, lines } = read;
  const header = records[0];
  if (header === undefined) return refuse('EMPTY_FILE', structuralMessage('EMPTY_FILE', { what }));
  const headers = header.map((h) => h.trim());
  if (headers.every((h) => h === '')) return refuse('EMPTY_HEADER_ROW', structuralMessage('EMPTY_HEADER_ROW', { what }), headers);
  if (records.length === 1) return refuse('NO_DATA_ROWS', structuralMessage('NO_DATA_ROWS', { what }), headers);
  return { ok: true, headers, rows: records.slice(1), line_of_row: lines.slice(1), delimiter };
}

/** A file's records and the line each starts on, or why csv-parse refused it. */
export type CsvRecords =
  | { ok: true; records: string[][]; lines: number[] }
  | { ok: false; unclosed_quote: true }
  | { ok: false; unclosed_quote: false; line: number; detail: string };

/**
 * The records of a text (no "\r" left in it, UTF-16 without lone surrogates: csv-parse reads the
 * text as UTF-8 bytes, which turns each one into U+FFFD, so parseCsv does that first), as csv-parse
 * reads them: by hand when it can, else by csv-parse.
 */
export function readRecords(text: string, delimiter: Delimiter): CsvRecords {
  return recordsByHand(text, delimiter) ?? recordsByCsvParse(text, delimiter);
}

/**
 * Text with each lone surrogate (half of a UTF-16 pair without its other half) replaced by U+FFFD,
 * which is what csv-parse's UTF-8 Buffer made of it. Pairs are matched first and kept; no
 * lookbehind, which older Safari (the sidebar) cannot parse.
 */
function withoutLoneSurrogates(text: string): string {
  return text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, (match) => (match.length === 2 ? match : '\uFFFD'));
}

const QUOTE = 0x22; // '"'

/**
 * csv-parse's records, read by hand, or null when the text has a quote csv-parse treats in a way
 * this reader does not follow: a quote never closed (csv-parse's error decides), or a closing quote
 * followed by something other than a delimiter, a line break or the end (csv-parse keeps the quotes
 * and reads on). What it follows: a quote opens a quoted value only as a value's first character
 * (elsewhere it is literal); inside, `""` is one quote and line breaks are kept; an empty line is
 * skipped; a record starts on the line after the line breaks before it.
 */
export function recordsByHand(text: string, delimiter: Delimiter): CsvRecords | null {
  const separator = delimiter.charCodeAt(0);
  const end = text.length;
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  while (at < end) {
    if (text.charCodeAt(at) === NEWLINE) { // an empty line
      line++;
      at++;
      continue;
    }
    const record: string[] = [];
    lines.push(line);
    for (;;) {
      if (text.charCodeAt(at) === QUOTE) {
        const close = closingQuote(text, at);
        if (close < 0) return null;
        const after = text.charCodeAt(close + 1);
        if (close + 1 < end && after !== separator && after !== NEWLINE) return null;
        record.push(quotedValue(text, at, close));
        line += newlineCount(text, at, close);
        at = close + 1;
      } else {
        let stop = at;
        while (stop < end) {
          const c = text.charCodeAt(stop);
          if (c === separator || c === NEWLINE) break;
          stop++;
        }
        record.push(text.slice(at, stop));
        at = stop;
      }
      if (at >= end || text.charCodeAt(at) === NEWLINE) break;
      at++; // past the delimiter: another value follows, maybe an empty one at the very end
    }
    records.push(record);
    line++;
    at++; // past the line break (or the end)
  }
  return { ok: true, records, lines };
}

/** The quote that closes the quoted value opened at `open` (`""` is a quote inside it), or -1. */
function closingQuote(text: string, open: number): number {
  for (let at = text.indexOf('"', open + 1); at >= 0; at = text.indexOf('"', at + 2)) {
    if (text.charCodeAt(at + 1) !== QUOTE) return at;
  }
  return -1;
}

/** The value between the quotes at `open` and `close`, each `""` read as one quote. */
function quotedValue(text: string, open: number, close: number): string {
  let value = '';
  let from = open + 1;
  // Every quote before `close` starts a `""` pair (closingQuote skipped them two by two).
  for (let at = text.indexOf('"', from); at < close; at = text.indexOf('"', from)) {
    value += text.slice(from, at + 1);
    from = at + 2;
  }
  return value + text.slice(from, close);
}

/** csv-parse's records, and the line each starts on. */
export function recordsByCsvParse(text: string, delimiter: Delimiter): CsvRecords {
  const options: ParseOptions = { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true };
  let records: string[][];
  try {
    records = parse(text, options) as string[][];
  } catch (e) {
    const err = e as { code?: string; message?: string; lines?: number };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') return { ok: false, unclosed_quote: true };
    if (typeof err.code === 'string' && err.code.startsWith('CSV_') || err.code === 'INVALID_OPENING_QUOTE') {
      return { ok: false, unclosed_quote: false, line: err.lines ?? 1, detail: String(err.message ?? err.code) };
    }
    throw e;
  }
  return { ok: true, records, lines: lineOfRecords(text, records) ?? lineOfRecordsByInfo(text, options) };
}

/**
 * The file line each record starts on, without csv-parse's per-record `info` (which copies its
 * bookkeeping into a new object per record and doubled the parse time). Every "\n" of the text is
 * inside a field (only a quoted field can hold one), ends a record, or is an empty line csv-parse
 * skipped. Empty lines before the first record and after the last one are counted here; when the
 * newlines do not add up otherwise (empty lines between records), null: the caller asks csv-parse.
 */
function lineOfRecords(text: string, records: readonly string[][]): number[] | null {
  const quoted = text.includes('"');
  let leading = 0;
  while (text.charCodeAt(leading) === NEWLINE) leading++;
  let end = text.length;
  while (end > leading && text.charCodeAt(end - 1) === NEWLINE) end--;
  const lines = new Array<number>(records.length);
  let line = 1 + leading;
  for (let i = 0; i < records.length; i++) {
    lines[i] = line;
    line += 1 + (quoted ? newlinesIn(records[i] ?? []) : 0);
  }
  // The text up to `end` holds the newlines inside fields and one after each record but the last.
  return newlineCount(text, leading, end) === line - 2 - leading ? lines : null;
}

function lineOfRecordsByInfo(text: string, options: ParseOptions): number[] {
  const records = parse(text, { ...options, info: true }) as unknown as ParsedRecord[];
  return records.map((r) => r.info.lines - newlinesIn(r.record));
}

const NEWLINE = 10; // "\n"

function newlinesIn(fields: readonly string[]): number {
  let n = 0;
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) n++;
  }
  return n;
}

/** The "\n" in text[from, to). The search runs in a slice: on the text, the last one would scan on to the next "\n" after `to`. */
function newlineCount(text: string, from: number, to: number): number {
  const span = text.slice(from, to);
  let n = 0;
  for (let at = span.indexOf('\n'); at >= 0; at = span.indexOf('\n', at + 1)) n++;
  return n;
}

/** The delimiter of the header line: the most frequent of `,` `;` tab outside quotes. */
/**
 * Excel's `sep=;` first line (written by Excel in some locales, and read by it) names the delimiter
 * and is not part of the data. Returns null when the file has no such line; `line_length` is the
 * line's length without its line break.
 */
function declaredDelimiter(text: string): { ok: true; delimiter: Delimiter; line_length: number } | { ok: false; line: string } | null {
  if (!/^sep=/i.test(text)) return null;
  const end = text.indexOf('\n');
  const line = end < 0 ? text : text.slice(0, end);
  // What follows `sep=` is the delimiter; a spreadsheet may pad the line with more of it, or spaces.
  const named = line.slice(4);
  const delimiter = DELIMITERS.find((d) => named.startsWith(d) && [...named.slice(1)].every((c) => c === d || c === ' '));
  return delimiter === undefined ? { ok: false, line } : { ok: true, delimiter, line_length: line.length };
}

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

function detectDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/** The line on which the quote that is never closed was opened. */
function lineOfUnclosedQuote(text: string, delimiter: string): number {
  let line = 1;
  let quoted = false;
  let opened_on = 1;
  let at_field_start = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') i++;
      else if (ch === '"') quoted = false;
      else if (ch === '\n') line++;
      continue;
    }
    if (ch === '"' && at_field_start) {
      quoted = true;
      opened_on = line;
    }
    if (ch === '\n') line++;
    at_field_start = ch === delimiter || ch === '\n';
  }
  return opened_on;
}

type Decoded = { ok: true; text: string } | { ok: false; offset: number; line: number; byte: string };

/** Strict UTF-8 decoding; on failure, where the first invalid byte is, for the message. */
function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    const byte = `0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
    return { ok: false, offset, line, byte };
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const [length, min, max] = b < 0x80 ? [1, 0, 0] : b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf]
      : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf]
        : b === 0xf0 ? [4, 0x90, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [lo, hi] = k === 1 ? [min, max] : [0x80, 0xbf];
      if (next === undefined || next < lo || next > hi) return i; // the sequence starting here is broken
    }
    i += length;
  }
  return bytes.length;
}
