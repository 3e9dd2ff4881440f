// Replays. Random months of conversions (fast-check: sales, partial and full refunds, repeat
// customers, four partners) go through the add-on in the emulator twice: once as one file posted
// once (the reference), and once imported N times over, in shuffled order and random chunks. The
// Ledger and the approved payout tab must come out the same, and the invariant checker
// (invariants.ts) runs on the workbook after every action of the replay.
//
// Two ways of arriving are replayed. `shuffled`: every row in any order and chunking, posted once
// at the end (then again, which must post nothing). `date-ordered`: chunks arrive in date order
// (rows shuffled inside each chunk) with a post after every chunk, as a month is imported week by
// week. (Older rows arriving after newer ones were posted may legitimately differ: attribution is
// resolved once, see session 1's earnings order rule; that order is not a replay of the same data.)
//
// Seeded; replay a failure with RELIABILITY_SEED=<seed> (fast-check prints the seed and path).
import fc from 'fast-check';
import type { WorkbookSession } from '../../src/local/workbook-session';
import { EXAMPLE_SETTINGS, MANAGER, OPS, csvOf, expectOk, importAs, rewriteTab, setUpSession, type Csv } from '../e2e/helpers';
import { entryDifferences, envInt, latestBatch, recorder, verified, type Result } from './support';
import { invariantViolations } from './invariants';

const figures = recorder('replay');
const SEED = envInt('RELIABILITY_SEED') ?? 20261122;
const RUNS_PER_MODE = 40;

const PARTNERS_CSV = [
  'partner_id,name,code,email,rate,flat_fee,status,payout_method,payout_account',
  'P-0001,Alpha Reviews,ALPHA,alpha@alpha.example,10%,,active,paypal,pay@alpha.example',
  'P-0002,Beta Deals,BETA,beta@beta.example,12.5%,,active,paypal,pay@beta.example',
  'P-0003,Gamma Tips,GAMMA,gamma@gamma.example,8%,1.00,active,paypal,pay@gamma.example',
  'P-0004,Delta Hub,DELTA,delta@delta.example,5%,,active,paypal,pay@delta.example',
].join('\n');
const CODES = ['ALPHA', 'BETA', 'GAMMA', 'DELTA'];
const HEADERS = ['order_id', 'code', 'customer_id', 'customer_email', 'amount', 'currency', 'date', 'type', 'product'];

const sale = fc.record({
  partner: fc.integer({ min: 0, max: 3 }),
  customer: fc.integer({ min: 1, max: 8 }),
  cents: fc.integer({ min: 100, max: 40000 }),
  day: fc.integer({ min: 0, max: 60 }),
  refunds: fc.array(fc.record({ percent: fc.integer({ min: 1, max: 100 }), delay: fc.integer({ min: 0, max: 15 }) }), { maxLength: 2 }),
});

const month = fc.record({
  sales: fc.array(sale, { minLength: 3, maxLength: 18 }),
  copies: fc.integer({ min: 1, max: 3 }),
  /** Drives the shuffles and the chunk cuts. */
  noise: fc.array(fc.nat(), { minLength: 32, maxLength: 32 }),
});

type Month = typeof month extends fc.Arbitrary<infer T> ? T : never;

function day(offset: number): string {
  return new Date(Date.UTC(2026, 2, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

function money(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * The month as Conversions rows: each sale, then its refunds (never more than was sold). An
 * order's refunds fall on different days: rows identical in every cell are one refund imported
 * twice when they arrive in different files (the import counts identical rows as a multiset, see
 * import-plan.ts), so only distinct rows can be chunked at random and still mean the same month.
 */
function conversionRows(m: Month): string[][] {
  const rows: string[][] = [];
  m.sales.forEach((s, i) => {
    const order = `O-${1000 + i}`;
    const email = `c${s.customer}@mailbox.example`;
    rows.push([order, CODES[s.partner], `C-${s.customer}`, email, money(s.cents), 'USD', day(s.day), 'sale', 'widget']);
    let left = s.cents;
    let after = 0;
    for (const r of s.refunds) {
      const cents = Math.min(left, Math.max(1, Math.round((s.cents * r.percent) / 100)));
      if (cents <= 0) break;
      left -= cents;
      after += r.delay;
      rows.push([order, CODES[s.partner], `C-${s.customer}`, email, money(cents), 'USD', day(s.day + after), 'refund', 'widget']);
      after += 1;
    }
  });
  return rows;
}

/** A small deterministic generator fed by the dataset's noise. */
function dice(noise: readonly number[]): (n: number) => number {
  let i = 0;
  let state = noise.reduce((h, x) => (h * 31 + x) >>> 0, 7);
  return (n) => {
    state = (Math.imul(state ^ (noise[i++ % noise.length] ?? 0), 2654435761) + 12345) >>> 0;
    return state % Math.max(1, n);
  };
}

function shuffle<T>(items: T[], roll: (n: number) => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = roll(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function chunks<T>(items: T[], roll: (n: number) => number): T[][] {
  const out: T[][] = [];
  let at = 0;
  while (at < items.length) {
    const size = 1 + roll(Math.max(1, Math.ceil(items.length / 2)));
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

function csvOfRows(file: string, rows: string[][]): Csv {
  return { file, headers: HEADERS, rows, line_of_row: rows.map((_, i) => i + 2) };
}

function newWorkbook(): WorkbookSession {
  const session = setUpSession({ settings: [...EXAMPLE_SETTINGS, ['min_payout', '0']] });
  expectOk(importAs(session, OPS, 'partners', csvOf(PARTNERS_CSV, 'partners.csv')));
  return session;
}

/** Runs an action, then the invariant checker; a broken invariant fails the run, naming the action. */
function checked(session: WorkbookSession, what: string, act: () => Result): Result {
  const result = act();
  figures.add('actions replayed');
  const violations = invariantViolations(session);
  figures.add('invariant checks run');
  if (violations.length > 0) throw new Error(`after ${what}: ${violations.join('; ')}`);
  return result;
}

/** Build and approve the month's batch; returns what must match. */
function settle(session: WorkbookSession): { ledger: unknown[][]; payout: unknown[][] } {
  const built = checked(session, 'build batch', () => session.run<Result>(OPS, 'buildPayoutBatch'));
  let payout: unknown[][] = [];
  if (built.ok) {
    const batch = latestBatch(session, MANAGER);
    expectOk(checked(session, 'approve', () => session.run<Result>(MANAGER, 'approvePayoutBatch', batch.batch_id, batch.content_hash)));
    payout = session.emulator.workbook.values(`Payout ${batch.batch_id}`);
  }
  if (!verified(session).verified) throw new Error('Verify fails after the replay');
  return { ledger: comparableLedger(session), payout };
}

/**
 * Ledger rows without where each came from: `import_id`, `source_tab` and `source_row` name the
 * import and the Conversions row an entry was posted from, which legitimately differ when the
 * same data arrives in other files and orders; `prev_hash`/`row_hash` hash those cells. Sorted by
 * entry id, because the Ledger is append-only and records arrival order. Every other cell (ids,
 * keys, partner, order, amounts, dates, rule, flags) must be equal.
 */
function comparableLedger(session: WorkbookSession): unknown[][] {
  const [header, ...rows] = session.emulator.workbook.values('Ledger');
  const drop = ['import_id', 'source_tab', 'source_row', 'prev_hash', 'row_hash'].map((h) => header.indexOf(h));
  if (drop.some((i) => i < 0)) throw new Error(`Ledger header changed: ${header.join(',')}`);
  return rows.map((r) => r.filter((_, i) => !drop.includes(i))).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

function reference(rows: string[][]): { ledger: unknown[][]; payout: unknown[][] } {
  const session = newWorkbook();
  expectOk(importAs(session, OPS, 'conversions', csvOfRows('month.csv', rows)));
  expectOk(session.run<Result>(OPS, 'postCommissions'));
  return settle(session);
}

/**
 * The month imported `copies` times over. Each copy is cut into chunks (files) of distinct rows; a
 * file never holds the same row twice, since two identical rows in one file are two refunds.
 * `shuffled`: each copy's rows in random order, and all the chunks of all copies in random order.
 * `date-ordered`: each copy's rows by date, its chunks in that order (rows shuffled inside a
 * chunk), one copy after the other, posting after every chunk.
 */
function replay(rows: string[][], m: Month, mode: 'shuffled' | 'date-ordered'): { ledger: unknown[][]; payout: unknown[][] } {
  const roll = dice(m.noise);
  const per_copy = Array.from({ length: m.copies }, () => (mode === 'shuffled'
    ? chunks(shuffle(rows, roll), roll)
    : chunks([...rows].sort((a, b) => a[6].localeCompare(b[6])), roll).map((chunk) => shuffle(chunk, roll))));
  const files = mode === 'shuffled' ? shuffle(per_copy.flat(), roll) : per_copy.flat();
  const session = newWorkbook();
  files.forEach((part, i) => {
    expectOk(checked(session, `import of chunk ${i + 1}`, () => importAs<Result>(session, OPS, 'conversions', csvOfRows(`chunk-${i + 1}.csv`, part))));
    figures.add('rows imported', part.length);
    figures.add('imports');
    if (mode === 'date-ordered') expectOk(checked(session, `post after chunk ${i + 1}`, () => session.run<Result>(OPS, 'postCommissions')));
  });
  if (mode === 'shuffled') {
    expectOk(checked(session, 'post', () => session.run<Result>(OPS, 'postCommissions')));
    const again = checked(session, 'post again', () => session.run<Result>(OPS, 'postCommissions')) as Result & { counts?: { posted: number } };
    if (again.ok && again.counts?.posted !== 0) throw new Error(`posting the same data again posted ${again.counts?.posted} entries`);
  }
  return settle(session);
}

describe.each(['shuffled', 'date-ordered'] as const)('replaying a month %s', (mode) => {
  it('imported 1–3 times over, in random chunks, gives the ledger and payout tab of one clean import, every invariant holding after every action', () => {
    fc.assert(fc.property(month, (m) => {
      const rows = conversionRows(m);
      const expected = reference(rows);
      const got = replay(rows, m, mode);
      const { lost, duplicated } = entryDifferences(expected.ledger, got.ledger);
      figures.add('replays');
      figures.add('ledger entries compared', expected.ledger.length);
      figures.add('entries lost', lost.length);
      figures.add('entries duplicated', duplicated.length);
      expect(got.ledger).toEqual(expected.ledger);
      expect(got.payout).toEqual(expected.payout);
      figures.add('payout lines compared', Math.max(0, expected.payout.length - 1));
    }), { seed: SEED, numRuns: RUNS_PER_MODE, interruptAfterTimeLimit: 90_000, markInterruptAsFailure: true });
  });
});

describe('the invariant checker itself', () => {
  // A checker that cannot fail proves nothing: it must catch a doubled entry and a batch line that
  // pays more than its entries, which is what a lost or repeated write would look like.
  const settled = () => {
    const session = newWorkbook();
    expectOk(importAs(session, OPS, 'conversions', csvOfRows('month.csv', conversionRows({
      sales: [{ partner: 0, customer: 1, cents: 12000, day: 1, refunds: [] }, { partner: 1, customer: 2, cents: 5000, day: 2, refunds: [{ percent: 50, delay: 3 }] }],
      copies: 1, noise: [1],
    }))));
    expectOk(session.run<Result>(OPS, 'postCommissions'));
    expectOk(session.run<Result>(OPS, 'buildPayoutBatch'));
    expect(invariantViolations(session)).toEqual([]);
    return session;
  };

  it('reports an entry written twice', () => {
    const session = settled();
    const ledger = session.emulator.workbook.values('Ledger');
    rewriteTab(session, 'Ledger', (rows) => [...rows, [...ledger[1]]]);
    expect(invariantViolations(session).join('\n')).toMatch(/appears twice/);
  });

  it('reports a batch line that pays more than its entries', () => {
    const session = settled();
    const header = session.emulator.workbook.values('Batches')[0];
    const amount = header.indexOf('amount_minor');
    rewriteTab(session, 'Batches', (rows) => rows.map((r, i) => (i > 0 && r[1] === 'line' ? r.map((c, j) => (j === amount ? Number(c) + 1 : c)) : r)));
    expect(invariantViolations(session).length).toBeGreaterThan(0);
  });
});
