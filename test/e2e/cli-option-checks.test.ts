// Options checked before anything runs: a bad one exits 2 with one line and writes nothing.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OPS, OWNER, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');
const example = (name: string) => path.join(ROOT, 'examples', name);

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-options-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const runArgs = (out: string) => ['run', '--partners', example('partners.csv'), '--conversions', example('conversions.csv'),
  '--as-of', '2026-05-31', '--user', OPS, '--out', out];

describe('--time-zone', () => {
  it('an unknown zone is a usage error for init and run, and nothing is written', () => {
    const book = path.join(tmp, 'tz.json');
    const init = cli('init', '--workbook', book, '--user', OWNER, '--time-zone', 'Mars/Olympus');
    expect(init.code).toBe(2);
    expect(init.err.trim().split('\n')).toEqual(['partner-ledger: --time-zone must be an IANA time zone like Europe/Berlin or America/New_York (got "Mars/Olympus"). Nothing was run.']);
    expect(fs.existsSync(book)).toBe(false);
    const out = path.join(tmp, 'out');
    expect(cli(...runArgs(out), '--time-zone', 'Mars/Olympus').code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a known zone is accepted', () => {
    expect(cli('init', '--workbook', path.join(tmp, 'b.json'), '--user', OWNER, '--time-zone', 'Europe/Berlin').code).toBe(0);
  });
});

describe('--as-of', () => {
  it('an empty --as-of is a usage error on step commands too, not today', () => {
    const book = path.join(tmp, 'h.json');
    expect(cli('init', '--workbook', book, '--user', OWNER, '--as-of', '').code).toBe(2);
    expect(fs.existsSync(book)).toBe(false);
    expect(cli('init', '--workbook', book, '--user', OWNER, '--settings', example('settings.csv')).code).toBe(0);
    const before = fs.readFileSync(book, 'utf8');
    for (const args of [['import', 'partners', example('partners.csv')], ['balances'], ['setup']]) {
      const r = cli(...args, '--workbook', book, '--user', OWNER, '--as-of', '');
      expect(r.code).toBe(2);
      expect(r.err.trim()).toBe('partner-ledger: --as-of must be a date written YYYY-MM-DD, like 2026-05-31 (got "").');
    }
    expect(fs.readFileSync(book, 'utf8')).toBe(before);
  });
});

describe('run --out and its inputs', () => {
  it('refuses, running nothing, when an input file is one the run would replace in --out', () => {
    const partners = path.join(tmp, 'Partners.csv');
    fs.copyFileSync(example('partners.csv'), partners);
    const before = fs.readFileSync(partners, 'utf8');
    const run = cli('run', '--partners', 'Partners.csv', '--conversions', example('conversions.csv'),
      '--as-of', '2026-05-31', '--user', OPS, '--out', '.');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^partner-ledger: Partners\.csv is in --out \., where run writes Partners\.csv .*Nothing was run\.\n$/);
    expect(fs.readFileSync(partners, 'utf8')).toBe(before);
    expect(fs.readdirSync(tmp)).toEqual(['Partners.csv']);
  });

  it('compares real paths: a symlink to an input in --out is refused as well', () => {
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out);
    fs.copyFileSync(example('conversions.csv'), path.join(out, 'Conversions.csv'));
    fs.symlinkSync(path.join(out, 'Conversions.csv'), path.join(tmp, 'c.csv'));
    const run = cli('run', '--partners', example('partners.csv'), '--conversions', 'c.csv', '--as-of', '2026-05-31', '--user', OPS, '--out', out);
    expect(run.code).toBe(2);
  });

  it('inputs in --out with other names are fine', () => {
    fs.copyFileSync(example('partners.csv'), path.join(tmp, 'my-partners.csv'));
    const run = cli('run', '--partners', 'my-partners.csv', '--conversions', example('conversions.csv'), '--as-of', '2026-05-31', '--user', OPS, '--out', '.');
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(tmp, 'my-partners.csv'), 'utf8')).toBe(fs.readFileSync(example('partners.csv'), 'utf8'));
  });
});

describe('a run that stops', () => {
  it('at set-up (a bad settings file) writes no tab and does not claim it did', () => {
    const settings = path.join(tmp, 'bad-settings.csv');
    fs.writeFileSync(settings, 'key,value\nbase_currency,XYZ\n');
    const out = path.join(tmp, 'out');
    const run = cli(...runArgs(out), '--settings', settings);
    expect(run.code).toBe(1);
    expect(run.out).not.toMatch(/Wrote every tab/);
    expect(run.out).toMatch(/The run stopped \(see above\) before any tab was set up; nothing written to .*out\//);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
  });

  it('later writes the tabs it has and says the run stopped', () => {
    const out = path.join(tmp, 'out');
    // The approver is no manager: approval is refused after the batch is built.
    const run = cli(...runArgs(out), '--approver', 'mallory@elsewhere.example');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/The run stopped \(see above\); wrote the 10 tab\(s\) it had to /);
    expect(fs.readdirSync(out)).not.toContain('Sheet1.csv');
  });
});
