// CSV files into header + rows, for the sidebar (browser) and the CLI (Node) ONLY: csv-parse needs
// Node's Buffer, so this module must never be imported by anything bundled into Apps Script.
//
// Decisions: bytes must be strict UTF-8 (a BOM is dropped); line breaks inside quoted values become
// "\n" (what a sheet cell holds); the delimiter is whichever of `,` `;` tab occurs most in the header
// line (ties go to `,`); a quote inside an unquoted value is literal (`12" screen`); blank lines are
// skipped. Ragged rows are returned as they are (shorter or longer than the header): the import plan
// turns them into row errors, so the row is kept and nothing is silently shifted or dropped.
import { parse } from 'csv-parse/sync';
import type { StructuralError } from '../model';
import { structuralMessage } from './error-codes';

export type CsvResult =
  | { ok: true; headers: string[]; rows: string[][]; line_of_row: number[]; delimiter: ',' | ';' | '\t' }
  | { ok: false; error: StructuralError };

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** The options every parse shares; `info` (the line of each record) is asked for only when needed, see `lineOfRows`. */
type ParseOptions = { delimiter: string; relax_column_count: true; relax_quotes: true; skip_empty_lines: true };

/** Parses a CSV file. `file` names it in messages. `line_of_row[i]` is the file line where rows[i] starts. */
export function parseCsv(input: Uint8Array | string, file: string): CsvResult {
  const what = `file ${file}`;
  const refuse = (code: string, message: string, headers_found: string[] = []): CsvResult => ({
    ok: false, error: { tab: file, code, message, headers_found },
  });
  let text: string;
  if (typeof input === 'string') text = input;
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
  const delimiter = detectDelimiter(text);
  const options: ParseOptions = { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true };
  let records: string[][];
  try {
    records = parse(text, options) as string[][];
  } catch (e) {
    const err = e as { code?: string; message?: string; lines?: number };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      return refuse('UNBALANCED_QUOTES', structuralMessage('UNBALANCED_QUOTES', { what, line: lineOfUnclosedQuote(text, delimiter) }));
    }
    if (typeof err.code === 'string' && err.code.startsWith('CSV_') || err.code === 'INVALID_OPENING_QUOTE') {
      return refuse('BAD_CSV', structuralMessage('BAD_CSV', { what, line: err.lines ?? 1, detail: String(err.message ?? err.code) }));
    }
    throw e;
  }
  const header = records[0];
  if (header === undefined) return refuse('EMPTY_FILE', structuralMessage('EMPTY_FILE', { what }));
  const headers = header.map((h) => h.trim());
  if (headers.every((h) => h === '')) return refuse('EMPTY_HEADER_ROW', structuralMessage('EMPTY_HEADER_ROW', { what }), headers);
  if (records.length === 1) return refuse('NO_DATA_ROWS', structuralMessage('NO_DATA_ROWS', { what }), headers);
  const lines = lineOfRecords(text, records) ?? lineOfRecordsByInfo(text, options);
  return { ok: true, headers, rows: records.slice(1), line_of_row: lines.slice(1), delimiter };
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

function newlineCount(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** The delimiter of the header line: the most frequent of `,` `;` tab outside quotes. */
function detectDelimiter(text: string): ',' | ';' | '\t' {
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
