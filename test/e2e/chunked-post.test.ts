// A post too long for one Apps Script execution: under simulated Sheets costs it stops between two
// complete Ledger chunks before the 6-minute limit, says how far it got, and the next run
// continues, ending with the Ledger of one uninterrupted post.
import type { WorkbookSession } from '../../src/local/workbook-session';
import { LEDGER_CHUNK_ENTRIES } from '../../src/server/ledger-source';
import { ActionOk, ActionRefused, body, expectOk, importAs, OPS, readExample, setUpSession } from './helpers';

interface PostReport extends ActionOk {
  complete: boolean;
  written: number;
  counts: { posted: number };
}

const APPS_SCRIPT_LIMIT_MS = 6 * 60_000;
// Deliberately slow Sheets, so that a test-sized post needs two runs: reading the inputs costs
// about 45 s of emulated time and one Ledger chunk (5,000 × 32 cells, formats then values) about
// 130 s, so the 4-minute budget holds one chunk per run and no run comes near the 6-minute limit.
const COST = { ms_per_call: 50, ms_per_cell: 0.4 };

/** The example month repeated with distinct order ids: enough conversions for two Ledger chunks. */
function bigMonth(chunks = 2): WorkbookSession {
  const session = setUpSession();
  expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
  const csv = readExample('conversions.csv');
  const copies = Math.ceil((LEDGER_CHUNK_ENTRIES * chunks) / csv.rows.length);
  const rows = Array.from({ length: copies }, (_, k) => csv.rows.map((r) => [`${r[0]}-${k}`, ...r.slice(1)])).flat();
  expectOk(importAs(session, OPS, 'conversions', { ...csv, rows, line_of_row: rows.map((_, i) => i + 2) }));
  return session;
}

function timedPost(session: WorkbookSession): { report: PostReport; emulated_ms: number } {
  const before = session.emulator.now();
  const report = expectOk(session.run<PostReport | ActionRefused>(OPS, 'postCommissions'));
  const emulated_ms = session.emulator.now() - before;
  return { report, emulated_ms };
}

describe('postCommissions under the Apps Script time limit', () => {
  it('stops between chunks with "run again", continues on the next run, and ends with the Ledger of one uninterrupted post', () => {
    const uninterrupted = bigMonth();
    const whole = expectOk(uninterrupted.run<PostReport | ActionRefused>(OPS, 'postCommissions'));
    expect(whole.complete).toBe(true);
    expect(whole.written).toBe(whole.counts.posted);
    expect(whole.counts.posted).toBeGreaterThan(LEDGER_CHUNK_ENTRIES);

    const chunked = bigMonth();
    chunked.emulator.simulateServiceTime(COST);
    chunked.emulator.setExecutionLimit(APPS_SCRIPT_LIMIT_MS);
    const first = timedPost(chunked);
    expect(first.report.complete).toBe(false);
    expect(first.report.written).toBe(LEDGER_CHUNK_ENTRIES);
    expect(first.report.summary).toContain(`Posted ${LEDGER_CHUNK_ENTRIES} of ${whole.counts.posted} new entries`);
    expect(first.report.summary).toContain('run Post again to continue');
    expect(first.emulated_ms).toBeLessThan(APPS_SCRIPT_LIMIT_MS);
    // What was written is complete: Verify passes between the two runs.
    expect(chunked.run<ActionOk | ActionRefused>(OPS, 'verifyWorkbook')).toMatchObject({ ok: true });

    const second = timedPost(chunked);
    expect(second.report.complete).toBe(true);
    expect(second.report.written).toBe(whole.counts.posted - LEDGER_CHUNK_ENTRIES);
    expect(second.emulated_ms).toBeLessThan(APPS_SCRIPT_LIMIT_MS);
    expect(body(chunked, 'Ledger')).toEqual(body(uninterrupted, 'Ledger'));

    const third = timedPost(chunked);
    expect(third.report.counts.posted).toBe(0);
  });

  it('is killed like Apps Script kills it when even reading the inputs takes past the limit, and writes nothing', () => {
    const session = bigMonth();
    session.emulator.simulateServiceTime({ ms_per_call: 50, ms_per_cell: 5 });
    session.emulator.setExecutionLimit(APPS_SCRIPT_LIMIT_MS);
    expect(() => session.run(OPS, 'postCommissions')).toThrow('Exceeded maximum execution time');
    expect(body(session, 'Ledger')).toEqual([]);
  });
});

test('the pending audit record stays small however many Ledger chunks one post writes', () => {
  // Each chunk is a write the interrupted-action record lists; listed one by one, a 1M post's 200
  // chunks overflowed the 9 KB a document property holds and the post failed (found by the bench).
  const session = bigMonth(4);
  const seen: Array<{ length: number; ledger_writes: number }> = [];
  session.emulator.onMutatingCall(() => {
    const raw = session.emulator.documentProperties.get('audit.pending');
    if (!raw) return;
    const pending = JSON.parse(raw) as { done: Array<{ tab: string; what: string }> };
    seen.push({ length: raw.length, ledger_writes: pending.done.filter((w) => w.tab === 'Ledger').length });
  });
  const report = expectOk(session.run<PostReport | ActionRefused>(OPS, 'postCommissions'));
  session.emulator.onMutatingCall(null);
  expect(report.complete).toBe(true);
  expect(report.written).toBeGreaterThan(LEDGER_CHUNK_ENTRIES * 2);
  expect(seen.length).toBeGreaterThan(0);
  expect(Math.max(...seen.map((s) => s.ledger_writes))).toBe(1);
  expect(Math.max(...seen.map((s) => s.length))).toBeLessThan(2000);
});

