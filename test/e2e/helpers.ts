// Drives the BUILT add-on (build/Code.js) in the local emulator, the way the CLI and the sidebar do:
// CSV bytes are parsed where the file is (parseCsv), and rows travel to the bundle as JSON.
// Build first: `npm run build` (npm test does).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCsv } from '../../src/core/input/csv';
import type { ImportKind } from '../../src/core/input/import-plan';
import { assertBuilt, PROJECT_ROOT, WorkbookSession } from '../../src/local/workbook-session';

export const ROOT = PROJECT_ROOT;
export const EXAMPLES = path.join(ROOT, 'examples');

export const OWNER = 'owner@acme.example';
export const MANAGER = 'maria.manager@acme.example';
export const OPS = 'olivia.ops@acme.example';
export const FINANCE = 'frank.finance@acme.example';
export const STRANGER = 'mallory@elsewhere.example';

/** The example month's roles: with operators set, only Olivia (and managers, the owner) may import. */
export const EXAMPLE_SETTINGS: Array<[string, string]> = [
  ['managers', MANAGER], ['finance', FINANCE], ['operators', OPS],
];

/** Noon UTC of the as-of date, as the CLI fixes the clock. */
export function noonUtc(as_of: string): number {
  return Date.parse(`${as_of}T12:00:00Z`);
}

const missing_build = assertBuilt();
if (missing_build) throw new Error(missing_build);

export interface Finding { row: number; column: string; code: string }

export interface ActionOk {
  ok: true;
  summary: string;
  [key: string]: unknown;
}
export interface ActionRefused { ok: false; code: string; message: string }

export interface ImportReport extends ActionOk {
  import_id: string;
  tab: string;
  appended: number;
  accepted: number;
  duplicates: number;
  errors: Array<Finding & { message: string; value: string }>;
  error_total: number;
}

export interface ValidationReport extends ActionOk {
  errors: Array<Finding & { tab: string; message: string; value: string }>;
  error_total: number;
  structural: Array<{ tab: string; code: string; message: string }>;
}

export interface Csv { file: string; headers: string[]; rows: string[][]; line_of_row: number[] }

/** Parses CSV bytes exactly as the CLI does; throws on a structural error (use parseCsv directly to test those). */
export function csvOf(bytes: Uint8Array | string, file: string): Csv {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const parsed = parseCsv(data, file);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.code} ${parsed.error.message}`);
  return { file, headers: parsed.headers, rows: parsed.rows, line_of_row: parsed.line_of_row };
}

export function csvFile(file: string): Csv {
  return csvOf(new Uint8Array(fs.readFileSync(file)), path.basename(file));
}

export function importRequest(kind: ImportKind, csv: Csv): Record<string, unknown> {
  return { kind, file: csv.file, headers: csv.headers, rows: csv.rows, line_of_row: csv.line_of_row };
}

/** A fresh workbook, set up by the owner with `settings`. */
export function setUpSession(options: { settings?: Array<[string, string]>; as_of?: string; time_zone?: string } = {}): WorkbookSession {
  const session = WorkbookSession.create({ owner: OWNER, now_ms: noonUtc(options.as_of ?? '2026-05-31'), time_zone: options.time_zone });
  const result = session.run<ActionOk | ActionRefused>(OWNER, 'setUpWorkbook', { settings: options.settings ?? EXAMPLE_SETTINGS });
  if (!result.ok) throw new Error(`set-up refused: ${result.code} ${result.message}`);
  return session;
}

export function importAs<T = ImportReport | ActionRefused>(session: WorkbookSession, email: string, kind: ImportKind, csv: Csv): T {
  return session.run<T>(email, 'importRows', importRequest(kind, csv));
}

export function validateAs(session: WorkbookSession, email: string): ValidationReport | ActionRefused {
  return session.run<ValidationReport | ActionRefused>(email, 'validateInputs');
}

export function expectOk<T extends { ok: boolean }>(result: T | ActionRefused): T {
  if (!result.ok) throw new Error(`refused: ${(result as ActionRefused).code} ${(result as ActionRefused).message}`);
  return result as T;
}

/** The whole workbook (every tab's values, formats, notes, protections, and the document properties), as saved. */
export function snapshot(session: WorkbookSession): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-e2e-'));
  const file = path.join(dir, 'book.json');
  try {
    session.save(file);
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Data rows of a tab (below the header). */
export function body(session: WorkbookSession, tab: string): unknown[][] {
  return session.emulator.workbook.values(tab).slice(1);
}

/** 1-based column of a header in a tab. */
export function columnOf(session: WorkbookSession, tab: string, header: string): number {
  const headers = session.emulator.workbook.values(tab)[0] ?? [];
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`${tab} has no column ${header} (headers: ${headers.join(', ')})`);
  return index + 1;
}

/** `row|column|code` keys, sorted, for comparing findings as sets. */
export function keys(findings: ReadonlyArray<Finding>): string[] {
  return findings.map((f) => `${f.row}|${f.column}|${f.code}`).sort();
}

/** The Exceptions rows of one stage and tab, as findings. */
export function exceptionFindings(session: WorkbookSession, tab: string, stage = 'validate'): Finding[] {
  const [headers, ...rows] = session.emulator.workbook.values('Exceptions');
  const at = (name: string) => (headers ?? []).indexOf(name);
  return rows
    .filter((r) => r[at('stage')] === stage && r[at('tab')] === tab)
    .map((r) => ({ row: Number(r[at('row')]), column: String(r[at('column')]), code: String(r[at('code')]) }));
}

export function readExample(name: string): Csv {
  return csvFile(path.join(EXAMPLES, name));
}

/** A tamperer with edit rights rewrites a tab's rows (bypassing the add-on); rows that disappear are blanked. */
export function rewriteTab(session: WorkbookSession, tab: string, change: (rows: unknown[][]) => unknown[][]): void {
  const rows = session.emulator.workbook.values(tab);
  const changed = change(rows.map((r) => [...r]));
  const width = Math.max(...rows.map((r) => r.length), ...changed.map((r) => r.length));
  const padded = [...changed, ...Array.from({ length: Math.max(0, rows.length - changed.length) }, () => Array(width).fill(''))];
  session.emulator.workbook.setValues(tab, 1, 1, padded.map((r) => [...r, ...Array(width - r.length).fill('')]), { raw: true });
}
