// The partner-ledger CLI as a user runs it: a real process on the example files.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCsv } from '../../src/core/input/csv';
import { keys, OPS, ROOT, type Finding } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');
const example = (name: string) => path.join(ROOT, 'examples', name);

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-cli-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function readCsv(file: string): string[][] {
  const parsed = parseCsv(new Uint8Array(fs.readFileSync(file)), path.basename(file));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return [parsed.headers, ...parsed.rows];
}

/** Exceptions.csv rows of one stage and tab, as findings. */
function exceptionsIn(file: string, tab: string, stage: string): Finding[] {
  const [headers, ...rows] = readCsv(file);
  const at = (name: string) => headers!.indexOf(name);
  return rows.filter((r) => r[at('stage')] === stage && r[at('tab')] === tab)
    .map((r) => ({ row: Number(r[at('row')]), column: r[at('column')]!, code: r[at('code')]! }));
}

const EXAMPLE_BAD_ROWS: Finding[] = [
  { row: 23, column: 'amount', code: 'TOO_MANY_DECIMALS' },
  { row: 24, column: 'amount', code: 'NEGATIVE_AMOUNT' },
  { row: 25, column: 'currency', code: 'UNKNOWN_CURRENCY' },
  { row: 26, column: 'date', code: 'IMPOSSIBLE_DATE' },
  { row: 27, column: 'code', code: 'BAD_CODE' },
];

describe('e2e: partner-ledger run', () => {
  it('runs the cycle on the example partners and conversions: exit 0, every tab dumped, the 5 bad rows in Exceptions', () => {
    const out = path.join(tmp, 'out');
    const run = cli('run', '--partners', example('partners.csv'), '--conversions', example('conversions.csv'),
      '--settings', example('settings.csv'), '--as-of', '2026-05-31', '--user', OPS, '--out', out);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const conversions = readCsv(path.join(out, 'Conversions.csv'));
    expect(conversions).toHaveLength(34); // header + 33 rows, none lost
    expect(conversions.slice(1).map((r) => r[0])).toContain('A-1030');
    expect(keys(exceptionsIn(path.join(out, 'Exceptions.csv'), 'Conversions', 'validate'))).toEqual(keys(EXAMPLE_BAD_ROWS));
    // row errors are reported on stderr, not fatal
    for (const bad of EXAMPLE_BAD_ROWS) expect(run.stderr).toContain(`Conversions!${bad.row}, ${bad.column}:`);
  });

  it('runs the whole example month as `npm start` does (rules, FX, settings, approver): exit 0', () => {
    const out = path.join(tmp, 'out');
    const run = cli('run', '--partners', example('partners.csv'), '--conversions', example('conversions.csv'),
      '--rules', example('rules.csv'), '--fx', example('fx.csv'), '--settings', example('settings.csv'),
      '--as-of', '2026-05-31', '--user', OPS, '--approver', 'maria.manager@acme.example', '--owner', 'owner@acme.example', '--out', out);
    expect({ code: run.code, refused: run.stderr.split('\n').filter((l) => l.includes('refused')) }).toEqual({ code: 0, refused: [] });
    expect(readCsv(path.join(out, 'Rules.csv'))).toHaveLength(4);
    expect(readCsv(path.join(out, 'FX.csv')).slice(1).map((r) => r[2])).toContain('0.006710');
    expect(keys(exceptionsIn(path.join(out, 'Exceptions.csv'), 'Conversions', 'validate'))).toEqual(keys(EXAMPLE_BAD_ROWS));
  });

  it('exits 2 without --partners and writes no out dir', () => {
    const out = path.join(tmp, 'out');
    const run = cli('run', '--conversions', example('conversions.csv'), '--as-of', '2026-05-31', '--user', OPS, '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--partners is required');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 2 on an unreadable conversions file and writes no out dir', () => {
    const out = path.join(tmp, 'out');
    const run = cli('run', '--partners', example('partners.csv'), '--conversions', path.join(ROOT, 'test/corpus/cases/unbalanced-quotes.csv'),
      '--as-of', '2026-05-31', '--user', OPS, '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Nothing was imported/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 2 on a conversions file without an amount column and writes no out dir', () => {
    const out = path.join(tmp, 'out');
    const broken = path.join(tmp, 'broken.csv');
    fs.writeFileSync(broken, 'order_id,code,date\nA-1,ADA10,2026-03-01\n');
    const run = cli('run', '--partners', example('partners.csv'), '--conversions', broken, '--as-of', '2026-05-31', '--user', OPS, '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('amount');
    expect(fs.existsSync(out)).toBe(false);
  });
});
