// The bad-input corpus: every file under test/corpus/cases is imported into an empty tab exactly as
// the CLI and sidebar would (parseCsv → planImport), and must produce exactly the errors listed in
// test/corpus/expected.json — while the valid rows of the same file are still accepted. Validating the
// tab the import wrote must then find `validated` (or, when the case has none, the same errors):
// what only the import could see (ragged lines, cut cells) is kept in the row's import_problem cell.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../../src/core/input/csv';
import { planImport, type ImportKind } from '../../../src/core/input/import-plan';
import { validateConversions, validatePartners, validateFx, validateRules } from '../../../src/core/input/validate';
import type { Cell } from '../../../src/core/model';
import { IMPORT_PROBLEM_COLUMN } from '../../../src/core/schema/tabs';
import type { Settings } from '../../../src/core/settings';
import { contextWith } from './fixtures';

interface ExpectedError { row: number; column: string; code: string; includes?: string[] }
interface Case {
  file: string;
  kind: ImportKind;
  settings?: Partial<Settings>;
  structural?: { code: string; includes?: string[] };
  errors?: ExpectedError[];
  /** Findings of Validate on the tab the import wrote, when they differ from the import's. */
  validated?: ExpectedError[];
  /** What the import_problem cell of a row must say; every other row's cell is blank. */
  import_problems?: Array<{ row: number; includes: string[] }>;
  accepted?: number;
  neutralised?: Array<{ row: number; column: string }>;
  lines?: Record<string, number>;
  info?: string[];
}

const CORPUS = join(__dirname, '..', '..', 'corpus');
const manifest = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as { as_of: string; utc_offset_hours: number; cases: Case[] };

function contextOf(c: Case) {
  return contextWith(c.settings ?? {}, manifest.as_of, manifest.utc_offset_hours);
}

function importCase(c: Case) {
  const ctx = contextOf(c);
  const bytes = new Uint8Array(readFileSync(join(CORPUS, c.file)));
  const csv = parseCsv(bytes, c.file);
  if (!csv.ok) return { structural: csv.error, plan: null };
  const plan = planImport(c.kind, { ...csv, file: c.file }, { headers: [], rows: [] }, 'imp-1', ctx);
  if (!plan.ok) return { structural: plan.error, plan: null };
  return { structural: null, plan };
}

const VALIDATORS = { partners: validatePartners, conversions: validateConversions, rules: validateRules, fx: validateFx };

/** Validates the tab an import plan wrote into an empty tab (Sheets drops the leading `'` of forced text). */
function validateWritten(c: Case, plan: { tab_headers: string[]; append: Cell[][] }) {
  const strip = (cell: Cell) => (typeof cell === 'string' && cell.startsWith("'") ? cell.slice(1) : cell);
  const table = { tab: 'Tab', headers: plan.tab_headers, rows: plan.append.map((r) => r.map(strip)), first_row: 2 };
  return VALIDATORS[c.kind](table, contextOf(c));
}

const keyOf = (e: { row: number; column: string; code: string }) => `${e.row}|${e.column}|${e.code}`;

describe('bad-input corpus', () => {
  it('has at least 60 expected findings', () => {
    const findings = manifest.cases.reduce((n, c) => n + (c.errors?.length ?? 0) + (c.structural ? 1 : 0) + (c.neutralised?.length ?? 0), 0);
    expect(findings).toBeGreaterThanOrEqual(60);
  });

  describe.each(manifest.cases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const result = importCase(c);

    if (c.structural) {
      it(`refuses the whole file with ${c.structural.code} and a message naming the problem`, () => {
        expect(result.structural?.code).toBe(c.structural!.code);
        for (const text of c.structural!.includes ?? []) expect(result.structural?.message).toContain(text);
        expect(result.structural!.message.length).toBeGreaterThan(30);
      });
      return;
    }

    it('reports exactly the expected errors (row, column, code)', () => {
      expect(result.structural).toBeNull();
      const got = result.plan!.errors.map((e) => `${e.row}|${e.column}|${e.code}`).sort();
      const want = (c.errors ?? []).map((e) => `${e.row}|${e.column}|${e.code}`).sort();
      expect(got).toEqual(want);
    });

    it('explains every error so a person can act on it', () => {
      for (const want of c.errors ?? []) {
        const e = result.plan!.errors.find((x) => x.row === want.row && x.column === want.column && x.code === want.code);
        expect(e).toBeDefined();
        expect(e!.message).toMatch(/: /); // what is wrong, then how to fix it
        for (const text of want.includes ?? []) expect(e!.message).toContain(text);
      }
    });

    it('still accepts the valid rows of the same file, and keeps every row', () => {
      const plan = result.plan!;
      expect(plan.accepted).toBe(c.accepted);
      expect(plan.accepted).toBeGreaterThan(0);
      expect(plan.append.length).toBe(plan.accepted + plan.rows_with_errors.length);
    });

    it('validating the written tab finds what Validate will list, and keeps every import-time finding', () => {
      const validation = validateWritten(c, result.plan!);
      if (!validation.ok) throw new Error(validation.error.message);
      expect(validation.errors.map(keyOf).sort()).toEqual((c.validated ?? c.errors ?? []).map(keyOf).sort());
      for (const want of c.validated ?? []) {
        const e = validation.errors.find((x) => keyOf(x) === keyOf(want));
        for (const text of want.includes ?? []) expect(e!.message).toContain(text);
      }
      // every row with an import-time error is still a row with an error
      expect(validation.rows_with_errors).toEqual(result.plan!.rows_with_errors);
    });

    it('writes in import_problem what only the import could see, and leaves it blank elsewhere', () => {
      const plan = result.plan!;
      const at = plan.tab_headers.indexOf(IMPORT_PROBLEM_COLUMN);
      expect(at).toBe(plan.tab_headers.indexOf('import_id') + 1);
      const wanted = new Map((c.import_problems ?? []).map((p) => [p.row, p.includes]));
      for (const [i, row] of plan.append.entries()) {
        const cell = String(row[at]);
        const includes = wanted.get(plan.first_row + i);
        if (includes === undefined) {
          expect(cell).toBe('');
          continue;
        }
        for (const text of includes) expect(cell).toContain(text);
        expect(cell).not.toMatch(/[\r\n]/);
        expect(cell.length).toBeLessThanOrEqual(50000);
      }
    });

    if (c.neutralised) {
      it('neutralises formula-like text in every text column', () => {
        const plan = result.plan!;
        for (const { row, column } of c.neutralised!) {
          const cell = plan.append[row - plan.first_row]![plan.tab_headers.indexOf(column)];
          expect(typeof cell).toBe('string');
          expect(cell as string).toMatch(/^'[=+\-@\t\r]/);
        }
      });
    }

    if (c.lines) {
      it('names the file line of each error', () => {
        for (const [row, line] of Object.entries(c.lines!)) {
          expect(result.plan!.errors.find((e) => e.row === Number(row))?.line).toBe(line);
        }
      });
    }

    if (c.info) {
      it('reports unused columns as information, not errors', () => {
        expect(result.plan!.info.map((i) => i.code)).toEqual(expect.arrayContaining(c.info!));
      });
    }
  });
});
