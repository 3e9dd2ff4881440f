// The workbook file on disk: a symlink is followed (one lock, written through), and a save killed
// midway leaves no temporary file behind for good.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OPS, OWNER, ROOT } from './helpers';

const BIN = path.join(ROOT, 'bin', 'partner-ledger.js');
const example = (name: string) => path.join(ROOT, 'examples', name);

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-path-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: 30000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('a symlinked --workbook', () => {
  it('is written through: the link stays a link and the real file gets the rows', () => {
    expect(cli('init', '--workbook', 'real.json', '--user', OWNER, '--settings', example('settings.csv')).code).toBe(0);
    fs.symlinkSync('real.json', path.join(tmp, 'book.json'));
    expect(cli('import', 'partners', example('partners.csv'), '--workbook', 'book.json', '--user', OPS).code).toBe(0);
    expect(fs.lstatSync(path.join(tmp, 'book.json')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(tmp, 'real.json'), 'utf8')).toContain('Ada\'s Audio Reviews');
  });

  it('is locked as the real file: a lock on real.json makes a command on book.json wait its turn', () => {
    expect(cli('init', '--workbook', 'real.json', '--user', OWNER).code).toBe(0);
    fs.symlinkSync('real.json', path.join(tmp, 'book.json'));
    fs.writeFileSync(path.join(tmp, 'real.json.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
    const busy = cli('balances', '--workbook', 'book.json', '--user', OWNER);
    expect(busy.code).toBe(1);
    expect(busy.err).toMatch(/another partner-ledger command is using book\.json/);
    expect(fs.existsSync(path.join(tmp, 'book.json.lock'))).toBe(false);
  });
});

describe('temporary files of a killed save', () => {
  it('are named by the stale-lock message and removed by the next command', () => {
    expect(cli('init', '--workbook', 'book.json', '--user', OWNER).code).toBe(0);
    const pid = deadPid();
    const temp = path.join(tmp, `.book.json.${pid}.1700000000000.tmp`);
    fs.writeFileSync(temp, '{"half": ');
    fs.writeFileSync(path.join(tmp, 'book.json.lock'), JSON.stringify({ pid, host: os.hostname(), since: new Date().toISOString() }));
    const stale = cli('balances', '--workbook', 'book.json', '--user', OWNER);
    expect(stale.code).toBe(1);
    expect(stale.err).toContain(`unfinished save(s), removed by the next command: ${temp}`);
    fs.rmSync(path.join(tmp, 'book.json.lock'));
    expect(cli('balances', '--workbook', 'book.json', '--user', OWNER).code).toBe(0);
    expect(fs.existsSync(temp)).toBe(false);
  });

  it('of a process still running are left alone', () => {
    expect(cli('init', '--workbook', 'book.json', '--user', OWNER).code).toBe(0);
    const temp = path.join(tmp, `.book.json.${process.pid}.1700000000000.tmp`);
    fs.writeFileSync(temp, '{}');
    expect(cli('balances', '--workbook', 'book.json', '--user', OWNER).code).toBe(0);
    expect(fs.existsSync(temp)).toBe(true);
  });
});
