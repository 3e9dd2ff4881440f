// `partner-ledger run` and what it leaves in --out: its own outputs only, this run's only; who may
// approve; which day "today" is.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MANAGER, OPS, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');
const example = (name: string) => path.join(ROOT, 'examples', name);

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-run-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** The example month, as `npm start` runs it, into `out`; `extra` overrides what follows. */
function runExample(out: string, ...extra: string[]) {
  return cli('run', '--partners', example('partners.csv'), '--conversions', example('conversions.csv'),
    '--rules', example('rules.csv'), '--fx', example('fx.csv'), '--settings', example('settings.csv'),
    '--as-of', '2026-05-31', '--user', OPS, '--out', out, ...extra);
}

const STACK = /\n\s+at /;

describe('partner-ledger run --out DIR', () => {
  it('a refused run after an approved one leaves no payout file from the earlier run', () => {
    const out = path.join(tmp, 'out');
    expect(runExample(out, '--approver', MANAGER).code).toBe(0);
    expect(fs.readdirSync(out).filter((f) => /^payout/i.test(f)).sort()).toEqual(['Payout B-20260531-1.csv', 'payout-B-20260531-1.csv']);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    fs.writeFileSync(path.join(out, 'summary.csv'), 'mine');
    const refused = runExample(out, '--approver', OPS); // who built the batch may not approve it
    expect(refused.code).toBe(1);
    const files = fs.readdirSync(out);
    expect(files.filter((f) => /^payout/i.test(f))).toEqual([]);
    const batches = fs.readFileSync(path.join(out, 'Batches.csv'), 'utf8');
    expect(batches).toMatch(/B-20260531-1,event,created,/);
    expect(batches).not.toMatch(/,event,approved,/);
    // Files a run does not write are not touched.
    expect(files).toEqual(expect.arrayContaining(['notes.txt', 'summary.csv', 'Ledger.csv']));
  });

  it('an --out that is an existing file: exit 2 before anything runs, no stack trace', () => {
    const out = path.join(tmp, 'out.csv');
    fs.writeFileSync(out, 'keep me');
    const run = runExample(out, '--approver', MANAGER);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--out must be a directory/);
    expect(run.err).not.toMatch(STACK);
    expect(run.out).toBe(''); // nothing ran
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
  });
});

describe('partner-ledger run --approver', () => {
  it('an approver Settings do not list as a manager is refused: the approver is not made the owner', () => {
    const out = path.join(tmp, 'out');
    const run = runExample(out, '--approver', 'mallory@evil.example');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/approve: refused \(NOT_PERMITTED\): mallory@evil\.example may not approve/);
    expect(fs.readFileSync(path.join(out, 'Batches.csv'), 'utf8')).not.toMatch(/,event,approved,/);
  });

  it('a manager listed in Settings approves, as in `npm start`', () => {
    const run = runExample(path.join(tmp, 'out'), '--approver', MANAGER, '--owner', 'owner@acme.example');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/approve: batch B-20260531-1 approved/);
  });
});

describe('partner-ledger --as-of', () => {
  it.each(['2026-02-30', '2026-13-01', '2026-5-31', 'yesterday'])('%s is a usage error: exit 2, nothing written', (as_of) => {
    const out = path.join(tmp, 'out');
    const run = cli('run', '--partners', example('partners.csv'), '--conversions', example('conversions.csv'), '--as-of', as_of, '--user', OPS, '--out', out);
    expect(run.code).toBe(2);
    expect(run.err).toContain(/^\d{4}-\d{2}-\d{2}$/.test(as_of) ? `--as-of ${as_of} is not a date in the calendar` : `(got "${as_of}")`);
    expect(run.err).toContain('YYYY-MM-DD');
    expect(fs.existsSync(out)).toBe(false);
  });

  it.each(['Pacific/Auckland', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'])('is the calendar date in the workbook time zone %s', (zone) => {
    const book = path.join(tmp, 'book.json');
    expect(cli('init', '--workbook', book, '--user', OPS, '--time-zone', zone).code).toBe(0);
    const balances = cli('balances', '--workbook', book, '--user', OPS, '--as-of', '2026-01-15');
    expect(balances.out).toContain('Balances as of 2026-01-15');
  });

  it('follows a time_zone set in the settings file of run', () => {
    const settings = path.join(tmp, 'settings.csv');
    fs.writeFileSync(settings, `${fs.readFileSync(example('settings.csv'), 'utf8').trimEnd()}\ntime_zone,Pacific/Kiritimati\n`);
    const run = cli('run', '--partners', example('partners.csv'), '--conversions', example('conversions.csv'), '--settings', settings,
      '--as-of', '2026-05-31', '--user', OPS, '--out', path.join(tmp, 'out'));
    expect(run.out).toContain('Balances as of 2026-05-31');
  });
});
