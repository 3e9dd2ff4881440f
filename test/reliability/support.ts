// Shared by the reliability suites: checkpoints of a workbook, the normalised comparison of two
// workbooks, the audit-coverage check ("no audit gap"), and the recorder whose figures
// scripts/reliability-report.ts turns into docs/RELIABILITY.md.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WorkbookSession } from '../../src/local/workbook-session';
import { ROOT, snapshot, type ActionOk, type ActionRefused } from '../e2e/helpers';

// ---------- figures for docs/RELIABILITY.md ----------

/** Where each suite writes what it actually tried (build/ is not committed). */
export const FIGURES_DIR = path.join(ROOT, 'build', 'reliability');

export type Figures = Record<string, number>;

/**
 * Counts what a suite really did (faults injected, races run, entries compared…); written when the
 * suite ends, so the report's numbers come from runs, never from the report script.
 */
export function recorder(suite: string): { add(name: string, by?: number): void; figures: Figures } {
  const figures: Figures = {};
  afterAll(() => {
    fs.mkdirSync(FIGURES_DIR, { recursive: true });
    fs.writeFileSync(path.join(FIGURES_DIR, `${suite}.json`), `${JSON.stringify(figures, null, 1)}\n`);
  });
  return { figures, add: (name, by = 1) => { figures[name] = (figures[name] ?? 0) + by; } };
}

// ---------- checkpoints ----------

/** A saved workbook that any number of tests can reopen as a fresh session at the same instant. */
export class Checkpoint {
  private constructor(private readonly file: string, private readonly now_ms: number) {}

  static of(session: WorkbookSession): Checkpoint {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-reliability-'));
    const file = path.join(dir, 'book.json');
    session.save(file);
    return new Checkpoint(file, session.emulator.now());
  }

  open(): WorkbookSession {
    return WorkbookSession.open(this.file, this.now_ms);
  }
}

// ---------- what is compared ----------

interface SavedBook {
  spreadsheet: { sheets: Array<{ name: string; cells: unknown[] }> };
  documentProperties: Record<string, string>;
  sentMail?: unknown;
  mailUsed?: unknown;
}

/**
 * The workbook as saved (values, notes, formats, protections, sheet ids, document properties),
 * normalised for comparing an interrupted run with an uninterrupted one. Only three things are
 * left out, each compared elsewhere:
 * - the Audit tab and its anchor (`audit.head_hash`, `audit.rows`): an interrupted run's Audit
 *   legitimately holds more rows (the RESUMED row, the retry's own row); `expectAuditCovers` and
 *   `expectAuditContains` hold it to account instead;
 * - property keys whose value is '' (a cleared intent or pending record) count as absent: a run
 *   that never wrote a key and one that wrote and cleared it hold the same state;
 * - sent mail and the mail quota: mail is not in the workbook; the crash sweep compares the mail
 *   sent with the uninterrupted run's on its own (never twice).
 */
export function normalisedBook(session: WorkbookSession): unknown {
  const book = JSON.parse(snapshot(session)) as SavedBook;
  const sheets = book.spreadsheet.sheets.map((s) => (s.name === 'Audit' ? { ...s, cells: [] } : s));
  const props = Object.fromEntries(Object.entries(book.documentProperties)
    .filter(([key, value]) => value !== '' && key !== 'audit.head_hash' && key !== 'audit.rows'));
  return { ...book, spreadsheet: { ...book.spreadsheet, sheets }, documentProperties: props, sentMail: undefined, mailUsed: undefined };
}

/** Where two long serialisations first differ, with context, for a readable failure. */
export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at character ${i}: got …${a.slice(Math.max(0, i - 80), i + 80)}… expected …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

export type AuditLine = [time_utc: string, actor: string, action: string, subject: string, details: string];

export function auditLines(session: WorkbookSession): AuditLine[] {
  return session.emulator.workbook.values('Audit').slice(1).map((r) => r.slice(0, 5).map(String) as AuditLine);
}

/** Every row of `expected` appears in `actual`, in order (extra rows are held to account by coverage). */
export function missingAuditLines(expected: readonly AuditLine[], actual: readonly AuditLine[]): AuditLine[] {
  const missing: AuditLine[] = [];
  let at = 0;
  for (const line of expected) {
    const key = JSON.stringify(line);
    while (at < actual.length && JSON.stringify(actual[at]) !== key) at++;
    if (at >= actual.length) missing.push(line);
    else at++;
  }
  return missing;
}

/** Ledger entry ids that an uninterrupted run has and this one lacks, and ids held twice. */
export function entryDifferences(expected: readonly unknown[][], actual: readonly unknown[][]): { lost: string[]; duplicated: string[] } {
  const ids = actual.map((r) => String(r[0]));
  const have = new Set(ids);
  const lost = expected.map((r) => String(r[0])).filter((id) => !have.has(id));
  const seen = new Set<string>();
  const duplicated = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  return { lost, duplicated };
}

// ---------- no audit gap ----------

function column(rows: unknown[][], header: string): number {
  const at = (rows[0] ?? []).indexOf(header);
  if (at < 0) throw new Error(`no column ${header}`);
  return at;
}

function parsed(details: string): Record<string, unknown> {
  try { return JSON.parse(details) as Record<string, unknown>; } catch { return {}; }
}

const BATCH_EVENT_AUDIT: Record<string, string> = {
  created: 'BATCH_BUILT', approved: 'BATCH_APPROVED', rejected: 'BATCH_REJECTED', voided: 'BATCH_VOIDED', paid: 'BATCH_PAID',
};

/**
 * Holds the Audit tab to account for every change in the books, in both directions (no change
 * without its Audit row, no Audit row claiming a change that is not there):
 * - rows of each imported input tab (Partners, Conversions, FX) = the sum of its IMPORT rows' `appended`;
 * - Reviews rows = the sum of the REVIEW_* rows' `entries`;
 * - each batch event (created, approved, rejected, voided, paid) = one Audit row of that kind for
 *   that batch;
 * - payout entries = the sum of BATCH_PAID `payout_entries`; every other Ledger entry = the sum of
 *   POST `posted` and REVIEW_REJECT `rejection_entries`, except rejection entries a RESUMED row says
 *   the review did not write (the next post wrote them, and its POST row counts them);
 * - every RESUMED row names an interrupted action.
 * Returns the problems found (empty when the Audit accounts for everything).
 */
export function auditGaps(session: WorkbookSession): string[] {
  const wb = session.emulator.workbook;
  const lines = auditLines(session);
  const problems: string[] = [];
  // `key` may be a path: POST keeps its counts under `counts`.
  const sum = (action: string, key: string, filter: (subject: string) => boolean = () => true) =>
    lines.filter((l) => l[2] === action && filter(l[3]))
      .reduce((n, l) => n + Number(key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], parsed(l[4])) ?? 0), 0);

  for (const tab of ['Partners', 'Conversions', 'FX']) {
    const rows = wb.values(tab).slice(1).filter((r) => r.some((v) => v !== '')).length;
    const audited = sum('IMPORT', 'appended', (s) => s.startsWith(`${tab} ←`));
    if (rows !== audited) problems.push(`${tab} holds ${rows} rows, IMPORT rows account for ${audited}`);
  }
  const reviews = wb.values('Reviews').slice(1).filter((r) => r.some((v) => v !== '')).length;
  const reviewed = sum('REVIEW_CLEAR', 'entries') + sum('REVIEW_REJECT', 'entries');
  if (reviews !== reviewed) problems.push(`Reviews holds ${reviews} rows, REVIEW rows account for ${reviewed}`);

  const batches = wb.values('Batches');
  const [b_id, b_record, b_event] = ['batch_id', 'record', 'event'].map((h) => column(batches, h));
  const events = batches.slice(1).filter((r) => r[b_record] === 'event').map((r) => `${BATCH_EVENT_AUDIT[String(r[b_event])]} ${String(r[b_id])}`).sort();
  const audited_events = lines.filter((l) => Object.values(BATCH_EVENT_AUDIT).includes(l[2])).map((l) => `${l[2]} ${l[3]}`).sort();
  if (JSON.stringify(events) !== JSON.stringify(audited_events)) {
    problems.push(`batch events ${JSON.stringify(events)} but Audit says ${JSON.stringify(audited_events)}`);
  }

  const ledger = wb.values('Ledger');
  const kind = column(ledger, 'kind');
  const payouts = ledger.slice(1).filter((r) => r[kind] === 'payout').length;
  const paid = sum('BATCH_PAID', 'payout_entries');
  if (payouts !== paid) problems.push(`Ledger holds ${payouts} payout entries, BATCH_PAID rows account for ${paid}`);
  const others = ledger.length - 1 - payouts;
  const unwritten_rejections = lines
    .map((l, i) => ({ l, next: lines[i + 1] }))
    .filter(({ l, next }) => l[2] === 'REVIEW_REJECT' && next?.[2] === 'RESUMED' && next[3] === 'review' &&
      !(parsed(next[4]).completed as string[] | undefined ?? []).some((w) => w.startsWith('Ledger')))
    .reduce((n, { l }) => n + Number(parsed(l[4]).rejection_entries ?? 0), 0);
  const posted = sum('POST', 'counts.posted') + sum('REVIEW_REJECT', 'rejection_entries') - unwritten_rejections;
  if (others !== posted) problems.push(`Ledger holds ${others} posted entries, POST and REVIEW_REJECT rows account for ${posted}`);
  for (const l of lines.filter((x) => x[2] === 'RESUMED')) {
    if (typeof parsed(l[4]).interrupted !== 'string') problems.push(`RESUMED row without the interrupted action: ${l[4]}`);
  }
  return problems;
}

// ---------- actions ----------

export type Result = ActionOk | ActionRefused;
export type VerifyReport = ActionOk & { verified: boolean; problems: Array<{ tab: string; row: number; kind: string; message: string }> };
export interface BatchView { batch_id: string; state: string; content_hash: string }

export function verified(session: WorkbookSession, as = 'owner@acme.example'): VerifyReport {
  const report = session.run<VerifyReport | ActionRefused>(as, 'verifyWorkbook');
  if (!report.ok) throw new Error(`verify refused: ${report.code} ${report.message}`);
  return report;
}

export function latestBatch(session: WorkbookSession, as: string): BatchView {
  const listed = session.run<(ActionOk & { batches: BatchView[] }) | ActionRefused>(as, 'getBatches');
  if (!listed.ok) throw new Error(`getBatches refused: ${listed.message}`);
  const batch = listed.batches[listed.batches.length - 1];
  if (!batch) throw new Error('there is no batch');
  return batch;
}

/** Seeds and single cases to replay come from the environment, so a printed failure reruns alone. */
export function envInt(name: string): number | null {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer (got ${raw})`);
  return n;
}
