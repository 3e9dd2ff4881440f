// Tampering, the full matrix: edits, deletions, insertions, swaps and truncations in every protected
// tab (Ledger, Batches, Reviews, Audit, a Payout tab), and edits of the Document Properties that
// anchor them (anchors, intents, the pending audit record, the schema version). Verify must name
// the tab and its first bad row; building, approving, exporting and marking paid must refuse with
// that same first problem. (test/e2e/batches.test.ts pins the verify wording on four tabs; this adds
// Reviews, truncation, property edits and the refusal of every money action.)
import type { WorkbookSession } from '../../src/local/workbook-session';
import { FINANCE, MANAGER, OPS, expectOk, rewriteTab } from '../e2e/helpers';
import { approveLatest, startCycle } from './cycle';
import { Checkpoint, latestBatch, normalisedBook, recorder, verified, type Result } from './support';

const figures = recorder('tamper');

// Two moments of the cycle: a draft batch awaiting approval, and that batch approved (payout tab).
const { session: cycle, steps } = startCycle();
const through = (name: string) => {
  for (const s of steps.slice(0, steps.findIndex((x) => x.name === name) + 1)) expectOk(s.run(cycle));
};
through('build batch again');
const drafted = Checkpoint.of(cycle);
expectOk(steps.find((s) => s.name === 'approve')!.run(cycle));
const approved = Checkpoint.of(cycle);
const payout_tab = cycle.emulator.workbook.sheetNames().find((t) => t.startsWith('Payout '))!;

// The batch each moment shows in the sidebar (what a manager or finance clicks on), seen before tampering.
const seen = { drafted: latestBatch(drafted.open(), MANAGER), approved: latestBatch(approved.open(), FINANCE) };

/** The money actions that must refuse while Verify fails, for a given moment. */
function moneyActions(state: 'drafted' | 'approved'): Array<[string, (s: WorkbookSession) => Result]> {
  const build: [string, (s: WorkbookSession) => Result] = ['build batch', (s) => s.run<Result>(OPS, 'buildPayoutBatch')];
  const batch = seen[state];
  return state === 'drafted'
    ? [build, ['approve', (s) => s.run<Result>(MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash)]]
    : [build, ['export', (s) => s.run<Result>(FINANCE, 'exportPayoutFile', batch.batch_id)],
      ['mark paid', (s) => s.run<Result>(FINANCE, 'markPayoutBatchPaid', batch.batch_id, 'BANK-1')]];
}

/** Data rows (below the header) of a tab. */
const dataRows = (s: WorkbookSession, tab: string) => s.emulator.workbook.values(tab).length - 1;

interface RowTamper {
  kind: string;
  /** Rewrites the tab's rows (header at index 0); returns the sheet row Verify must name first. */
  apply(rows: unknown[][]): { rows: unknown[][]; first_bad_row: number };
}

// i is the data index tampered with (1 = the second data row, or the first when a tab holds one).
const ROW_TAMPERS: RowTamper[] = [
  { kind: 'edited cell', apply: (rows) => {
    const i = Math.min(1, rows.length - 2);
    const r = rows[i + 1];
    const at = Math.max(0, r.length - 3);
    r[at] = `${String(r[at])}x`;
    return { rows, first_bad_row: i + 2 };
  } },
  { kind: 'deleted row', apply: (rows) => {
    const i = Math.min(1, rows.length - 3);
    return { rows: [...rows.slice(0, i + 1), ...rows.slice(i + 2)], first_bad_row: i + 2 };
  } },
  { kind: 'inserted row', apply: (rows) => {
    const i = Math.min(1, rows.length - 2);
    return { rows: [...rows.slice(0, i + 1), rows[i + 1].map(() => 'forged'), ...rows.slice(i + 1)], first_bad_row: i + 2 };
  } },
  { kind: 'copied row pasted in', apply: (rows) => {
    const i = Math.min(1, rows.length - 2);
    return { rows: [...rows.slice(0, i + 1), [...rows[1]], ...rows.slice(i + 1)], first_bad_row: i + 2 };
  } },
  { kind: 'swapped rows', apply: (rows) => {
    const i = Math.min(1, rows.length - 3);
    const out = [...rows];
    [out[i + 1], out[i + 2]] = [out[i + 2], out[i + 1]];
    return { rows: out, first_bad_row: i + 2 };
  } },
  { kind: 'truncated (last row deleted)', apply: (rows) => ({ rows: rows.slice(0, -1), first_bad_row: rows.length }) },
];

const TABS = ['Ledger', 'Batches', 'Reviews', 'Audit', payout_tab];

describe.each(TABS)('%s', (tab) => {
  for (const state of ['drafted', 'approved'] as const) {
    // A draft batch has no payout tab yet.
    if (state === 'drafted' && tab === payout_tab) continue;
    it.each(ROW_TAMPERS.map((t) => [t.kind, t] as const))(`${state}: %s is named by Verify, and every money action refuses`, (_kind, tamper) => {
      const session = (state === 'drafted' ? drafted : approved).open();
      expect(verified(session).verified).toBe(true);
      expect(dataRows(session, tab)).toBeGreaterThanOrEqual(2);
      let first_bad_row = 0;
      rewriteTab(session, tab, (rows) => {
        const out = tamper.apply(rows);
        first_bad_row = out.first_bad_row;
        return out.rows;
      });
      figures.add('tab tamper cases');
      const report = verified(session);
      expect(report.verified).toBe(false);
      expect({ tab: report.problems[0].tab, row: report.problems[0].row }).toEqual({ tab, row: first_bad_row });
      figures.add('named by Verify at the first bad row');
      expectMoneyActionsRefused(session, state, report.problems[0]);
    });
  }
});

/**
 * Every money action refuses, naming where: the problem Verify names first; or the tab and row
 * from which rows of unknown origin stop every write; or (rows that cannot be read back at all)
 * the damaged rows of the same tab in the refusal's errors.
 */
function expectMoneyActionsRefused(session: WorkbookSession, state: 'drafted' | 'approved', first: { tab: string; message: string }): void {
  const before = normalisedBook(session);
  for (const [name, act] of moneyActions(state)) {
    const result = act(session) as Result & { message?: string; errors?: Array<{ tab: string; row: number }> };
    expect({ action: name, ok: result.ok }).toEqual({ action: name, ok: false });
    const message = result.message ?? '';
    const names_where = message.includes(first.message) ||
      new RegExp(`^${first.tab} has \\d+ data rows, \\d+ (more|fewer) than the \\d+ Partner Ledger wrote`).test(message) ||
      (/cannot be read back/.test(message) && result.errors?.[0]?.tab === first.tab);
    expect({ action: name, message, names_where }).toMatchObject({ names_where: true });
    figures.add(`${name} refused on a tampered workbook`);
  }
  // Nothing but refusals in Audit was written.
  expect(normalisedBook(session)).toEqual(before);
}

describe('Document Properties edits', () => {
  const props = (s: WorkbookSession) => s.emulator.documentProperties;
  const anchorOf = (s: WorkbookSession, key: string) => JSON.parse(props(s).get(key)!) as { rows: number; head_hash: string };

  const cases: Array<{ name: string; edit(s: WorkbookSession): void; tab: string; row(s: WorkbookSession): number }> = [
    { name: 'the Ledger anchor counts one row fewer', tab: 'Ledger',
      edit: (s) => { const a = anchorOf(s, 'anchor.Ledger'); props(s).set('anchor.Ledger', JSON.stringify({ ...a, rows: a.rows - 1 })); },
      // Its head no longer matches the row it now points at: the last anchored row is named.
      row: (s) => dataRows(s, 'Ledger') },
    { name: 'the Batches anchor head is replaced', tab: 'Batches',
      edit: (s) => { const a = anchorOf(s, 'anchor.Batches'); props(s).set('anchor.Batches', JSON.stringify({ ...a, head_hash: 'f'.repeat(64) })); },
      row: (s) => dataRows(s, 'Batches') + 1 },
    { name: 'the Reviews anchor is deleted', tab: 'Reviews', edit: (s) => { props(s).delete('anchor.Reviews'); }, row: () => 2 },
    { name: 'the Audit row count is raised', tab: 'Audit',
      edit: (s) => { props(s).set('audit.rows', String(Number(props(s).get('audit.rows')) + 1)); },
      row: (s) => dataRows(s, 'Audit') + 2 },
    { name: 'the payout tab seal is replaced', tab: payout_tab,
      edit: (s) => { const key = `anchor.${payout_tab}`; const a = anchorOf(s, key); props(s).set(key, JSON.stringify({ ...a, head_hash: '0'.repeat(64) })); },
      // A seal covers the whole tab (no hash cells): its rows still match the batch, so the tab is named from row 1.
      row: () => 1 },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s: Verify names the tab and row, and every money action refuses', (_name, c) => {
    const session = approved.open();
    c.edit(session);
    figures.add('property tamper cases');
    const report = verified(session);
    expect(report.verified).toBe(false);
    expect({ tab: report.problems[0].tab, row: report.problems[0].row }).toEqual({ tab: c.tab, row: c.row(session) });
    figures.add('named by Verify at the first bad row');
    expectMoneyActionsRefused(session, 'approved', report.problems[0]);
  });

  it('a forged intent whose rows never arrived is dropped by the next action, which writes nothing it claims', () => {
    const session = approved.open();
    const a = anchorOf(session, 'anchor.Ledger');
    props(session).set('intent.Ledger', JSON.stringify({ rows: a.rows + 3, head_hash: 'e'.repeat(64) }));
    figures.add('property tamper cases');
    expect(verified(session).verified).toBe(true);
    const before = JSON.stringify(session.emulator.workbook.values('Ledger'));
    expectOk(session.run<Result>(FINANCE, 'exportPayoutFile', latestBatch(session, FINANCE).batch_id));
    expect(JSON.stringify(session.emulator.workbook.values('Ledger'))).toBe(before);
    expect(props(session).get('intent.Ledger') ?? '').toBe('');
    expect(anchorOf(session, 'anchor.Ledger')).toEqual(a);
  });

  it('a forged pending audit record for a write that did not happen puts no forged event in Audit', () => {
    const session = approved.open();
    const a = anchorOf(session, 'anchor.Ledger');
    const forged = { time_utc: '2026-05-31T12:00:00.000Z', actor: 'mallory@elsewhere.example', action: 'BATCH_PAID', subject: 'B-1', details: '{}' };
    props(session).set('audit.pending', JSON.stringify({
      action: 'mark_paid', actor: forged.actor, time_utc: forged.time_utc, events: [forged], done: [],
      write: { tab: 'Ledger', rows: a.rows + 1, head_hash: 'e'.repeat(64), what: 'Ledger rows', events: 1 },
    }));
    figures.add('property tamper cases');
    expectOk(session.run<Result>(FINANCE, 'exportPayoutFile', latestBatch(session, FINANCE).batch_id));
    const actions = session.emulator.workbook.values('Audit').slice(1).map((r) => `${String(r[1])} ${String(r[2])}`);
    expect(actions).not.toContain(`${forged.actor} BATCH_PAID`);
    // The next action says an action was interrupted (the record claims so) and that none of its writes completed.
    const resumed = session.emulator.workbook.values('Audit').slice(1).find((r) => r[2] === 'RESUMED')!;
    expect(JSON.parse(String(resumed[4]))).toMatchObject({ interrupted: 'mark_paid', completed: [], audit_rows_recovered: 0 });
    expect(verified(session).verified).toBe(true);
  });

  it('a deleted schema version stops every write, saying to run set-up, which restores it without rewriting data', () => {
    const session = approved.open();
    props(session).delete('schema.version');
    figures.add('property tamper cases');
    const before = JSON.stringify(session.emulator.workbook.values('Reviews'));
    const refused = session.run<Result>(OPS, 'buildPayoutBatch');
    expect(refused).toMatchObject({ ok: false, code: 'FAILED' });
    expect((refused as { message: string }).message).toMatch(/set up by an older version of Partner Ledger\. Nothing was changed\. Run .*Set up this spreadsheet/);
    expectOk(session.run<Result>('owner@acme.example', 'setUpWorkbook', {}));
    expect(JSON.stringify(session.emulator.workbook.values('Reviews'))).toBe(before);
    expect(verified(session).verified).toBe(true);
  });
});

describe('a workbook set up before Reviews was chained (schema v1)', () => {
  it('is migrated by set-up: its decisions are chained as they stand, and a decision typed in afterwards is caught', () => {
    const session = drafted.open();
    // Recreate the v1 layout: Reviews without its hash columns and anchor, schema version 1.
    const v1 = session.emulator.workbook.values('Reviews').map((r) => r.slice(0, 5));
    rewriteTab(session, 'Reviews', () => v1.map((r) => [...r, '', '']));
    session.emulator.workbook.setValues('Reviews', 1, 1, [[...v1[0], '', '']], { raw: true });
    session.emulator.documentProperties.delete('anchor.Reviews');
    session.emulator.documentProperties.set('schema.version', '1');
    expect(session.run<Result>(OPS, 'buildPayoutBatch')).toMatchObject({ ok: false });
    expectOk(session.run<Result>('owner@acme.example', 'setUpWorkbook', {}));
    expect(session.emulator.workbook.values('Reviews').map((r) => r.slice(0, 5))).toEqual(v1);
    expect(verified(session).verified).toBe(true);
    // A clear decision typed in by an editor (an operator releasing a held commission) is caught.
    const held = (session.run<Result>(MANAGER, 'listHeldEntries', 0, 50) as unknown as { entries: Array<{ entry_id: string }> }).entries[0].entry_id;
    const rows = session.emulator.workbook.values('Reviews');
    session.emulator.workbook.setValues('Reviews', rows.length + 1, 1, [['2026-05-31T12:00:00.000Z', held, 'clear', '', MANAGER]], { raw: true });
    figures.add('tab tamper cases');
    const report = verified(session);
    expect({ tab: report.problems[0]?.tab, row: report.problems[0]?.row }).toEqual({ tab: 'Reviews', row: rows.length + 1 });
    figures.add('named by Verify at the first bad row');
    expect(approveLatest(session, MANAGER)).toMatchObject({ ok: false });
  });
});
