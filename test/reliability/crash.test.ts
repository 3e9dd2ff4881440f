// Crash at every write. Apps Script can end an execution at any service call (the 6-minute limit,
// a quota, an outage). For every mutating action of the month's cycle and every k, the action is
// stopped at its k-th mutating call; the user runs it again, then the cycle's next action. After
// each, the workbook must equal the uninterrupted run's (normalisedBook: every tab but Audit, every
// property), no Ledger entry may be lost or doubled, Verify must pass, and the Audit tab must hold
// the uninterrupted run's rows in order and account for every change (auditGaps): no audit gap.
//
// Replay one case: RELIABILITY_STEP=<step index> RELIABILITY_K=<k> npx jest test/reliability/crash
import type { WorkbookSession } from '../../src/local/workbook-session';
import { body } from '../e2e/helpers';
import { startCycle } from './cycle';
import {
  Checkpoint, auditGaps, auditLines, entryDifferences, envInt, firstDifference, missingAuditLines, normalisedBook, recorder, verified,
  type AuditLine,
} from './support';

const figures = recorder('crash');

interface Expected { book: string; audit: AuditLine[]; ledger: unknown[][]; mail: string[] }

function expectedOf(session: WorkbookSession): Expected {
  return { book: JSON.stringify(normalisedBook(session)), audit: auditLines(session), ledger: body(session, 'Ledger'), mail: mailSent(session) };
}

/** Every notification sent so far, as "to: subject". */
function mailSent(session: WorkbookSession): string[] {
  return session.emulator.sentMail.map((m) => `${m.to}: ${m.subject}`);
}

// The uninterrupted run: a checkpoint before each step, the state after it, and how many mutating
// calls it makes (the sweep's bound, measured rather than typed in).
const { session: uninterrupted, steps } = startCycle();
const plan = steps.map((step) => {
  const before = Checkpoint.of(uninterrupted);
  uninterrupted.emulator.resetStats();
  const result = step.run(uninterrupted);
  if (!result.ok) throw new Error(`the uninterrupted cycle was refused at ${step.name}: ${result.message}`);
  return { step, before, calls: uninterrupted.emulator.stats.mutatingCalls, after: expectedOf(uninterrupted) };
});

/** What differs from the uninterrupted run, as readable lines (empty when nothing does). */
function differences(session: WorkbookSession, expected: Expected, when: string): string[] {
  const problems: string[] = [];
  const book = JSON.stringify(normalisedBook(session));
  if (book !== expected.book) problems.push(`${when}: the workbook differs from the uninterrupted run's: ${firstDifference(book, expected.book)}`);
  const { lost, duplicated } = entryDifferences(expected.ledger, body(session, 'Ledger'));
  figures.add('ledger entries compared', expected.ledger.length);
  figures.add('entries lost', lost.length);
  figures.add('entries duplicated', duplicated.length);
  if (lost.length > 0) problems.push(`${when}: Ledger entries lost: ${lost.join(', ')}`);
  if (duplicated.length > 0) problems.push(`${when}: Ledger entries duplicated: ${duplicated.join(', ')}`);
  const report = verified(session);
  if (!report.verified) problems.push(`${when}: Verify fails: ${report.problems[0]?.message}`);
  for (const batch of approvedBatches(session)) {
    // A voided or paid batch's tab is renamed `VOID Payout …` / `PAID Payout …`.
    const tabs = session.emulator.workbook.sheetNames();
    if (![`Payout ${batch}`, `VOID Payout ${batch}`, `PAID Payout ${batch}`].some((t) => tabs.includes(t))) problems.push(`${when}: batch ${batch} is approved without its payout tab`);
  }
  for (const gap of auditGaps(session)) problems.push(`${when}: audit gap: ${gap}`);
  // Mail leaves the workbook: it goes out right after the write that commits the action, which the
  // next action completes, so a retried action never mails twice. A stop at the send itself loses
  // that one notification (counted, not hidden).
  const sent = mailSent(session);
  for (const mail of new Set(sent)) {
    const times = sent.filter((m) => m === mail).length;
    const once = expected.mail.filter((m) => m === mail).length;
    if (times > once) problems.push(`${when}: mail sent ${times} times, ${once} in the uninterrupted run: ${mail}`);
  }
  figures.add('notifications lost to the stop', expected.mail.filter((m) => !sent.includes(m)).length);
  const missing = missingAuditLines(expected.audit, auditLines(session));
  if (missing.length > 0) problems.push(`${when}: Audit lacks rows of the uninterrupted run: ${JSON.stringify(missing)}`);
  return problems;
}

/** Batches that Batches says were approved (paid or voided later included). */
function approvedBatches(session: WorkbookSession): string[] {
  return session.emulator.workbook.values('Batches').filter((r) => r[1] === 'event' && r[2] === 'approved').map((r) => String(r[0]));
}

const only_step = envInt('RELIABILITY_STEP');
const only_k = envInt('RELIABILITY_K');

it('sweeps every mutating action of the cycle, each making several mutating calls', () => {
  const names = plan.map((p) => p.step.name);
  expect(names).toEqual(expect.arrayContaining(['import conversions', 'validate', 'post', 'clear review', 'reject review', 'build batch',
    'reject batch', 'approve', 'export', 'void', 'mark paid']));
  for (const p of plan) expect(p.calls).toBeGreaterThanOrEqual(3);
});

const swept = plan.map((p, i) => [i, p.step.name] as const).filter(([i]) => only_step === null || only_step === i);

describe.each(swept)('step %i (%s) stopped at each of its mutating calls', (i) => {
  const { step, before, calls } = plan[i];
  const next = plan[i + 1];
  const ks = Array.from({ length: calls }, (_, n) => n + 1).filter((k) => only_k === null || only_k === k);

  it.each(ks)('k = %i: run again, then the next step, reaches the uninterrupted state', (k) => {
    const replay = `replay: RELIABILITY_STEP=${i} RELIABILITY_K=${k} npx jest test/reliability/crash`;
    const session = before.open();
    session.emulator.injectFaultAfter(k);
    let fault = '';
    try {
      step.run(session);
    } catch (e) {
      fault = e instanceof Error ? e.message : String(e);
    }
    session.emulator.injectFaultAfter(null);
    figures.add('faults injected');
    figures.add(`faults injected in ${step.name}`);
    const call = /\(([^)]+)\)$/.exec(fault)?.[1];
    if (call) figures.add(`faults at ${call}`);
    const problems: string[] = [];
    if (!/^Injected fault at mutating call/.test(fault)) problems.push(`the injected fault did not stop ${step.name} (caught: "${fault}")`);
    step.run(session); // the user runs it again: done work is refused or skipped, undone work is done
    problems.push(...differences(session, plan[i].after, `after ${step.name} was run again`));
    if (next) {
      const result = next.step.run(session);
      if (!result.ok) problems.push(`the next step (${next.step.name}) was refused: ${result.message}`);
      problems.push(...differences(session, next.after, `after the next step (${next.step.name})`));
    }
    const resumed = auditLines(session).filter((l) => l[2] === 'RESUMED');
    if (resumed.length > 0) figures.add('interruptions the next action audited (RESUMED rows)');
    figures.add('audit rows recovered from interrupted actions',
      resumed.reduce((n, l) => n + Number((JSON.parse(l[4]) as { audit_rows_recovered: number }).audit_rows_recovered), 0));
    if (problems.length > 0) figures.add('failed cases');
    expect(problems.length === 0 ? [] : [replay, ...problems]).toEqual([]);
  });
});

describe('an approval stopped after the batch was approved and before its Audit row', () => {
  it('gets its own BATCH_APPROVED row from the next action, as recorded, then a RESUMED row saying what happened', () => {
    const i = plan.findIndex((p) => p.step.name === 'approve');
    const probe = plan[i].before.open();
    // The first mutating call made once the approval event is anchored in Batches: stop there.
    let k = 0;
    const anchored = () => JSON.parse(probe.emulator.documentProperties.get('anchor.Batches') ?? '{"rows":0}').rows === probe.emulator.workbook.values('Batches').length - 1 &&
      probe.emulator.workbook.values('Batches').some((r) => r[2] === 'approved');
    probe.emulator.onMutatingCall((n) => { if (k === 0 && anchored()) k = n; });
    plan[i].step.run(probe);
    expect(k).toBeGreaterThan(0);

    const session = plan[i].before.open();
    session.emulator.injectFaultAfter(k);
    expect(() => plan[i].step.run(session)).toThrow(/Injected fault/);
    session.emulator.injectFaultAfter(null);
    expect(auditLines(session).some((l) => l[2] === 'BATCH_APPROVED')).toBe(false); // the gap, before the fix's recovery
    plan[i + 1].step.run(session); // finance exports: the next action
    const expected_row = plan[i].after.audit.find((l) => l[2] === 'BATCH_APPROVED')!;
    const lines = auditLines(session);
    const at = lines.findIndex((l) => JSON.stringify(l) === JSON.stringify(expected_row));
    expect(at).toBeGreaterThan(0);
    const resumed = lines[at + 1];
    expect(resumed.slice(1, 4)).toEqual(['frank.finance@acme.example', 'RESUMED', 'approve']);
    expect(JSON.parse(resumed[4])).toMatchObject({
      interrupted: 'approve', by: 'maria.manager@acme.example', audit_rows_recovered: 1,
      completed: [expect.stringMatching(/^Batches rows \d+–\d+$/)],
    });
    expect(lines[at + 2]?.[2]).toBe('PAYOUT_EXPORTED');
    expect(auditGaps(session)).toEqual([]);
  });
});
