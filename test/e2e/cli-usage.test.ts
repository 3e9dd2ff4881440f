// What the CLI says about how it is called: its usage, and the people it acts for.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OWNER, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-usage-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('partner-ledger usage', () => {
  it.each([['help'], ['--help']])('`%s` prints the usage and exits 0', (arg) => {
    const run = cli(arg);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Usage: partner-ledger <command>/);
  });

  it('a blank --user is refused up front as a missing email, before any batch lookup', () => {
    const book = path.join(tmp, 'book.json');
    expect(cli('init', '--workbook', book, '--user', OWNER).code).toBe(0);
    const run = cli('export', '--out', path.join(tmp, 'ap'), '--workbook', book, '--user', ' ');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--user is required: the email address of the person acting/);
    expect(run.err).not.toMatch(/there is no batch/);
  });
});
