// Bad input end to end through the CLI, the way a user without the sidebar meets it: every
// conversions and partners file of the corpus is imported with `partner-ledger import` into a
// workbook file set up with `init`, then validated with `partner-ledger validate`. (The same
// corpus through the add-on alone is test/e2e/corpus.test.ts; the CLI as a real process is
// test/e2e/cli.test.ts. This calls the CLI's main() in-process: the same code, without a Node
// start per case.)
//
// Structural errors: exit 2, the message names the file and what is wrong (and the headers
// found, where the manifest says so), says nothing was imported, and the workbook file is
// byte-for-byte unchanged. Row errors: exit 0, one line per bad cell on stderr in the form
// `Tab!row, column: message (value)` for exactly the expected cells, every line of the file kept
// in the tab (valid rows and bad rows alike), and Validate lists the same cells.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCsv } from '../../src/core/input/csv';
import { INPUT_TAB } from '../../src/core/input/headers';
import { main } from '../../src/local/cli';
import { CORPUS, FILE_CASES, ZONE, manifest, settingsRows, type CorpusCase } from '../corpus/manifest';
import { OPS, OWNER } from '../e2e/helpers';
import { recorder } from './support';

const figures = recorder('bad-input');

function cli(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main([...args, '--as-of', manifest.as_of], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** A workbook file set up by the owner with the case's settings (operators: ops). */
function initWorkbook(dir: string, c: CorpusCase): string {
  const settings = path.join(dir, 'settings.csv');
  const rows = [['key', 'value'], ['operators', OPS], ...settingsRows(c)];
  fs.writeFileSync(settings, rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\n'));
  const workbook = path.join(dir, 'book.workbook.json');
  const init = cli('init', '--workbook', workbook, '--user', OWNER, '--owner', OWNER, '--settings', settings, '--time-zone', ZONE);
  if (init.code !== 0) throw new Error(`init failed: ${init.err.join('\n')}`);
  return workbook;
}

/** `row|column` of each `Tab!row, column: message (value)` line about `tab`, sorted; every such line must have a message. */
function reportedCells(lines: string[], tab: string): string[] {
  const pattern = new RegExp(`^\\s*${tab}!(\\d+), ([^:]*): (.+) \\((.*)\\)$`);
  const cells: string[] = [];
  for (const line of lines) {
    const m = pattern.exec(line);
    if (!m) continue;
    expect(m[3].trim().length).toBeGreaterThan(3);
    cells.push(`${m[1]}|${m[2]}`);
  }
  return cells.sort();
}

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bad-input-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(FILE_CASES.map((c) => [c.file, c] as const))('partner-ledger import %s', (_file, c) => {
  const kind = c.kind as 'conversions' | 'partners';
  const tab = INPUT_TAB[kind];
  const file = path.join(CORPUS, c.file);

  if (c.structural) {
    it(`exits 2 saying what is wrong (${c.structural.code}), and the workbook file is unchanged`, () => {
      const workbook = initWorkbook(tmp, c);
      const before = fs.readFileSync(workbook, 'utf8');
      const run = cli('import', kind, file, '--workbook', workbook, '--user', OPS);
      figures.add('bad inputs (structural)');
      expect(run.code).toBe(2);
      const said = run.err.join('\n');
      expect(said).toContain(path.basename(c.file));
      expect(said).toMatch(/Nothing was imported/);
      for (const text of c.structural!.includes ?? []) expect(said).toContain(text);
      expect(fs.readFileSync(workbook, 'utf8')).toBe(before);
      figures.add('structural inputs refused with nothing written');
    });
    return;
  }

  it('exits 0, reports exactly the bad cells as Tab!row, column: message (value), keeps every line, and Validate lists the same cells', () => {
    const workbook = initWorkbook(tmp, c);
    const run = cli('import', kind, file, '--workbook', workbook, '--user', OPS);
    figures.add('bad inputs (row errors)');
    expect({ code: run.code, err: run.code === 0 ? [] : run.err }).toEqual({ code: 0, err: [] });
    const expected = (c.errors ?? []).map((f) => `${f.row}|${f.column}`).sort();
    expect(reportedCells(run.err, tab)).toEqual(expected);
    figures.add('bad cells reported', expected.length);

    const parsed = parseCsv(new Uint8Array(fs.readFileSync(file)), path.basename(file));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const lines = parsed.rows.filter((r) => r.some((v) => v.trim() !== '')).length;
    const out = path.join(tmp, 'out');
    expect(cli('dump', '--workbook', workbook, '--out', out).code).toBe(0);
    const dumped = parseCsv(new Uint8Array(fs.readFileSync(path.join(out, `${tab}.csv`))), `${tab}.csv`);
    if (!dumped.ok) throw new Error(dumped.error.message);
    expect(dumped.rows.filter((r) => r.some((v) => v !== ''))).toHaveLength(lines);
    figures.add('lines kept', lines);
    figures.add('valid rows kept', c.accepted ?? 0);

    const validated = cli('validate', '--workbook', workbook, '--user', OPS);
    expect(validated.code).toBe(0);
    expect(reportedCells(validated.err, tab)).toEqual((c.validated ?? c.errors ?? []).map((f) => `${f.row}|${f.column}`).sort());
  });
});
