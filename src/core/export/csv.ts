// Writing CSV for people's spreadsheets and payment systems: RFC 4180 quoting, CRLF line ends, and
// text that a spreadsheet would run as a formula neutralised with a leading apostrophe.
import { neutralise } from '../text/neutralise';

export type CsvValue = string | number | boolean | null | undefined;

/** Text that Sheets or Excel would read as a formula gets a leading `'`. Numbers are not text. */
export function neutraliseForCsv(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? neutralise(value) : String(value);
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvValue>>): string {
  return rows.map((row) => row.map((v) => quote(neutraliseForCsv(v))).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}
