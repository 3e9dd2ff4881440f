// Races. Two executions of the add-on in one spreadsheet (two bundle contexts, each its own
// "process" for LockService): while the first runs, at each of its mutating calls in turn, the
// second starts an action. The second must get BUSY with a message that says what happened and
// what to do, write nothing, and succeed or be refused cleanly when it tries again; the workbook
// must end exactly as a serial run of the same actions ends (Audit included), with one approval.
import { loadBundle, type BundleContext } from '../../src/local/emulator';
import { BUILD_DIR, type WorkbookSession } from '../../src/local/workbook-session';
import { MANAGER, OPS, expectOk, snapshot } from '../e2e/helpers';
import { SECOND_MANAGER, approveLatest, startCycle } from './cycle';
import {
  Checkpoint, auditLines, firstDifference, latestBatch, normalisedBook, recorder, verified, type BatchView, type Result,
} from './support';

const figures = recorder('races');

const BUSY = /^Another Partner Ledger action is running in this spreadsheet .*Nothing was changed\. Try again in a minute\.$/;

/** The cycle up to a built, unapproved batch, and up to posted (before the batch). */
const { session: cycle, steps } = startCycle();
const step = (name: string) => steps.find((s) => s.name === name)!;
for (const s of steps.slice(0, steps.findIndex((x) => x.name === 'build batch'))) expectOk(s.run(cycle));
const posted = Checkpoint.of(cycle);
expectOk(step('build batch').run(cycle));
const batched = Checkpoint.of(cycle);

/**
 * The second user acts only through their own context: session.run would switch the emulator-wide
 * active user under the first execution, which no real interleaving does.
 */
function approveVia(ctx: BundleContext): Result {
  const listed = ctx.run('getBatches') as { batches: BatchView[] };
  const batch = listed.batches[listed.batches.length - 1];
  return ctx.run('approvePayoutBatch', batch.batch_id, batch.content_hash) as Result;
}

/** The full final state, Audit included: a race must leave what the serial run leaves. */
function finalState(session: WorkbookSession): string {
  return JSON.stringify([normalisedBook(session), auditLines(session)]);
}

interface Race {
  name: string;
  from: Checkpoint;
  first: { user: string; act: (s: WorkbookSession) => Result };
  second: { user: string; act: (ctx: BundleContext) => Result };
}

const races: Race[] = [
  {
    name: 'two managers approve the same batch at once',
    from: batched,
    first: { user: MANAGER, act: (s) => approveLatest(s, MANAGER) },
    second: { user: SECOND_MANAGER, act: approveVia },
  },
  {
    name: 'ops posts while a manager approves',
    from: batched,
    first: { user: MANAGER, act: (s) => approveLatest(s, MANAGER) },
    second: { user: OPS, act: (ctx) => ctx.run('postCommissions') as Result },
  },
  {
    name: 'a manager approves while ops posts',
    from: batched,
    first: { user: OPS, act: (s) => s.run<Result>(OPS, 'postCommissions') },
    second: { user: MANAGER, act: approveVia },
  },
  {
    name: 'ops builds a batch twice at once',
    from: posted,
    first: { user: OPS, act: (s) => s.run<Result>(OPS, 'buildPayoutBatch') },
    second: { user: OPS, act: (ctx) => ctx.run('buildPayoutBatch') as Result },
  },
];

/** The serial run: the first action, then the second (after the first released the lock). */
function serial(race: Race): { state: string; calls: number; second: Result } {
  const session = race.from.open();
  session.emulator.resetStats();
  expectOk(race.first.act(session));
  const calls = session.emulator.stats.mutatingCalls;
  const second = race.second.act(loadBundle(session.emulator, BUILD_DIR, { user: race.second.user }));
  return { state: finalState(session), calls, second };
}

describe.each(races.map((r) => [r.name, r] as const))('%s', (_name, race) => {
  const expected = serial(race);

  it.each(Array.from({ length: expected.calls }, (_, n) => n + 1))('second action started at the first one\'s mutating call %i: BUSY, then the serial outcome', (k) => {
    const session = race.from.open();
    const other = loadBundle(session.emulator, BUILD_DIR, { user: race.second.user });
    let during: Result | null = null;
    let before_second = '';
    let after_second = '';
    session.emulator.onMutatingCall((n) => {
      if (n !== k) return;
      before_second = snapshot(session);
      const started_ms = session.emulator.now();
      during = race.second.act(other);
      // The emulated lock wait moved the clock on by its timeout; it is given back, so the two runs
      // write the same instants and can be compared cell for cell (Audit included).
      session.emulator.advanceClock(started_ms - session.emulator.now());
      after_second = snapshot(session);
    });
    const first = race.first.act(session);
    session.emulator.onMutatingCall(null);
    figures.add('interleavings run');
    expect(first.ok).toBe(true);
    // The loser is told what happened and what to do, and wrote nothing at all.
    expect(during).toMatchObject({ ok: false, code: 'BUSY' });
    expect((during as unknown as { message: string }).message).toMatch(BUSY);
    expect(after_second).toBe(before_second);
    figures.add('losers told BUSY, nothing written');
    // Trying again once the first is done gives the serial run's answer and state.
    const again = race.second.act(other);
    expect(again).toEqual(expected.second);
    const state = finalState(session);
    expect(state === expected.state ? null : firstDifference(state, expected.state)).toBeNull();
    expect(verified(session).verified).toBe(true);
    const approvals = session.emulator.workbook.values('Batches').filter((r) => r[1] === 'event' && r[2] === 'approved').length;
    expect(approvals).toBeLessThanOrEqual(1);
    expect(session.emulator.workbook.sheetNames().filter((t) => t.startsWith('Payout ')).length).toBe(approvals);
  });
});

describe('the serial answers the loser gets when it tries again', () => {
  it('a second approval of an approved batch is refused, saying it is approved and what may follow', () => {
    const second = serial(races[0]).second;
    expect(second).toMatchObject({ ok: false });
    expect((second as { message: string }).message).toMatch(/Batch B-\d+-1 is approved, so it cannot be approved\. An approved batch can only be marked paid .* or voided/);
  });

  it('a second build while a batch is open is refused, naming the open batch', () => {
    const second = serial(races[3]).second;
    expect(second).toMatchObject({ ok: false });
    expect((second as { message: string }).message).toMatch(/B-\d+-1/);
  });
});

describe('another execution holding the lock', () => {
  it('makes an approval answer BUSY and change nothing, and the approval works once it is released', () => {
    const session = batched.open();
    const before = snapshot(session);
    session.emulator.holdDocumentLock('a colleague\'s post');
    const busy = approveLatest(session, MANAGER);
    expect(busy).toMatchObject({ ok: false, code: 'BUSY' });
    expect((busy as { message: string }).message).toMatch(BUSY);
    expect(snapshot(session)).toBe(before);
    session.emulator.releaseDocumentLock();
    expectOk(approveLatest(session, MANAGER));
    figures.add('lock held by another execution');
  });
});

describe('an approval with a stale hash', () => {
  it('is refused, saying the batch changed and to look again; nothing is written but the refusal in Audit', () => {
    const session = batched.open();
    const seen = latestBatch(session, MANAGER);
    // Another manager rejects the batch the first one is looking at, and ops builds a new one.
    expectOk(session.run<Result>(SECOND_MANAGER, 'rejectPayoutBatch', seen.batch_id, 'wrong month'));
    expectOk(session.run<Result>(OPS, 'buildPayoutBatch'));
    const before = normalisedBook(session);
    const on_old = session.run<Result>(MANAGER, 'approvePayoutBatch', seen.batch_id, seen.content_hash);
    expect(on_old).toMatchObject({ ok: false });
    expect((on_old as { message: string }).message).toMatch(new RegExp(`Batch ${seen.batch_id} is rejected, so it cannot be approved\\. .*build a new batch`));
    const current = latestBatch(session, MANAGER);
    const on_new = session.run<Result>(MANAGER, 'approvePayoutBatch', current.batch_id, seen.content_hash);
    expect((on_new as { message: string }).message).toMatch(new RegExp(`Batch ${current.batch_id} changed since you looked at it: approval refused\\. Reopen the batch`));
    expect(normalisedBook(session)).toEqual(before);
    expect(auditLines(session).slice(-2).map((l) => l[2])).toEqual(['APPROVE_REFUSED', 'APPROVE_REFUSED']);
    expect(session.emulator.workbook.sheetNames().filter((t) => t.startsWith('Payout '))).toEqual([]);
    figures.add('stale approvals refused', 2);
  });
});
