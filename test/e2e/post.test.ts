// Posting and reviewing through the built add-on in the emulator: what ops and managers do from the
// menu and sidebar, checked against the Ledger tab itself.
import { entryFromRow, type LedgerEntry } from '../../src/core/earnings';
import { LEDGER_TAB_HEADER } from '../../src/server/ledger-source';
import type { WorkbookSession } from '../../src/local/workbook-session';
import {
  ActionOk, ActionRefused, body, expectOk, exceptionFindings, importAs, MANAGER, OPS, readExample, setUpSession, snapshot,
} from './helpers';

interface PostReport extends ActionOk {
  counts: { posted: number; duplicates: number; conflicts: number; unattributed: number; held: number; commissions: number };
}

function ledger(session: WorkbookSession): LedgerEntry[] {
  return body(session, 'Ledger').map((row, i) => {
    const read = entryFromRow(row as never, i + 2);
    if ('error' in read) throw new Error(read.error.message);
    return read;
  });
}

function examplesPosted(): { session: WorkbookSession; first: PostReport } {
  const session = setUpSession();
  expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
  expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
  const first = expectOk(session.run<PostReport | ActionRefused>(OPS, 'postCommissions'));
  return { session, first };
}

describe('postCommissions', () => {
  it('posts the valid example conversions and writes the Ledger with its canonical header', () => {
    const { session, first } = examplesPosted();
    expect(session.emulator.workbook.values('Ledger')[0]).toEqual([...LEDGER_TAB_HEADER]);
    expect(first.counts.posted).toBeGreaterThan(10);
    expect(ledger(session)).toHaveLength(first.counts.posted);
    // NOSUCHCODE matches no partner: reported, not posted.
    expect(first.counts.unattributed).toBe(1);
    expect(exceptionFindings(session, 'Conversions', 'post').map((f) => f.code)).toContain('UNATTRIBUTED');
  });

  it('posts nothing new when run again, and leaves the Ledger exactly as it was', () => {
    const { session } = examplesPosted();
    const before = body(session, 'Ledger');
    const again = expectOk(session.run<PostReport | ActionRefused>(OPS, 'postCommissions'));
    expect(again.counts.posted).toBe(0);
    expect(body(session, 'Ledger')).toEqual(before);
  });

  it('appends the new entries with a single setValues on the Ledger, with as many service calls for 300 rows as for 30', () => {
    const callsToPost = (copies: number): { set_values: number; total: number; posted: number } => {
      const session = setUpSession();
      expectOk(importAs(session, OPS, 'partners', readExample('partners.csv')));
      const csv = readExample('conversions.csv');
      // The same month repeated with distinct order ids: ten times the rows, the same shape.
      const rows = Array.from({ length: copies }, (_, k) => csv.rows.map((r) => [`${r[0]}-${k}`, ...r.slice(1)])).flat();
      expectOk(importAs(session, OPS, 'conversions', { ...csv, rows, line_of_row: rows.map((_, i) => i + 2) }));
      session.emulator.resetStats();
      const report = expectOk(session.run<PostReport | ActionRefused>(OPS, 'postCommissions'));
      return { set_values: session.emulator.stats.calls['Range.setValues'] ?? 0, total: session.emulator.stats.totalCalls, posted: report.counts.posted };
    };
    const small = callsToPost(1);
    const large = callsToPost(10);
    expect(large.posted).toBeGreaterThan(small.posted * 5);
    // Ledger, Exceptions and Audit: one block write each, whatever the number of rows.
    expect(small.set_values).toBe(3);
    expect(large.set_values).toBe(3);
    expect(large.total).toBe(small.total);
  });

  it('stores amounts as integer minor units and dates as text, so the Ledger reads back exactly', () => {
    const { session } = examplesPosted();
    for (const e of ledger(session)) {
      expect(Number.isSafeInteger(e.amount_minor)).toBe(true);
      expect(e.conversion_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('is refused for someone who is not an operator, and changes nothing', () => {
    const session = setUpSession();
    expectOk(importAs(session, OPS, 'conversions', readExample('conversions.csv')));
    const before = snapshot(session);
    const refused = session.run<ActionRefused>('mallory@elsewhere.example', 'postCommissions');
    expect(refused).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    // The refusal is audited only when the caller may write Audit; here the stranger may not.
    expect(snapshot(session).replace(/"Audit"[\s\S]*/, '')).toEqual(before.replace(/"Audit"[\s\S]*/, ''));
  });
});

describe('getPartnerBalances', () => {
  it('adds up, per partner, to the sum of that partner\'s ledger entries', () => {
    const { session } = examplesPosted();
    const report = expectOk(session.run<ActionOk & { partners: Array<{ partner_id: string; pending: string; eligible: string; held: string }> } | ActionRefused>(OPS, 'getPartnerBalances'));
    const cents = (text: string) => Math.round(Number(text) * 100);
    const sums = new Map<string, number>();
    for (const e of ledger(session)) sums.set(e.partner_id, (sums.get(e.partner_id) ?? 0) + e.amount_minor);
    for (const p of report.partners) {
      expect(cents(p.pending) + cents(p.eligible) + cents(p.held)).toBe(sums.get(p.partner_id));
    }
  });
});

describe('reviewEntries', () => {
  function heldIds(session: WorkbookSession): string[] {
    const report = expectOk(session.run<ActionOk & { entries: Array<{ entry_id: string }> } | ActionRefused>(MANAGER, 'listHeldEntries', 0, 50));
    return report.entries.map((e) => e.entry_id);
  }

  it('lets a manager reject a held commission with a reason, posting an offsetting entry that nets it to zero', () => {
    const { session } = examplesPosted();
    const [id] = heldIds(session);
    expect(id).toBeDefined();
    const result = expectOk(session.run<ActionOk & { rejection_entries: number } | ActionRefused>(MANAGER, 'reviewEntries', { entry_ids: [id], decision: 'reject', reason: 'customer is the partner' }));
    expect(result.rejection_entries).toBe(1);
    const entries = ledger(session);
    const commission = entries.find((e) => e.entry_id === id)!;
    const rejection = entries.find((e) => e.kind === 'rejection' && e.ref_entry_id === id)!;
    const reversals = entries.filter((e) => e.ref_entry_id === id && e.kind === 'reversal').reduce((s, e) => s + e.amount_minor, 0);
    expect(commission.amount_minor + reversals + rejection.amount_minor).toBe(0);
    expect(rejection.note).toBe('customer is the partner');
    expect(rejection.actor).toBe(MANAGER);
    expect(heldIds(session)).not.toContain(id);
  });

  it('posts the rejection once, however often posting runs afterwards', () => {
    const { session } = examplesPosted();
    const [id] = heldIds(session);
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'reviewEntries', { entry_ids: [id], decision: 'reject', reason: 'fraud' }));
    const after_review = body(session, 'Ledger').length;
    expectOk(session.run<PostReport | ActionRefused>(OPS, 'postCommissions'));
    expectOk(session.run<PostReport | ActionRefused>(OPS, 'postCommissions'));
    expect(body(session, 'Ledger')).toHaveLength(after_review);
  });

  it('clearing a held commission moves it out of the review queue', () => {
    const { session } = examplesPosted();
    const [id] = heldIds(session);
    expectOk(session.run<ActionOk | ActionRefused>(MANAGER, 'reviewEntries', { entry_ids: [id], decision: 'clear', reason: 'checked with the partner' }));
    expect(heldIds(session)).not.toContain(id);
    expect(body(session, 'Reviews')).toHaveLength(1);
  });

  it('refuses operators, a rejection without a reason, and entries that are not held', () => {
    const { session } = examplesPosted();
    const [id] = heldIds(session);
    expect(session.run<ActionRefused>(OPS, 'reviewEntries', { entry_ids: [id], decision: 'clear', reason: '' })).toMatchObject({ ok: false, code: 'NOT_PERMITTED' });
    expect(session.run<ActionRefused>(MANAGER, 'reviewEntries', { entry_ids: [id], decision: 'reject', reason: '  ' })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    const not_held = ledger(session).find((e) => e.kind === 'commission' && e.review === '')!.entry_id;
    expect(session.run<ActionRefused>(MANAGER, 'reviewEntries', { entry_ids: [not_held], decision: 'reject', reason: 'x' })).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(body(session, 'Reviews')).toHaveLength(0);
  });
});
