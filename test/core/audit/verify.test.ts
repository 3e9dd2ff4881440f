import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { createHash } from 'node:crypto';
import { chainAuditEvents, GENESIS_HASH, type AuditEvent } from '../../../src/core/audit/chain';
import { canonicalCell, chainRows, sealRows, advanceAnchor, EMPTY_ANCHOR, type ChainAnchor } from '../../../src/core/audit/tab-chain';
import { verifyAll, verifyChainedTab, type TamperKind, type TabToVerify } from '../../../src/core/audit/verify';
import { entryToRow } from '../../../src/core/earnings/ledger-entry';
import { batchRowsFor } from '../../../src/core/payout/batches-tab';
import { payoutTabRows } from '../../../src/core/payout/presets';
import { TAB, payoutTabName } from '../../../src/core/schema/tabs';
import { batchOf, entry } from '../payout/fixtures';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

type Rows = unknown[][];

interface ProtectedTab {
  name: string;
  rows: Rows;
  anchor: ChainAnchor;
  /** Payout tabs: the rows the batch says the tab holds. */
  expected?: Rows;
  /** Index in `rows` of the first data row (payout tabs keep their header in `rows`). */
  data_from: number;
  first_row: number;
}

function chained(name: string, body: Rows): ProtectedTab {
  const { rows, head_hash } = chainRows(GENESIS_HASH, body, sha256);
  return { name, rows, anchor: { rows: rows.length, head_hash }, data_from: 0, first_row: 2 };
}

function ledgerTab(): ProtectedTab {
  return chained(TAB.ledger, Array.from({ length: 8 }, (_, i) => entryToRow(entry(`P-${i % 3}`, 1000 + i))));
}

function batchesTab(): ProtectedTab {
  const one = batchOf('B-1', [{ partner_id: 'P-A', amount_minor: 100 }, { partner_id: 'P-B', amount_minor: 200 }, { partner_id: 'P-C', amount_minor: 300 }]);
  const two = batchOf('B-2', [{ partner_id: 'P-D', amount_minor: 400 }, { partner_id: 'P-E', amount_minor: 500 }]);
  return chained(TAB.batches, [...batchRowsFor(one), ...batchRowsFor(two)]);
}

function auditTab(): ProtectedTab {
  const events: AuditEvent[] = Array.from({ length: 7 }, (_, i) => ({
    time_utc: `2024-03-0${i + 1}T10:00:00.000Z`, actor: 'ops@acme.com', action: 'POST', subject: `import I-${i}`, details: i === 3 ? '' : `posted ${i} entries`,
  }));
  const { rows, head_hash } = chainAuditEvents(GENESIS_HASH, events, sha256);
  return { name: TAB.audit, rows, anchor: { rows: rows.length, head_hash }, data_from: 0, first_row: 2 };
}

function payoutTab(): ProtectedTab {
  const batch = batchOf('B-1', Array.from({ length: 6 }, (_, i) => ({ partner_id: `P-${i}`, amount_minor: 1000 * (i + 1) })));
  const rows = payoutTabRows(batch, 'generic');
  return { name: payoutTabName('B-1'), rows, anchor: sealRows(rows, sha256), expected: rows.map((r) => [...r]), data_from: 1, first_row: 1 };
}

const TABS: Array<[string, () => ProtectedTab]> = [[TAB.ledger, ledgerTab], [TAB.batches, batchesTab], [TAB.audit, auditTab], ['Payout', payoutTab]];

function verify(tab: ProtectedTab, rows: Rows = tab.rows) {
  const input: TabToVerify = { name: tab.name, rows, first_row: tab.first_row, ...(tab.expected ? { expected_rows: tab.expected } : {}) };
  return verifyAll({ tabs: [input], anchors: { [tab.name]: tab.anchor }, sha256 });
}

function firstProblem(tab: ProtectedTab, rows: Rows): { kind: TamperKind; row: number; message: string } {
  const result = verify(tab, rows);
  if (result.ok) throw new Error('tampering was not detected');
  return result.problems[0]!;
}

/** The sheet row of data row `k`. */
const sheetRow = (tab: ProtectedTab, k: number): number => tab.first_row + tab.data_from + k;

describe('audit/verify', () => {
  describe('verifyAll', () => {
    describe.each(TABS)('the %s tab', (_name, make) => {
      it('verifies when untouched', () => {
        expect(verify(make())).toEqual({ ok: true });
      });

      it('names an edited row', () => {
        const tab = make();
        const rows = tab.rows.map((r) => [...r]);
        const k = tab.data_from + 3;
        rows[k]![2] = `${String(rows[k]![2])}x`;
        const problem = firstProblem(tab, rows);
        expect([problem.kind, problem.row]).toEqual(['edited', sheetRow(tab, 3)]);
        expect(problem.message).toContain(`row ${sheetRow(tab, 3)} was edited after it was written`);
        expect(problem.message).toContain('File → Version history');
      });

      it('names the row below a deleted row', () => {
        const tab = make();
        const rows = tab.rows.filter((_, i) => i !== tab.data_from + 2);
        expect(firstProblem(tab, rows)).toMatchObject({ kind: 'deleted', row: sheetRow(tab, 2) });
      });

      it('names an inserted row', () => {
        const tab = make();
        const rows = tab.rows.map((r) => [...r]);
        const fake = [...rows[tab.data_from + 1]!];
        fake[1] = 'P-FAKE';
        rows.splice(tab.data_from + 2, 0, fake);
        expect(firstProblem(tab, rows)).toMatchObject({ kind: 'inserted', row: sheetRow(tab, 2) });
      });

      it('names the first of two swapped rows', () => {
        const tab = make();
        const rows = [...tab.rows];
        const k = tab.data_from + 1;
        [rows[k], rows[k + 1]] = [rows[k + 1]!, rows[k]!];
        expect(firstProblem(tab, rows)).toMatchObject({ kind: 'reordered', row: sheetRow(tab, 1) });
      });

      it('names the first missing row of a truncated tab', () => {
        const tab = make();
        const rows = tab.rows.slice(0, tab.rows.length - 2);
        const found = firstProblem(tab, rows);
        expect(found).toMatchObject({ kind: 'truncated', row: tab.first_row + rows.length });
        // Data rows and sheet rows said apart: "has 3 data rows (its last is row 4), but the add-on wrote 5".
        const last = tab.first_row + rows.length - 1;
        if (tab.expected === undefined) {
          expect(found?.message).toMatch(new RegExp(`has ${rows.length} data rows? \\(its last is row ${last}\\), but the add-on wrote ${rows.length + 2}:`));
        } else {
          expect(found?.message).toContain(`ends at row ${last}, but the batch's rows end at row ${last + 2}:`);
        }
      });

      it('names the first row appended after the last recorded write', () => {
        const tab = make();
        const extra = [...tab.rows.at(-1)!];
        extra[1] = 'EXTRA';
        const rows = [...tab.rows, extra];
        expect(firstProblem(tab, rows)).toMatchObject({ kind: 'appended', row: tab.first_row + tab.rows.length });
      });
    });

    it('reports a consistently rewritten tab as not matching its anchor', () => {
      const tab = ledgerTab();
      const body = tab.rows.map((r) => r.slice(0, -2));
      body[0]![3] = 'P-THIEF';
      const rewritten = chainRows(GENESIS_HASH, body, sha256).rows;
      expect(firstProblem(tab, rewritten)).toMatchObject({ kind: 'anchor_mismatch' });
    });

    it('reports a row copied and pasted further down as inserted', () => {
      const tab = ledgerTab();
      const rows = [...tab.rows];
      rows.splice(6, 0, [...rows[2]!]);
      expect(firstProblem(tab, rows)).toMatchObject({ kind: 'inserted', row: 8 });
    });

    it('reports a row moved far down as out of order at its old place', () => {
      const tab = ledgerTab();
      const rows = [...tab.rows];
      const [moved] = rows.splice(1, 1);
      rows.splice(5, 0, moved!);
      expect(firstProblem(tab, rows)).toMatchObject({ kind: 'reordered', row: 3 });
    });

    it('reports a protected tab that disappeared', () => {
      const result = verifyAll({ tabs: [], anchors: { [TAB.ledger]: { rows: 3, head_hash: 'f'.repeat(64) } }, sha256 });
      expect(result).toMatchObject({ ok: false, problems: [{ tab: TAB.ledger, kind: 'truncated' }] });
    });

    it('reports every tab that fails, one problem each', () => {
      const ledger = ledgerTab();
      const audit = auditTab();
      const result = verifyAll({
        tabs: [{ name: ledger.name, rows: ledger.rows.slice(1) }, { name: audit.name, rows: audit.rows.slice(0, 3) }],
        anchors: { [ledger.name]: ledger.anchor, [audit.name]: audit.anchor }, sha256,
      });
      expect(!result.ok && result.problems.map((p) => [p.tab, p.kind, p.row])).toEqual([[TAB.ledger, 'deleted', 2], [TAB.audit, 'truncated', 5]]);
    });
  });

  describe('verifyChainedTab', () => {
    it('verifies rows as Sheets reads them back: numbers, Dates from another realm, dropped formula apostrophes, blank rows below', () => {
      const body: Rows = [['2024-03-01T10:00:00.000Z', 12, "'=SUM(A1)", 'x'], ['2024-03-02T10:00:00.000Z', -0, 'plain', '']];
      const { rows, head_hash } = chainRows(GENESIS_HASH, body, sha256);
      const read = rows.map((r) => [...r]);
      read[0]![0] = runInNewContext('new Date("2024-03-01T10:00:00.000Z")');
      read[0]![2] = '=SUM(A1)';
      read.push(['', '', '', '', '', '']);
      expect(verifyChainedTab('T', read, { rows: 2, head_hash }, sha256)).toBeNull();
    });

    it('accepts an empty tab with an empty anchor, and grows its anchor with each append', () => {
      expect(verifyChainedTab('T', [], EMPTY_ANCHOR, sha256)).toBeNull();
      const first = chainRows(GENESIS_HASH, [['a'], ['b']], sha256);
      const anchor1 = advanceAnchor(EMPTY_ANCHOR, first);
      const second = chainRows(anchor1.head_hash, [['c']], sha256);
      const anchor2 = advanceAnchor(anchor1, second);
      expect(anchor2.rows).toBe(3);
      expect(verifyChainedTab('T', [...first.rows, ...second.rows], anchor2, sha256)).toBeNull();
    });

    it('complains when a tab has rows but no anchor', () => {
      const { rows } = chainRows(GENESIS_HASH, [['a']], sha256);
      expect(verifyChainedTab('T', rows, undefined, sha256)).toMatchObject({ kind: 'anchor_mismatch', row: 2 });
    });
  });

  describe('canonicalCell', () => {
    it('turns Dates of any realm into their ISO instant and keeps numbers as numbers', () => {
      expect(canonicalCell(runInNewContext('new Date(Date.UTC(2024, 0, 2))'))).toBe('2024-01-02T00:00:00.000Z');
      expect(canonicalCell(1.5)).toBe(1.5);
      expect(canonicalCell('1.5')).toBe('1.5');
      expect(canonicalCell(undefined)).toBe('');
    });
  });

  describe('property', () => {
    const cellArb = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -1e6, max: 1e6 }));
    const tabArb = fc.array(fc.array(cellArb, { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 25 });
    const tamperArb = fc.record({
      kind: fc.constantFrom('edit', 'delete', 'insert', 'duplicate', 'swap', 'move', 'truncate', 'append'),
      at: fc.nat(), to: fc.nat(), cell: fc.nat({ max: 4 }), value: fc.string({ minLength: 1, maxLength: 5 }),
    });

    it('any single tamper of a chained tab is detected at or before the tampered row', () => {
      fc.assert(fc.property(tabArb, tamperArb, (body, t) => {
        const { rows, head_hash } = chainRows(GENESIS_HASH, body, sha256);
        const anchor = { rows: rows.length, head_hash };
        const n = rows.length;
        const at = t.at % n;
        const copy = rows.map((r) => [...r]);
        let tampered: number; // data index of the tampered row
        switch (t.kind) {
          case 'edit': {
            const cell = t.cell;
            const before = JSON.stringify(canonicalCell(copy[at]![cell]));
            copy[at]![cell] = `${String(canonicalCell(copy[at]![cell]))}${t.value}`;
            if (JSON.stringify(canonicalCell(copy[at]![cell])) === before) return;
            tampered = at;
            break;
          }
          case 'delete': copy.splice(at, 1); tampered = at; break;
          case 'insert': copy.splice(at, 0, ['x', t.value, 1, 'f'.repeat(64), 'e'.repeat(64)]); tampered = at; break;
          case 'duplicate': {
            // A copy pasted right above its original is indistinguishable from one pasted right below it.
            const source = t.to % n;
            copy.splice(at, 0, [...copy[source]!]);
            tampered = source === at ? at + 1 : at;
            break;
          }
          case 'swap': {
            const other = t.to % n;
            if (other === at) return;
            [copy[at], copy[other]] = [copy[other]!, copy[at]!];
            tampered = Math.min(at, other);
            break;
          }
          case 'move': {
            const [row] = copy.splice(at, 1);
            const to = t.to % n;
            if (to === at) return;
            copy.splice(to, 0, row!);
            tampered = Math.min(at, to);
            break;
          }
          case 'truncate': copy.splice(at); tampered = at; break;
          case 'append': copy.push(['y', t.value, 2, GENESIS_HASH, 'a'.repeat(64)]); tampered = n; break;
        }
        const problem = verifyChainedTab('T', copy, anchor, sha256);
        expect(problem).not.toBeNull();
        expect(problem!.row).toBeLessThanOrEqual(2 + tampered);
      }), { numRuns: 500 });
    });
  });
});
