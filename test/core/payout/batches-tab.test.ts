import { BATCH_COLUMNS, BATCHES_TAB_HEADER, batchRowsFor, chunkEntryIds, eventRow, readBatches } from '../../../src/core/payout/batches-tab';
import { approveBatch } from '../../../src/core/payout/state';
import { MANAGER, batchOf, partner, settings, sha256, who } from './fixtures';

const col = (name: (typeof BATCH_COLUMNS)[number]): number => BATCH_COLUMNS.indexOf(name);

describe('payout/batches-tab', () => {
  describe('BATCHES_TAB_HEADER', () => {
    it('is the batch columns followed by the hash chain columns', () => {
      expect(BATCHES_TAB_HEADER).toEqual([...BATCH_COLUMNS, 'prev_hash', 'row_hash']);
    });
  });

  describe('batchRowsFor', () => {
    it('writes one line row per payee and the created event, every row as wide as the tab', () => {
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100 }, { partner_id: 'P-B', amount_minor: 250 }]);
      const rows = batchRowsFor(batch);
      expect(rows.map((r) => [r[col('record')], r[col('partner_id')], r[col('event')], r[col('amount_minor')]])).toEqual([
        ['line', 'P-A', '', 100], ['line', 'P-B', '', 250], ['event', '', 'created', ''],
      ]);
      expect(rows.every((r) => r.length === BATCH_COLUMNS.length)).toBe(true);
      expect(JSON.parse(String(rows[2]![col('detail')]))).toEqual({ as_of: '2024-03-01', totals: [['USD', 350, 2]] });
    });

    it('splits a long entry id list over continuation rows, each cell under the 50,000 character limit', () => {
      const ids = Array.from({ length: 6000 }, (_, i) => `E-${i.toString(16).padStart(16, '0')}`);
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100, entry_ids: ids, entry_count: ids.length }]);
      const rows = batchRowsFor(batch);
      expect(rows.map((r) => r[col('record')])).toEqual(['line', 'entries', 'entries', 'event']);
      for (const r of rows) expect(String(r[col('entry_ids')]).length).toBeLessThanOrEqual(50000);
      const read = readBatches(rows, { sha256 });
      expect(read.errors).toEqual([]);
      expect(read.batches[0]!.lines[0]!.entry_ids).toEqual(ids);
      expect(read.membership.batched.size).toBe(6000);
    });

    it('neutralises text a sheet would run as a formula, and reads it back as written', () => {
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100, name: '=IMPORTXML("x")' }]);
      const rows = batchRowsFor(batch);
      expect(rows[0]![col('name')]).toBe('\'=IMPORTXML("x")');
      expect(readBatches(rows, { sha256 }).batches[0]).toEqual(batch);
    });
    it('round-trips names and accounts that start with = + - @ or TAB, whatever their lead', () => {
      for (const lead of ['=', '+', '-', '@', '\t']) {
        const batch = batchOf('B-1', [{ partner_id: `${lead}P`, amount_minor: 100, name: `${lead}fitness.guru`, payout_account: `${lead}acct` }]);
        const read = readBatches(batchRowsFor(batch), { sha256 });
        expect(read.errors).toEqual([]);
        expect(read.batches[0]).toEqual(batch);
      }
    });

    it('reads a batch built when partner names were read with their \' kept (hashed as \'@fitness.guru), without a hash error', () => {
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100, name: "'@fitness.guru", payout_account: "'-acct" }]);
      const read = readBatches(batchRowsFor(batch), { sha256 });
      expect(read.errors).toEqual([]);
      expect(read.batches[0]!.content_hash).toBe(batch.content_hash);
      expect(read.batches[0]!.lines[0]!.name).toBe("'@fitness.guru");
    });
  });

  describe('chunkEntryIds', () => {
    it('keeps every id whole and in order', () => {
      expect(chunkEntryIds(['E-1', 'E-22', 'E-333'], 8)).toEqual(['E-1,E-22', 'E-333']);
    });
  });

  describe('readBatches', () => {
    it('derives the state by replaying event rows, and which entries are batched, approved and paid', () => {
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100 }]);
      const approved = approveBatch({ batch, seen_hash: batch.content_hash, identity: who(MANAGER), settings: settings(), partners: [partner('P-A')], at_utc: 'T', sha256 });
      if (!approved.ok) throw new Error(approved.message);
      const read = readBatches([...batchRowsFor(batch), eventRow(approved.event)], { sha256 });
      expect(read.batches.map((b) => b.state)).toEqual(['approved']);
      expect([read.membership.batched.size, read.membership.approved.size, read.membership.paid.size]).toEqual([1, 1, 0]);
    });

    it('reads numbers and Dates the sheet returned in place of the text written', () => {
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100 }]);
      const rows: unknown[][] = batchRowsFor(batch);
      rows[0]![col('amount_minor')] = '100';
      rows[1]![col('at_utc')] = new Date('2024-03-01T09:00:00.000Z');
      const read = readBatches(rows, { sha256 });
      expect(read.errors).toEqual([]);
      expect(read.batches[0]).toEqual(batch);
    });

    it('reports a line changed after the batch was created, and an impossible transition', () => {
      const batch = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100 }]);
      const rows = batchRowsFor(batch);
      rows[0]![col('amount_minor')] = 999;
      const paidWithoutApproval = { ...batch.events[0]!, event: 'paid' as const, reference: 'X' };
      const read = readBatches([...rows, eventRow(paidWithoutApproval)], { sha256 });
      expect(read.errors.map((e) => [e.row, e.column])).toEqual([[3, 'hash'], [3, 'detail'], [4, 'event']]);
      expect(read.errors[2]!.message).toContain('Batch B-1 is draft, so it cannot be marked paid');
      expect(read.batches[0]!.state).toBe('draft');
    });

    it('reports an entry held by two batches', () => {
      const one = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100 }]);
      const two = batchOf('B-2', [{ partner_id: 'P-A', amount_minor: 100 }]);
      const read = readBatches([...batchRowsFor(one), ...batchRowsFor(two)], { sha256 });
      expect(read.errors.map((e) => e.message)).toEqual([expect.stringContaining('is in batch B-1 and batch B-2')]);
    });

    it('ignores, and reports, lines whose batch was never created', () => {
      const rows = batchRowsFor(batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100 }]));
      const read = readBatches(rows.slice(0, 1), { sha256 });
      expect(read.batches).toEqual([]);
      expect(read.errors[0]!.message).toContain('no created event');
    });
  });
});
